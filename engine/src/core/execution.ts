import type { ElementModel, FlowModel, ProcessModel } from './model.ts';
import { evaluateFeel, ExpressionError } from './expressions/feel.ts';
import type { Effect, HistoryEvent } from './effects.ts';
import { ROOT_SCOPE, type IncidentCode, type InstanceState, type Scope, type Token } from './state.ts';
import { behaviourOf } from './behaviours/registry.ts';
import { catchersOfScope, catchersOfToken, subscribe, unsubscribe } from './subscriptions.ts';
import { innerInstanceCompleted, multiInstanceBody } from './behaviours/activities/multi-instance.ts';
import { activateInclusiveJoin } from './behaviours/gateways/inclusive-gateway.ts';
import { continuesLater, suspend } from './continuations.ts';
import { applyEventVariables, applyInputs, applyOutputs, setVariables, visibleVariables } from './runtime/variables.ts';

const MAX_STEPS = 10_000;

/**
 * One transition of one instance: tokens move until every one of them waits or is gone. Behaviours
 * (one per BPMN element type) drive it through this object; it records effects and history and
 * never does I/O or reads a clock (`now` is given).
 */
export class Execution {
  readonly effects: Effect[] = [];
  readonly history: HistoryEvent[] = [];
  private readonly queue: Token[] = [];
  /** Tokens spawned at a catch event whose event has already happened (after an event-based gateway). */
  readonly triggered = new Map<Token, Record<string, unknown>>();
  actor: string | undefined;

  constructor(readonly model: ProcessModel, readonly state: InstanceState, readonly now: string) {}

  element(id: string): ElementModel {
    const element = this.model.elements[id];
    if (!element) throw new Error(`element '${id}' is not in process '${this.model.key}'`);
    return element;
  }

  flow(id: string): FlowModel {
    const flow = this.model.flows[id];
    if (!flow) throw new Error(`sequence flow '${id}' is not in process '${this.model.key}'`);
    return flow;
  }

  token(id: number): Token | undefined {
    return this.state.tokens.find((token) => token.id === id);
  }

  scope(id: number): Scope {
    const scope = this.state.scopes.find((candidate) => candidate.id === id);
    if (!scope) throw new Error(`scope ${id} is not in instance ${this.state.id}`);
    return scope;
  }

  // ---- tokens -------------------------------------------------------------------------------

  /** Puts a new token before `elementId` in `scopeId`; it enters when the run reaches it. */
  spawn(elementId: string, scopeId: number, via?: string): Token {
    const token: Token = { id: this.state.seq++, elementId, scopeId, state: 'ready' };
    if (via !== undefined) token.via = via;
    this.state.tokens.push(token);
    this.queue.push(token);
    return token;
  }

  /**
   * Runs until every token waits. Inclusive joins are checked once nothing else can move. A model
   * that loops without ever waiting stops after MAX_STEPS entries with an incident, not a hang.
   */
  run(): void {
    let steps = 0;
    for (;;) {
      const token = this.queue.shift();
      if (token) {
        if (!this.state.tokens.includes(token) || token.state !== 'ready') continue;
        if (++steps > MAX_STEPS) {
          token.state = 'waiting';
          this.raiseIncident(token, 'GF_ERR_INCIDENT_LOOP', `more than ${MAX_STEPS} elements entered in one step: the model loops without waiting`);
          continue;
        }
        if (continuesLater(this, token)) suspend(this, token);
        else this.enter(token);
        continue;
      }
      if (!activateInclusiveJoin(this)) return;
    }
  }

  private enter(token: Token): void {
    const element = this.element(token.elementId);
    const behaviour = element.multiInstance && !token.inner ? multiInstanceBody : behaviourOf(element);
    if (!behaviour.joins) this.record(token, 'entered');
    try {
      behaviour.enter(this, token, element);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      token.state = 'waiting';
      this.raiseIncident(token, 'GF_ERR_INCIDENT_EXPRESSION', error.message);
    }
  }

  /** The token waits for the outside; its catch events (own, following or boundary) start listening. */
  wait(token: Token): void {
    token.state = 'waiting';
    subscribe(this, token.id, token.scopeId, catchersOfToken(this, token));
  }

  /**
   * The token leaves its element along `flowIds` (default: every outgoing flow whose condition
   * holds, else the default flow). With nowhere to go it is consumed and its scope may complete.
   */
  leave(token: Token, flowIds?: string[], variablesChanged?: string[]): void {
    if (token.inner) {
      innerInstanceCompleted(this, token, variablesChanged);
      return;
    }
    const element = this.element(token.elementId);
    const targets = flowIds ?? this.takenFlows(element, token.scopeId);
    if (targets === undefined) {
      token.state = 'waiting';
      this.raiseIncident(token, 'GF_ERR_INCIDENT_NO_OUTGOING_FLOW', `no outgoing flow of '${element.id}' has a true condition and there is no default flow`);
      return;
    }
    this.remove(token, 'left', variablesChanged);
    for (const flowId of targets) {
      const next = this.spawn(this.flow(flowId).targetId, token.scopeId, flowId);
      if (element.continuation?.after) next.continuation = 'pending';
    }
    if (targets.length === 0) this.completeScopeIfDone(token.scopeId);
  }

  /** Outgoing flows of an activity or event: unconditional and true ones, else the default. */
  takenFlows(element: ElementModel, scopeId: number): string[] | undefined {
    const taken: string[] = [];
    for (const flowId of element.outgoing) {
      if (flowId === element.defaultFlowId) continue;
      const flow = this.flow(flowId);
      if (flow.condition === undefined || this.evaluate(flow.condition, scopeId) === true) taken.push(flowId);
    }
    if (taken.length > 0) return taken;
    if (element.defaultFlowId) return [element.defaultFlowId];
    const conditional = element.outgoing.some((flowId) => this.flow(flowId).condition !== undefined);
    return conditional ? undefined : [];
  }

  /** Removes a token, writing its history line; cancels what it owned (a nested scope). */
  remove(token: Token, event: 'left' | 'cancelled', variablesChanged?: string[]): void {
    // A token stopped for its continuation never entered: nothing listens, and it has no history line.
    const entered = token.continuation !== 'waiting';
    if (token.state === 'waiting' && entered) unsubscribe(this, token.id, catchersOfToken(this, token));
    if (token.ownScopeId !== undefined) this.closeScope(token.ownScopeId);
    this.state.tokens = this.state.tokens.filter((candidate) => candidate !== token);
    if (entered && (event === 'left' || token.state !== 'joining')) this.record(token, 'left', variablesChanged);
  }

  /** Cancels a token and everything inside it (tasks, jobs, nested scopes). */
  cancel(token: Token): void {
    if (token.continuation === 'waiting') this.effects.push({ type: 'job.ended', tokenId: token.id, reason: 'cancelled' });
    else behaviourOf(this.element(token.elementId)).cancel?.(this, token, this.element(token.elementId));
    if (token.ownScopeId !== undefined) {
      for (const inner of this.state.tokens.filter((candidate) => candidate.scopeId === token.ownScopeId)) this.cancel(inner);
    }
    this.state.incidents = this.state.incidents.filter((incident) => incident.tokenId !== token.id);
    this.remove(token, 'cancelled');
  }

  /** Tokens of a scope (not of its nested scopes). */
  tokensIn(scopeId: number): Token[] {
    return this.state.tokens.filter((token) => token.scopeId === scopeId);
  }

  /** When nothing is left in a scope, the scope completes: the process ends, or its sub-process moves on. */
  completeScopeIfDone(scopeId: number): void {
    if (this.tokensIn(scopeId).length > 0) return;
    if (scopeId === ROOT_SCOPE) {
      this.endInstance('completed');
      return;
    }
    const scope = this.scope(scopeId);
    const owner = scope.tokenId === undefined ? undefined : this.token(scope.tokenId);
    if (!owner) return;
    const element = this.element(owner.elementId);
    behaviourOf(element).scopeCompleted?.(this, owner, element);
  }

  endInstance(status: 'completed' | 'terminated' | 'cancelled'): void {
    if (this.state.status !== 'active') return;
    for (const token of this.tokensIn(ROOT_SCOPE)) this.cancel(token);
    unsubscribe(this, ROOT_SCOPE, catchersOfScope(this, this.model.key));
    this.state.status = status;
    this.effects.push({ type: 'instance.ended', status });
  }

  // ---- scopes and variables -------------------------------------------------------------------

  /**
   * A scope of the token's own; a sub-process's event sub-processes start listening in it (not in a
   * multi-instance body's scope: each inner instance has its own).
   */
  openScope(token: Token, variables: Record<string, unknown> = {}, listen = true): Scope {
    const scope: Scope = { id: this.state.seq++, elementId: token.elementId, parentId: token.scopeId, tokenId: token.id, variables };
    this.state.scopes.push(scope);
    token.ownScopeId = scope.id;
    if (listen) subscribe(this, scope.id, scope.id, catchersOfScope(this, scope.elementId));
    return scope;
  }

  private closeScope(scopeId: number): void {
    const scope = this.state.scopes.find((candidate) => candidate.id === scopeId);
    if (scope) unsubscribe(this, scopeId, catchersOfScope(this, scope.elementId));
    this.state.scopes = this.state.scopes.filter((candidate) => candidate.id !== scopeId);
  }

  // Variable handling lives in runtime/variables.ts (documented there); behaviours reach it here.

  applyEventVariables(catcher: ElementModel, scopeId: number, variables: Record<string, unknown>): void {
    applyEventVariables(this, catcher, scopeId, variables);
  }

  visibleVariables(scopeId: number): Record<string, unknown> {
    return visibleVariables(this, scopeId);
  }

  setVariables(scopeId: number, variables: Record<string, unknown>): void {
    setVariables(this, scopeId, variables);
  }

  applyOutputs(token: Token, element: ElementModel, variables: Record<string, unknown>): void {
    applyOutputs(this, token, element, variables);
  }

  applyInputs(token: Token, element: ElementModel): void {
    applyInputs(this, token, element);
  }

  /** Evaluates FEEL against what a scope sees; an ExpressionError raises an incident in `enter`. */
  evaluate(expression: string, scopeId: number, extra?: Record<string, unknown>): unknown {
    const variables = this.visibleVariables(scopeId);
    return evaluateFeel(expression, extra ? { ...variables, ...extra } : variables);
  }

  /**
   * A Zeebe-style attribute: FEEL when it starts with '=', a literal otherwise.
   */
  attribute(value: string | undefined, scopeId: number): unknown {
    if (value === undefined) return undefined;
    return value.startsWith('=') ? this.evaluate(value.slice(1), scopeId) : value;
  }

  // ---- incidents and history ------------------------------------------------------------------

  raiseIncident(token: Token, code: IncidentCode, message: string): void {
    const incident = { id: `${this.state.id}.${token.id}.${this.state.seq++}`, elementId: token.elementId, tokenId: token.id, code, message, createdAt: this.now };
    this.state.incidents.push(incident);
    this.effects.push({ type: 'incident.created', incident });
  }

  record(token: Token, event: 'entered' | 'left', variablesChanged?: string[]): void {
    const element = this.element(token.elementId);
    const line: HistoryEvent = { tokenId: token.id, elementId: element.id, elementType: element.type, event, at: this.now };
    if (this.actor !== undefined && event === 'left') line.actor = this.actor;
    if (variablesChanged && variablesChanged.length > 0) line.variablesChanged = variablesChanged;
    this.history.push(line);
  }
}
