import type { ModdleElement } from './properties/extension-elements';

/**
 * Fills in each flow node's `incoming` and `outgoing` from its sequence flows when a model is
 * read. BPMN lets a file leave them out (the engine reads sourceRef and targetRef, and the packs'
 * files do not write them), but the linter's rules and bpmn-js's modeling follow them: without
 * them every node of such a file would be "not connected". The next export writes them.
 */
function fillReferences(container: ModdleElement): void {
  for (const element of (container.flowElements ?? []) as ModdleElement[]) {
    if (element.$type === 'bpmn:SequenceFlow') {
      const { sourceRef: source, targetRef: target } = element as { sourceRef?: ModdleElement; targetRef?: ModdleElement };
      if (source && !(source.outgoing ?? []).includes(element)) source.outgoing = [...(source.outgoing ?? []), element];
      if (target && !(target.incoming ?? []).includes(element)) target.incoming = [...(target.incoming ?? []), element];
    }
    if (element.flowElements) fillReferences(element);
  }
}

export class FlowReferences {
  static $inject = ['eventBus'];

  constructor(eventBus: { on(event: string, priority: number, listener: (event: { definitions?: ModdleElement }) => void): void }) {
    eventBus.on('import.parse.complete', 2000, ({ definitions }) => {
      for (const root of (definitions?.rootElements ?? []) as ModdleElement[]) if (root.flowElements) fillReferences(root);
    });
  }
}

export const flowReferencesModule = { __init__: ['flowReferences'], flowReferences: ['type', FlowReferences] };
