/** How long something may take, on the tenant's working calendar. */
export interface WorkingDuration {
  amount: number;
  unit: 'workingHours' | 'workingDays';
}

/** The working calendar as a pack writes it (calendar.json): working week, hours, holidays, make-up workdays. */
export interface CalendarFile {
  timeZone?: string;
  /** ISO weekdays that are working days (1 = Monday … 7 = Sunday). */
  workweek: number[];
  /** Working hours of a working day, local time, in order, not overlapping. */
  hours: Array<{ from: string; to: string }>;
  /** Public holidays (days off even on a workweek day) and make-up workdays (调休: working even on a weekend). */
  holidays: Array<{ date: string; name: string }>;
  workdays: Array<{ date: string; name: string }>;
}
