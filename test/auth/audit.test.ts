import { beforeAll, describe, expect, it } from 'vitest';
import { usePackApi } from '../support/packs.ts';

const T = 'audit-city';
const WORKER = 'p-0008';

/** The audit: one record per state-changing call, kept even when the move after a change is cut off. */
describe('the audit (auth-api.md)', () => {
  const api = usePackApi();
  let auditor: Awaited<ReturnType<typeof signInAuditor>>;
  const signInAuditor = async () => {
    const made = await api.request('POST', '/api/v1/users', { tenantId: T, login: 'inspector', name: '审计员', password: 'inspector-password', roles: [{ role: 'auditor' }] });
    expect(made.status).toBe(201);
    return api.as(T, 'inspector', 'inspector-password');
  };
  beforeAll(async () => {
    await api.deployPack('tcity', T);
    auditor = await signInAuditor();
  });

  it("should record a report and an operation with the caller, the request, the address and the case's changes", async () => {
    const asWorker = api.as(T, WORKER);
    const reported = (await asWorker('POST', '/api/v1/cases', { tenantId: T, itemCode: 'TC-0801', description: '占道经营', gridId: 'ky-01', reporter: { personId: WORKER }, source: 'patrol' })).body;
    const handled = await asWorker('POST', `/api/v1/cases/${reported.id}/handle`, { result: '已劝离' });
    expect(handled.status).toBe(200);

    const answer = await auditor('GET', `/api/v1/audit?target=${reported.id}`);

    expect(answer.status).toBe(200);
    expect(answer.headers['x-total-count']).toBe('2');
    const [handle, report] = answer.body;
    expect(report).toMatchObject({ tenantId: T, actor: { userId: WORKER }, action: 'cases:report', target: { type: 'case', id: reported.id }, ip: '127.0.0.1' });
    expect(handle).toMatchObject({ actor: { userId: WORKER }, action: 'cases:handle', target: { type: 'case', id: reported.id } });
    expect(handle.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(handle.changes).toContainEqual({ field: 'state', before: 'open', after: handled.body.state });
    // The case view does not show where a call came from.
    expect(JSON.stringify(handled.body)).not.toContain('127.0.0.1');
  });

  it('should record the calls of other routes (a pack deployed, a user made) and filter by actor and action', async () => {
    const byAdmin = await auditor('GET', `/api/v1/audit?actor=admin&action=users:create`);
    expect(byAdmin.body).toEqual([expect.objectContaining({ actor: { userId: 'admin' }, action: 'users:create', target: { type: 'users', id: null } })]);
    const deployed = await auditor('GET', '/api/v1/audit?action=packs:deploy');
    expect(deployed.body).toHaveLength(1);
    expect(deployed.body[0]).toMatchObject({ actor: { userId: 'admin' }, tenantId: T });
    expect((await api.as(T, WORKER)('GET', '/api/v1/audit')).status).toBe(403);
  });

  it('should move an operation that a crash left in its case into the audit at the next recovery', async () => {
    const reported = (await api.report(T, { itemCode: 'TC-0801', description: '乱堆放', gridId: 'ky-02', reporter: { name: '居民', phone: '13800000000' }, source: 'resident' }));
    // As if the process stopped right after the operation's write, before its record was moved.
    const operation = { id: 'crash-urge', type: 'urge', actor: 'p-0005', at: new Date(Date.now() - 3_600_000).toISOString(), reason: '请尽快' };
    await api.engine.store.cases.updateOne({ _id: reported.id }, { $push: { operations: operation }, $set: { auditPending: true } });
    expect((await auditor('GET', `/api/v1/audit?target=${reported.id}&action=cases:urge`)).body).toEqual([]);

    await api.engine.cases.recover(0);

    const moved = (await auditor('GET', `/api/v1/audit?target=${reported.id}`)).body;
    expect(moved.map((record: { action: string }) => record.action).sort()).toEqual(['cases:report', 'cases:urge']);
    await api.engine.cases.recover(0);
    expect((await auditor('GET', `/api/v1/audit?target=${reported.id}`)).body).toHaveLength(2);
  });
});
