import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../engine/src/config.ts';
import { startPartner } from '../support/partner-server.ts';
import { adminHeaders, startServerProcess, useServerDatabase, type RunningServer } from '../support/server-process.ts';

/**
 * The guide `plugins/README.md` ("Write your first plugin"), done as an integrator does it: its
 * files, exactly as written there, in a project folder of their own, and the real server started
 * on them as `npm start` starts it. Its answers quoted in the guide are checked against the
 * server's. A stand-in for the water company's ticket system takes the service task's calls.
 */
const guide = readFileSync(join(projectRoot, 'plugins', 'README.md'), 'utf8');

/** The fenced block after each `<!-- <kind>: <name> -->` line of the guide, by name. */
function blocks(kind: 'file' | 'answer' | 'tenants'): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of guide.matchAll(new RegExp(`^<!-- ${kind}: (.+?) -->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))) {
    found.set(match[1]!, match[2]!);
  }
  return found;
}

const files = blocks('file');
const answers = blocks('answer');
const answer = (name: string): any => JSON.parse(answers.get(name) ?? 'null');

/** The water company's address in the guide's configuration; the test points it at the stand-in. */
const COMPANY_ORIGIN = 'https://ticket.water.example.cn';

describe('the plugin guide, followed as written', () => {
  // A database of this file's own on the run's database server, passed to the process as MONGODB_URI.
  const database = useServerDatabase('guide');
  // The guide's broken tenant configuration, on a server of its own (a database of its own too).
  const brokenDatabase = useServerDatabase('guide_refused');
  const engineStatus = () => execFileSync('git', ['status', '--porcelain', 'engine/'], { cwd: projectRoot, encoding: 'utf8' });
  const engineBefore = engineStatus();
  let root = '';
  let server: RunningServer | undefined;
  let broken: RunningServer | undefined;
  let company: Awaited<ReturnType<typeof startPartner>>;
  let headers: Record<string, string> = {};
  const config = JSON.parse(files.get('gridflow.config.json') ?? '{}');
  const tenantConfig = config.plugins?.[0]?.tenants?.default ?? {};
  const ticketNo: string = answer('GET /api/v1/process-instances/$ID')?.variables?.waterTicketNo;

  beforeAll(async () => {
    // The water company's system: a ticket for an address in its area, `out-of-area` for 郊区, a refusal for 无效.
    company = await startPartner();
    company.answer = (path, body) => {
      if (path !== '/gridflow/tickets') return { status: 404, body: {} };
      if (String(body?.address).includes('郊区')) return { status: 422, body: { reason: 'out-of-area' } };
      if (String(body?.address).includes('无效')) return { status: 400, body: { reason: 'address-unknown' } };
      return { status: 201, body: { ticketNo } };
    };

    // A project root of its own in the system's temp folder: nothing of the repository is written.
    // The guide puts my-plugins/ in the Gridflow project root, where `@gridflow/plugin-api`
    // resolves from the project's node_modules (the workspace's link to engine/plugin-api).
    // A link from this root's node_modules to the repository's gives the plugin that same
    // resolution: Node follows the link to the real engine/plugin-api/src, the module the engine
    // itself loads, and tsx compiles it there.
    root = mkdtempSync(join(tmpdir(), 'gridflow-guide-'));
    symlinkSync(join(projectRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
    for (const [name, text] of files) {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      // The one change to the guide's text: the water company's address is the stand-in's.
      const written = name === 'gridflow.config.json' ? text.replaceAll(COMPANY_ORIGIN, new URL(company.url('/')).origin) : text;
      writeFileSync(join(root, name), written);
    }

    // The same file with the guide's broken tenants, next to it (so `from` reads the same).
    const brokenConfig = { plugins: [{ ...config.plugins[0], tenants: JSON.parse(blocks('tenants').get('broken')!) }] };
    writeFileSync(join(root, 'gridflow.broken.json'), JSON.stringify(brokenConfig, null, 2));

    // `npm start` (node --import tsx engine/src/main.ts, from the repository root) on each file:
    // a free port, a database of its own on the test database server, no demo pack.
    const [started, refused] = await Promise.allSettled([
      startServerProcess({ ...database.env, GRIDFLOW_CONFIG: join(root, 'gridflow.config.json') }),
      startServerProcess({ ...brokenDatabase.env, GRIDFLOW_CONFIG: join(root, 'gridflow.broken.json') }),
    ]);
    server = started.status === 'fulfilled' ? started.value : undefined;
    broken = refused.status === 'fulfilled' ? refused.value : undefined;
    for (const [running, serverDatabase] of [[server, database], [broken, brokenDatabase]] as const) if (running) serverDatabase.servers.push(running);
    if (started.status === 'rejected') throw started.reason;
    if (refused.status === 'rejected') throw refused.reason;
    headers = await adminHeaders(started.value.url);
  });

  /**
   * Stops a server as a deployment does: SIGTERM (it stops its job executor, HTTP server and
   * database connection), then waits for it to exit. Killed after 10 s, and by useServerDatabase
   * after the file should anything be left.
   */
  const stop = async (running: RunningServer | undefined) => {
    if (!running || running.child.exitCode !== null) return;
    running.child.kill('SIGTERM');
    const stopped = await Promise.race([running.exited.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 10_000))]);
    if (!stopped) running.child.kill('SIGKILL');
  };
  afterAll(async () => {
    await Promise.all([stop(server), stop(broken)]);
    await company?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const api = async (method: 'GET' | 'POST', path: string, body?: RequestInit['body'], type?: string): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${server!.url}/api/v1${path}`, { method, headers: { ...headers, ...(type ? { 'content-type': type } : {}) }, ...(body === undefined ? {} : { body }) });
    return { status: response.status, body: await response.json() };
  };
  const startInstance = (variables: Record<string, unknown>) => {
    const start = JSON.parse(files.get('start.json')!);
    return api('POST', '/process-instances', JSON.stringify({ ...start, variables: { ...start.variables, ...variables } }), 'application/json');
  };
  /** The instance once it has left the service task (the node's job runner ran the handler). */
  const settled = async (id: string): Promise<any> => {
    for (let waited = 0; ; waited += 50) {
      const { body } = await api('GET', `/process-instances/${id}?tenantId=default`);
      if (!body.activeElementIds?.includes('open-ticket')) return body;
      if (waited > 15_000) throw new Error(`the service task did not run: ${JSON.stringify(body)}\n${server!.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('should have every file and answer the test uses, marked in the guide', () => {
    expect([...files.keys()].sort()).toEqual(['gridflow.config.json', 'my-plugins/water-meter/index.ts', 'my-plugins/water-meter/package.json', 'start.json', 'water-leak.bpmn']);
    expect([...answers.keys()].sort()).toEqual(['GET /api/v1/plugins (refused)', 'GET /api/v1/plugins (the water-meter entry)', 'GET /api/v1/process-instances/$ID']);
    expect([...blocks('tenants').keys()]).toEqual(['broken']);
    expect(ticketNo).toMatch(/^WM-/);
    expect(tenantConfig.url).toMatch(new RegExp(`^${COMPANY_ORIGIN}/`));
  });

  it('should typecheck the guide\'s plugin against @gridflow/plugin-api with the project\'s compiler settings', () => {
    const { config: tsconfig } = ts.readConfigFile(join(projectRoot, 'tsconfig.json'), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(tsconfig, ts.sys, projectRoot);
    const program = ts.createProgram([join(root, 'my-plugins', 'water-meter', 'index.ts')], options);
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    expect(problems).toEqual([]);
  });

  it('should load the plugin from the configuration file and list it enabled, as the guide shows', async () => {
    const { status, body } = await api('GET', '/plugins');

    expect(status).toBe(200);
    expect(server!.output()).toContain(`plugins from ${join(root, 'gridflow.config.json')}: 1 loaded`);
    expect(body.find((plugin: any) => plugin.name === 'water-meter')).toMatchObject(answer('GET /api/v1/plugins (the water-meter entry)'));
  });

  it('should refuse the plugin for the guide\'s broken tenant configuration, with the pointers, and start all the same', async () => {
    const response = await fetch(`${broken!.url}/api/v1/plugins`, { headers: await adminHeaders(broken!.url) });
    const body = (await response.json()) as any[];

    expect(response.status).toBe(200);
    const expected = answer('GET /api/v1/plugins (refused)');
    expect(body.find((plugin) => plugin.name === 'water-meter')).toMatchObject(expected);
    expect(broken!.output()).toContain(`plugin water-meter refused: ${expected.reason}`);
  });

  it('should serve the plugin\'s element template, binding gridflow:service to the service type', async () => {
    const { status, body } = await api('GET', '/element-templates');

    expect(status).toBe(200);
    const template = body.find((candidate: any) => candidate.id === 'water-meter.open-ticket');
    expect(template).toMatchObject({ name: '推送自来水公司报修', appliesTo: ['bpmn:ServiceTask'] });
    expect(template.properties).toContainEqual({ type: 'Hidden', value: 'water-meter:open-ticket', binding: { type: 'property', name: 'gridflow:service' } });
  });

  it('should deploy the guide\'s process as its curl does, and run the service task with the guide\'s handler', async () => {
    // given the process deployed as a multipart upload (curl -F tenantId=default -F file=@water-leak.bpmn)
    const form = new FormData();
    form.append('tenantId', 'default');
    form.append('file', new Blob([readFileSync(join(root, 'water-leak.bpmn'))], { type: 'application/xml' }), 'water-leak.bpmn');
    const deployed = await api('POST', '/deployments', form);
    expect(deployed.status).toBe(201);
    expect(deployed.body.processDefinitions).toMatchObject([{ key: 'water-leak', version: 1 }]);

    // when the guide's report starts an instance (curl -d @start.json)
    const started = await api('POST', '/process-instances', readFileSync(join(root, 'start.json')), 'application/json');
    expect(started.status).toBe(201);
    const instance = await settled(started.body.id);

    // then the instance is as the guide shows it, and the water company was sent the report with the tenant's key
    expect(instance).toMatchObject(answer('GET /api/v1/process-instances/$ID'));
    const [ticket] = company.taken('/gridflow/tickets');
    expect(ticket?.headers['x-api-key']).toBe(tenantConfig.apiKey);
    expect(ticket?.body).toMatchObject({ address: '建设路 12 号 3 单元', description: '楼前供水主管爆裂，路面积水', requestId: expect.any(String) });
    expect(server!.output()).toContain('ticket opened');
  });

  it('should take the error boundary path when the water company answers out-of-area (bpmnError)', async () => {
    const started = await startInstance({ address: '郊区 西山村 5 号' });

    const instance = await settled(started.body.id);

    expect(instance).toMatchObject({ state: 'active', activeElementIds: ['hand-over'] });
    expect(instance.variables.waterTicketNo).toBeUndefined();
  });

  it('should raise an incident at once when the water company refuses the ticket (failure, not retryable)', async () => {
    const refusedBefore = company.refused;
    const started = await startInstance({ address: '无效地址' });

    let incidents: any[] = [];
    for (let waited = 0; incidents.length === 0 && waited < 15_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      incidents = (await api('GET', `/incidents?tenantId=default&processInstanceId=${started.body.id}`)).body;
    }

    expect(incidents).toMatchObject([{ elementId: 'open-ticket', message: expect.stringContaining('refused the ticket (400)') }]);
    expect(company.refused - refusedBefore).toBe(1);
  });

  it('should leave every file of engine/ as it was', () => {
    // Before the user commits, engine/ may hold others' changes: it must read the same as before this file ran.
    expect(engineStatus()).toBe(engineBefore);
  });
});
