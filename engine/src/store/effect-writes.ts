import type { AnyBulkWriteOperation, Collection, Document, OptionalUnlessRequiredId } from 'mongodb';
import type { Effect } from '../core/effects.ts';
import type { InstanceDoc, JobDoc, SubscriptionDoc, TaskDoc, TimerDoc } from './documents.ts';
import { jobDocument, subscriptionDocument, taskDocument, timerDocument } from './effect-documents.ts';
import { onlyDuplicates, type Store } from './store.ts';

/** A write to one collection: a document created (a duplicate means it was created before), or any other write. */
type Write<T extends Document> = { insert: T } | { other: AnyBulkWriteOperation<T> };

/**
 * Applies a transition's effects to the instance's tasks, jobs, timers and subscriptions:
 * idempotently (what an effect creates has the id of what produced it, so a repeat is a
 * duplicate, and the other writes set a state or remove), the collections side by side, each in
 * effect order, in as few commands as that allows.
 */
export async function effectWrites(store: Store, doc: InstanceDoc, effects: Effect[], at: Date, runsInProcess: (tenantId: string, jobType: string) => boolean = () => false): Promise<void> {
  const tasks: Write<TaskDoc>[] = [];
  const jobs: Write<JobDoc>[] = [];
  const jobsEnded: Write<JobDoc>[] = [];
  const timers: Write<TimerDoc>[] = [];
  const subscriptions: Write<SubscriptionDoc>[] = [];
  const id = (tokenId: number) => `${doc._id}.${tokenId}`;
  // A fired timer whose owner's timers are all withdrawn by the same transition is removed with them.
  const withdrawn = new Set(effects.flatMap((effect) => (effect.type === 'timers.cancelled' ? [effect.tokenId] : [])));
  for (const effect of effects) {
    switch (effect.type) {
      case 'task.created':
        tasks.push({ insert: taskDocument(doc, effect, at) });
        break;
      case 'task.ended':
        tasks.push({ other: { updateOne: { filter: { _id: id(effect.tokenId), state: 'open' }, update: { $set: { state: effect.reason, endedAt: at } } } } });
        break;
      case 'job.created':
        jobs.push({ insert: jobDocument(doc, effect, at, runsInProcess(doc.tenantId, effect.jobType)) });
        break;
      case 'job.ended':
        jobsEnded.push({ other: { updateOne: { filter: { _id: id(effect.tokenId) }, update: { $set: { state: effect.reason, workerId: null, lockExpiresAt: null } } } } });
        break;
      case 'job.rearmed':
        jobs.push({ other: { updateOne: { filter: { _id: id(effect.tokenId) }, update: { $set: { state: 'ready', retries: effect.retries, availableAt: at, errorMessage: null } } } } });
        break;
      case 'incident.created':
        // The job of the element (if it has one) is parked until the incident is resolved.
        jobs.push({ other: { updateOne: { filter: { _id: id(effect.incident.tokenId), state: { $in: ['ready', 'locked'] } }, update: { $set: { state: 'incident', workerId: null, lockExpiresAt: null } } } } });
        break;
      case 'timer.scheduled':
        timers.push({ insert: timerDocument(doc, effect) });
        break;
      case 'timers.cancelled':
        timers.push({ other: { deleteMany: { filter: { instanceId: doc._id, tokenId: effect.tokenId } } } });
        break;
      case 'timer.fired':
        if (!withdrawn.has(effect.tokenId)) timers.push({ other: { deleteOne: { filter: { _id: effect.timerId } } } });
        break;
      case 'subscription.opened':
        subscriptions.push({ insert: subscriptionDocument(doc, effect, at) });
        break;
      case 'subscriptions.closed':
        subscriptions.push({ other: { deleteMany: { filter: { instanceId: doc._id, ownerId: effect.tokenId } } } });
        break;
      // Carried out by the instance service once this transition is written (see reachesOtherInstances).
      case 'signal.thrown':
      case 'call.started':
      case 'call.cancelled':
      case 'error.thrownToCaller':
      case 'instance.ended':
        break;
    }
  }
  await Promise.all([
    writeInOrder(store, store.subscriptions, subscriptions),
    writeInOrder(store, store.tasks, tasks),
    writeInOrder(store, store.jobs, jobs),
    writeInOrder(store, store.timers, timers),
  ]);
  // A job's end is written last: whoever waits while an instance has jobs pending (an answer
  // settling its case) then finds the tasks and jobs the completion made before the job stops
  // being pending, never a moment with neither.
  await writeInOrder(store, store.jobs, jobsEnded);
}

/** Consecutive creations go in one unordered insert (duplicates skipped), other writes in ordered bulk writes. */
async function writeInOrder<T extends Document>(store: Store, collection: Collection<T>, writes: Write<T>[]): Promise<void> {
  for (let start = 0; start < writes.length;) {
    const inserting = 'insert' in (writes[start] as Write<T>);
    let end = start;
    while (end < writes.length && ('insert' in (writes[end] as Write<T>)) === inserting) end++;
    const run = writes.slice(start, end);
    if (inserting) await insertNew(collection, run.map((write) => (write as { insert: T }).insert));
    else await store.bulkWrite(collection, run.map((write) => (write as { other: AnyBulkWriteOperation<T> }).other), true);
    start = end;
  }
}

async function insertNew<T extends Document>(collection: Collection<T>, docs: T[]): Promise<void> {
  try {
    await collection.insertMany(docs as OptionalUnlessRequiredId<T>[], { ordered: false });
  } catch (error) {
    if (!onlyDuplicates(error)) throw error;
  }
}
