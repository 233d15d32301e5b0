/** One tenant's connection to its 12345 hotline platform. */
export interface HotlineConfig {
  /** Where the hotline takes progress and results of its orders (POST, JSON). */
  callbackUrl: string;
  /** The hotline's order categories, each to an item of the tenant's catalogue. */
  items: Record<string, string>;
  /** The item of a category the map does not name; without it such an order is refused. */
  defaultItem?: string;
  /** Deliveries to the callback: attempts and the first backoff (doubling). */
  delivery?: { attempts?: number; backoffMs?: number; timeoutMs?: number };
}

export const configSchema = {
  type: 'object',
  required: ['callbackUrl', 'items'],
  additionalProperties: false,
  properties: {
    callbackUrl: { type: 'string', format: 'uri', description: "The hotline platform's callback for progress and results." },
    items: { type: 'object', additionalProperties: { type: 'string', minLength: 1 }, description: 'Hotline category → item code of the catalogue.' },
    defaultItem: { type: 'string', minLength: 1 },
    delivery: {
      type: 'object',
      additionalProperties: false,
      properties: {
        attempts: { type: 'integer', minimum: 1, maximum: 20 },
        backoffMs: { type: 'integer', minimum: 10, maximum: 600_000 },
        timeoutMs: { type: 'integer', minimum: 100, maximum: 60_000 },
      },
    },
  },
} as const;
