import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryEngine } from '../../engine/src/testing/memory-engine.ts';
import { activeElementIds } from '../../engine/src/core/engine.ts';

const xml = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'multi-instance.bpmn'), 'utf8');
const buildings = [{ no: 1, head: 'zhang' }, { no: 2, head: 'li' }, { no: 3, head: 'wu' }];

describe('multi-instance activities', () => {
  let engine: MemoryEngine;
  beforeEach(async () => {
    engine = new MemoryEngine();
    await engine.deploy('mi.bpmn', xml);
  });

  it('should start one inner instance per element, each with its element variable and loopCounter', () => {
    const id = engine.start('inspect-buildings', { buildings, quorum: 3 });

    const tasks = engine.openTasks(id);
    expect(tasks.map((task) => task.assignee)).toEqual(['zhang', 'li', 'wu']);
    expect(tasks.map((task) => [task.variables.loopCounter, (task.variables.building as { no: number }).no])).toEqual([[1, 1], [2, 2], [3, 3]]);
    expect(activeElementIds(engine.state(id))).toEqual(['inspect']);
  });

  it('should gather the output collection in order and go on when all are done', () => {
    const id = engine.start('inspect-buildings', { buildings, quorum: 3 });
    const [a, b, c] = engine.openTasks(id);

    engine.completeTask(c?.id ?? '', { finding: 'ok-3' });
    engine.completeTask(a?.id ?? '', { finding: 'ok-1' });
    engine.completeTask(b?.id ?? '', { finding: 'crack-2' });

    expect(engine.state(id).scopes[0]?.variables.findings).toEqual(['ok-1', 'crack-2', 'ok-3']);
    expect(engine.openTasks(id).map((task) => task.elementId)).toEqual(['visit']);
  });

  it('should stop the remaining instances when the completion condition holds', () => {
    const id = engine.start('inspect-buildings', { buildings, quorum: 2 });
    const [a, b] = engine.openTasks(id);

    engine.completeTask(a?.id ?? '', { finding: 'x' });
    engine.completeTask(b?.id ?? '', { finding: 'y' });

    expect(engine.openTasks(id).map((task) => task.elementId)).toEqual(['visit']);
    expect(engine.state(id).scopes[0]?.variables.findings).toEqual(['x', 'y', null]);
  });

  it('should run a sequential multi-instance one after another and finish the process', () => {
    const id = engine.start('inspect-buildings', { buildings: [], quorum: 1 });
    expect(engine.openTasks(id).map((task) => [task.elementId, task.variables.loopCounter])).toEqual([['visit', 1]]);

    engine.completeTask(engine.openTasks(id)[0]?.id ?? '');
    expect(engine.openTasks(id).map((task) => [task.elementId, task.variables.loopCounter])).toEqual([['visit', 2]]);
    engine.completeTask(engine.openTasks(id)[0]?.id ?? '');

    expect(engine.state(id).status).toBe('completed');
    const history = (engine.history.get(id) ?? []).filter((line) => line.elementId === 'visit' && line.event === 'entered');
    expect(history).toHaveLength(3); // the body and two inner instances
  });
});
