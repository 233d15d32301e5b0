/**
 * Every error code the product answers with, declared once. The HTTP edge takes the status from
 * here, the OpenAPI document lists the whole catalogue, and a test checks both stay in step.
 */
export const errorCatalogue = {
  GF_ERR_REQUEST_INVALID: { status: 400, description: 'The request does not match the route schema; details name the field.' },
  GF_ERR_REQUEST_NOT_FOUND: { status: 404, description: 'No route answers this method and path.' },
  GF_ERR_REQUEST_BODY_TOO_LARGE: { status: 413, description: 'The request body is larger than the server accepts.' },
  GF_ERR_REQUEST_UNSUPPORTED_MEDIA: { status: 415, description: 'The request body has a content type the route does not accept.' },
  GF_ERR_DB_UNAVAILABLE: { status: 503, description: 'The database does not answer; the request was not applied.' },
  GF_ERR_DB_START_FAILED: { status: 500, description: 'The embedded database could not start (startup only, never an HTTP answer).' },
  GF_ERR_DEPLOYMENT_INVALID: { status: 400, description: 'A deployment resource is not valid BPMN Gridflow can run; details name each resource, element and reason. Nothing was deployed.' },
  GF_ERR_BPMN_INVALID_XML: { status: 400, description: 'A deployment resource is not well-formed BPMN 2.0 XML.' },
  GF_ERR_BPMN_UNSUPPORTED_ELEMENT: { status: 400, description: 'The model uses an element or event type the engine does not execute.' },
  GF_ERR_BPMN_INVALID_ELEMENT: { status: 400, description: 'An element is malformed (a gateway without outgoing flows, a dangling flow, no start event…).' },
  GF_ERR_BPMN_INVALID_EXPRESSION: { status: 400, description: 'A FEEL expression does not parse (or a JUEL expression was given).' },
  GF_ERR_BPMN_INVALID_TIMER: { status: 400, description: 'A timer is not an ISO 8601 date, duration or cycle.' },
  GF_ERR_BPMN_UNKNOWN_CALLED_PROCESS: { status: 400, description: 'A call activity names a process key that is neither deployed nor in the deployment.' },
  GF_ERR_BPMN_NO_PROCESS: { status: 400, description: 'A deployment holds no process.' },
  GF_ERR_DEPLOYMENT_NOT_FOUND: { status: 404, description: 'No deployment has this id.' },
  GF_ERR_DEFINITION_NOT_FOUND: { status: 404, description: 'No process definition has this id, key or version.' },
  GF_ERR_INSTANCE_NOT_FOUND: { status: 404, description: 'No process instance has this id.' },
  GF_ERR_INSTANCE_NOT_ACTIVE: { status: 409, description: 'The process instance has ended; it cannot change.' },
  GF_ERR_INSTANCE_TOKEN_NOT_WAITING: { status: 409, description: 'The element instance is not waiting for this (already completed, cancelled or stopped by an incident).' },
  GF_ERR_INSTANCE_NO_NONE_START: { status: 400, description: 'The process has no none start event; it starts by message, signal or timer.' },
  GF_ERR_INSTANCE_MODIFY_INVALID: { status: 400, description: 'A modification names an element that is not active (cancel) or cannot be started; details name each.' },
  GF_ERR_INSTANCE_CONFLICT: { status: 409, description: 'The instance kept changing under concurrent writers; try again.' },
  GF_ERR_INCIDENT_NOT_FOUND: { status: 404, description: 'No open incident has this id.' },
  GF_ERR_TASK_NOT_FOUND: { status: 404, description: 'No task has this id.' },
  GF_ERR_TASK_NOT_OPEN: { status: 409, description: 'The task is already completed or cancelled.' },
  GF_ERR_TASK_ALREADY_CLAIMED: { status: 409, description: 'Another user has claimed the task; unclaim or delegate it first.' },
  GF_ERR_JOB_NOT_FOUND: { status: 404, description: 'No job has this id.' },
  GF_ERR_JOB_NOT_LOCKED: { status: 409, description: 'The job is not locked by this worker any more (lock expired, job completed or cancelled).' },
  GF_ERR_MESSAGE_NOT_CORRELATED: { status: 404, description: 'No instance or message start event waits for this message name and key; messages are not buffered.' },
  GF_ERR_VARIABLE_NAME_INVALID: { status: 400, description: "A variable name (at any depth) contains '.' or starts with '$'; details name each one." },
  GF_ERR_INTERNAL: { status: 500, description: 'An unexpected fault in the server. Reported with an id; never caused by the request alone.' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof errorCatalogue;
