import { describe, expect, it } from 'vitest';
import { bpmnError, definePlugin, failure, type PluginDefinition } from '@gridflow/plugin-api';
import { Plugins } from '../../engine/src/plugins/plugin-host.ts';
import { PluginEventHub } from '../../engine/src/plugins/plugin-events.ts';
import { ServiceRegistry } from '../../engine/src/plugins/service-registry.ts';
import { ServiceRunner } from '../../engine/src/plugins/service-runner.ts';
import { Deliveries } from '../../engine/src/plugins/deliveries.ts';

/** Installing plugins, without a database: what is refused, and why. */
function host() {
  const lines: string[] = [];
  const services = new ServiceRegistry();
  const events = new PluginEventHub((line) => lines.push(line));
  const plugins = new Plugins({ engineVersion: '0.1.0', services, events, log: (line) => lines.push(line), correlate: async () => [], cases: () => { throw new Error('no plugin of these tests reaches the cases'); },
    deliveries: new Deliveries({ store: undefined as never, clock: { now: () => new Date() }, log: (line) => lines.push(line), context: async () => { throw new Error('no plugin of these tests delivers'); } }),
    partnerService: async () => undefined,
    records: () => { throw new Error('no plugin of these tests keeps records'); },
    signedFor: async () => { throw new Error('no plugin of these tests answers for a partner'); },
    clock: { now: () => new Date() },
  });
  return { plugins, services, events, lines };
}

const plugin = (definition: Partial<PluginDefinition> & { name: string }) => definePlugin({ version: '1.0.0', gridflow: '^0.1.0', setup: () => undefined, ...definition });
const job = (type: string, tenantId = 't1') => ({ id: 'i.1', type, tenantId, processInstanceId: 'i', elementId: 'task', variables: {}, retries: 2 });
const status = (plugins: Plugins, name: string) => plugins.list().find((entry) => entry.name === name);

describe('the plugin host', () => {
  it('should refuse a plugin whose engine range this engine is not in', () => {
    // given
    const { plugins, services } = host();

    // when
    plugins.install([{ plugin: plugin({ name: 'old', gridflow: '^2.0.0', setup: (h) => h.services.register('old:task', async () => ({})) }), tenants: { t1: {} } }]);

    // then
    expect(status(plugins, 'old')).toMatchObject({ state: 'refused', reason: 'it needs engine ^2.0.0; this engine is 0.1.0' });
    expect(services.types()).toEqual([]);
  });

  it('should install a dependency first, and refuse a plugin whose dependency is missing or refused', () => {
    const { plugins } = host();

    plugins.install([
      { plugin: plugin({ name: 'sms-alerts', dependsOn: ['sms-gateway'] }), tenants: { t1: {} } },
      { plugin: plugin({ name: 'sms-gateway' }), tenants: { t1: {} } },
      { plugin: plugin({ name: 'needs-nothing-there', dependsOn: ['no-such-plugin'] }), tenants: { t1: {} } },
      { plugin: plugin({ name: 'broken', configSchema: { type: 'object', required: ['url'] } }), tenants: { t1: {} } },
      { plugin: plugin({ name: 'on-broken', dependsOn: ['broken'] }), tenants: { t1: {} } },
    ]);

    expect(status(plugins, 'sms-alerts')?.state).toBe('enabled');
    expect(status(plugins, 'needs-nothing-there')).toMatchObject({ state: 'refused', reason: "it depends on plugin 'no-such-plugin', which is not loaded" });
    expect(status(plugins, 'broken')).toMatchObject({ state: 'refused', reason: "configuration of tenant 't1' is invalid: /url must have required property 'url'" });
    expect(status(plugins, 'on-broken')).toMatchObject({ state: 'refused', reason: "it depends on plugin 'broken', which was refused" });
  });

  it('should refuse the second plugin serving a type already served, keeping none of what it registered', () => {
    const { plugins, services } = host();

    plugins.install([
      { plugin: plugin({ name: 'first', setup: (h) => h.services.register('notify', async () => ({ by: 'first' })) }), tenants: { t1: {} } },
      { plugin: plugin({ name: 'second', setup: (h) => {
        h.services.register('second:own', async () => ({}));
        h.services.register('notify', async () => ({ by: 'second' }));
      } }), tenants: { t1: {} } },
    ]);

    expect(status(plugins, 'second')).toMatchObject({ state: 'refused', reason: "setup failed: service type 'notify' is served by plugin 'first' already" });
    expect(services.types()).toEqual(['notify']);
  });

  it('should refuse a plugin whose route declares no permission, and mount the routes of one that does', () => {
    const { plugins } = host();
    const handler = async () => ({ ok: true });

    plugins.install([
      { plugin: plugin({ name: 'open-door', setup: (h) => h.routes('/hooks', (router) => router.route({ method: 'POST', path: '/in', permission: '', handler })) }), tenants: { t1: {} } },
      { plugin: plugin({ name: 'hotline', setup: (h) => h.routes('/', (router) => router.route({ method: 'POST', path: '/calls/:id', permission: 'plugins:webhook', handler })) }), tenants: { t1: { key: 'k' } } },
    ]);

    expect(status(plugins, 'open-door')).toMatchObject({ state: 'refused', reason: 'setup failed: route POST /in declares no permission' });
    expect(status(plugins, 'hotline')?.routes).toEqual([{ method: 'POST', path: '/plugins/hotline/calls/:id', permission: 'plugins:webhook' }]);
    expect(plugins.routes().map((mounted) => [mounted.url, mounted.configFor('t1'), mounted.configFor('t2')])).toEqual([['/plugins/hotline/calls/:id', { key: 'k' }, undefined]]);
  });

  it('should load a plugin named in no tenant but serve nobody with it', () => {
    const { plugins, services } = host();

    plugins.install([{ plugin: plugin({ name: 'idle', setup: (h) => h.services.register('idle:task', async () => ({})) }), tenants: {} }]);

    expect(status(plugins, 'idle')).toMatchObject({ state: 'disabled', services: ['idle:task'] });
    expect(services.serves('t1', 'idle:task')).toBe(false);
  });

  it('should refuse a plugin whose setup throws, and stop its listeners', () => {
    const { plugins, events } = host();

    plugins.install([{ plugin: plugin({ name: 'throws', setup: (h) => {
      h.events.on('task.created', () => undefined);
      throw new Error('no connection to the hotline');
    } }), tenants: { t1: {} } }]);

    expect(status(plugins, 'throws')).toMatchObject({ state: 'refused', reason: 'setup failed: no connection to the hotline' });
    expect(events.has('task.created')).toBe(false);
  });

  it('should tell a listener only the events of tenants that enable its plugin, and log a listener that fails', async () => {
    const { plugins, events, lines } = host();
    const heard: string[] = [];
    plugins.install([{ plugin: plugin({ name: 'listens', setup: (h) => h.events.on('instance.ended', (event) => {
      heard.push(event.tenantId);
      if (event.tenantId === 't1') throw new Error('notification service down');
    }) }), tenants: { t1: {} } }]);

    events.emit('instance.ended', { tenantId: 't2', processInstanceId: 'a', processKey: 'p', state: 'completed' });
    events.emit('instance.ended', { tenantId: 't1', processInstanceId: 'b', processKey: 'p', state: 'completed' });
    await new Promise((resolve) => setTimeout(resolve, 10));

    expect(heard).toEqual(['t1']);
    expect(lines).toContain("error: plugin listens: listener of 'instance.ended' failed: notification service down");
  });
});

describe('running a service handler', () => {
  const runnerOf = (services: ServiceRegistry) => new ServiceRunner({ registry: services, organisation: async () => undefined, clock: { now: () => new Date('2026-12-01T02:00:00Z') }, log: () => undefined });

  it('should give the handler its tenant\'s configuration and say how it ended', async () => {
    // given
    const { plugins, services } = host();
    plugins.install([{ plugin: plugin({ name: 'outcomes', setup: (h) => {
      h.services.register('ok', async (_job, ctx) => ({ station: ctx.config.station, at: ctx.clock.now().toISOString() }));
      h.services.register('refused', async () => { throw bpmnError('NOT_OURS', 'not our duty', { by: 'police' }); });
      h.services.register('bad-input', async () => { throw failure('no address given', { retryable: false }); });
      h.services.register('flaky', async () => { throw new Error('gateway timed out'); });
    } }), tenants: { t1: { station: 'A' }, t2: { station: 'B' } } }]);
    const runner = runnerOf(services);

    // when / then
    expect(await runner.run(job('ok', 't2'))).toEqual({ kind: 'completed', variables: { station: 'B', at: '2026-12-01T02:00:00.000Z' } });
    expect(await runner.run(job('refused'))).toEqual({ kind: 'bpmn-error', errorCode: 'NOT_OURS', message: 'not our duty', variables: { by: 'police' } });
    expect(await runner.run(job('bad-input'))).toMatchObject({ kind: 'failed', retryable: false, message: 'no address given' });
    expect(await runner.run(job('flaky'))).toMatchObject({ kind: 'failed', retryable: true, message: 'gateway timed out' });
    expect(await runner.run(job('ok', 'not-enabled'))).toBeUndefined();
  });
});
