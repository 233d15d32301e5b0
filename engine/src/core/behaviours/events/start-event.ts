import type { Behaviour } from '../behaviour.ts';

/** A none start event: the token passes straight on. */
export const startEvent: Behaviour = {
  enter(run, token, element) {
    run.applyOutputs(token, element, {});
    run.leave(token);
  },
};
