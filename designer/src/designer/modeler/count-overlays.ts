import type Modeler from 'bpmn-js/lib/Modeler';
import type { ElementCount } from '../api/processes-api';

type Overlays = { add(elementId: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement }): string; remove(filter: { type: string }): void };
type Registry = { get(id: string): unknown };
const TYPE = 'gridflow-counts';

/**
 * Badges on the diagram: per element, how many instances wait there — blue in time (or with no
 * limit), yellow close to the limit, red past it — and its open incidents. What a supervisor
 * reads to see where cases pile up. Replaces the badges shown before.
 */
export function showCounts(modeler: Modeler, counts: ElementCount[], words: { incidents: string }): void {
  const overlays = modeler.get<Overlays>('overlays');
  const registry = modeler.get<Registry>('elementRegistry');
  overlays.remove({ type: TYPE });
  for (const count of counts) {
    if (!registry.get(count.elementId)) continue;
    const red = count.tasks.red;
    const yellow = count.tasks.yellow;
    const blue = Math.max(count.active - red - yellow, count.tasks.blue + count.tasks.noLimit);
    const badge = document.createElement('div');
    badge.className = 'gf-counts';
    badge.dataset.element = count.elementId;
    for (const [colour, value] of [['blue', blue], ['yellow', yellow], ['red', red]] as const) {
      if (value === 0) continue;
      const part = document.createElement('span');
      part.className = `gf-count gf-count--${colour}`;
      part.dataset.colour = colour;
      part.textContent = String(value);
      badge.append(part);
    }
    if (count.incidents > 0) {
      const part = document.createElement('span');
      part.className = 'gf-count gf-count--incident';
      part.dataset.colour = 'incident';
      part.title = words.incidents;
      part.textContent = `! ${count.incidents}`;
      badge.append(part);
    }
    if (badge.childElementCount > 0) overlays.add(count.elementId, TYPE, { position: { bottom: 10, left: -10 }, html: badge });
  }
}

export function hideCounts(modeler: Modeler): void {
  modeler.get<Overlays>('overlays').remove({ type: TYPE });
}
