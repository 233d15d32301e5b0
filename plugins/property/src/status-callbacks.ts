import { refused, type PluginHost, type PluginRouter } from '@gridflow/plugin-api';
import type { PropertyConfig } from './property-config.ts';

const statusBody = {
  type: 'object',
  required: ['status'],
  additionalProperties: false,
  properties: {
    tenantId: { type: 'string', minLength: 1 },
    status: { enum: ['accepted', 'completed', 'rejected'], description: 'accepted: the company took the order (受理); completed: done (result); rejected: not the company\'s to do (reason).' },
    result: { type: 'string', minLength: 1, maxLength: 2000 },
    reason: { type: 'string', minLength: 1, maxLength: 2000 },
    staff: { type: 'string', minLength: 1, maxLength: 100 },
    at: { type: 'string', format: 'date-time' },
  },
} as const;

interface Status { status: 'accepted' | 'completed' | 'rejected'; result?: string; reason?: string; staff?: string; at?: string }

/**
 * The company's status callbacks on a work order, with a service account of the role
 * `integration`: accepted (受理) signs for the case, completed answers it with the result,
 * rejected returns it with the reason. A repeat reaches nothing (`reached: false`).
 */
export function statusRoutes(host: PluginHost, router: PluginRouter): void {
  router.route<PropertyConfig>({
    method: 'POST', path: '/companies/:companyId/work-orders/:dispatchId/status', permission: 'plugins:webhook', body: statusBody,
    summary: "A property company's status of a work order: accepted, completed (result) or rejected (reason)",
    handler: async (request, ctx) => {
      const { status, result, reason, staff, at } = request.body as Status;
      if (status === 'completed' && !result) throw refused('invalid', 'a completed work order needs its result', [{ field: 'result', reason: 'required when status is completed' }]);
      if (status === 'rejected' && !reason) throw refused('invalid', 'a rejected work order needs the reason', [{ field: 'reason', reason: 'required when status is rejected' }]);
      const companyId = request.params.companyId ?? '';
      const dispatchId = request.params.dispatchId ?? '';
      const company = ctx.config.companies.find((candidate) => candidate.id === companyId);
      if (!company) throw refused('not-found', `no property company '${companyId}' in the configuration`, [{ companyId }]);
      // The order must have gone to this company (a path's ids: 404 otherwise).
      const sent = await host.records.get(ctx.tenantId, 'work-orders', dispatchId);
      if (sent?.company !== company.id) throw refused('not-found', `no work order '${dispatchId}' was opened with '${companyId}'`, [{ companyId, dispatchId }]);
      const by = staff ? `${company.name} ${staff}` : company.name;
      const when = at ? { at } : {};
      const reached = status === 'accepted'
        ? await host.partners.acknowledge(ctx.tenantId, dispatchId, { by, ...when })
        : await host.partners.answer(ctx.tenantId, dispatchId, { outcome: status === 'completed' ? 'handled' : 'returned', by, ...(result ? { result } : {}), ...(reason ? { reason } : {}), ...when });
      return { dispatchId, status, reached };
    },
  });
}
