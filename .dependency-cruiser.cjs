/**
 * The architecture's one-way dependency chain, checked in CI:
 * core <- store <- (sync, profiles, desk) <- (api, queue, bots/core) <- (bots/slack, bots/telegram) <- cli.
 */
const layer = (name, path) => ({ name, path });
const layers = [
  layer('core', '^packages/core/'),
  layer('store', '^packages/store/'),
  layer('domain', '^packages/(sync|profiles|desk)/'),
  layer('services', '^packages/(api|queue)/|^bots/core/'),
  layer('adapters', '^bots/(slack|telegram)/'),
  layer('cli', '^packages/cli/'),
];
const upward = layers.flatMap((from, i) =>
  layers.slice(i + 1).map((to) => ({
    name: `no-${from.name}-to-${to.name}`,
    comment: `${from.name} must not depend on ${to.name}: dependencies point one way (ARCHITECTURE.md)`,
    severity: 'error',
    from: { path: from.path },
    to: { path: to.path },
  })),
);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'import cycles are not allowed',
      from: {},
      to: { circular: true },
    },
    ...upward,
    {
      name: 'only-through-index',
      comment: "another package's src/index.ts is its only public door",
      severity: 'error',
      from: { path: '^(packages|connectors|bots)/([^/]+)/' },
      to: {
        path: '^(packages|connectors|bots)/([^/]+)/src/',
        pathNot: ['^$1/$2/', '/src/index\\.ts$', '/src/testing/index\\.ts$'],
      },
    },
    {
      name: 'connectors-only-core-and-sync',
      comment: 'connectors depend only on core and sync (their tests may set up a store)',
      severity: 'error',
      from: { path: '^connectors/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(packages/(?!core|sync)|bots/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.test.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['require', 'node', 'default', 'types'],
    },
    moduleSystems: ['cjs', 'es6'],
  },
};
