import { refused, type PluginCases } from '@gridflow/plugin-api';
import type { HotlineConfig } from './hotline-config.ts';

/** A hotline work order (工单) as the platform posts it. */
export interface HotlineOrder {
  orderId: string;
  category: string;
  content: string;
  address?: string;
  location?: { lng: number; lat: number };
  gridId?: string;
  citizen: { name: string; phone: string };
  /** When the citizen called: the case keeps it; its time limits count from arrival. */
  receivedAt?: string;
}

export const orderBody = {
  type: 'object',
  required: ['orderId', 'category', 'content', 'citizen'],
  additionalProperties: false,
  properties: {
    tenantId: { type: 'string', minLength: 1 },
    orderId: { type: 'string', minLength: 1, maxLength: 100 },
    category: { type: 'string', minLength: 1, maxLength: 100 },
    content: { type: 'string', minLength: 1, maxLength: 4000 },
    address: { type: 'string', maxLength: 500 },
    location: { type: 'object', required: ['lng', 'lat'], additionalProperties: false, properties: { lng: { type: 'number', minimum: -180, maximum: 180 }, lat: { type: 'number', minimum: -90, maximum: 90 } } },
    gridId: { type: 'string', minLength: 1, maxLength: 200 },
    citizen: { type: 'object', required: ['name', 'phone'], additionalProperties: false, properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, phone: { type: 'string', minLength: 1, maxLength: 40 } } },
    receivedAt: { type: 'string', format: 'date-time' },
  },
} as const;

/** The idempotency key of an order's case: the same order sent twice is one case. */
export const orderKey = (orderId: string) => `hotline-12345:${orderId}`;

/** The order id behind a case this plugin made, or undefined for any other case. */
export function orderIdOf(idempotencyKey: string | null): string | undefined {
  return idempotencyKey?.startsWith('hotline-12345:') ? idempotencyKey.slice('hotline-12345:'.length) : undefined;
}

/** A work order taken in as a case (source `hotline`), at the grid of its place, with the item its category maps to. */
export async function takeOrder(cases: PluginCases, tenantId: string, config: HotlineConfig, order: HotlineOrder) {
  const itemCode = config.items[order.category] ?? config.defaultItem;
  if (!itemCode) throw refused('invalid', `category '${order.category}' maps to no item of the catalogue (configure items or defaultItem)`, [{ field: 'category', category: order.category }]);
  if (!order.location && !order.gridId) throw refused('invalid', 'an order needs its location or gridId: a case is handled in a grid', [{ field: 'location' }]);
  const { created, case: made } = await cases.report({
    tenantId, itemCode, source: 'hotline', reporter: order.citizen, idempotencyKey: orderKey(order.orderId),
    description: order.address ? `${order.content}（${order.address}）` : order.content,
    ...(order.location ? { location: order.location } : {}), ...(order.gridId ? { gridId: order.gridId } : {}),
    ...(order.receivedAt ? { reportedAt: order.receivedAt } : {}),
  });
  return { orderId: order.orderId, created, caseId: made.id, caseCode: made.code, itemCode: made.itemCode, gridId: made.gridId, dueAt: made.dueAt };
}
