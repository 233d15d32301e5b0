// Gives BPMN files a diagram (BPMNDiagram with shapes and edges) so the designer opens them drawn:
// the layout is made by bpmn-auto-layout and only that section is written into each file, so
// the file's own text — comments, order, extension elements — stays as it was. A file that has
// a diagram already is left alone unless --force.
//
//   node scripts/layout-bpmn.mjs definitions/tcity/processes/*.bpmn [--force]
import { readFileSync, writeFileSync } from 'node:fs';
import { layoutProcess } from 'bpmn-auto-layout';
import { BpmnModdle } from 'bpmn-moddle';

const force = process.argv.includes('--force');
const files = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const DI_NAMESPACES = {
  bpmndi: 'http://www.omg.org/spec/BPMN/20100524/DI',
  dc: 'http://www.omg.org/spec/DD/20100524/DC',
  di: 'http://www.omg.org/spec/DD/20100524/DI',
};

/**
 * The layout follows each node's `incoming` / `outgoing`, which a file may leave out (the engine
 * reads the flows' sourceRef and targetRef): filled in from the flows for the layout only.
 */
async function withFlowReferences(xml) {
  const moddle = new BpmnModdle();
  const { rootElement } = await moddle.fromXML(xml);
  const visit = (container) => {
    for (const element of container.flowElements ?? []) {
      if (element.$type === 'bpmn:SequenceFlow') {
        const { sourceRef: source, targetRef: target } = element;
        if (source && !(source.outgoing ?? []).includes(element)) source.outgoing = [...(source.outgoing ?? []), element];
        if (target && !(target.incoming ?? []).includes(element)) target.incoming = [...(target.incoming ?? []), element];
      }
      if (element.flowElements) visit(element);
    }
  };
  for (const root of rootElement.rootElements ?? []) if (root.$type === 'bpmn:Process') visit(root);
  return (await moddle.toXML(rootElement)).xml;
}

for (const file of files) {
  let text = readFileSync(file, 'utf8');
  if (/<(\w+:)?BPMNDiagram[\s>]/.test(text)) {
    if (!force) { console.log(`${file}: has a diagram, left alone`); continue; }
    text = text.replace(/\s*<(\w+:)?BPMNDiagram[\s\S]*<\/(\w+:)?BPMNDiagram>/, '');
  }
  const laidOut = await layoutProcess(await withFlowReferences(text));
  const diagram = laidOut.match(/<(\w+:)?BPMNDiagram[\s\S]*<\/(\w+:)?BPMNDiagram>/)?.[0];
  if (!diagram) throw new Error(`${file}: the layout made no diagram`);
  // The laid-out text names the DI namespaces with its own prefixes: declare those on the root element.
  const declared = [...laidOut.matchAll(/xmlns:(\w+)="([^"]+)"/g)].filter(([, , uri]) => Object.values(DI_NAMESPACES).includes(uri));
  text = text.replace(/<((\w+:)?definitions)\b([^>]*)>/, (root, name, _prefix, attributes) => {
    const missing = declared.filter(([, prefix]) => !new RegExp(`xmlns:${prefix}=`).test(attributes)).map(([, prefix, uri]) => ` xmlns:${prefix}="${uri}"`).join('');
    return `<${name}${attributes}${missing}>`;
  });
  text = text.replace(/(\s*)<\/((\w+:)?definitions)>\s*$/, (_end, space, name) => `\n  ${diagram.replace(/\n/g, '\n  ')}${space}</${name}>\n`);
  writeFileSync(file, text);
  console.log(`${file}: laid out (${(diagram.match(/BPMNShape/g) ?? []).length / 2} shapes)`);
}
