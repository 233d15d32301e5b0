import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../engine/src/config.ts';

/** The layer rules of eslint.layers.js, as `npm run lint` applies them to a file at that path. */
async function restrictedImports(file: string, source: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: projectRoot });
  const [result] = await eslint.lintText(source, { filePath: join(projectRoot, file) });
  return (result?.messages ?? []).filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports').map((message) => message.message);
}

describe('the layer rules', () => {
  it('should refuse an import that leaves the core, at any depth, and any impure package in it', async () => {
    expect(await restrictedImports('engine/src/core/probe.ts', "import type { Store } from '../store/store.ts';\nexport type X = Store;\n"))
      .toEqual([expect.stringContaining('engine/src/core may import only errors')]);
    expect(await restrictedImports('engine/src/core/behaviours/tasks/probe.ts', "import type { CaseDoc } from '../../../cases/case-doc.ts';\nexport type X = CaseDoc;\n"))
      .toHaveLength(1);
    expect(await restrictedImports('engine/src/core/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"))
      .toEqual([expect.stringContaining('the execution core is pure')]);
  });

  it('should let the core import itself and the error catalogue', async () => {
    expect(await restrictedImports('engine/src/core/behaviours/probe.ts', "import type { ErrorCode } from '../../errors/catalogue.ts';\nimport type { Token } from '../state.ts';\nexport type X = [ErrorCode, Token];\n"))
      .toEqual([]);
  });

  it('should refuse a lower layer importing a higher one', async () => {
    expect(await restrictedImports('engine/src/service/probe.ts', "import type { CaseService } from '../cases/case-service.ts';\nexport type X = CaseService;\n"))
      .toEqual([expect.stringContaining('engine/src/service may import only')]);
    expect(await restrictedImports('engine/src/packs/probe.ts', "import type { CaseService } from '../cases/case-service.ts';\nexport type X = CaseService;\n"))
      .toHaveLength(1);
    expect(await restrictedImports('engine/src/org/probe.ts', "import type { PackService } from '../packs/pack-service.ts';\nexport type X = PackService;\n"))
      .toHaveLength(1);
  });

  it('should keep the database driver inside store/ and db/', async () => {
    expect(await restrictedImports('engine/src/service/probe.ts', "import type { Filter } from 'mongodb';\nexport type X = Filter<object>;\n"))
      .toEqual([expect.stringContaining('the database driver is used only in store/ and db/')]);
    expect(await restrictedImports('engine/src/store/probe.ts', "import type { Filter } from 'mongodb';\nexport type X = Filter<object>;\n")).toEqual([]);
  });

  it('should let the HTTP edge use the engine\'s type but not the composition root itself', async () => {
    expect(await restrictedImports('engine/src/http/routes/probe.ts', "import type { GridflowEngine } from '../../compose.ts';\nexport type X = GridflowEngine;\n")).toEqual([]);
    expect(await restrictedImports('engine/src/http/routes/probe.ts', "import { createEngine } from '../../compose.ts';\nexport const x = createEngine;\n"))
      .toEqual([expect.stringContaining('not the composition root itself')]);
  });
});
