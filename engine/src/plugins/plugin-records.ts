import type { PluginRecords } from '@gridflow/plugin-api';
import { derivedId } from '../store/derived-id.ts';
import type { PluginRecordStore } from '../store/plugin-record-store.ts';

/** Values a record is found by: top-level fields of its data that are text, numbers or yes/no. */
const keysOf = (data: Record<string, unknown>, fields: readonly string[]) =>
  fields.filter((field) => ['string', 'number', 'boolean'].includes(typeof data[field])).map((field) => `${field}=${String(data[field])}`);

/**
 * A plugin's own records (`host.records`): written once by id — the insert is the arbiter when
 * two callers race for the same id (the first acceptance of an offer wins) — and found by id or
 * by the fields it named as keys, each an equality lookup.
 */
export function pluginRecords(store: PluginRecordStore, plugin: string, now: () => Date): PluginRecords {
  const idOf = (tenantId: string, collection: string, id: string) => derivedId(`record\n${tenantId}\n${plugin}\n${collection}\n${id}`);
  return {
    async insert(tenantId, collection, id, data, options = {}) {
      const inserted = await store.insert({
        _id: idOf(tenantId, collection, id), tenantId, plugin, collection, recordId: id, keys: keysOf(data, options.keys ?? []), data, createdAt: now(),
      });
      if (inserted) return { inserted: true, data };
      const kept = await store.get(idOf(tenantId, collection, id));
      return { inserted: false, data: kept?.data ?? data };
    },
    async get(tenantId, collection, id) {
      return (await store.get(idOf(tenantId, collection, id)))?.data;
    },
    async find(tenantId, collection, where) {
      const [first, ...rest] = Object.entries(where);
      if (!first) throw new TypeError('find needs at least one field = value');
      const found = await store.withKey(tenantId, plugin, collection, `${first[0]}=${String(first[1])}`);
      return found.filter((doc) => rest.every(([field, value]) => doc.keys.includes(`${field}=${String(value)}`))).map((doc) => doc.data);
    },
  };
}
