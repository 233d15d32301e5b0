import type { InstanceView } from './instance-view.ts';
import type { TaskView } from './task-service.ts';

/**
 * Where the instances of one process version are now, per element: how many hold a token there,
 * how many open incidents it has, and its open tasks by time-limit colour (blue in time, yellow
 * close to the limit, red past it). What a supervisor reads off the diagram: where cases pile up.
 */
export interface ElementCount {
  elementId: string;
  active: number;
  incidents: number;
  tasks: { blue: number; yellow: number; red: number; noLimit: number };
}

export function countElements(instances: InstanceView[], openTasks: TaskView[]): ElementCount[] {
  const counts = new Map<string, ElementCount>();
  const at = (elementId: string) => {
    let count = counts.get(elementId);
    if (!count) counts.set(elementId, count = { elementId, active: 0, incidents: 0, tasks: { blue: 0, yellow: 0, red: 0, noLimit: 0 } });
    return count;
  };
  const ofVersion = new Set(instances.map((instance) => instance.id));
  for (const instance of instances) {
    for (const elementId of instance.activeElementIds) at(elementId).active += 1;
    for (const incident of instance.incidents) at(incident.elementId).incidents += 1;
  }
  // The process key's tasks span its versions: only those of this version's instances count here.
  for (const task of openTasks) {
    if (!ofVersion.has(task.processInstanceId)) continue;
    at(task.elementId).tasks[task.slaState ?? 'noLimit'] += 1;
  }
  return [...counts.values()].sort((a, b) => a.elementId.localeCompare(b.elementId));
}
