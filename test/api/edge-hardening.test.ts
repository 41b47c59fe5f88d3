import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDeps } from '../../src/api/app';
import { createLocalBlobStore } from '../../src/infra/blob-store';
import { OnecClient } from '../support/onec-client';
import { buildTestApp, startSystem, type RunningSystem } from '../support/system';

// Issue 19, points 8 (security headers, Secure cookie), 12 (request timeouts) and 13 (strict 1C parsing).
let system: RunningSystem;
let onec: OnecClient;
const blobDir = mkdtempSync(join(tmpdir(), 'sid-edge-blobs-'));
const extraApps: FastifyInstance[] = [];

beforeAll(async () => {
  system = await startSystem();
  onec = OnecClient.forRun(system.baseUrl);
});
afterAll(async () => {
  for (const app of extraApps) await app.close();
  await system?.stop();
  rmSync(blobDir, { recursive: true, force: true });
});

/** Another API over the same database and Temporal, with settings of the test's own. */
async function otherApp(settings: Partial<AppDeps>): Promise<FastifyInstance> {
  const app = await buildTestApp({
    db: system.db.db,
    temporal: system.env.client,
    blobStore: createLocalBlobStore(blobDir, system.keyCipher),
    keyCipher: system.keyCipher,
    namespace: system.env.namespace ?? 'default',
    orderStarterIntervalMs: 0,
    ...settings,
  });
  extraApps.push(app);
  return app;
}

describe('security headers', () => {
  it('the page and the API: a CSP without inline script that forbids framing, nosniff, a same-origin referrer, no HSTS over http', async () => {
    for (const path of ['/', '/api/auth/me', '/api/catalog/vendors']) {
      const response = await fetch(system.baseUrl + path);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(csp, path).not.toContain('unsafe-eval');
      expect(csp, path).not.toContain('upgrade-insecure-requests');
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('same-origin');
      expect(response.headers.get('strict-transport-security'), path).toBeNull();
    }
  });

  it('over https: HSTS and upgrade-insecure-requests, and the session cookie is Secure', async () => {
    const app = await otherApp({ https: true, secureCookies: true });
    const me = await app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(me.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    expect(me.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'staff@demo.sid', password: 'demo-password' } });
    expect(login.statusCode).toBe(200);
    expect(String(login.headers['set-cookie'])).toMatch(/;\s*Secure/i);
    expect(String(login.headers['set-cookie'])).toMatch(/;\s*HttpOnly/i);
  });
});

describe('request timeouts', () => {
  it('a body trickled byte by byte is cut once the request timeout passes', async () => {
    const app = await otherApp({ requestTimeoutMs: 1_000 });
    const url = new URL(await app.listen({ host: '127.0.0.1', port: 0 }));
    const started = Date.now();
    const outcome = await new Promise<{ answer: string; afterMs: number }>((resolve) => {
      const socket = connect(Number(url.port), url.hostname);
      let answer = '';
      let trickle: NodeJS.Timeout | undefined;
      const giveUp = setTimeout(() => socket.destroy(), 8_000);
      socket.on('connect', () => {
        socket.write('POST /api/auth/login HTTP/1.1\r\nHost: sid\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
        trickle = setInterval(() => socket.writable && socket.write(' '), 100);
      });
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('error', () => {});
      socket.on('close', () => {
        clearInterval(trickle);
        clearTimeout(giveUp);
        resolve({ answer, afterMs: Date.now() - started });
      });
    });
    console.log(`slow body cut after ${outcome.afterMs} ms: ${outcome.answer.split('\r\n')[0] || '(connection closed)'}`);
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(outcome.afterMs).toBeLessThan(4_000);
  });
});

describe('1C: strict signatures and outbox ids', () => {
  it('a signature with anything beyond its 64 hex digits is refused; the exact one, in either case, passes', async () => {
    for (const spoil of [(s: string) => `${s}zz`, (s: string) => `${s},x`, (s: string) => `${s}00`, (s: string) => s.slice(0, 63), (s: string) => `${s.slice(0, 63)}g`]) {
      const signed = onec.sign('GET', '/api/1c/outbox?limit=1', undefined);
      const headers = signed.init.headers as Record<string, string>;
      headers['x-sid-signature'] = spoil(headers['x-sid-signature']!);
      const answer = await onec.send(signed);
      expect(answer.status, headers['x-sid-signature']).toBe(401);
      expect(answer.body.error.code).toBe('BAD_SIGNATURE');
    }
    const upper = onec.sign('GET', '/api/1c/outbox?limit=1', undefined);
    const headers = upper.init.headers as Record<string, string>;
    headers['x-sid-signature'] = headers['x-sid-signature']!.toUpperCase();
    expect((await onec.send(upper)).status).toBe(200);
  });

  it('the signature is checked before the contract: a wrongly signed body that breaks the contract is 401, a rightly signed one 400 on its fields', async () => {
    const broken = { sidDocumentId: 'not-a-uuid', number: '', date: '31.12.2026' };
    const forged = await onec.send(onec.sign('POST', '/api/1c/documents/number', broken, { secret: 'not-the-clients-secret' }));
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('BAD_SIGNATURE');
    expect(forged.body.error.fields).toBeUndefined();
    const signed = await onec.call('POST', '/api/1c/documents/number', broken);
    expect(signed.status).toBe(400);
    expect(signed.body.error.code).toBe('INVALID_REQUEST');
    expect(signed.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['date', 'number', 'sidDocumentId']);
  });

  it('an outbox id is decimal digits only: 0x10, 1e3, a space, a sign or a leading zero are 400', async () => {
    for (const id of ['0x10', '1e3', '%20', '%2010', '+5', '-1', '05', '1.0', '9007199254740993']) {
      const answer = await onec.call('POST', `/api/1c/outbox/${id}/ack`, {});
      expect(answer.status, id).toBe(400);
      expect(answer.body.error.code, id).toBe('INVALID_ID');
    }
    const unknown = await onec.call('POST', '/api/1c/outbox/999999999/ack', {});
    expect(unknown.status).toBe(404);
  });
});
