import os from 'node:os';
import { migrate } from '@crm-bridge/store';
import { arg, openBenchDb } from './bench-support';
import { benchSearch } from './search-bench';

async function main(): Promise<void> {
  const size = Number(arg('size', '100000'));
  const driver = arg('driver', 'pg');
  const queries = Number(arg('queries', '300'));
  console.log(
    `search benchmark: ${size.toLocaleString('en')} profiles on ${driver}, ${queries} timed queries per kind; ` +
      `${os.cpus().length} cores; node ${process.version}`,
  );
  const { db, cleanup } = await openBenchDb(driver, { keep: process.argv.includes('--keep') });
  try {
    await migrate(db);
    await benchSearch(db, {
      profiles: size,
      queries,
      log: (line) => console.log(line),
      showMisses: process.argv.includes('--show-misses'),
    });
    console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  } finally {
    await cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
