/**
 * A tenant's organisation as a plugin reads it: the grid tree, posts, people and partners of the
 * pack the tenant runs now, and its working calendar. Read-only; the same for every job of the
 * tenant until a new pack is deployed.
 */
export interface TenantOrganisation {
  /** The pack the organisation comes from. */
  readonly pack: { name: string; title: string; levels: string[] };
  grids(): readonly OrgGrid[];
  grid(id: string): OrgGrid | undefined;
  /** The ids from the root down to `id` (empty for an unknown grid). */
  path(id: string): string[];
  /** Whether `id` is `ancestorId` or lies below it. */
  isWithin(id: string, ancestorId: string): boolean;
  /** The deepest grid whose boundary contains the point (lng, lat in WGS 84). */
  locate(lng: number, lat: number): OrgGrid | undefined;
  posts(): readonly OrgPost[];
  people(): readonly OrgPerson[];
  person(id: string): OrgPerson | undefined;
  /** Who holds `post`, at `gridId` or anywhere below it when given. */
  holders(post: string, gridId?: string): OrgPerson[];
  partners(): readonly OrgPartner[];
  partner(code: string): OrgPartner | undefined;
  item(code: string): OrgItem | undefined;
  readonly calendar: OrgCalendar;
}

export interface OrgGrid {
  id: string;
  code: string;
  name: string;
  level: string;
  kind: 'basic' | 'dedicated' | 'big';
  parentId: string | null;
  households?: number;
}

export interface OrgPost {
  code: string;
  name: string;
  kind: string;
  levels: string[];
}

export interface OrgPostHolding {
  post: string;
  gridId?: string;
  partner?: string;
}

export interface OrgPerson {
  id: string;
  name: string;
  phone?: string;
  department?: string;
  posts: OrgPostHolding[];
}

export interface OrgPartner {
  code: string;
  name: string;
  kind: string;
  gridIds: string[];
  itemCodes: string[];
  contract?: { from: string; to: string; payment?: string; timeLimit?: { amount: number; unit: 'workingHours' | 'workingDays' } };
  /** The plugin service that reaches its own system, when it has one. */
  service?: string;
}

export interface OrgItem {
  code: string;
  name: string;
  category: string;
  department?: string;
}

export interface OrgCalendar {
  readonly timeZone: string;
  /** `date` as `YYYY-MM-DD` in the calendar's time zone. */
  isWorkingDay(date: string): boolean;
  /** The calendar date of an instant in the calendar's time zone (`YYYY-MM-DD`). */
  dateOf(instant: Date): string;
}
