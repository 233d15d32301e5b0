import { describe, expect, it } from 'vitest';
import { Schema } from 'mongoose';
import { ensureIndexes } from '../../engine/src/db/ensure-indexes.ts';
import { useTestDatabase } from '../support/test-database.ts';

const sampleSchema = new Schema({ _id: String, worklist: String, dueBucket: Number, tenantId: String, nested: { owner: String } });
sampleSchema.index({ worklist: 1 });
sampleSchema.index({ tenantId: 1, dueBucket: 1 });
sampleSchema.index({ 'nested.owner': 1 });

describe('ensureIndexes', () => {
  const database = useTestDatabase();

  it('should create every declared index', async () => {
    const model = database.current.connection.model('Sample', sampleSchema, 'samples');

    await ensureIndexes(database.current);
    await ensureIndexes(database.current); // a second run changes nothing and does not fail

    const keys = (await model.collection.indexes()).map((index) => index.key);
    expect(keys).toEqual(expect.arrayContaining([{ _id: 1 }, { worklist: 1 }, { tenantId: 1, dueBucket: 1 }, { 'nested.owner': 1 }]));
  });

  it.runIf(!process.env.MONGODB_URI)('should create pushdown indexes for top-level keys only, and equality queries should use them', async () => {
    const pool = database.current.pushdown;
    if (!pool) throw new Error('the embedded server provides a pushdown pool');
    const model = database.current.connection.models.Sample ?? database.current.connection.model('Sample', sampleSchema, 'samples');
    await ensureIndexes(database.current);
    const schema = database.current.connection.name;
    const indexDefinitions = async () => (await pool.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname LIKE 'gf_pd_%'`, [schema])).rows;

    const definitions = (await indexDefinitions()).map((row) => row.indexdef);
    for (const field of ['_id', 'worklist', 'tenantId', 'dueBucket']) {
      expect(definitions.some((definition) => definition.includes(`'${field}'::text`) && definition.includes('jsonb_path_ops'))).toBe(true);
    }
    expect(definitions.some((definition) => definition.includes('nested'))).toBe(false);

    // when PostgreSQL plans the statement FerretDB sends for an equality filter (seen in its log:
    // a prepared `_jsonb->$1 @> $2`, planned per execution because of force_custom_plan)
    await model.insertMany(Array.from({ length: 2_000 }, (_, i) => ({ _id: `s${i}`, worklist: `w${i % 200}`, tenantId: 't', dueBucket: i })));
    await pool.query('ANALYZE');
    const table = (await pool.query<{ tbl: string }>(`SELECT _jsonb ->> 'table' AS tbl FROM "${schema}"._ferretdb_database_metadata WHERE _jsonb ->> '_id' = 'samples'`)).rows[0]?.tbl;
    const client = await pool.connect();
    try {
      await client.query(`PREPARE ferretdb_equality(text, jsonb) AS SELECT _jsonb FROM "${schema}"."${table}" WHERE _jsonb->$1 @> $2`);
      const plan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE ferretdb_equality('worklist', '"w7"')`)).rows.map((row) => row['QUERY PLAN']).join('\n');

      // then it is served by the pushdown index, not a scan of the table
      expect(plan).toMatch(/Index Scan on gf_pd_/);
      expect(plan).not.toMatch(/Seq Scan/);
    } finally {
      client.release();
    }
    expect(await model.countDocuments({ worklist: 'w7' })).toBe(10);
  });
});
