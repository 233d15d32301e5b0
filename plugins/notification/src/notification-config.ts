/** The case events a tenant may be told of. */
export const notificationEvents = ['case.reported', 'case.overdue', 'case.escalated', 'case.supervised', 'case.closed'] as const;
export type NotificationEvent = typeof notificationEvents[number];

/** A system that wants the events as JSON (a district's screen, a department's duty system). */
export interface WebhookTarget {
  id: string;
  url: string;
  events: NotificationEvent[];
  /** Sent with every call (an access token of the receiver, say). */
  headers?: Record<string, string>;
}

/** A grid group (网格群) that hears of its grids' cases through its group robot's webhook. */
export interface GroupTarget {
  id: string;
  name: string;
  url: string;
  /** The grids whose cases the group hears of. */
  gridIds: string[];
  events?: NotificationEvent[];
}

/** One tenant's notification settings. */
export interface NotificationConfig {
  webhooks?: WebhookTarget[];
  groups?: GroupTarget[];
  /** A tenant's own wording of a message, by event (placeholders as in the defaults). */
  templates?: Partial<Record<NotificationEvent, string>>;
  delivery?: { attempts?: number; backoffMs?: number; timeoutMs?: number };
}

/** A group hears of new and overdue cases unless it names its events. */
export const DEFAULT_GROUP_EVENTS: NotificationEvent[] = ['case.reported', 'case.overdue'];

const events = { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...notificationEvents] } } as const;

export const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    webhooks: {
      type: 'array',
      items: {
        type: 'object', required: ['id', 'url', 'events'], additionalProperties: false,
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 100 },
          url: { type: 'string', format: 'uri' },
          events,
          headers: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
    },
    groups: {
      type: 'array',
      items: {
        type: 'object', required: ['id', 'name', 'url', 'gridIds'], additionalProperties: false,
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 100 },
          name: { type: 'string', minLength: 1, maxLength: 100 },
          url: { type: 'string', format: 'uri' },
          gridIds: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          events,
        },
      },
    },
    templates: { type: 'object', additionalProperties: false, properties: Object.fromEntries(notificationEvents.map((name) => [name, { type: 'string', minLength: 1, maxLength: 1000 }])) },
    delivery: {
      type: 'object', additionalProperties: false,
      properties: {
        attempts: { type: 'integer', minimum: 1, maximum: 20 },
        backoffMs: { type: 'integer', minimum: 10, maximum: 600_000 },
        timeoutMs: { type: 'integer', minimum: 100, maximum: 60_000 },
      },
    },
  },
} as const;
