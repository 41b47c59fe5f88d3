import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { devServerArgs, searchAttributeFlags } from '../../temporal-config/dev-server';

// The search attributes are declared once in code; the docker-compose script repeats them in
// shell. This keeps the two from drifting apart.
describe('Temporal search attributes', () => {
  const fromCode = searchAttributeFlags().filter((_, i) => i % 2 === 1).sort();

  it('are registered the same way by the docker-compose set-up script', () => {
    const script = readFileSync('temporal-config/register-search-attributes.sh', 'utf8');
    const list = /for attribute in ([^;]+);/.exec(script)![1]!.trim().split(/\s+/).sort();
    expect(list).toEqual(fromCode);
  });

  it('are passed to the dev server with their types', () => {
    expect(fromCode).toEqual(['DealerId=Keyword', 'OrderNumber=Keyword', 'OrderStatus=Keyword', 'SettlementScheme=Keyword', 'VendorCodes=KeywordList']);
    const args = devServerArgs({ dbFilename: '/tmp/t.db', port: 7233, uiPort: 8233 });
    expect(args.slice(0, 4)).toEqual(['server', 'start-dev', '--db-filename', '/tmp/t.db']);
    expect(args.filter((a) => a === '--search-attribute')).toHaveLength(5);
  });
});

// Issue 19, point 8: the containers run in production mode, so the session cookie is Secure.
describe('production mode in the containers', () => {
  it('the Dockerfile and docker-compose.yml set NODE_ENV=production', () => {
    expect(readFileSync('Dockerfile', 'utf8')).toMatch(/^ENV NODE_ENV=production$/m);
    expect(readFileSync('docker-compose.yml', 'utf8')).toMatch(/^ {2}NODE_ENV: production$/m);
  });
});

// Anyone who reaches Temporal's frontend or UI can start and signal workflows (issue 19, point 3).
describe('docker-compose publishes Temporal to no one', () => {
  const compose = readFileSync('docker-compose.yml', 'utf8');
  /** The lines of one service's block. */
  const service = (name: string) => {
    const start = compose.indexOf(`\n  ${name}:\n`);
    expect(start, name).toBeGreaterThan(-1);
    const rest = compose.slice(start + 1);
    const end = rest.slice(1).search(/\n  [a-z][a-z0-9-]*:\n|\nvolumes:/);
    return rest.slice(0, end === -1 ? undefined : end + 1);
  };
  const published = (block: string) => [...block.matchAll(/^\s+-\s+"?([^"\n]+)"?$/gm)].map((m) => m[1]!).filter((p) => /^[\d.:]+$/.test(p) && p.includes(':'));

  it('the frontend is not published at all, and the UI only on 127.0.0.1', () => {
    expect(service('temporal')).not.toMatch(/\bports:/);
    const ui = published(service('temporal-ui'));
    expect(ui.length).toBeGreaterThan(0);
    for (const mapping of ui) expect(mapping.startsWith('127.0.0.1:'), mapping).toBe(true);
  });
});

// Issue 18: the image production would accept. `docker compose config` and `docker build` need a
// Docker daemon and the compose plugin, which these machines lack; the build steps themselves run
// outside Docker in test/integration/production-build.test.ts.
describe('the production image', () => {
  const dockerfile = readFileSync('Dockerfile', 'utf8');
  const runtime = dockerfile.slice(dockerfile.search(/^FROM .* AS runtime$/m));

  it('runs compiled JavaScript on Node 24 with production dependencies only, as a non-root user, with a healthcheck', () => {
    expect(dockerfile).toMatch(/^FROM node:24-[a-z-]+ AS build$/m);
    expect(runtime).toMatch(/^FROM node:24-[a-z-]+ AS runtime$/m);
    expect(dockerfile).toMatch(/npx tsx scripts\/build\.ts/);
    expect(runtime).toMatch(/npm ci --omit=dev/);
    expect(runtime).not.toMatch(/tsx/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK /m);
    expect(runtime).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    expect(runtime).toMatch(/^CMD \["node", "--enable-source-maps", "dist\/server\/api\.js"\]$/m);
  });

  it('docker-compose.yml starts the compiled entries that scripts/build.ts writes, two worker replicas, each with a healthcheck', async () => {
    const { SERVER_ENTRIES } = await import('../../scripts/build');
    const compose = readFileSync('docker-compose.yml', 'utf8');
    expect(compose).not.toMatch(/tsx/);
    const started = [...compose.matchAll(/dist\/server\/([a-z-]+)\.js/g)].map((m) => m[1]!).filter((name) => name !== 'workflow-bundle');
    expect(new Set(started)).toEqual(new Set(Object.keys(SERVER_ENTRIES)));
    const worker = compose.slice(compose.indexOf('\n  sid-worker:\n'), compose.indexOf('\n  vendor-sim:\n'));
    expect(worker).toMatch(/deploy:\n\s+replicas: 2\n/);
    expect(worker).toMatch(/healthcheck:\n\s+test: \[.*9464\/metrics/);
    expect(worker).toMatch(/SID_WORKER_METRICS_ADDRESS: 0\.0\.0\.0:9464/);
  });
});

describe('which workflow code the worker runs', () => {
  it('compiled, the bundle built beside it or SID_WORKFLOW_BUNDLE, and never a start without one; from source, bundled at start-up', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { pathToFileURL } = await import('node:url');
    const { prebuiltWorkflowBundle } = await import('../../src/worker');
    const dir = mkdtempSync(join(tmpdir(), 'sid-bundle-'));
    try {
      const compiled = pathToFileURL(join(dir, 'worker.js')).href;
      expect(() => prebuiltWorkflowBundle({}, compiled)).toThrow(/no workflow bundle at .*workflow-bundle\.js/);
      writeFileSync(join(dir, 'workflow-bundle.js'), '// bundle');
      expect(prebuiltWorkflowBundle({}, compiled)).toBe(join(dir, 'workflow-bundle.js'));
      expect(prebuiltWorkflowBundle({ SID_WORKFLOW_BUNDLE: join(dir, 'workflow-bundle.js') }, compiled)).toBe(join(dir, 'workflow-bundle.js'));
      expect(() => prebuiltWorkflowBundle({ SID_WORKFLOW_BUNDLE: join(dir, 'missing.js') }, compiled)).toThrow(/SID_WORKFLOW_BUNDLE: no file/);
      expect(prebuiltWorkflowBundle({}, pathToFileURL(join(dir, 'src', 'worker.ts')).href)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
