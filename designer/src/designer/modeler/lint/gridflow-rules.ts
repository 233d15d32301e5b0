import { is, isAny } from 'bpmnlint-utils';
import type { TenantVocabulary } from '../vocabulary.ts';
import { timeLimitUnits } from '../vocabulary.ts';

/**
 * Gridflow's own lint rules, beside bpmnlint's recommended ones: what the engine would refuse at
 * deploy (engine/src/bpmn/compile.ts), or what deploys but cannot work in this tenant (a post or
 * rule set it does not have). Messages are Chinese: the designer's users read them on the canvas.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- moddle types its elements from descriptors at run time
type Node = { id: string; $type: string; get(name: string): any; [key: string]: any };
interface Reporter { report(id: string, message: string, path?: string[]): void }
type RuleFactory = () => { check(node: Node, reporter: Reporter): void };

const extension = (node: Node, type: string): Node | undefined => ((node.extensionElements?.values ?? []) as Node[]).find((value) => is(value, type));
const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const isExpression = (value: string) => value.startsWith('=');

/** The flow elements the engine executes (compile.ts ELEMENT_TYPES and IGNORED). */
const EXECUTED = [
  'bpmn:StartEvent', 'bpmn:EndEvent', 'bpmn:IntermediateCatchEvent', 'bpmn:IntermediateThrowEvent', 'bpmn:BoundaryEvent',
  'bpmn:Task', 'bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:ReceiveTask', 'bpmn:BusinessRuleTask', 'bpmn:ManualTask',
  'bpmn:ExclusiveGateway', 'bpmn:ParallelGateway', 'bpmn:InclusiveGateway', 'bpmn:EventBasedGateway', 'bpmn:SubProcess', 'bpmn:CallActivity',
  'bpmn:SequenceFlow', 'bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference', 'bpmn:TextAnnotation', 'bpmn:Association',
  'bpmn:Group', 'bpmn:DataInputAssociation', 'bpmn:DataOutputAssociation',
];
const EXECUTED_EVENTS = ['bpmn:MessageEventDefinition', 'bpmn:TimerEventDefinition', 'bpmn:SignalEventDefinition', 'bpmn:ErrorEventDefinition',
  'bpmn:EscalationEventDefinition', 'bpmn:TerminateEventDefinition', 'bpmn:LinkEventDefinition'];

const ELEMENT_NAMES: Record<string, string> = {
  'bpmn:ScriptTask': '脚本任务', 'bpmn:ComplexGateway': '复杂网关', 'bpmn:Transaction': '事务', 'bpmn:AdHocSubProcess': '自由子流程',
  'bpmn:ConditionalEventDefinition': '条件事件', 'bpmn:CompensateEventDefinition': '补偿事件', 'bpmn:CancelEventDefinition': '取消事件',
};

const ISO_DURATION = /^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/;
const ISO_CYCLE = /^R\d*\/(.+\/)?P.+$/;

/** Why a timer's text does not parse, or undefined when it does (an expression is checked by the server). */
export function timerProblem(kind: 'timeDuration' | 'timeDate' | 'timeCycle', value: string): string | undefined {
  if (value === '') return '定时器没有填写时间';
  if (isExpression(value)) return undefined;
  if (kind === 'timeDuration' && !ISO_DURATION.test(value)) return `时长 ${value} 不是 ISO 8601 时长（如 PT4H、P2D）`;
  if (kind === 'timeDate' && Number.isNaN(Date.parse(value))) return `日期 ${value} 不是 ISO 8601 日期时间（如 2026-12-31T09:00:00+08:00）`;
  if (kind === 'timeCycle' && !ISO_CYCLE.test(value) && value.trim().split(/\s+/).length < 5) return `周期 ${value} 不是 ISO 8601 重复周期（如 R3/PT1H）或 cron`;
  return undefined;
}

export function gridflowRules(vocabulary: TenantVocabulary): Record<string, RuleFactory> {
  const posts = new Set(vocabulary.posts.map((post) => post.code));
  const levels = new Set(vocabulary.levels);
  const forms = new Set(vocabulary.forms.map((form) => form.key));
  const ruleSets = new Set(vocabulary.ruleSets.map((ruleSet) => ruleSet.key));
  const services = new Set(vocabulary.services.map((service) => service.type));

  return {
    'user-task-assignment': () => ({
      check(node, reporter) {
        if (!is(node, 'bpmn:UserTask')) return;
        const assignment = extension(node, 'gridflow:Assignment');
        const [post, level, assignee, groups, partner] = ['post', 'gridLevel', 'assignee', 'candidateGroups', 'partner'].map((name) => text(assignment?.get(name)));
        if (!post && !assignee && !groups && !partner) return reporter.report(node.id, '用户任务没有分派：在“分派”中选择岗位、合作方或办理人');
        if (post && !isExpression(post) && posts.size > 0 && !posts.has(post)) reporter.report(node.id, `岗位 ${post} 不在本租户的岗位表中`);
        if (level && !isExpression(level) && levels.size > 0 && !levels.has(level)) reporter.report(node.id, `层级 ${level} 不在本租户的网格层级中`);
      },
    }),
    'user-task-form': () => ({
      check(node, reporter) {
        if (!is(node, 'bpmn:UserTask')) return;
        const formKey = text(extension(node, 'gridflow:Form')?.get('formKey'));
        if (!formKey) return reporter.report(node.id, '用户任务没有表单：办理人只能直接提交');
        if (!isExpression(formKey) && forms.size > 0 && !forms.has(formKey)) reporter.report(node.id, `表单 ${formKey} 不在本租户的表单中`);
      },
    }),
    'business-rule-task-rule-set': () => ({
      check(node, reporter) {
        if (!is(node, 'bpmn:BusinessRuleTask')) return;
        const key = text(extension(node, 'gridflow:RuleSet')?.get('key'));
        if (!key) return reporter.report(node.id, '业务规则任务没有选择规则集');
        if (ruleSets.size > 0 && !ruleSets.has(key)) reporter.report(node.id, `规则集 ${key} 不在本租户的规则集中`);
      },
    }),
    'service-task-service': () => ({
      check(node, reporter) {
        if (!isAny(node, ['bpmn:ServiceTask', 'bpmn:SendTask'])) return;
        const service = text(node.get('gridflow:service'));
        if (!service) return reporter.report(node.id, '服务任务没有选择服务');
        if (!services.has(service)) reporter.report(node.id, `没有已启用的插件提供服务 ${service}：只有外部作业执行者能完成它`);
      },
    }),
    'time-limit': () => ({
      check(node, reporter) {
        const limit = extension(node, 'gridflow:TimeLimit');
        if (!limit) return;
        const [amount, unit, due] = ['amount', 'unit', 'due'].map((name) => text(limit.get(name)));
        if (!amount === !due) return reporter.report(node.id, '办理时限要么填写时长和单位，要么填写截止时间表达式');
        if (amount && !isExpression(amount) && !/^\d+(\.\d+)?$/.test(amount)) reporter.report(node.id, `时限时长 ${amount} 不是数字`);
        if (amount && !(timeLimitUnits as readonly string[]).includes(unit ?? '')) reporter.report(node.id, '办理时限缺少单位（工作小时、工作日、小时或天）');
        if (due && !isExpression(due)) reporter.report(node.id, `截止时间 ${due} 应是以 = 开头的表达式`);
      },
    }),
    timer: () => ({
      check(node, reporter) {
        for (const definition of (node.eventDefinitions ?? []) as Node[]) {
          if (!is(definition, 'bpmn:TimerEventDefinition')) continue;
          const kind = (['timeDuration', 'timeDate', 'timeCycle'] as const).find((name) => definition.get(name) !== undefined);
          const problem = kind ? timerProblem(kind, text(definition.get(kind)?.body)) : '定时器没有选择类型（日期、时长或周期）';
          if (problem) reporter.report(node.id, problem);
        }
      },
    }),
    'executed-element': () => ({
      check(node, reporter) {
        if (!is(node, 'bpmn:FlowElement')) return;
        if (!EXECUTED.includes(node.$type)) return reporter.report(node.id, `引擎不执行${ELEMENT_NAMES[node.$type] ?? node.$type}`);
        for (const definition of (node.eventDefinitions ?? []) as Node[]) {
          if (!EXECUTED_EVENTS.includes(definition.$type)) reporter.report(node.id, `引擎不执行${ELEMENT_NAMES[definition.$type] ?? definition.$type}`);
        }
        const loop = node.loopCharacteristics as Node | undefined;
        if (loop && !is(loop, 'bpmn:MultiInstanceLoopCharacteristics')) reporter.report(node.id, '引擎不执行标准循环：请用多实例');
      },
    }),
  };
}

/** How each Gridflow rule counts: errors block deploying, warnings are shown. */
export const gridflowRuleLevels: Record<string, 'error' | 'warn'> = {
  'user-task-assignment': 'error',
  'user-task-form': 'warn',
  'business-rule-task-rule-set': 'error',
  'service-task-service': 'warn',
  'time-limit': 'error',
  timer: 'error',
  'executed-element': 'error',
};
