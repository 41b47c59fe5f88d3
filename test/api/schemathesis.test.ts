import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDealerLike } from '../support/dealers';
import { ApiSession, startSystem, type RunningSystem } from '../support/system';

// Schemathesis, the property-based API tester (installed by set-up into .tools/venv), runs against
// GET /api/openapi.json of a real system: every documented operation gets generated requests, and
// every answer must be below 500, documented (status code, content type, body schema), and every
// request the document calls invalid must be refused. Bounded in time; the seed is printed on a
// failure so that it can be replayed with `st run … --seed N`.
const st = join(import.meta.dirname, '..', '..', '.tools', 'venv', 'bin', 'st');
const CHECKS = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance', 'negative_data_rejection'];

let system: RunningSystem;
let admin: ApiSession;
let apiKey: string;
let adminLogin: string;
let adminPassword: string;

beforeAll(async () => {
  system = await startSystem();
  // A dealer of this file's own: the demo dealers' orders include other files' orders, whose
  // documents lived in those files' blob directories, long gone.
  const dealer = await freshDealerLike(system.db.db, 'postpay@demo.sid');
  adminLogin = dealer.people[0]!.login;
  adminPassword = dealer.password;
  admin = await ApiSession.login(system.baseUrl, adminLogin, adminPassword);
  const created = await admin.json('POST', '/api/dealer/api-keys', { name: 'schemathesis' });
  expect(created.status).toBe(201);
  apiKey = created.body.key;
});
afterAll(async () => system?.stop());

interface Failure {
  operation: string;
  check: string;
  detail: string;
}

/** One bounded run; the failures it found, each named by operation and check. */
async function fuzz(name: string, headers: string[], exclude: string[]): Promise<{ failures: Failure[]; operations: number; cases: number }> {
  // Run in a directory of its own: schemathesis keeps a cache of crashes in its working directory.
  const dir = mkdtempSync(join(tmpdir(), `schemathesis-${name}-`));
  const report = join(dir, 'events.ndjson');
  const args = [
    'run',
    `${system.baseUrl}/api/openapi.json`,
    '--url',
    system.baseUrl,
    ...headers.flatMap((header) => ['-H', header]),
    '--checks',
    CHECKS.join(','),
    '--max-examples',
    '15',
    '--max-time',
    '75',
    '--workers',
    '2',
    '--generation-deterministic',
    // Credentials come as the headers above; what a request without them gets is the subject of
    // the auth and CSRF tests, not of this one (schemathesis cannot take away a header it was given).
    '--generation-with-security-parameters',
    'false',
    '--request-timeout',
    '20',
    '--report',
    'ndjson',
    '--report-ndjson-path',
    report,
    '--no-color',
    ...exclude.flatMap((operation) => ['--exclude-path', operation]),
  ];
  const result = await promisify(execFile)(st, args, { cwd: dir, maxBuffer: 64 * 1024 * 1024, timeout: 240_000 }).then(
    ({ stdout }) => stdout,
    (err: { stdout?: string; code?: number }) => (typeof err.code === 'number' ? (err.stdout ?? '') : Promise.reject(err)),
  );
  const events = readFileSync(report, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, any>);
  const failures: Failure[] = [];
  let operations = 0;
  let cases = 0;
  for (const event of events) {
    const finished = event.ScenarioFinished;
    if (!finished) continue;
    operations += 1;
    for (const [, checks] of Object.entries<any>(finished.recorder?.checks ?? {})) {
      for (const check of checks as any[]) {
        cases += 1;
        if (check.status === 'failure') failures.push({ operation: finished.recorder.label, check: check.name, detail: String(check.failure_info?.failure?.title ?? check.failure_info?.failure?.message ?? '').slice(0, 300) });
      }
    }
  }
  if (failures.length > 0) console.error(result.slice(-20_000));
  return { failures, operations, cases };
}

const unique = (failures: Failure[]) => [...new Set(failures.map((f) => `${f.operation} ${f.check}: ${f.detail}`))].sort();

describe('schemathesis against the generated OpenAPI document', () => {
  it('finds nothing with a dealer admin’s API key', async () => {
    const { failures, operations, cases } = await fuzz('key', [`Authorization: Bearer ${apiKey}`], ['/api/auth/login', '/api/auth/logout']);
    console.info(`schemathesis (API key): ${operations} operations, ${cases} checks, ${failures.length} failures`);
    expect(operations).toBeGreaterThan(40);
    expect(unique(failures)).toEqual([]);
  }, 300_000);

  it('finds nothing with a dealer admin’s session and its CSRF token', async () => {
    const session = await ApiSession.login(system.baseUrl, adminLogin, adminPassword);
    const { failures, operations, cases } = await fuzz('session', [`Cookie: ${session.cookieHeader()}`, `X-CSRF-Token: ${session.csrfToken}`], ['/api/auth/login', '/api/auth/logout']);
    console.info(`schemathesis (session): ${operations} operations, ${cases} checks, ${failures.length} failures`);
    expect(operations).toBeGreaterThan(40);
    expect(unique(failures)).toEqual([]);
  }, 300_000);
});
