import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Built files named by their content hash never change: a phone keeps them; the pages themselves are asked for again. */
const HASHED = /-[A-Za-z0-9_-]{8,}\.(js|css|woff2?|png|svg)$/;

/**
 * The apps built into `designer/dist` (`npm run build:ui`), served beside the API: the grid
 * worker's app at /worker/ and the administrators' designer at /designer/. `/` leads to the
 * worker app; without a build it says how to make one.
 */
export async function uiPages(app: FastifyInstance, root: string): Promise<void> {
  const worker = join(root, 'worker');
  if (!existsSync(join(worker, 'index.html'))) {
    app.get('/', { config: { public: true } }, async (_request, reply) =>
      reply.status(503).type('text/plain; charset=utf-8').send('网格工作台尚未构建：运行 npm run build:ui 后重新启动。\nThe apps are not built: run npm run build:ui, then start again.\n'));
    return;
  }
  await serveApp(app, worker, 'worker', true);
  const designer = join(root, 'designer');
  if (existsSync(join(designer, 'index.html'))) await serveApp(app, designer, 'designer', false);
  app.get('/', { config: { public: true } }, async (_request, reply) => reply.redirect('/worker/'));
}

/** One built app as static files under /<name>/; the first registration decorates the reply (sendFile), the others share it. */
async function serveApp(app: FastifyInstance, folder: string, name: string, first: boolean): Promise<void> {
  await app.register(fastifyStatic, {
    // The build leaves a Brotli and a gzip copy beside each text file (designer/scripts/compress-dist.mjs).
    root: folder, prefix: `/${name}/`, index: ['index.html'], wildcard: true, preCompressed: true, decorateReply: first,
    setHeaders: (reply, path) => {
      reply.header('cache-control', HASHED.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.get(`/${name}`, { config: { public: true } }, async (_request, reply) => reply.redirect(`/${name}/`));
}
