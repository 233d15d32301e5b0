import type { OrgGrid, OrgPerson, TenantOrganisation } from '@gridflow/plugin-api';
import type { Organisation } from './organisation.ts';

const views = new WeakMap<Organisation, TenantOrganisation>();

/** The organisation as plugins read it (one view per pack version, made once). */
export function organisationView(org: Organisation): TenantOrganisation {
  const known = views.get(org);
  if (known) return known;
  const view: TenantOrganisation = {
    pack: { name: org.manifest.name, title: org.manifest.title, levels: [...org.manifest.levels] },
    grids: () => org.allGrids(),
    grid: (id) => org.grid(id),
    path: (id) => org.path(id),
    isWithin: (id, ancestorId) => org.isWithin(id, ancestorId),
    locate: (lng, lat): OrgGrid | undefined => org.locate(lng, lat),
    posts: () => org.content.posts,
    people: () => org.allPeople(),
    person: (id) => org.person(id),
    // People in pack order, each once, holding the post at `gridId` or below it.
    holders: (post, gridId): OrgPerson[] => org.allPeople().filter((person) => person.posts.some((holding) =>
      holding.post === post && (gridId === undefined || (holding.gridId !== undefined && org.isWithin(holding.gridId, gridId))))),
    partners: () => org.content.partners,
    partner: (code) => org.partner(code),
    item: (code) => org.item(code),
    calendar: {
      timeZone: org.calendar.timeZone,
      isWorkingDay: (date) => org.calendar.isWorkingDay(date),
      dateOf: (instant) => org.calendar.dateOf(instant),
    },
  };
  views.set(org, view);
  return view;
}
