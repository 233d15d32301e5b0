import type { CaseEnvironment } from './case-environment.ts';

/** How long an operation waits for the case handlers to apply its effect before it answers. */
const SETTLE_MS = 5_000;

/**
 * Lets an answer show a case as the change left it: waits until the case handlers have run the
 * jobs the change made (they run in this process as soon as the job exists). Looks again
 * whenever the instance moves on in this process (each handler's completion is a transition), at
 * the latest every 100 ms; gives up quietly after 5 s — the handlers finish later and a read shows it.
 */
export class CaseSettling {
  private readonly watchers = new Map<string, (() => void)[]>();

  constructor(private readonly env: Pick<CaseEnvironment, 'handlerWorkPending'>) {}

  async settle(instanceId: string): Promise<void> {
    const until = Date.now() + SETTLE_MS;
    let wake = () => undefined as void;
    const listener = () => wake();
    this.watchers.set(instanceId, [...(this.watchers.get(instanceId) ?? []), listener]);
    try {
      while (Date.now() < until) {
        // Armed before the query, so a transition written meanwhile is not missed.
        const moved = new Promise<void>((resolve) => { wake = resolve; });
        if (!(await this.env.handlerWorkPending(instanceId))) return;
        await Promise.race([moved, new Promise((resolve) => setTimeout(resolve, 100))]);
      }
    } finally {
      const rest = (this.watchers.get(instanceId) ?? []).filter((candidate) => candidate !== listener);
      if (rest.length > 0) this.watchers.set(instanceId, rest);
      else this.watchers.delete(instanceId);
    }
  }

  /** Told of every transition written in this process. */
  noticeTransition(instanceId: string): void {
    for (const watcher of this.watchers.get(instanceId) ?? []) watcher();
  }
}
