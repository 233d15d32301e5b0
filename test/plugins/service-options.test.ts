import { beforeAll, describe, expect, it } from 'vitest';
import { definePlugin } from '@gridflow/plugin-api';
import { JobRunner } from '../../engine/src/executor/job-runner.ts';
import { useApi } from '../support/api.ts';

/** What a plugin's service options decide: here, the attempts of a task that names none. */
describe('a service\'s own retries', () => {
  const gateway = definePlugin({
    name: 'sms-gateway', version: '1.0.0', gridflow: '*',
    setup(host) {
      host.services.register('gateway:send', async () => { throw new Error('gateway unreachable'); }, { retries: 1 });
    },
  });
  const api = useApi(import.meta.dirname, { plugins: [{ plugin: gateway, tenants: { '*': {} } }] });
  let runner: JobRunner;

  beforeAll(async () => {
    runner = new JobRunner('node-options', api.engine.jobs, api.engine.services, () => undefined);
    await api.deploy('gateway-send.bpmn');
  });

  const incidentsOf = async (id: string) => (await api.request('GET', `/api/v1/incidents?processInstanceId=${id}`)).body;

  it('should give a task that names no retries the handler\'s one attempt', async () => {
    // given
    const started = (await api.request('POST', '/api/v1/process-instances', { processKey: 'send-default-retries' })).body;

    // when its one attempt fails
    await runner.poll();

    // then
    expect(await incidentsOf(started.id)).toMatchObject([{ elementId: 'send', code: 'GF_ERR_INCIDENT_JOB_NO_RETRIES' }]);
  });

  it('should keep the retries a task names itself', async () => {
    const started = (await api.request('POST', '/api/v1/process-instances', { processKey: 'send-own-retries' })).body;

    await runner.poll();

    expect(await incidentsOf(started.id)).toEqual([]);
    const [job] = (await api.request('GET', `/api/v1/jobs?processInstanceId=${started.id}`)).body;
    expect(job).toMatchObject({ state: 'ready', retries: 2 });
  });
});
