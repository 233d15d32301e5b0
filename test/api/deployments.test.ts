import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const gridEvent = readFileSync(join(fixtures, 'grid-event.bpmn'), 'utf8');

function processXml(body: string, extraNs = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ${extraNs} id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
}

describe('POST /api/v1/deployments', () => {
  const api = useApi(fixtures);
  const deploy = (resources: { name: string; content: string }[], tenantId?: string) =>
    api.request('POST', '/api/v1/deployments', { name: 'test', resources, ...(tenantId ? { tenantId } : {}) });

  it('should deploy a process as version 1, then answer an unchanged redeploy with 200 and the same definition', async () => {
    const first = await deploy([{ name: 'grid-event.bpmn', content: gridEvent }]);
    expect(first.status).toBe(201);
    expect(first.body.processDefinitions).toMatchObject([{ key: 'grid-event', version: 1 }]);

    const again = await deploy([{ name: 'grid-event.bpmn', content: gridEvent }]);
    expect(again.status).toBe(200);
    expect(again.body.processDefinitions).toEqual(first.body.processDefinitions);
  });

  it('should make version 2 of a changed model and keep version 1', async () => {
    const changed = gridEvent.replace('name="Grid event"', 'name="Grid event (revised)"');

    const response = await deploy([{ name: 'grid-event.bpmn', content: changed }]);

    expect(response.status).toBe(201);
    expect(response.body.processDefinitions).toMatchObject([{ key: 'grid-event', version: 2 }]);
    const definitions = await api.request('GET', '/api/v1/process-definitions?key=grid-event');
    expect(definitions.body.map((d: { version: number }) => d.version)).toEqual([1, 2]);
    const xml = await api.request('GET', `/api/v1/process-definitions/${encodeURIComponent(definitions.body[1].id)}/xml`);
    expect(xml.body).toContain('Grid event (revised)');
  });

  it('should keep tenants apart', async () => {
    await deploy([{ name: 'grid-event.bpmn', content: gridEvent }], 'district-b');

    const own = await api.request('GET', '/api/v1/process-definitions?tenantId=district-b');
    const other = await api.request('GET', '/api/v1/process-definitions?tenantId=district-c');
    expect(own.body.map((d: { version: number }) => d.version)).toEqual([1]);
    expect(other.body).toEqual([]);
  });

  describe('rejecting invalid input, deploying nothing', () => {
    const cases: [string, { name: string; content: string }[], string, string, RegExp][] = [
      ['malformed XML', [{ name: 'broken.bpmn', content: '<bpmn:definitions' }], 'GF_ERR_BPMN_INVALID_XML', '', /well-formed/],
      ['a script task', [{ name: 's.bpmn', content: processXml('<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="script"/><bpmn:scriptTask id="script" scriptFormat="js"><bpmn:script>x</bpmn:script></bpmn:scriptTask>') }], 'GF_ERR_BPMN_UNSUPPORTED_ELEMENT', 'script', /ScriptTask/],
      ['a gateway without outgoing flows', [{ name: 'g.bpmn', content: processXml('<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="gw"/><bpmn:exclusiveGateway id="gw"/>') }], 'GF_ERR_BPMN_INVALID_ELEMENT', 'gw', /no outgoing/],
      ['a FEEL condition that does not parse', [{ name: 'c.bpmn', content: processXml('<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= amount &gt;</bpmn:conditionExpression></bpmn:sequenceFlow><bpmn:endEvent id="e"/>') }], 'GF_ERR_BPMN_INVALID_EXPRESSION', 'f', /does not parse as FEEL/],
      ['a timer that does not parse', [{ name: 't.bpmn', content: processXml('<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="u"/><bpmn:userTask id="u"/><bpmn:boundaryEvent id="b" attachedToRef="u"><bpmn:timerEventDefinition><bpmn:timeDuration>three days</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>') }], 'GF_ERR_BPMN_INVALID_TIMER', 'b', /ISO 8601 duration/],
      ['a file with no process', [{ name: 'empty.bpmn', content: '<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t"/>' }], 'GF_ERR_BPMN_NO_PROCESS', '', /no process/],
    ];

    it.each(cases)('should reject %s with its code, the resource and the element', async (_what, resources, code, elementId, reason) => {
      const before = await api.request('GET', '/api/v1/process-definitions?tenantId=rejections');

      const response = await deploy([{ name: 'good.bpmn', content: gridEvent }, ...resources], 'rejections');

      expect(response.status).toBe(400);
      expect(response.body.code).toBe(code);
      expect(response.body.details).toContainEqual(expect.objectContaining({ resource: resources[0]?.name, elementId, reason: expect.stringMatching(reason) }));
      const after = await api.request('GET', '/api/v1/process-definitions?tenantId=rejections');
      expect(after.body).toEqual(before.body);
    });

    it('should reject a body that is not a deployment, naming the field', async () => {
      const response = await api.request('POST', '/api/v1/deployments', { resources: [{ name: 'x.bpmn' }] });

      expect(response.status).toBe(400);
      expect(response.body.code).toBe('GF_ERR_REQUEST_INVALID');
      expect(response.body.details[0]).toMatchObject({ instancePath: '/resources/0', params: { missingProperty: 'content' } });
    });
  });
});

describe('POST /api/v1/deployments as multipart', () => {
  const api = useApi(fixtures);

  it('should deploy uploaded .bpmn files', async () => {
    const boundary = '----gridflow';
    const file = (name: string) => `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/xml\r\n\r\n${readFileSync(join(fixtures, name), 'utf8')}\r\n`;
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="tenantId"\r\n\r\nupload-district\r\n${file('grid-event.bpmn')}${file('call-activity.bpmn')}--${boundary}--\r\n`;

    const response = await api.app.inject({ method: 'POST', url: '/api/v1/deployments', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: `Bearer ${await api.token()}` } });

    expect(response.statusCode).toBe(201);
    expect(response.json().processDefinitions.map((d: { key: string }) => d.key).sort()).toEqual(['department-handling', 'grid-event', 'street-case']);
    const listed = await api.request('GET', '/api/v1/process-definitions?tenantId=upload-district');
    expect(listed.body).toHaveLength(3);
  });
});
