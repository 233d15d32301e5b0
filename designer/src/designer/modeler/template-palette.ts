import type { TenantVocabulary } from './vocabulary';

type ElementFactory = { createShape(attrs: Record<string, unknown>): unknown };
type BpmnFactory = { create(type: string, attrs?: Record<string, unknown>): unknown };
type Create = { start(event: Event, shape: unknown): void };

/**
 * A palette entry for each service an enabled plugin offers by an element template: a service
 * task named for it that already names the service (`gridflow:service`), placed like any other
 * palette element. How an integrator's department appears in the administrators' palette.
 */
export class TemplatePalette {
  static $inject = ['palette', 'create', 'elementFactory', 'bpmnFactory', 'config.gridflow'];

  constructor(palette: { registerProvider(priority: number, provider: unknown): void }, private readonly create: Create, private readonly elementFactory: ElementFactory,
    private readonly bpmnFactory: BpmnFactory, private readonly config: { vocabulary: TenantVocabulary }) {
    palette.registerProvider(500, this);
  }

  getPaletteEntries(): Record<string, unknown> {
    const entries: Record<string, unknown> = {};
    const offered = this.config.vocabulary.services.filter((service) => service.template);
    if (offered.length > 0) entries['gridflow-separator'] = { group: 'gridflow', separator: true };
    for (const service of offered) {
      const start = (event: Event) => {
        const businessObject = this.bpmnFactory.create('bpmn:ServiceTask', { name: service.name, 'gridflow:service': service.type });
        this.create.start(event, this.elementFactory.createShape({ type: 'bpmn:ServiceTask', businessObject }));
      };
      entries[`gridflow-service.${service.type}`] = {
        group: 'gridflow', className: 'bpmn-icon-service-task gf-palette-service', title: service.name,
        action: { dragstart: start, click: start },
      };
    }
    return entries;
  }
}

export const templatePaletteModule = { __init__: ['templatePalette'], templatePalette: ['type', TemplatePalette] };
