import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { devServerArgs, searchAttributeFlags } from '../../temporal-config/dev-server';

/** The parts of a Compose service these tests read; the schema checks the rest. */
interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  depends_on?: string[] | Record<string, { condition?: string }>;
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number | { host_ip?: string; published?: string | number; target?: number })[];
  deploy?: { replicas?: number };
  healthcheck?: { test?: string[] | string; disable?: boolean };
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  [key: string]: unknown;
}

/** docker-compose.yml as Compose reads it: anchors resolved and `<<` merge keys applied. */
const composeText = readFileSync('docker-compose.yml', 'utf8');
const compose = parse(composeText, { merge: true }) as ComposeFile;
const service = (name: string): ComposeService => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};

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
    expect(compose['x-sid-env']).toMatchObject({ NODE_ENV: 'production' });
    // The api is the one that sets the session cookie.
    expect(service('sid-api').environment).toMatchObject({ NODE_ENV: 'production' });
  });
});

// Anyone who reaches Temporal's frontend or UI can start and signal workflows (issue 19, point 3).
describe('docker-compose publishes Temporal to no one', () => {
  /** The host addresses a service publishes its ports on ('' for every interface). */
  const hostAddresses = (svc: ComposeService) =>
    (svc.ports ?? []).map((port) => {
      if (typeof port === 'object') return port.host_ip ?? '';
      // "HOST_IP:PUBLISHED:TARGET", "PUBLISHED:TARGET" or "TARGET" (IPv4 only in this file).
      const parts = String(port).split(':');
      return parts.length === 3 ? parts[0]! : '';
    });

  it('the frontend and the set-up job are not published at all, and the UI only on 127.0.0.1', () => {
    const temporal = Object.entries(compose.services).filter(([, svc]) => svc.image?.startsWith('temporalio/'));
    expect(temporal.map(([name]) => name).sort()).toEqual(['temporal', 'temporal-setup', 'temporal-ui']);
    for (const [name, svc] of temporal) {
      if (name === 'temporal-ui') continue;
      expect(svc.ports, name).toBeUndefined();
    }
    const ui = hostAddresses(service('temporal-ui'));
    expect(ui.length).toBeGreaterThan(0);
    for (const address of ui) expect(address).toBe('127.0.0.1');
  });
});

// Issue 18: `docker compose config` needs the compose plugin, which these machines lack. The
// Compose Specification's own JSON schema (data/compose-spec/README.md) checks the file instead.
describe('docker-compose.yml against the Compose Specification', () => {
  const { $schema: _draft07, ...schema } = JSON.parse(readFileSync('data/compose-spec/compose-spec.json', 'utf8')) as Record<string, unknown>;
  // $schema names draft-07 by an https address ajv does not know it by; ajv's default class is
  // draft-07 and still checks the schema against that meta-schema. strictTypes is off because the
  // upstream schema leaves "type" implicit next to additionalProperties in places.
  const validate = new Ajv({ allErrors: true, strict: true, strictTypes: false }).compile(schema);
  const errors = (document: unknown) => {
    validate(document);
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  };

  it('is a valid Compose file', () => {
    expect(errors(compose)).toEqual([]);
  });

  it('the check rejects a broken copy: a port that is not a list, an unknown top-level key, an unknown service key', () => {
    const broken = structuredClone(compose) as ComposeFile;
    (broken.services['sid-api'] as Record<string, unknown>).ports = 5;
    broken.service = { typo: true };
    (broken.services['vendor-sim'] as Record<string, unknown>).replicas = 2;
    const found = errors(broken);
    expect(found).toContainEqual(expect.stringMatching(/^\/services\/sid-api\/ports must be array/));
    expect(found).toContainEqual(expect.stringMatching(/^\/ must NOT have additional properties \{"additionalProperty":"service"\}/));
    expect(found).toContainEqual(expect.stringMatching(/^\/services\/vendor-sim must NOT have additional properties \{"additionalProperty":"replicas"\}/));
  });

  it('every depends_on names a service of the file', () => {
    const names = new Set(Object.keys(compose.services));
    const dangling: string[] = [];
    for (const [name, svc] of Object.entries(compose.services)) {
      const deps = Array.isArray(svc.depends_on) ? svc.depends_on : Object.keys(svc.depends_on ?? {});
      for (const dep of deps) if (!names.has(dep)) dangling.push(`${name} -> ${dep}`);
    }
    expect(dangling).toEqual([]);
    expect(service('sid-worker').depends_on).toMatchObject({ 'sid-migrate': { condition: 'service_completed_successfully' } });
  });
});

// Issue 18: the image production would accept. `docker compose config` and `docker build` need a
// Docker daemon and the compose plugin, which these machines lack; the build steps themselves run
// outside Docker in test/integration/production-build.test.ts, and the Compose file is checked against
// the Compose Specification's schema above.
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
    expect(composeText).not.toMatch(/tsx/);
    const commands = Object.values(compose.services).flatMap((svc) => [svc.command ?? []].flat());
    const started = commands.flatMap((arg) => [...arg.matchAll(/dist\/server\/([a-z-]+)\.js/g)].map((m) => m[1]!));
    expect(new Set(started)).toEqual(new Set(Object.keys(SERVER_ENTRIES)));
    const worker = service('sid-worker');
    expect(worker.deploy?.replicas).toBe(2);
    expect([worker.healthcheck?.test ?? []].flat().join(' ')).toMatch(/127\.0\.0\.1:9464\/metrics/);
    expect(worker.environment).toMatchObject({ SID_WORKER_METRICS_ADDRESS: '0.0.0.0:9464' });
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
