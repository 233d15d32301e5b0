import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useApi, type Api } from '../support/api.ts';

/**
 * Every model of the BPMN Model Interchange Working Group reference set either deploys and runs to
 * an end through the API, or is refused with GF_ERR_BPMN_UNSUPPORTED_ELEMENT naming each element
 * Gridflow does not execute. The driver acts only through HTTP: it completes every task, does every
 * job, sends what the instance waits for (messages, signals) and moves the test clock to its timers.
 */
const miwgDir = join(import.meta.dirname, '..', '..', '..', 'shared', 'conformance', 'miwg');
const models = readdirSync(miwgDir).filter((name) => name.endsWith('.bpmn')).sort();

/** Models that call processes of other files of the set are deployed together with them. */
const deployedWith: Record<string, string[]> = { 'C.9.0.bpmn': ['C.9.1.bpmn', 'C.9.2.bpmn'], 'C.9.2.bpmn': ['C.9.1.bpmn'] };

/** Variables a model's conditions read, so that its gateways have a way through. */
const startVariables: Record<string, Record<string, unknown>> = {
  'C.8.0.bpmn': { approved: true, vacationApproved: true },
  'C.8.1.bpmn': { approved: true, vacationApproved: true },
};

describe('BPMN MIWG reference models', () => {
  const api = useApi(miwgDir);
  const outcome: Record<string, string> = {};

  it.each(models)('%s deploys and runs to an end, or is refused as unsupported', async (model) => {
    const resources = [model, ...(deployedWith[model] ?? [])].map((name) => ({ name, content: readFileSync(join(miwgDir, name), 'utf8') }));
    const deployed = await api.request('POST', '/api/v1/deployments', { tenantId: `miwg-${model}`, name: model, resources });
    expect(deployed.status).toBeLessThan(500);
    if (deployed.status === 400) {
      // Refused as a whole as unsupported; other problems found on the way are listed too.
      expect(deployed.body.code).toBe('GF_ERR_BPMN_UNSUPPORTED_ELEMENT');
      expect(deployed.body.details.some((detail: { code: string }) => detail.code === 'GF_ERR_BPMN_UNSUPPORTED_ELEMENT')).toBe(true);
      for (const detail of deployed.body.details) expect(detail).toMatchObject({ resource: model, code: expect.stringMatching(/^GF_ERR_BPMN_/), elementId: expect.any(String), reason: expect.any(String) });
      outcome[model] = `refused: ${[...new Set(deployed.body.details.map((d: { reason: string }) => d.reason.replace(/'[^']*'/g, '…')))].join('; ')}`;
      return;
    }
    expect(deployed.status).toBe(201);
    const ran: string[] = [];
    const own = readFileSync(join(miwgDir, model), 'utf8');
    for (const definition of deployed.body.processDefinitions.filter((d: { key: string }) => own.includes(`id="${d.key}"`))) {
      ran.push(await runToEnd(api, `miwg-${model}`, definition.key, startVariables[model] ?? {}));
    }
    outcome[model] = `ran: ${ran.join(', ')}`;
  });

  it('reports the outcome per model', () => {
    for (const model of models) console.log(`${model}: ${outcome[model] ?? 'not run'}`);
    expect(Object.keys(outcome)).toHaveLength(models.length);
  });
});

async function runToEnd(api: Api, tenantId: string, processKey: string, variables: Record<string, unknown>): Promise<string> {
  const xml = (await api.request('GET', `/api/v1/process-definitions?tenantId=${tenantId}&key=${encodeURIComponent(processKey)}`)).body[0];
  const started = await api.request('POST', '/api/v1/process-instances', { tenantId, processKey, variables });
  let rootId: string;
  if (started.status === 201) {
    rootId = started.body.id;
  } else {
    // No none start event: start it through its message, signal or timer start event.
    expect(started.body.code).toBe('GF_ERR_INSTANCE_NO_NONE_START');
    rootId = await startByEvent(api, tenantId, processKey, xml.id);
  }
  for (let round = 0; round < 200; round++) {
    const root = (await api.request('GET', `/api/v1/process-instances/${rootId}?tenantId=${tenantId}`)).body;
    if (root.state !== 'active') return `${processKey} ${root.state}`;
    expect(root.incidents).toEqual([]);
    const tree = await instanceTree(api, tenantId, rootId);
    if (await doWork(api, tenantId, tree)) continue;
    if (await sendWhatIsAwaited(api, tenantId, tree)) continue;
    throw new Error(`${processKey}: instance ${rootId} waits for nothing the driver can give: ${JSON.stringify(root.activeElementIds)}`);
  }
  throw new Error(`${processKey}: did not end within 200 rounds`);
}

async function startByEvent(api: Api, tenantId: string, processKey: string, definitionId: string): Promise<string> {
  const xml: string = (await api.request('GET', `/api/v1/process-definitions/${encodeURIComponent(definitionId)}/xml?tenantId=${tenantId}`)).body;
  const before = new Set((await api.request('GET', `/api/v1/process-instances?tenantId=${tenantId}&processKey=${encodeURIComponent(processKey)}`)).body.map((i: { id: string }) => i.id));
  const start = await api.engine.store.subscriptions.find({ tenantId, processKey, target: 'start' }).toArray();
  if (start[0]) {
    await api.request('POST', start[0].kind === 'message' ? '/api/v1/messages' : '/api/v1/signals', { tenantId, name: start[0].name });
  } else {
    await api.request('POST', '/api/v1/test-clock', { advanceMs: 400 * 24 * 3600 * 1000 });
  }
  const after = (await api.request('GET', `/api/v1/process-instances?tenantId=${tenantId}&processKey=${encodeURIComponent(processKey)}`)).body.map((i: { id: string }) => i.id);
  const id = after.find((candidate: string) => !before.has(candidate));
  if (!id) throw new Error(`${processKey} could not be started (${xml.length} bytes of XML)`);
  return id;
}

async function instanceTree(api: Api, tenantId: string, rootId: string): Promise<string[]> {
  const ids = [rootId];
  for (let i = 0; i < ids.length; i++) {
    const children = (await api.request('GET', `/api/v1/process-instances?tenantId=${tenantId}&parentInstanceId=${ids[i]}&state=active`)).body;
    ids.push(...children.map((child: { id: string }) => child.id));
  }
  return ids;
}

/** Completes every open task and job of the instances; true when anything was done. */
async function doWork(api: Api, tenantId: string, ids: string[]): Promise<boolean> {
  let done = false;
  for (const id of ids) {
    for (const task of (await api.request('GET', `/api/v1/tasks?tenantId=${tenantId}&processInstanceId=${id}`)).body) {
      const answer = await api.request('POST', `/api/v1/tasks/${task.id}/complete`, { tenantId, variables: {} });
      expect(answer.status).toBe(200);
      done = true;
    }
    for (const job of (await api.request('GET', `/api/v1/jobs?tenantId=${tenantId}&processInstanceId=${id}&state=ready`)).body) {
      const locked = (await api.request('POST', '/api/v1/jobs/fetch-and-lock', { tenantId, type: job.type, workerId: 'miwg', maxJobs: 100, lockMs: 60_000 })).body;
      for (const lockedJob of locked) {
        const answer = await api.request('POST', `/api/v1/jobs/${lockedJob.id}/complete`, { tenantId, variables: {} });
        expect(answer.status).toBe(200);
        done = true;
      }
    }
  }
  return done;
}

/** Sends the first message or signal an instance waits for, else moves the clock to its next timer. */
async function sendWhatIsAwaited(api: Api, tenantId: string, ids: string[]): Promise<boolean> {
  let nextTimer: string | undefined;
  for (const id of ids) {
    const waits = (await api.request('GET', `/api/v1/process-instances/${id}/waits?tenantId=${tenantId}`)).body;
    const message = waits.messages[0];
    if (message) {
      const answer = await api.request('POST', '/api/v1/messages', { tenantId, name: message.name, ...(message.correlationKey === null ? {} : { correlationKey: message.correlationKey }) });
      expect(answer.status).toBe(200);
      return true;
    }
    const signal = waits.signals[0];
    if (signal) {
      await api.request('POST', '/api/v1/signals', { tenantId, name: signal.name });
      return true;
    }
    const timer = waits.timers[0];
    if (timer && (nextTimer === undefined || timer.dueAt < nextTimer)) nextTimer = timer.dueAt;
  }
  if (nextTimer === undefined) return false;
  const now = (await api.request('GET', '/api/v1/test-clock')).body.now;
  await api.request('POST', '/api/v1/test-clock', nextTimer > now ? { now: nextTimer } : { advanceMs: 0 });
  return true;
}
