import type { SubscriptionDoc } from './documents.ts';
import type { Store } from './store.ts';

/** What waits for a message or signal: instances' catch events (made by the instance writer) and start events. */
export interface SubscriptionStore {
  /** Instances waiting for a message of this name and key (null: no key). */
  messageWaits(tenantId: string, name: string, correlationKey: string | null): Promise<SubscriptionDoc[]>;
  messageStarts(tenantId: string, name: string): Promise<SubscriptionDoc[]>;
  /** Instances and start events waiting for a signal of this name. */
  signals(tenantId: string, name: string): Promise<SubscriptionDoc[]>;
  ofInstance(instanceId: string): Promise<SubscriptionDoc[]>;
  insert(subscription: SubscriptionDoc): Promise<void>;
  remove(id: string): Promise<void>;
  /** The start subscriptions of every version of a process key (a newer version replaces them). */
  removeStarts(tenantId: string, processKey: string): Promise<void>;
}

export class DatabaseSubscriptionStore implements SubscriptionStore {
  constructor(private readonly store: Store) {}

  messageWaits(tenantId: string, name: string, correlationKey: string | null): Promise<SubscriptionDoc[]> {
    return this.store.subscriptions.find({ tenantId, kind: 'message', name, target: 'instance', correlationKey }).toArray();
  }

  messageStarts(tenantId: string, name: string): Promise<SubscriptionDoc[]> {
    return this.store.subscriptions.find({ tenantId, kind: 'message', name, target: 'start' }).toArray();
  }

  signals(tenantId: string, name: string): Promise<SubscriptionDoc[]> {
    return this.store.subscriptions.find({ tenantId, kind: 'signal', name }).toArray();
  }

  ofInstance(instanceId: string): Promise<SubscriptionDoc[]> {
    return this.store.subscriptions.find({ instanceId }).toArray();
  }

  async insert(subscription: SubscriptionDoc): Promise<void> {
    await this.store.subscriptions.insertOne(subscription);
  }

  async remove(id: string): Promise<void> {
    await this.store.subscriptions.deleteOne({ _id: id });
  }

  async removeStarts(tenantId: string, processKey: string): Promise<void> {
    await this.store.subscriptions.deleteMany({ tenantId, processKey, target: 'start' });
  }
}
