import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkOutboundTarget,
  nonPublicRange,
  OutboundRefused,
  outboundPolicyFromEnv,
  outboundRequest,
  parseOutboundAllowList,
  type OutboundPolicy,
} from '../../src/infra/outbound-address';

// The one guard of outbound requests to configured addresses (webhooks, vendor APIs): what the
// security probe got through (issue 19, point 1), and the forms around it.

const production = { NODE_ENV: 'production' } as NodeJS.ProcessEnv;
/** Production: no allow-list, and a resolver that must not be asked for literal addresses. */
const productionPolicy = (): OutboundPolicy => ({ ...outboundPolicyFromEnv(production), lookup: async (host) => { throw Object.assign(new Error(`looked up ${host}`), { code: 'ENOTFOUND' }); } });

async function refusal(url: string, policy: OutboundPolicy): Promise<string> {
  try {
    await checkOutboundTarget(url, policy);
  } catch (err) {
    if (err instanceof OutboundRefused) return err.code;
    throw err;
  }
  return 'accepted';
}

describe('outbound address guard', () => {
  it('refuses, in production, every address form the probe used and their relatives', async () => {
    const refused = [
      // The probe's list.
      'https://169.254.169.254/',
      'https://10.0.0.5/',
      'https://192.168.1.1:8443/',
      'https://metadata.google.internal/',
      'http://localhost:9464/metrics',
      'https://localhost:9464/metrics',
      'http://127.1:3000/',
      'https://127.1:3000/',
      'http://[::1]:3000/',
      'https://[::1]:3000/',
      // Numeric notations of loopback.
      'https://2130706433/',
      'https://0x7f.1/',
      'https://0x7f000001/',
      'https://0177.0.0.1/',
      'https://127.0.0.1./',
      // Other ranges: CGNAT, unspecified, broadcast, multicast, documentation, benchmarking, reserved, 172.16/12.
      'https://100.64.0.1/',
      'https://0.0.0.0/',
      'https://0/',
      'https://255.255.255.255/',
      'https://224.0.0.1/',
      'https://192.0.2.10/',
      'https://198.51.100.7/',
      'https://203.0.113.5/',
      'https://198.18.0.1/',
      'https://240.0.0.1/',
      'https://172.16.0.1/',
      // IPv6: unspecified, ULA, link-local, multicast, documentation; IPv4 inside IPv6.
      'https://[::]/',
      'https://[fd00::1]/',
      'https://[fc00::1]/',
      'https://[fe80::1]/',
      'https://[ff02::1]/',
      'https://[2001:db8::1]/',
      'https://[::ffff:127.0.0.1]/',
      'https://[::ffff:169.254.169.254]/',
      'https://[::ffff:10.0.0.5]/',
      'https://[::127.0.0.1]/',
      'https://[64:ff9b::10.0.0.5]/',
      'https://[64:ff9b::127.0.0.1]/',
      'https://[2002:a00:5::1]/',
      // Names that are never public.
      'https://intranet/',
      'https://sid.local/',
      'https://router.lan/',
      'https://nas.home.arpa/',
    ];
    const outcomes = await Promise.all(refused.map(async (url) => [url, await refusal(url, productionPolicy())] as const));
    for (const [url, outcome] of outcomes) expect(['address_not_public', 'scheme'], url).toContain(outcome);
    // The http forms fail on the scheme already; their https twins on the address.
    expect(outcomes.filter(([url]) => url.startsWith('https://')).every(([, outcome]) => outcome === 'address_not_public')).toBe(true);
  });

  it('accepts a public address, and NAT64 or mapped forms of one', async () => {
    const policy = productionPolicy();
    for (const url of ['https://93.184.215.14/', 'https://[2606:4700::1111]/', 'https://[64:ff9b::5db8:d70e]/', 'https://[::ffff:93.184.215.14]/']) {
      expect(await refusal(url, policy), url).toBe('accepted');
    }
    expect(nonPublicRange('8.8.8.8')).toBeNull();
    expect(nonPublicRange('::ffff:8.8.8.8')).toBeNull();
  });

  it('refuses a name any of whose addresses is not public, whatever their order', async () => {
    const answers = [
      [{ address: '93.184.215.14', family: 4 }, { address: '10.0.0.5', family: 4 }],
      [{ address: '::1', family: 6 }, { address: '93.184.215.14', family: 4 }],
      [{ address: '::ffff:169.254.169.254', family: 6 }],
    ];
    for (const addresses of answers) {
      expect(await refusal('https://erp.example.ru/', { allow: new Set(), lookup: async () => addresses })).toBe('address_not_public');
    }
    expect(await refusal('https://erp.example.ru/', { allow: new Set(), lookup: async () => [] })).toBe('unresolvable');
  });

  it('the development allow-list is host:port entries, and refused in production', () => {
    expect([...parseOutboundAllowList('127.0.0.1:3100, [::1]:8080,localhost:3000', {} as NodeJS.ProcessEnv)]).toEqual(['127.0.0.1:3100', '[::1]:8080', 'localhost:3000']);
    expect(() => parseOutboundAllowList('127.0.0.1', {} as NodeJS.ProcessEnv)).toThrow(/host:port/);
    expect(() => parseOutboundAllowList('127.0.0.1:3100', production)).toThrow(/NODE_ENV=production/);
    expect(parseOutboundAllowList('', production).size).toBe(0);
  });
});

describe('outbound requests', () => {
  let server: Server;
  let port: number;
  const received: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      received.push(`${req.method} ${req.headers.host} ${req.url}`);
      if (req.url === '/redirect') {
        res.writeHead(302, { location: `http://127.0.0.1:${port}/followed` });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('hello from loopback');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reach a loopback listener through the development allow-list, and only through it', async () => {
    const answer = await outboundRequest(`http://127.0.0.1:${port}/hook`, { method: 'POST', body: '{}', timeoutMs: 5_000, policy: { allow: new Set([`127.0.0.1:${port}`]) } });
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe('hello from loopback');

    const before = received.length;
    await expect(outboundRequest(`http://127.0.0.1:${port}/hook`, { timeoutMs: 5_000, policy: { allow: new Set() } })).rejects.toBeInstanceOf(OutboundRefused);
    await expect(outboundRequest(`http://127.0.0.1:${port + 1 === 65536 ? 1 : port + 1}/hook`, { timeoutMs: 5_000, policy: { allow: new Set([`127.0.0.1:${port}`]) } })).rejects.toBeInstanceOf(OutboundRefused);
    expect(received.length).toBe(before);
  });

  it('do not follow redirects', async () => {
    const answer = await outboundRequest(`http://127.0.0.1:${port}/redirect`, { timeoutMs: 5_000, policy: { allow: new Set([`127.0.0.1:${port}`]) } });
    expect(answer.status).toBe(302);
    expect(received.some((r) => r.endsWith('/followed'))).toBe(false);
  });

  it('connect to the address that was checked, never to a second answer of the resolver (DNS rebinding)', async () => {
    // A resolver that answers public first, then loopback: a check-then-fetch would be turned inward.
    let lookups = 0;
    const rebinding: OutboundPolicy = {
      allow: new Set(),
      lookup: async () => (lookups++ === 0 ? [{ address: '93.184.215.14', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]),
    };
    const before = received.length;
    // First request: checked public, so it connects to that public address, not to loopback (which
    // a second resolution would give): it cannot reach the listener. It fails or times out out there.
    await outboundRequest(`https://rebind.sid.test:${port}/first`, { timeoutMs: 1_500, policy: rebinding }).catch(() => undefined);
    // Second request: the resolver now says loopback, and the guard refuses before connecting.
    await expect(outboundRequest(`https://rebind.sid.test:${port}/second`, { timeoutMs: 1_500, policy: rebinding })).rejects.toMatchObject({ code: 'address_not_public' });
    expect(lookups).toBe(2);
    expect(received.length).toBe(before);
  });

  it('connect through the pinned address even where the system resolver knows no such name', async () => {
    // `pinned.sid.test` is in no DNS: the request lands only because the connection uses the checked address.
    const answer = await outboundRequest(`http://pinned.sid.test:${port}/pinned`, {
      timeoutMs: 5_000,
      policy: { allow: new Set([`pinned.sid.test:${port}`]), lookup: async () => [{ address: '127.0.0.1', family: 4 }] },
    });
    expect(answer.status).toBe(200);
    expect(received.at(-1)).toBe(`GET pinned.sid.test:${port} /pinned`);
  });
});
