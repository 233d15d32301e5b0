import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../engine/src/http/app.ts';
import { TEST_JWT_SECRET } from '../support/api.ts';
import { createEngine } from '../../engine/src/compose.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../engine/src/config.ts';
import { useTestDatabase } from '../support/test-database.ts';

describe('GET /health and the OpenAPI document', () => {
  const database = useTestDatabase();
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await buildApp({ engine: createEngine({ database: database.current, log: () => undefined }), secret: TEST_JWT_SECRET });
  });
  afterAll(async () => {
    await app.close();
  });

  it('should report the database as up', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });

    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.status).toBe('ok');
    expect(body.database.state).toBe('up');
    expect(body.database.name).toBe(database.current.connection.name);
    expect(body.database.kind).toBe(process.env.MONGODB_URI ? 'external' : 'embedded');
  });

  it('should serve the OpenAPI document listing every error code docs/errors.md gives an HTTP status', async () => {
    // given the codes of the API table of docs/errors.md, with their statuses
    const apiTable = readFileSync(join(projectRoot, 'docs', 'errors.md'), 'utf8').split('## Incidents')[0] ?? '';
    const documented = [...apiTable.matchAll(/^\| `(GF_ERR_[A-Z_]+)` \| (\d{3}) \|/gm)].map((match) => `${match[1]} ${match[2]}`);

    // when
    const response = await app.inject({ method: 'GET', url: '/docs/json' });

    // then
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(Object.keys(document.paths['/health'].get.responses)).toEqual(expect.arrayContaining(['200', '503']));
    const schema = document.components.schemas.ErrorCode;
    expect(documented.length).toBeGreaterThan(40);
    expect(schema.enum.sort()).toEqual(documented.map((entry) => entry.split(' ')[0]).sort());
    for (const entry of documented) expect(schema.description).toContain(`| \`${entry.split(' ')[0]}\` | ${entry.split(' ')[1]} |`);
  });

  it('should answer an unknown route with 404 and a catalogue code', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/nothing-here' });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'GF_ERR_REQUEST_NOT_FOUND', details: [] });
  });
});

describe('GET /health when the database is gone', () => {
  const database = useTestDatabase();

  it('should answer 503 with the database down, not 500', async () => {
    // given a server whose own connection has been closed
    const { connectDatabase } = await import('../../engine/src/db/database.ts');
    const own = await connectDatabase({ uri: database.current.connection.getClient().options.hosts.map(String).map((h) => `mongodb://${h}/?directConnection=true`)[0] ?? '', dbName: 'gftest_unused' });
    const app = await buildApp({ engine: createEngine({ database: own, log: () => undefined }), secret: TEST_JWT_SECRET });
    await own.close();

    // when
    const response = await app.inject({ method: 'GET', url: '/health' });

    // then
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'degraded', database: { state: 'down' } });
    await app.close();
  });
});
