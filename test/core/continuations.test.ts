import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryEngine } from '../../engine/src/testing/memory-engine.ts';
import { activeElementIds } from '../../engine/src/core/engine.ts';
import { CONTINUATION_JOB } from '../../engine/src/core/continuations.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', name), 'utf8');

describe('asynchronous continuations', () => {
  let engine: MemoryEngine;
  beforeEach(async () => {
    engine = new MemoryEngine();
    await engine.deploy('continuations.bpmn', fixture('continuations.bpmn'));
  });
  const entered = (id: string) => (engine.history.get(id) ?? []).filter((line) => line.event === 'entered').map((line) => line.elementId);

  it('should stop before an element that continues asynchronously before, and enter it in the continuation', () => {
    // when
    const id = engine.start('continuations');

    // then nothing of the service task has started: only the continuation waits
    expect(activeElementIds(engine.state(id))).toEqual(['notify-department']);
    expect(engine.openJobs(id).map((job) => [job.jobType, job.elementId, job.retries, job.retryBackoff])).toEqual([[CONTINUATION_JOB, 'notify-department', 2, 'PT1M']]);
    expect(entered(id)).toEqual(['reported']);

    // when the continuation is done
    engine.completeJob(engine.openJobs(id)[0]?.id ?? '');

    // then the task is entered as an element instance of its own, with its job
    expect(engine.openJobs(id).map((job) => [job.jobType, job.retries, job.retryBackoff])).toEqual([['department', 2, 'PT1M']]);
    expect(entered(id)).toEqual(['reported', 'notify-department']);
  });

  it('should leave an element that continues asynchronously after, and take its outgoing flow in the continuation', () => {
    // given
    const id = engine.start('continuations');
    engine.completeJob(engine.openJobs(id)[0]?.id ?? '');
    engine.completeJob(engine.openJobs(id)[0]?.id ?? '');
    const [task] = engine.openTasks(id);

    // when the task is completed
    engine.completeTask(task?.id ?? '', { resolution: 'fixed' });

    // then it has left, its time limit no longer runs, and the next step waits for the continuation
    expect(engine.openTasks(id)).toEqual([]);
    expect(engine.timers.size).toBe(0);
    expect(engine.openJobs(id).map((job) => [job.jobType, job.elementId, job.retries, job.retryBackoff])).toEqual([[CONTINUATION_JOB, 'archive', 5, 'PT10M']]);
    expect(entered(id)).not.toContain('archive');

    // when
    engine.completeJob(engine.openJobs(id)[0]?.id ?? '');
    engine.completeJob(engine.openJobs(id)[0]?.id ?? '');

    // then
    expect(engine.state(id).status).toBe('completed');
    expect(entered(id)).toEqual(['reported', 'notify-department', 'handle', 'archive', 'closed']);
  });

  it('should withdraw a waiting continuation when the instance is cancelled, writing no history for its element', () => {
    // given
    const id = engine.start('continuations');

    // when
    engine.cancel(id);

    // then
    expect(engine.state(id).status).toBe('cancelled');
    expect(engine.openJobs(id)).toEqual([]);
    expect((engine.history.get(id) ?? []).map((line) => line.elementId)).toEqual(['reported', 'reported']);
  });
});
