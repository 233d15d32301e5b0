import { Engine } from 'json-rules-engine';
import type { Clock } from '../time/clock.ts';
import type { TaskDoc } from '../store/documents.ts';
import type { RuleDecision, RuleSetDoc, RuleVersionDoc } from '../store/rule-set-doc.ts';
import { ruleSetId, ruleVersionId, type RuleSetStore } from '../store/rule-set-store.ts';
import { gridflowError } from '../errors/gridflow-error.ts';
import { checkRuleSet, type RuleProblem } from './rule-check.ts';
import { plainPathResolver } from './rule-paths.ts';
import { defaultOperatorNames } from './rule-operators.ts';
import { diffVersions, fingerprintOf, ruleSetView, versionView, type RuleSetDiff, type RuleSetView, type VersionView } from './rule-set-view.ts';
import { vocabularyOf, type RuleExtensions } from './rule-vocabulary.ts';
import type { RuleDecisions } from './rule-decisions.ts';
import { dryRun, type DryRunInput, type DryRunResult } from './rule-dry-run.ts';
import type { RuleSetFile } from '../packs/pack-files.ts';

export interface DraftInput {
  rules: unknown;
  facts?: unknown;
  effectiveFrom?: string;
  comment: string;
  /** Names a set the draft creates (default: its key). */
  name?: string;
  description?: string;
}

/** A rule set as a pack ships it (rules/*.json), with the file it came from. */
export type PackRuleSetFile = RuleSetFile;

/** What approval needs of the engine around it: the tenant's approval process and its steps. */
export interface RuleApprovalPort {
  /** The approval process of the tenant's pack; undefined when it deploys none. */
  processKey(tenantId: string): Promise<string | undefined>;
  /** Where the approval is placed: the grid of the submitter's first post, else the tenant's root. */
  homeGridOf(tenantId: string, personId: string): Promise<string | undefined>;
  /** Starts it (a repeated start with the same instance id is a no-op). */
  start(tenantId: string, request: { processKey: string; instanceId: string; businessKey: string; variables: Record<string, unknown> }): Promise<void>;
  openSteps(instanceId: string): Promise<TaskDoc[]>;
  candidateGroupsOf(tenantId: string, personId: string): Promise<string[]>;
  completeStep(tenantId: string, taskId: string, variables: Record<string, unknown>, actor: string): Promise<void>;
  /** Waits until the approval's handler work (activation, rejection) is done, or a few seconds. */
  settle(instanceId: string): Promise<void>;
}

export interface RuleSetPorts {
  store: RuleSetStore;
  clock: Clock;
  extensions(): RuleExtensions;
  approval: RuleApprovalPort;
  decisions: RuleDecisions;
}

const MAX_WRITE_ATTEMPTS = 20;

/**
 * Rule sets and their versions: drafts checked on save, submitted into the tenant's approval
 * process, decided by someone other than the author, active from their `effectiveFrom`.
 */
export class RuleSetService {
  constructor(private readonly ports: RuleSetPorts) {}

  async list(tenantId: string): Promise<RuleSetView[]> {
    const now = this.ports.clock.now();
    return (await this.ports.store.ruleSets(tenantId)).sort((a, b) => a.key.localeCompare(b.key)).map((set) => ruleSetView(set, now));
  }

  /** The facts (beyond a set's declared ones) and operators a rule may name: json-rules-engine's, the engine's and the enabled plugins'. */
  vocabulary(): { facts: string[]; operators: string[] } {
    const { facts, operators } = this.ports.extensions();
    return { facts: [...facts.keys()], operators: [...new Set([...defaultOperatorNames, ...operators.keys()])] };
  }

  async get(tenantId: string, key: string): Promise<RuleSetView & { active: VersionView | null; versions: VersionView[] }> {
    const set = await this.ruleSet(tenantId, key);
    const now = this.ports.clock.now();
    const versions = (await this.ports.store.versions(tenantId, key)).map((doc) => versionView(set, doc, now));
    const view = ruleSetView(set, now);
    return { ...view, active: versions.find((version) => version.version === view.activeVersion) ?? null, versions };
  }

  async version(tenantId: string, key: string, version: number): Promise<VersionView> {
    const set = await this.ruleSet(tenantId, key);
    return versionView(set, await this.versionDoc(tenantId, key, version), this.ports.clock.now());
  }

  async diff(tenantId: string, key: string, from: number, to: number): Promise<RuleSetDiff> {
    await this.ruleSet(tenantId, key);
    return diffVersions(await this.versionDoc(tenantId, key, from), await this.versionDoc(tenantId, key, to));
  }

  /** Checks a version and stores it as a draft; GF_ERR_RULE_INVALID with pointers, nothing stored, when it is not runnable. */
  async draft(tenantId: string, key: string, input: DraftInput, author: string, source: RuleVersionDoc['source'] = 'api'): Promise<VersionView> {
    const problems = this.problemsOf(input);
    if (problems.length > 0) throw gridflowError('GF_ERR_RULE_INVALID', `rule set '${key}': ${problems.map((problem) => `${problem.pointer} ${problem.reason}`).join('; ')}`, problems);
    const now = this.ports.clock.now();
    await this.ports.store.insertRuleSet({
      _id: ruleSetId(tenantId, key), tenantId, key, name: input.name ?? key, description: input.description ?? '', lastVersion: 0, schedule: [], retiredAt: null, createdAt: now, revision: 0,
    });
    // A retired set takes drafts too: approving one brings the set back.
    const set = await this.change(tenantId, key, (current) => ({ ...current, lastVersion: current.lastVersion + 1 }));
    const rules = input.rules as unknown[];
    const facts = (input.facts ?? []) as RuleVersionDoc['facts'];
    const doc: RuleVersionDoc = {
      _id: ruleVersionId(tenantId, key, set.lastVersion), tenantId, ruleSetKey: key, version: set.lastVersion, status: 'draft', rules, facts,
      effectiveFrom: input.effectiveFrom ? new Date(input.effectiveFrom) : null, author, comment: input.comment, createdAt: now, source,
      fingerprint: fingerprintOf(rules, facts), submittedAt: null, approvalInstanceId: null, decisions: [],
      approvedBy: null, approvedAt: null, rejectedBy: null, rejectedAt: null, revision: 0,
    };
    await this.ports.store.insertVersion(doc);
    return versionView(set, doc, now);
  }

  /** The problems of a pack's rule set files, each with its file and a pointer into it. */
  packProblems(files: PackRuleSetFile[]): Array<{ file: string; pointer: string; reason: string }> {
    return files.flatMap((file) => this.problemsOf(file).map((problem) => ({ file: file.file, pointer: problem.pointer, reason: problem.reason })));
  }

  /**
   * A deployed pack's rule sets: a file equal to the latest version proposes nothing; a changed one
   * becomes a draft, submitted where the tenant has an approval process; it never replaces an
   * active version. A set the tenant has never had active starts active from its file (there is
   * nothing to replace, and the pack's processes decide with it from the first case).
   */
  async propose(tenantId: string, files: PackRuleSetFile[], by: string): Promise<Array<{ key: string; version: number; status: string; created: boolean }>> {
    const proposed = [];
    for (const file of files) proposed.push(await this.proposeOne(tenantId, file, by));
    return proposed;
  }

  private async proposeOne(tenantId: string, file: PackRuleSetFile, by: string) {
    const latest = (await this.ports.store.versions(tenantId, file.key)).at(-1);
    const facts = file.facts ?? [];
    const same = latest?.fingerprint === fingerprintOf(file.rules, facts);
    const version = same && latest ? latest.version
      : (await this.draft(tenantId, file.key, { rules: file.rules, facts, comment: `随配置包部署：${file.file}`, name: file.name, ...(file.description ? { description: file.description } : {}) }, by, 'pack')).version;
    const set = await this.ruleSet(tenantId, file.key);
    const doc = await this.versionDoc(tenantId, file.key, version);
    // Repeatable: a deploy cut short before the install or the submit does it the next time.
    if (set.schedule.length === 0 && doc.status === 'draft') await this.install(tenantId, file.key, version, by);
    else if (doc.status === 'draft' && doc.source === 'pack' && await this.ports.approval.processKey(tenantId)) await this.submit(tenantId, file.key, version, by);
    const view = await this.version(tenantId, file.key, version);
    return { key: file.key, version, status: view.status, created: !same };
  }

  /** The first version of a set a pack brings: active at once. */
  private async install(tenantId: string, key: string, version: number, by: string): Promise<void> {
    const now = this.ports.clock.now();
    await this.change(tenantId, key, (set) => (set.schedule.some((entry) => entry.version === version) ? set : { ...set, schedule: [...set.schedule, { version, effectiveFrom: now, approvedAt: now }] }));
    await this.changeVersion(tenantId, key, version, (current) => (current.status === 'approved' ? current : { ...current, status: 'approved', approvedBy: by, approvedAt: now }));
    this.ports.decisions.forget(tenantId, key);
  }

  /** A draft goes to the tenant's approval process (pending); a pending one whose process was not started yet starts it. */
  async submit(tenantId: string, key: string, version: number, by: string): Promise<VersionView> {
    await this.ruleSet(tenantId, key);
    const processKey = await this.ports.approval.processKey(tenantId);
    if (!processKey) throw gridflowError('GF_ERR_RULE_NO_APPROVAL_PROCESS', `tenant '${tenantId}' deploys no rule-set approval process (pack.json ruleApproval)`, [{ tenantId }]);
    const instanceId = approvalInstanceId(tenantId, key, version);
    const doc = await this.changeVersion(tenantId, key, version, (current) => {
      if (current.status === 'pending') return current;
      if (current.status !== 'draft') throw notInState(current, 'submitted', 'draft');
      return { ...current, status: 'pending', submittedAt: this.ports.clock.now(), approvalInstanceId: instanceId };
    });
    const gridId = await this.ports.approval.homeGridOf(tenantId, by);
    await this.ports.approval.start(tenantId, {
      processKey, instanceId, businessKey: `${key}:${version}`,
      variables: { ruleSetKey: key, ruleSetVersion: version, author: doc.author, submittedBy: by, comment: doc.comment, ...(gridId ? { gridId } : {}) },
    });
    await this.ports.approval.settle(instanceId);
    return this.version(tenantId, key, version);
  }

  /**
   * A decision on an open step of the version's approval, by a holder of that step who is not the
   * author. It is recorded on the version first (the process's activation checks it), then the
   * step is completed; the answer shows the version once the process has acted on it.
   */
  async decide(tenantId: string, key: string, version: number, decision: RuleDecision['decision'], by: string, comment: string): Promise<VersionView> {
    const doc = await this.versionDoc(tenantId, key, version);
    if (doc.status !== 'pending') throw notInState(doc, decision === 'approve' ? 'approved' : 'rejected', 'pending');
    if (doc.author === by) throw gridflowError('GF_ERR_RULE_SELF_APPROVAL', `'${by}' wrote version ${version} of '${key}' and may not decide on it`, [{ ruleSetKey: key, version, author: by }]);
    const instanceId = doc.approvalInstanceId ?? approvalInstanceId(tenantId, key, version);
    const groups = new Set(await this.ports.approval.candidateGroupsOf(tenantId, by));
    const steps = await this.ports.approval.openSteps(instanceId);
    const step = steps.find((task) => task.assignee === by || task.candidateUsers.includes(by) || task.candidateGroups.some((group) => groups.has(group)));
    if (!step) throw gridflowError('GF_ERR_RULE_NOT_APPROVER', `'${by}' holds no open step of the approval of '${key}' version ${version}`, [{ ruleSetKey: key, version, steps: steps.map((task) => task.candidateGroups) }]);
    await this.changeVersion(tenantId, key, version, (current) => {
      if (current.decisions.some((entry) => entry.taskId === step._id)) return current;
      return { ...current, decisions: [...current.decisions, { taskId: step._id, by, decision, comment, at: this.ports.clock.now() }] };
    });
    await this.ports.approval.completeStep(tenantId, step._id, { decision, decisionComment: comment, decidedBy: by }, by);
    await this.ports.approval.settle(instanceId);
    return this.version(tenantId, key, version);
  }

  /**
   * The approval process approved the version: it takes its place in the schedule (effective at
   * its `effectiveFrom`, or now) and is marked approved by whoever decided last. Repeatable: a run
   * after a crash finds what the first one wrote. Refused when no one but the author approved it.
   */
  async activate(tenantId: string, key: string, version: number): Promise<void> {
    const doc = await this.versionDoc(tenantId, key, version);
    if (doc.status === 'approved') return;
    if (doc.status !== 'pending') throw notInState(doc, 'approved', 'pending');
    const last = doc.decisions.at(-1);
    if (!last || last.decision !== 'approve' || last.by === doc.author) {
      throw gridflowError('GF_ERR_RULE_SELF_APPROVAL', `version ${version} of '${key}' reached approval without an approving decision by someone other than its author (decided around POST …/approve?)`, [{ ruleSetKey: key, version }]);
    }
    const now = this.ports.clock.now();
    const effectiveFrom = doc.effectiveFrom && doc.effectiveFrom.getTime() > now.getTime() ? doc.effectiveFrom : now;
    await this.change(tenantId, key, (set) => (set.schedule.some((entry) => entry.version === version)
      ? set : { ...set, schedule: [...set.schedule, { version, effectiveFrom, approvedAt: now }], retiredAt: null }));
    await this.changeVersion(tenantId, key, version, (current) => (current.status === 'approved' ? current : { ...current, status: 'approved', approvedBy: last.by, approvedAt: now }));
    this.ports.decisions.forget(tenantId, key);
  }

  /** The approval process rejected the version. */
  async reject(tenantId: string, key: string, version: number): Promise<void> {
    await this.changeVersion(tenantId, key, version, (current) => {
      if (current.status === 'rejected') return current;
      if (current.status !== 'pending') throw notInState(current, 'rejected', 'pending');
      const last = current.decisions.at(-1);
      return { ...current, status: 'rejected', rejectedBy: last?.by ?? null, rejectedAt: this.ports.clock.now() };
    });
  }

  /** The test bench: a version (default the active one) evaluated on given facts, with every condition explained; nothing stored. */
  async evaluate(tenantId: string, key: string, facts: Record<string, unknown>, version?: number) {
    const made = await this.ports.decisions.decide({ tenantId, ruleSetKey: key, ...(version === undefined ? {} : { version }), variables: facts, given: facts, explain: true, anyStatus: true });
    return { version: made.version, events: made.decision.events, fired: made.decision.fired, params: made.params, conditions: made.decision.rules ?? [], facts: made.facts };
  }

  /** A version evaluated on past cases' recorded facts against what was decided then. */
  async dryRun(tenantId: string, key: string, version: number, input: DryRunInput): Promise<DryRunResult> {
    await this.ruleSet(tenantId, key);
    return dryRun(this.ports.store, this.ports.decisions, await this.versionDoc(tenantId, key, version), input);
  }

  /** A retired set decides nothing more: business-rule tasks naming it stop with an incident, until a new version of it is approved. */
  async retire(tenantId: string, key: string): Promise<RuleSetView> {
    const set = await this.change(tenantId, key, (current) => (current.retiredAt ? current : { ...current, retiredAt: this.ports.clock.now() }));
    this.ports.decisions.forget(tenantId, key);
    return ruleSetView(set, this.ports.clock.now());
  }

  /** A step of a rule set's approval is decided through approve / reject, which check the author and record the decision. */
  refuseStep(task: TaskDoc): void {
    const key = task.variables?.ruleSetKey;
    if (typeof key !== 'string' || typeof task.variables?.ruleSetVersion !== 'number') return;
    const version = task.variables.ruleSetVersion;
    throw gridflowError('GF_ERR_RULE_DECIDE_BY_ROUTE', `task '${task._id}' approves version ${version} of rule set '${key}': POST /api/v1/rule-sets/${key}/versions/${version}/approve or /reject`, [{ ruleSetKey: key, version }]);
  }

  problemsOf(input: { rules: unknown; facts?: unknown }): RuleProblem[] {
    const problems = checkRuleSet(input, vocabularyOf(this.ports.extensions()));
    if (problems.length > 0) return problems;
    // json-rules-engine reads every rule as it would run it: a rule it refuses is refused here too.
    try {
      new Engine(input.rules as never, { allowUndefinedFacts: true, pathResolver: plainPathResolver });
    } catch (error) {
      return [{ pointer: '/rules', reason: `json-rules-engine refuses the rules: ${error instanceof Error ? error.message : String(error)}` }];
    }
    return [];
  }

  async ruleSet(tenantId: string, key: string): Promise<RuleSetDoc> {
    const set = await this.ports.store.ruleSet(tenantId, key);
    if (!set) throw gridflowError('GF_ERR_RULE_SET_NOT_FOUND', `no rule set '${key}' in tenant '${tenantId}'`, [{ ruleSetKey: key }]);
    return set;
  }

  async versionDoc(tenantId: string, key: string, version: number): Promise<RuleVersionDoc> {
    const doc = await this.ports.store.version(tenantId, key, version);
    if (!doc) throw gridflowError('GF_ERR_RULE_VERSION_NOT_FOUND', `rule set '${key}' has no version ${version}`, [{ ruleSetKey: key, version }]);
    return doc;
  }

  /** A version-checked change of the set, tried again while other writers win. */
  private change(tenantId: string, key: string, next: (set: RuleSetDoc) => RuleSetDoc): Promise<RuleSetDoc> {
    return changedUntilWritten(() => this.ruleSet(tenantId, key), next, (doc, revision) => this.ports.store.replaceRuleSet(doc, revision), `rule set '${key}'`);
  }

  private changeVersion(tenantId: string, key: string, version: number, next: (doc: RuleVersionDoc) => RuleVersionDoc): Promise<RuleVersionDoc> {
    return changedUntilWritten(() => this.versionDoc(tenantId, key, version), next, (doc, revision) => this.ports.store.replaceVersion(doc, revision), `version ${version} of '${key}'`);
  }
}

/** Reads, changes and writes back if unchanged meanwhile, again while another writer wins; the document as written. */
async function changedUntilWritten<T extends { revision: number }>(read: () => Promise<T>, next: (doc: T) => T, write: (doc: T, revision: number) => Promise<boolean>, what: string): Promise<T> {
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    const current = await read();
    const changed = next(current);
    if (changed === current) return current;
    if (await write(changed, current.revision)) return { ...changed, revision: current.revision + 1 };
  }
  throw new Error(`${what} kept changing under ${MAX_WRITE_ATTEMPTS} writes`);
}

/** The approval's instance id is the version's: a submit repeated after a crash starts no second one. */
export function approvalInstanceId(tenantId: string, key: string, version: number): string {
  return `rules.${tenantId}.${key}.${version}`;
}

function notInState(doc: RuleVersionDoc, action: string, needed: string) {
  return gridflowError('GF_ERR_RULE_VERSION_STATE', `version ${doc.version} of '${doc.ruleSetKey}' is ${doc.status}: only a ${needed} version is ${action}`, [{ ruleSetKey: doc.ruleSetKey, version: doc.version, status: doc.status }]);
}
