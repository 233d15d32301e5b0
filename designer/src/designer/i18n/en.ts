import type zhCN from './zh-CN';

/** English: the same keys as zh-CN. */
const en: typeof zhCN = {
  app: { title: 'Gridflow designer', processes: 'Processes', catalogue: 'Item catalogue', rules: 'Rules', dashboard: 'Dashboard', forms: 'Forms', posts: 'Posts', people: 'People', signOut: 'Sign out', language: '中文' },
  signIn: {
    title: 'Grid service management', subtitle: 'Designer sign-in', tenant: 'Tenant', login: 'Login', password: 'Password', submit: 'Sign in',
    required: '{field} is required', failed: 'Sign-in failed: {reason}',
  },
  processes: {
    title: 'Processes', create: 'New process', import: 'Import .bpmn', key: 'Process key', name: 'Name', version: 'Version', latest: 'Latest version',
    versions: '{count} versions', open: 'Open', empty: 'No process is deployed yet', loading: 'Loading…',
    newTitle: 'New process', keyHint: 'Starts with a lowercase letter; lowercase letters, digits and hyphens only', keyInvalid: 'This is not a valid process key', keyTaken: 'A process with this key exists',
    cancel: 'Cancel', confirm: 'Create', createChain: 'Create as an approval chain',
  },
  editor: {
    back: 'Back to processes', deploy: 'Deploy', deploying: 'Deploying…', export: 'Export .bpmn', import: 'Import .bpmn', readOnly: 'Read-only: version {version}',
    editLatest: 'Edit the latest version', version: 'Version {version}', draft: 'Not deployed', problems: 'Problems', noProblems: 'No problems',
    errors: '{count} errors', warnings: '{count} warnings', blocked: 'There are errors: fix them before deploying',
    deployed: 'Deployed: {key} version {version}', unchanged: 'Nothing changed: still version {version}', serverProblems: 'The server refused the deployment',
    loadFailed: 'Cannot open the process: {reason}', importFailed: 'Cannot import: {reason}', selectElement: 'Show',
    level: { error: 'Error', warn: 'Warning', info: 'Info', 'rule-error': 'Rule failed' },
    unsaved: 'There are changes that are not deployed. Leave anyway?',
    compare: 'Compare versions', compareRun: 'Compare', noDifference: 'The two versions have the same elements', change: { added: 'Added', removed: 'Removed', changed: 'Changed' },
    importWarnings: '{count} parts of the file could not be read (an export will lack them)',
    watch: 'Open work', refresh: 'Refresh', readAt: 'read {time}', incidents: 'Incidents',
  },
  rules: {
    title: 'Rule sets', empty: 'No rule sets', name: 'Name', key: 'Key', active: 'Active version', description: 'Description', none: 'none', back: 'Back to rule sets',
    activeVersion: 'Active: version {version}', newDraft: 'New draft', status: 'Status', author: 'Author', comment: 'Why', createdAt: 'Drafted',
    statusName: { draft: 'Draft', pending: 'Pending', approved: 'Approved', active: 'Active', superseded: 'Superseded', rejected: 'Rejected', retired: 'Retired' },
    diff: 'Diff', diffTitle: 'Version {from} → version {to}', noChange: 'No rule changed', approve: 'Approve', reject: 'Reject',
    approveComment: 'Your comment', rejectComment: 'Why it is rejected', agreed: 'Agreed', approved: 'Version {version} approved and active', rejected: 'Version {version} rejected',
    editingTitle: 'Editing a draft (from the active version)', commentPlaceholder: 'Why the rules change (required; the approver reads it)', commentRequired: 'Say why the rules change', saveDraft: 'Save draft',
    saved: 'Saved as draft version {version}', toolsTitle: 'Draft version {version}: try, dry-run, submit', evaluateTitle: 'Try on facts', evaluate: 'Try',
    fired: 'Rules that fired: {rules}', dryRunTitle: 'Dry-run on past cases', dryRun: 'Dry-run (last 100 cases)', dryRunSummary: '{evaluated} evaluated, {changed} decided differently',
    case: 'Case', before: 'Decided then', after: 'Would decide', submit: 'Submit for approval', submitted: 'Version {version} submitted for approval',
    formView: 'Form', count: '{count} rules', addRule: 'Add rule', removeRule: 'Remove rule', priority: 'Priority', when: 'When', then: 'Then',
    eventType: 'Event type', addParam: 'Add param', remove: 'Remove', all: 'All of', any: 'Any of', addCondition: 'Add condition', addGroup: 'Add group',
    removeGroup: 'Remove group', newRuleName: 'New rule {n}', jsonNotList: 'Expected a list of rules [ … ]', jsonInvalid: 'The JSON is wrong: {reason}',
    operator: {
      equal: 'equals', notEqual: 'does not equal', in: 'is one of', notIn: 'is none of', contains: 'contains', doesNotContain: 'does not contain',
      lessThan: 'less than', lessThanInclusive: 'at most', greaterThan: 'greater than', greaterThanInclusive: 'at least',
    },
    fact: {
      gridLevel: 'Grid level', gridKind: 'Grid kind', itemCategory: 'Item category', workingDay: 'Working day', workingHour: 'Working hours',
      hourOfDay: 'Hour of day', repeatReports: 'Repeat reports', handlerLoad: 'Handler load',
    },
  },
  catalogue: {
    title: 'Item catalogue', packVersion: '{name} version {version}', dirty: 'Changes not deployed', exportZip: 'Export pack .zip', deploy: 'Deploy pack',
    code: 'Code', name: 'Item', category: 'Category', authority: 'Authority', timeLimits: 'Time limits by level', edit: 'Edit', inGrid: 'Handled in the grid',
    fromLevel: 'Starts at', form: 'Handling form', duty: 'Duty', addLimit: 'Add a level', keep: 'OK', deployed: 'Pack version {version} deployed',
    refused: 'The server refused the pack: {count} problems, shown in red',
    changedMeanwhile: 'Someone else deployed version {version} of the pack meanwhile; this change was not deployed: reload and make it again on the latest version',
    level: { grid: 'Grid', community: 'Community', street: 'Street', district: 'District', city: 'City', department: 'Department' },
    unit: { workingHours: 'working hours', workingDays: 'working days', hours: 'hours', days: 'days' },
  },
  dashboard: {
    title: 'Cases dashboard', byLevel: 'By {level}', weeks: 'Last {count} weeks', reported: 'Reported', closedOnTime: 'Closed on time', escalated: 'Escalated', open: 'Open', overdue: 'Overdue',
    rework: 'Rework', inGridRate: 'In-grid rate', onTimeRate: 'On-time rate', reworkRate: 'Rework rate', satisfiedRate: 'Satisfied', hotline: '12345 rates (response/resolution/satisfaction)',
    countsTitle: 'Cases per grid', ratesTitle: 'Quality per grid', trendTitle: 'By week (all grids)', riskTitle: 'Risk colours of the grids', noBoundaries: 'The grids of this level have no boundaries',
    table: 'Data table', grid: 'Grid', showCases: 'Show cases',
    casesOf: '{name}: {count} cases', caseCode: 'Case',
    state: { open: 'Open', closed: 'Closed', parked: 'Parked', deferred: 'Deferred', escalated: 'Escalated', handled: 'Handled', withdrawn: 'Sent back to the hotline' },
    level: 'Level now',
  },
  forms: {
    title: 'Forms', changed: 'changed', part: { schema: 'Fields (JSON Schema)', uiSchema: 'Layout (UI schema)', i18n: 'English' },
    titleZh: 'Chinese title', titleEn: 'English title', preview: "Phone preview (the worker app's renderers)", trySubmit: 'Try submitting', previewState: 'Errors in the preview: {errors}',
    refused: 'The server refused the pack: {count} problems',
  },
  chain: {
    title: 'New approval chain', order: 'Order', step: 'Step', post: 'Post', level: 'Level', limit: 'Time limit', form: 'Approval form', addStep: 'Add a step',
    generate: 'Make the process and open it', stepName: 'Approval {n}', hint: 'Each step is approved by the post at its level; approved goes on, refused ends the chain. Check and deploy it in the modeler.',
  },
  instance: {
    back: 'Back', visited: 'passed', active: 'here now', openSteps: 'Open steps and what they allow', incidents: 'Incidents', variables: 'Variables', name: 'Name', value: 'Value',
    history: 'History', decision: 'Rule set {ruleSet} version {version}: {fired}', instances: 'Open instances', open: 'Open', none: 'No open instances',
    state: { active: 'Active', completed: 'Completed', terminated: 'Terminated', cancelled: 'Cancelled' },
    operation: {
      handle: 'Handle', verify: 'Verify', callback: 'Call back', escalate: 'Escalate', return: 'Return', transfer: 'Transfer', joint: 'Joint handling', withdraw: 'Send back to the hotline', 'extension-request': 'Request extension',
      'extension-decision': 'Decide extension', park: 'Park', defer: 'Defer', resume: 'Resume', urge: 'Urge', supervise: 'Supervise',
    },
  },
  posts: {
    title: 'Posts', name: 'Post', kindLabel: 'Kind', levels: 'Held at', add: 'Add a post', codePlaceholder: 'Post code (a letter first, like assistant)',
    codeInvalid: 'A code starts with a lowercase letter and holds letters and digits only', codeTaken: 'A post has this code',
    kind: {
      leader: 'Grid leader', fullTime: 'Full-time worker', professional: 'Professional worker', partTime: 'Part-time worker', volunteer: 'Volunteer', instructor: 'Instructor',
      buildingHead: 'Building head', dispatcher: 'Dispatcher', departmentHandler: 'Department handler', policy: 'Policy staff', approver: 'Approver', supervision: 'Supervision', selfManagement: 'Self-management committee',
    },
  },
  people: {
    title: 'People', filter: 'Filter by name, id or grid', add: 'Add a person', id: 'Id', name: 'Name', posts: 'Posts held', post: 'Post',
  },
  error: {
    GF_ERR_TENANT_NO_PACK: 'The tenant has no pack deployed', GF_ERR_RULE_SELF_APPROVAL: 'You may not approve a version you drafted', GF_ERR_RULE_INVALID: 'The rules are wrong: see each problem',
    GF_ERR_RULE_VERSION_STATE: 'This version cannot do that now (submitted, decided or rejected already)', GF_ERR_PACK_INVALID: 'The pack is wrong: see each problem', GF_ERR_DEPLOYMENT_NOT_FOUND: 'No such deployment',
    GF_ERR_INSTANCE_NOT_FOUND: 'No such process instance', GF_ERR_RULE_SET_NOT_FOUND: 'No such rule set',
    network: 'Cannot reach the server', unknown: 'Something went wrong: {message}',
    GF_ERR_AUTH_INVALID_CREDENTIALS: 'Wrong login or password', GF_ERR_AUTH_RATE_LIMITED: 'Too many attempts; try again later',
    GF_ERR_AUTH_REQUIRED: 'The session ended; sign in again', GF_ERR_AUTH_TOKEN_INVALID: 'The session ended; sign in again', GF_ERR_AUTH_TOKEN_REUSED: 'The session ended; sign in again',
    GF_ERR_AUTH_FORBIDDEN: 'You may not do this', GF_ERR_DEPLOYMENT_INVALID: 'The process cannot be deployed: see the problems below', GF_ERR_BPMN_INVALID_XML: 'This is not a valid BPMN file',
    GF_ERR_BPMN_NO_PROCESS: 'The file holds no process',
    GF_ERR_PACK_FILES_NOT_KEPT: 'This pack version was deployed before its files were kept: deploy its folder once more',
  },
};
export default en;
