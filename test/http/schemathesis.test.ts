import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../engine/src/config.ts';
import { usePackApi } from '../support/packs.ts';

const run = promisify(execFile);
const SCHEMATHESIS = '4.32.5';
const venv = join(projectRoot, '.gridflow', `schemathesis-${SCHEMATHESIS}`);
const st = join(venv, 'bin', 'st');

/** Schemathesis from PyPI in a virtual environment of its own, installed once per machine. */
async function installSchemathesis(): Promise<void> {
  if (existsSync(st)) return;
  await run('python3', ['-m', 'venv', venv]);
  await run(join(venv, 'bin', 'pip'), ['install', '--quiet', `schemathesis==${SCHEMATHESIS}`], { timeout: 300_000 });
}

/**
 * Schemathesis over the served OpenAPI document with a valid token: no answer may be a server
 * error, and every answer must have a status and a body the document declares.
 */
describe('the API against its own OpenAPI document (schemathesis)', () => {
  const api = usePackApi();
  let url = '';
  beforeAll(async () => {
    await installSchemathesis();
    await api.deployPack('tcity');
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    const address = api.app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }, 360_000);

  it('should answer generated requests to every operation with no 5xx and nothing the document does not declare', { timeout: 600_000 }, async () => {
    const token = await api.token();
    const args = [
      'run', `${url}/docs/json`, '--header', `Authorization: Bearer ${token}`,
      '--checks', 'not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance',
      '--max-examples', '5', '--seed', '20261202', '--workers', '2', '--max-time', '90',
      // Signing out would end this run's own sign-in.
      '--exclude-path', '/api/v1/auth/sign-out', '--generation-database', 'none', '--no-color',
    ];
    // Run from .gridflow/, where schemathesis keeps its own cache.
    const { code, output } = await run(st, args, { cwd: join(projectRoot, '.gridflow'), timeout: 400_000, maxBuffer: 64 * 1024 * 1024 })
      .then(({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }))
      .catch((error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? 1, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }));
    writeFileSync(join(projectRoot, '.gridflow', 'schemathesis.log'), output);
    const summary = output.slice(output.lastIndexOf('SUMMARY'));
    const [, generated, passed] = summary.match(/(\d+) generated, (\d+) passed/) ?? [];
    console.log(`schemathesis ${SCHEMATHESIS} (exit ${code}): ${summary.match(/\d+ generated[^\n]*/)?.[0] ?? '(no summary)'}; ${summary.match(/Tested: \d+/)?.[0] ?? ''} operations${summary.includes('Runtime Error') ? '; a runtime error of schemathesis itself ended one phase early (see .gridflow/schemathesis.log)' : ''}`);
    // Failures are answers that break a check; schemathesis' own runtime errors are not the API's.
    const failures = output.includes('= FAILURES =') ? output.slice(output.indexOf('= FAILURES ='), output.indexOf('= FAILURES =') + 4_000) : '';
    expect(failures).toBe('');
    expect(Number(generated)).toBeGreaterThan(1_000);
    expect(passed).toBe(generated);
    expect(summary).toMatch(/Tested: \d{2}/);
  });
});
