import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { projectRoot } from '../../engine/src/config.ts';
import { createEngine, type GridflowEngine } from '../../engine/src/compose.ts';
import { buildApp } from '../../engine/src/http/app.ts';
import { TEST_ADMIN_PASSWORD, TEST_JWT_SECRET } from '../support/api.ts';
import { ensureIndexes } from '../../engine/src/db/ensure-indexes.ts';
import { JobRunner } from '../../engine/src/executor/job-runner.ts';
import { loadPluginConfig } from '../../engine/src/plugins/plugin-config.ts';
import { TestClock } from '../../engine/src/time/clock.ts';
import { useTestDatabase } from '../support/test-database.ts';
import { packFiles } from '../support/packs.ts';

/**
 * A department plugin added the way an integrator adds one: a package written outside engine/,
 * named in a configuration file, enabled for one tenant. Nothing of the engine is touched.
 */
const policePlugin = `
import { definePlugin, failure } from '@gridflow/plugin-api';

export default definePlugin({
  name: 'police-beat',
  version: '1.2.0',
  gridflow: '>=0.1.0',
  configSchema: {
    type: 'object',
    required: ['station'],
    properties: { station: { type: 'string', minLength: 1 }, urgentWithin: { type: 'integer', minimum: 1 } },
    additionalProperties: false,
  },
  setup(host) {
    host.services.register('police:dispatch', async (job, ctx) => {
      const gridId = job.variables.gridId;
      if (typeof gridId !== 'string') throw failure('the case names no grid', { retryable: false });
      const grid = ctx.org?.grid(gridId);
      ctx.log.info('dispatched', { gridId });
      return { dispatchedTo: ctx.config.station, gridName: grid?.name ?? null, street: grid ? ctx.org.path(gridId)[2] : null, dispatchedAt: ctx.clock.now().toISOString() };
    });
    host.templates.add({ id: 'police-beat.dispatch', name: '派警 (派出所)', appliesTo: ['bpmn:ServiceTask'], properties: [] });
    // The police system reports back: the waiting process goes on.
    host.routes('/', (router) => router.route({
      method: 'POST', path: '/reports', permission: 'plugins:webhook',
      body: { type: 'object', required: ['caseRef', 'outcome'], properties: { caseRef: { type: 'string' }, outcome: { type: 'string' } } },
      handler: async (request, ctx) => {
        const { caseRef, outcome } = request.body as { caseRef: string; outcome: string };
        const reached = await host.messages.correlate({ tenantId: ctx.tenantId, messageName: 'police-report', correlationKey: caseRef, variables: { policeOutcome: outcome, station: ctx.config.station } });
        return { reached };
      },
    }));
  },
});
`;

/** A plugin whose tenant configuration breaks its schema: refused, the others load. */
const badConfigPlugin = `
import { definePlugin } from '@gridflow/plugin-api';
export default definePlugin({
  name: 'property-company',
  version: '0.3.0',
  gridflow: '*',
  configSchema: { type: 'object', required: ['apiKey'], properties: { apiKey: { type: 'string' } } },
  setup(host) { host.services.register('property:notify', async () => ({})); },
});
`;

function writePackage(dir: string, name: string, source: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', main: 'index.ts' }));
  writeFileSync(join(dir, 'index.ts'), source);
}

describe('plugins named in configuration', () => {
  const database = useTestDatabase();
  // Inside the project (so '@gridflow/plugin-api' resolves as from any package here), outside engine/.
  const dir = join(projectRoot, '.gridflow', 'test-plugins', randomUUID());
  const clock = new TestClock();
  let engine: GridflowEngine;
  let app: FastifyInstance;
  let authorization = '';
  const lines: string[] = [];

  beforeAll(async () => {
    writePackage(join(dir, 'police-beat'), 'gridflow-plugin-police-beat', policePlugin);
    writePackage(join(dir, 'property-company'), 'gridflow-plugin-property-company', badConfigPlugin);
    writeFileSync(join(dir, 'gridflow.config.json'), JSON.stringify({
      plugins: [
        { from: './police-beat', tenants: { default: { station: '滨河派出所' } } },
        { from: './property-company', tenants: { default: { apiKey: 42 } } },
        { from: 'gridflow-plugin-that-is-not-installed', tenants: { default: {} } },
      ],
    }));
    const loaded = await loadPluginConfig({ file: join(dir, 'gridflow.config.json'), projectRoot });
    engine = createEngine({ database: database.current, clock, plugins: loaded.entries, unloaded: loaded.unloaded, log: (line) => lines.push(line) });
    await ensureIndexes(database.current);
    await engine.auth.ensurePlatformAdmin(TEST_ADMIN_PASSWORD);
    app = await buildApp({ engine, testClock: true, secret: TEST_JWT_SECRET });
    const signedIn = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { tenantId: 'default', login: 'admin', password: TEST_ADMIN_PASSWORD } });
    authorization = `Bearer ${signedIn.json().accessToken}`;
  });
  afterAll(async () => {
    await app?.close();
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const request = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const response = await app.inject({ method, url, headers: { authorization }, ...(body === undefined ? {} : { payload: body as object }) });
    return { status: response.statusCode, body: response.json() };
  };
  const deployProcess = (tenantId: string) => request('POST', '/api/v1/deployments', {
    tenantId, name: 'police', resources: [{ name: 'police-dispatch.bpmn', content: readFileSync(join(import.meta.dirname, 'police-dispatch.bpmn'), 'utf8') }],
  });

  it('should list the engine\'s own plugins, the enabled one, and each refused one with its reason', async () => {
    const { status, body } = await request('GET', '/api/v1/plugins');

    expect(status).toBe(200);
    const byName = Object.fromEntries(body.map((plugin: any) => [plugin.name, plugin]));
    expect(byName['gridflow-cases']).toMatchObject({ state: 'enabled', tenants: ['*'], services: expect.arrayContaining(['gridflow:case-overdue', 'gridflow:case-close']) });
    expect(byName['gridflow-organisation']).toMatchObject({ state: 'enabled', services: ['gridflow:org-people'] });
    expect(byName['police-beat']).toMatchObject({
      state: 'enabled', version: '1.2.0', from: './police-beat', tenants: ['default'], services: ['police:dispatch'], templates: ['police-beat.dispatch'],
      routes: [{ method: 'POST', path: '/plugins/police-beat/reports', permission: 'plugins:webhook' }],
    });
    expect(byName['property-company']).toMatchObject({ state: 'refused', services: [] });
    expect(byName['property-company'].reason).toContain("tenant 'default'");
    expect(byName['property-company'].reason).toContain('/apiKey');
    expect(byName['gridflow-plugin-that-is-not-installed']).toMatchObject({ state: 'refused', reason: expect.stringContaining('could not be loaded') });
    expect(lines.some((line) => line.includes('property-company refused'))).toBe(true);
  });

  it('should serve the enabled plugin\'s element templates only', async () => {
    const { status, body } = await request('GET', '/api/v1/element-templates');

    expect(status).toBe(200);
    expect(body.map((template: any) => template.id)).toEqual(['police-beat.dispatch']);
  });

  it('should run the plugin\'s service task in a deployed process, with its tenant\'s organisation, clock and configuration', async () => {
    // given the T city pack on the tenant that enables the plugin, and the process deployed
    const pack = await request('POST', '/api/v1/packs', { tenantId: 'default', files: packFiles('tcity') });
    expect(pack.status).toBe(201);
    expect((await deployProcess('default')).status).toBe(201);
    const started = await request('POST', '/api/v1/process-instances', { tenantId: 'default', processKey: 'police-dispatch', variables: { gridId: 'fukang-01', caseRef: 'C-1' } });

    // when the node's job runner takes the job
    const ran = await new JobRunner('node-plugins', engine.jobs, engine.services, () => undefined).poll();

    // then
    expect(ran).toBe(1);
    const instance = await request('GET', `/api/v1/process-instances/${started.body.id}?tenantId=default`);
    expect(instance.body).toMatchObject({
      state: 'active', activeElementIds: ['police-report'],
      variables: { dispatchedTo: '滨河派出所', gridName: '福康社区第一网格', street: 'beicheng-street', dispatchedAt: clock.now().toISOString() },
    });
    expect(lines.some((line) => line.includes('plugin police-beat: dispatched {"gridId":"fukang-01"}'))).toBe(true);
  });

  it('should serve the plugin\'s inbound route to the tenant that enables it, and carry its report into the waiting process', async () => {
    // given the instance of the test before, waiting for the beat's report
    const [waiting] = (await request('GET', '/api/v1/process-instances?tenantId=default&processKey=police-dispatch')).body;

    // when the police system calls the plugin's route
    const missing = await request('POST', '/api/v1/plugins/police-beat/reports?tenantId=default', { caseRef: 'C-1' });
    const elsewhere = await request('POST', '/api/v1/plugins/police-beat/reports?tenantId=other', { caseRef: 'C-1', outcome: '已出警' });
    const reported = await request('POST', '/api/v1/plugins/police-beat/reports?tenantId=default', { caseRef: 'C-1', outcome: '已出警' });

    // then
    expect(missing).toMatchObject({ status: 400, body: { code: 'GF_ERR_REQUEST_INVALID' } });
    expect(elsewhere).toMatchObject({ status: 409, body: { code: 'GF_ERR_PLUGIN_NOT_ENABLED' } });
    expect(reported).toMatchObject({ status: 200, body: { reached: [waiting.id] } });
    const after = await request('GET', `/api/v1/process-instances/${waiting.id}?tenantId=default`);
    expect(after.body).toMatchObject({ state: 'completed', variables: { policeOutcome: '已出警', station: '滨河派出所' } });
  });

  it('should leave the job to external workers in a tenant that does not enable the plugin', async () => {
    // given
    expect((await deployProcess('other')).status).toBe(201);
    const started = await request('POST', '/api/v1/process-instances', { tenantId: 'other', processKey: 'police-dispatch', variables: { gridId: 'g1' } });

    // when
    const ran = await new JobRunner('node-plugins', engine.jobs, engine.services, () => undefined).poll();
    const fetched = await request('POST', '/api/v1/jobs/fetch-and-lock', { tenantId: 'other', type: 'police:dispatch', workerId: 'external-worker', maxJobs: 5, lockMs: 10_000 });

    // then
    expect(ran).toBe(0);
    expect(fetched.status).toBe(200);
    expect(fetched.body.map((job: any) => job.processInstanceId)).toEqual([started.body.id]);
  });
});
