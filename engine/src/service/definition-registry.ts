import { supportTable } from '../core/behaviours/registry.ts';
import type { ProcessModel } from '../core/model.ts';
import { loadBpmn } from '../bpmn/load.ts';
import { gridflowError } from '../errors/gridflow-error.ts';
import { definitionId, definitionKeyId, type DefinitionStore, type DefinitionSummary } from '../store/definition-store.ts';
import type { DefinitionDoc } from '../store/documents.ts';

const LATEST_READ_MS = 1_000;

/** Finds process definitions and keeps their compiled models in memory (definitions never change). */
export class DefinitionRegistry {
  private readonly models = new Map<string, Promise<ProcessModel>>();
  /** Definitions never change once written, so they are kept once read. */
  private readonly docs = new Map<string, DefinitionDoc>();
  /** The latest version of each key as read lately (see byKey). */
  private readonly latest = new Map<string, { id: string; at: number }>();

  constructor(private readonly store: DefinitionStore) {}

  async byId(tenantId: string, id: string): Promise<DefinitionDoc> {
    const doc = await this.store.definitionById(id);
    if (!doc || doc.tenantId !== tenantId) throw gridflowError('GF_ERR_DEFINITION_NOT_FOUND', `no process definition '${id}'`, [{ id }]);
    return doc;
  }

  /**
   * The latest version of a key, or a pinned one. The latest version is read at most once a
   * second: a version deployed through this node is used at once (the deploy forgets what was
   * read), one deployed through another node within a second.
   */
  async byKey(tenantId: string, key: string, version?: number): Promise<DefinitionDoc> {
    let id: string | undefined;
    if (version === undefined) {
      const keyId = definitionKeyId(tenantId, key);
      const known = this.latest.get(keyId);
      if (known && Date.now() - known.at < LATEST_READ_MS) {
        id = known.id;
      } else {
        id = (await this.store.latestKey(tenantId, key))?.latestDefinitionId;
        if (id) this.latest.set(keyId, { id, at: Date.now() });
      }
    } else {
      id = definitionId(tenantId, key, version);
    }
    const doc = id === undefined ? null : await this.definitionById(id);
    if (!doc) throw gridflowError('GF_ERR_DEFINITION_NOT_FOUND', `no process definition '${key}'${version === undefined ? '' : ` version ${version}`}`, [{ key, version }]);
    return doc;
  }

  /** A deploy through this node moved the key on (or tried to). */
  forgetLatest(tenantId: string, key: string): void {
    this.latest.delete(definitionKeyId(tenantId, key));
  }

  private async definitionById(id: string): Promise<DefinitionDoc | null> {
    const cached = this.docs.get(id);
    if (cached) return cached;
    const doc = await this.store.definitionById(id);
    if (doc) this.docs.set(id, doc);
    return doc;
  }

  /** Definitions of a tenant (of one key), without their XML, by key then version. */
  async list(tenantId: string, key?: string): Promise<DefinitionSummary[]> {
    const docs = await this.store.listDefinitions(tenantId, key);
    return docs.sort((a, b) => a.key.localeCompare(b.key) || a.version - b.version);
  }

  model(definition: Pick<DefinitionDoc, '_id' | 'key' | 'resourceName' | 'xml'>): Promise<ProcessModel> {
    let model = this.models.get(definition._id);
    if (!model) {
      model = compile(definition);
      this.models.set(definition._id, model);
      model.catch(() => this.models.delete(definition._id));
    }
    return model;
  }

  async modelById(definitionIdValue: string): Promise<ProcessModel> {
    const cached = this.models.get(definitionIdValue);
    if (cached) return cached;
    const doc = await this.store.definitionById(definitionIdValue);
    if (!doc) throw new Error(`process definition ${definitionIdValue} of a stored instance is missing`);
    return this.model(doc);
  }
}

async function compile(definition: Pick<DefinitionDoc, 'key' | 'resourceName' | 'xml'>): Promise<ProcessModel> {
  const loaded = await loadBpmn(definition.resourceName, definition.xml, supportTable);
  const model = loaded.processes.find((process) => process.key === definition.key);
  if (!model) throw new Error(`process '${definition.key}' is missing from its stored resource ${definition.resourceName}`);
  return model;
}
