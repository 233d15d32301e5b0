import { describe, expect, it } from 'vitest';
import { DefinitionRegistry } from '../../engine/src/service/definition-registry.ts';
import { DeploymentService } from '../../engine/src/service/deployment-service.ts';
import type { MessageService } from '../../engine/src/service/message-service.ts';
import { definitionKeyId, type DefinitionStore, type DefinitionSummary, type LatestVersion } from '../../engine/src/store/definition-store.ts';
import type { DefinitionDoc, DefinitionKeyDoc, DeploymentDoc } from '../../engine/src/store/documents.ts';

/** The definition store in memory: the database's answers (duplicate ids refused, version-checked key moves). */
class MemoryDefinitionStore implements DefinitionStore {
  readonly definitions = new Map<string, DefinitionDoc>();
  readonly keys = new Map<string, DefinitionKeyDoc>();
  readonly deployments = new Map<string, DeploymentDoc>();

  async definitionById(id: string): Promise<DefinitionDoc | null> {
    return structuredClone(this.definitions.get(id) ?? null);
  }

  async listDefinitions(tenantId: string, key?: string): Promise<DefinitionSummary[]> {
    return [...this.definitions.values()].filter((doc) => doc.tenantId === tenantId && (key === undefined || doc.key === key)).map(withoutXml);
  }

  async definitionsOfDeployment(deploymentId: string): Promise<DefinitionSummary[]> {
    return [...this.definitions.values()].filter((doc) => doc.deploymentId === deploymentId).map(withoutXml);
  }

  async insertDefinition(doc: DefinitionDoc): Promise<boolean> {
    if (this.definitions.has(doc._id)) return false;
    this.definitions.set(doc._id, structuredClone(doc));
    return true;
  }

  async latestKey(tenantId: string, key: string): Promise<DefinitionKeyDoc | null> {
    return structuredClone(this.keys.get(definitionKeyId(tenantId, key)) ?? null);
  }

  async advanceLatest(fromVersion: number, to: LatestVersion): Promise<boolean> {
    const keyId = definitionKeyId(to.tenantId, to.key);
    const current = this.keys.get(keyId);
    if (fromVersion === 0 ? current !== undefined : current?.latestVersion !== fromVersion) return false;
    this.keys.set(keyId, { _id: keyId, ...to });
    return true;
  }

  async insertDeployment(doc: DeploymentDoc): Promise<void> {
    this.deployments.set(doc._id, structuredClone(doc));
  }

  async deploymentById(id: string): Promise<DeploymentDoc | null> {
    return structuredClone(this.deployments.get(id) ?? null);
  }

  async listDeployments(tenantId: string): Promise<DeploymentDoc[]> {
    return [...this.deployments.values()].filter((doc) => doc.tenantId === tenantId);
  }
}

function withoutXml({ xml: _xml, ...rest }: DefinitionDoc): DefinitionSummary {
  return structuredClone(rest);
}

function processXml(name: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="p" name="${name}" isExecutable="true">
    <bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e"/><bpmn:endEvent id="e"/>
  </bpmn:process>
</bpmn:definitions>`;
}

function setUp() {
  const store = new MemoryDefinitionStore();
  const registry = new DefinitionRegistry(store);
  const activated: string[] = [];
  // Only the start events of a new version are the event service's part of a deploy.
  const events = { activateStartEvents: async (definition: DefinitionDoc) => { activated.push(definition._id); } } as unknown as MessageService;
  const service = new DeploymentService(store, registry, events, { now: () => new Date('2024-05-01T00:00:00Z') });
  const deploy = (name: string) => service.deploy('t1', 'test', [{ name: 'p.bpmn', content: processXml(name) }]);
  return { store, registry, service, activated, deploy };
}

describe('DeploymentService over a DefinitionStore', () => {
  it('should write version 1, keep it for an unchanged redeploy and write version 2 for a changed one', async () => {
    const { store, registry, activated, deploy } = setUp();

    const first = await deploy('one');
    const again = await deploy('one');
    const changed = await deploy('two');

    expect(first).toMatchObject({ created: true, processDefinitions: [{ id: 't1:p:1', version: 1 }] });
    expect(again).toEqual({ created: false, deploymentId: first.deploymentId, processDefinitions: first.processDefinitions });
    expect(changed).toMatchObject({ created: true, processDefinitions: [{ id: 't1:p:2', version: 2 }] });
    expect(store.keys.get('t1:p')).toMatchObject({ latestVersion: 2, latestDefinitionId: 't1:p:2' });
    expect(activated).toEqual(['t1:p:1', 't1:p:2']);
    expect((await registry.byKey('t1', 'p')).version).toBe(2);
    expect((await registry.list('t1')).map((doc) => [doc.version, 'xml' in doc])).toEqual([[1, false], [2, false]]);
  });

  it('should move the key to its own version left behind by a deploy that crashed before moving it', async () => {
    const { store, deploy } = setUp();
    await deploy('one');
    const crashed = await deploy('two');
    // As if the key had never moved on: version 2 is written, the key still names version 1.
    const one = store.definitions.get('t1:p:1') as DefinitionDoc;
    store.keys.set('t1:p', { _id: 't1:p', tenantId: 't1', key: 'p', latestVersion: 1, latestDefinitionId: one._id, latestChecksum: one.checksum });

    const retried = await deploy('two');

    expect(retried.processDefinitions).toMatchObject([{ id: 't1:p:2', version: 2, deploymentId: retried.deploymentId }]);
    expect(store.definitions.get('t1:p:2')?.deploymentId).toBe(crashed.deploymentId);
    expect(store.keys.get('t1:p')).toMatchObject({ latestVersion: 2, latestDefinitionId: 't1:p:2' });
  });

  it('should take the next number when another content holds this version', async () => {
    const { store, deploy } = setUp();
    await deploy('one');
    const other = { ...(store.definitions.get('t1:p:1') as DefinitionDoc), _id: 't1:p:2', version: 2, checksum: 'other' };
    await store.insertDefinition(other);

    const result = await deploy('two');

    expect(result.processDefinitions).toMatchObject([{ id: 't1:p:3', version: 3 }]);
    expect(store.keys.get('t1:p')).toMatchObject({ latestVersion: 3, latestDefinitionId: 't1:p:3' });
  });

  it('should answer a deployment with the definitions it made, and refuse another tenant', async () => {
    const { service, deploy } = setUp();
    const first = await deploy('one');

    const { deployment, definitions } = await service.get('t1', first.deploymentId);

    expect(deployment.processDefinitionIds).toEqual(['t1:p:1']);
    expect(definitions).toEqual([{ id: 't1:p:1', key: 'p', version: 1, deploymentId: first.deploymentId }]);
    await expect(service.get('t2', first.deploymentId)).rejects.toMatchObject({ code: 'GF_ERR_DEPLOYMENT_NOT_FOUND' });
    expect((await service.list('t1')).map((doc) => doc._id)).toEqual([first.deploymentId]);
  });
});
