import type { ErrorDetail, GridflowError } from '../errors/gridflow-error.ts';
import type { ErrorCode } from '../errors/catalogue.ts';

/** The HTTP status of each code: the one place a status is decided. */
export const statusOfCode = {
  GF_ERR_REQUEST_INVALID: 400,
  GF_ERR_REQUEST_NOT_FOUND: 404,
  GF_ERR_REQUEST_BODY_TOO_LARGE: 413,
  GF_ERR_REQUEST_UNSUPPORTED_MEDIA: 415,
  GF_ERR_DB_UNAVAILABLE: 503,
  GF_ERR_DB_START_FAILED: 500,
  GF_ERR_DEPLOYMENT_INVALID: 400,
  GF_ERR_BPMN_INVALID_XML: 400,
  GF_ERR_BPMN_UNSUPPORTED_ELEMENT: 400,
  GF_ERR_BPMN_INVALID_ELEMENT: 400,
  GF_ERR_BPMN_INVALID_EXPRESSION: 400,
  GF_ERR_BPMN_INVALID_TIMER: 400,
  GF_ERR_BPMN_UNKNOWN_CALLED_PROCESS: 400,
  GF_ERR_BPMN_NO_PROCESS: 400,
  GF_ERR_DEPLOYMENT_NOT_FOUND: 404,
  GF_ERR_DEFINITION_NOT_FOUND: 404,
  GF_ERR_INSTANCE_NOT_FOUND: 404,
  GF_ERR_INSTANCE_NOT_ACTIVE: 409,
  GF_ERR_INSTANCE_TOKEN_NOT_WAITING: 409,
  GF_ERR_INSTANCE_NO_NONE_START: 400,
  GF_ERR_INSTANCE_MODIFY_INVALID: 400,
  GF_ERR_INSTANCE_CONFLICT: 409,
  GF_ERR_INCIDENT_NOT_FOUND: 404,
  GF_ERR_TASK_NOT_FOUND: 404,
  GF_ERR_TASK_NOT_OPEN: 409,
  GF_ERR_TASK_ALREADY_CLAIMED: 409,
  GF_ERR_JOB_NOT_FOUND: 404,
  GF_ERR_JOB_NOT_LOCKED: 409,
  GF_ERR_MESSAGE_NOT_CORRELATED: 404,
  GF_ERR_VARIABLE_NAME_INVALID: 400,
  GF_ERR_PACK_INVALID: 400,
  GF_ERR_PACK_NOT_FOUND: 404,
  GF_ERR_PACK_TENANT_TAKEN: 409,
  GF_ERR_TENANT_NO_PACK: 409,
  GF_ERR_GRID_NOT_FOUND: 404,
  GF_ERR_GRID_LOCATION_OUTSIDE: 404,
  GF_ERR_PERSON_NOT_FOUND: 404,
  GF_ERR_CASE_ITEM_UNKNOWN: 400,
  GF_ERR_CASE_NO_HANDLER: 400,
  GF_ERR_CASE_REPORTER_UNKNOWN: 400,
  GF_ERR_CASE_NOT_FOUND: 404,
  GF_ERR_CASE_BY_OPERATIONS_ONLY: 409,
  GF_ERR_CASE_OPERATION_NOT_ALLOWED: 409,
  GF_ERR_CONFIG_INVALID: 500,
  GF_ERR_PLUGIN_SERVICE_TAKEN: 500,
  GF_ERR_PLUGIN_NOT_ENABLED: 409,
  GF_ERR_INTERNAL: 500,
} as const satisfies Record<ErrorCode, number>;

/**
 * The status an error is answered with: its code's, except that a "not found" of something a
 * request field names (its details carry `field`, as a case report's `gridId` does) is a bad
 * request, 400, while a "not found" of the resource the path addresses stays 404.
 */
export function statusOf(error: Pick<GridflowError, 'code' | 'details'>): number {
  const status: number = statusOfCode[error.code];
  if (status === 404 && error.details.some(namesField)) return 400;
  return status;
}

function namesField(detail: ErrorDetail): boolean {
  return typeof detail.field === 'string';
}
