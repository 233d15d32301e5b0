import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureIndexes } from '../../engine/src/db/ensure-indexes.ts';
import { TimerRunner } from '../../engine/src/executor/timer-runner.ts';
import { createEngine, type GridflowEngine } from '../../engine/src/compose.ts';
import { timerBucket, timerShard } from '../../engine/src/store/timer-buckets.ts';
import { useTestDatabase } from '../support/test-database.ts';

/** Timer runners of several nodes on one database, on the real clock: who fires what, and when. */
describe('timer runners', () => {
  const database = useTestDatabase();
  let engine: GridflowEngine;
  const model = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'timed-wait.bpmn'), 'utf8');
  beforeAll(async () => {
    engine = createEngine({ database: database.current, log: () => undefined });
    await ensureIndexes(database.current);
    await engine.deployments.deploy('default', 'timed-wait', [{ name: 'timed-wait.bpmn', content: model }]);
  });
  const startDueIn = async (ms: number) => (await engine.instances.start('default', { processKey: 'timed-wait', variables: { dueAt: new Date(Date.now() + ms).toISOString() } })).id;
  const runner = (nodeId: string, log: (line: string) => void = () => undefined) => new TimerRunner(nodeId, engine.timers, engine.clock, log);
  const stateOf = async (id: string) => (await engine.store.instances.findOne({ _id: id }))?.state;
  const until = async (done: () => Promise<boolean>, ms: number) => {
    const deadline = Date.now() + ms;
    while (!(await done()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  };

  it('should fire each timer once with two nodes on the same buckets, and hand the leases back when a node stops', async () => {
    // given
    const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => startDueIn(1_500 + i * 25)));
    const a = runner('node-a');
    const b = runner('node-b');

    // when
    await Promise.all([a.start(), b.start()]);
    await until(async () => (await engine.store.instances.countDocuments({ state: 'active' })) === 0, 15_000);
    await a.stop();
    await b.stop();

    // then
    for (const id of ids) {
      const history = await engine.instances.history('default', id);
      expect(history.filter((entry) => entry.elementId === 'wait' && entry.leftAt !== null)).toHaveLength(1);
    }
    expect(a.fired + b.fired).toBe(40);
    expect(await engine.store.timerLeases.countDocuments({ owner: 'node-a' })).toBe(0);
    expect(await engine.store.timerLeases.countDocuments({ owner: 'node-b' })).toBe(0);
  });

  it('should leave a shard to the node holding its lease, and take it over once the lease has expired', async () => {
    // given a timer due at once in a shard leased by a node that has gone
    const id = await startDueIn(200);
    const timer = await engine.store.timers.findOne({ instanceId: id });
    if (!timer) throw new Error('the instance waits for its timer');
    const leaseId = `${timer.bucket}.${timerShard(timer._id)}`;
    await engine.store.timerLeases.insertOne({ _id: leaseId, bucket: timer.bucket, owner: 'node-gone', expiresAt: new Date(Date.now() + 3_000) });
    const c = runner('node-c');

    // when
    await c.start();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const whileLeased = await stateOf(id);
    await until(async () => (await stateOf(id)) === 'completed', 8_000);
    const owner = (await engine.store.timerLeases.findOne({ _id: leaseId }))?.owner;
    await c.stop();

    // then
    expect(whileLeased).toBe('active');
    expect(await stateOf(id)).toBe('completed');
    expect(owner).toBe('node-c');
  });

  it('should read a bucket that keeps a failing timer every few seconds, not every bucket since then on every poll', { timeout: 45_000 }, async () => {
    // given a timer due an hour ago whose instance cannot be decided (its definition is gone)
    const dueAt = new Date(Date.now() - 3_600_000);
    await engine.store.instances.insertOne({
      _id: 'broken', tenantId: 'default', definitionId: 'default:gone:1', processKey: 'gone', version: 1, businessKey: null, parentInstanceId: null, rootInstanceId: 'broken',
      state: 'active', rev: 1, seq: 3, tokens: [{ id: 2, elementId: 'wait', scopeId: 0, state: 'waiting' }], scopes: [{ id: 0, elementId: 'gone', variables: {} }], incidents: [],
      outbox: null, dirty: false, createdAt: dueAt, endedAt: null,
    });
    await engine.store.timers.insertOne({ _id: 'broken.2.wait.1', tenantId: 'default', instanceId: 'broken', tokenId: 2, elementId: 'wait', occurrence: 1, dueAt, bucket: timerBucket(dueAt), state: 'pending' });
    const failures: string[] = [];
    const d = runner('node-d', (line) => failures.push(line));

    // when it has caught up on the hour (720 buckets) and polls on
    await d.start();
    // (a loaded machine catches up more slowly; how many buckets it reads after is what counts)
    await until(async () => d.bucketsRead >= 720, 20_000);
    const caughtUp = d.bucketsRead;
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const later = d.bucketsRead - caughtUp;
    await d.stop();

    // then it read each bucket of the hour once, then only the buckets around now and the failing one
    expect(caughtUp).toBeGreaterThanOrEqual(720);
    expect(later).toBeLessThan(60);
    expect(failures.filter((line) => line.includes('broken.2.wait.1')).length).toBeGreaterThanOrEqual(2);
  });
});
