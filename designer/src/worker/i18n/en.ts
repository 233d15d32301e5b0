import type zhCN from './zh-CN';

/** English: the same keys as the Chinese. */
const en: typeof zhCN = {
  app: { title: 'Grid worker' },
  tab: { tasks: 'Tasks', report: 'Report', me: 'Me' },
  signIn: {
    title: 'Grid service management', subtitle: 'Grid worker sign-in', tenant: 'Tenant', login: 'Login', password: 'Password',
    loginPlaceholder: 'Your login (person id)', passwordPlaceholder: 'Your password', submit: 'Sign in', required: '{field} is required',
  },
  tasks: {
    mine: 'My tasks', queue: 'Grid queue', empty: 'No tasks', claim: 'Claim', claimed: 'Claimed', loading: 'Loading…', noMore: 'No more',
    pulling: 'Pull to refresh', loosing: 'Release to refresh', due: 'Due {time}', noDue: 'No time limit', created: 'Sent {time}', caseOf: 'Case {code}',
  },
  sla: { blue: 'On time', yellow: 'Due soon', red: 'Overdue' },
  detail: {
    title: 'Task', case: 'Case', item: 'Item', description: 'Description', place: 'Place', grid: 'Grid', state: 'State', due: 'Due',
    timeline: 'Timeline', photos: 'Photos', form: 'Work', submit: 'Submit', submitted: 'Submitted', noForm: 'This task has no form', formUnavailable: 'The form cannot be loaded: {reason}',
    notAStep: 'This task is not a step of a case', operations: 'Other operations', notOpen: 'This task is no longer open',
  },
  operation: {
    report: 'Reported', handle: 'Handle', verify: 'Verify', callback: 'Call back', 'extension-decision': 'Decide extension', escalate: 'Escalate', return: 'Return',
    transfer: 'Transfer', joint: 'Joint handling', withdraw: 'Send back to the hotline', 'extension-request': 'Ask for more time', urge: 'Urge', supervise: 'Supervise', park: 'Park', defer: 'Defer', resume: 'Resume', triage: 'Triage', reopen: 'Reopened',
    reason: 'Reason', reasonPlaceholder: 'Say why', days: 'Days (working days)', toPost: 'To post', toGridId: 'To grid', letter: 'Supervision letter',
    partners: 'Departments and partners', partnersAtLeastTwo: 'Choose at least two departments or partners', noPartners: 'No department or partner here takes this item',
    toAuthority: 'Straight to the level with the authority', submit: 'OK', done: '{operation}: sent', required: '{field} is required',
  },
  step: { 'joint-handle': 'Joint handling', handle: 'Handling', verify: 'Verification', callback: 'Call-back', 'extension-decision': 'Extension decision', 'approve-extension': 'Extension decision' },
  timeline: {
    'step-opened': '{step}: waiting', 'step-completed': '{step}: done', 'rule-decision': 'Rule decision', system: 'System', empty: 'Nothing yet',
    triageLevel: 'Sent to the {level} level', triageHours: 'first time limit {hours} working hours', overdueEscalated: 'Time limit at the {from} level expired: escalated to {to}', overdueUrged: 'Time limit expired: urged',
  },
  caseState: { open: 'Open', escalated: 'Escalated', handled: 'Handled', closed: 'Closed', parked: 'Parked', deferred: 'Deferred', withdrawn: 'Sent back to the hotline' },
  level: { grid: 'Grid', community: 'Community', street: 'Street', district: 'District', city: 'City', department: 'Department' },
  report: {
    title: 'Report an event', item: 'Item', itemPlaceholder: 'Choose the item', search: 'Search by name or pinyin initials', description: 'Description',
    descriptionPlaceholder: 'What is happening', photos: 'Photos', location: 'Place', locate: 'Use my location', locating: 'Locating…',
    locateFailed: 'No location: {reason}. Type the coordinates or choose the grid', lng: 'Lng', lat: 'Lat', grid: 'Grid', gridPlaceholder: 'From the place, or choose',
    outside: 'This place is in no grid', more: 'More about it', submit: 'Report', submitted: 'Reported', newCase: 'New case', progress: 'Progress', again: 'Report another',
    toTasks: 'Back to tasks', required: '{field} is required',
  },
  outbox: {
    title: 'Waiting to send', waiting: 'Waiting', sending: 'Sending', failed: 'Refused', none: 'None', empty: 'Nothing waits to be sent',
    banner: '{count} waiting; sent when the network is back', bannerFailed: '{count} waiting, {failed} refused: please check', sent: '{count} sent',
    kept: 'Kept on the phone; sent when the network is back', sendNow: 'Send now', fix: 'Fix', discard: 'Discard', openTask: 'Open the task',
    discardConfirm: 'Discarded, this will never be sent. Discard it?', madeAt: 'Made {time}', location: 'At {lng}, {lat}', photos: '{count} photos',
    attempts: '{count} attempts', report: 'Report', completion: 'Work',
    signOutWaiting: '{count} waiting: they are sent after this account signs in again. Sign out?',
    note: 'What you submit without network is kept on this phone and sent in order when the network is back, each done once. Fix a refused one and submit it again, or discard it.',
  },
  offline: { readAt: 'Offline · as read at {time}' },
  reports: { title: 'My reports', empty: 'No reports yet', reportedAt: 'Reported {at}' },
  me: { title: 'Me', posts: 'Posts', language: 'Language / 语言', signOut: 'Sign out', tenant: 'Tenant' },
  error: {
    GF_ERR_AUTH_INVALID_CREDENTIALS: 'Wrong login or password', GF_ERR_AUTH_RATE_LIMITED: 'Too many attempts; try again later',
    GF_ERR_AUTH_REQUIRED: 'Signed out; sign in again', GF_ERR_AUTH_TOKEN_INVALID: 'Signed out; sign in again', GF_ERR_AUTH_TOKEN_REUSED: 'Signed out; sign in again',
    GF_ERR_AUTH_FORBIDDEN: 'Not allowed', GF_ERR_FORM_INVALID: 'Some fields need correcting',
    GF_ERR_CASE_OPERATION_NOT_ALLOWED: 'Not allowed at this step', GF_ERR_CASE_ITEM_UNKNOWN: 'The item is not in the catalogue',
    GF_ERR_GRID_LOCATION_OUTSIDE: 'This place is in no grid', GF_ERR_IDEMPOTENCY_KEY_REUSED: 'A repeated submission differs; submit again',
    GF_ERR_REQUEST_INVALID: 'The request was not accepted', GF_CLIENT_NETWORK: 'No connection; check the network and try again',
    GF_ERR_TASK_NOT_OPEN: 'This task is no longer open', GF_ERR_ATTACHMENT_TYPE: 'This kind of file is not accepted', GF_ERR_ATTACHMENT_TOO_LARGE: 'The photo is too large',
    GF_ERR_ATTACHMENT_UNKNOWN: 'A photo was not uploaded; choose it again', GF_CLIENT_OUTBOX_EXPIRED: 'Not confirmed within 7 days: check it, then submit again or discard', GF_CLIENT_UNEXPECTED: 'What was kept on the phone cannot be read', notFound: 'Not found', generic: 'Failed ({code})',
  },
  board: {
    title: 'Grid board', notFound: 'No such grid', households: '{count} households', staff: 'Who serves this grid', noStaff: 'Nobody listed yet',
    partners: 'Partners (grid + N)', note: 'Call your grid worker, or the 12345 citizen hotline.',
    partnerKind: { police: 'Police beat', property: 'Property management', volunteer: 'Volunteers', socialOrganisation: 'Social organisation', department: 'Department' },
  },
};
export default en;
