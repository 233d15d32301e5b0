import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { adminHeaders, startServerProcess, useServerDatabase, type RunningServer } from '../support/server-process.ts';

/**
 * The engine as its own process under load — instances with user tasks, timers and external jobs —
 * killed with SIGKILL at random moments and started again each time, while a client drives every
 * instance to its end. Nothing acknowledged may be lost and nothing may happen twice.
 */
const KILLS = Number(process.env.GRIDFLOW_CRASH_KILLS ?? 20);
const INSTANCES = Number(process.env.GRIDFLOW_CRASH_INSTANCES ?? 200);
const model = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'crash-load.bpmn'), 'utf8');

describe('kill -9 under load', () => {
  const { env, servers, uri, dbName } = useServerDatabase('crash');
  let current: RunningServer | undefined;
  const start = async () => {
    const started = await startServerProcess(env);
    servers.push(started);
    return started;
  };

  it(`should lose no acknowledged work and duplicate none across ${KILLS} kills`, { timeout: 600_000 }, async () => {
    current = await start();
    const signedIn = await adminHeaders(current.url);
    const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any } | undefined> => {
      const base = current?.url;
      if (!base) return undefined;
      try {
        const response = await fetch(`${base}/api/v1${path}`, { method, headers: body === undefined ? signedIn : { ...signedIn, 'content-type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
        const text = await response.text();
        if (response.status >= 500) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
        return { status: response.status, body: text ? JSON.parse(text) : undefined };
      } catch (error) {
        if ((error as Error).message.includes('answered 5')) throw error;
        return undefined; // the server is down or was killed mid-request: the outcome is unknown, not acknowledged
      }
    };
    await call('POST', '/deployments', { name: 'crash-load', resources: [{ name: 'crash-load.bpmn', content: model }] });

    const started = new Map<string, string>(); // businessKey → instance id, once acknowledged
    const completedTasks = new Set<string>();
    const completedJobs = new Set<string>();
    let unknownOutcomes = 0;
    let next = 0;

    const drive = async () => {
      // Start: a key whose start was not acknowledged is looked up before it is tried again.
      for (let i = 0; i < 10 && next < INSTANCES; i++) {
        const key = `crash-${next}`;
        const existing = await call('GET', `/process-instances?businessKey=${key}`);
        if (!existing) return;
        if (existing.body.length > 0) {
          started.set(key, existing.body[0].id);
          next++;
          continue;
        }
        const answer = await call('POST', '/process-instances', { processKey: 'crash-load', businessKey: key, variables: { n: next } });
        if (!answer) { unknownOutcomes++; return; }
        started.set(key, answer.body.id);
        next++;
      }
      const tasks = await call('GET', '/tasks?elementId=handle&limit=1000');
      for (const task of tasks?.body ?? []) {
        const answer = await call('POST', `/tasks/${task.id}/complete`, { variables: { handledBy: 'worker' } });
        if (!answer) { unknownOutcomes++; return; }
        if (answer.status === 200) completedTasks.add(task.id);
      }
      const jobs = await call('POST', '/jobs/fetch-and-lock', { type: 'file-case', workerId: 'filer', maxJobs: 50, lockMs: 3_000 });
      for (const job of jobs?.body ?? []) {
        const answer = await call('POST', `/jobs/${job.id}/complete`, { variables: { filed: true } });
        if (!answer) { unknownOutcomes++; return; }
        if (answer.status === 200) completedJobs.add(job.id);
      }
    };

    // The killer: SIGKILL at a random moment, start again, twenty times, while the client drives.
    let kills = 0;
    const killer = (async () => {
      for (; kills < KILLS; kills++) {
        await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 1_200));
        const victim = current;
        current = undefined;
        victim?.child.kill('SIGKILL');
        await victim?.exited;
        current = await start();
      }
    })();
    while (kills < KILLS) {
      await drive();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await killer;

    // Then everything is driven to its end.
    const deadline = Date.now() + 180_000;
    for (;;) {
      await drive();
      const active = await call('GET', '/process-instances?state=active&limit=1');
      const probe = new MongoClient(uri);
      const dirty = await probe.db(dbName).collection('process_instances').countDocuments({ dirty: true });
      await probe.close();
      if (next >= INSTANCES && active && active.body.length === 0 && dirty === 0) break;
      if (Date.now() > deadline) throw new Error(`instances still active after the kills: ${JSON.stringify(active?.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // Exactly one instance per business key, each completed, each element entered once.
    const client = new MongoClient(uri);
    try {
      const db = client.db(dbName);
      const instances = await db.collection<{ _id: string; businessKey: string; state: string }>('process_instances').find({}).toArray();
      const keys = instances.map((instance) => instance.businessKey as string);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.length).toBe(INSTANCES);
      expect(instances.every((instance) => instance.state === 'completed')).toBe(true);
      for (const [key, id] of started) expect(instances.find((instance) => instance.businessKey === key)?._id).toBe(id);

      const history = await db.collection('history').find({}).toArray();
      const entered = new Map<string, number>();
      for (const doc of history) {
        for (const event of doc.events as { elementId: string; event: string }[]) {
          if (event.event !== 'entered') continue;
          const slot = `${doc.instanceId}/${event.elementId}`;
          entered.set(slot, (entered.get(slot) ?? 0) + 1);
        }
      }
      for (const instance of instances) {
        for (const elementId of ['reported', 'handle', 'cool-down', 'file', 'closed']) expect(entered.get(`${instance._id}/${elementId}`), `${instance.businessKey} ${elementId}`).toBe(1);
      }
      const tasks = await db.collection<{ _id: string; state: string }>('tasks').find({}).toArray();
      expect(tasks.length).toBe(INSTANCES);
      expect(tasks.every((task) => task.state === 'completed')).toBe(true);
      for (const id of completedTasks) expect(tasks.find((task) => task._id === id)?.state).toBe('completed');
      const jobs = await db.collection<{ _id: string; state: string }>('jobs').find({}).toArray();
      expect(jobs.length).toBe(INSTANCES);
      expect(jobs.every((job) => job.state === 'completed')).toBe(true);
      for (const id of completedJobs) expect(jobs.find((job) => job._id === id)?.state).toBe('completed');
      console.log(`kill -9: ${kills} kills, ${instances.length} instances each ended once, ${completedTasks.size} task and ${completedJobs.size} job completions acknowledged, ${unknownOutcomes} requests cut off by a kill`);
    } finally {
      await client.close();
    }
  });
});
