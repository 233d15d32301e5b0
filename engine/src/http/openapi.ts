import type { OpenAPIV3 } from 'openapi-types';
import { errorCatalogue, type ErrorCode } from '../errors/catalogue.ts';
import { statusOfCode } from './status-of.ts';

/** Shared schemas of the OpenAPI document: the error body and the whole error catalogue. */
export function errorComponents(): Record<string, OpenAPIV3.SchemaObject> {
  const codes = Object.keys(errorCatalogue);
  const table = Object.entries(errorCatalogue)
    .map(([code, description]) => `| \`${code}\` | ${statusOfCode[code as ErrorCode]} | ${description} |`)
    .join('\n');
  return {
    ErrorCode: {
      type: 'string',
      enum: codes,
      description: `Stable error codes, each with its status (a "not found" of something a request field names is 400). docs/errors.md also lists the incident codes.\n\n| code | status | meaning |\n|---|---|---|\n${table}`,
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
