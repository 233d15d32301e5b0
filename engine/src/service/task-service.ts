import { resume } from '../core/engine.ts';
import { gridflowError } from '../errors/gridflow-error.ts';
import { noLongerApplies } from './stale.ts';
import type { TaskDoc } from '../store/documents.ts';
import type { OpenTaskFilter, TaskStore } from '../store/task-store.ts';
import type { Clock } from '../time/clock.ts';
import type { SlaState } from './task-due.ts';
import { view, type InstanceService, type InstanceView } from './instance-service.ts';

export interface TaskView {
  id: string;
  elementId: string;
  name: string | null;
  processInstanceId: string;
  businessKey: string | null;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  formKey: string | null;
  variables: Record<string, unknown>;
  createdAt: string;
  /** When the task is due by its time limit, and how it stands: blue, yellow (due soon), red (overdue). */
  dueAt: string | null;
  slaState: SlaState | null;
}

/** Judges a task's SLA colour now (on the tenant's working calendar). */
export type SlaJudge = (now: Date, startedAt: Date, dueAt: Date) => SlaState;

/** A tenant's judge of task colours (its working calendar and yellow margin), given where the engine is composed. */
export type SlaPolicy = (tenantId: string) => Promise<SlaJudge>;

export interface TaskQuery {
  processInstanceId?: string;
  elementId?: string;
  assignee?: string;
  candidateGroup?: string;
  businessKey?: string;
  /** Only those nobody has claimed (the queue of a grid worker's posts). */
  unassigned?: boolean;
}

/**
 * Which tasks a caller reaches: the tenant's, or those offered to them — assigned to them, or
 * unclaimed and offered to them or to a candidate group they are in — and, to read only, those
 * of posts in the grids `gridIds` (or below them).
 */
export type TaskAccess = 'tenant' | { self: string; groups: readonly string[]; gridIds: readonly string[] };

/** May the caller work on the task (claim, unclaim, delegate, complete)? */
export function isOffered(task: TaskDoc, access: TaskAccess): boolean {
  if (access === 'tenant') return true;
  if (task.assignee) return task.assignee === access.self;
  return task.candidateUsers.includes(access.self) || task.candidateGroups.some((group) => access.groups.includes(group));
}

/** May the caller read the task? */
export function isReadable(task: TaskDoc, access: TaskAccess): boolean {
  return isOffered(task, access) || (access !== 'tenant' && (task.gridPath ?? []).some((gridId) => access.gridIds.includes(gridId)));
}

/** The worklist: open user tasks, and what people do with them. */
export class TaskService {
  constructor(private readonly store: TaskStore, private readonly instances: InstanceService, private readonly clock: Clock, private readonly slaPolicy?: SlaPolicy) {}

  /**
   * A person's worklist: open tasks assigned to them or offered to any of their candidate groups
   * (one per post they hold). Each group is one equality lookup on an indexed key; the union is
   * merged here, oldest first.
   */
  async worklist(tenantId: string, userId: string, groups: string[], page: { limit: number; offset: number }): Promise<{ items: TaskView[]; total: number }> {
    const lookups: OpenTaskFilter[] = [{ tenantId, assignee: userId }, ...groups.map((group) => ({ tenantId, candidateGroup: group }))];
    const found = new Map<string, TaskDoc>();
    for (const docs of await Promise.all(lookups.map((filter) => this.store.open(filter)))) {
      // A task another person has claimed is theirs, not in this worklist.
      for (const doc of docs) if (doc.assignee === null || doc.assignee === undefined || doc.assignee === userId) found.set(doc._id, doc);
    }
    const sorted = [...found.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a._id.localeCompare(b._id));
    const judge = await this.judge(tenantId);
    const now = this.clock.now();
    return { items: sorted.slice(page.offset, page.offset + page.limit).map((doc) => toTaskView(doc, judge, now)), total: sorted.length };
  }

  /** An instance's user tasks, oldest first; only the open ones when asked (a case's steps). */
  async ofInstance(instanceId: string, options: { openOnly: boolean }): Promise<TaskDoc[]> {
    const docs = await this.store.ofInstance(instanceId, options);
    return options.openOnly ? docs.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()) : docs;
  }

  /** One task as the worklist shows it. */
  async view(tenantId: string, id: string, access: TaskAccess = 'tenant'): Promise<TaskView> {
    return toTaskView(await this.get(tenantId, id, access), await this.judge(tenantId), this.clock.now());
  }

  private async judge(tenantId: string): Promise<SlaJudge | undefined> {
    return this.slaPolicy?.(tenantId);
  }

  /** Every open task of a process (all its versions), with its time-limit colour. */
  async openOfProcess(tenantId: string, processKey: string): Promise<TaskView[]> {
    const [docs, judge] = await Promise.all([this.store.open({ tenantId, processKey }), this.judge(tenantId)]);
    const now = this.clock.now();
    return docs.map((doc) => toTaskView(doc, judge, now));
  }

  async query(tenantId: string, query: TaskQuery, page: { limit: number; offset: number }, access: TaskAccess = 'tenant'): Promise<{ items: TaskView[]; total: number }> {
    if (access !== 'tenant') return this.queryOffered(tenantId, query, page, access);
    const { docs, total } = await this.store.openPage({ tenantId, ...storeFilterOf(query) }, page);
    const judge = await this.judge(tenantId);
    const now = this.clock.now();
    return { items: docs.map((doc) => toTaskView(doc, judge, now)), total };
  }

  /**
   * The caller's worklist and their grids' open tasks, narrowed by the query: the union of one
   * equality lookup per post and per grid, filtered and paged here. Their own tasks (`assignee` =
   * themselves, "my tasks") are one equality lookup paged by the database.
   */
  private async queryOffered(tenantId: string, query: TaskQuery, page: { limit: number; offset: number }, access: Exclude<TaskAccess, 'tenant'>): Promise<{ items: TaskView[]; total: number }> {
    const judge = await this.judge(tenantId);
    const now = this.clock.now();
    if (query.assignee !== undefined && query.assignee === access.self && !query.unassigned) {
      const { docs, total } = await this.store.openPage({ tenantId, ...storeFilterOf(query) }, page);
      return { items: docs.map((doc) => toTaskView(doc, judge, now)), total };
    }
    // Each lookup names its own assignee, group or grid; the rest of the query narrows every one.
    const { assignee: _assignee, candidateGroup: _group, unassigned: _unassigned, ...narrowed } = storeFilterOf(query);
    const unassigned = query.unassigned ? { unassigned: true } : {};
    const lookups: OpenTaskFilter[] = [
      ...(query.unassigned ? [] : [{ tenantId, assignee: access.self, ...narrowed }]),
      ...[...access.groups].map((group) => ({ tenantId, candidateGroup: group, ...narrowed, ...unassigned })),
      ...access.gridIds.map((gridId) => ({ tenantId, gridPath: gridId, ...narrowed, ...unassigned })),
    ];
    const found = new Map<string, TaskDoc>();
    const results = await Promise.all(lookups.map((filter) => this.store.open(filter)));
    results.forEach((docs, index) => {
      const byGrid = index >= lookups.length - access.gridIds.length;
      for (const doc of docs) {
        // Offered through a post: not one another person has claimed. Read through a grid: any.
        if (!byGrid && doc.assignee !== null && doc.assignee !== undefined && doc.assignee !== access.self) continue;
        found.set(doc._id, doc);
      }
    });
    const matching = [...found.values()].filter((doc) => (query.assignee === undefined || doc.assignee === query.assignee)
      && (query.candidateGroup === undefined || (doc.candidateGroups ?? []).includes(query.candidateGroup)) && (!query.unassigned || doc.assignee === null || doc.assignee === undefined))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a._id.localeCompare(b._id));
    return { items: matching.slice(page.offset, page.offset + page.limit).map((doc) => toTaskView(doc, judge, now)), total: matching.length };
  }

  /** A task the caller reaches (to read, or to work on); one they do not answers exactly as an unknown id. */
  async get(tenantId: string, id: string, access: TaskAccess = 'tenant', purpose: 'read' | 'work' = 'read'): Promise<TaskDoc> {
    const doc = await this.store.get(id);
    const reached = doc && (purpose === 'read' ? isReadable(doc, access) : isOffered(doc, access));
    if (!doc || doc.tenantId !== tenantId || !reached) throw gridflowError('GF_ERR_TASK_NOT_FOUND', `no task '${id}'`, [{ id }]);
    return doc;
  }

  /** A caller reaching only their own tasks claims for themselves. */
  claim(tenantId: string, id: string, userId: string, access: TaskAccess = 'tenant'): Promise<TaskView> {
    if (access !== 'tenant' && userId !== access.self) throw gridflowError('GF_ERR_AUTH_FORBIDDEN', `'${access.self}' may claim task '${id}' for themselves only, not for '${userId}'`, [{ id, userId }]);
    return this.setAssignee(tenantId, id, userId, 'claim', access);
  }

  unclaim(tenantId: string, id: string, access: TaskAccess = 'tenant'): Promise<TaskView> {
    return this.setAssignee(tenantId, id, null, 'unclaim', access);
  }

  delegate(tenantId: string, id: string, userId: string, access: TaskAccess = 'tenant'): Promise<TaskView> {
    return this.setAssignee(tenantId, id, userId, 'delegate', access);
  }

  /**
   * `admit` sees the open task and the submitted variables once read: it may turn the completion
   * down (a case's step) or answer the variables to store (checked against the task's form).
   */
  async complete(tenantId: string, id: string, submitted: Record<string, unknown>, actor?: string, admit?: (task: TaskDoc, variables: Record<string, unknown>) => Promise<Record<string, unknown>>, access: TaskAccess = 'tenant'): Promise<InstanceView> {
    const task = await this.openTask(tenantId, id, access);
    const variables = admit ? await admit(task, submitted) : submitted;
    try {
      const doc = await this.instances.transition(tenantId, task.instanceId, (model, state, now) =>
        resume(model, state, task.tokenId, { kind: 'complete', variables }, now, actor ?? task.assignee ?? undefined));
      return view(doc);
    } catch (error) {
      if (noLongerApplies(error)) {
        throw gridflowError('GF_ERR_TASK_NOT_OPEN', `task '${id}' is no longer open`, [{ id }], error);
      }
      throw error;
    }
  }

  private async openTask(tenantId: string, id: string, access: TaskAccess = 'tenant'): Promise<TaskDoc> {
    const task = await this.get(tenantId, id, access, 'work');
    if (task.state !== 'open') throw gridflowError('GF_ERR_TASK_NOT_OPEN', `task '${id}' is ${task.state}`, [{ id, state: task.state }]);
    return task;
  }

  /** Claiming a task someone else holds is refused; unclaim and delegate take it from whoever holds it. */
  private async setAssignee(tenantId: string, id: string, assignee: string | null, operation: 'claim' | 'unclaim' | 'delegate', access: TaskAccess): Promise<TaskView> {
    const task = await this.openTask(tenantId, id, access);
    const holder = task.assignee ?? null;
    if (operation === 'claim' && holder !== null && holder !== assignee) {
      throw gridflowError('GF_ERR_TASK_ALREADY_CLAIMED', `task '${id}' is claimed by '${task.assignee}'`, [{ id, assignee: holder }]);
    }
    const updated = await this.store.reassign(task, holder, assignee);
    if (!updated) throw gridflowError('GF_ERR_TASK_NOT_OPEN', `task '${id}' changed meanwhile; read it again`, [{ id }]);
    return toTaskView(updated, await this.judge(tenantId), this.clock.now());
  }
}

/** A query's fields as the store's filter names them (the instance is `instanceId` there). */
function storeFilterOf({ processInstanceId, elementId, assignee, candidateGroup, businessKey, unassigned }: TaskQuery): Omit<OpenTaskFilter, 'tenantId'> {
  return {
    ...(processInstanceId === undefined ? {} : { instanceId: processInstanceId }), ...(elementId === undefined ? {} : { elementId }),
    ...(assignee === undefined ? {} : { assignee }), ...(candidateGroup === undefined ? {} : { candidateGroup }),
    ...(businessKey === undefined ? {} : { businessKey }), ...(unassigned ? { unassigned: true } : {}),
  };
}

/** Fields that are null may be absent in the stored document (FerretDB drops nulls written by upserts). */
export function toTaskView(doc: TaskDoc, judge: SlaJudge | undefined, now: Date): TaskView {
  const dueAt = doc.dueAt ?? null;
  return {
    id: doc._id, elementId: doc.elementId, name: doc.name ?? null, processInstanceId: doc.instanceId, businessKey: doc.businessKey ?? null,
    assignee: doc.assignee ?? null, candidateGroups: doc.candidateGroups ?? [], candidateUsers: doc.candidateUsers ?? [], formKey: doc.formKey ?? null,
    variables: doc.variables ?? {}, createdAt: doc.createdAt.toISOString(),
    dueAt: dueAt ? dueAt.toISOString() : null,
    slaState: dueAt && judge && doc.state === 'open' ? judge(now, doc.createdAt, dueAt) : null,
  };
}
