import { beforeAll, describe, expect, it } from 'vitest';
import { usePackApi } from '../support/packs.ts';

/** Two districts on one server, running the same pack: neither sees the other's cases, steps or figures. */
describe('tenants', () => {
  const api = usePackApi();
  const A = 'district-a';
  const B = 'district-b';
  let caseId = '';

  beforeAll(async () => {
    await api.deployPack('tcity', A);
    await api.deployPack('tcity', B);
    await api.toWorkingMonday();
    caseId = (await api.report(A, { itemCode: 'TC-0801', description: '甲区事件', gridId: 'ky-01', reporter: { personId: 'p-0008' }, source: 'patrol' })).id;
  });

  it("should keep a case out of the other tenant's lists, reads and operations", async () => {
    const own = await api.request('GET', `/api/v1/cases?tenantId=${A}`);
    expect(own.body.map((view: any) => view.id)).toEqual([caseId]);
    expect((await api.request('GET', `/api/v1/cases?tenantId=${B}`)).body).toEqual([]);
    const read = await api.request('GET', `/api/v1/cases/${caseId}?tenantId=${B}`);
    expect(read.status).toBe(404);
    expect(read.body.code).toBe('GF_ERR_CASE_NOT_FOUND');
    expect((await api.request('GET', `/api/v1/cases/${caseId}/timeline?tenantId=${B}`)).status).toBe(404);
    const operated = await api.operate(B, caseId, 'handle', { actor: 'p-0008' });
    expect(operated.status).toBe(404);
    expect((await api.caseView(A, caseId)).state).toBe('open');
  });

  it("should keep its process instance and steps out of the other tenant's engine routes", async () => {
    expect((await api.request('GET', `/api/v1/process-instances/${caseId}?tenantId=${B}`)).status).toBe(404);
    const tasksA = (await api.request('GET', `/api/v1/tasks?tenantId=${A}`)).body;
    expect(tasksA.map((task: any) => task.processInstanceId)).toContain(caseId);
    expect((await api.request('GET', `/api/v1/tasks?tenantId=${B}`)).body).toEqual([]);
    const task = tasksA.find((candidate: any) => candidate.processInstanceId === caseId);
    expect((await api.request('POST', `/api/v1/tasks/${task.id}/complete`, { tenantId: B })).status).toBe(404);
  });

  it('should count figures per tenant', async () => {
    expect((await api.request('GET', `/api/v1/figures?tenantId=${A}`)).body[0].reported).toBe(1);
    expect((await api.request('GET', `/api/v1/figures?tenantId=${B}`)).body[0].reported).toBe(0);
  });

  it('should answer a tenant without a pack with a clear error', async () => {
    const response = await api.request('GET', '/api/v1/cases?tenantId=nobody');
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('GF_ERR_TENANT_NO_PACK');
  });
});
