import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryEngine } from '../../engine/src/testing/memory-engine.ts';
import { activeElementIds } from '../../engine/src/core/engine.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', name), 'utf8');
const DAY = 24 * 3600 * 1000;

describe('the grid-event process', () => {
  let engine: MemoryEngine;
  beforeEach(async () => {
    engine = new MemoryEngine();
    await engine.deploy('grid-event.bpmn', fixture('grid-event.bpmn'));
  });

  it('should offer the grid task to the reporter and the candidate groups, with its time limit scheduled', () => {
    const id = engine.start('grid-event', { severity: 1, reporter: 'wang.fang' });

    const [task] = engine.openTasks(id);
    expect(task).toMatchObject({ elementId: 'handle', assignee: 'wang.fang', candidateGroups: ['grid-workers', 'grid-leaders'] });
    expect(activeElementIds(engine.state(id))).toEqual(['handle']);
    expect([...engine.timers.values()].map((timer) => timer.dueAt)).toEqual(['2026-01-08T08:00:00.000Z']);
  });

  it('should run to the end through both service tasks and the join', () => {
    const id = engine.start('grid-event', { severity: 1, reporter: 'wang.fang' });
    engine.completeTask(engine.openTasks(id)[0]?.id ?? '', { resolution: 'fixed' }, 'wang.fang');

    const jobs = engine.openJobs(id);
    expect(jobs.map((job) => [job.jobType, job.retries]).sort()).toEqual([['archive', 3], ['sms', 2]]);
    expect(engine.timers.size).toBe(0);
    engine.completeJob(jobs[0]?.id ?? '');
    expect(activeElementIds(engine.state(id)).sort()).toEqual(['join', jobs[1]?.elementId].sort());
    engine.completeJob(jobs[1]?.id ?? '', { notified: true });

    const state = engine.state(id);
    expect(state.status).toBe('completed');
    expect(state.tokens).toEqual([]);
    expect(state.scopes[0]?.variables).toEqual({ severity: 1, reporter: 'wang.fang', resolution: 'fixed', notified: true });
    const joinEntries = (engine.history.get(id) ?? []).filter((line) => line.elementId === 'join' && line.event === 'entered');
    expect(joinEntries).toHaveLength(1);
  });

  it('should take the default flow when the condition is false', () => {
    const id = engine.start('grid-event', { severity: 5 });

    expect(engine.openTasks(id).map((task) => task.elementId)).toEqual(['handle-community']);
  });

  it('should escalate when the time limit passes, cancelling the grid task', () => {
    const id = engine.start('grid-event', { severity: 1, reporter: 'li.lei' });

    engine.advance(3 * DAY);

    expect(engine.openTasks(id).map((task) => task.elementId)).toEqual(['handle-community']);
    const history = engine.history.get(id) ?? [];
    expect(history.filter((line) => line.elementId === 'time-limit').map((line) => line.event)).toEqual(['entered', 'left']);
  });

  it('should NOT fire the time limit before it is due', () => {
    const id = engine.start('grid-event', { severity: 1 });

    engine.advance(3 * DAY - 1000);

    expect(engine.openTasks(id).map((task) => task.elementId)).toEqual(['handle']);
  });

  it('should keep the waiting state small', () => {
    const id = engine.start('grid-event', { severity: 1, reporter: 'x' });

    expect(Buffer.byteLength(JSON.stringify(engine.state(id)))).toBeLessThan(4096);
  });
});

describe('inclusive gateways and sub-processes', () => {
  let engine: MemoryEngine;
  beforeEach(async () => {
    engine = new MemoryEngine();
    await engine.deploy('inclusive.bpmn', fixture('inclusive-and-subprocess.bpmn'));
  });

  it('should join only the branches that were taken', () => {
    const id = engine.start('inclusive', { police: false, property: true });

    expect(engine.openTasks(id).map((task) => task.elementId)).toEqual(['p-task']);
    expect(activeElementIds(engine.state(id))).toEqual(['property', 'p-task']);
    engine.completeTask(engine.openTasks(id)[0]?.id ?? '');

    expect(engine.state(id).status).toBe('completed');
  });

  it('should wait at the join for a branch that can still arrive', () => {
    const id = engine.start('inclusive', { police: true, property: true });
    const police = engine.openTasks(id).find((task) => task.elementId === 'police');
    engine.completeTask(police?.id ?? '');

    expect(activeElementIds(engine.state(id)).sort()).toEqual(['merge', 'p-task', 'property']);
    engine.completeTask(engine.openTasks(id)[0]?.id ?? '');

    expect(engine.state(id).status).toBe('completed');
  });

  it('should raise an incident when no condition holds and there is no default', () => {
    const id = engine.start('inclusive', { police: false, property: false });

    const state = engine.state(id);
    expect(state.status).toBe('active');
    expect(state.incidents.map((incident) => [incident.elementId, incident.code])).toEqual([['fork', 'GF_ERR_INCIDENT_NO_OUTGOING_FLOW']]);
    expect(activeElementIds(state)).toEqual(['fork']);
  });

  it('should treat missing variables in conditions as null, not as an error', () => {
    const id = engine.start('inclusive', {});

    expect(engine.state(id).incidents[0]?.code).toBe('GF_ERR_INCIDENT_NO_OUTGOING_FLOW');
  });
});

describe('BPMN errors and terminate end events', () => {
  let engine: MemoryEngine;
  beforeEach(async () => {
    engine = new MemoryEngine();
    await engine.deploy('errors.bpmn', fixture('errors-and-terminate.bpmn'));
  });

  it('should catch a job\'s BPMN error on the boundary and terminate the whole process', () => {
    const id = engine.start('department');
    const [job] = engine.openJobs(id);

    engine.throwJobError(job?.id ?? '', 'REFUSED', { refusal: 'not our duty' });

    const state = engine.state(id);
    expect(state.status).toBe('terminated');
    expect(engine.tasks.size).toBe(0);
    expect(state.scopes[0]?.variables).toEqual({ refusal: 'not our duty' });
  });

  it('should make an uncaught BPMN error an incident and keep the instance active', () => {
    const id = engine.start('department');
    const [job] = engine.openJobs(id);

    engine.throwJobError(job?.id ?? '', 'SOMETHING_ELSE');

    const state = engine.state(id);
    expect(state.status).toBe('active');
    expect(state.incidents[0]).toMatchObject({ elementId: 'call-department', code: 'GF_ERR_INCIDENT_UNCAUGHT_BPMN_ERROR' });
  });

  it('should cancel an instance with its open job', () => {
    const id = engine.start('department');

    engine.cancel(id);

    expect(engine.state(id).status).toBe('cancelled');
    expect(engine.jobs.size).toBe(0);
  });
});
