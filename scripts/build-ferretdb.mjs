// Builds the embedded database's wire-protocol server (FerretDB) from the Go module proxy.
//
// Runs from the root `postinstall`. `go install …/ferretdb@v1.24.0` cannot be used: the proxy
// refuses the module's version list, which `go install` reads. So a small module of our own
// (tools/ferretdb) requires FerretDB and builds its command. The binary panics at start without
// build/version/version.txt, which the module zip lacks, hence vendoring and writing that file.
//
// Skipped when MONGODB_URI is set at install time and no embedded server is wanted, or when the
// binary for the pinned version is already built.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION = 'v1.24.0';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const moduleDir = join(root, 'tools', 'ferretdb');
const binary = join(moduleDir, 'bin', 'ferretdb');
const stamp = join(moduleDir, 'bin', 'VERSION');

function log(message) {
  console.log(`[gridflow] ${message}`);
}

function run(command, args) {
  log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: moduleDir,
    stdio: 'inherit',
    env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
  });
  if (result.error?.code === 'ENOENT') {
    fail(`'${command}' was not found. Install Go (1.22 or newer) or set MONGODB_URI to use an existing MongoDB server.`);
  }
  if (result.status !== 0) fail(`'${command} ${args.join(' ')}' exited with ${result.status}.`);
}

function fail(message) {
  console.error(`[gridflow] could not build the embedded database server: ${message}`);
  process.exit(1);
}

if (process.env.GRIDFLOW_SKIP_FERRETDB_BUILD === '1') {
  log('GRIDFLOW_SKIP_FERRETDB_BUILD=1: not building FerretDB');
  process.exit(0);
}
if (existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === VERSION) {
  log(`FerretDB ${VERSION} already built at ${binary}`);
  process.exit(0);
}

const started = Date.now();
log(`building FerretDB ${VERSION} for the embedded database (about a minute on 2 cores)`);
run('go', ['mod', 'download']);
run('go', ['mod', 'vendor']);
const versionFile = join(moduleDir, 'vendor', 'github.com', 'FerretDB', 'FerretDB', 'build', 'version', 'version.txt');
mkdirSync(dirname(versionFile), { recursive: true });
writeFileSync(versionFile, `${VERSION}\n`);
mkdirSync(dirname(binary), { recursive: true });
// GOFLAGS=-mod=mod above is for download/vendor; the build itself must read the vendored tree.
const build = spawnSync('go', ['build', '-mod=vendor', '-trimpath', '-o', binary, 'github.com/FerretDB/FerretDB/cmd/ferretdb'], {
  cwd: moduleDir,
  stdio: 'inherit',
  env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '', CGO_ENABLED: '0' },
});
if (build.status !== 0) fail(`go build exited with ${build.status}.`);
writeFileSync(stamp, `${VERSION}\n`);
log(`FerretDB ${VERSION} built in ${Math.round((Date.now() - started) / 1000)} s: ${binary}`);
