import type { ElementTemplate } from './host.ts';

const TEMPLATE_SCHEMA = 'https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json';

/**
 * The element template of a service a plugin registers: a palette entry for a service task that
 * names it (`gridflow:service`, bound as a hidden property), with the designer's name in Chinese.
 */
export function serviceTemplate(service: { type: string; name: string; description?: string; version?: number; id?: string }): ElementTemplate {
  return {
    $schema: TEMPLATE_SCHEMA,
    id: service.id ?? `gridflow.${service.type.replace(/:/g, '.')}`,
    name: service.name,
    version: service.version ?? 1,
    ...(service.description ? { description: service.description } : {}),
    appliesTo: ['bpmn:ServiceTask'],
    properties: [{ type: 'Hidden', value: service.type, binding: { type: 'property', name: 'gridflow:service' } }],
  };
}
