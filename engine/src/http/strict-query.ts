import type { FastifyInstance } from 'fastify';
import { gridflowError } from '../errors/gridflow-error.ts';

/** A query key shaped like a database operator or a nested object (`state[$ne]`, `$where`, `a.b`). */
const OPERATOR_SHAPED = /[[\]$.]/;

/**
 * Query strings say only what a route declares: an unknown parameter is refused (400, naming it)
 * instead of being ignored, which would answer as if it were absent; an operator-shaped key is
 * refused on every route, declared query string or not.
 */
export function strictQueries(api: FastifyInstance): void {
  api.addHook('onRoute', (route) => {
    const querystring = route.schema?.querystring as Record<string, unknown> | undefined;
    if (querystring && querystring.type === 'object' && querystring.additionalProperties === undefined) {
      route.schema = { ...route.schema, querystring: { ...querystring, additionalProperties: false } };
    }
  });
  api.addHook('onRequest', async (request) => {
    const query = request.query as Record<string, unknown> | undefined;
    const shaped = Object.keys(query ?? {}).filter((key) => OPERATOR_SHAPED.test(key));
    if (shaped.length > 0) {
      throw gridflowError('GF_ERR_REQUEST_INVALID', `querystring parameter '${shaped[0]}' is not one this route takes (operators and nested keys are not accepted)`,
        shaped.map((key) => ({ in: 'querystring', field: key, reason: 'operator-shaped parameter' })));
    }
  });
}
