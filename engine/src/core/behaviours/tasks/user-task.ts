import type { Behaviour } from '../behaviour.ts';
import type { Placement } from '../../effects.ts';
import { completeWaitingActivity } from '../activities/complete-activity.ts';

/** Waits for a person: offers a task to its assignee or candidate groups, resumes on completion. */
export const userTask: Behaviour = {
  enter(run, token, element) {
    run.applyInputs(token, element);
    const scopeId = token.ownScopeId ?? token.scopeId;
    const assignment = element.assignment ?? {};
    const assignee = run.attribute(assignment.assignee, scopeId);
    const post = text(run.attribute(assignment.post, scopeId));
    const placement: Placement | undefined = post === undefined ? undefined : {
      post,
      ...optional('gridId', text(run.attribute(assignment.grid ?? '=gridId', scopeId))),
      ...optional('gridLevel', text(run.attribute(assignment.gridLevel, scopeId))),
      ...optional('partner', text(run.attribute(assignment.partner, scopeId))),
    };
    const limit = element.timeLimit;
    const due = limit?.due === undefined ? undefined : text(run.attribute(limit.due, scopeId));
    const amount = limit?.amount === undefined ? undefined : Number(run.attribute(limit.amount, scopeId));
    const timeLimit = due !== undefined ? { dueAt: due } : amount !== undefined && Number.isFinite(amount) && limit?.unit ? { amount, unit: limit.unit } : undefined;
    run.wait(token);
    run.effects.push({
      type: 'task.created',
      tokenId: token.id,
      elementId: element.id,
      ...(element.name === undefined ? {} : { name: element.name }),
      ...(assignee === undefined || assignee === null ? {} : { assignee: String(assignee) }),
      candidateGroups: list(run.attribute(assignment.candidateGroups, scopeId)),
      candidateUsers: list(run.attribute(assignment.candidateUsers, scopeId)),
      ...(placement === undefined ? {} : { placement }),
      ...(timeLimit === undefined ? {} : { timeLimit }),
      ...(element.formKey === undefined ? {} : { formKey: element.formKey }),
      variables: run.visibleVariables(scopeId),
    });
  },
  resume(run, token, element, resumption) {
    run.effects.push({ type: 'task.ended', tokenId: token.id, reason: 'completed' });
    completeWaitingActivity(run, token, element, resumption);
  },
  cancel(run, token) {
    run.effects.push({ type: 'task.ended', tokenId: token.id, reason: 'cancelled' });
  },
};

/** Candidate lists are written "a, b" or given as a FEEL list. */
function list(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(String);
  return String(value).split(',').map((part) => part.trim()).filter((part) => part !== '');
}

/** An attribute's value as text; absent, null and empty values are undefined. */
function text(value: unknown): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : String(value);
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
