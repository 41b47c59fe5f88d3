import { describe, expect, it } from 'vitest';
import { safeReturnPath } from '../../src/web/app/return-path';

describe('the login page’s return path', () => {
  it('follows a path of the app, with its query', () => {
    expect(safeReturnPath('/orders/SID-0000042')).toBe('/orders/SID-0000042');
    expect(safeReturnPath('#/orders/SID-0000042')).toBe('/orders/SID-0000042');
    expect(safeReturnPath('/orders?status=shipped&q=a:b')).toBe('/orders?status=shipped&q=a:b');
  });

  it('ignores anything that could lead off the app (an open redirect)', () => {
    for (const raw of [
      'https://evil.example/',
      '//evil.example/orders',
      '/\\evil.example',
      '\\\\evil.example',
      'javascript:alert(1)',
      '/javascript:alert(1)',
      '/orders/\ttab',
      '/orders/../../evil',
      'orders/SID-1',
      '',
      null,
      undefined,
      '/' + 'a'.repeat(600),
    ]) expect(safeReturnPath(raw), String(raw)).toBeNull();
  });

  it('does not return to the login or registration pages themselves', () => {
    for (const raw of ['/', '/login', '/login?next=/orders', '/register', '/reset-password?token=x']) expect(safeReturnPath(raw), raw).toBeNull();
  });
});
