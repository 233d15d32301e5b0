import { formOperations, type OperationType } from '../../cases/case-operations.ts';
import { tenantBody } from '../schemas.ts';

const text = { type: 'string', minLength: 1 } as const;

/** What every operation takes: who does it, why, and a free comment. */
const common = {
  ...tenantBody,
  actor: { ...text, description: 'The signed-in user, who does it; may be left out. Naming anyone else is refused (400 GF_ERR_AUTH_ACTOR_MISMATCH).' },
  reason: text,
  comment: { type: 'string' },
} as const;

/** Each operation's own fields (the contract's `{actor, reason?, …}`) and which of them it requires besides `actor`. */
const fields: Record<OperationType, { properties: Record<string, object>; required?: string[] }> = {
  handle: { properties: { result: { type: 'string' } } },
  escalate: { properties: { toAuthority: { type: 'boolean', description: 'Straight to the level or department holding the authority.' } } },
  return: { properties: {}, required: ['reason'] },
  transfer: {
    properties: {
      toPost: text,
      toGridId: { ...text, description: 'A grid of any level where someone holds toPost (exactly one of toGridId, toDepartment, toPartner).' },
      toDepartment: text,
      toPartner: { ...text, description: 'A "grid + N" partner that takes the item and serves the case\'s grid.' },
    },
    required: ['toPost'],
  },
  joint: {
    properties: {
      partners: {
        type: 'array', minItems: 2, maxItems: 20, items: text,
        description: 'The departments and "grid + N" partners that handle the case together (条块联动), each taking the item and serving the case\'s grid.',
      },
    },
    required: ['partners'],
  },
  withdraw: { properties: {}, required: ['reason'] },
  urge: { properties: {} },
  supervise: { properties: { letter: { ...text, description: 'The supervision letter (督办函).' } }, required: ['letter'] },
  park: { properties: {} },
  'extension-request': { properties: { days: { type: 'integer', minimum: 1, maximum: 365, description: 'Working days asked for.' } }, required: ['days'] },
  'extension-decision': { properties: { approve: { type: 'boolean' } }, required: ['approve'] },
  defer: { properties: {} },
  resume: { properties: {} },
  verify: { properties: { passed: { type: 'boolean', description: 'false sends the case back for rework (返工).' } }, required: ['passed'] },
  callback: { properties: { satisfaction: { type: 'integer', minimum: 1, maximum: 5, description: '≤ 2 reopens the case.' } }, required: ['satisfaction'] },
};

/** What the operations doing a step's work carry besides: the values of the step's form. */
const values = { type: 'object', description: "The values of the open step's form (GET /tasks/:id/form), checked against its schema: 400 GF_ERR_FORM_INVALID names each field at fault. The operation's own fields may be given here too." } as const;

/** The body schema of one case operation: ajv names the missing or wrong field, as for any route. */
export function operationBody(type: OperationType): object {
  const { properties, required = [] } = fields[type];
  // A form may carry the operation's own required fields (the satisfaction of a callback), so they are required only without values.
  const requiredOf = formOperations.has(type) && required.length > 0 ? { anyOf: [{ required }, { required: ['values'] }] } : { required };
  return { type: 'object', ...requiredOf, additionalProperties: false, properties: { ...common, ...properties, ...(formOperations.has(type) ? { values } : {}) } };
}
