import type { Filter } from 'mongodb';
import type { TaskDoc } from './documents.ts';
import { findPage } from './page.ts';
import type { Store } from './store.ts';

/** Open tasks of a tenant by equality on indexed keys (a worklist lookup, a query of the API). */
export interface OpenTaskFilter {
  tenantId: string;
  instanceId?: string;
  elementId?: string;
  processKey?: string;
  assignee?: string;
  /** One candidate group the task is offered to (`candidateGroups` holds it). */
  candidateGroup?: string;
  businessKey?: string;
  /** A grid the task's post is in or below (`gridPath` holds it). */
  gridPath?: string;
  /** Only tasks nobody has claimed (a queue); the assignee is null or absent, which `null` matches in both databases. */
  unassigned?: boolean;
}

/** User tasks, as the task service reads and changes them (they are written by the instance writer). */
export interface TaskStore {
  get(id: string): Promise<TaskDoc | null>;
  /** Open tasks matching the filter, all of them (one worklist lookup). */
  open(filter: OpenTaskFilter): Promise<TaskDoc[]>;
  /** One page of open tasks, oldest first, and how many there are. */
  openPage(filter: OpenTaskFilter, page: { limit: number; offset: number }): Promise<{ docs: TaskDoc[]; total: number }>;
  /** An instance's tasks (only the open ones when asked), in no particular order. */
  ofInstance(instanceId: string, options: { openOnly: boolean }): Promise<TaskDoc[]>;
  /** The tasks a person completed (an equality lookup on the assignee, then on the state). */
  completedBy(tenantId: string, assignee: string): Promise<TaskDoc[]>;
  /** Sets the assignee if the task is still open and held by `holder`; null when it changed meanwhile. */
  reassign(task: TaskDoc, holder: string | null, assignee: string | null): Promise<TaskDoc | null>;
}

export class DatabaseTaskStore implements TaskStore {
  constructor(private readonly store: Store) {}

  get(id: string): Promise<TaskDoc | null> {
    return this.store.tasks.findOne({ _id: id });
  }

  open(filter: OpenTaskFilter): Promise<TaskDoc[]> {
    return this.store.tasks.find(openFilter(filter)).toArray();
  }

  openPage(filter: OpenTaskFilter, page: { limit: number; offset: number }): Promise<{ docs: TaskDoc[]; total: number }> {
    return findPage(this.store.tasks, openFilter(filter), { createdAt: 1, _id: 1 }, page);
  }

  ofInstance(instanceId: string, options: { openOnly: boolean }): Promise<TaskDoc[]> {
    return this.store.tasks.find(options.openOnly ? { instanceId, state: 'open' } : { instanceId }).toArray();
  }

  completedBy(tenantId: string, assignee: string): Promise<TaskDoc[]> {
    return this.store.tasks.find({ tenantId, assignee, state: 'completed' }).toArray();
  }

  reassign(task: TaskDoc, holder: string | null, assignee: string | null): Promise<TaskDoc | null> {
    // Under the instance's lock: a transition writing the task at the same time would otherwise overwrite it whole.
    return this.store.withInstanceLock(task.instanceId, () =>
      this.store.tasks.findOneAndUpdate({ _id: task._id, state: 'open', assignee: holder }, { $set: { assignee } }, { returnDocument: 'after' }));
  }
}

function openFilter({ candidateGroup, unassigned, ...rest }: OpenTaskFilter): Filter<TaskDoc> {
  const filter: Filter<TaskDoc> = { ...rest, state: 'open' };
  if (candidateGroup !== undefined) filter.candidateGroups = candidateGroup;
  if (unassigned) filter.assignee = null;
  return filter;
}
