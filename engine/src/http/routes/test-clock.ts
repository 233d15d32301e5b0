import type { FastifyInstance } from 'fastify';
import type { GridflowEngine } from '../../compose.ts';
import type { TestClock } from '../../time/clock.ts';
import { gridflowError } from '../../errors/gridflow-error.ts';
import { errors } from '../schemas.ts';

const clockView = { type: 'object', properties: { now: { type: 'string' } } } as const;

/** The test clock stays within the years a calendar and a time limit make sense in. */
const LATEST = Date.UTC(2200, 0, 1);
const TEN_YEARS_MS = 10 * 366 * 24 * 3_600_000;

/** Only with GRIDFLOW_TEST_CLOCK=1: read and move the engine's clock; everything due fires before the answer. */
export function testClockRoutes(engine: GridflowEngine, clock: TestClock) {
  return async (app: FastifyInstance) => {
    app.get('/test-clock', { config: { permission: 'clock:read' }, schema: { tags: ['test clock'], response: { 200: clockView } } }, async () => ({ now: clock.now().toISOString() }));

    app.post<{ Body: { advanceMs?: number; now?: string } }>('/test-clock', {
      config: { permission: 'clock:change' },
      schema: {
        tags: ['test clock'],
        body: { type: 'object', additionalProperties: false, properties: { advanceMs: { type: 'integer', minimum: 0, maximum: TEN_YEARS_MS }, now: { type: 'string', format: 'date-time' } } },
        response: { 200: clockView, ...errors(400) },
      },
    }, async (request) => {
      const { advanceMs, now } = request.body;
      if ((advanceMs === undefined) === (now === undefined)) {
        throw gridflowError('GF_ERR_REQUEST_INVALID', 'give exactly one of advanceMs and now', [{ instancePath: '/advanceMs' }]);
      }
      const target = now === undefined ? new Date(clock.now().getTime() + (advanceMs ?? 0)) : new Date(now);
      if (target < clock.now()) throw gridflowError('GF_ERR_REQUEST_INVALID', 'the test clock does not go back', [{ instancePath: '/now' }]);
      if (!(target.getTime() < LATEST)) throw gridflowError('GF_ERR_REQUEST_INVALID', 'the test clock goes no further than the year 2200', [{ instancePath: now === undefined ? '/advanceMs' : '/now' }]);
      await engine.timers.advanceTestClock(clock, target, () => engine.jobs.handlerWorkDone(engine.services.registry.types()));
      return { now: clock.now().toISOString() };
    });
  };
}

