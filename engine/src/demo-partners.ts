import { createServer, type IncomingMessage, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A plugin to enable for the demo tenant, as a configuration file names one. */
export interface DemoPlugin {
  from: string;
  tenants: Record<string, Record<string, unknown>>;
}

export interface DemoPartners {
  /** The stand-ins' address on this machine. */
  url: string;
  plugins: DemoPlugin[];
  /** Where the stand-ins answer: the engine's address and an API key of the demo tenant's integration account. */
  connect(engineUrl: string, apiKey: string): void;
  close(): Promise<void>;
}

/** How long a stand-in takes to sign for a case and to answer it. */
export interface StandInDelays {
  signMs: number;
  answerMs: number;
}

const DEFAULT_DELAYS: StandInDelays = { signMs: 3_000, answerMs: 10_000 };

/**
 * Small stand-ins for a demo pack's partners, on this machine only (`GRIDFLOW_DEMO_PARTNERS=1`):
 * the pack's `demo/plugins.json` names the plugins to enable with `{standIn}` for their address.
 * A police station, a property company or a volunteer team signs for (accepts) what it gets and
 * answers it a few seconds later, through the plugins' own routes as a real system would; the hotline, the district screen
 * and the grid groups print what they are told. Undefined when the pack has no demo plugins.
 */
export async function startDemoPartners(options: { packFolder: string; tenantId: string; log: (line: string) => void; delays?: StandInDelays }): Promise<DemoPartners | undefined> {
  const file = join(options.packFolder, 'demo', 'plugins.json');
  if (!existsSync(file)) return undefined;
  const { log, tenantId } = options;
  const delays = options.delays ?? DEFAULT_DELAYS;
  let engine: { url: string; apiKey: string } | undefined;
  const timers = new Set<NodeJS.Timeout>();

  const callEngine = (path: string, body: Record<string, unknown>) => {
    if (!engine) return;
    const { url, apiKey } = engine;
    const timer = setTimeout(() => {
      timers.delete(timer);
      fetch(`${url}/api/v1/plugins${path}?tenantId=${encodeURIComponent(tenantId)}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: JSON.stringify(body) })
        .then(async (answer) => log(`[demo partner] → ${path.split('/').slice(-1)[0]}: ${answer.status} ${await answer.text()}`))
        .catch((error: unknown) => log(`[demo partner] could not reach the engine: ${(error as Error).message}`));
    }, path.endsWith('/ack') || path.endsWith('/accept') || body.status === 'accepted' ? delays.signMs : delays.answerMs);
    timers.add(timer);
  };

  const server: Server = createServer((request, response) => {
    void bodyOf(request).then((body) => {
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      const [, kind, id] = path.split('/');
      if (kind === 'police' && path.endsWith('/cases')) {
        log(`[demo partner] ${id} 派出所收到案件 ${String(body.caseCode)}：${String(body.description)}（${String(body.gridName)}）`);
        callEngine(`/police-beat/stations/${id}/dispatches/${String(body.dispatchId)}/ack`, { officer: '值班民警' });
        callEngine(`/police-beat/stations/${id}/dispatches/${String(body.dispatchId)}/answer`, { outcome: 'handled', result: '民警已到场核查处置（演示）', officer: '值班民警' });
      } else if (kind === 'property' && path.endsWith('/work-orders')) {
        log(`[demo partner] ${id} 物业收到工单 ${String(body.caseCode)}：${String(body.description)}（${String(body.estate)}）`);
        callEngine(`/property/companies/${id}/work-orders/${String(body.dispatchId)}/status`, { status: 'accepted', staff: '维修班' });
        callEngine(`/property/companies/${id}/work-orders/${String(body.dispatchId)}/status`, { status: 'completed', result: '物业已上门维修（演示）', staff: '维修班' });
      } else if (kind === 'volunteers' && path.endsWith('/offers')) {
        // Every team offered the case accepts it: the first takes it, the others are told who has it.
        log(`[demo partner] ${id} 志愿服务队收到派单 ${String(body.caseCode)}：${String(body.description)}（${String(body.gridName)}）`);
        callEngine(`/volunteers/offers/${String(body.offerId)}/accept`, { team: id, volunteer: '志愿者' });
        callEngine(`/volunteers/offers/${String(body.offerId)}/done`, { team: id, result: '志愿者已到场服务（演示）', hours: [{ volunteer: '志愿者', hours: 2 }] });
      } else if (kind === 'hotline') {
        log(`[demo partner] 12345 热线平台收到工单 ${String(body.orderId)} 的进度：${String(body.status)}`);
      } else if (kind === 'notify') {
        const text = (body.text as { content?: string } | string | undefined);
        const to = path.startsWith('/notify/group/') ? `网格群 ${path.slice('/notify/group/'.length)}` : path.slice('/notify/'.length);
        log(`[demo partner] ${to}：${typeof text === 'string' ? text : text?.content ?? JSON.stringify(body)}`);
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    }, () => response.writeHead(400).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const listed = JSON.parse(readFileSync(file, 'utf8')) as { plugins: { from: string; config: Record<string, unknown> }[] };
  const plugins = listed.plugins.map(({ from, config }) => ({ from, tenants: { [tenantId]: JSON.parse(JSON.stringify(config).replaceAll('{standIn}', url)) as Record<string, unknown> } }));
  return {
    url, plugins,
    connect: (engineUrl, apiKey) => {
      engine = { url: engineUrl, apiKey };
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function bodyOf(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return text === '' ? {} : JSON.parse(text) as Record<string, unknown>;
}
