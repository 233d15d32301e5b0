import { isServiceFailure, type DeliverySender, type RouteContext } from '@gridflow/plugin-api';
import { gridflowError } from '../errors/gridflow-error.ts';
import { derivedId } from '../store/derived-id.ts';
import type { DeliveryDoc, DeliveryQuery, DeliveryStore } from '../store/delivery-store.ts';
import type { Clock } from '../time/clock.ts';

const DEFAULT_ATTEMPTS = 8;
const DEFAULT_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 10 * 60_000;
// Longer than the longest call a plugin may make (60 s timeouts), so a hold does not end mid-send.
const DEFAULT_LOCK_MS = 90_000;

/** How a plugin sends deliveries of one kind, and for which tenants (their configuration). */
export interface DeliveryKind {
  plugin: string;
  kind: string;
  send: DeliverySender<Record<string, unknown>, Record<string, unknown>>;
  attempts: number;
  backoffMs: number;
  lockMs: number;
  configFor(tenantId: string): Record<string, unknown> | undefined;
}

export interface DeliveriesPorts {
  store: DeliveryStore;
  /**
   * Wall time, not the engine's clock: a retry waits for a partner to come back, which the test
   * clock moving a case's time forward does not hasten.
   */
  clock: Clock;
  context(plugin: string, tenantId: string, config: Record<string, unknown>): Promise<RouteContext>;
  log(line: string): void;
}

/** A delivery as the API shows it. */
export interface DeliveryView {
  id: string;
  tenantId: string;
  plugin: string;
  kind: string;
  key: string;
  state: DeliveryDoc['state'];
  attempts: number;
  maxAttempts: number;
  /** When it is tried next (pending only). */
  dueAt: string | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  failedAt: string | null;
  payload: Record<string, unknown>;
}

/**
 * The plugins' deliveries to partners: kept before they are sent, taken by one node at a time,
 * retried with doubling backoff, and failed — for an operator to see and send again — when their
 * attempts run out or the partner refuses one for good.
 */
export class Deliveries {
  private readonly kinds = new Map<string, DeliveryKind>();
  private readonly keptListeners = new Set<() => void>();
  private counter = 0;

  constructor(private readonly ports: DeliveriesPorts) {}

  define(kind: DeliveryKind): void {
    const name = kindKey(kind.plugin, kind.kind);
    if (this.kinds.has(name)) throw new Error(`delivery kind '${kind.kind}' of plugin '${kind.plugin}' is defined twice`);
    this.kinds.set(name, kind);
  }

  /** Told when a delivery is kept or queued again on this node (the local runner sends it at once). */
  onKept(listener: () => void): () => void {
    this.keptListeners.add(listener);
    return () => this.keptListeners.delete(listener);
  }

  static options(options: { attempts?: number; backoff?: number; lockMs?: number } = {}): Pick<DeliveryKind, 'attempts' | 'backoffMs' | 'lockMs'> {
    return { attempts: options.attempts ?? DEFAULT_ATTEMPTS, backoffMs: options.backoff ?? DEFAULT_BACKOFF_MS, lockMs: options.lockMs ?? DEFAULT_LOCK_MS };
  }

  async enqueue(plugin: string, delivery: { tenantId: string; kind: string; key: string; payload: Record<string, unknown>; sequence?: string; attempts?: number; backoff?: number }): Promise<{ id: string; created: boolean }> {
    const kind = this.kinds.get(kindKey(plugin, delivery.kind));
    if (!kind) throw new TypeError(`plugin '${plugin}' defines no delivery kind '${delivery.kind}'`);
    if (typeof delivery.key !== 'string' || delivery.key === '') throw new TypeError('a delivery key is a non-empty string');
    const now = this.ports.clock.now();
    const id = derivedId(`delivery\n${delivery.tenantId}\n${plugin}\n${delivery.kind}\n${delivery.key}`);
    const created = await this.ports.store.add({
      _id: id, tenantId: delivery.tenantId, plugin, kind: delivery.kind, key: delivery.key, payload: delivery.payload,
      sequence: delivery.sequence === undefined ? null : `${delivery.tenantId}\n${plugin}\n${delivery.sequence}`, order: now.getTime() * 1000 + (this.counter++ % 1000),
      state: 'pending', attempts: 0, maxAttempts: delivery.attempts ?? kind.attempts, backoffMs: delivery.backoff ?? kind.backoffMs, dueAt: now, sentBy: null, lastError: null, createdAt: now, deliveredAt: null, failedAt: null, version: 0,
    });
    if (created) this.kept();
    return { id, created };
  }

  /**
   * Pending deliveries due now whose kind a plugin loaded here sends, oldest first; of a sequence
   * only its first pending one (the next waits while it is retried or held by a node).
   */
  async due(limit: number): Promise<DeliveryDoc[]> {
    const now = this.ports.clock.now();
    const pending = (await this.ports.store.pending()).sort((a, b) => a.order - b.order);
    const headOfSequence = new Set<string>();
    const due: DeliveryDoc[] = [];
    for (const doc of pending) {
      if (doc.sequence !== null) {
        if (headOfSequence.has(doc.sequence)) continue;
        headOfSequence.add(doc.sequence);
      }
      if (doc.dueAt <= now && this.kinds.has(kindKey(doc.plugin, doc.kind))) due.push(doc);
      if (due.length >= limit) break;
    }
    return due;
  }

  /**
   * Takes one delivery for `nodeId` and sends it; false when another node took it first. The hold
   * is written before the send, so a repeat after a crash is at most the one in flight.
   */
  async send(doc: DeliveryDoc, nodeId: string): Promise<boolean> {
    const kind = this.kinds.get(kindKey(doc.plugin, doc.kind));
    if (!kind) return false;
    const now = this.ports.clock.now();
    const held = { ...doc, attempts: doc.attempts + 1, sentBy: nodeId, dueAt: new Date(now.getTime() + kind.lockMs) };
    if (!(await this.ports.store.update(doc, { attempts: held.attempts, sentBy: nodeId, dueAt: held.dueAt }))) return false;
    const taken: DeliveryDoc = { ...held, version: doc.version + 1 };
    const config = kind.configFor(doc.tenantId);
    if (!config) {
      await this.answer(taken, { retryable: false, message: `plugin '${doc.plugin}' is not enabled for tenant '${doc.tenantId}'` });
      return true;
    }
    try {
      const context = await this.ports.context(doc.plugin, doc.tenantId, config);
      await kind.send({ id: doc._id, tenantId: doc.tenantId, kind: doc.kind, key: doc.key, payload: doc.payload, attempt: taken.attempts }, context);
      await this.answer(taken, undefined);
    } catch (error) {
      await this.answer(taken, { retryable: isServiceFailure(error) ? error.retryable : true, message: error instanceof Error ? error.message : String(error) });
    }
    return true;
  }

  async list(query: DeliveryQuery, page: { limit: number; offset: number }): Promise<DeliveryView[]> {
    return (await this.ports.store.list(query, page)).map(viewOf);
  }

  /** A failed delivery is sent again, with its attempts anew (its partner is back, say). */
  async retry(tenantId: string, id: string): Promise<DeliveryView> {
    const doc = await this.ports.store.get(id);
    if (!doc || doc.tenantId !== tenantId) throw gridflowError('GF_ERR_DELIVERY_NOT_FOUND', `no delivery '${id}'`, [{ id }]);
    if (doc.state !== 'failed') throw gridflowError('GF_ERR_DELIVERY_NOT_FAILED', `delivery '${id}' is ${doc.state}: only a failed one is sent again`, [{ id, state: doc.state }]);
    const changes = { state: 'pending' as const, attempts: 0, dueAt: this.ports.clock.now(), sentBy: null, failedAt: null };
    if (!(await this.ports.store.update(doc, changes))) throw gridflowError('GF_ERR_DELIVERY_NOT_FAILED', `delivery '${id}' changed meanwhile`, [{ id }]);
    this.kept();
    return viewOf({ ...doc, ...changes, version: doc.version + 1 });
  }

  private kept(): void {
    for (const listener of this.keptListeners) listener();
  }

  /** Delivered; or tried again after the backoff; or failed for good. A hold lost meanwhile is the other node's to answer. */
  private async answer(doc: DeliveryDoc, failed: { retryable: boolean; message: string } | undefined): Promise<void> {
    const now = this.ports.clock.now();
    if (!failed) {
      await this.ports.store.update(doc, { state: 'delivered', deliveredAt: now, sentBy: null, lastError: null });
      return;
    }
    if (failed.retryable && doc.attempts < doc.maxAttempts) {
      const backoff = Math.min(MAX_BACKOFF_MS, doc.backoffMs * 2 ** (doc.attempts - 1));
      await this.ports.store.update(doc, { dueAt: new Date(now.getTime() + backoff), sentBy: null, lastError: failed.message });
      return;
    }
    if (!(await this.ports.store.update(doc, { state: 'failed', failedAt: now, sentBy: null, lastError: failed.message }))) return;
    this.ports.log(`delivery ${doc._id} (${doc.plugin} ${doc.kind} ${doc.key}) failed after ${doc.attempts} attempt(s): ${failed.message}`);
  }
}

function kindKey(plugin: string, kind: string): string {
  return `${plugin}\n${kind}`;
}

function viewOf(doc: DeliveryDoc): DeliveryView {
  return {
    id: doc._id, tenantId: doc.tenantId, plugin: doc.plugin, kind: doc.kind, key: doc.key, state: doc.state, attempts: doc.attempts, maxAttempts: doc.maxAttempts,
    dueAt: doc.state === 'pending' ? doc.dueAt.toISOString() : null, lastError: doc.lastError,
    createdAt: doc.createdAt.toISOString(), deliveredAt: doc.deliveredAt?.toISOString() ?? null, failedAt: doc.failedAt?.toISOString() ?? null, payload: doc.payload,
  };
}
