import { call } from '@shared/api/http-client';
import { currentTenant } from '@shared/api/session';
import type { TenantVocabulary } from '../modeler/vocabulary';
import { listForms, listLevels, listPartners, listPosts } from './organisation-api';

const tenantId = currentTenant;

interface PluginStatus { name: string; state: string; tenants: string[]; services: string[] }
interface ElementTemplate { name: string; properties?: { value?: string; binding?: { name?: string } }[] }

/** The engine's own services a process may name (the case loop and rule approval), with their Chinese names. */
const ENGINE_SERVICE_NAMES: Record<string, string> = {
  'gridflow:case-triage': '分流交办', 'gridflow:case-escalate': '上报上一级', 'gridflow:case-return': '退回', 'gridflow:case-transfer': '转办',
  'gridflow:case-joint': '条块联动', 'gridflow:case-joint-done': '联动办结', 'gridflow:case-withdraw': '退单',
  'gridflow:case-extension': '延期生效', 'gridflow:case-hold': '挂账 / 缓办', 'gridflow:case-resume': '恢复办理', 'gridflow:case-handled': '办结',
  'gridflow:case-rework': '返工', 'gridflow:case-reopen': '重新办理', 'gridflow:case-close': '结案', 'gridflow:case-overdue': '超时升级',
  'gridflow:case-partner-answer': '记录合作方办理结果', 'gridflow:rule-set-activate': '规则批准生效', 'gridflow:rule-set-reject': '规则退回',
};

/** What the tenant offers a process to name (modeler/vocabulary.ts), read in parallel. */
export async function loadVocabulary(): Promise<TenantVocabulary> {
  const query = { tenantId: tenantId() };
  const [posts, levels, partners, forms, ruleSets, plugins, templates] = await Promise.all([
    listPosts(), listLevels(), listPartners(), listForms(),
    call<{ key: string; name?: string }[]>('/rule-sets', { query }),
    call<PluginStatus[]>('/plugins', { query }).catch(() => [] as PluginStatus[]),
    call<ElementTemplate[]>('/element-templates', { query }).catch(() => [] as ElementTemplate[]),
  ]);
  const templateNames = new Map(templates.flatMap((template) => (template.properties ?? [])
    .filter((property) => property.binding?.name === 'gridflow:service' && property.value)
    .map((property) => [property.value as string, template.name] as const)));
  const enabled = plugins.filter((plugin) => plugin.state === 'enabled' && (plugin.tenants.includes(query.tenantId) || plugin.tenants.includes('*')));
  const services = enabled.flatMap((plugin) => plugin.services).map((type) => {
    const templateName = templateNames.get(type);
    return templateName ? { type, name: templateName, template: true } : { type, name: ENGINE_SERVICE_NAMES[type] ?? type };
  });
  return {
    posts: posts.map(({ code, name }) => ({ code, name })),
    levels,
    partners: partners.map(({ code, name }) => ({ code, name })),
    forms: forms.map((form) => ({ key: form.key, title: form.title['zh-CN'] })),
    ruleSets: ruleSets.map((ruleSet) => ({ key: ruleSet.key, name: ruleSet.name ?? ruleSet.key })),
    services,
  };
}
