import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ApiError, credentialsOf } from './api-client.ts';
import { deploy } from './deploy.ts';
import { CommandFailure, UsageError, type Output } from './output.ts';
import { simulate } from './simulate.ts';
import { writeProvince } from './generate-province.ts';

const DEFAULT_URL = 'http://127.0.0.1:3000';

const usage = `gridflow: drive a Gridflow server from the shell

usage:
  gridflow deploy <folder> [--tenant T] [--url U]
      deploy a pack folder (e.g. definitions/tcity) to a tenant
  gridflow generate-province --out <folder> [--seed S] [--scale X]
      write a province-sized pack (Zhejiang's six levels: 61,000 grids, 330,000 grid
      workers at scale 1) to a folder, for gridflow deploy; the same seed, the same pack
  gridflow simulate --pack <name> [--cases N] [--seed S] [--rounds R] [--tenant T] [--url U]
      deploy definitions/<name>, report N cases and let the pack's people work them
      through the case routes; prints the figures by street at the end

options:
  --tenant T   the tenant (default: default)
  --url U      the server (default: $GRIDFLOW_URL or ${DEFAULT_URL})
  --cases N    cases to report (default: 50; --events N is the older spelling)
  --seed S     seed of the simulation's random choices (default: a new one, printed at the end)
  --rounds R   the most rounds to run (default: 60)
  -h, --help   this text

signing in (from the environment):
  GRIDFLOW_API_KEY                 a service account's key, or
  GRIDFLOW_LOGIN, GRIDFLOW_PASSWORD  a user of tenant GRIDFLOW_LOGIN_TENANT (default: admin of default;
                                   the password falls back to GRIDFLOW_ADMIN_PASSWORD)
  GRIDFLOW_DEMO_PASSWORD           simulate acts as each person of the pack with it

exit status: 0 done, 1 failed (the server's answer is printed), 2 wrong usage`;

const common = {
  tenant: { type: 'string', default: 'default' },
  url: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

export interface Io {
  out: Output;
  err: Output;
  env?: Record<string, string | undefined>;
}

/** Runs one command line (without `node gridflow`) and answers its exit status; never throws. */
export async function run(argv: string[], io: Io = { out: process.stdout, err: process.stderr, env: process.env }): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined) {
      io.err.write(`${usage}\n`);
      return 2;
    }
    if (command === 'help' || command === '--help' || command === '-h') return help(io);
    switch (command) {
      case 'deploy':
        return await runDeploy(rest, io);
      case 'simulate':
        return await runSimulate(rest, io);
      case 'generate-province':
        return runGenerateProvince(rest, io);
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    return report(error, io.err);
  }
}

async function runDeploy(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, common);
  if (values.help) return help(io);
  const [folder, ...extra] = positionals;
  if (folder === undefined) throw new UsageError('deploy needs the pack folder, e.g. gridflow deploy definitions/tcity');
  if (extra.length > 0) throw new UsageError(`deploy takes one folder, not also '${extra.join(' ')}'`);
  await deploy({ folder, tenantId: values.tenant, url: urlOf(values.url, io), credentials: credentialsOf(io.env ?? {}), out: io.out });
  return 0;
}

function runGenerateProvince(argv: string[], io: Io): number {
  const { values, positionals } = parse(argv, { help: common.help, out: { type: 'string' }, seed: { type: 'string', default: '1' }, scale: { type: 'string', default: '1' } });
  if (values.help) return help(io);
  if (positionals.length > 0) throw new UsageError(`generate-province takes no arguments, only options (got '${positionals.join(' ')}')`);
  if (values.out === undefined) throw new UsageError('generate-province needs --out, the folder to write the pack to');
  const scale = Number(values.scale);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1) throw new UsageError(`--scale must be a number above 0 and at most 1, not '${values.scale}'`);
  writeProvince({ folder: values.out, seed: values.seed, scale, out: io.out });
  return 0;
}

async function runSimulate(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    ...common,
    pack: { type: 'string' },
    cases: { type: 'string' },
    events: { type: 'string' },
    seed: { type: 'string' },
    rounds: { type: 'string', default: '60' },
  });
  if (values.help) return help(io);
  if (positionals.length > 0) throw new UsageError(`simulate takes no arguments, only options (got '${positionals.join(' ')}')`);
  if (values.pack === undefined) throw new UsageError('simulate needs --pack, e.g. --pack tcity');
  if (!/^[a-z0-9-]+$/.test(values.pack)) throw new UsageError(`--pack '${values.pack}' is not a pack name (lower-case letters, digits, dashes)`);
  await simulate({
    pack: values.pack,
    cases: values.cases !== undefined ? count('--cases', values.cases, 10_000) : count('--events', values.events ?? '50', 10_000),
    rounds: count('--rounds', values.rounds, 10_000),
    seed: values.seed ?? String(Date.now() % 1_000_000),
    tenantId: values.tenant,
    url: urlOf(values.url, io),
    credentials: credentialsOf(io.env ?? {}),
    out: io.out,
    err: io.err,
  });
  return 0;
}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function help(io: Io): number {
  io.out.write(`${usage}\n`);
  return 0;
}

function count(option: string, text: string, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new UsageError(`${option} must be a whole number from 1 to ${max}, not '${text}'`);
  return value;
}

function urlOf(given: string | undefined, io: Io): string {
  const url = given ?? io.env?.GRIDFLOW_URL ?? DEFAULT_URL;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url '${url}' is not a URL (e.g. ${DEFAULT_URL})`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`--url '${url}' is not an http(s) URL`);
  return url;
}

/** Prints what went wrong and answers the exit status: 2 for usage, 1 for everything else. */
function report(error: unknown, err: Output): number {
  if (error instanceof UsageError) {
    err.write(`gridflow: ${error.message}\nrun 'gridflow --help' for usage\n`);
    return 2;
  }
  if (error instanceof ApiError) {
    err.write(`gridflow: ${error.describe().join('\n')}\n`);
    return 1;
  }
  if (error instanceof CommandFailure) {
    err.write(`gridflow: ${error.message}\n`);
    return 1;
  }
  err.write(`gridflow: unexpected failure: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  return 1;
}
