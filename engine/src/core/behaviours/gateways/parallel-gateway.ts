import type { Behaviour } from '../behaviour.ts';
import { fireJoin, joiningAt } from './join.ts';

/** Forks along every outgoing flow; joins when a token has arrived on every incoming flow. */
export const parallelGateway: Behaviour = {
  joins: true,
  enter(run, token, element) {
    token.state = 'joining';
    const arrivedBy = new Set(joiningAt(run, token).map((arrived) => arrived.via));
    const complete = element.incoming.length <= 1 || element.incoming.every((flowId) => arrivedBy.has(flowId));
    if (complete) fireJoin(run, token, element, (fresh) => run.leave(fresh, element.outgoing));
  },
};
