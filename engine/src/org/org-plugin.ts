import { definePlugin, failure, type GridflowPlugin } from '@gridflow/plugin-api';

/**
 * Service tasks that read the tenant's organisation, for processes that address people by post
 * rather than by case (a daily work log, a monthly assessment). The engine's own plugin, enabled
 * for every tenant, written only against the published plugin API:
 *
 *   gridflow:org-people  input `post` (and optionally `gridId`: only posts held at or below that
 *                        grid, and `workingDaysOnly`: nobody on a non-working day); result
 *                        `people`, the ids of those holding the post, in pack order.
 */
export function organisationPlugin(engineVersion: string): GridflowPlugin {
  return definePlugin({
    name: 'gridflow-organisation',
    version: engineVersion,
    gridflow: engineVersion,
    setup(host) {
      host.services.register('gridflow:org-people', async (job, { org, clock }) => {
        const post = job.variables.post;
        if (typeof post !== 'string' || post === '') throw failure(`job ${job.id} (gridflow:org-people) needs the input 'post'`, { retryable: false });
        // A pack may still be on its way: the job waits and tries again.
        if (!org) throw failure(`tenant '${job.tenantId}' has no pack deployed`, { retryable: true });
        if (job.variables.workingDaysOnly === true && !org.calendar.isWorkingDay(org.calendar.dateOf(clock.now()))) return { people: [] };
        const within = typeof job.variables.gridId === 'string' ? job.variables.gridId : undefined;
        return { people: org.holders(post, within).map((person) => person.id) };
      });
    },
  });
}
