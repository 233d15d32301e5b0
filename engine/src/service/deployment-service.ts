import { supportTable } from '../core/behaviours/registry.ts';
import { createHash, randomUUID } from 'node:crypto';
import { loadBpmn, type ResourceProblem } from '../bpmn/load.ts';
import type { ProcessModel } from '../core/model.ts';
import { gridflowError } from '../errors/gridflow-error.ts';
import type { Clock } from '../time/clock.ts';
import { definitionId, type DefinitionStore } from '../store/definition-store.ts';
import type { DeploymentDoc } from '../store/documents.ts';
import type { DefinitionRegistry } from './definition-registry.ts';
import type { MessageService } from './message-service.ts';

export interface ResourceInput {
  name: string;
  content: string;
}

export interface DeployedDefinition {
  id: string;
  key: string;
  version: number;
  deploymentId: string;
}

export interface DeployResult {
  /** false: every process was unchanged and nothing was written. */
  created: boolean;
  deploymentId: string;
  processDefinitions: DeployedDefinition[];
}

/**
 * Deploys BPMN resources as versioned process definitions. The whole deployment is checked first;
 * any problem rejects all of it before anything is written. A process whose resource is unchanged
 * keeps its version.
 */
export class DeploymentService {
  constructor(private readonly store: DefinitionStore, private readonly registry: DefinitionRegistry, private readonly events: MessageService, private readonly clock: Clock) {}

  async deploy(tenantId: string, name: string, resources: ResourceInput[]): Promise<DeployResult> {
    const processes = await this.check(tenantId, resources);
    const checksums = new Map(resources.map((resource) => [resource, createHash('sha256').update(resource.content).digest('hex')]));
    const plans = await Promise.all(processes.map(async ({ model, resource }) => {
      const checksum = checksums.get(resource) ?? '';
      const current = await this.store.latestKey(tenantId, model.key);
      return { model, resource, checksum, current, unchanged: current?.latestChecksum === checksum };
    }));
    if (plans.every((plan) => plan.unchanged)) {
      const existing = await Promise.all(plans.map((plan) => this.store.definitionById(plan.current?.latestDefinitionId ?? '')));
      return {
        created: false,
        deploymentId: existing[0]?.deploymentId ?? '',
        processDefinitions: existing.flatMap((doc) => (doc ? [{ id: doc._id, key: doc.key, version: doc.version, deploymentId: doc.deploymentId }] : [])),
      };
    }
    const deploymentId = randomUUID();
    const now = this.clock.now();
    const deployed: DeployedDefinition[] = [];
    for (const plan of plans) {
      if (plan.unchanged && plan.current) {
        const doc = await this.store.definitionById(plan.current.latestDefinitionId);
        if (doc) deployed.push({ id: doc._id, key: doc.key, version: doc.version, deploymentId: doc.deploymentId });
        continue;
      }
      deployed.push(await this.addVersion(tenantId, deploymentId, plan.model, plan.resource, plan.checksum, now));
    }
    const deployment: DeploymentDoc = {
      _id: deploymentId, tenantId, name, createdAt: now,
      resources: resources.map((resource) => ({ name: resource.name, checksum: checksums.get(resource) ?? '' })),
      processDefinitionIds: deployed.map((definition) => definition.id),
    };
    await this.store.insertDeployment(deployment);
    return { created: true, deploymentId, processDefinitions: deployed };
  }

  async list(tenantId: string): Promise<DeploymentDoc[]> {
    const docs = await this.store.listDeployments(tenantId);
    return docs.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  /** A deployment with the definitions it made. */
  async get(tenantId: string, id: string): Promise<{ deployment: DeploymentDoc; definitions: DeployedDefinition[] }> {
    const deployment = await this.store.deploymentById(id);
    if (!deployment || deployment.tenantId !== tenantId) throw gridflowError('GF_ERR_DEPLOYMENT_NOT_FOUND', `no deployment '${id}'`, [{ id }]);
    const definitions = await this.store.definitionsOfDeployment(id);
    return { deployment, definitions: definitions.map((doc) => ({ id: doc._id, key: doc.key, version: doc.version, deploymentId: doc.deploymentId })) };
  }

  /** Every resource loads and every call activity names a known process, or nothing is deployed. */
  private async check(tenantId: string, resources: ResourceInput[]): Promise<{ model: ProcessModel; resource: ResourceInput }[]> {
    const problems: ResourceProblem[] = [];
    const processes: { model: ProcessModel; resource: ResourceInput }[] = [];
    if (resources.length === 0) {
      throw gridflowError('GF_ERR_BPMN_NO_PROCESS', 'the deployment holds no resource', [{ resource: '', elementId: '', reason: 'resources is empty' }]);
    }
    for (const resource of resources) {
      const loaded = await loadBpmn(resource.name, resource.content, supportTable);
      problems.push(...loaded.problems);
      for (const model of loaded.processes) {
        if (processes.some((other) => other.model.key === model.key)) {
          problems.push({ resource: resource.name, code: 'GF_ERR_BPMN_INVALID_ELEMENT', elementId: model.key, reason: `process '${model.key}' is defined twice in this deployment` });
        }
        processes.push({ model, resource });
      }
    }
    const keys = new Set(processes.map(({ model }) => model.key));
    for (const { model, resource } of processes) {
      for (const element of Object.values(model.elements)) {
        const called = element.calledElement?.processKey;
        if (!called || keys.has(called)) continue;
        if (!(await this.store.latestKey(tenantId, called))) {
          problems.push({ resource: resource.name, code: 'GF_ERR_BPMN_UNKNOWN_CALLED_PROCESS', elementId: element.id, reason: `calls process '${called}', which is neither deployed nor in this deployment` });
        }
      }
    }
    if (problems.length > 0) {
      // One code for the whole answer: the shared one, or "unsupported" when anything is (no fix of
      // the rest would make the model run here), else the general one. Each detail keeps its own.
      const codes = new Set(problems.map((problem) => problem.code));
      const code = codes.size === 1 ? [...codes][0] ?? 'GF_ERR_DEPLOYMENT_INVALID'
        : codes.has('GF_ERR_BPMN_UNSUPPORTED_ELEMENT') ? 'GF_ERR_BPMN_UNSUPPORTED_ELEMENT' : 'GF_ERR_DEPLOYMENT_INVALID';
      const first = problems[0];
      throw gridflowError(code, `deployment rejected: ${first?.resource}${first?.elementId ? ` (${first.elementId})` : ''}: ${first?.reason}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
        problems.map(({ resource, elementId, reason, code: problemCode }) => ({ resource, elementId, reason, code: problemCode })));
    }
    return processes;
  }

  /**
   * Writes version n+1 of a key. The definition is inserted under its deterministic id first, then
   * the key's latest version moves forward by a version-checked write; a concurrent deploy of the
   * same key loses the check and takes the next number.
   */
  private async addVersion(tenantId: string, deploymentId: string, model: ProcessModel, resource: ResourceInput, checksum: string, now: Date): Promise<DeployedDefinition> {
    for (;;) {
      const current = await this.store.latestKey(tenantId, model.key);
      if (current?.latestChecksum === checksum) {
        return { id: current.latestDefinitionId, key: model.key, version: current.latestVersion, deploymentId };
      }
      const version = (current?.latestVersion ?? 0) + 1;
      const id = definitionId(tenantId, model.key, version);
      const inserted = await this.store.insertDefinition({
        _id: id, tenantId, key: model.key, version, deploymentId, resourceName: resource.name, checksum, xml: resource.content, createdAt: now,
        ...(model.name === undefined ? {} : { name: model.name }),
      });
      if (!inserted) {
        // A version with this number exists: written by a concurrent deploy, or by one that crashed
        // before moving the key on. Move the key to it if it is ours, else try the next number.
        const existing = await this.store.definitionById(id);
        if (existing?.checksum !== checksum) {
          await this.advanceKey(tenantId, model.key, current?.latestVersion ?? 0, version, id, existing?.checksum ?? '');
          continue;
        }
      }
      if (await this.advanceKey(tenantId, model.key, current?.latestVersion ?? 0, version, id, checksum)) {
        const definition = await this.store.definitionById(id);
        if (definition) await this.events.activateStartEvents(definition, await this.registry.model(definition));
        return { id, key: model.key, version, deploymentId };
      }
    }
  }

  /** Moves the key from version `from` to `to` (definition `id`); false when another deploy moved it first. */
  private async advanceKey(tenantId: string, key: string, from: number, to: number, id: string, checksum: string): Promise<boolean> {
    try {
      return await this.store.advanceLatest(from, { tenantId, key, latestVersion: to, latestDefinitionId: id, latestChecksum: checksum });
    } finally {
      // Whatever the outcome, this node's starts by key read the latest version again.
      this.registry.forgetLatest(tenantId, key);
    }
  }
}
