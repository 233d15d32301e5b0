import { describe, expect, it } from 'vitest';
import { Execution } from '../../engine/src/core/execution.ts';
import { ExpressionError } from '../../engine/src/core/expressions/feel.ts';
import type { ElementModel, Mapping, ProcessModel } from '../../engine/src/core/model.ts';
import type { InstanceState, Token } from '../../engine/src/core/state.ts';
import { applyMappings } from '../../engine/src/core/runtime/variables.ts';

describe('applyMappings', () => {
  it('should assign each source, evaluated against the context, to its target', () => {
    // given
    const mappings: Mapping[] = [{ source: 'severity + 1', target: 'level' }, { source: 'reporter', target: 'assignee' }];

    // when
    const assigned = applyMappings(mappings, { severity: 2, reporter: 'wang.fang' });

    // then
    expect(assigned).toEqual({ level: 3, assignee: 'wang.fang' });
  });

  it('should nest a dotted target into a copy of the current value', () => {
    // given
    const current = { contact: { name: 'Li Lei', phone: '110' } };

    // when
    const assigned = applyMappings([{ source: 'email', target: 'contact.email' }], { email: 'li@example.org' }, { current });

    // then
    expect(assigned).toEqual({ contact: { name: 'Li Lei', phone: '110', email: 'li@example.org' } });
    expect(current).toEqual({ contact: { name: 'Li Lei', phone: '110' } });
  });

  it('should build a second target of the same variable on the first', () => {
    // when
    const assigned = applyMappings([{ source: '1', target: 'grid.level' }, { source: '"G-7"', target: 'grid.id' }], {});

    // then
    expect(assigned).toEqual({ grid: { level: 1, id: 'G-7' } });
  });

  it('should start a nested target afresh when there is no current value to build on', () => {
    // when
    const assigned = applyMappings([{ source: 'email', target: 'contact.email' }], { email: 'li@example.org', contact: { name: 'Li Lei' } });

    // then
    expect(assigned).toEqual({ contact: { email: 'li@example.org' } });
  });

  it('should give null for a source naming a missing variable', () => {
    // when
    const assigned = applyMappings([{ source: 'missing', target: 'answer' }, { source: 'missing.deeper', target: 'deeper' }], {});

    // then
    expect(assigned).toEqual({ answer: null, deeper: null });
  });

  it('should let a chained (input) mapping see the targets before it, and an output mapping not', () => {
    // given
    const mappings: Mapping[] = [{ source: '"C-7"', target: 'caseCode' }, { source: 'caseCode', target: 'key' }];

    // when
    const inputs = applyMappings(mappings, { caseCode: 'outer' }, { chained: true });
    const outputs = applyMappings(mappings, { caseCode: 'outer' });

    // then
    expect(inputs).toEqual({ caseCode: 'C-7', key: 'C-7' });
    expect(outputs).toEqual({ caseCode: 'C-7', key: 'outer' });
  });

  it('should throw an ExpressionError for a source that does not evaluate', () => {
    // when / then
    expect(() => applyMappings([{ source: '1 +', target: 'broken' }], {})).toThrow(ExpressionError);
  });
});

describe('variables in scopes', () => {
  const element = (id: string, mappings: Partial<Pick<ElementModel, 'inputs' | 'outputs'>> = {}): ElementModel => ({
    id, type: 'task', scopeId: 'p', incoming: [], outgoing: [], boundaryIds: [], inputs: mappings.inputs ?? [], outputs: mappings.outputs ?? [],
  });
  const model: ProcessModel = { key: 'p', elements: { sub: element('sub') }, flows: {}, startIds: {}, eventSubProcessIds: {} };

  /** A process scope (0) holding `process`, and a sub-process scope (1) in it holding `sub`. */
  function runWith(process: Record<string, unknown>, sub: Record<string, unknown>): Execution {
    const state: InstanceState = {
      id: 'i1', status: 'active', seq: 10, tokens: [], incidents: [],
      scopes: [{ id: 0, elementId: 'p', variables: process }, { id: 1, elementId: 'sub', parentId: 0, variables: sub }],
    };
    return new Execution(model, state, '2026-01-05T08:00:00.000Z');
  }
  const tokenIn = (scopeId: number, ownScopeId?: number): Token => ({ id: 5, elementId: 'sub', scopeId, state: 'waiting', ...(ownScopeId === undefined ? {} : { ownScopeId }) });

  it('should see a scope\'s variables over its parents\'', () => {
    // given
    const run = runWith({ caseCode: 'C-1', severity: 1 }, { severity: 4 });

    // when
    const visible = run.visibleVariables(1);

    // then
    expect(visible).toEqual({ caseCode: 'C-1', severity: 4 });
  });

  it('should set a variable in the nearest scope that has it, else in the process scope', () => {
    // given
    const run = runWith({ caseCode: 'C-1' }, { severity: 4 });

    // when
    run.setVariables(1, { severity: 5, caseCode: 'C-2', answer: 'yes' });

    // then
    expect(run.scope(1).variables).toEqual({ severity: 5 });
    expect(run.scope(0).variables).toEqual({ caseCode: 'C-2', answer: 'yes' });
  });

  it('should propagate completion variables as they are when the element has no output mappings', () => {
    // given
    const run = runWith({}, { severity: 4 });

    // when
    run.applyOutputs(tokenIn(1), element('task'), { severity: 2, resolution: 'fixed' });

    // then
    expect(run.scope(1).variables).toEqual({ severity: 2 });
    expect(run.scope(0).variables).toEqual({ resolution: 'fixed' });
  });

  it('should map outputs from what the element saw into the scope it runs in', () => {
    // given the element's own scope (1) holds a local the outputs read
    const run = runWith({ contact: { name: 'Li Lei' } }, { local: 'from inside' });
    const outputs: Mapping[] = [{ source: 'local', target: 'note' }, { source: 'answer', target: 'contact.answer' }];

    // when
    run.applyOutputs(tokenIn(0, 1), element('task', { outputs }), { answer: 'on our way', ignored: true });

    // then only the mapped targets land in the process scope, nested ones built on what is there
    expect(run.scope(0).variables).toEqual({ contact: { name: 'Li Lei', answer: 'on our way' }, note: 'from inside' });
  });

  it('should map an event\'s variables through the catching event\'s output mappings', () => {
    // given
    const run = runWith({ caseCode: 'C-7' }, {});
    const catcher = element('reply', { outputs: [{ source: 'caseCode + ": " + text', target: 'reply' }] });

    // when
    run.applyEventVariables(catcher, 1, { text: 'on our way' });

    // then
    expect(run.scope(0).variables).toEqual({ caseCode: 'C-7', reply: 'C-7: on our way' });
    expect(run.scope(1).variables).toEqual({});
  });

  it('should give an element its input mappings as locals in a scope of its own', () => {
    // given
    const run = runWith({ reporter: 'wang.fang' }, {});
    const token = tokenIn(1);
    const inputs: Mapping[] = [{ source: 'reporter', target: 'assignee' }, { source: 'assignee + "!"', target: 'greeting' }];

    // when
    run.applyInputs(token, element('sub', { inputs }));

    // then
    expect(token.ownScopeId).toBe(10);
    expect(run.scope(10)).toMatchObject({ parentId: 1, tokenId: 5, variables: { assignee: 'wang.fang', greeting: 'wang.fang!' } });
    expect(run.scope(0).variables).toEqual({ reporter: 'wang.fang' });
  });

  it('should add input mappings to the scope the element already has', () => {
    // given
    const run = runWith({ reporter: 'wang.fang' }, { loopCounter: 2 });

    // when
    run.applyInputs(tokenIn(0, 1), element('sub', { inputs: [{ source: 'reporter', target: 'assignee' }] }));

    // then
    expect(run.scope(1).variables).toEqual({ loopCounter: 2, assignee: 'wang.fang' });
    expect(run.state.scopes).toHaveLength(2);
  });
});
