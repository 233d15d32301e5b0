import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryEngine } from '../../engine/src/testing/memory-engine.ts';
import { activeElementIds, startInstance } from '../../engine/src/core/engine.ts';

const xml = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'events.bpmn'), 'utf8');
const HOUR = 3600 * 1000;
const openElements = (engine: MemoryEngine, id: string) => engine.openTasks(id).map((task) => task.elementId).sort();

describe('waiting for messages, signals and timers', () => {
  let engine: MemoryEngine;
  beforeEach(async () => {
    engine = new MemoryEngine();
    await engine.deploy('events.bpmn', xml);
  });

  it('should wait at an event-based gateway and take the message path when the reply comes', () => {
    const id = engine.start('waiting', { caseCode: 'C-7' });
    expect(activeElementIds(engine.state(id))).toEqual(['await']);

    expect(engine.correlate('department-reply', 'C-8')).toEqual([]);
    expect(engine.correlate('department-reply', 'C-7', { answer: 'on our way' })).toEqual([id]);

    expect(openElements(engine, id)).toEqual(['confirm']);
    expect(engine.state(id).scopes[0]?.variables).toMatchObject({ answer: 'on our way' });
    expect([...engine.timers.values()].filter((timer) => timer.instanceId === id && timer.elementId === 'deadline')).toEqual([]);
    const history = (engine.history.get(id) ?? []).map((line) => `${line.elementId}:${line.event}`);
    expect(history).toContain('reply:entered');
    expect(history).not.toContain('deadline:entered');
  });

  it('should take the timer path after two hours, jump by link, and keep the task through a non-interrupting signal', () => {
    const id = engine.start('waiting', { caseCode: 'C-9' });
    engine.advance(2 * HOUR);
    // the hourly reminder (R2/PT1H) has fired at 1 h and 2 h too
    expect(openElements(engine, id)).toEqual(['remind', 'remind', 'urge']);

    expect(engine.broadcast('storm-warning', { level: 'orange' })).toEqual([id]);

    expect(openElements(engine, id)).toEqual(['remind', 'remind', 'shelter', 'urge']);
    engine.completeTask(engine.openTasks(id).find((task) => task.elementId === 'urge')?.id ?? '');
    expect(activeElementIds(engine.state(id))).toContain('receive-reply');
    engine.correlate('department-reply', 'C-9');
    expect(openElements(engine, id)).toEqual(['confirm', 'remind', 'remind', 'shelter']);
  });

  it('should fire a non-interrupting cycle event sub-process once per occurrence', () => {
    const id = engine.start('waiting', { caseCode: 'C-1' });

    engine.advance(5 * HOUR + 1);

    expect(engine.openTasks(id).filter((task) => task.elementId === 'remind')).toHaveLength(2);
  });

  it('should end the whole instance through an interrupting message event sub-process', () => {
    const id = engine.start('waiting', { caseCode: 'C-2' });

    engine.correlate('withdraw', 'C-2', { withdrawnBy: 'resident' });

    const state = engine.state(id);
    expect(state.status).toBe('completed');
    expect(state.scopes[0]?.variables).toMatchObject({ withdrawnBy: 'resident' });
    expect(engine.timers.size).toBe(0);
    expect(engine.subscriptions).toEqual([]);
  });

  it('should start an instance by message start event', () => {
    const model = engine.models.get('by-message');
    if (!model) throw new Error('no model');

    const { state, effects } = startInstance(model, { instanceId: 'm1', variables: { text: 'broken lamp' }, now: engine.now.toISOString(), startElementId: 'm-start' });

    expect(state.tokens.map((token) => token.elementId)).toEqual(['m-task']);
    expect(effects.some((effect) => effect.type === 'task.created')).toBe(true);
  });
});

describe('throwing escalations and errors inside a sub-process', () => {
  let engine: MemoryEngine;
  beforeEach(async () => {
    engine = new MemoryEngine();
    await engine.deploy('events.bpmn', xml);
  });

  it('should catch an escalation on the sub-process without interrupting it', () => {
    const id = engine.start('throwing');
    engine.completeTask(engine.openTasks(id)[0]?.id ?? '', { size: 'big' });

    expect(openElements(engine, id)).toEqual(['inform-street']);
    expect(activeElementIds(engine.state(id))).toEqual(['inform-street']);
    engine.completeTask(engine.openTasks(id)[0]?.id ?? '');
    expect(engine.state(id).status).toBe('completed');
  });

  it('should catch an error end event in the sub-process\'s own event sub-process', () => {
    const id = engine.start('throwing');
    engine.completeTask(engine.openTasks(id)[0]?.id ?? '', { size: 'lost' });

    expect(openElements(engine, id)).toEqual(['search']);
    expect(activeElementIds(engine.state(id)).sort()).toEqual(['handle', 'on-lost', 'search']);
    engine.completeTask(engine.openTasks(id)[0]?.id ?? '');
    expect(engine.state(id).status).toBe('completed');
  });
});
