import { definePlugin, serviceTemplate } from '@gridflow/plugin-api';
import { configSchema, type PoliceBeatConfig } from './police-config.ts';
import { dispatch } from './dispatch.ts';
import { stationRoutes } from './station-answers.ts';

/**
 * Police beat (网格+警格, T city): a case given to a police beat whose station system is
 * connected is posted to the station covering the case's grid; the station signs for it and
 * answers — handled with a result, or returned with a reason — back into the waiting process.
 * The time limit and its escalation are the process's (the beat's level in the pack's ladder).
 */
export default definePlugin<PoliceBeatConfig>({
  name: 'police-beat',
  version: '0.1.0',
  gridflow: '>=0.1.0',
  configSchema,
  setup(host) {
    // A station down for a while: retried with backoff (the task may name its own), then an incident.
    host.services.register<PoliceBeatConfig>('police-beat:dispatch', (job, ctx) => dispatch(host, job, ctx), { retries: 5, backoff: 2_000, lockMs: 30_000 });
    host.routes('/', (router) => stationRoutes(host, router));
    host.templates.add(serviceTemplate({
      type: 'police-beat:dispatch', name: '推送派出所（网格+警格）',
      description: 'Sends the case to the police station covering its grid; follow it with receive tasks for partner-system-ack and partner-system-answer.',
    }));
  },
});
