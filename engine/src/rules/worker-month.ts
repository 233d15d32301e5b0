import type { Organisation } from '../org/organisation.ts';
import type { CaseDoc } from '../store/case-doc.ts';
import type { TaskDoc } from '../store/documents.ts';

/** What a person did in a month, as the assessment's facts count it. */
export interface WorkerMonth {
  workingDays: number;
  dailyLogs: number;
  reported: number;
  handled: number;
  handledInGrid: number;
  closedOnTime: number;
  reworks: number;
  overdue: number;
  callbacks: number;
  satisfactionSum: number;
}

const HOUR = 3_600_000;

/**
 * Counts a person's month from the cases of the grids they hold posts in and the tasks they
 * completed (pure: the caller reads both). `logForm` names the form of their daily-log tasks.
 */
export function countWorkerMonth(org: Organisation, personId: string, cases: readonly CaseDoc[], completed: readonly TaskDoc[], period: { from: Date; to: Date }, logForm: string | undefined): WorkerMonth {
  const within = (at: Date | string | null | undefined) => {
    const time = at ? new Date(at).getTime() : NaN;
    return time >= period.from.getTime() && time < period.to.getTime();
  };
  const grids = (org.person(personId)?.posts ?? []).flatMap((holding) => (holding.gridId ? [holding.gridId] : []));
  const [firstRung, secondRung] = org.manifest.ladder.map((rung) => rung.level);
  const month: WorkerMonth = { workingDays: 0, dailyLogs: 0, reported: 0, handled: 0, handledInGrid: 0, closedOnTime: 0, reworks: 0, overdue: 0, callbacks: 0, satisfactionSum: 0 };
  for (const doc of cases) {
    if (doc.reporter.personId === personId && within(doc.reportedAt)) month.reported++;
    if (doc.operations.some((operation) => operation.type === 'handle' && operation.actor === personId && within(operation.at))) {
      month.handled++;
      if (doc.handledLevel === firstRung) month.handledInGrid++;
      if (doc.handledOnTime === true) month.closedOnTime++;
      if (doc.reworks > 0) month.reworks++;
      if (doc.satisfaction !== null) {
        month.callbacks++;
        month.satisfactionSum += doc.satisfaction;
      }
    }
    // A time limit that expired while the case was in the person's grid: it climbed to the second rung by itself.
    if (grids.includes(doc.gridId) && doc.operations.some((operation) => operation.type === 'escalate' && operation.automatic === true && within(operation.at) && operation.toLevel === secondRung)) month.overdue++;
  }
  if (logForm) month.dailyLogs = completed.filter((task) => task.formKey === logForm && within(task.createdAt)).length;
  // Noon of each local day of the month, on the tenant's calendar.
  for (let day = period.from.getTime() + 12 * HOUR; day < period.to.getTime(); day += 24 * HOUR) {
    if (org.calendar.isWorkingDay(org.calendar.dateOf(new Date(day)))) month.workingDays++;
  }
  return month;
}
