import { is } from 'bpmn-js/lib/util/ModelUtil';
import { getBusinessObject } from 'bpmn-js/lib/util/ModelUtil';
import { h } from '@bpmn-io/properties-panel/preact';
import {
  CheckboxEntry, SelectEntry, TextFieldEntry, isCheckboxEntryEdited, isSelectEntryEdited, isTextFieldEntryEdited,
} from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { caseOperations, timeLimitUnits, type TenantVocabulary } from '../vocabulary';
import { extensionOf, updateAttributes, updateExtension, type ModdleElement, type ModelingServices } from './extension-elements';

type Shape = { id: string; businessObject: ModdleElement };
type Translate = (text: string, replacements?: Record<string, string>) => string;
type Option = { value: string; label: string };
interface Entry { id: string; component: (props: { element: Shape; id: string }) => unknown; isEdited?: unknown }
interface Group { id: string; label: string; entries: Entry[] }

/** The Chinese names of the tenant's level codes and the case operations (as the worker app words them). */
const LEVEL_NAMES: Record<string, string> = { grid: '网格', community: '社区', street: '街道', district: '区', city: '市', department: '职能部门' };

/** Choices with the current value kept when the tenant no longer offers it (an expression, a retired post). */
function withCurrent(options: Option[], current: string | undefined, translate: Translate): Option[] {
  const none = { value: '', label: translate('<none>') };
  const known = current === undefined || current === '' || options.some((option) => option.value === current);
  return [none, ...options, ...(known ? [] : [{ value: current, label: current.startsWith('=') ? `${translate('Expression')} ${current}` : `${current}（${translate('not in this tenant')}）` }])];
}

/** An attribute of a Gridflow extension element (`gridflow:assignment post`) as a text field or a choice. */
function extensionEntry(type: string, attribute: string, label: string, options?: (vocabulary: TenantVocabulary, translate: Translate) => Option[]): Entry['component'] {
  return function ExtensionEntry({ element, id }) {
    const translate = useService<Translate>('translate');
    const bpmnFactory = useService<ModelingServices['bpmnFactory']>('bpmnFactory');
    const commandStack = useService<ModelingServices['commandStack']>('commandStack');
    const debounce = useService('debounceInput');
    const vocabulary = useService<{ vocabulary: TenantVocabulary }>('config.gridflow').vocabulary;
    const getValue = () => (extensionOf(element, type)?.get(attribute) as string | undefined) ?? '';
    const setValue = (value: string) => updateExtension(element, type, { [attribute]: value }, { bpmnFactory, commandStack });
    if (!options) return h(TextFieldEntry, { element, id, label: translate(label), getValue, setValue, debounce });
    return h(SelectEntry, { element, id, label: translate(label), getValue, setValue, getOptions: () => withCurrent(options(vocabulary, translate), getValue(), translate) });
  };
}

const postOptions = (vocabulary: TenantVocabulary) => vocabulary.posts.map((post) => ({ value: post.code, label: post.name }));
const levelOptions = (vocabulary: TenantVocabulary) => vocabulary.levels.map((level) => ({ value: level, label: LEVEL_NAMES[level] ?? level }));
const partnerOptions = (vocabulary: TenantVocabulary) => vocabulary.partners.map((partner) => ({ value: partner.code, label: partner.name }));
const formOptions = (vocabulary: TenantVocabulary) => vocabulary.forms.map((form) => ({ value: form.key, label: `${form.title}（${form.key}）` }));
const ruleSetOptions = (vocabulary: TenantVocabulary) => vocabulary.ruleSets.map((ruleSet) => ({ value: ruleSet.key, label: `${ruleSet.name}（${ruleSet.key}）` }));
const unitOptions = (_vocabulary: TenantVocabulary, translate: Translate) => timeLimitUnits.map((unit) => ({ value: unit, label: translate(`unit:${unit}`) }));

/** One check box per case operation, kept as the space-separated `gridflow:operations allowed`. */
function operationEntry(operation: string): Entry['component'] {
  return function OperationEntry({ element, id }) {
    const translate = useService<Translate>('translate');
    const bpmnFactory = useService<ModelingServices['bpmnFactory']>('bpmnFactory');
    const commandStack = useService<ModelingServices['commandStack']>('commandStack');
    const allowed = () => String(extensionOf(element, 'gridflow:Operations')?.get('allowed') ?? '').split(/\s+/).filter(Boolean);
    const getValue = () => allowed().includes(operation);
    const setValue = (on: boolean) => {
      const next = on ? [...allowed(), operation] : allowed().filter((name) => name !== operation);
      updateExtension(element, 'gridflow:Operations', { allowed: caseOperations.filter((name) => next.includes(name)).join(' ') }, { bpmnFactory, commandStack });
    };
    return h(CheckboxEntry, { element, id, label: translate(`operation:${operation}`), getValue, setValue });
  };
}

/** A link from the form a task names to the form editor, where it opens with its phone preview. */
function FormLinkEntry({ element }: { element: Shape; id: string }) {
  const translate = useService<Translate>('translate');
  const formKey = (extensionOf(element, 'gridflow:Form')?.get('formKey') as string | undefined) ?? '';
  if (!formKey || formKey.startsWith('=')) return null;
  return h('div', { class: 'bio-properties-panel-entry' },
    h('a', { href: `#/forms?open=${encodeURIComponent(formKey)}`, 'data-action': 'open-form', class: 'gf-panel-link' }, translate('Open in the form editor')));
}

/** The service a service task runs: one of the enabled plugins' services, or the engine's own. */
function ServiceEntry({ element, id }: { element: Shape; id: string }) {
  const translate = useService<Translate>('translate');
  const commandStack = useService<ModelingServices['commandStack']>('commandStack');
  const vocabulary = useService<{ vocabulary: TenantVocabulary }>('config.gridflow').vocabulary;
  const getValue = () => (getBusinessObject(element).get('gridflow:service') as string | undefined) ?? '';
  const setValue = (value: string) => updateAttributes(element, { 'gridflow:service': value || undefined }, { commandStack });
  const options = vocabulary.services.map((service) => ({ value: service.type, label: `${service.name}（${service.type}）` }));
  return h(SelectEntry, { element, id, label: translate('Service'), getValue, setValue, getOptions: () => withCurrent(options, getValue(), translate) });
}

function RetriesEntry({ element, id }: { element: Shape; id: string }) {
  const translate = useService<Translate>('translate');
  const commandStack = useService<ModelingServices['commandStack']>('commandStack');
  const debounce = useService('debounceInput');
  const getValue = () => String(getBusinessObject(element).get('gridflow:retries') ?? '');
  const setValue = (value: string) => updateAttributes(element, { 'gridflow:retries': value === '' ? undefined : Number(value) }, { commandStack });
  const validate = (value: string) => (value === '' || /^\d+$/.test(value) ? null : translate('A whole number of attempts'));
  return h(TextFieldEntry, { element, id, label: translate('Retries'), getValue, setValue, debounce, validate });
}

function continuationEntry(attribute: 'asyncBefore' | 'asyncAfter', label: string): Entry['component'] {
  return function ContinuationEntry({ element, id }) {
    const translate = useService<Translate>('translate');
    const commandStack = useService<ModelingServices['commandStack']>('commandStack');
    const getValue = () => getBusinessObject(element).get(`gridflow:${attribute}`) === true;
    const setValue = (on: boolean) => updateAttributes(element, { [`gridflow:${attribute}`]: on || undefined }, { commandStack });
    return h(CheckboxEntry, { element, id, label: translate(label), getValue, setValue });
  };
}

function groupsOf(element: Shape, translate: Translate): Group[] {
  const groups: Group[] = [];
  if (is(element, 'bpmn:UserTask')) {
    groups.push({
      id: 'gridflow-assignment', label: translate('Assignment'), entries: [
        { id: 'gridflow-post', component: extensionEntry('gridflow:Assignment', 'post', 'Post', postOptions), isEdited: isSelectEntryEdited },
        { id: 'gridflow-grid-level', component: extensionEntry('gridflow:Assignment', 'gridLevel', 'Grid level', levelOptions), isEdited: isSelectEntryEdited },
        { id: 'gridflow-partner', component: extensionEntry('gridflow:Assignment', 'partner', 'Partner', partnerOptions), isEdited: isSelectEntryEdited },
        { id: 'gridflow-assignee', component: extensionEntry('gridflow:Assignment', 'assignee', 'Assignee'), isEdited: isTextFieldEntryEdited },
      ],
    });
  }
  if (is(element, 'bpmn:UserTask') || (is(element, 'bpmn:StartEvent') && !getBusinessObject(element).eventDefinitions?.length)) {
    groups.push({ id: 'gridflow-form', label: translate('Form'), entries: [{ id: 'gridflow-form-key', component: extensionEntry('gridflow:Form', 'formKey', 'Form', formOptions), isEdited: isSelectEntryEdited }, { id: 'gridflow-form-open', component: FormLinkEntry }] });
  }
  if (is(element, 'bpmn:UserTask') || is(element, 'bpmn:SubProcess') || is(element, 'bpmn:CallActivity')) {
    groups.push({
      id: 'gridflow-time-limit', label: translate('Time limit'), entries: [
        { id: 'gridflow-time-limit-amount', component: extensionEntry('gridflow:TimeLimit', 'amount', 'Amount'), isEdited: isTextFieldEntryEdited },
        { id: 'gridflow-time-limit-unit', component: extensionEntry('gridflow:TimeLimit', 'unit', 'Unit', unitOptions), isEdited: isSelectEntryEdited },
        { id: 'gridflow-time-limit-due', component: extensionEntry('gridflow:TimeLimit', 'due', 'Due (expression)'), isEdited: isTextFieldEntryEdited },
      ],
    });
  }
  if (is(element, 'bpmn:UserTask')) {
    groups.push({ id: 'gridflow-operations', label: translate('Case operations'), entries: caseOperations.map((operation) => ({ id: `gridflow-operation-${operation}`, component: operationEntry(operation), isEdited: isCheckboxEntryEdited })) });
  }
  if (is(element, 'bpmn:BusinessRuleTask')) {
    groups.push({
      id: 'gridflow-rule-set', label: translate('Rule set'), entries: [
        { id: 'gridflow-rule-set-key', component: extensionEntry('gridflow:RuleSet', 'key', 'Rule set', ruleSetOptions), isEdited: isSelectEntryEdited },
        { id: 'gridflow-rule-set-result', component: extensionEntry('gridflow:RuleSet', 'resultVariable', 'Result variable'), isEdited: isTextFieldEntryEdited },
      ],
    });
  }
  if (is(element, 'bpmn:ServiceTask') || is(element, 'bpmn:SendTask')) {
    groups.push({
      id: 'gridflow-service', label: translate('Service'), entries: [
        { id: 'gridflow-service-type', component: ServiceEntry, isEdited: isSelectEntryEdited },
        { id: 'gridflow-retries', component: RetriesEntry, isEdited: isTextFieldEntryEdited },
      ],
    });
  }
  if (is(element, 'bpmn:FlowNode') && !is(element, 'bpmn:StartEvent') && !is(element, 'bpmn:EndEvent')) {
    groups.push({
      id: 'gridflow-continuation', label: translate('Asynchronous continuations'), entries: [
        { id: 'gridflow-async-before', component: continuationEntry('asyncBefore', 'Asynchronous before'), isEdited: isCheckboxEntryEdited },
        { id: 'gridflow-async-after', component: continuationEntry('asyncAfter', 'Asynchronous after'), isEdited: isCheckboxEntryEdited },
      ],
    });
  }
  return groups;
}

/**
 * The Gridflow groups of the properties panel: assignment, form, time limit, case operations,
 * rule set, service and continuations, each writing the engine's own extension elements
 * (engine/src/bpmn/gridflow-moddle.json). Registered after the BPMN provider, so its groups
 * follow the panel's own 基本信息 group.
 */
export class GridflowPropertiesProvider {
  static $inject = ['propertiesPanel', 'translate'];

  constructor(propertiesPanel: { registerProvider(priority: number, provider: unknown): void }, private readonly translate: Translate) {
    propertiesPanel.registerProvider(500, this);
  }

  getGroups(element: Shape) {
    return (groups: Group[]) => {
      const general = groups.findIndex((group) => group.id === 'general');
      groups.splice(general + 1, 0, ...groupsOf(element, this.translate));
      return groups;
    };
  }
}

export const gridflowPropertiesModule = {
  __init__: ['gridflowPropertiesProvider'],
  gridflowPropertiesProvider: ['type', GridflowPropertiesProvider],
};
