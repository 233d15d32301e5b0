import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { cpus, totalmem, platform, release } from 'node:os';
import { dirname, join } from 'node:path';
import { projectRoot } from '../src/config.ts';

const reportFile = join(projectRoot, 'docs', 'benchmarks.md');
const header = `# Benchmarks

Written by \`npm run bench\`; each section is replaced by the run that measured it. Targets live here,
never in tests.
`;

export function machineLine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}, Node ${process.version}`;
}

/** Replaces (or appends) the section `id` of docs/benchmarks.md, keeping the other benchmarks' sections. */
export async function writeSection(id: string, markdown: string): Promise<void> {
  const start = `<!-- bench:${id} -->`;
  const end = `<!-- /bench:${id} -->`;
  const current = await readFile(reportFile, 'utf8').catch(() => header);
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next = from >= 0 && to > from ? current.slice(0, from) + block + current.slice(to + end.length) : `${current.trimEnd()}\n\n${block}\n`;
  await mkdir(dirname(reportFile), { recursive: true });
  await writeFile(reportFile, next);
}
