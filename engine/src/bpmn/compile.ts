import type { ModdleElement } from './moddle.ts';
import type { ElementModel, ElementType, EventDefinition, FlowModel, ProcessModel, SupportTable } from '../core/model.ts';
import * as ext from './extensions.ts';
import { checkFeel } from '../core/expressions/feel.ts';
import { checkTimer } from '../core/iso8601/timer-expression.ts';

/** One thing wrong with a model: which element, why, and the stable code for it. */
export interface ModelProblem {
  code: 'GF_ERR_BPMN_UNSUPPORTED_ELEMENT' | 'GF_ERR_BPMN_INVALID_ELEMENT' | 'GF_ERR_BPMN_INVALID_EXPRESSION' | 'GF_ERR_BPMN_INVALID_TIMER';
  elementId: string;
  reason: string;
}

const ELEMENT_TYPES: Record<string, ElementType> = {
  'bpmn:StartEvent': 'startEvent', 'bpmn:EndEvent': 'endEvent', 'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent',
  'bpmn:IntermediateThrowEvent': 'intermediateThrowEvent', 'bpmn:BoundaryEvent': 'boundaryEvent',
  'bpmn:Task': 'task', 'bpmn:UserTask': 'userTask', 'bpmn:ServiceTask': 'serviceTask', 'bpmn:SendTask': 'sendTask',
  'bpmn:ReceiveTask': 'receiveTask', 'bpmn:BusinessRuleTask': 'businessRuleTask', 'bpmn:ManualTask': 'manualTask',
  'bpmn:ExclusiveGateway': 'exclusiveGateway', 'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway', 'bpmn:EventBasedGateway': 'eventBasedGateway',
  'bpmn:SubProcess': 'subProcess', 'bpmn:CallActivity': 'callActivity',
};

/** Flow elements that carry no behaviour: kept out of the model without complaint. */
const IGNORED = new Set(['bpmn:SequenceFlow', 'bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference',
  'bpmn:TextAnnotation', 'bpmn:Association', 'bpmn:Group', 'bpmn:DataInputAssociation', 'bpmn:DataOutputAssociation']);

const EVENT_KINDS: Record<string, EventDefinition['kind']> = {
  'bpmn:MessageEventDefinition': 'message', 'bpmn:TimerEventDefinition': 'timer', 'bpmn:SignalEventDefinition': 'signal',
  'bpmn:ErrorEventDefinition': 'error', 'bpmn:EscalationEventDefinition': 'escalation', 'bpmn:TerminateEventDefinition': 'terminate',
  'bpmn:LinkEventDefinition': 'link',
};

export type { SupportTable };

/** What the file around a process says that its elements need to be read. */
export interface FileContext {
  /** The expression language the file declares (`definitions/@expressionLanguage`), when it names one. */
  expressionLanguage?: string | undefined;
  /** Ids of the file's global tasks, which a call activity may name instead of a process. */
  globalTasks: Set<string>;
}

/** FEEL, by any of its URIs (or none given: FEEL is the default here). */
export function isFeelLanguage(language: string | undefined): boolean {
  return language === undefined || language === '' || /feel/i.test(language);
}

export function compileProcess(process: ModdleElement, support: SupportTable, file: FileContext = { globalTasks: new Set() }): { model: ProcessModel; problems: ModelProblem[] } {
  const key = String(process.id);
  const model: ProcessModel = { key, elements: {}, flows: {}, startIds: {}, eventSubProcessIds: {} };
  if (typeof process.name === 'string') model.name = process.name;
  const problems: ModelProblem[] = [];
  collectScope(process, key, model, problems, support, file);
  linkFlows(model, problems);
  checkElements(model, problems);
  return { model, problems };
}

function collectScope(container: ModdleElement, scopeId: string, model: ProcessModel, problems: ModelProblem[], support: SupportTable, file: FileContext): void {
  const flowElements = (container.flowElements as ModdleElement[] | undefined) ?? [];
  for (const element of flowElements) {
    const id = String(element.id);
    if (element.$type === 'bpmn:SequenceFlow') {
      model.flows[id] = compileFlow(element, problems, file);
      continue;
    }
    if (IGNORED.has(element.$type)) continue;
    const type = ELEMENT_TYPES[element.$type];
    if (!type) {
      problems.push({ code: 'GF_ERR_BPMN_UNSUPPORTED_ELEMENT', elementId: id, reason: `${element.$type} is not executed by Gridflow` });
      continue;
    }
    const compiled = compileElement(element, type, scopeId, problems, file);
    if (!compiled) continue;
    if (!support.supports(type, compiled.event?.kind)) {
      const what = compiled.event && compiled.event.kind !== 'none' ? `${compiled.event.kind} ${element.$type}` : element.$type;
      problems.push({ code: 'GF_ERR_BPMN_UNSUPPORTED_ELEMENT', elementId: id, reason: `${what} is not executed by Gridflow` });
      continue;
    }
    if (compiled.multiInstance && !support.supportsMultiInstance) {
      problems.push({ code: 'GF_ERR_BPMN_UNSUPPORTED_ELEMENT', elementId: id, reason: `multi-instance ${element.$type} is not executed by Gridflow yet` });
      continue;
    }
    model.elements[id] = compiled;
    if (type === 'startEvent') (model.startIds[scopeId] ??= []).push(id);
    if (type === 'subProcess') {
      if (compiled.triggeredByEvent) (model.eventSubProcessIds[scopeId] ??= []).push(id);
      collectScope(element, id, model, problems, support, file);
    }
  }
}

function compileFlow(element: ModdleElement, problems: ModelProblem[], file: FileContext): FlowModel {
  const flow: FlowModel = {
    id: String(element.id),
    sourceId: String((element.sourceRef as ModdleElement | undefined)?.id ?? ''),
    targetId: String((element.targetRef as ModdleElement | undefined)?.id ?? ''),
  };
  const condition = element.conditionExpression as { body?: string; language?: string } | undefined;
  const body = condition?.body;
  if (body !== undefined && body.trim() !== '') {
    const language = condition?.language ?? file.expressionLanguage;
    if (!isFeelLanguage(language)) {
      problems.push({ code: 'GF_ERR_BPMN_UNSUPPORTED_ELEMENT', elementId: flow.id, reason: `the condition is written in ${language}, which Gridflow does not evaluate; write it in FEEL` });
      return flow;
    }
    flow.condition = expression(flow.id, ext.fromCamundaValue(body.trim()) ?? body, problems);
  }
  return flow;
}

function compileElement(element: ModdleElement, type: ElementType, scopeId: string, problems: ModelProblem[], file: FileContext): ElementModel | undefined {
  const id = String(element.id);
  const compiled: ElementModel = { id, type, scopeId, incoming: [], outgoing: [], boundaryIds: [], inputs: [], outputs: [] };
  if (typeof element.name === 'string') compiled.name = element.name;
  const definitions = (element.eventDefinitions as ModdleElement[] | undefined) ?? [];
  if (definitions.length > 1) {
    problems.push({ code: 'GF_ERR_BPMN_UNSUPPORTED_ELEMENT', elementId: id, reason: 'events with several event definitions (multiple / parallel multiple) are not executed' });
    return undefined;
  }
  if (type.endsWith('Event')) {
    const definition = definitions[0];
    if (definition && !EVENT_KINDS[definition.$type]) {
      problems.push({ code: 'GF_ERR_BPMN_UNSUPPORTED_ELEMENT', elementId: id, reason: `${definition.$type} is not executed by Gridflow` });
      return undefined;
    }
    compiled.event = definition ? eventDefinition(id, definition, problems) : { kind: 'none' };
  }
  if (element.loopCharacteristics && (element.loopCharacteristics as ModdleElement).$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    problems.push({ code: 'GF_ERR_BPMN_UNSUPPORTED_ELEMENT', elementId: id, reason: 'standard loops are not executed; use multi-instance' });
    return undefined;
  }
  if (type === 'receiveTask') {
    // A receive task waits for its message like a message catch event.
    compiled.event = element.messageRef ? eventDefinition(id, { $type: 'bpmn:MessageEventDefinition', messageRef: element.messageRef }, problems) : { kind: 'message', name: id };
  }
  const defaultFlow = element.default as ModdleElement | undefined;
  if (defaultFlow?.id) compiled.defaultFlowId = String(defaultFlow.id);
  if (type === 'boundaryEvent') {
    compiled.attachedToId = String((element.attachedToRef as ModdleElement | undefined)?.id ?? '');
    compiled.cancelActivity = element.cancelActivity !== false;
  }
  if (type === 'startEvent' && element.isInterrupting === false) compiled.cancelActivity = false;
  if (type === 'subProcess') compiled.triggeredByEvent = element.triggeredByEvent === true;
  const job = ext.jobDefinition(element);
  if (job) compiled.job = job;
  const continuation = ext.continuation(element);
  if (continuation) compiled.continuation = continuation;
  const assignment = ext.assignment(element);
  if (assignment) compiled.assignment = assignment;
  const operations = ext.operations(element);
  if (operations) compiled.operations = operations;
  const formKey = ext.formKey(element);
  if (formKey) compiled.formKey = formKey;
  const { inputs, outputs } = ext.ioMappings(element);
  compiled.inputs = inputs.map((mapping) => ({ ...mapping, source: mappingSource(id, mapping.source, problems) }));
  compiled.outputs = outputs.map((mapping) => ({ ...mapping, source: mappingSource(id, mapping.source, problems) }));
  const multiInstance = ext.multiInstance(element);
  if (multiInstance) compiled.multiInstance = multiInstance;
  if (type === 'callActivity') {
    const called = ext.calledElement(element);
    if (!called) problems.push({ code: 'GF_ERR_BPMN_INVALID_ELEMENT', elementId: id, reason: 'call activity names no called process' });
    else if (file.globalTasks.has(called.processKey)) problems.push({ code: 'GF_ERR_BPMN_UNSUPPORTED_ELEMENT', elementId: id, reason: `the call activity calls the global task '${called.processKey}'; Gridflow calls processes only` });
    else compiled.calledElement = called;
  }
  const ruleSet = ext.extension(element, 'gridflow:RuleSet');
  if (ruleSet && typeof ruleSet.key === 'string') compiled.ruleSet = {
    key: ruleSet.key,
    ...(typeof ruleSet.version === 'string' ? { version: ruleSet.version } : {}),
    ...(typeof ruleSet.resultVariable === 'string' ? { resultVariable: ruleSet.resultVariable } : {}),
  };
  const timeLimit = ext.extension(element, 'gridflow:TimeLimit');
  if (timeLimit) compiled.timeLimit = compileTimeLimit(id, timeLimit, problems);
  return compiled;
}

function eventDefinition(elementId: string, definition: ModdleElement, problems: ModelProblem[]): EventDefinition {
  const kind = EVENT_KINDS[definition.$type] ?? 'none';
  const result: EventDefinition = { kind };
  const ref = (definition.messageRef ?? definition.signalRef ?? definition.errorRef ?? definition.escalationRef) as ModdleElement | undefined;
  if (ref) {
    const name = kind === 'error' ? ref.errorCode : kind === 'escalation' ? ref.escalationCode : ref.name;
    if (typeof name === 'string' && name !== '') result.name = name;
    else if (kind === 'message' || kind === 'signal') result.name = String(ref.id);
  } else if ((kind === 'message' || kind === 'signal') && definition.$type) {
    // A message or signal event that names none is caught by the element's own id.
    result.name = elementId;
  }
  if (kind === 'link') result.name = typeof definition.name === 'string' && definition.name !== '' ? definition.name : elementId;
  if (kind === 'message' && ref) {
    const subscription = ext.extension(ref, 'zeebe:Subscription');
    const correlationKey = subscription?.correlationKey;
    if (typeof correlationKey === 'string' && correlationKey !== '') result.correlationKey = expression(elementId, correlationKey, problems);
  }
  if (kind === 'timer') {
    const pick = (['timeDate', 'timeDuration', 'timeCycle'] as const).find((name) => definition[name]);
    const body = pick ? (definition[pick] as { body?: string }).body?.trim() ?? '' : '';
    if (!pick || body === '') {
      // A descriptive model may draw a timer without saying when: nothing can run it.
      problems.push({ code: 'GF_ERR_BPMN_UNSUPPORTED_ELEMENT', elementId, reason: 'a timer event without a date, duration or cycle cannot be executed' });
    } else {
      const timerKind = pick === 'timeDate' ? 'date' : pick === 'timeDuration' ? 'duration' : 'cycle';
      const problem = checkTimer(timerKind, body);
      if (problem) problems.push({ code: 'GF_ERR_BPMN_INVALID_TIMER', elementId, reason: problem });
      result.timer = { kind: timerKind, expression: body };
    }
  }
  return result;
}

/** A Zeebe mapping source is FEEL when it starts with '=', else a static string value. */
function mappingSource(elementId: string, source: string, problems: ModelProblem[]): string {
  return source.trim().startsWith('=') || ext.isJuel(source) || /^[$#]\{/.test(source) ? expression(elementId, source, problems) : JSON.stringify(source);
}

/** A FEEL expression in its stored form (no leading '='), reported when it does not parse. */
function expression(elementId: string, source: string, problems: ModelProblem[]): string {
  if (ext.isJuel(source)) {
    problems.push({ code: 'GF_ERR_BPMN_UNSUPPORTED_ELEMENT', elementId, reason: `'${source}' is a JUEL expression, which Gridflow does not evaluate; write it in FEEL` });
    return source;
  }
  const feel = ext.stripEquals(source);
  const problem = checkFeel(feel);
  if (problem) problems.push({ code: 'GF_ERR_BPMN_INVALID_EXPRESSION', elementId, reason: `'${feel}' ${problem}` });
  return feel;
}

function linkFlows(model: ProcessModel, problems: ModelProblem[]): void {
  for (const flow of Object.values(model.flows)) {
    const source = model.elements[flow.sourceId];
    const target = model.elements[flow.targetId];
    if (!source || !target) {
      // A flow to an element that was itself refused is already reported; report only dangling flows.
      if (!problems.some((p) => p.elementId === flow.sourceId || p.elementId === flow.targetId)) {
        problems.push({ code: 'GF_ERR_BPMN_INVALID_ELEMENT', elementId: flow.id, reason: `sequence flow connects unknown elements '${flow.sourceId}' → '${flow.targetId}'` });
      }
      continue;
    }
    source.outgoing.push(flow.id);
    target.incoming.push(flow.id);
  }
  for (const element of Object.values(model.elements)) {
    if (element.type === 'boundaryEvent' && element.attachedToId) model.elements[element.attachedToId]?.boundaryIds.push(element.id);
  }
}

/**
 * An exclusive or inclusive gateway that splits must say how: a condition on every outgoing flow
 * but the default. A split drawn with labels only (a descriptive model) cannot be executed.
 */
function checkDecision(model: ProcessModel, element: ElementModel, problems: ModelProblem[]): void {
  if ((element.type !== 'exclusiveGateway' && element.type !== 'inclusiveGateway') || element.outgoing.length < 2) return;
  const undecided = element.outgoing.filter((flowId) => flowId !== element.defaultFlowId && model.flows[flowId]?.condition === undefined);
  if (undecided.length === 0) return;
  const conditions = element.outgoing.filter((flowId) => model.flows[flowId]?.condition !== undefined).length;
  if (conditions === 0 && (element.defaultFlowId === undefined || undecided.length > 0)) {
    problems.push({ code: 'GF_ERR_BPMN_UNSUPPORTED_ELEMENT', elementId: element.id, reason: 'the gateway splits without conditions (a decision drawn with labels only cannot be executed)' });
    return;
  }
  problems.push({ code: 'GF_ERR_BPMN_INVALID_ELEMENT', elementId: element.id, reason: `outgoing flows ${undecided.join(', ')} have no condition and are not the default flow` });
}

function checkElements(model: ProcessModel, problems: ModelProblem[]): void {
  for (const element of Object.values(model.elements)) {
    if (element.type.endsWith('Gateway') && element.outgoing.length === 0) {
      problems.push({ code: 'GF_ERR_BPMN_INVALID_ELEMENT', elementId: element.id, reason: 'gateway has no outgoing sequence flow' });
    }
    checkDecision(model, element, problems);
    if (element.defaultFlowId && !element.outgoing.includes(element.defaultFlowId)) {
      problems.push({ code: 'GF_ERR_BPMN_INVALID_ELEMENT', elementId: element.id, reason: `default flow '${element.defaultFlowId}' is not one of its outgoing flows` });
    }
    if (element.type === 'boundaryEvent' && !model.elements[element.attachedToId ?? '']) {
      problems.push({ code: 'GF_ERR_BPMN_INVALID_ELEMENT', elementId: element.id, reason: `boundary event is attached to unknown activity '${element.attachedToId}'` });
    }
    if (element.multiInstance && !element.multiInstance.collection && !element.multiInstance.loopCardinality) {
      problems.push({ code: 'GF_ERR_BPMN_UNSUPPORTED_ELEMENT', elementId: element.id, reason: 'multi-instance without an input collection or a loop cardinality (driven by data inputs) is not executed' });
    }
  }
  const starts = model.startIds[model.key] ?? [];
  if (starts.length === 0) {
    problems.push({ code: 'GF_ERR_BPMN_INVALID_ELEMENT', elementId: model.key, reason: 'process has no start event' });
  }
}

const timeLimitUnits = ['workingHours', 'workingDays', 'hours', 'days'];

/** `<gridflow:timeLimit amount="8" unit="workingHours"/>` or `<gridflow:timeLimit due="=dueAt"/>`. */
function compileTimeLimit(id: string, element: ModdleElement, problems: ModelProblem[]): NonNullable<ElementModel['timeLimit']> {
  const read = (key: string) => (typeof element[key] === 'string' && element[key] !== '' ? String(element[key]) : undefined);
  const [amount, unit, due] = [read('amount'), read('unit'), read('due')];
  if ((due === undefined) === (amount === undefined)) {
    problems.push({ code: 'GF_ERR_BPMN_INVALID_ELEMENT', elementId: id, reason: 'a time limit has either amount and unit, or due' });
  }
  if (amount !== undefined && (unit === undefined || !timeLimitUnits.includes(unit))) {
    problems.push({ code: 'GF_ERR_BPMN_INVALID_ELEMENT', elementId: id, reason: `a time limit's unit is one of ${timeLimitUnits.join(', ')} (not '${unit ?? ''}')` });
  }
  for (const value of [amount, due]) {
    const problem = value?.startsWith('=') ? checkFeel(value.slice(1)) : undefined;
    if (problem) problems.push({ code: 'GF_ERR_BPMN_INVALID_EXPRESSION', elementId: id, reason: `time limit '${value}' ${problem}` });
  }
  return { ...(amount === undefined ? {} : { amount }), ...(unit === undefined ? {} : { unit }), ...(due === undefined ? {} : { due }) };
}
