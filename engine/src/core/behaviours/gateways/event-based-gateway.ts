import type { Behaviour } from '../behaviour.ts';

/** Waits for the first of the events after it; the engine then takes that event's path alone. */
export const eventBasedGateway: Behaviour = {
  enter(run, token) {
    run.wait(token);
  },
};
