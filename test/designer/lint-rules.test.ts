import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BpmnModdle } from 'bpmn-moddle';
import { Linter } from 'bpmnlint';
import gridflowModdle from '../../engine/src/bpmn/gridflow-moddle.json' with { type: 'json' };
import { lintConfig } from '../../designer/src/designer/modeler/lint/lint-config.ts';
import type { TenantVocabulary } from '../../designer/src/designer/modeler/vocabulary.ts';

/**
 * The designer's linter as the browser runs it (bpmnlint's Linter with the designer's config),
 * here on models read by bpmn-moddle with the engine's Gridflow descriptor: the pack's own
 * processes raise no Gridflow error, and each Gridflow rule reports what it is for.
 */
const packs = join(import.meta.dirname, '..', '..', 'definitions');
/** A pack's vocabulary as the designer reads it from the API, here from the pack's own files. */
function vocabularyOf(name: string): TenantVocabulary {
  const json = (file: string) => JSON.parse(readFileSync(join(packs, name, file), 'utf8'));
  return {
    posts: json('posts.json').posts,
    levels: json('pack.json').levels,
    partners: json('partners.json').partners,
    forms: readdirSync(join(packs, name, 'forms')).map((file) => ({ key: file.replace(/\.json$/, ''), title: file })),
    ruleSets: (existsSync(join(packs, name, 'rules')) ? readdirSync(join(packs, name, 'rules')) : []).map((file) => ({ key: file.replace(/\.json$/, ''), name: file })),
    services: [],
  };
}
const tcity = vocabularyOf('tcity');

type Issue = { id: string; message: string; category: string };
async function lint(xml: string, vocabulary = tcity): Promise<Record<string, Issue[]>> {
  const { rootElement } = await new BpmnModdle({ gridflow: gridflowModdle }).fromXML(xml);
  return new Linter(lintConfig(vocabulary)).lint(rootElement) as Promise<Record<string, Issue[]>>;
}
const issuesOf = (results: Record<string, Issue[]>, rule: string) => (results[rule] ?? []).map((issue) => `${issue.id}: ${issue.message}`);

const model = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:gridflow="http://gridflow.dev/schema/bpmn/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;

describe('the designer\'s lint rules', () => {
  it('should find no Gridflow error in the packs\' processes', async () => {
    for (const name of ['tcity', 'zaozhuang-y', 'wuma', 'zhanshan']) for (const file of readdirSync(join(packs, name, 'processes'))) {
      const results = await lint(readFileSync(join(packs, name, 'processes', file), 'utf8'), vocabularyOf(name));
      const gridflowErrors = Object.entries(results).filter(([rule]) => rule.startsWith('gridflow/')).flatMap(([rule, issues]) => issues.filter((issue) => issue.category === 'error').map((issue) => `${rule} ${issue.id}: ${issue.message}`));
      expect(gridflowErrors, file).toEqual([]);
    }
  });

  it('should report a user task without assignment, and a post or level the tenant does not have', async () => {
    const results = await lint(model(`
      <bpmn:userTask id="none" name="无分派" />
      <bpmn:userTask id="typo" name="岗位拼错"><bpmn:extensionElements><gridflow:assignment post="gridWorkr" gridLevel="block" /><gridflow:form formKey="case-handle" /></bpmn:extensionElements></bpmn:userTask>
      <bpmn:userTask id="fine" name="正常"><bpmn:extensionElements><gridflow:assignment post="gridWorker" gridLevel="grid" /><gridflow:form formKey="case-handle" /></bpmn:extensionElements></bpmn:userTask>`));
    expect(issuesOf(results, 'gridflow/user-task-assignment')).toEqual([
      'none: 用户任务没有分派：在“分派”中选择岗位、合作方或办理人',
      'typo: 岗位 gridWorkr 不在本租户的岗位表中',
      'typo: 层级 block 不在本租户的网格层级中',
    ]);
    expect(issuesOf(results, 'gridflow/user-task-form')).toEqual(['none: 用户任务没有表单：办理人只能直接提交']);
    expect(results['gridflow/user-task-form']?.[0]?.category).toBe('warn');
  });

  it('should report a business-rule task without a known rule set and a service task without a service', async () => {
    const results = await lint(model(`
      <bpmn:businessRuleTask id="empty" name="研判" />
      <bpmn:businessRuleTask id="unknown" name="研判"><bpmn:extensionElements><gridflow:ruleSet key="no-such-rules" /></bpmn:extensionElements></bpmn:businessRuleTask>
      <bpmn:businessRuleTask id="known" name="研判"><bpmn:extensionElements><gridflow:ruleSet key="triage" /></bpmn:extensionElements></bpmn:businessRuleTask>
      <bpmn:serviceTask id="nothing" name="推送" />
      <bpmn:serviceTask id="external" name="推送" gridflow:service="water:repair" />`));
    expect(issuesOf(results, 'gridflow/business-rule-task-rule-set')).toEqual(['empty: 业务规则任务没有选择规则集', 'unknown: 规则集 no-such-rules 不在本租户的规则集中']);
    expect(issuesOf(results, 'gridflow/service-task-service')).toEqual(['nothing: 服务任务没有选择服务', 'external: 没有已启用的插件提供服务 water:repair：只有外部作业执行者能完成它']);
  });

  it('should report time limits and timers that do not parse, and elements the engine does not execute', async () => {
    const results = await lint(model(`
      <bpmn:userTask id="both" name="a"><bpmn:extensionElements><gridflow:timeLimit amount="4" unit="workingHours" due="=dueAt" /></bpmn:extensionElements></bpmn:userTask>
      <bpmn:userTask id="unit" name="b"><bpmn:extensionElements><gridflow:timeLimit amount="4" unit="weeks" /></bpmn:extensionElements></bpmn:userTask>
      <bpmn:userTask id="ok" name="c"><bpmn:extensionElements><gridflow:timeLimit amount="2" unit="workingDays" /></bpmn:extensionElements></bpmn:userTask>
      <bpmn:intermediateCatchEvent id="wait" name="等"><bpmn:timerEventDefinition><bpmn:timeDuration>4 hours</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="waitOk" name="等"><bpmn:timerEventDefinition><bpmn:timeDuration>PT4H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:scriptTask id="script" name="脚本" />
      <bpmn:intermediateCatchEvent id="conditional" name="条件"><bpmn:conditionalEventDefinition /></bpmn:intermediateCatchEvent>`));
    expect(issuesOf(results, 'gridflow/time-limit')).toEqual(['both: 办理时限要么填写时长和单位，要么填写截止时间表达式', 'unit: 办理时限缺少单位（工作小时、工作日、小时或天）']);
    expect(issuesOf(results, 'gridflow/timer')).toEqual(['wait: 时长 4 hours 不是 ISO 8601 时长（如 PT4H、P2D）']);
    expect(issuesOf(results, 'gridflow/executed-element')).toEqual(['script: 引擎不执行脚本任务', 'conditional: 引擎不执行条件事件']);
  });
});
