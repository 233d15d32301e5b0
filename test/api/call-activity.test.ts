import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApi } from '../support/api.ts';

describe('call activities through the HTTP API', () => {
  const api = useApi(join(import.meta.dirname, '..', 'fixtures'));
  beforeAll(async () => {
    await api.deploy('call-activity.bpmn');
  });
  const startCase = async () => (await api.request('POST', '/api/v1/process-instances', { processKey: 'street-case', businessKey: 'case-77', variables: { caseCode: 'C-77', secret: 'not for them' } })).body;
  const childOf = async (parentId: string) => (await api.request('GET', `/api/v1/process-instances?parentInstanceId=${parentId}`)).body[0];
  const taskOf = async (instanceId: string) => (await api.request('GET', `/api/v1/tasks?processInstanceId=${instanceId}`)).body[0];

  it('should pass only the mapped variables in and out, and go on when the called instance ends', async () => {
    const parent = await startCase();
    expect(parent.activeElementIds).toEqual(['ask-department']);
    const child = await childOf(parent.id);
    expect(child).toMatchObject({ processKey: 'department-handling', parentInstanceId: parent.id, rootInstanceId: parent.id, businessKey: 'case-77', variables: { caseCode: 'C-77' } });
    expect(child.variables.secret).toBeUndefined();

    await api.request('POST', `/api/v1/tasks/${(await taskOf(child.id)).id}/complete`, { variables: { answer: 'done', internalNote: 'x' } });

    const after = (await api.request('GET', `/api/v1/process-instances/${parent.id}`)).body;
    expect(after.activeElementIds).toEqual(['close']);
    expect(after.variables).toMatchObject({ departmentAnswer: 'done' });
    expect(after.variables.internalNote).toBeUndefined();
    expect((await api.request('GET', `/api/v1/process-instances/${child.id}`)).body.state).toBe('completed');
  });

  it('should catch a BPMN error from the called instance on the call activity and cancel the called instance', async () => {
    const parent = await startCase();
    const child = await childOf(parent.id);

    await api.request('POST', `/api/v1/tasks/${(await taskOf(child.id)).id}/complete`, { variables: { answer: 'refused' } });

    expect((await api.request('GET', `/api/v1/process-instances/${parent.id}`)).body.activeElementIds).toEqual(['reassign']);
    expect((await api.request('GET', `/api/v1/process-instances/${child.id}`)).body.state).toBe('cancelled');
  });

  it('should raise a call-failed incident on the call activity when the called process cannot start', async () => {
    // given a called process that starts only by message
    await api.deploy('call-without-none-start.bpmn');

    // when
    const caller = (await api.request('POST', '/api/v1/process-instances', { processKey: 'asks-hotline' })).body;

    // then
    const incidents = (await api.request('GET', `/api/v1/incidents?processInstanceId=${caller.id}`)).body;
    expect(incidents).toMatchObject([{ elementId: 'call-hotline', code: 'GF_ERR_INCIDENT_CALL_FAILED' }]);
  });

  it('should cancel the called instance with its caller', async () => {
    const parent = await startCase();
    const child = await childOf(parent.id);

    await api.request('POST', `/api/v1/process-instances/${parent.id}/cancel`, {});

    expect((await api.request('GET', `/api/v1/process-instances/${child.id}`)).body.state).toBe('cancelled');
    expect(await taskOf(child.id)).toBeUndefined();
  });

  it('should refuse to deploy a call to an unknown process', async () => {
    const xml = `<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
      <bpmn:process id="caller"><bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="c"/><bpmn:callActivity id="c" calledElement="nowhere"/></bpmn:process></bpmn:definitions>`;

    const response = await api.request('POST', '/api/v1/deployments', { resources: [{ name: 'caller.bpmn', content: xml }] });

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'GF_ERR_BPMN_UNKNOWN_CALLED_PROCESS', details: [{ resource: 'caller.bpmn', elementId: 'c' }] });
  });
});
