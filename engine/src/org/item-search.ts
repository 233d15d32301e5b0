import { pinyin } from 'pinyin-pro';
import type { CatalogueItem } from '../packs/pack-files.ts';

/** An item as the apps search it: by name, by its pinyin, and by the pinyin initials a worker types (楼道堆物 → ldbw). */
export type SearchableItem = CatalogueItem & { pinyin: string; initials: string };

const searchable = new WeakMap<CatalogueItem[], SearchableItem[]>();

/**
 * The catalogue with each name's pinyin, worked out once per deployed catalogue on the server, so
 * the phone's app does not carry a dictionary of Chinese characters to search by initials.
 */
export function searchableItems(items: CatalogueItem[]): SearchableItem[] {
  let found = searchable.get(items);
  if (!found) {
    found = items.map((item) => ({
      ...item,
      pinyin: pinyin(item.name, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join(' ').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim(),
      initials: pinyin(item.name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' }).join('').toLowerCase(),
    }));
    searchable.set(items, found);
  }
  return found;
}
