import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { packFiles, usePackApi } from '../support/packs.ts';

const T = 'abuse-city';
const report = { tenantId: T, itemCode: 'TC-0801', description: '占道经营', gridId: 'ky-01', reporter: { personId: 'p-0008' }, source: 'patrol' };
const model = (id: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d-${id}" targetNamespace="https://gridflow.dev/test">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:endEvent id="end"><bpmn:incoming>f1</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

/**
 * Input an API fuzzer and a hand probe send: each answers a 4xx with a stable code, and nothing
 * stored changes.
 */
describe('abusive input', () => {
  const api = usePackApi();
  const cases = async () => Number((await api.request('GET', `/api/v1/cases?tenantId=${T}&limit=1`)).headers['x-total-count']);
  beforeAll(async () => {
    await api.deployPack('tcity', T);
  });

  it('should refuse NUL characters, operator keys, objects for strings and numbers for strings in a case report', async () => {
    const before = await cases();
    const probes = [
      { ...report, description: 'a\u0000b' },
      { ...report, reporter: { personId: 'p-00\u000008' } },
      { ...report, $where: '1' },
      { ...report, 'a.b': 1 },
      { ...report, tenantId: { $ne: 'x' } },
      { ...report, description: 12_345 },
      { ...report, gridId: true },
      { ...report, attachments: Array.from({ length: 60_000 }, (_, index) => `f-${index}`) },
    ];
    for (const body of probes) {
      const answer = await api.request('POST', '/api/v1/cases', body);
      expect({ probe: JSON.stringify(body).slice(0, 80), status: answer.status, code: answer.body.code }).toEqual({ probe: JSON.stringify(body).slice(0, 80), status: 400, code: 'GF_ERR_REQUEST_INVALID' });
    }
    expect(await cases()).toBe(before);
  });

  it('should refuse NUL characters and long ids in query strings and paths with 400, not 500 or 414', async () => {
    expect(await api.request('GET', `/api/v1/cases?tenantId=${T}&state=%00`)).toMatchObject({ status: 400, body: { code: 'GF_ERR_REQUEST_INVALID' } });
    expect(await api.request('GET', `/api/v1/cases/a%00b?tenantId=${T}`)).toMatchObject({ status: 400, body: { code: 'GF_ERR_REQUEST_INVALID' } });
    expect(await api.request('GET', `/api/v1/cases/${'x'.repeat(300)}?tenantId=${T}`)).toMatchObject({ status: 400, body: { code: 'GF_ERR_REQUEST_INVALID' } });
    expect(await api.request('GET', `/api/v1/cases?tenantId=${T}&tenantId[$ne]=x`)).toMatchObject({ status: 400 });
  });

  it('should refuse deep JSON, nested arrays in variables, oversized and wrongly typed bodies, and body-less uploads', async () => {
    const token = await api.token();
    // Built as text: the client's own JSON.stringify would overflow at this depth.
    const deep = `{"tenantId":"${T}","processKey":"nothing","variables":{"nested":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}}`;
    const refusedDeep = await api.raw('POST', '/api/v1/process-instances', { body: deep, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
    expect(refusedDeep).toMatchObject({ status: 400, body: { code: 'GF_ERR_REQUEST_INVALID' } });
    const start = (variables: unknown) => api.request('POST', '/api/v1/process-instances', { tenantId: T, processKey: 'nothing', variables });
    expect(await start({ polygon: [[[112.4, 37.7], [112.5, 37.7]]] })).toMatchObject({ status: 400, body: { code: 'GF_ERR_VARIABLE_NESTED_ARRAY' } });
    const unknownField = await api.request('POST', '/api/v1/process-instances', { tenantId: T, processKey: 'nothing', priority: 'high' });
    expect(unknownField).toMatchObject({ status: 400, body: { code: 'GF_ERR_REQUEST_INVALID' } });
    expect(JSON.stringify(unknownField.body.details)).toContain('priority');
    expect(await api.request('POST', '/api/v1/cases', { ...report, description: 'x'.repeat(2 * 1024 * 1024) })).toMatchObject({ status: 413, body: { code: 'GF_ERR_REQUEST_BODY_TOO_LARGE' } });
    const asText = await api.raw('POST', '/api/v1/cases', { body: 'itemCode=TC-0801', headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` } });
    expect(asText).toMatchObject({ status: 415, body: { code: 'GF_ERR_REQUEST_UNSUPPORTED_MEDIA' } });
    for (const url of ['/api/v1/packs', '/api/v1/deployments']) {
      const empty = await api.raw('POST', url, { headers: { authorization: `Bearer ${token}` } });
      expect({ url, status: empty.status, code: empty.body.code }).toEqual({ url, status: 400, code: 'GF_ERR_REQUEST_INVALID' });
    }
  });

  it('should refuse XML with a document type, answer an unparsable model briefly, and serve a model as an inert download', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>${model('bomb').replace(/^<\?xml[^>]*>/, '')}`;
    const refused = await api.request('POST', '/api/v1/deployments', { tenantId: T, resources: [{ name: 'bomb.bpmn', content: bomb }] });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('DOCTYPE');
    const garbage = `<bpmn:definitions>${'<x>'.repeat(75_000)}`;
    const unparsable = await api.request('POST', '/api/v1/deployments', { tenantId: T, resources: [{ name: 'garbage.bpmn', content: garbage }] });
    expect(unparsable.status).toBe(400);
    expect(JSON.stringify(unparsable.body).length).toBeLessThan(5_000);

    const loop = model('loop').replace('<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />', '<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= count(for i in 1..20000 return i) &gt; 0</bpmn:conditionExpression></bpmn:sequenceFlow>')
      .replace('xmlns:bpmn=', 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:bpmn=');
    const looping = await api.request('POST', '/api/v1/deployments', { tenantId: T, resources: [{ name: 'loop.bpmn', content: loop }] });
    expect(looping.status).toBe(400);
    expect(JSON.stringify(looping.body.details)).toContain('an expression may iterate over 10000 at most');

    const deployed = await api.request('POST', '/api/v1/deployments', { tenantId: T, resources: [{ name: 'plain.bpmn', content: model('plain') }] });
    const [definition] = deployed.body.processDefinitions;
    const xml = await api.request('GET', `/api/v1/process-definitions/${definition.id}/xml?tenantId=${T}`);
    expect(xml.status).toBe(200);
    expect(xml.headers['content-disposition']).toMatch(/^attachment; filename="plain-v1\.bpmn"$/);
    expect(xml.headers['content-security-policy']).toContain('sandbox');
    expect(xml.headers['x-content-type-options']).toBe('nosniff');
  });

  it('should stop a zip bomb and paths out of the pack folder before anything is stored', async () => {
    const token = await api.token();
    const upload = (entries: Record<string, Uint8Array>) => api.raw('POST', `/api/v1/packs?tenantId=zip-abuse`, {
      body: Buffer.from(zipSync(entries, { level: 9 })), headers: { 'content-type': 'application/zip', authorization: `Bearer ${token}` },
    });
    const files = Object.fromEntries(packFiles('tcity').map((file) => [file.path, strToU8(file.content)]));
    const bomb = await upload({ ...files, 'padding.json': new Uint8Array(210 * 1024 * 1024) });
    expect(bomb).toMatchObject({ status: 400, body: { code: 'GF_ERR_PACK_INVALID' } });
    expect(bomb.body.message).toContain('inflated');
    const escaping = await upload({ ...files, '../../outside.json': strToU8('{}') });
    expect(escaping).toMatchObject({ status: 400, body: { code: 'GF_ERR_PACK_INVALID' } });
    expect((await api.request('GET', '/api/v1/packs?tenantId=zip-abuse')).body).toEqual([]);
  });

  it('should send security headers, a CSP on the API docs, and no CORS grant to an unknown origin', async () => {
    const docs = await api.raw('GET', '/docs/static/index.html');
    expect(docs.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const health = await api.raw('GET', '/health');
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    const preflight = await api.raw('OPTIONS', '/api/v1/cases', { headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});
