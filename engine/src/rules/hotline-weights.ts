import type { RuleDecisions } from './rule-decisions.ts';

/** The rule set the weights of the 12345 hotline's three rates come from. */
export const HOTLINE_RULE_SET = 'hotline-weights';

/** How much each of the three rates (三率) counts in a hotline score, by the version that decided it. */
export interface HotlineWeights {
  response: number;
  resolution: number;
  satisfaction: number;
  version: number;
}

/**
 * The weights for a figure row of `gridId` (the rules may weigh a district's rows otherwise than a
 * community's: `gridLevel`, `gridKind` are facts); undefined when the tenant has no such rule set.
 * A decision without three non-negative numbers is a rule set fault, named in the error.
 */
export async function hotlineWeights(decisions: RuleDecisions, tenantId: string, gridId: string): Promise<HotlineWeights | undefined> {
  const version = await decisions.activeVersion(tenantId, HOTLINE_RULE_SET);
  if (version === undefined) return undefined;
  const made = await decisions.decide({ tenantId, ruleSetKey: HOTLINE_RULE_SET, version, variables: { gridId } });
  const weight = (name: string): number => {
    const value = made.params[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`rule set '${HOTLINE_RULE_SET}' version ${made.version} decided no weight '${name}' (a number ≥ 0) for grid '${gridId}'`);
    return value;
  };
  return { response: weight('response'), resolution: weight('resolution'), satisfaction: weight('satisfaction'), version: made.version };
}
