/** A police station (派出所) and the grids its police beats (警格) cover. */
export interface Station {
  id: string;
  name: string;
  /** The station's system: cases are posted to `<url>/cases`. */
  url: string;
  /** Grids of any level: a station covering a street covers every grid below it. */
  gridIds: string[];
  /** Sent with every call to the station's system. */
  headers?: Record<string, string>;
}

export interface PoliceBeatConfig {
  stations: Station[];
  /** Each call's timeout (default 10 s); retries and their backoff are the service task's. */
  timeoutMs?: number;
}

export const configSchema = {
  type: 'object',
  required: ['stations'],
  additionalProperties: false,
  properties: {
    stations: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object', required: ['id', 'name', 'url', 'gridIds'], additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 100 },
          name: { type: 'string', minLength: 1, maxLength: 100 },
          url: { type: 'string', format: 'uri' },
          gridIds: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          headers: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
    },
    timeoutMs: { type: 'integer', minimum: 100, maximum: 60_000 },
  },
} as const;

/** The station covering a grid: the one attached to the grid itself or to the nearest grid above it. */
export function stationCovering(config: PoliceBeatConfig, path: string[]): Station | undefined {
  for (const gridId of [...path].reverse()) {
    const station = config.stations.find((candidate) => candidate.gridIds.includes(gridId));
    if (station) return station;
  }
  return undefined;
}
