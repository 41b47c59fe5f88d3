import { describe, expect, it } from 'vitest';
import {
  adapterSettingsSchemas,
  apiAdapterSettingsSchema,
  emailAdapterSettingsSchema,
  manualAdapterSettingsSchema,
} from '../../src/usecases/vendors/adapter-settings';
import { emailAdapterSettingsSchema as readByIngestion } from '../../src/activities/fulfilment/email-settings';

// One schema per adapter kind: what the seed writes, what the activities read, what staff may save.
describe('adapter settings schemas', () => {
  it('accept what db/seed.ts writes for each kind', () => {
    expect(apiAdapterSettingsSchema.parse({ baseUrl: 'http://127.0.0.1:3100' })).toEqual({ baseUrl: 'http://127.0.0.1:3100' });
    expect(emailAdapterSettingsSchema.parse({ orderDesk: 'orders@abbyy.vendor.local', senders: ['abbyy.vendor.local'], slaHours: 48 })).toEqual({
      orderDesk: 'orders@abbyy.vendor.local',
      senders: ['abbyy.vendor.local'],
      slaHours: 48,
    });
    expect(manualAdapterSettingsSchema.parse({ slaHours: 24 })).toEqual({ slaHours: 24 });
  });

  it('mail ingestion reads e-mail settings through the same schema', () => {
    expect(readByIngestion).toBe(emailAdapterSettingsSchema);
    expect(adapterSettingsSchemas.email).toBe(emailAdapterSettingsSchema);
  });

  it('drop leftover keys of another kind instead of failing a reader', () => {
    // startSystem and old rows may leave e-mail keys on an api vendor.
    expect(apiAdapterSettingsSchema.parse({ baseUrl: 'https://api.vendor.example', orderDesk: 'x@y.z', slaHours: 6 })).toEqual({ baseUrl: 'https://api.vendor.example', slaHours: 6 });
    expect(manualAdapterSettingsSchema.parse({ baseUrl: 'https://api.vendor.example' })).toEqual({});
  });

  it.each([
    ['api', { baseUrl: 'ftp://vendor.example' }, 'baseUrl', 'http://'],
    ['api', { baseUrl: 'not a url' }, 'baseUrl', 'https://'],
    ['api', { baseUrl: 'https://vendor.example', timeoutMs: 20_000 }, 'timeoutMs', 'до 9000'],
    ['api', { baseUrl: 'https://vendor.example', slaHours: 1.5 }, 'slaHours', 'целое число часов'],
    ['email', { orderDesk: 'orders' }, 'orderDesk', 'e-mail'],
    ['email', { orderDesk: 'orders@vendor.example', senders: ['has space.example'] }, 'senders.0', 'без пробелов'],
    ['email', { orderDesk: 'orders@vendor.example', keyPatterns: [''] }, 'keyPatterns.0', 'непустое'],
    ['manual', { slaHours: 0 }, 'slaHours', 'от 1 до 720'],
  ] as const)('%s refuses %j at %s with a Russian message', (kind, settings, path, text) => {
    const parsed = adapterSettingsSchemas[kind].safeParse(settings);
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues.find((i) => i.path.join('.') === path);
    expect(issue?.message).toContain(text);
  });
});
