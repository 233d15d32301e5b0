import type { ElementModel } from '../../model.ts';
import { ExpressionError } from '../../expressions/feel.ts';
import type { Execution } from '../../execution.ts';
import type { Token } from '../../state.ts';
import type { Behaviour } from '../behaviour.ts';

/**
 * The body of a multi-instance activity: it opens a scope, starts the inner instances (all at once,
 * or one after another) each with `loopCounter` and its element variable, gathers the output
 * collection, and leaves when all are done or the completion condition holds. The activity itself
 * runs unchanged in each inner instance.
 */
export const multiInstanceBody: Behaviour = {
  enter(run, body, element) {
    const loop = element.multiInstance;
    if (!loop) throw new Error(`'${element.id}' is not multi-instance`);
    let items: unknown[] | undefined;
    let total: number;
    if (loop.collection !== undefined) {
      const value = run.evaluate(loop.collection, body.scopeId);
      if (!Array.isArray(value)) throw new ExpressionError(loop.collection, `the input collection '${loop.collection}' of '${element.id}' is not a list`);
      items = value;
      total = value.length;
    } else {
      total = Number(run.evaluate(loop.loopCardinality ?? '0', body.scopeId));
      if (!Number.isInteger(total) || total < 0) throw new ExpressionError(loop.loopCardinality ?? '', `the loop cardinality of '${element.id}' is not a whole number`);
    }
    run.openScope(body, loop.outputCollection ? { [loop.outputCollection]: new Array<unknown>(total).fill(null) } : {}, false);
    body.multiInstance = { total, started: 0, completed: 0, terminated: 0, ...(loop.sequential && items ? { items } : {}) };
    run.wait(body);
    if (total === 0) {
      completeBody(run, body, element);
      return;
    }
    const first = loop.sequential ? 1 : total;
    for (let i = 0; i < first; i++) startInner(run, body, element, items?.[i]);
  },
  cancel() {
    // The inner instances are cancelled with the body's scope.
  },
};

function startInner(run: Execution, body: Token, element: ElementModel, item: unknown): void {
  const progress = body.multiInstance;
  if (!progress || body.ownScopeId === undefined) return;
  progress.started++;
  const inner = run.spawn(element.id, body.ownScopeId);
  inner.inner = true;
  const locals: Record<string, unknown> = { loopCounter: progress.started };
  if (element.multiInstance?.elementVariable) locals[element.multiInstance.elementVariable] = item ?? null;
  run.openScope(inner, locals);
}

/** An inner instance finished: record its output element, then start the next or finish the body. */
export function innerInstanceCompleted(run: Execution, inner: Token, variablesChanged?: string[]): void {
  const body = run.token(run.scope(inner.scopeId).tokenId ?? -1);
  const element = run.element(inner.elementId);
  const loop = element.multiInstance;
  const progress = body?.multiInstance;
  if (!body || !loop || !progress || body.ownScopeId === undefined) throw new Error(`inner instance ${inner.id} has no multi-instance body`);
  const innerScopeId = inner.ownScopeId ?? inner.scopeId;
  const loopCounter = Number(run.scope(innerScopeId).variables.loopCounter ?? 0);
  if (loop.outputCollection) {
    const bodyScope = run.scope(body.ownScopeId);
    const collected = [...(bodyScope.variables[loop.outputCollection] as unknown[] ?? [])];
    collected[loopCounter - 1] = loop.outputElement ? run.evaluate(loop.outputElement, innerScopeId) : null;
    bodyScope.variables[loop.outputCollection] = collected;
  }
  run.remove(inner, 'left', variablesChanged);
  progress.completed++;
  const active = run.tokensIn(body.ownScopeId).length;
  const done = loop.completionCondition !== undefined && run.evaluate(loop.completionCondition, body.ownScopeId, {
    numberOfInstances: progress.total, numberOfActiveInstances: active, numberOfCompletedInstances: progress.completed,
    numberOfTerminatedInstances: progress.terminated, loopCounter,
  }) === true;
  if (done) {
    for (const other of run.tokensIn(body.ownScopeId)) {
      progress.terminated++;
      run.cancel(other);
    }
    completeBody(run, body, element);
    return;
  }
  if (loop.sequential && progress.started < progress.total) {
    startInner(run, body, element, progress.items?.[progress.started]);
    return;
  }
  if (run.tokensIn(body.ownScopeId).length === 0) completeBody(run, body, element);
}

function completeBody(run: Execution, body: Token, element: ElementModel): void {
  const loop = element.multiInstance;
  if (loop?.outputCollection && body.ownScopeId !== undefined) {
    run.setVariables(body.scopeId, { [loop.outputCollection]: run.scope(body.ownScopeId).variables[loop.outputCollection] });
  }
  delete body.multiInstance;
  run.leave(body);
}
