import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../engine/src/config.ts';
import { clientCatalogue, errorCatalogue, incidentCatalogue } from '../../engine/src/errors/catalogue.ts';
import { errorsMarkdown } from '../../engine/src/http/errors-doc.ts';

/** Every source file that may name a code: the engine, the plugin API and the plugins. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules') return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs|js|vue)$/.test(entry.name) ? [path] : [];
  });
}

describe('the error catalogue', () => {
  it('should declare every GF_ERR_ code the source uses', () => {
    // given
    const declared = new Set([...Object.keys(errorCatalogue), ...Object.keys(incidentCatalogue), ...Object.keys(clientCatalogue)]);
    const roots = ['engine/src', 'engine/plugin-api/src', 'engine/bench', 'plugins'].map((root) => join(projectRoot, root));

    // when
    const undeclared = roots.flatMap((root) => { try { return sourceFiles(root); } catch { return []; } })
      .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/GF_ERR_[A-Z0-9_]+/g)]
        .filter((match) => !declared.has(match[0]))
        .map((match) => `${relative(projectRoot, file)}: ${match[0]}`));

    // then
    expect(undeclared).toEqual([]);
  });

  it('should have docs/errors.md list every code as the catalogue says (npm run docs:errors)', () => {
    expect(readFileSync(join(projectRoot, 'docs', 'errors.md'), 'utf8')).toBe(errorsMarkdown());
  });
});
