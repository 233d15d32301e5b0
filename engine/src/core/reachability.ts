import type { ProcessModel } from './model.ts';

const reachCache = new WeakMap<ProcessModel, Map<string, Set<string>>>();

/** Whether a token at `fromId` can still arrive at `toId` by sequence flows (and boundary events). */
export function canReach(model: ProcessModel, fromId: string, toId: string): boolean {
  let cache = reachCache.get(model);
  if (!cache) reachCache.set(model, (cache = new Map()));
  let reach = cache.get(fromId);
  if (!reach) {
    reach = new Set();
    const pending = [fromId];
    while (pending.length > 0) {
      const element = model.elements[pending.pop() ?? ''];
      if (!element) continue;
      const next = [...element.outgoing.map((flowId) => model.flows[flowId]?.targetId ?? ''), ...element.boundaryIds];
      for (const id of next) {
        if (!reach.has(id)) {
          reach.add(id);
          pending.push(id);
        }
      }
    }
    cache.set(fromId, reach);
  }
  return reach.has(toId);
}
