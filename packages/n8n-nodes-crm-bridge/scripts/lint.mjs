// Runs n8n's community-node lint rules on this package. The tools install with --ignore-scripts: the plugin's
// peer n8n-workflow@2.41 pulls isolated-vm, which builds only on Node 24, and the rules never load it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { lintTools, lintToolsDir } from './lint-tools.mjs';

const packageDir = path.resolve(import.meta.dirname, '..');
if (!existsSync(path.join(lintToolsDir, 'node_modules/@n8n/eslint-plugin-community-nodes'))) {
  mkdirSync(lintToolsDir, { recursive: true });
  writeFileSync(path.join(lintToolsDir, 'package.json'), '{"name":"n8n-lint-tools","private":true}\n');
  execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', ...lintTools], {
    cwd: lintToolsDir,
    stdio: 'inherit',
  });
}
execFileSync(path.join(lintToolsDir, 'node_modules/.bin/eslint'), ['src', 'package.json'], {
  cwd: packageDir,
  stdio: 'inherit',
});
