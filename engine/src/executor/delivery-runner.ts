import type { Deliveries } from '../plugins/deliveries.ts';

/** Deliveries sent at once on a node. */
const MAX_SENDING = 16;
const IDLE_POLL_MS = 250;
const MAX_IDLE_POLL_MS = 2_000;

/**
 * Sends the plugins' deliveries that are due: polls (faster after work, slower while idle, at once
 * when a delivery is kept on this node), takes each with a version-checked hold so one node sends
 * it, and sends up to MAX_SENDING side by side so one slow partner does not hold up the others.
 */
export class DeliveryRunner {
  private timer: NodeJS.Timeout | undefined;
  private readonly sending = new Set<string>();
  private readonly running = new Set<Promise<unknown>>();
  private polling: Promise<unknown> = Promise.resolve();
  private idleMs = IDLE_POLL_MS;
  private stopped = true;

  constructor(private readonly nodeId: string, private readonly deliveries: Deliveries, private readonly log: (line: string) => void) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  wake(): void {
    this.idleMs = IDLE_POLL_MS;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.polling;
    await Promise.all(this.running);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.polling = this.polling.then(() => this.take()).then((taken) => {
        this.idleMs = taken > 0 ? IDLE_POLL_MS : Math.min(MAX_IDLE_POLL_MS, this.idleMs * 2);
        this.schedule(this.idleMs);
      }, (error: unknown) => {
        this.log(`delivery runner: ${(error as Error).message}`);
        this.schedule(MAX_IDLE_POLL_MS);
      });
    }, delayMs);
  }

  private async take(): Promise<number> {
    const room = MAX_SENDING - this.sending.size;
    if (room <= 0) return 0;
    const due = (await this.deliveries.due(room + this.sending.size)).filter((doc) => !this.sending.has(doc._id)).slice(0, room);
    for (const doc of due) {
      this.sending.add(doc._id);
      const run = this.deliveries.send(doc, this.nodeId)
        .catch((error: unknown) => this.log(`delivery ${doc._id}: ${(error as Error).message}`))
        .finally(() => {
          this.sending.delete(doc._id);
          this.running.delete(run);
          // A delivery retried soon (a short backoff) is found by the next poll.
          this.wake();
        });
      this.running.add(run);
    }
    return due.length;
  }
}
