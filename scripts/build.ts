/**
 * The production build (`npm run build`, the Dockerfile's build stage): SID's processes compiled to
 * JavaScript, and the workflow code bundled once, so that a production image needs neither tsx nor
 * TypeScript nor any other devDependency, and a worker starts without bundling at start-up.
 *
 *   dist/server/api.js              the API (src/api/server.ts); serves dist/web
 *   dist/server/worker.js           the worker (src/worker.ts); runs dist/server/workflow-bundle.js
 *   dist/server/vendor-sim.js       the demo vendor simulator (src/vendor-sim/main.ts)
 *   dist/server/setup-database.js   schema, migrations and demo seed (scripts/setup-database.ts)
 *   dist/server/migrate-blobs.js    an older stack's blob folder into PostgreSQL (scripts/migrate-blobs.ts)
 *   dist/server/migrations/         db/migrations, which the compiled migrator reads beside itself
 *   dist/server/workflow-bundle.js  @temporalio/worker's bundleWorkflowCode over src/workflows
 *
 * Each entry is one ES module with SID's own code inlined and every npm package left as an import
 * (resolved from node_modules at run time, so `npm ci --omit=dev` is enough); `npm run build`
 * fails if an entry imports a package that is only a devDependency. The web app is built
 * separately (`npm run build:web`, into dist/web).
 *
 *   tsx scripts/build.ts [--outdir dist/server]
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { build, type Plugin } from 'esbuild';

const repo = fileURLToPath(new URL('..', import.meta.url));

export const SERVER_ENTRIES = {
  api: 'src/api/server.ts',
  worker: 'src/worker.ts',
  'vendor-sim': 'src/vendor-sim/main.ts',
  'setup-database': 'scripts/setup-database.ts',
  'migrate-blobs': 'scripts/migrate-blobs.ts',
} as const;

export const WORKFLOW_BUNDLE_FILE = 'workflow-bundle.js';

/**
 * Modules that are scripts of their own too end in `if (fileURLToPath(import.meta.url) ===
 * process.argv[1]) { … }`. Inlined into another entry's bundle, `import.meta.url` is that entry's
 * file, and the block would run there as well (db/migrate.ts's migration inside setup-database):
 * the check is kept only in the module the bundle is built from.
 */
function onlyTheEntryRunsAsMain(entryFiles: Set<string>): Plugin {
  const check = 'fileURLToPath(import.meta.url) === process.argv[1]';
  return {
    name: 'sid-only-entry-is-main',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes('/node_modules/') || entryFiles.has(args.path)) return undefined;
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes(check)) return undefined;
        return { contents: source.replaceAll(check, 'false'), loader: 'ts' };
      });
    },
  };
}

/** Bare specifiers an output imports, as esbuild's metafile records them: `pkg` or `@scope/pkg`. */
function packagesImported(metafile: { outputs: Record<string, { imports: { path: string; external?: boolean }[] }> }): Set<string> {
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
  const names = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) {
      if (!imported.external || builtins.has(imported.path) || imported.path.startsWith('node:')) continue;
      const parts = imported.path.split('/');
      names.add(imported.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
    }
  }
  return names;
}

export async function buildServer(outdir = join(repo, 'dist/server')): Promise<{ outdir: string; packages: string[]; workflowBundleBytes: number }> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const entryFiles = new Set(Object.values(SERVER_ENTRIES).map((f) => join(repo, f)));
  const result = await build({
    absWorkingDir: repo,
    entryPoints: Object.fromEntries(Object.entries(SERVER_ENTRIES).map(([out, file]) => [out, join(repo, file)])),
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // The project's floor (package.json engines); the image runs Node 24.
    target: 'node20.19',
    packages: 'external',
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [onlyTheEntryRunsAsMain(entryFiles)],
  });

  const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const packages = [...packagesImported(result.metafile)].sort();
  const notProduction = packages.filter((p) => !(p in manifest.dependencies));
  if (notProduction.length > 0) {
    throw new Error(`the compiled server imports packages that are not production dependencies (move them to "dependencies" in package.json): ${notProduction.join(', ')}`);
  }

  // db/migrate.ts finds its SQL files beside itself (new URL('./migrations', import.meta.url)).
  cpSync(join(repo, 'db/migrations'), join(outdir, 'migrations'), { recursive: true });

  const bundle = await bundleWorkflowCode({
    workflowsPath: join(repo, 'src/workflows/index.ts'),
    logger: { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} } as never,
  });
  writeFileSync(join(outdir, WORKFLOW_BUNDLE_FILE), bundle.code);
  return { outdir, packages, workflowBundleBytes: Buffer.byteLength(bundle.code) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf('--outdir');
  const outdir = at > 0 && process.argv[at + 1] ? resolve(process.argv[at + 1]!) : undefined;
  const started = Date.now();
  const built = await buildServer(outdir);
  console.log(
    `server built into ${relative(process.cwd(), built.outdir) || '.'} in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
      `(workflow bundle ${(built.workflowBundleBytes / 1024).toFixed(0)} KiB; packages imported: ${built.packages.length})`,
  );
}
