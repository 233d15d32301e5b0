import { join } from 'node:path';
import { projectRoot } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { databaseFloor, floorMarkdown } from './database-floor.ts';
import { machineLine, writeSection } from './report.ts';

/**
 * `npm run bench [-- --quick]`: prints figures and writes them to docs/benchmarks.md.
 * Uses its own embedded database in .gridflow/bench-data (kept, so large loads are paid once),
 * or MONGODB_URI when set.
 */
const quick = process.argv.includes('--quick');
const progress = (line: string) => console.log(`[bench] ${line}`);

async function main(): Promise<void> {
  const dataDir = process.env.GRIDFLOW_BENCH_DATA_DIR ?? join(projectRoot, '.gridflow', quick ? 'bench-quick-data' : 'bench-data');
  const database = await openDatabase({ mongodbUri: process.env.MONGODB_URI, dataDir, dbName: 'gridflow_bench', log: progress });
  try {
    const command = `npm run bench${quick ? ' -- --quick' : ''}`;
    const context = `Command: \`${command}\` · ${new Date().toISOString()} · ${machineLine()} · database: ${database.kind === 'embedded' ? 'embedded FerretDB v1.24.0 on PostgreSQL 16' : 'MONGODB_URI'}`;

    const floor = await databaseFloor(database, quick
      ? { sizes: [1_000, 10_000], concurrencies: [1, 32], maxOps: 300, maxMs: 1_500 }
      : { sizes: [10_000, 1_000_000], concurrencies: [1, 32], maxOps: 5_000, maxMs: 5_000 }, progress);
    const floorTable = floorMarkdown(floor);
    console.log(`\nDatabase floor\n${floorTable}\n`);
    await writeSection(quick ? 'floor-quick' : 'floor', `## Database floor${quick ? ' (quick mode)' : ''}\n\n${context}\n\nSingle-document operations on the database alone. "pushdown indexes off" drops the GIN indexes the embedded adapter creates, to show what they are for.\n\n${floorTable}`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
