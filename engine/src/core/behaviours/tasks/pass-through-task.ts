import type { Behaviour } from '../behaviour.ts';

/** A task with nothing to wait for (`task`, `manualTask`): it is done as soon as it is reached. */
export const passThroughTask: Behaviour = {
  enter(run, token, element) {
    run.applyInputs(token, element);
    run.applyOutputs(token, element, {});
    run.leave(token);
  },
};
