import type { HandlerRegistry } from '../executor/handlers.ts';
import type { PackService } from '../packs/pack-service.ts';
import type { Clock } from '../time/clock.ts';

/**
 * Service tasks that read the tenant's organisation, for processes that address people by post
 * rather than by case (a daily work log, a monthly assessment):
 *
 *   gridflow:org-people  input `post` (and optionally `gridId`: only posts held at or below that
 *                        grid, and `workingDaysOnly`: nobody on a non-working day); result
 *                        `people`, the ids of those holding the post, in pack order.
 */
export function registerOrganisationHandlers(handlers: HandlerRegistry, packs: PackService, clock: Clock): void {
  handlers.register('gridflow:org-people', async (job) => {
    const post = job.variables.post;
    if (typeof post !== 'string' || post === '') throw new Error(`job ${job.id} (gridflow:org-people) needs the input 'post'`);
    const org = await packs.organisation(job.tenantId);
    const within = typeof job.variables.gridId === 'string' ? job.variables.gridId : undefined;
    if (job.variables.workingDaysOnly === true) {
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: org.calendar.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(clock.now());
      if (!org.calendar.isWorkingDay(today)) return { variables: { people: [] } };
    }
    const people = org.allPeople()
      .filter((person) => person.posts.some((holding) => holding.post === post && (within === undefined || (holding.gridId !== undefined && org.isWithin(holding.gridId, within)))))
      .map((person) => person.id);
    return { variables: { people } };
  });
}
