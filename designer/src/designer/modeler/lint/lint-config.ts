import recommended from 'bpmnlint/config/recommended.js';
import adHocSubProcess from 'bpmnlint/rules/ad-hoc-sub-process.js';
import conditionalFlows from 'bpmnlint/rules/conditional-flows.js';
import endEventRequired from 'bpmnlint/rules/end-event-required.js';
import eventBasedGateway from 'bpmnlint/rules/event-based-gateway.js';
import eventSubProcessTypedStartEvent from 'bpmnlint/rules/event-sub-process-typed-start-event.js';
import fakeJoin from 'bpmnlint/rules/fake-join.js';
import global from 'bpmnlint/rules/global.js';
import labelRequired from 'bpmnlint/rules/label-required.js';
import linkEvent from 'bpmnlint/rules/link-event.js';
import noBpmndi from 'bpmnlint/rules/no-bpmndi.js';
import noComplexGateway from 'bpmnlint/rules/no-complex-gateway.js';
import noDisconnected from 'bpmnlint/rules/no-disconnected.js';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows.js';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork.js';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split.js';
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end.js';
import noImplicitStart from 'bpmnlint/rules/no-implicit-start.js';
import noInclusiveGateway from 'bpmnlint/rules/no-inclusive-gateway.js';
import noOverlappingElements from 'bpmnlint/rules/no-overlapping-elements.js';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event.js';
import singleEventDefinition from 'bpmnlint/rules/single-event-definition.js';
import startEventRequired from 'bpmnlint/rules/start-event-required.js';
import subProcessBlankStartEvent from 'bpmnlint/rules/sub-process-blank-start-event.js';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway.js';
import superfluousLabel from 'bpmnlint/rules/superfluous-label.js';
import superfluousTermination from 'bpmnlint/rules/superfluous-termination.js';
import type { TenantVocabulary } from '../vocabulary.ts';
import { gridflowRuleLevels, gridflowRules } from './gridflow-rules.ts';

/** bpmnlint's recommended rules, imported one by one: the browser has no resolver to find them by name. */
const bpmnlintRules: Record<string, unknown> = {
  'ad-hoc-sub-process': adHocSubProcess, 'conditional-flows': conditionalFlows, 'end-event-required': endEventRequired,
  'event-based-gateway': eventBasedGateway, 'event-sub-process-typed-start-event': eventSubProcessTypedStartEvent, 'fake-join': fakeJoin,
  global, 'label-required': labelRequired, 'link-event': linkEvent, 'no-bpmndi': noBpmndi, 'no-complex-gateway': noComplexGateway,
  'no-disconnected': noDisconnected, 'no-duplicate-sequence-flows': noDuplicateSequenceFlows, 'no-gateway-join-fork': noGatewayJoinFork,
  'no-implicit-split': noImplicitSplit, 'no-implicit-end': noImplicitEnd, 'no-implicit-start': noImplicitStart,
  'no-inclusive-gateway': noInclusiveGateway, 'no-overlapping-elements': noOverlappingElements, 'single-blank-start-event': singleBlankStartEvent,
  'single-event-definition': singleEventDefinition, 'start-event-required': startEventRequired, 'sub-process-blank-start-event': subProcessBlankStartEvent,
  'superfluous-gateway': superfluousGateway, 'superfluous-label': superfluousLabel, 'superfluous-termination': superfluousTermination,
};

/**
 * The linter's configuration for one tenant (`{config, resolver}` as bpmnlint's Linter takes it):
 * the recommended rules (names only warned of; inclusive gateways allowed, as the engine runs
 * them; a complex gateway reported once, by `executed-element`), and the Gridflow rules.
 */
export function lintConfig(vocabulary: TenantVocabulary) {
  const gridflow = gridflowRules(vocabulary);
  const rules: Record<string, string> = { ...(recommended as { rules: Record<string, string> }).rules };
  // The engine runs inclusive gateways; a complex gateway is reported once, by executed-element.
  delete rules['no-inclusive-gateway'];
  delete rules['no-complex-gateway'];
  // A name helps the reader but the engine needs none: an unnamed flow or event is a warning, not a bar to deploying.
  rules['label-required'] = 'warn';
  // The engine runs a gateway that both joins and forks (the packs' 需回访? does): drawn clearer apart, but not wrong.
  rules['no-gateway-join-fork'] = 'warn';
  for (const [name, level] of Object.entries(gridflowRuleLevels)) rules[`gridflow/${name}`] = level;
  return {
    config: { rules },
    resolver: {
      resolveRule: (pkg: string, ruleName: string) => (pkg === 'bpmnlint-plugin-gridflow' ? gridflow[ruleName] : pkg === 'bpmnlint' ? bpmnlintRules[ruleName] : undefined) ?? null,
      resolveConfig: () => null,
    },
  };
}
