import type { Behaviour } from '../behaviour.ts';

/**
 * Intermediate catch events and receive tasks wait for their message, signal or timer (a link
 * catch event just passes). After an event-based gateway the event has already happened when the
 * token arrives, and it passes at once with the event's variables.
 */
export const intermediateCatchEvent: Behaviour = {
  enter(run, token, element) {
    const triggered = run.triggered.get(token);
    if (triggered !== undefined || element.event?.kind === 'link') {
      run.triggered.delete(token);
      run.applyEventVariables(element, token.scopeId, triggered ?? {});
      run.leave(token, undefined, Object.keys(triggered ?? {}));
      return;
    }
    run.applyInputs(token, element);
    run.wait(token);
  },
};
