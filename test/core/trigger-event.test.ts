import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryEngine } from '../../engine/src/testing/memory-engine.ts';
import { activeElementIds, triggerEvent, type EventTrigger } from '../../engine/src/core/engine.ts';
import type { ProcessModel } from '../../engine/src/core/model.ts';
import type { InstanceState } from '../../engine/src/core/state.ts';

const xml = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'events.bpmn'), 'utf8');
const NOW = '2026-01-05T09:00:00.000Z';

describe('triggering an event', () => {
  let engine: MemoryEngine;
  let model: ProcessModel;
  beforeEach(async () => {
    engine = new MemoryEngine();
    await engine.deploy('events.bpmn', xml);
    model = engine.models.get('waiting') as ProcessModel;
  });
  const trigger = (state: InstanceState, event: EventTrigger) => triggerEvent(model, state, event, NOW);
  /** The hourly reminder (R2/PT1H) of the process scope: a non-interrupting event sub-process. */
  const reminder = (occurrence: number): EventTrigger => ({ ownerId: 0, elementId: 'every-hour', occurrence, dueAt: `2026-01-05T${String(8 + occurrence).padStart(2, '0')}:00:00.000Z` });

  it('should take the path of the event that came after an event-based gateway, with its variables', () => {
    // given
    const id = engine.start('waiting', { caseCode: 'C-7' });
    const gateway = engine.state(id).tokens.find((token) => token.elementId === 'await');

    // when
    const { state, history } = trigger(engine.state(id), { ownerId: gateway?.id ?? -1, elementId: 'reply', variables: { answer: 'on our way' } });

    // then
    expect(activeElementIds(state)).toEqual(['confirm']);
    expect(state.scopes[0]?.variables).toEqual({ caseCode: 'C-7', answer: 'on our way' });
    expect(history.map((line) => `${line.elementId}:${line.event}`)).toEqual(['await:left', 'reply:entered', 'reply:left', 'confirm:entered']);
  });

  it('should fire a non-interrupting cycle timer and plan its next occurrence from this one\'s due time', () => {
    // given
    const id = engine.start('waiting', { caseCode: 'C-1' });

    // when
    const { state, effects } = trigger(engine.state(id), reminder(1));

    // then the reminder runs beside what waited, and the second and last occurrence is planned
    expect(activeElementIds(state).sort()).toEqual(['await', 'remind', 'reminder']);
    expect(effects).toContainEqual({ type: 'timer.fired', tokenId: 0, timerId: `${id}.0.every-hour.1` });
    expect(effects).toContainEqual({ type: 'timer.scheduled', timerId: `${id}.0.every-hour.2`, tokenId: 0, elementId: 'every-hour', dueAt: '2026-01-05T10:00:00.000Z' });
  });

  it('should plan nothing after the last occurrence of a cycle', () => {
    // given
    const id = engine.start('waiting', { caseCode: 'C-1' });
    const { state } = trigger(engine.state(id), reminder(1));

    // when
    const { effects } = trigger(state, reminder(2));

    // then
    expect(effects.filter((effect) => effect.type === 'timer.scheduled')).toEqual([]);
  });

  it('should refuse an occurrence of a non-interrupting timer delivered again (after a crash)', () => {
    // given
    const id = engine.start('waiting', { caseCode: 'C-1' });
    const { state } = trigger(engine.state(id), reminder(1));

    // when / then
    expect(() => trigger(state, reminder(1))).toThrow(expect.objectContaining({ code: 'GF_ERR_INSTANCE_TOKEN_NOT_WAITING' }));
  });

  it('should refuse an event the instance no longer waits for', () => {
    // given the gateway has already taken the reply's path
    const id = engine.start('waiting', { caseCode: 'C-7' });
    const gateway = engine.state(id).tokens.find((token) => token.elementId === 'await');
    const { state } = trigger(engine.state(id), { ownerId: gateway?.id ?? -1, elementId: 'reply' });

    // when / then
    expect(() => trigger(state, { ownerId: gateway?.id ?? -1, elementId: 'deadline' })).toThrow(expect.objectContaining({
      code: 'GF_ERR_INSTANCE_TOKEN_NOT_WAITING',
      message: `event deadline of ${id}.${gateway?.id} no longer applies`,
    }));
  });
});
