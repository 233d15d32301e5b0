import type { ModdleElement } from './moddle.ts';
import type { Assignment, CalledElement, Continuation, JobDefinition, Mapping, MultiInstance } from '../core/model.ts';

/**
 * Reads what Camunda Modeler writes (Zeebe for Camunda 8, `camunda:` for Camunda 7) and Gridflow's
 * own extension, so models made elsewhere run unchanged. Gridflow's extension wins where both are set.
 */

export const DEFAULT_RETRIES = 3;

export function extensionValues(element: ModdleElement): ModdleElement[] {
  const extensionElements = element.extensionElements as { values?: ModdleElement[] } | undefined;
  return extensionElements?.values ?? [];
}

export function extension(element: ModdleElement, type: string): ModdleElement | undefined {
  return extensionValues(element).find((value) => value.$type === type);
}

function attr(element: ModdleElement, name: string): string | undefined {
  const value = element[name] ?? element.$attrs?.[name];
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

/**
 * A Camunda 7 value: `${name}` or `#{a.b}` becomes the FEEL expression `=name`; anything else in
 * `${…}` is JUEL, which Gridflow does not run (the caller reports it). Plain text stays literal.
 */
export function fromCamundaValue(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = value.match(/^[$#]\{\s*([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\s*\}$/);
  if (match) return `=${match[1]}`;
  return value;
}

export function isJuel(value: string | undefined): boolean {
  return value !== undefined && /[$#]\{/.test(value) && fromCamundaValue(value) === value;
}

/** The job of a service-like task: its type decides which handler or external worker does it. */
export function jobDefinition(element: ModdleElement): JobDefinition | undefined {
  const zeebe = extension(element, 'zeebe:TaskDefinition');
  // Gridflow's own attribute, else Zeebe's task definition, else a Camunda 7 external-task topic.
  const type = attr(element, 'service') ?? (zeebe && attr(zeebe, 'type')) ?? attr(element, 'topic') ?? attr(element, 'camunda:topic');
  if (!type) return undefined;
  const cycle = camundaRetryCycle(element);
  const named = attr(element, 'retries') ?? (zeebe && attr(zeebe, 'retries')) ?? cycle?.retries;
  const retries = Number(named ?? DEFAULT_RETRIES);
  const definition: JobDefinition = { type, retries: Number.isFinite(retries) ? retries : DEFAULT_RETRIES };
  if (named === undefined) definition.defaultRetries = true;
  const retryBackoff = attr(element, 'retryBackoff') ?? cycle?.retryBackoff;
  if (retryBackoff) definition.retryBackoff = retryBackoff;
  return definition;
}

/** Camunda 7's `failedJobRetryTimeCycle`: `R5/PT10M` is 5 retries, 10 minutes apart. */
function camundaRetryCycle(element: ModdleElement): { retries: string; retryBackoff: string } | undefined {
  const cycle = extensionValues(element).find((value) => value.$type.toLowerCase() === 'camunda:failedjobretrytimecycle');
  // Read through Camunda 7's descriptor the text is `body`, otherwise the generic element's `$body`.
  const text = cycle?.body ?? cycle?.$body;
  const match = (typeof text === 'string' ? text.trim() : '').match(/^R(\d+)\/(P\S+)$/);
  return match?.[1] && match[2] ? { retries: match[1], retryBackoff: match[2] } : undefined;
}

/**
 * Asynchronous continuations: Gridflow's `asyncBefore` / `asyncAfter`, or Camunda 7's (and its older
 * `camunda:async`), with retries from Gridflow's `retries` / `retryBackoff` or Camunda 7's
 * `failedJobRetryTimeCycle` (`R5/PT10M`: 5 retries, 10 minutes apart).
 */
export function continuation(element: ModdleElement): Continuation | undefined {
  // Properties of the descriptor the file was read with (Gridflow's, or Camunda 7's) are booleans;
  // the other namespace's stay plain attributes (see moddle.ts).
  const flag = (name: string) => [element[name], element.$attrs?.[`camunda:${name}`], element.$attrs?.[`gridflow:${name}`]].some((value) => value === true || value === 'true');
  const before = flag('asyncBefore') || flag('async');
  const after = flag('asyncAfter');
  if (!before && !after) return undefined;
  const cycle = camundaRetryCycle(element);
  const retries = Number(attr(element, 'retries') ?? cycle?.retries ?? DEFAULT_RETRIES);
  const result: Continuation = { before, after, retries: Number.isFinite(retries) ? retries : DEFAULT_RETRIES };
  const retryBackoff = attr(element, 'retryBackoff') ?? cycle?.retryBackoff;
  if (retryBackoff) result.retryBackoff = retryBackoff;
  return result;
}

export function assignment(element: ModdleElement): Assignment | undefined {
  const result: Assignment = {};
  const zeebe = extension(element, 'zeebe:AssignmentDefinition');
  const own = extension(element, 'gridflow:Assignment');
  for (const key of ['assignee', 'candidateGroups', 'candidateUsers'] as const) {
    const value = (own && attr(own, key)) ?? (zeebe && attr(zeebe, key)) ?? fromCamundaValue(attr(element, key));
    if (value) result[key] = value;
  }
  for (const key of ['post', 'gridLevel', 'grid', 'partner'] as const) {
    const value = own && attr(own, key);
    if (value) result[key] = value;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

/** `<gridflow:operations allowed="escalate return …"/>`: names separated by spaces or commas. */
export function operations(element: ModdleElement): string[] | undefined {
  const own = extension(element, 'gridflow:Operations');
  const allowed = own && attr(own, 'allowed');
  return allowed ? allowed.split(/[\s,]+/).filter((name) => name !== '') : undefined;
}

export function formKey(element: ModdleElement): string | undefined {
  const own = extension(element, 'gridflow:Form');
  const zeebe = extension(element, 'zeebe:FormDefinition');
  return (own && attr(own, 'formKey')) ?? (zeebe && (attr(zeebe, 'formKey') ?? attr(zeebe, 'formId'))) ?? attr(element, 'formKey');
}

export function ioMappings(element: ModdleElement): { inputs: Mapping[]; outputs: Mapping[] } {
  const zeebe = extension(element, 'zeebe:IoMapping');
  if (zeebe) {
    const read = (list: unknown) => ((list as ModdleElement[] | undefined) ?? []).map((p) => ({ source: String(p.source ?? ''), target: String(p.target ?? '') }));
    return { inputs: read(zeebe.inputParameters), outputs: read(zeebe.outputParameters) };
  }
  const camunda = extension(element, 'camunda:InputOutput');
  if (camunda) {
    const read = (list: unknown) => ((list as ModdleElement[] | undefined) ?? []).map((p) => ({
      source: fromCamundaValue(typeof p.value === 'string' ? p.value : undefined) ?? 'null',
      target: String(p.name ?? ''),
    }));
    return { inputs: read(camunda.inputParameters), outputs: read(camunda.outputParameters) };
  }
  return { inputs: [], outputs: [] };
}

/** Call activities: Camunda 7 `camunda:in` / `camunda:out` mappings. */
export function camundaCallMappings(element: ModdleElement): { inputs: Mapping[]; outputs: Mapping[]; allIn: boolean; allOut: boolean } {
  const values = extensionValues(element);
  const read = (type: string) => values.filter((value) => value.$type === type);
  const toMapping = (value: ModdleElement): Mapping | undefined => {
    const target = attr(value, 'target');
    const source = attr(value, 'source') ?? fromCamundaValue(attr(value, 'sourceExpression'))?.replace(/^=/, '');
    return target && source ? { source, target } : undefined;
  };
  const ins = read('camunda:In');
  const outs = read('camunda:Out');
  return {
    inputs: ins.map(toMapping).filter((m): m is Mapping => m !== undefined),
    outputs: outs.map(toMapping).filter((m): m is Mapping => m !== undefined),
    allIn: ins.length === 0 || ins.some((value) => attr(value, 'variables') === 'all'),
    allOut: outs.length === 0 || outs.some((value) => attr(value, 'variables') === 'all'),
  };
}

export function calledElement(element: ModdleElement): CalledElement | undefined {
  const zeebe = extension(element, 'zeebe:CalledElement');
  const processKey = (zeebe && attr(zeebe, 'processId')) ?? attr(element, 'calledElement');
  if (!processKey) return undefined;
  const binding = attr(element, 'calledElementBinding');
  const version = binding === 'version' ? Number(attr(element, 'calledElementVersion')) : undefined;
  const propagate = zeebe ? attr(zeebe, 'propagateAllChildVariables') : undefined;
  const camunda = camundaCallMappings(element);
  const { inputs } = ioMappings(element);
  const result: CalledElement = {
    processKey,
    propagateAllChildVariables: propagate === undefined ? camunda.allOut : propagate !== 'false',
    passAllIn: inputs.length === 0 && camunda.allIn,
    inMappings: camunda.allIn ? [] : camunda.inputs,
    outMappings: camunda.allOut ? [] : camunda.outputs,
  };
  if (version !== undefined && Number.isInteger(version)) result.version = version;
  return result;
}

export function multiInstance(element: ModdleElement): MultiInstance | undefined {
  const loop = element.loopCharacteristics as ModdleElement | undefined;
  if (!loop || loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') return undefined;
  const zeebe = extension(loop, 'zeebe:LoopCharacteristics');
  const body = (value: unknown) => (value as { body?: string } | undefined)?.body;
  const result: MultiInstance = { sequential: loop.isSequential === true };
  const collection = (zeebe && attr(zeebe, 'inputCollection')) ?? fromCamundaValue(attr(loop, 'collection'));
  if (collection) result.collection = collection.replace(/^=/, '');
  const elementVariable = (zeebe && attr(zeebe, 'inputElement')) ?? attr(loop, 'elementVariable');
  if (elementVariable) result.elementVariable = elementVariable;
  const cardinality = body(loop.loopCardinality);
  if (cardinality) result.loopCardinality = stripEquals(fromCamundaValue(cardinality) ?? cardinality);
  const completion = body(loop.completionCondition);
  if (completion) result.completionCondition = stripEquals(fromCamundaValue(completion) ?? completion);
  const outputCollection = zeebe && attr(zeebe, 'outputCollection');
  if (outputCollection) result.outputCollection = outputCollection;
  const outputElement = zeebe && attr(zeebe, 'outputElement');
  if (outputElement) result.outputElement = outputElement.replace(/^=/, '');
  return result;
}

export function stripEquals(expression: string): string {
  return expression.trim().replace(/^=\s*/, '');
}
