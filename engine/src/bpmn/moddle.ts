import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import gridflowDescriptor from './gridflow-moddle.json' with { type: 'json' };

const require = createRequire(import.meta.url);
// Camunda Modeler's own descriptors: models made there keep their meaning here.
const zeebeDescriptor = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;
const camundaDescriptor = require('camunda-bpmn-moddle/resources/camunda.json') as object;

export const GRIDFLOW_NS = gridflowDescriptor.uri;

/** A moddle element as bpmn-moddle gives it: typed by `$type`, properties by name. */
export interface ModdleElement {
  $type: string;
  $parent?: ModdleElement;
  $attrs?: Record<string, string>;
  id?: string;
  name?: string;
  [property: string]: unknown;
}

const CAMUNDA_7_NS = 'http://camunda.org/schema/1.0/bpmn';
const ZEEBE_NS = 'http://camunda.org/schema/zeebe/1.0';

/**
 * The Zeebe and Camunda 7 descriptors cannot share one moddle (both define `modelerTemplate`), so
 * a file is read with Zeebe's unless it declares only the Camunda 7 namespace.
 */
export function moddleFor(xml: string): BpmnModdle {
  return xml.includes(CAMUNDA_7_NS) && !xml.includes(ZEEBE_NS) ? camundaModdle : zeebeModdle;
}

const zeebeModdle = new BpmnModdle({ zeebe: zeebeDescriptor, gridflow: gridflowDescriptor });
// Camunda 7's descriptor has its own asyncBefore / asyncAfter on the same elements, and one moddle
// cannot hold both: with it, Gridflow's are left out (read as plain attributes, see extensions.ts).
const camundaModdle = new BpmnModdle({
  camunda: camundaDescriptor,
  gridflow: { ...gridflowDescriptor, types: gridflowDescriptor.types.filter((type) => type.name !== 'ContinuationProperties') },
});
