const { openDb } = require('@crm-bridge/store');
const { searchProfiles } = require('@crm-bridge/profiles');
(async () => {
  const db = await openDb({ url: `postgres://postgres@127.0.0.1:5432/${process.argv[2]}` });
  const orig = db.query.bind(db);
  const spy = { query: async (sql, params) => {
    const t = performance.now();
    const plan = await orig('EXPLAIN (ANALYZE, BUFFERS) ' + sql, params);
    console.log('----', (performance.now() - t).toFixed(1), 'ms');
    console.log(plan.map((r) => r['QUERY PLAN']).filter((l) => /actual time=\d+\.\d+\.\.(\d{2,}|[1-9])\.|Execution|Planning Time|Buffers: shared hit=\d+ read/.test(l)).join('\n'));
    return orig(sql, params);
  }, driver: db.driver, transaction: db.transaction.bind(db) };
  await searchProfiles(spy, process.argv[3], { defaultRegion: 'RU' });
  await db.close();
})();
