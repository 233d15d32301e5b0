import type { Behaviour } from '../behaviour.ts';

/** A boundary event that was triggered: its token continues along the event's outgoing flows. */
export const boundaryEvent: Behaviour = {
  enter(run, token) {
    run.leave(token);
  },
};
