import { getBusinessObject, is } from 'bpmn-js/lib/util/ModelUtil';

/** A moddle element as the modeler holds it: typed loosely, since its properties come from moddle descriptors. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- moddle types its elements from descriptors at run time
export type ModdleElement = { $type: string; $parent?: ModdleElement; get(name: string): any; [key: string]: any };
type Shape = { id: string; businessObject: ModdleElement };

/** The Gridflow extension element of a type (`gridflow:Assignment`) on an element, if it has one. */
export function extensionOf(element: Shape, type: string): ModdleElement | undefined {
  const values = (getBusinessObject(element).extensionElements?.values ?? []) as ModdleElement[];
  return values.find((value) => is(value, type));
}

/** What the panel's entries need of the modeler's services to change an element. */
export interface ModelingServices {
  bpmnFactory: { create(type: string, attrs?: Record<string, unknown>): ModdleElement };
  commandStack: { execute(command: string, context: unknown): void };
}

/**
 * Sets attributes of an element's Gridflow extension element, creating `bpmn:extensionElements`
 * and the extension element when missing: one undoable command. An attribute set to '' is removed.
 * When no attribute is left, the extension element goes too, so an emptied field leaves no trace.
 */
export function updateExtension(element: Shape, type: string, attributes: Record<string, string | undefined>, { bpmnFactory, commandStack }: ModelingServices): void {
  const businessObject = getBusinessObject(element) as ModdleElement;
  const cleaned = Object.fromEntries(Object.entries(attributes).map(([key, value]) => [key, value === '' ? undefined : value]));
  const commands: { cmd: string; context: Record<string, unknown> }[] = [];
  let extensionElements = businessObject.extensionElements as ModdleElement | undefined;
  if (!extensionElements) {
    extensionElements = bpmnFactory.create('bpmn:ExtensionElements', { values: [] });
    extensionElements.$parent = businessObject;
    commands.push({ cmd: 'element.updateModdleProperties', context: { element, moddleElement: businessObject, properties: { extensionElements } } });
  }
  const values = (extensionElements.get('values') ?? []) as ModdleElement[];
  let extension = values.find((value) => is(value, type));
  if (!extension) {
    extension = bpmnFactory.create(type, {});
    extension.$parent = extensionElements;
    commands.push({ cmd: 'element.updateModdleProperties', context: { element, moddleElement: extensionElements, properties: { values: [...values, extension] } } });
  }
  commands.push({ cmd: 'element.updateModdleProperties', context: { element, moddleElement: extension, properties: cleaned } });
  const descriptorNames = Object.keys(extension.$descriptor?.propertiesByName ?? {}).filter((name) => !name.startsWith('$'));
  const remaining = descriptorNames.filter((name) => (name in cleaned ? cleaned[name] : extension.get(name)) !== undefined);
  if (remaining.length === 0) {
    const kept = ((extensionElements.get('values') ?? []) as ModdleElement[]).filter((value) => value !== extension);
    commands.push({ cmd: 'element.updateModdleProperties', context: { element, moddleElement: extensionElements, properties: { values: kept } } });
  }
  commandStack.execute('properties-panel.multi-command-executor', commands);
}

/** Sets attributes of the element itself (`gridflow:service`, `gridflow:asyncBefore`). */
export function updateAttributes(element: Shape, properties: Record<string, unknown>, { commandStack }: Pick<ModelingServices, 'commandStack'>): void {
  commandStack.execute('element.updateModdleProperties', { element, moddleElement: getBusinessObject(element), properties });
}
