import type { Behaviour } from '../behaviour.ts';
import { completeWaitingActivity } from '../activities/complete-activity.ts';

/** Waits for a person: offers a task to its assignee or candidate groups, resumes on completion. */
export const userTask: Behaviour = {
  enter(run, token, element) {
    run.applyInputs(token, element);
    const scopeId = token.ownScopeId ?? token.scopeId;
    const assignment = element.assignment ?? {};
    const assignee = run.attribute(assignment.assignee, scopeId);
    run.wait(token);
    run.effects.push({
      type: 'task.created',
      tokenId: token.id,
      elementId: element.id,
      ...(element.name === undefined ? {} : { name: element.name }),
      ...(assignee === undefined || assignee === null ? {} : { assignee: String(assignee) }),
      candidateGroups: list(run.attribute(assignment.candidateGroups, scopeId)),
      candidateUsers: list(run.attribute(assignment.candidateUsers, scopeId)),
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
