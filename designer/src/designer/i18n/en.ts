import type zhCN from './zh-CN';

/** English: the same keys as zh-CN. */
const en: typeof zhCN = {
  app: { title: 'Gridflow designer', processes: 'Processes', signOut: 'Sign out', language: '中文' },
  signIn: {
    title: 'Grid service management', subtitle: 'Designer sign-in', tenant: 'Tenant', login: 'Login', password: 'Password', submit: 'Sign in',
    required: '{field} is required', failed: 'Sign-in failed: {reason}',
  },
  processes: {
    title: 'Processes', create: 'New process', import: 'Import .bpmn', key: 'Process key', name: 'Name', version: 'Version', latest: 'Latest version',
    versions: '{count} versions', open: 'Open', empty: 'No process is deployed yet', loading: 'Loading…',
    newTitle: 'New process', keyHint: 'Starts with a lowercase letter; lowercase letters, digits and hyphens only', keyInvalid: 'This is not a valid process key', keyTaken: 'A process with this key exists',
    cancel: 'Cancel', confirm: 'Create',
  },
  editor: {
    back: 'Back to processes', deploy: 'Deploy', deploying: 'Deploying…', export: 'Export .bpmn', import: 'Import .bpmn', readOnly: 'Read-only: version {version}',
    editLatest: 'Edit the latest version', version: 'Version {version}', draft: 'Not deployed', problems: 'Problems', noProblems: 'No problems',
    errors: '{count} errors', warnings: '{count} warnings', blocked: 'There are errors: fix them before deploying',
    deployed: 'Deployed: {key} version {version}', unchanged: 'Nothing changed: still version {version}', serverProblems: 'The server refused the deployment',
    loadFailed: 'Cannot open the process: {reason}', importFailed: 'Cannot import: {reason}', selectElement: 'Show',
    level: { error: 'Error', warn: 'Warning', info: 'Info', 'rule-error': 'Rule failed' },
    unsaved: 'There are changes that are not deployed. Leave anyway?',
    watch: 'Open work', refresh: 'Refresh', readAt: 'read {time}', incidents: 'Incidents',
  },
  error: {
    network: 'Cannot reach the server', unknown: 'Something went wrong: {message}',
    GF_ERR_AUTH_INVALID_CREDENTIALS: 'Wrong login or password', GF_ERR_AUTH_RATE_LIMITED: 'Too many attempts; try again later',
    GF_ERR_AUTH_REQUIRED: 'The session ended; sign in again', GF_ERR_AUTH_TOKEN_INVALID: 'The session ended; sign in again', GF_ERR_AUTH_TOKEN_REUSED: 'The session ended; sign in again',
    GF_ERR_AUTH_FORBIDDEN: 'You may not do this', GF_ERR_DEPLOYMENT_INVALID: 'The process cannot be deployed: see the problems below', GF_ERR_BPMN_INVALID_XML: 'This is not a valid BPMN file',
    GF_ERR_BPMN_NO_PROCESS: 'The file holds no process',
  },
};
export default en;
