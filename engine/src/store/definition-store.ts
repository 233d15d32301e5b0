import type { DefinitionDoc, DefinitionKeyDoc, DeploymentDoc } from './documents.ts';
import { insertedUnlessThere, type Store } from './store.ts';

/** A definition as listed: everything but its XML (which can be large and is not shown in lists). */
export type DefinitionSummary = Omit<DefinitionDoc, 'xml'>;

/** What a key's latest version moves to: the key document without its id (derived from tenant and key). */
export type LatestVersion = Omit<DefinitionKeyDoc, '_id'>;

/**
 * Deployments, process definitions and each key's latest version, as the definition registry and
 * the deployment service read and write them. Definitions are never changed once written; a key's
 * latest version only moves forward, by a version-checked write. Lookups are by id or by equality.
 */
export interface DefinitionStore {
  /** A definition by id, of whichever tenant (the caller checks the tenant). */
  definitionById(id: string): Promise<DefinitionDoc | null>;
  /** A tenant's definitions (of one key when given), without their XML, in no particular order. */
  listDefinitions(tenantId: string, key?: string): Promise<DefinitionSummary[]>;
  /** The definitions a deployment made, without their XML, in no particular order. */
  definitionsOfDeployment(deploymentId: string): Promise<DefinitionSummary[]>;
  /** Writes a definition under its id; false when one with that id is stored already (nothing is written). */
  insertDefinition(doc: DefinitionDoc): Promise<boolean>;
  /** A key's latest version, null when the key was never deployed. */
  latestKey(tenantId: string, key: string): Promise<DefinitionKeyDoc | null>;
  /**
   * Moves a key's latest version on if it is still at `fromVersion` (0: the key is new); false when
   * another deploy moved it first (or made the key first).
   */
  advanceLatest(fromVersion: number, to: LatestVersion): Promise<boolean>;
  insertDeployment(doc: DeploymentDoc): Promise<void>;
  /** A deployment by id, of whichever tenant (the caller checks the tenant). */
  deploymentById(id: string): Promise<DeploymentDoc | null>;
  /** A tenant's deployments, in no particular order. */
  listDeployments(tenantId: string): Promise<DeploymentDoc[]>;
}

/** A definition's id: deterministic, so two deploys of the same version of a key collide on it. */
export function definitionId(tenantId: string, key: string, version: number): string {
  return `${tenantId}:${key}:${version}`;
}

/** The id of a key's latest-version document: one per tenant and process key. */
export function definitionKeyId(tenantId: string, key: string): string {
  return `${tenantId}:${key}`;
}

/** The definition store on the database. */
export class DatabaseDefinitionStore implements DefinitionStore {
  constructor(private readonly store: Store) {}

  definitionById(id: string): Promise<DefinitionDoc | null> {
    return this.store.definitions.findOne({ _id: id });
  }

  listDefinitions(tenantId: string, key?: string): Promise<DefinitionSummary[]> {
    return this.store.definitions.find(key === undefined ? { tenantId } : { tenantId, key }, { projection: { xml: 0 } }).toArray();
  }

  definitionsOfDeployment(deploymentId: string): Promise<DefinitionSummary[]> {
    return this.store.definitions.find({ deploymentId }, { projection: { xml: 0 } }).toArray();
  }

  insertDefinition(doc: DefinitionDoc): Promise<boolean> {
    return insertedUnlessThere(() => this.store.definitions.insertOne(doc));
  }

  latestKey(tenantId: string, key: string): Promise<DefinitionKeyDoc | null> {
    return this.store.definitionKeys.findOne({ _id: definitionKeyId(tenantId, key) });
  }

  async advanceLatest(fromVersion: number, to: LatestVersion): Promise<boolean> {
    // Only the key's own fields are written, whatever else the caller's object holds (an `_id` in $set would fail).
    const { tenantId, key, latestVersion, latestDefinitionId, latestChecksum } = to;
    const fields: LatestVersion = { tenantId, key, latestVersion, latestDefinitionId, latestChecksum };
    const keyId = definitionKeyId(tenantId, key);
    if (fromVersion === 0) {
      // A new key: the first insert wins, a concurrent first deploy finds the id taken.
      return insertedUnlessThere(() => this.store.definitionKeys.insertOne({ _id: keyId, ...fields }));
    }
    // Under the key's lock: the embedded database's conditional update is not atomic by itself, so
    // two deploys checking the same version could both win (see db/document-lock.ts).
    const result = await this.store.database.documentLock.withLock('definition-key', keyId, () =>
      this.store.definitionKeys.updateOne({ _id: keyId, latestVersion: fromVersion }, { $set: fields }));
    return result.modifiedCount === 1;
  }

  async insertDeployment(doc: DeploymentDoc): Promise<void> {
    await this.store.deployments.insertOne(doc);
  }

  deploymentById(id: string): Promise<DeploymentDoc | null> {
    return this.store.deployments.findOne({ _id: id });
  }

  listDeployments(tenantId: string): Promise<DeploymentDoc[]> {
    return this.store.deployments.find({ tenantId }).toArray();
  }
}
