const { openDb } = require('@crm-bridge/store');
const { searchProfiles } = require('@crm-bridge/profiles');
(async () => {
  const db = await openDb({ url: `postgres://postgres@127.0.0.1:5432/${process.argv[2]}` });
  const rows = await db.query(`select display_name from profiles tablesample system (0.2) limit 400`);
  const out = [];
  for (const { display_name } of rows) {
    const words = display_name
      .replace(/ООО|АО|LLC|GmbH|Ltd|Inc|[«»,]/g, ' ')
      .trim()
      .split(/\s+/);
    const last = words[words.length - 1];
    const prefix = [...words.slice(0, -1), last.slice(0, Math.max(3, Math.ceil(last.length * 0.6)))].join(
      ' ',
    );
    for (const q of [display_name, prefix]) {
      const t = performance.now();
      await searchProfiles(db, q, { defaultRegion: 'RU' });
      const ms = performance.now() - t;
      out.push([ms, q]);
    }
  }
  out.sort((a, b) => b[0] - a[0]);
  for (const [ms, q] of out.slice(0, 15)) console.log(ms.toFixed(1), q);
  await db.close();
})();
