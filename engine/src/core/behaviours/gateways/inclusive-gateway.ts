import type { Behaviour } from '../behaviour.ts';
import type { Execution } from '../../execution.ts';
import { canReach } from '../../reachability.ts';
import { fireJoin } from './join.ts';

/**
 * Forks along every flow whose condition holds (else the default). As a join it waits only for
 * tokens that can still arrive: activateInclusiveJoin fires it once no other token in the scope
 * can reach it.
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
};

/**
 * Fires one inclusive join that no other token can still reach; true when one fired. Execution
 * asks once nothing else can move (a token still on its way could yet arrive).
 */
export function activateInclusiveJoin(run: Execution): boolean {
  const joining = run.state.tokens.filter((token) => token.state === 'joining' && run.element(token.elementId).type === 'inclusiveGateway');
  for (const token of joining) {
    const others = run.tokensIn(token.scopeId).filter((other) => !(other.state === 'joining' && other.elementId === token.elementId));
    const reachable = others.some((other) => canReach(run.model, other.elementId, token.elementId));
    if (!reachable) {
      fireJoin(run, token, run.element(token.elementId), (fresh) => run.leave(fresh));
      return true;
    }
  }
  return false;
}
