import type { ElementModel } from '../../model.ts';
import type { Execution } from '../../execution.ts';
import type { Token } from '../../state.ts';

/** The tokens waiting at a join in the same scope as `token`. */
export function joiningAt(run: Execution, token: Token): Token[] {
  return run.tokensIn(token.scopeId).filter((other) => other.elementId === token.elementId && other.state === 'joining');
}

/**
 * A join fires: one arrived token per incoming flow is consumed (more than one per flow stays for
 * the next activation), and one fresh token enters the gateway and leaves it along `leave`.
 */
export function fireJoin(run: Execution, token: Token, element: ElementModel, leave: (fresh: Token) => void): void {
  const consumed = new Set<string>();
  for (const arrived of joiningAt(run, token)) {
    if (arrived.via === undefined || consumed.has(arrived.via)) continue;
    consumed.add(arrived.via);
    run.remove(arrived, 'cancelled');
  }
  const fresh: Token = { id: run.state.seq++, elementId: element.id, scopeId: token.scopeId, state: 'waiting' };
  run.state.tokens.push(fresh);
  run.record(fresh, 'entered');
  leave(fresh);
}
