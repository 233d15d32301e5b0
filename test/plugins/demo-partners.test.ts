import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPartners, type DemoPartners } from '../../engine/src/demo-partners.ts';
import { loadPluginConfig } from '../../engine/src/plugins/plugin-config.ts';
import { projectRoot } from '../../engine/src/config.ts';
import type { PluginEntry } from '../../engine/src/plugins/plugin-host.ts';
import { usePackApi } from '../support/packs.ts';

/**
 * `GRIDFLOW_DEMO_PARTNERS=1`: T city's demo plugins, enabled by configuration alone (the pack's
 * demo/plugins.json) against the stand-ins on this machine, run the case loop end to end over
 * real HTTP: a case to the police beat and back, a hotline order in and its progress out, a
 * notification to the grid group.
 */
describe('demo partners of T city', () => {
  const T = 'demo-partners-tcity';
  const lines: string[] = [];
  const entries: PluginEntry[] = [];
  let partners: DemoPartners | undefined;
  beforeAll(async () => {
    partners = await startDemoPartners({ packFolder: join(projectRoot, 'definitions', 'tcity'), tenantId: T, log: (line) => lines.push(line), delays: { signMs: 50, answerMs: 300 } });
    const loaded = await loadPluginConfig({ projectRoot, extra: partners?.plugins ?? [] });
    expect(loaded.unloaded).toEqual([]);
    entries.push(...loaded.entries);
  });
  const api = usePackApi({ plugins: entries });
  const saw = async (text: string) => {
    for (let waited = 0; !lines.some((line) => line.includes(text)); waited += 25) {
      if (waited > 15_000) throw new Error(`no line with '${text}'; the stand-ins said:\n${lines.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  beforeAll(async () => {
    await api.deployPack('tcity', T);
    await api.toWorkingMonday();
    const address = await api.app.listen({ port: 0, host: '127.0.0.1' });
    const account = await api.request('POST', '/api/v1/service-accounts', { tenantId: T, login: 'demo-partners', name: '演示合作方系统', roles: [{ role: 'integration' }] });
    partners?.connect(address, account.body.apiKey);
  });
  afterAll(async () => {
    await partners?.close();
  });

  it('should enable the five plugins for the demo tenant by configuration alone', async () => {
    const states = Object.fromEntries((await api.request('GET', '/api/v1/plugins')).body.map((plugin: any) => [plugin.name, [plugin.state, plugin.tenants]]));
    for (const name of ['police-beat', 'property', 'volunteers', 'hotline-12345', 'notification']) expect(states[name]).toEqual(['enabled', [T]]);
    // The service plugins' palette entries, each binding its service type.
    const templates = (await api.request('GET', '/api/v1/element-templates')).body as any[];
    for (const type of ['police-beat:dispatch', 'property:work-order', 'volunteers:offer']) {
      expect(templates.find((template) => template.id === `gridflow.${type.replace(':', '.')}`)?.properties).toEqual([{ type: 'Hidden', value: type, binding: { type: 'property', name: 'gridflow:service' } }]);
    }
  });

  it('should send a case to the police beat, hear the station sign and answer, and tell the grid group', async () => {
    const made = await api.report(T, { itemCode: 'TC-0301', description: '楼道监控损坏', gridId: 'ky-01', reporter: { personId: 'p-0008' }, source: 'patrol' });
    await saw(`网格群 ky-01：【新事件】KY 社区第一网格上报“治安隐患（楼道照明、监控盲区）”（${made.code}）`);
    expect((await api.operate(T, made.id, 'transfer', { actor: 'p-0008', toPartner: 'binhe-police-beat', toPost: 'departmentHandler', reason: '转警格' })).status).toBe(200);
    await saw(`binhe 派出所收到案件 ${made.code}`);
    const view = await api.waitForCase(T, made.id, (current) => current.operations.some((operation: any) => operation.type === 'handle'));
    expect(view.operations.find((operation: any) => operation.type === 'handle')).toMatchObject({ by: '滨河派出所 值班民警', result: '民警已到场核查处置（演示）' });
  });

  it('should offer a case to the volunteer teams, one of which takes it and reports it done', async () => {
    const made = await api.report(T, { itemCode: 'TC-0901', description: '广场有人乱扔垃圾', gridId: 'ky-01', reporter: { personId: 'p-0008' }, source: 'patrol' });
    expect((await api.operate(T, made.id, 'transfer', { actor: 'p-0008', toPartner: 'h-volunteers', toPost: 'departmentHandler', reason: '请志愿者劝导' })).status).toBe(200);
    // Both teams of the grid get it and both accept: whichever is first takes it.
    await saw(`kangyuan 志愿服务队收到派单 ${made.code}`);
    await saw(`binhe-women 志愿服务队收到派单 ${made.code}`);
    const view = await api.waitForCase(T, made.id, (current) => current.operations.some((operation: any) => operation.type === 'handle'));
    const handled = view.operations.filter((operation: any) => operation.type === 'handle');
    expect(handled).toHaveLength(1);
    expect(['康园社区志愿服务队', '滨河巾帼志愿服务队']).toContain(handled[0].by);
    expect(handled[0].result).toBe('志愿者已到场服务（演示）');
  });

  it("should take a hotline order in and tell the hotline's platform of it", async () => {
    const order = await api.request('POST', `/api/v1/plugins/hotline-12345/orders?tenantId=${T}`, { orderId: 'DEMO-0001', category: '燃气安全', content: '小区燃气味道重', gridId: 'ky-02', citizen: { name: '王女士', phone: '13800000000' } });
    expect(order.body).toMatchObject({ created: true, itemCode: 'TC-0503', gridId: 'ky-02' });
    await saw('12345 热线平台收到工单 DEMO-0001 的进度：accepted');
  });
});
