import { escapeXml } from './xml-text';

/**
 * An approval chain as office tools draw it — steps of a post at a level, each with a time
 * limit — and the BPMN it stands for: each step a user task for that post, followed by a
 * decision (`decision` = "approve" goes on, anything else ends the chain as not approved); the
 * last approval ends it approved. Laid out left to right, the refusals to one end below.
 */
/** `form`: the form the approver fills in; it must set `decision` (the packs' approval-decision does). */
export interface ChainStep { name: string; post: string; level: string; amount: number; unit: string; form: string }
export interface ApprovalChain { key: string; name: string; steps: ChainStep[] }


export function chainProblems(chain: ApprovalChain): string[] {
  const problems: string[] = [];
  if (chain.steps.length === 0) problems.push('至少要有一步');
  chain.steps.forEach((step, index) => {
    if (!step.name.trim()) problems.push(`第 ${index + 1} 步没有名称`);
    if (!step.post) problems.push(`第 ${index + 1} 步没有选择岗位`);
    if (!(step.amount > 0)) problems.push(`第 ${index + 1} 步的时限应大于 0`);
  });
  return problems;
}

export function chainXml(chain: ApprovalChain): string {
  const y = 160;
  const step = 260;
  const nodes: string[] = ['<bpmn:startEvent id="submitted" name="提交" />'];
  const flows: string[] = [];
  const shapes: string[] = ['<bpmndi:BPMNShape id="submitted_di" bpmnElement="submitted"><dc:Bounds x="220" y="142" width="36" height="36" /><bpmndi:BPMNLabel><dc:Bounds x="224" y="185" width="28" height="14" /></bpmndi:BPMNLabel></bpmndi:BPMNShape>'];
  const edges: string[] = [];
  const edge = (id: string, points: [number, number][]) => edges.push(`<bpmndi:BPMNEdge id="${id}_di" bpmnElement="${id}">${points.map(([x, py]) => `<di:waypoint x="${x}" y="${py}" />`).join('')}</bpmndi:BPMNEdge>`);
  // Clear of the palette on the left of the canvas.
  const left = 300;
  const rejectedX = left + chain.steps.length * step;
  let from = 'submitted';
  let fromX = 256;
  chain.steps.forEach((item, index) => {
    const n = index + 1;
    const taskX = left + index * step;
    const gatewayX = taskX + 150;
    nodes.push(`<bpmn:userTask id="step-${n}" name="${escapeXml(item.name)}"><bpmn:extensionElements><gridflow:assignment post="${escapeXml(item.post)}"${item.level ? ` gridLevel="${escapeXml(item.level)}"` : ''} />${item.form ? `<gridflow:form formKey="${escapeXml(item.form)}" />` : ''}<gridflow:timeLimit amount="${item.amount}" unit="${escapeXml(item.unit)}" /></bpmn:extensionElements></bpmn:userTask>`);
    nodes.push(`<bpmn:exclusiveGateway id="decision-${n}" name="是否同意？" default="rejected-${n}" />`);
    flows.push(`<bpmn:sequenceFlow id="to-step-${n}" sourceRef="${from}" targetRef="step-${n}" />`);
    flows.push(`<bpmn:sequenceFlow id="decide-${n}" sourceRef="step-${n}" targetRef="decision-${n}" />`);
    flows.push(`<bpmn:sequenceFlow id="rejected-${n}" name="不同意" sourceRef="decision-${n}" targetRef="rejected" />`);
    shapes.push(`<bpmndi:BPMNShape id="step-${n}_di" bpmnElement="step-${n}"><dc:Bounds x="${taskX}" y="${y - 40}" width="100" height="80" /></bpmndi:BPMNShape>`);
    shapes.push(`<bpmndi:BPMNShape id="decision-${n}_di" bpmnElement="decision-${n}" isMarkerVisible="true"><dc:Bounds x="${gatewayX}" y="${y - 25}" width="50" height="50" /><bpmndi:BPMNLabel><dc:Bounds x="${gatewayX - 5}" y="${y - 50}" width="60" height="14" /></bpmndi:BPMNLabel></bpmndi:BPMNShape>`);
    edge(`to-step-${n}`, [[fromX, y], [taskX, y]]);
    edge(`decide-${n}`, [[taskX + 100, y], [gatewayX, y]]);
    edge(`rejected-${n}`, [[gatewayX + 25, y + 25], [gatewayX + 25, y + 140], [rejectedX, y + 140]]);
    from = `decision-${n}`;
    fromX = gatewayX + 50;
  });
  const approvedX = rejectedX;
  nodes.push('<bpmn:endEvent id="approved" name="已同意" />', '<bpmn:endEvent id="rejected" name="未同意" />');
  flows.push(`<bpmn:sequenceFlow id="to-approved" name="同意" sourceRef="${from}" targetRef="approved">${chain.steps.length ? '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=decision = "approve"</bpmn:conditionExpression>' : ''}</bpmn:sequenceFlow>`);
  // Every decision but the last goes on to the next step when approved.
  for (let n = 1; n < chain.steps.length; n++) {
    const index = flows.findIndex((flow) => flow.includes(`id="to-step-${n + 1}"`));
    flows[index] = `<bpmn:sequenceFlow id="to-step-${n + 1}" name="同意" sourceRef="decision-${n}" targetRef="step-${n + 1}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=decision = "approve"</bpmn:conditionExpression></bpmn:sequenceFlow>`;
  }
  shapes.push(`<bpmndi:BPMNShape id="approved_di" bpmnElement="approved"><dc:Bounds x="${approvedX}" y="${y - 18}" width="36" height="36" /><bpmndi:BPMNLabel><dc:Bounds x="${approvedX - 4}" y="${y + 25}" width="44" height="14" /></bpmndi:BPMNLabel></bpmndi:BPMNShape>`);
  shapes.push(`<bpmndi:BPMNShape id="rejected_di" bpmnElement="rejected"><dc:Bounds x="${rejectedX}" y="${y + 122}" width="36" height="36" /><bpmndi:BPMNLabel><dc:Bounds x="${rejectedX - 4}" y="${y + 165}" width="44" height="14" /></bpmndi:BPMNLabel></bpmndi:BPMNShape>`);
  edge('to-approved', [[fromX, y], [approvedX, y]]);
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:gridflow="http://gridflow.dev/schema/bpmn/1.0" id="definitions-${escapeXml(chain.key)}" targetNamespace="http://gridflow.dev/processes">
  <bpmn:process id="${escapeXml(chain.key)}" name="${escapeXml(chain.name)}" isExecutable="true">
    ${[...nodes, ...flows].join('\n    ')}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram">
    <bpmndi:BPMNPlane id="plane" bpmnElement="${escapeXml(chain.key)}">
      ${[...shapes, ...edges].join('\n      ')}
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
