import { createServer, type Server } from 'node:http';

/** One request a stand-in partner took. */
export interface TakenRequest {
  path: string;
  body: any;
  headers: Record<string, string | string[] | undefined>;
  /** When it arrived (wall time, ms). */
  at: number;
}

/**
 * A partner's system as a real local HTTP server (a webhook receiver, a police station's system, a
 * property company's): it records what it is sent and answers with `answer(path)` — 200 unless a
 * test says otherwise (down, refusing). `refused` counts the calls answered with an error.
 */
export async function startPartner(): Promise<{
  url(path: string): string;
  taken(path?: string): TakenRequest[];
  refused: number;
  answer: (path: string, body: any) => { status: number; body?: unknown };
  waitFor(until: () => boolean, what?: string): Promise<void>;
  close(): Promise<void>;
}> {
  const requests: TakenRequest[] = [];
  const partner = {
    refused: 0,
    answer: (_path: string, _body: any): { status: number; body?: unknown } => ({ status: 200, body: { ok: true } }),
    url: (path: string) => `${base}${path}`,
    taken: (path?: string) => requests.filter((request) => path === undefined || request.path === path),
    async waitFor(until: () => boolean, what = 'the expected calls') {
      for (let waited = 0; !until(); waited += 20) {
        if (waited > 15_000) throw new Error(`${what} did not arrive; the partner took ${JSON.stringify(requests.map((request) => [request.path, request.body]))}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => { text += chunk; });
    request.on('end', () => {
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      const body = text === '' ? undefined : JSON.parse(text);
      const { status, body: answer } = partner.answer(path, body);
      if (status >= 200 && status < 300) requests.push({ path, body, headers: request.headers, at: Date.now() });
      else partner.refused++;
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return partner;
}
