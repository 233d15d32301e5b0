import type { OpenAPIV3 } from 'openapi-types';
import { errorCatalogue } from '../errors/catalogue.ts';

/** Shared schemas of the OpenAPI document: the error body and the whole error catalogue. */
export function errorComponents(): Record<string, OpenAPIV3.SchemaObject> {
  const codes = Object.keys(errorCatalogue);
  const table = Object.entries(errorCatalogue)
    .map(([code, { status, description }]) => `| \`${code}\` | ${status} | ${description} |`)
    .join('\n');
  return {
    ErrorCode: {
      type: 'string',
      enum: codes,
      description: `Stable error codes. The status is fixed per code.\n\n| code | status | meaning |\n|---|---|---|\n${table}`,
    },
    Error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { $ref: '#/components/schemas/ErrorCode' },
        message: { type: 'string' },
        details: { type: 'array', items: { type: 'object', additionalProperties: true } },
      },
    },
  };
}
