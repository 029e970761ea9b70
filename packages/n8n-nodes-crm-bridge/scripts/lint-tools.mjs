import os from 'node:os';
import path from 'node:path';

/** Where n8n's lint tools are installed: outside the repository, so no workspace or lockfile sees them. */
export const lintToolsDir = process.env.N8N_LINT_TOOLS ?? path.join(os.tmpdir(), 'n8n-nodes-crm-bridge-lint');

/** The versions n8n's community-node lint needs (eslint is pinned by the plugin's peer dependency). */
export const lintTools = [
  'eslint@9.29.0',
  '@n8n/eslint-plugin-community-nodes@0.32.0',
  '@typescript-eslint/parser@8',
  'typescript@5.9',
];
