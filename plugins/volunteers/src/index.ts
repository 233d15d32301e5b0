import { definePlugin, failure, serviceTemplate } from '@gridflow/plugin-api';
import { configSchema, type VolunteersConfig } from './volunteer-config.ts';
import { offer, sendOffer } from './offers.ts';
import { offerRoutes } from './offer-answers.ts';

/**
 * Volunteers and social organisations on purchased-service contracts (志愿服务, 政府购买服务): a
 * case given to the volunteer partner is offered to every team contracted for its item; the first
 * team to accept takes it, reports it done with each volunteer's hours, and a monthly summary per
 * organisation backs the contract's payment.
 */
export default definePlugin<VolunteersConfig>({
  name: 'volunteers',
  version: '0.1.0',
  gridflow: '>=0.1.0',
  configSchema,
  setup(host) {
    host.services.register<VolunteersConfig>('volunteers:offer', (job, ctx) => offer(host, job, ctx), { retries: 3, backoff: 1_000 });
    host.deliveries.define<VolunteersConfig, { team: string; offer: Record<string, unknown> }>('offer', async (delivery, ctx) => {
      const team = ctx.config.teams.find((candidate) => candidate.id === delivery.payload.team);
      if (!team) throw failure(`team '${delivery.payload.team}' is no longer configured`, { retryable: false });
      await sendOffer(team.url, { ...delivery.payload.offer, team: team.id });
    });
    host.routes('/', (router) => offerRoutes(host, router));
    host.templates.add(serviceTemplate({
      type: 'volunteers:offer', name: '派单给志愿服务队',
      description: 'Offers the case to the volunteer teams contracted for its item; follow it with receive tasks for partner-system-ack (accepted) and partner-system-answer (done).',
    }));
  },
});
