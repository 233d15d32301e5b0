import { clientCatalogue, errorCatalogue, incidentCatalogue, type ErrorCode } from '../errors/catalogue.ts';
import { statusOfCode } from './status-of.ts';

/** docs/errors.md, generated from the catalogue and the statuses (`npm run docs:errors`); a test keeps it current. */
export function errorsMarkdown(): string {
  const rows = (entries: [string, string][], status?: (code: string) => string) =>
    entries.map(([code, description]) => `| \`${code}\` |${status ? ` ${status(code)} |` : ''} ${description} |`).join('\n');
  return `# Error codes

Every code the product uses, generated from \`engine/src/errors/catalogue.ts\` and
\`engine/src/http/status-of.ts\` by \`npm run docs:errors\`. Codes are stable: clients, the UI and tests
rely on the code, never on the message. An error answer is \`{code, message, details}\`; \`details\`
name what is at fault (a field, a JSON pointer into a file, a BPMN element).

## Answered by the API

Each code has one status, with one rule: a "not found" (404) of something a request field names —
its details carry \`field\`, as a case report's \`gridId\` or \`location\` does — is answered 400; a
"not found" of the resource the path addresses stays 404. Codes marked "startup only" stop the
server or refuse a plugin at start and are never an HTTP answer.

| code | status | meaning |
|---|---|---|
${rows(Object.entries(errorCatalogue), (code) => String(statusOfCode[code as ErrorCode]))}

## Incidents

What stopped an element instance, listed by \`GET /api/v1/incidents\` (\`code\`) and resolved with
\`POST /api/v1/incidents/:id/resolve\`.

| code | meaning |
|---|---|
${rows(Object.entries(incidentCatalogue))}

## Command line

| code | meaning |
|---|---|
${rows(Object.entries(clientCatalogue))}
`;
}
