/** One jest run over every package; tests import workspace packages from source, so no build is needed. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/connectors', '<rootDir>/bots', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
    // cookie@2 (under fastify's inject) is ESM only; jest on Node 20 cannot require ESM, so compile it to CommonJS.
    '/node_modules/cookie/.+\\.js$': [
      '@swc/jest',
      { jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!cookie/)'],
  moduleNameMapper: {
    '^@crm-bridge/bot-([a-z]+)$': '<rootDir>/bots/$1/src/index.ts',
    '^@crm-bridge/bot-([a-z]+)/testing$': '<rootDir>/bots/$1/src/testing/index.ts',
    '^@crm-bridge/connector-([a-z0-9-]+)$': '<rootDir>/connectors/$1/src/index.ts',
    '^@crm-bridge/([a-z0-9-]+)$': '<rootDir>/packages/$1/src/index.ts',
    '^@crm-bridge/([a-z0-9-]+)/testing$': '<rootDir>/packages/$1/src/testing/index.ts',
    '^@test/(.*)$': '<rootDir>/test/$1',
  },
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
  // Jest 30 soft-deletes globals between the files of a worker; nock's interceptor then misbehaves in the
  // next nock-using file of that worker (unhandled socket errors). Keep the globals, as Jest 29 did.
  testEnvironmentOptions: { globalsCleanup: 'off' },
  maxWorkers: 2,
  // Generous: a PGlite store boots in seconds, but under two busy workers on 2 cores a test can take minutes.
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
