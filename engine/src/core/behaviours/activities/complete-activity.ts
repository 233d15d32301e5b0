import type { ElementModel } from '../../model.ts';
import type { Execution } from '../../execution.ts';
import type { Token } from '../../state.ts';
import type { Resumption } from '../behaviour.ts';
import { throwBpmnError } from './throw-event.ts';

/** A waiting activity got its answer: output mappings and on, or a BPMN error thrown from it. */
export function completeWaitingActivity(run: Execution, token: Token, element: ElementModel, resumption: Resumption): void {
  if (resumption.kind === 'bpmn-error') {
    throwBpmnError(run, token, resumption.errorCode, resumption.message, resumption.variables);
    return;
  }
  run.applyOutputs(token, element, resumption.variables);
  run.leave(token, undefined, Object.keys(resumption.variables));
}
