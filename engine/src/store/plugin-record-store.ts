import { insertedUnlessThere, type Store } from './store.ts';

/**
 * A document a plugin keeps of its own (a team's acceptance, a volunteer's hours). `_id` is
 * derived from the tenant, plugin, collection and the plugin's id of it; `keys` are the
 * `field=value` pairs the plugin finds it by, one equality lookup each.
 */
export interface PluginRecordDoc {
  _id: string;
  tenantId: string;
  plugin: string;
  collection: string;
  recordId: string;
  keys: string[];
  data: Record<string, unknown>;
  createdAt: Date;
}

export interface PluginRecordStore {
  /** False when a record of that id is kept already (it is left as it is). */
  insert(doc: PluginRecordDoc): Promise<boolean>;
  get(id: string): Promise<PluginRecordDoc | null>;
  /** The records of a plugin's collection holding one `field=value` key. */
  withKey(tenantId: string, plugin: string, collection: string, key: string): Promise<PluginRecordDoc[]>;
}

export class DatabasePluginRecordStore implements PluginRecordStore {
  constructor(private readonly store: Store) {}

  insert(doc: PluginRecordDoc): Promise<boolean> {
    return insertedUnlessThere(() => this.store.pluginRecords.insertOne(doc));
  }

  get(id: string): Promise<PluginRecordDoc | null> {
    return this.store.pluginRecords.findOne({ _id: id });
  }

  // `keys` is pushed down as an element equality; tenant, plugin and collection narrow it further.
  withKey(tenantId: string, plugin: string, collection: string, key: string): Promise<PluginRecordDoc[]> {
    return this.store.pluginRecords.find({ keys: key, tenantId, plugin, collection }).toArray();
  }
}
