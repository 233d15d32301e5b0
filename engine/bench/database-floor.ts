import { Schema, type Model } from 'mongoose';
import type { Database } from '../src/db/database.ts';
import { ensureIndexes } from '../src/db/ensure-indexes.ts';
import { dropPushdownIndexes } from '../src/db/embedded/pushdown-indexes.ts';
import { formatRow, measure, type Measurement } from './measure.ts';

/**
 * The database floor: what single-document operations cost on this server, so that the engine's
 * figures can be read against it. Documents are shaped like the engine's: a string id, a version
 * for optimistic locking, and an indexed top-level key shared by 20 documents (a worklist).
 */
interface FloorDoc {
  _id: string;
  version: number;
  worklist: string;
  state: string;
  payload: string;
}

const PER_KEY = 20;
const payload = 'x'.repeat(200);

export interface FloorOptions {
  sizes: number[];
  concurrencies: number[];
  maxOps: number;
  maxMs: number;
  /** Measure with the pushdown indexes only (the engine's own set-up), not also without them. */
  pushdownOnly?: boolean;
}

export interface FloorResult {
  size: number;
  pushdown: boolean;
  rows: Measurement[];
}

export async function databaseFloor(database: Database, options: FloorOptions, progress: (line: string) => void): Promise<FloorResult[]> {
  const results: FloorResult[] = [];
  for (const size of options.sizes) {
    // One collection per size, kept between runs: a second run at 1 M starts at once.
    const collection = `bench_floor_${size}`;
    const schema = new Schema<FloorDoc>({ _id: String, version: Number, worklist: String, state: String, payload: String }, { versionKey: false });
    schema.index({ worklist: 1 });
    const name = `FloorDoc${size}`;
    const model = database.connection.models[name] as Model<FloorDoc> | undefined ?? database.connection.model<FloorDoc>(name, schema, collection);
    await ensureIndexes(database);
    await fill(model, size, progress);
    const variants = database.pushdown && !options.pushdownOnly ? [true, false] : [true];
    for (const pushdown of variants) {
      if (database.pushdown && !pushdown) await dropPushdownIndexes(database.pushdown, database.connection.name, collection);
      if (database.pushdown && pushdown) await ensureIndexes(database);
      await database.pushdown?.query('ANALYZE');
      progress(`measuring at ${size.toLocaleString('en-US')} documents, pushdown indexes ${pushdown ? 'on' : 'off'}`);
      results.push({ size, pushdown, rows: await measureAll(model, size, options) });
    }
    if (database.pushdown) await ensureIndexes(database);
  }
  return results;
}

/** Loads documents up to `size` (kept between runs, so a second run at 1 M starts at once). */
async function fill(model: Model<FloorDoc>, size: number, progress: (line: string) => void): Promise<void> {
  let count = await model.estimatedDocumentCount();
  const batch = 1_000;
  const started = Date.now();
  let lastReport = 0;
  while (count < size) {
    const docs: FloorDoc[] = [];
    for (let i = count; i < Math.min(size, count + batch); i++) {
      docs.push({ _id: docId(i), version: 0, worklist: `w${Math.floor(i / PER_KEY)}`, state: 'open', payload });
    }
    await model.collection.insertMany(docs as never[], { ordered: false });
    count += docs.length;
    if (Date.now() - lastReport > 2_000 || count >= size) {
      lastReport = Date.now();
      const rate = count / Math.max(1, (Date.now() - started) / 1000);
      progress(`loading ${count.toLocaleString('en-US')} / ${size.toLocaleString('en-US')} documents (${Math.round(rate).toLocaleString('en-US')}/s)`);
    }
  }
}

async function measureAll(model: Model<FloorDoc>, size: number, options: FloorOptions): Promise<Measurement[]> {
  const rows: Measurement[] = [];
  const collection = model.collection;
  const random = () => Math.floor(Math.random() * size);
  // Updates go to a sample whose versions are read beforehand, so each timed update is one command.
  const sample = await collection.find({ _id: { $in: Array.from({ length: 500 }, () => docId(random())) as never[] } }, { projection: { version: 1 } }).toArray();
  const versions = new Map(sample.map((doc) => [String(doc._id), Number(doc.version)]));
  const sampleIds = [...versions.keys()];
  let inserted = 0;
  for (const concurrency of options.concurrencies) {
    const config = { concurrency, maxOps: options.maxOps, maxMs: options.maxMs };
    rows.push(await measure('insert one', async () => {
      await collection.insertOne({ _id: `ins-${process.pid}-${Date.now()}-${inserted++}`, version: 0, worklist: 'inserted', state: 'open', payload } as never);
    }, config));
    rows.push(await measure('update by _id with version check', async (worker) => {
      // Each caller owns a slice of the sample, so no two callers race for one document's version.
      const slice = sampleIds.filter((_, index) => index % concurrency === worker);
      const id = slice[Math.floor(Math.random() * slice.length)] ?? docId(0);
      const version = versions.get(id) ?? 0;
      versions.set(id, version + 1);
      const result = await collection.updateOne({ _id: id as never, version }, { $set: { state: 'handled' }, $inc: { version: 1 } });
      if (result.modifiedCount !== 1) throw new Error(`version check failed for ${id}: the benchmark lost track of its versions`);
    }, config));
    rows.push(await measure('find by _id', async () => {
      await collection.findOne({ _id: docId(random()) as never });
    }, config));
    rows.push(await measure(`find by indexed key (${PER_KEY} docs)`, async () => {
      await collection.find({ worklist: `w${Math.floor(random() / PER_KEY)}` }).toArray();
    }, config));
    rows.push(await measure('count by indexed key', async () => {
      await collection.countDocuments({ worklist: `w${Math.floor(random() / PER_KEY)}` });
    }, config));
    const toDelete = await collection.find({ worklist: 'inserted' }, { projection: { _id: 1 } }).toArray();
    let deleted = 0;
    rows.push(await measure('delete by _id', async () => {
      const doc = toDelete[deleted++];
      if (doc) await collection.deleteOne({ _id: doc._id });
    }, { ...config, maxOps: Math.min(config.maxOps, toDelete.length) }));
  }
  await collection.deleteMany({ worklist: 'inserted' });
  return rows;
}

function docId(i: number): string {
  return `doc-${i.toString().padStart(8, '0')}`;
}

export function floorMarkdown(results: FloorResult[]): string {
  const lines = ['| documents | pushdown indexes | operation | concurrency | ops/s | p50 ms | p99 ms | ops |', '|---|---|---|---|---|---|---|---|'];
  for (const { size, pushdown, rows } of results) {
    for (const row of rows) {
      lines.push(formatRow([size.toLocaleString('en-US'), pushdown ? 'on' : 'off', row.name, row.concurrency, row.opsPerSecond, row.p50Ms, row.p99Ms, row.ops]));
    }
  }
  return lines.join('\n');
}
