import { BpmnModdle } from 'bpmn-moddle';

/** What a model says about one element that a round trip through a modeler must keep. */
export interface ElementFacts {
  type: string;
  /** Attributes of other namespaces (a tool's own), by name; not `xsi:type`, which `type` already says (its prefix may change). */
  foreignAttributes: Record<string, string>;
  /** The types of its extension elements, in order. */
  extensions: string[];
  /** A shape's bounds, an edge's waypoints, a label's bounds: `x,y,w,h` and `x,y` numbers. */
  layout?: string;
}

const round = (value: unknown) => Math.round(Number(value) * 100) / 100;

/**
 * Every element with an id in a BPMN file, read with bpmn-moddle: its type, foreign attributes,
 * extension elements and diagram layout. Two files with the same facts hold the same model as
 * far as an importer and exporter can lose it.
 */
export async function bpmnFacts(xml: string): Promise<Map<string, ElementFacts>> {
  const { rootElement } = await new BpmnModdle().fromXML(xml);
  const facts = new Map<string, ElementFacts>();
  const seen = new Set<object>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) return node.forEach(visit);
    const element = node as Record<string, unknown> & { $type?: string; $attrs?: Record<string, string>; $descriptor?: { properties: { name: string; isReference?: boolean }[] } };
    if (!element.$type) return;
    if (typeof element.id === 'string') {
      const bounds = element.bounds as Record<string, number> | undefined;
      const waypoints = element.waypoint as Record<string, number>[] | undefined;
      const labelBounds = (element.label as { bounds?: Record<string, number> } | undefined)?.bounds;
      const layout = [
        bounds && `${round(bounds.x)},${round(bounds.y)},${round(bounds.width)},${round(bounds.height)}`,
        waypoints && waypoints.map((point) => `${round(point.x)},${round(point.y)}`).join(' '),
        labelBounds && `label ${round(labelBounds.x)},${round(labelBounds.y)},${round(labelBounds.width)},${round(labelBounds.height)}`,
      ].filter(Boolean).join(' ');
      facts.set(element.id, {
        type: element.$type,
        foreignAttributes: Object.fromEntries(Object.entries(element.$attrs ?? {}).filter(([name]) => !name.startsWith('xmlns') && name !== 'xsi:type')),
        extensions: (((element.extensionElements as { values?: { $type: string }[] } | undefined)?.values) ?? []).map((value) => value.$type),
        ...(layout ? { layout } : {}),
      });
    }
    for (const property of element.$descriptor?.properties ?? []) {
      if (!property.isReference) visit(element[property.name]);
    }
  };
  visit(rootElement);
  return facts;
}
