import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { DEFAULT_LOGIN_THROTTLE, DEFAULT_RATE_LIMITS } from '../../src/domain/edge-limits';

// Issue 19: the session cookie is Secure by default in production or behind https, and the limits
// come from the environment with production defaults.
const base = { SID_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') };

describe('the session cookie’s Secure flag', () => {
  it('is on with NODE_ENV=production or an https public URL, off for local development', () => {
    expect(loadConfig({ ...base }).SID_COOKIE_SECURE).toBe(false);
    expect(loadConfig({ ...base, NODE_ENV: 'production' }).SID_COOKIE_SECURE).toBe(true);
    expect(loadConfig({ ...base, SID_PUBLIC_URL: 'https://sid.example.ru' }).SID_COOKIE_SECURE).toBe(true);
  });

  it('an explicit setting wins', () => {
    expect(loadConfig({ ...base, NODE_ENV: 'production', SID_COOKIE_SECURE: 'false' }).SID_COOKIE_SECURE).toBe(false);
    expect(loadConfig({ ...base, SID_COOKIE_SECURE: 'true' }).SID_COOKIE_SECURE).toBe(true);
  });
});

describe('rate limits and login throttling', () => {
  it('default to the production values and can be set', () => {
    const defaults = loadConfig({ ...base });
    expect(defaults.SID_RATE_LIMIT_LOGIN_PER_MINUTE).toBe(DEFAULT_RATE_LIMITS.loginPerMinute);
    expect(defaults.SID_LOGIN_FAILURES_PER_ADDRESS).toBe(DEFAULT_LOGIN_THROTTLE.failuresPerAddress);
    expect(defaults.SID_TRUST_PROXY).toBe('');
    const set = loadConfig({ ...base, SID_RATE_LIMIT_FORMS_PER_HOUR: '5', SID_LOGIN_FAILURES_PER_ACCOUNT: '20', SID_TRUST_PROXY: '10.0.0.0/8' });
    expect(set.SID_RATE_LIMIT_FORMS_PER_HOUR).toBe(5);
    expect(set.SID_LOGIN_FAILURES_PER_ACCOUNT).toBe(20);
    expect(() => loadConfig({ ...base, SID_RATE_LIMIT_LOGIN_PER_MINUTE: '0' })).toThrow(/SID_RATE_LIMIT_LOGIN_PER_MINUTE/);
  });
});
