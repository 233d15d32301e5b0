/**
 * Every error code the product answers with, declared once with what it means. Codes carry no HTTP
 * status: the edge maps each to one (http/status-of.ts), docs/errors.md is generated from both, and
 * a test fails on a `GF_ERR_…` string in the source that is not here.
 */
export const errorCatalogue = {
  GF_ERR_REQUEST_INVALID: 'The request does not match the route schema; details name the field.',
  GF_ERR_REQUEST_NOT_FOUND: 'No route answers this method and path.',
  GF_ERR_REQUEST_BODY_TOO_LARGE: 'The request body is larger than the server accepts.',
  GF_ERR_REQUEST_UNSUPPORTED_MEDIA: 'The request body has a content type the route does not accept.',
  GF_ERR_DB_UNAVAILABLE: 'The database does not answer; the request was not applied.',
  GF_ERR_DB_START_FAILED: 'The embedded database could not start (startup only, never an HTTP answer).',
  GF_ERR_DEPLOYMENT_INVALID: 'A deployment resource is not valid BPMN Gridflow can run; details name each resource, element and reason. Nothing was deployed.',
  GF_ERR_BPMN_INVALID_XML: 'A deployment resource is not well-formed BPMN 2.0 XML.',
  GF_ERR_BPMN_UNSUPPORTED_ELEMENT: 'The model uses an element or event type the engine does not execute.',
  GF_ERR_BPMN_INVALID_ELEMENT: 'An element is malformed (a gateway without outgoing flows, a dangling flow, no start event…).',
  GF_ERR_BPMN_INVALID_EXPRESSION: 'A FEEL expression does not parse, iterates over a range of more than 10,000 numbers, or is JUEL.',
  GF_ERR_BPMN_INVALID_TIMER: 'A timer is not an ISO 8601 date, duration or cycle.',
  GF_ERR_BPMN_UNKNOWN_CALLED_PROCESS: 'A call activity names a process key that is neither deployed nor in the deployment.',
  GF_ERR_BPMN_NO_PROCESS: 'A deployment holds no process.',
  GF_ERR_DEPLOYMENT_NOT_FOUND: 'No deployment has this id.',
  GF_ERR_DEFINITION_NOT_FOUND: 'No process definition has this id, key or version.',
  GF_ERR_INSTANCE_NOT_FOUND: 'No process instance has this id.',
  GF_ERR_INSTANCE_NOT_ACTIVE: 'The process instance has ended; it cannot change.',
  GF_ERR_INSTANCE_TOKEN_NOT_WAITING: 'The element instance is not waiting for this (already completed, cancelled or stopped by an incident).',
  GF_ERR_INSTANCE_NO_NONE_START: 'The process has no none start event; it starts by message, signal or timer.',
  GF_ERR_INSTANCE_MODIFY_INVALID: 'A modification names an element that is not active (cancel) or cannot be started; details name each.',
  GF_ERR_INSTANCE_CONFLICT: 'The instance kept changing under concurrent writers; try again.',
  GF_ERR_INCIDENT_NOT_FOUND: 'No open incident has this id.',
  GF_ERR_TASK_NOT_FOUND: 'No task has this id.',
  GF_ERR_TASK_NOT_OPEN: 'The task is already completed or cancelled.',
  GF_ERR_TASK_ALREADY_CLAIMED: 'Another user has claimed the task; unclaim or delegate it first.',
  GF_ERR_JOB_NOT_FOUND: 'No job has this id.',
  GF_ERR_JOB_NOT_LOCKED: 'The job is not locked by this worker any more (lock expired, job completed or cancelled).',
  GF_ERR_MESSAGE_NOT_CORRELATED: 'No instance or message start event waits for this message name and key; messages are not buffered.',
  GF_ERR_VARIABLE_NAME_INVALID: "A variable name (at any depth) contains '.' or starts with '$'; details name each one.",
  GF_ERR_VARIABLE_NESTED_ARRAY: 'A variable holds an array directly inside an array, which the embedded database cannot store; details name each place.',
  GF_ERR_PACK_INVALID: 'A pack file is missing, does not parse, breaks its JSON Schema or names something the pack lacks; details give file, JSON pointer and reason. Nothing was applied.',
  GF_ERR_PACK_NOT_FOUND: 'No pack has this id in the tenant.',
  GF_ERR_PACK_TENANT_TAKEN: 'The tenant runs another pack; a tenant runs one pack (deploy to another tenant).',
  GF_ERR_TENANT_NO_PACK: 'The tenant has no pack deployed yet, so it has no grids, people or item catalogue.',
  GF_ERR_GRID_NOT_FOUND: 'No grid has this id in the tenant.',
  GF_ERR_GRID_LOCATION_OUTSIDE: 'The point lies in no grid of the tenant.',
  GF_ERR_PERSON_NOT_FOUND: 'No person has this id in the tenant.',
  GF_ERR_CASE_ITEM_UNKNOWN: "The item code is not in the tenant's item catalogue; work outside the catalogue is not given to grid workers.",
  GF_ERR_CASE_NO_HANDLER: 'No post of the tenant takes a report at this grid for this item: the level has no rung of the ladder above it, or nobody holds the post there. Details name the grid, level and post; nothing was stored.',
  GF_ERR_CASE_REPORTER_UNKNOWN: 'The reporting person is not in the tenant.',
  GF_ERR_CASE_NOT_FOUND: 'No case has this id in the tenant.',
  GF_ERR_CASE_BY_OPERATIONS_ONLY: "The task or process instance runs a case: its steps and its instance change only through the case operations (POST /cases/:id/<operation>), which record who did what; details name the case.",
  GF_ERR_FORM_INVALID: "The submitted values do not match the form's JSON Schema; details are ajv's errors (instancePath as a JSON pointer into the values, keyword, params) with the message in Chinese and English. Nothing was stored.",
  GF_ERR_FORM_NOT_FOUND: 'No form has this key in the tenant (its pack, as of the version asked, or its plugins).',
  GF_ERR_FORM_MISSING: "A step or item names a form the tenant's pack and plugins do not have; deploy a pack with it. Nothing was stored.",
  GF_ERR_IDEMPOTENCY_KEY_REUSED: 'The Idempotency-Key was used before by the same user with a different request; nothing was changed.',
  GF_ERR_IDEMPOTENCY_IN_PROGRESS: 'A request with the same Idempotency-Key is still being answered; send it again shortly to get its answer.',
  GF_ERR_ATTACHMENT_TYPE: "The file's content is not of a type the tenant takes (decided from its first bytes, not its name), or does not decode as the image it starts as.",
  GF_ERR_ATTACHMENT_TOO_LARGE: 'The file is larger than the tenant takes (10 MB unless its pack says otherwise).',
  GF_ERR_ATTACHMENT_NOT_FOUND: 'No attachment has this id for the caller (unknown, or of a case they may not read).',
  GF_ERR_ATTACHMENT_UNKNOWN: 'A report or step names an attachment id the caller did not upload in this tenant; details name each by its index.',
  GF_ERR_PLUGIN_REQUEST_INVALID: "A plugin's inbound route refused the request as invalid; the message and details name the field.",
  GF_ERR_PLUGIN_NOT_FOUND: "A plugin's inbound route knows nothing by the id the request names (an order, a case of its partner).",
  GF_ERR_PARTNER_NOT_HANDLING: "A partner's system answered a case that is not with a partner whose system its plugin serves.",
  GF_ERR_DELIVERY_NOT_FOUND: "No delivery of a plugin has this id in the tenant.",
  GF_ERR_DELIVERY_NOT_FAILED: "Only a failed delivery is sent again; this one is pending or delivered (or changed meanwhile).",
  GF_ERR_PLUGIN_CONFLICT: "A plugin's inbound route refused the request in the state its subject is in (an order already closed, say).",
  GF_ERR_CASE_OPERATION_NOT_ALLOWED: "The case's process does not allow this operation now (no open step allows it, or the ladder has no such level); the message says why.",
  GF_ERR_CONFIG_INVALID: 'The configuration file (gridflow.config.json or GRIDFLOW_CONFIG) does not parse or breaks its schema; the server does not start (startup only, never an HTTP answer).',
  GF_ERR_PLUGIN_SERVICE_TAKEN: 'Two plugins register the same service type; the second is refused (startup only, shown in GET /plugins).',
  GF_ERR_PLUGIN_NOT_ENABLED: 'A plugin acted for a tenant that does not enable it (correlating a message, say).',
  GF_ERR_AUTH_INVALID_CREDENTIALS: 'The login or the password is wrong (the same answer for an unknown login).',
  GF_ERR_AUTH_RATE_LIMITED: 'Too many sign-in attempts for this login or from this address; try again after Retry-After seconds.',
  GF_ERR_AUTH_REQUIRED: 'The route needs a signed-in user (Authorization: Bearer <accessToken>) or a service account (X-Api-Key).',
  GF_ERR_AUTH_TOKEN_INVALID: 'The access token, refresh token or API key is malformed, expired, revoked or not this server\'s.',
  GF_ERR_AUTH_TOKEN_REUSED: 'A refresh token was presented again after it was spent: every token of that sign-in is revoked.',
  GF_ERR_AUTH_FORBIDDEN: 'The signed-in user may read this but not do this to it.',
  GF_ERR_AUTH_ACTOR_MISMATCH: 'The body names an actor other than the signed-in user; the actor is always the signed-in user.',
  GF_ERR_AUTH_PASSWORD_WEAK: 'The new password is too short or the same as the login.',
  GF_ERR_AUTH_LOGIN_TAKEN: 'The tenant has a user or service account with this login already.',
  GF_ERR_USER_NOT_FOUND: 'No user or service account has this id in the tenant.',
  GF_ERR_TENANT_NOT_FOUND: 'No tenant of this id is visible to the signed-in user.',
  GF_ERR_RULE_INVALID: 'A rule set version is not one json-rules-engine can run with the facts it may read: an undeclared fact, an unknown operator, a malformed condition, a path that is not a plain dot path. details give a JSON pointer into the body and the reason; nothing was stored.',
  GF_ERR_RULE_SET_NOT_FOUND: 'No rule set has this key in the tenant.',
  GF_ERR_RULE_VERSION_NOT_FOUND: 'The rule set has no version of this number.',
  GF_ERR_RULE_VERSION_STATE: 'The version is not in a state that allows this (only a draft is submitted, only a pending version is approved or rejected); the message names its state.',
  GF_ERR_RULE_SELF_APPROVAL: 'The author of a rule set version may not approve or reject it: a second person decides.',
  GF_ERR_RULE_NOT_APPROVER: 'The signed-in user holds no open step of this version\'s approval (the approval process offers it to other posts).',
  GF_ERR_RULE_NO_APPROVAL_PROCESS: "The tenant's pack deploys no rule-set approval process (processKey in pack.json ruleApproval), so a version cannot be submitted.",
  GF_ERR_RULE_SET_RETIRED: 'The rule set is retired: it decides nothing until a new version of it is approved.',
  GF_ERR_RULE_DECIDE_BY_ROUTE: "The task is a step of a rule set version's approval: it is decided through POST /rule-sets/:key/versions/:version/approve or /reject, which check who decides and record it.",
  GF_ERR_RULE_FACT: 'A fact given to an evaluation has the wrong type for its declaration, or a computed fact failed; details name the fact.',
  GF_ERR_INTERNAL: 'An unexpected fault in the server. Reported with an id; never caused by the request alone.',
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof errorCatalogue;

/**
 * The codes of incidents: what stopped an element instance, answered by GET /incidents and
 * resolved by an operator. Never an HTTP error status.
 */
export const incidentCatalogue = {
  GF_ERR_INCIDENT_JOB_NO_RETRIES: "A service task's job failed with no retries left (or with a failure its handler marked not retryable); resolve to run it again.",
  GF_ERR_INCIDENT_UNCAUGHT_BPMN_ERROR: 'A BPMN error was thrown that no error boundary event or event sub-process catches.',
  GF_ERR_INCIDENT_NO_OUTGOING_FLOW: "A gateway found no outgoing flow whose condition holds and has no default flow.",
  GF_ERR_INCIDENT_EXPRESSION: 'A FEEL expression failed or gave a value of the wrong type at run time (a condition, a mapping, a timer, an assignment).',
  GF_ERR_INCIDENT_LOOP: 'The instance took more steps in one transition than the engine allows (a loop without a wait state).',
  GF_ERR_INCIDENT_RULE: "A business-rule task could not decide: its rule set does not exist, is retired or has no active version, or a fact could not be computed or has the wrong type; resolve after the fix to evaluate again.",
  GF_ERR_INCIDENT_CALL_FAILED: "A call activity's process could not be started (its key is not deployed in the tenant, or it has no none start event).",
} as const satisfies Record<string, string>;

export type IncidentCode = keyof typeof incidentCatalogue;

/** Codes the command line reports on its own, never answered by the server. */
export const clientCatalogue = {
  GF_ERR_CLI_UNEXPECTED_ANSWER: 'The server answered an error without a Gridflow error body (a proxy or another server at that address); the status and the start of the body are shown.',
} as const satisfies Record<string, string>;
