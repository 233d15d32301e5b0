import { createHash } from 'node:crypto';
import { gridflowError } from '../errors/gridflow-error.ts';
import { Organisation } from '../org/organisation.ts';
import type { PackContent, RuleSetFile } from './pack-files.ts';
import type { DeploymentService, DeployResult } from '../service/deployment-service.ts';
import type { PackDoc, TenantDoc } from '../store/pack-doc.ts';
import type { PackStore, PackVersion } from '../store/pack-store.ts';
import type { Clock } from '../time/clock.ts';
import { readPack, type PackFile, type PackProblem, type ReadPack } from './pack-reader.ts';

export interface PackView {
  id: string;
  tenantId: string;
  name: string;
  version: number;
  /** Files added, changed or removed against the previous version (all of them for version 1). */
  changed: string[];
  createdAt: string;
  processDefinitions?: { id: string; key: string; version: number }[];
}

export interface PackDeployResult {
  /** false: the pack was unchanged and nothing was written. */
  created: boolean;
  pack: PackView;
  /** What became of each of the pack's rule sets: a new version (active for a set the tenant never had, else a draft or pending), or unchanged. */
  ruleSets: ProposedRuleSet[];
}

export interface ProposedRuleSet {
  key: string;
  version: number;
  status: string;
  created: boolean;
}

/** The rule sets a pack ships, as the rules take them: checked with the rest of the pack, proposed once it is applied. */
export interface PackRuleSets {
  problems(files: RuleSetFile[]): PackProblem[];
  /** Each changed set as a new version, never replacing an active one; repeatable (an unchanged file proposes nothing). */
  propose(tenantId: string, files: RuleSetFile[], by: string): Promise<ProposedRuleSet[]>;
}

const noRuleSets: PackRuleSets = { problems: () => [], propose: async () => [] };

type FileSum = PackDoc['files'][number];

/** How long a node trusts its copy of a tenant's active pack before it looks again (another node may deploy). */
const TENANT_CACHE_MS = 2_000;

/**
 * Deploys city packs and keeps each tenant's organisation. A deploy checks every file first; only a
 * valid pack is applied, in an order a crash cannot tear: BPMN (versioned, unchanged processes keep
 * their version), then the pack version document, then the tenant switched to it by one write.
 */
export class PackService {
  private readonly organisations = new Map<string, Organisation>();
  private readonly tenants = new Map<string, { doc: TenantDoc | null; readAt: number }>();

  /** Only `deploy` of the deployment service is used: the pack's BPMN is deployed through it. */
  constructor(private readonly packs: PackStore, private readonly deployments: Pick<DeploymentService, 'deploy'>, private readonly clock: Clock, private readonly ruleSets: PackRuleSets = noRuleSets) {}

  /** `by`: who deploys (the author of the rule set versions it proposes). */
  /**
   * Deploys a pack's files. With `basePackId` (an editor's deploy: the version it loaded) the
   * deploy becomes exactly the next version of that one, or is refused with 409
   * GF_ERR_PACK_CHANGED when another deploy got there first — never written over it unseen.
   */
  async deploy(tenantId: string, files: PackFile[], by = 'system', options: { basePackId?: string } = {}): Promise<PackDeployResult> {
    // An editor's deploy holds the tenant's deploy lock from its check to its switch: a racing
    // one cannot slip its processes in between (the loser's BPMN would be the latest definition).
    if (options.basePackId !== undefined) return this.packs.withDeployLock(tenantId, () => this.deployFiles(tenantId, files, by, options));
    return this.deployFiles(tenantId, files, by, options);
  }

  private async deployFiles(tenantId: string, files: PackFile[], by: string, options: { basePackId?: string }): Promise<PackDeployResult> {
    const read = await readPack(files, {
      sharedCatalogue: async (sharedTenant) => {
        if (sharedTenant === tenantId) return undefined;
        const shared = await this.organisationIfAny(sharedTenant);
        const sharedPack = await this.packs.tenant(sharedTenant);
        return shared && sharedPack ? { packId: sharedPack.packId, categories: shared.content.categories, items: shared.content.items } : undefined;
      },
    });
    const problems = read.problems.length > 0 ? read.problems : this.ruleSets.problems(read.rules);
    if (problems.length > 0) throw invalid(problems);
    const { manifest } = read.content;
    const tenant = await this.packs.tenant(tenantId);
    if (tenant && tenant.pack !== manifest.name) {
      throw gridflowError('GF_ERR_PACK_TENANT_TAKEN', `tenant '${tenantId}' runs pack '${tenant.pack}'; deploy '${manifest.name}' to another tenant`, [{ tenantId, pack: tenant.pack }]);
    }
    const fileSums = files.map((file) => ({ path: file.path.replace(/^\.?\/+/, ''), checksum: sha256(file.content) })).sort((a, b) => a.path.localeCompare(b.path));
    // A catalogue extending another tenant's changes with it: the shared pack version is part of the checksum.
    const checksum = sha256([...fileSums.map((file) => `${file.path}:${file.checksum}`), `extends:${read.extendsPackId ?? ''}`].join('\n'));
    const latest = await this.packs.latestVersion(tenantId, manifest.name);
    if (options.basePackId !== undefined && latest?._id !== options.basePackId) throw changedSince(options.basePackId, latest);
    const sources = JSON.stringify(files.map((file) => ({ path: file.path.replace(/^\.?\/+/, ''), content: file.content })));
    if (latest && latest.checksum === checksum) {
      // A version deployed before files were kept gets them from this redeploy of the same files.
      await this.packs.keepSources(latest._id, sources);
      // A crash after the pack document but before the switch leaves the tenant behind: switch now.
      if (!tenant || tenant.packId !== latest._id) await this.switchTenant(tenantId, latest);
      // …and the rule sets proposed after the switch may be missing too: proposing again changes only what is missing.
      return { created: false, pack: packView(latest, []), ruleSets: await this.ruleSets.propose(tenantId, read.rules, by) };
    }
    const deployed = await this.deployments.deploy(tenantId, `pack:${manifest.name}`, read.processes.map((file) => ({ name: file.path, content: file.content })));
    const written = await this.writeVersion(tenantId, read, { fileSums, checksum, latest, deployed, sources, onlyNext: options.basePackId !== undefined });
    // After the switch: a proposal may start the approval process the new pack deploys.
    return { ...written, ruleSets: await this.ruleSets.propose(tenantId, read.rules, by) };
  }

  async list(tenantId: string): Promise<PackView[]> {
    const docs = await this.packs.versions(tenantId);
    return docs.sort((a, b) => a.name.localeCompare(b.name) || a.version - b.version).map((doc) => packView(doc, []));
  }

  async get(tenantId: string, id: string): Promise<PackView & { files: PackDoc['files'] }> {
    const doc = await this.packs.version(id);
    if (!doc || doc.tenantId !== tenantId) throw gridflowError('GF_ERR_PACK_NOT_FOUND', `no pack '${id}' in tenant '${tenantId}'`, [{ id }]);
    return { ...packView(doc, []), files: doc.files };
  }

  /** The files a pack version was deployed from, as the pack editors start from them. */
  async files(tenantId: string, id: string): Promise<PackFile[]> {
    const doc = await this.packs.version(id);
    if (!doc || doc.tenantId !== tenantId) throw gridflowError('GF_ERR_PACK_NOT_FOUND', `no pack '${id}' in tenant '${tenantId}'`, [{ id }]);
    const sources = await this.packs.sourcesOf(id);
    if (sources === null) throw gridflowError('GF_ERR_PACK_FILES_NOT_KEPT', `pack '${id}' was deployed before its files were kept; deploy its folder again (the same files) to keep them`, [{ id }]);
    return JSON.parse(sources) as PackFile[];
  }

  /** The organisation a tenant runs now; 409 when it has no pack yet. */
  async organisation(tenantId: string): Promise<Organisation> {
    const found = await this.organisationIfAny(tenantId);
    if (!found) throw gridflowError('GF_ERR_TENANT_NO_PACK', `tenant '${tenantId}' has no pack deployed; deploy one with POST /api/v1/packs or npx gridflow deploy`, [{ tenantId }]);
    return found;
  }

  async organisationIfAny(tenantId: string): Promise<Organisation | undefined> {
    const tenant = await this.tenant(tenantId);
    if (!tenant) return undefined;
    const cached = this.organisations.get(tenant.packId);
    if (cached) return cached;
    const doc = await this.packs.versionWithContent(tenant.packId);
    if (!doc) throw new Error(`tenant '${tenantId}' points at pack '${tenant.packId}', which is not stored`);
    const organisation = new Organisation(JSON.parse(doc.content) as PackContent);
    this.organisations.set(tenant.packId, organisation);
    return organisation;
  }

  /**
   * The pack's forms as of a version (forms are versioned with their pack): the tenant's current
   * pack when no version is asked; undefined when the tenant has no pack or no such version.
   */
  async formsAt(tenantId: string, version?: number): Promise<{ version: number; forms: PackContent['forms'] } | undefined> {
    const tenant = await this.tenant(tenantId);
    if (!tenant) return undefined;
    if (version === undefined || version === tenant.packVersion) {
      const org = await this.organisationIfAny(tenantId);
      return org && { version: tenant.packVersion, forms: org.content.forms };
    }
    const found = (await this.packs.versions(tenantId)).find((doc) => doc.name === tenant.pack && doc.version === version);
    const doc = found && await this.packs.versionWithContent(found._id);
    return doc ? { version, forms: (JSON.parse(doc.content) as PackContent).forms } : undefined;
  }

  /** Stores the next free version number of a changed pack and switches the tenant to it. */
  private async writeVersion(tenantId: string, read: ReadPack, plan: { fileSums: FileSum[]; checksum: string; latest: PackVersion | null; deployed: DeployResult; sources: string; onlyNext: boolean }): Promise<Omit<PackDeployResult, 'ruleSets'>> {
    const { fileSums, checksum, latest, deployed, sources } = plan;
    const name = read.content.manifest.name;
    const previous = new Map((latest?.files ?? []).map((file) => [file.path, file.checksum]));
    const changed = [
      ...fileSums.filter((file) => previous.get(file.path) !== file.checksum).map((file) => file.path),
      ...[...previous.keys()].filter((path) => !fileSums.some((file) => file.path === path)),
    ];
    for (let version = (latest?.version ?? 0) + 1; ; version++) {
      const doc: PackDoc = {
        _id: `${tenantId}:${name}:${version}`, tenantId, name, version, checksum, files: fileSums,
        content: JSON.stringify(read.content), sources, deploymentId: deployed.deploymentId || null, createdAt: this.clock.now(),
      };
      if (!(await this.packs.insertVersion(doc))) {
        // Another deploy took this version number: an editor's deploy is refused, any other takes the next.
        if (plan.onlyNext) throw changedSince(latest?._id ?? '', await this.packs.latestVersion(tenantId, name));
        continue;
      }
      await this.switchTenant(tenantId, doc);
      return { created: true, pack: { ...packView(doc, changed), processDefinitions: deployed.processDefinitions.map(({ id, key, version: v }) => ({ id, key, version: v })) } };
    }
  }

  private async tenant(tenantId: string): Promise<TenantDoc | null> {
    const cached = this.tenants.get(tenantId);
    const now = Date.now();
    if (cached && now - cached.readAt < TENANT_CACHE_MS) return cached.doc;
    const doc = await this.packs.tenant(tenantId);
    this.tenants.set(tenantId, { doc, readAt: now });
    return doc;
  }

  private async switchTenant(tenantId: string, doc: PackVersion): Promise<void> {
    const tenant: TenantDoc = { _id: tenantId, tenantId, pack: doc.name, packId: doc._id, packVersion: doc.version, updatedAt: this.clock.now() };
    // A newer version already active (another deploy won) is what the tenant runs: read it next time.
    if (await this.packs.switchTenant(tenant)) this.tenants.set(tenantId, { doc: tenant, readAt: Date.now() });
    else this.tenants.delete(tenantId);
  }
}

function changedSince(basePackId: string, latest: PackVersion | null) {
  return gridflowError('GF_ERR_PACK_CHANGED', `the pack was deployed since '${basePackId}': it is at '${latest?._id ?? 'none'}' now; load it and make the change again`,
    [{ field: 'basePackId', basePackId, currentPackId: latest?._id ?? null, currentVersion: latest?.version ?? null }]);
}

function invalid(problems: PackProblem[]) {
  const first = problems[0];
  return gridflowError('GF_ERR_PACK_INVALID',
    `pack rejected: ${first?.file}${first?.pointer ? ` ${first.pointer}` : ''}${first?.elementId ? ` (${first.elementId})` : ''}: ${first?.reason}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
    problems.map((problem) => ({ ...problem })));
}

function packView(doc: Pick<PackVersion, '_id' | 'tenantId' | 'name' | 'version' | 'createdAt'>, changed: string[]): PackView {
  return { id: doc._id, tenantId: doc.tenantId, name: doc.name, version: doc.version, changed, createdAt: doc.createdAt.toISOString() };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
