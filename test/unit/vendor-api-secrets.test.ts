import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter, parseVendorApiSecrets, serializeVendorApiSecrets } from '../../src/infra/vendor-api-client';
import { checkVendorCallbackSignature, vendorCallbackSignature } from '../../src/api/vendors/callback-signature';
import { createKeyCipher } from '../../src/infra/key-cipher';

describe('api vendor secrets at rest', () => {
  const cipher = createKeyCipher(randomBytes(32).toString('base64'));

  it('round-trips token and callback secret through the cipher', () => {
    const stored = cipher.encrypt(serializeVendorApiSecrets({ token: 'tok-1', callbackSecret: 'cb-1' }));
    expect(stored).not.toContain('tok-1');
    expect(parseVendorApiSecrets(cipher.decrypt(stored))).toEqual({ token: 'tok-1', callbackSecret: 'cb-1' });
  });

  it('still reads a bare token written before callbacks existed', () => {
    expect(parseVendorApiSecrets(cipher.decrypt(cipher.encrypt('Zq3-legacy_token')))).toEqual({ token: 'Zq3-legacy_token' });
  });

  it('says what is wrong with a damaged JSON secret instead of using it as a token', () => {
    expect(() => parseVendorApiSecrets('{"token":')).toThrow(/does not parse/);
    expect(() => parseVendorApiSecrets('{"callbackSecret":"x"}')).toThrow(/token/);
  });
});

describe('vendor callback signature', () => {
  const secret = 'whsec_test';
  const body = '{"orderId":"VO-1","partnerOrderRef":"SID-0000001","status":"completed"}';
  const now = 1_800_000_000;

  it('is HMAC-SHA256 over "<t>.<VENDORCODE>.<body>" in hex, as a vendor would compute it', () => {
    const expected = createHmac('sha256', secret).update(`${now}.DRWEB.${body}`).digest('hex');
    expect(vendorCallbackSignature(secret, 'DRWEB', now, body)).toBe(`t=${now},v1=${expected}`);
    expect(checkVendorCallbackSignature(secret, 'DRWEB', `t=${now},v1=${expected}`, body, now)).toEqual({ ok: true });
  });

  it('accepts any one of several v1 signatures (a vendor rotating its secret)', () => {
    const good = vendorCallbackSignature(secret, 'DRWEB', now, body).split('v1=')[1];
    const old = vendorCallbackSignature('old-secret', 'DRWEB', now, body).split('v1=')[1];
    expect(checkVendorCallbackSignature(secret, 'DRWEB', `t=${now},v1=${old},v1=${good}`, body, now).ok).toBe(true);
  });

  it('refuses a changed body, another secret, a missing or malformed header', () => {
    const header = vendorCallbackSignature(secret, 'DRWEB', now, body);
    expect(checkVendorCallbackSignature(secret, 'DRWEB', header, body.replace('completed', 'rejected'), now)).toEqual({ ok: false, problem: 'mismatch' });
    expect(checkVendorCallbackSignature('other', 'DRWEB', header, body, now)).toEqual({ ok: false, problem: 'mismatch' });
    expect(checkVendorCallbackSignature(secret, 'DRWEB', undefined, body, now)).toEqual({ ok: false, problem: 'missing' });
    expect(checkVendorCallbackSignature(secret, 'DRWEB', 'sha256=abc', body, now)).toEqual({ ok: false, problem: 'malformed' });
    expect(checkVendorCallbackSignature(secret, 'DRWEB', `t=${now}`, body, now)).toEqual({ ok: false, problem: 'malformed' });
    expect(checkVendorCallbackSignature(secret, 'DRWEB', `t=${now},t=${now},v1=${'0'.repeat(64)}`, body, now)).toEqual({ ok: false, problem: 'malformed' });
  });

  it('refuses a genuine signature more than 300 s away from our clock, either way', () => {
    expect(checkVendorCallbackSignature(secret, 'DRWEB', vendorCallbackSignature(secret, 'DRWEB', now - 300, body), body, now).ok).toBe(true);
    expect(checkVendorCallbackSignature(secret, 'DRWEB', vendorCallbackSignature(secret, 'DRWEB', now - 301, body), body, now)).toEqual({ ok: false, problem: 'stale', timestamp: now - 301 });
    expect(checkVendorCallbackSignature(secret, 'DRWEB', vendorCallbackSignature(secret, 'DRWEB', now + 301, body), body, now)).toMatchObject({ problem: 'stale' });
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');

  it('reads seconds and HTTP dates, and nothing else', () => {
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
  });

  it('caps an absurd value at an hour', () => {
    expect(parseRetryAfter('999999', now)).toBe(3_600_000);
  });
});
