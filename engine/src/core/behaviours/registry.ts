import type { ElementModel, ElementType, EventKind } from '../model.ts';
import type { SupportTable } from '../model.ts';
import type { Behaviour } from './behaviour.ts';
import { passThroughTask } from './tasks/pass-through-task.ts';
import { userTask } from './tasks/user-task.ts';
import { jobTask } from './tasks/job-task.ts';
import { subProcess } from './activities/sub-process.ts';
import { callActivity } from './activities/call-activity.ts';
import { startEvent } from './events/start-event.ts';
import { endEvent } from './events/end-event.ts';
import { boundaryEvent } from './events/boundary-event.ts';
import { intermediateCatchEvent } from './events/intermediate-catch-event.ts';
import { intermediateThrowEvent } from './events/intermediate-throw-event.ts';
import { eventBasedGateway } from './gateways/event-based-gateway.ts';
import { exclusiveGateway } from './gateways/exclusive-gateway.ts';
import { parallelGateway } from './gateways/parallel-gateway.ts';
import { inclusiveGateway } from './gateways/inclusive-gateway.ts';

/** Element type → behaviour, and which event kinds each event element runs with. */
const behaviours: Partial<Record<ElementType, { behaviour: Behaviour; events?: EventKind[] }>> = {
  task: { behaviour: passThroughTask },
  manualTask: { behaviour: passThroughTask },
  userTask: { behaviour: userTask },
  serviceTask: { behaviour: jobTask },
  sendTask: { behaviour: jobTask },
  businessRuleTask: { behaviour: jobTask },
  subProcess: { behaviour: subProcess },
  callActivity: { behaviour: callActivity },
  receiveTask: { behaviour: intermediateCatchEvent },
  startEvent: { behaviour: startEvent, events: ['none', 'message', 'signal', 'timer', 'error', 'escalation'] },
  endEvent: { behaviour: endEvent, events: ['none', 'terminate', 'error', 'escalation', 'signal', 'message'] },
  boundaryEvent: { behaviour: boundaryEvent, events: ['error', 'timer', 'message', 'signal', 'escalation'] },
  intermediateCatchEvent: { behaviour: intermediateCatchEvent, events: ['message', 'signal', 'timer', 'link'] },
  intermediateThrowEvent: { behaviour: intermediateThrowEvent, events: ['none', 'signal', 'escalation', 'link', 'message'] },
  eventBasedGateway: { behaviour: eventBasedGateway },
  exclusiveGateway: { behaviour: exclusiveGateway },
  parallelGateway: { behaviour: parallelGateway },
  inclusiveGateway: { behaviour: inclusiveGateway },
};

export function behaviourOf(element: ElementModel): Behaviour {
  const entry = behaviours[element.type];
  if (!entry) throw new Error(`no behaviour for ${element.type} '${element.id}'`);
  return entry.behaviour;
}

/** What deploy accepts: exactly what has a behaviour here. */
export const supportTable: SupportTable = {
  supportsMultiInstance: true,
  supports(type, event) {
    const entry = behaviours[type];
    if (!entry) return false;
    if (!entry.events) return true;
    return entry.events.includes(event ?? 'none');
  },
};
