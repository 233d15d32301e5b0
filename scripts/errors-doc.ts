import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../engine/src/config.ts';
import { errorsMarkdown } from '../engine/src/http/errors-doc.ts';

/** `npm run docs:errors`: writes docs/errors.md from the error catalogue. */
writeFileSync(join(projectRoot, 'docs', 'errors.md'), errorsMarkdown());
console.log('wrote docs/errors.md');
