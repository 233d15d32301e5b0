import type { Behaviour } from '../behaviour.ts';

/** Takes the first outgoing flow whose condition holds, else the default; no join. */
export const exclusiveGateway: Behaviour = {
  enter(run, token, element) {
    const scopeId = token.scopeId;
    for (const flowId of element.outgoing) {
      if (flowId === element.defaultFlowId) continue;
      const condition = run.flow(flowId).condition;
      if (condition === undefined || run.evaluate(condition, scopeId) === true) {
        run.leave(token, [flowId]);
        return;
      }
    }
    if (element.defaultFlowId) {
      run.leave(token, [element.defaultFlowId]);
      return;
    }
    run.wait(token);
    run.raiseIncident(token, 'GF_ERR_INCIDENT_NO_OUTGOING_FLOW', `no outgoing flow of '${element.id}' has a true condition and there is no default flow`);
  },
};
