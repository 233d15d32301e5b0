import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { adminHeaders, startServerProcess, useServerDatabase, type RunningServer } from '../support/server-process.ts';

/**
 * Three engine processes on one database, 1,000 timers falling due within a few seconds: each fires
 * exactly once, and when one node is killed midway the others take its timers over.
 */
const TIMERS = Number(process.env.GRIDFLOW_NODES_TIMERS ?? 1_000);
const model = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'timed-wait.bpmn'), 'utf8');

describe('several engine nodes on one database', () => {
  const { env, servers: nodes, uri, dbName } = useServerDatabase('nodes');

  it(`should fire each of ${TIMERS} timers exactly once across three nodes, one of them killed`, { timeout: 600_000 }, async () => {
    nodes.push(...await Promise.all([1, 2, 3].map(() => startServerProcess(env))));
    const [a, b, c] = nodes;
    if (!a || !b || !c) throw new Error('three nodes');
    const signedIn = await adminHeaders(a.url);
    const post = async (node: RunningServer, path: string, body: unknown) => {
      const response = await fetch(`${node.url}/api/v1${path}`, { method: 'POST', headers: { ...signedIn, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return response.json() as Promise<any>;
    };
    await post(a, '/deployments', { name: 'timed-wait', resources: [{ name: 'timed-wait.bpmn', content: model }] });

    // Started through all three nodes, all due within a window of about four seconds after the last start.
    const startsDone = Date.now() + 60_000;
    const firstDue = startsDone + 5_000;
    let started = 0;
    await Promise.all(Array.from({ length: 24 }, async (_, worker) => {
      while (started < TIMERS) {
        const n = started++;
        const dueAt = new Date(firstDue + (n % 400) * 10).toISOString();
        await post(nodes[worker % 3] ?? a, '/process-instances', { processKey: 'timed-wait', businessKey: `t-${n}`, variables: { dueAt } });
      }
    }));
    expect(Date.now()).toBeLessThan(firstDue);

    // Node B dies just as the timers fall due.
    await new Promise((resolve) => setTimeout(resolve, firstDue - Date.now() + 1_500));
    b.child.kill('SIGKILL');
    await b.exited;

    const client = new MongoClient(uri);
    try {
      const db = client.db(dbName);
      const deadline = Date.now() + 180_000;
      // Done when every instance has ended and no follow-up work is left (the killed node's is
      // finished by the others' recovery sweep).
      while ((await db.collection('process_instances').countDocuments({ state: 'active' })) > 0 || (await db.collection('process_instances').countDocuments({ dirty: true })) > 0) {
        if (Date.now() > deadline) throw new Error('timers were not all fired after a node was killed');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const instances = await db.collection('process_instances').find({}, { projection: { state: 1 } }).toArray();
      expect(instances).toHaveLength(TIMERS);
      expect(instances.every((instance) => instance.state === 'completed')).toBe(true);
      const fired = new Map<string, number>();
      for (const doc of await db.collection('history').find({}).toArray()) {
        for (const event of doc.events as { elementId: string; event: string }[]) {
          if (event.elementId === 'wait' && event.event === 'left') fired.set(String(doc.instanceId), (fired.get(String(doc.instanceId)) ?? 0) + 1);
        }
      }
      expect(fired.size).toBe(TIMERS);
      expect([...fired.values()].every((count) => count === 1)).toBe(true);
      expect(await db.collection('timers').countDocuments({})).toBe(0);
      console.log(`several nodes: ${TIMERS} timers fired exactly once by three nodes, one killed as they fell due`);
    } finally {
      await client.close();
    }
  });
});
