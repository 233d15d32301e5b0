import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryEngine } from '../../engine/src/testing/memory-engine.ts';
import { activeElementIds, modifyInstance, type Modification } from '../../engine/src/core/engine.ts';
import type { ProcessModel } from '../../engine/src/core/model.ts';
import type { GridflowError } from '../../engine/src/errors/gridflow-error.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', name), 'utf8');
const NOW = '2026-01-06T09:00:00.000Z';

/** The error a modification that does not apply throws. */
function refusal(run: () => unknown): GridflowError {
  try {
    run();
  } catch (error) {
    return error as GridflowError;
  }
  throw new Error('the modification was applied');
}

describe('modifying an instance by hand', () => {
  let engine: MemoryEngine;
  beforeEach(async () => {
    engine = new MemoryEngine();
    await engine.deploy('grid-event.bpmn', fixture('grid-event.bpmn'));
    await engine.deploy('inclusive.bpmn', fixture('inclusive-and-subprocess.bpmn'));
  });
  const modify = (id: string, modification: Modification, key = 'grid-event') => modifyInstance(engine.models.get(key) as ProcessModel, engine.state(id), modification, NOW);

  it('should cancel what waits at an element and start a token before another', () => {
    // given
    const id = engine.start('grid-event', { severity: 1, reporter: 'wang.fang' });

    // when
    const { state, effects, history } = modify(id, { cancel: ['handle'], start: ['handle-community'] });

    // then the grid task and its time limit are withdrawn, and the community task is offered
    expect(activeElementIds(state)).toEqual(['handle-community']);
    expect(effects.map((effect) => effect.type)).toEqual(['task.ended', 'timers.cancelled', 'task.created']);
    expect(history.map((line) => `${line.elementId}:${line.event}`)).toEqual(['handle:left', 'handle-community:entered']);
    expect(state.scopes[0]?.variables).toEqual({ severity: 1, reporter: 'wang.fang' });
  });

  it('should leave the state it was given as it was', () => {
    // given
    const id = engine.start('grid-event', { severity: 1 });
    const before = structuredClone(engine.state(id));

    // when
    modify(id, { cancel: ['handle'], start: ['handle-community'] });

    // then
    expect(engine.state(id)).toEqual(before);
  });

  it('should complete the instance when everything is cancelled and nothing started', () => {
    // given
    const id = engine.start('grid-event', { severity: 1 });

    // when
    const { state, effects } = modify(id, { cancel: ['handle'], start: [] });

    // then
    expect(state.status).toBe('completed');
    expect(effects).toContainEqual({ type: 'instance.ended', status: 'completed' });
  });

  it('should start inside the one active instance of a sub-process', () => {
    // given
    const id = engine.start('inclusive', { police: false, property: true });

    // when
    const { state } = modify(id, { cancel: [], start: ['p-task'] }, 'inclusive');

    // then a second task waits in the sub-process's scope
    const subProcessScope = state.scopes.find((scope) => scope.elementId === 'property')?.id;
    expect(state.tokens.filter((token) => token.elementId === 'p-task').map((token) => token.scopeId)).toEqual([subProcessScope, subProcessScope]);
  });

  it('should refuse the whole modification, naming every element that does not apply', () => {
    // given
    const id = engine.start('inclusive', { police: true, property: false });

    // when
    const error = refusal(() => modify(id, { cancel: ['done'], start: ['nowhere', 'p-start', 'p-task'] }, 'inclusive'));

    // then
    expect(error.code).toBe('GF_ERR_INSTANCE_MODIFY_INVALID');
    expect(error.message).toBe('the modification does not apply: done: no element instance of it is active');
    expect(error.details).toEqual([
      { elementId: 'done', reason: 'no element instance of it is active' },
      { elementId: 'nowhere', reason: 'process \'inclusive\' has no such element' },
      { elementId: 'p-start', reason: 'a startEvent cannot be started by hand' },
      { elementId: 'p-task', reason: 'its sub-process \'property\' has 0 active instances; exactly one is needed' },
    ]);
  });

  it('should refuse to start a boundary event by hand', () => {
    // given
    const id = engine.start('grid-event', { severity: 1 });

    // when
    const error = refusal(() => modify(id, { cancel: [], start: ['time-limit'] }));

    // then
    expect(error.details).toEqual([{ elementId: 'time-limit', reason: 'a boundaryEvent cannot be started by hand' }]);
  });

  it('should NOT modify an instance that has ended', () => {
    // given
    const id = engine.start('grid-event', { severity: 1 });
    engine.cancel(id);

    // when
    const error = refusal(() => modify(id, { cancel: [], start: ['handle'] }));

    // then
    expect(error.code).toBe('GF_ERR_INSTANCE_NOT_ACTIVE');
  });
});
