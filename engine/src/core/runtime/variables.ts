import type { ElementModel, Mapping } from '../model.ts';
import { evaluateFeel } from '../expressions/feel.ts';
import type { Execution } from '../execution.ts';
import { ROOT_SCOPE, type Scope, type Token } from '../state.ts';
import { assignTarget } from '../variable-paths.ts';

/**
 * Variables as Zeebe handles them: scopes nest, a name lands in the nearest scope that has it, and
 * input and output mappings (FEEL source → target path) decide what an element sees and gives back.
 * Execution keeps these as its methods, which is how behaviours reach them.
 */

/** What mappings are evaluated against, besides `context`. */
export interface MappingOptions {
  /** The variables a nested target (`a.b`) builds on; without them `a` starts empty. */
  current?: Record<string, unknown>;
  /** Each source also sees the targets assigned before it (input mappings, as in Zeebe). */
  chained?: boolean;
}

/**
 * Evaluates each mapping's FEEL source against `context` and assigns the value to its target, in
 * order; returns the variables assigned (a nested target's whole variable). A source naming a
 * missing variable gives null; one that fails to evaluate throws an ExpressionError.
 */
export function applyMappings(mappings: readonly Mapping[], context: Record<string, unknown>, options: MappingOptions = {}): Record<string, unknown> {
  const current = { ...options.current };
  const assigned: Record<string, unknown> = {};
  for (const mapping of mappings) {
    const sees = options.chained ? { ...context, ...assigned } : context;
    const [name, value] = assignTarget(current, mapping.target, evaluateFeel(mapping.source, sees));
    current[name] = value;
    assigned[name] = value;
  }
  return assigned;
}

/** Everything visible from a scope: its variables over its parents' (inner names win). */
export function visibleVariables(run: Execution, scopeId: number): Record<string, unknown> {
  const chain: Scope[] = [];
  for (let scope: Scope | undefined = run.scope(scopeId); scope; scope = parentOf(run, scope)) chain.unshift(scope);
  return Object.assign({}, ...chain.map((scope) => scope.variables)) as Record<string, unknown>;
}

/**
 * Sets variables as Zeebe propagates them: each lands in the nearest scope (from `scopeId` up)
 * that already has it, else in the process scope.
 */
export function setVariables(run: Execution, scopeId: number, variables: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(variables)) {
    let target: Scope | undefined;
    for (let scope: Scope | undefined = run.scope(scopeId); scope; scope = parentOf(run, scope)) {
      if (Object.hasOwn(scope.variables, name)) {
        target = scope;
        break;
      }
    }
    (target ?? run.scope(ROOT_SCOPE)).variables[name] = value;
  }
}

/**
 * Variables that came with a message, signal or error: into the scope (and on up, as Zeebe
 * propagates them) unless the catching event maps them with output mappings.
 */
export function applyEventVariables(run: Execution, catcher: ElementModel, scopeId: number, variables: Record<string, unknown>): void {
  mapOut(run, catcher.outputs, variables, scopeId, scopeId);
}

/** Completion of an element with `variables`: its output mappings, or plain propagation. */
export function applyOutputs(run: Execution, token: Token, element: ElementModel, variables: Record<string, unknown>): void {
  mapOut(run, element.outputs, variables, token.ownScopeId ?? token.scopeId, token.scopeId);
}

/** Input mappings give the element local variables, in its own scope (opened if it has none yet). */
export function applyInputs(run: Execution, token: Token, element: ElementModel): void {
  if (element.inputs.length === 0) return;
  const locals = applyMappings(element.inputs, visibleVariables(run, token.ownScopeId ?? token.scopeId), { chained: true });
  if (token.ownScopeId === undefined) run.openScope(token, locals);
  else Object.assign(run.scope(token.ownScopeId).variables, locals);
}

/**
 * Output mappings read what `from` sees plus the given variables, and set their targets from
 * `into`; with none, the variables are set as they are.
 */
function mapOut(run: Execution, outputs: Mapping[], variables: Record<string, unknown>, from: number, into: number): void {
  if (outputs.length === 0) {
    setVariables(run, into, variables);
    return;
  }
  const context = { ...visibleVariables(run, from), ...variables };
  setVariables(run, into, applyMappings(outputs, context, { current: visibleVariables(run, into) }));
}

function parentOf(run: Execution, scope: Scope): Scope | undefined {
  return scope.parentId === undefined ? undefined : run.scope(scope.parentId);
}
