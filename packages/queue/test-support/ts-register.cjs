/**
 * Lets a child process run the TypeScript sources, as jest does: `.ts` compiled by swc on require, and
 * `@crm-bridge/<name>` / `@test/<path>` mapped to the sources (jest.config.js's moduleNameMapper).
 */
const Module = require('node:module');
const path = require('node:path');
const swc = require('@swc/core');
const { addHook } = require('pirates');

const root = path.resolve(__dirname, '../../..');
const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveSources(request, ...rest) {
  const pkg = /^@crm-bridge\/([a-z0-9-]+)$/.exec(request);
  if (pkg) {
    const name = pkg[1];
    const dir = name.startsWith('bot-') ? `bots/${name.slice(4)}` : `packages/${name}`;
    return path.join(root, dir, 'src/index.ts');
  }
  if (request.startsWith('@test/'))
    return resolve.call(this, path.join(root, 'test', request.slice(6)), ...rest);
  return resolve.call(this, request, ...rest);
};
addHook(
  (code, filename) =>
    swc.transformSync(code, {
      filename,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    }).code,
  { exts: ['.ts'], ignoreNodeModules: true },
);
