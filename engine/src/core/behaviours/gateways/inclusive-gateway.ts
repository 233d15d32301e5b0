import type { Behaviour } from '../behaviour.ts';
import { fireJoin } from './join.ts';

/**
 * Forks along every flow whose condition holds (else the default). As a join it waits only for
 * tokens that can still arrive: Execution fires it once no other token in the scope can reach it.
 */
export const inclusiveGateway: Behaviour = {
  joins: true,
  enter(run, token, element) {
    if (element.incoming.length <= 1) {
      run.record(token, 'entered');
      run.leave(token);
      return;
    }
    token.state = 'joining';
  },
  activate(run, token, element) {
    fireJoin(run, token, element, (fresh) => run.leave(fresh));
  },
};
