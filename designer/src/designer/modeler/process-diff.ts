import type { ModdleElement } from './properties/extension-elements';

/** What changed between two versions of a process, element by element (by id). */
export interface ElementChange { id: string; name: string; type: string; change: 'added' | 'removed' | 'changed'; details: string[] }

type Facts = { type: string; name: string; attributes: Record<string, string> };

/** An element's type, name and what Gridflow reads of it, as `label: value` texts to compare. */
function factsOf(element: ModdleElement): Facts {
  const attributes: Record<string, string> = {};
  for (const extension of (element.extensionElements?.values ?? []) as ModdleElement[]) {
    if (!extension.$type.startsWith('gridflow:')) continue;
    // Named as in the file (`timeLimit.amount`): the descriptor also lists each name with its prefix.
    const element = extension.$type.replace('gridflow:', '');
    const tag = element.charAt(0).toLowerCase() + element.slice(1);
    for (const name of Object.keys(extension.$descriptor?.propertiesByName ?? {})) {
      const value = name.includes(':') || name.startsWith('$') ? undefined : extension.get(name);
      if (value !== undefined) attributes[`${tag}.${name}`] = String(value);
    }
  }
  for (const name of ['service', 'retries', 'asyncBefore', 'asyncAfter']) {
    const value = element.get?.(`gridflow:${name}`);
    if (value !== undefined) attributes[name] = String(value);
  }
  const condition = element.conditionExpression?.body;
  if (typeof condition === 'string') attributes.condition = condition;
  const sourceId = element.sourceRef?.id;
  const targetId = element.targetRef?.id;
  if (sourceId || targetId) attributes.flow = `${sourceId ?? ''} → ${targetId ?? ''}`;
  return { type: element.$type, name: element.name ?? '', attributes };
}

function flowElements(definitions: ModdleElement): Map<string, ModdleElement> {
  const found = new Map<string, ModdleElement>();
  const visit = (container: ModdleElement) => {
    for (const element of (container.flowElements ?? []) as ModdleElement[]) {
      found.set(element.id, element);
      if (element.flowElements) visit(element);
    }
  };
  for (const root of (definitions.rootElements ?? []) as ModdleElement[]) if (root.$type === 'bpmn:Process') visit(root);
  return found;
}

export function diffProcesses(before: ModdleElement, after: ModdleElement): ElementChange[] {
  const [was, now] = [flowElements(before), flowElements(after)];
  const changes: ElementChange[] = [];
  for (const [id, element] of now) {
    const facts = factsOf(element);
    const previous = was.get(id);
    if (!previous) { changes.push({ id, name: facts.name, type: facts.type, change: 'added', details: [] }); continue; }
    const old = factsOf(previous);
    const details: string[] = [];
    if (old.type !== facts.type) details.push(`${old.type} → ${facts.type}`);
    if (old.name !== facts.name) details.push(`「${old.name}」→「${facts.name}」`);
    for (const key of new Set([...Object.keys(old.attributes), ...Object.keys(facts.attributes)])) {
      if (old.attributes[key] !== facts.attributes[key]) details.push(`${key}: ${old.attributes[key] ?? '—'} → ${facts.attributes[key] ?? '—'}`);
    }
    if (details.length > 0) changes.push({ id, name: facts.name, type: facts.type, change: 'changed', details });
  }
  for (const [id, element] of was) if (!now.has(id)) changes.push({ id, name: element.name ?? '', type: element.$type, change: 'removed', details: [] });
  return changes;
}
