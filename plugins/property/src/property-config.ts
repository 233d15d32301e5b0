/** A housing estate (小区) a company manages, and the grids it lies in. */
export interface Estate {
  name: string;
  gridIds: string[];
}

/** A property company (物业公司) and the estates it manages under its service contract. */
export interface Company {
  id: string;
  name: string;
  /** The company's work-order system: orders are posted to `<url>/work-orders`. */
  url: string;
  estates: Estate[];
  headers?: Record<string, string>;
}

export interface PropertyConfig {
  companies: Company[];
  /** Each call's timeout (default 10 s); retries and their backoff are the service task's. */
  timeoutMs?: number;
}

export const configSchema = {
  type: 'object',
  required: ['companies'],
  additionalProperties: false,
  properties: {
    companies: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object', required: ['id', 'name', 'url', 'estates'], additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 100 },
          name: { type: 'string', minLength: 1, maxLength: 100 },
          url: { type: 'string', format: 'uri' },
          estates: {
            type: 'array', minItems: 1,
            items: {
              type: 'object', required: ['name', 'gridIds'], additionalProperties: false,
              properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, gridIds: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } } },
            },
          },
          headers: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
    },
    timeoutMs: { type: 'integer', minimum: 100, maximum: 60_000 },
  },
} as const;

/** The estate a grid lies in, and its company: the estate listing the grid itself or the nearest grid above it. */
export function estateOf(config: PropertyConfig, path: string[]): { company: Company; estate: Estate } | undefined {
  for (const gridId of [...path].reverse()) {
    for (const company of config.companies) {
      const estate = company.estates.find((candidate) => candidate.gridIds.includes(gridId));
      if (estate) return { company, estate };
    }
  }
  return undefined;
}
