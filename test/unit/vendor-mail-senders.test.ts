import { describe, expect, it } from 'vitest';
import { isListedSender, normaliseLookalikes, readAuthenticationResults, senderVerdict } from '../../src/domain/vendor-mail';

describe('a vendor trusts only its configured senders', () => {
  const senders = ['abbyy.ru', 'licensing@partner.example'];

  it('takes the exact address, the exact domain and its subdomains, nothing that merely looks like them', () => {
    expect(isListedSender(senders, 'orders@abbyy.ru')).toBe(true);
    expect(isListedSender(senders, 'Keys@Mail.ABBYY.ru')).toBe(true);
    expect(isListedSender(senders, 'licensing@partner.example')).toBe(true);
    expect(isListedSender(senders, 'orders@abbyy-vendor.ru')).toBe(false);
    expect(isListedSender(senders, 'orders@notabbyy.ru')).toBe(false);
    expect(isListedSender(senders, 'orders@abbyy.ru.evil.example')).toBe(false);
    expect(isListedSender(senders, 'sales@partner.example')).toBe(false);
    expect(isListedSender(senders, 'stranger@mail.ru')).toBe(false);
    expect(isListedSender(senders, null)).toBe(false);
    expect(isListedSender([], 'orders@abbyy.ru')).toBe(false);
  });

  it('a vendor with no senders has every letter confirmed by staff; a failed DMARC takes trust away, a pass never gives it', () => {
    expect(senderVerdict([], 'orders@abbyy.ru', null)).toEqual({ trusted: false, reason: 'no_senders_configured' });
    expect(senderVerdict(senders, 'orders@abbyy-vendor.ru', { dmarc: 'pass', passed: true, failed: false })).toEqual({ trusted: false, reason: 'unknown_sender' });
    expect(senderVerdict(senders, 'orders@abbyy.ru', { dmarc: 'fail', passed: false, failed: true })).toEqual({ trusted: false, reason: 'authentication_failed' });
    expect(senderVerdict(senders, 'orders@abbyy.ru', null)).toEqual({ trusted: true });
  });

  it('reads Authentication-Results only about the From domain', () => {
    const relay = 'mx.sid.local; dkim=pass header.d=relay.example; spf=fail smtp.mailfrom=bounce@abbyy.ru (not permitted)';
    expect(readAuthenticationResults([relay], 'orders@abbyy.ru')).toEqual({ spf: 'fail', passed: false, failed: true });
    expect(readAuthenticationResults(['mx.sid.local; dkim=pass header.i=@mail.abbyy.ru'], 'orders@abbyy.ru')).toEqual({ dkim: 'pass', passed: true, failed: false });
    expect(readAuthenticationResults(['mx.sid.local; none'], 'orders@abbyy.ru')).toBeNull();
    expect(readAuthenticationResults([], 'orders@abbyy.ru')).toBeNull();
  });

  it('replaces look-alikes inside key-like tokens only', () => {
    expect(normaliseLookalikes('Ключ 6В32-16FD-АЕЕВ-9757, НОМЕР-ЗАКАЗА')).toEqual({ text: 'Ключ 6B32-16FD-AEEB-9757, НОМЕР-ЗАКАЗА', changed: ['6B32-16FD-AEEB-9757'] });
  });
});
