import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSignatureHeader, signatureHeader } from '../../src/infra/signature';
import { checkVendorCallbackSignature, vendorCallbackSignature } from '../../src/api/vendors/callback-signature';
import { webhookUrlProblem } from '../../src/api/webhooks/webhooks.schemas';

// SID's one HMAC scheme: webhooks to dealers and vendor callbacks to SID sign alike.
const secret = 'whsec_test-secret';
const body = JSON.stringify({ id: 'SID-0000001/shipped', type: 'order.status_changed', data: { orderNumber: 'SID-0000001', status: 'shipped', note: 'Ключи отправлены' } });
const t = 1_790_000_000;

describe('X-SID-Signature', () => {
  it('is t=<unix>,v1=<hex HMAC-SHA256 of "t.body">, as a receiver computes it independently', () => {
    const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(`${t}.${body}`, 'utf8')).digest('hex');
    expect(signatureHeader(secret, t, body)).toBe(`t=${t},v1=${expected}`);
    // Known answer, so that the scheme cannot drift together with the code that checks it.
    expect(signatureHeader('key', 1, 'x')).toBe(`t=1,v1=${createHmac('sha256', 'key').update('1.x').digest('hex')}`);
  });

  it('verifies the genuine body, and fails a tampered body, a wrong secret, a moved timestamp and an old message', () => {
    const header = signatureHeader(secret, t, body);
    expect(checkSignatureHeader(secret, header, body, 300, t + 10)).toEqual({ ok: true });
    expect(checkSignatureHeader(secret, header, body.replace('shipped', 'cancelled'), 300, t)).toEqual({ ok: false, problem: 'mismatch' });
    expect(checkSignatureHeader(secret, header, `${body} `, 300, t)).toEqual({ ok: false, problem: 'mismatch' });
    expect(checkSignatureHeader('whsec_other', header, body, 300, t)).toEqual({ ok: false, problem: 'mismatch' });
    expect(checkSignatureHeader(secret, header.replace(`t=${t}`, `t=${t + 1}`), body, 300, t)).toEqual({ ok: false, problem: 'mismatch' });
    expect(checkSignatureHeader(secret, header, body, 300, t + 301)).toEqual({ ok: false, problem: 'stale', timestamp: t });
    expect(checkSignatureHeader(secret, undefined, body, 300, t)).toEqual({ ok: false, problem: 'missing' });
    expect(checkSignatureHeader(secret, 'v1=abc', body, 300, t)).toEqual({ ok: false, problem: 'malformed' });
  });

  it('is the scheme vendor callbacks use, with the vendor’s code signed between the time and the body', () => {
    expect(vendorCallbackSignature(secret, 'DRWEB', t, body)).toBe(signatureHeader(secret, t, `DRWEB.${body}`));
    // Known answer: HMAC of "t.DRWEB.body", computed here without SID's code.
    expect(vendorCallbackSignature('key', 'drweb', 1, 'x')).toBe(`t=1,v1=${createHmac('sha256', 'key').update('1.DRWEB.x').digest('hex')}`);
    expect(checkVendorCallbackSignature(secret, 'DRWEB', vendorCallbackSignature(secret, 'DRWEB', t, body), body, t)).toEqual({ ok: true });
  });

  it('a callback signed for vendor A is refused on vendor B’s path, even under one shared secret', () => {
    const signedForA = vendorCallbackSignature(secret, 'KASP', t, body);
    expect(checkVendorCallbackSignature(secret, 'DRWEB', signedForA, body, t)).toEqual({ ok: false, problem: 'mismatch' });
    // The old scheme (no code signed) no longer passes either.
    expect(checkVendorCallbackSignature(secret, 'DRWEB', signatureHeader(secret, t, body), body, t)).toEqual({ ok: false, problem: 'mismatch' });
  });
});

describe('webhook URLs', () => {
  const development = { allow: new Set(['127.0.0.1:8080', 'localhost:80']) };
  const production = { allow: new Set<string>() };
  it('https to a public host; plain http only to a development allow-list entry; never credentials', () => {
    expect(webhookUrlProblem('https://erp.example.ru/sid-webhooks', production)).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook', development)).toBeNull();
    expect(webhookUrlProblem('http://localhost/hook', development)).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8081/hook', development)).toContain('https://');
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook', production)).toContain('https://');
    expect(webhookUrlProblem('https://127.0.0.1:8080/hook', production)).toContain('внутреннюю сеть');
    expect(webhookUrlProblem('http://erp.example.ru/hook', development)).toContain('https://');
    expect(webhookUrlProblem('https://u:p@erp.example.ru/hook', development)).toContain('логин');
    expect(webhookUrlProblem('ftp://erp.example.ru/', development)).not.toBeNull();
    expect(webhookUrlProblem('erp.example.ru', development)).not.toBeNull();
  });
});
