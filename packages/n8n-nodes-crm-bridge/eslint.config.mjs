// n8n's community-node rules (the `recommended` set of @n8n/eslint-plugin-community-nodes) over the sources
// and package.json. The tools are not workspace dependencies (the plugin's peer n8n-workflow@2.41 cannot
// install on Node 20 with scripts): `npm run lint` (scripts/lint.mjs) installs them once outside the repository.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { lintToolsDir } from './scripts/lint-tools.mjs';

const tools = createRequire(path.join(lintToolsDir, 'package.json'));
const parser = tools('@typescript-eslint/parser');
const { configs } = await import(pathToFileURL(tools.resolve('@n8n/eslint-plugin-community-nodes')).href);

export default [
  { ignores: ['dist/**', 'examples/**', 'scripts/**', '**/*.test.ts', '**/*.test-support.ts'] },
  {
    ...configs.recommended,
    files: ['src/**/*.ts', 'package.json'],
    languageOptions: { parser, parserOptions: { extraFileExtensions: ['.json'] } },
    rules: {
      ...configs.recommended.rules,
      // The rule maps dist/credentials/X.js to credentials/X.ts at the package root (the starter's layout); ours
      // lives in src/ (so the repository's typecheck covers it) and the rule cannot find it. The credential
      // crmBridgeApi is this package's own: src/credentials/CrmBridgeApi.credentials.ts.
      '@n8n/community-nodes/no-credential-reuse': 'off',
    },
  },
];
