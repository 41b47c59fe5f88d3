import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * The one guard for every outbound HTTP request to an address someone configured (a dealer's
 * webhook, a vendor's API base URL): SID must never be made to call into its own network.
 *
 * A request goes only to a public unicast address, checked after resolving the host at the moment
 * of the request, and the connection is pinned to the very address that was checked, so a DNS
 * answer that changes between the check and the connect (rebinding) cannot pass. Loopback,
 * private, link-local, CGNAT, multicast, unspecified, broadcast, documentation and reserved
 * ranges are refused, in IPv4 and IPv6, including IPv4 embedded in IPv6 (mapped, compatible,
 * NAT64, 6to4, Teredo). Numeric notations (`127.1`, `2130706433`, `0x7f.1`) are normalised by
 * the URL parser before the check.
 *
 * A development allow-list (`SID_OUTBOUND_ALLOW`: `host:port` entries, comma-separated) lets a
 * developer's local receiver or the vendor simulator through; it is refused in production.
 */

/** Why an outbound request was not made: stable codes, worded for people by the locale. */
export const OUTBOUND_REFUSALS = ['invalid_url', 'scheme', 'credentials', 'unresolvable', 'address_not_public'] as const;
export type OutboundRefusalCode = (typeof OUTBOUND_REFUSALS)[number];

export class OutboundRefused extends Error {
  constructor(
    readonly code: OutboundRefusalCode,
    detail: string,
  ) {
    super(`outbound request refused (${code}): ${detail}`);
    this.name = 'OutboundRefused';
  }
}

export interface OutboundPolicy {
  /** `host:port` pairs (host lower-case, IPv6 in brackets) that may be reached although not public, over http too. */
  allow: ReadonlySet<string>;
  /** Resolver, all addresses of a name; replaced in tests to play DNS rebinding. */
  lookup?: (hostname: string) => Promise<Array<{ address: string; family: number }>>;
}

const isProduction = (env: NodeJS.ProcessEnv) => env.NODE_ENV === 'production';

/** Parses `SID_OUTBOUND_ALLOW`; throws on a malformed entry, and on any entry in production. */
export function parseOutboundAllowList(value: string | undefined, env: NodeJS.ProcessEnv = process.env): Set<string> {
  const entries = (value ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  if (entries.length > 0 && isProduction(env)) {
    throw new Error('SID_OUTBOUND_ALLOW is a development setting and is refused with NODE_ENV=production: outbound requests there go only to public addresses');
  }
  for (const entry of entries) {
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+):\d{1,5}$/.test(entry)) throw new Error(`SID_OUTBOUND_ALLOW: "${entry}" is not host:port`);
  }
  return new Set(entries);
}

/** The policy of this process, read from the environment at each use (tests add their listeners to it). */
export function outboundPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): OutboundPolicy {
  return { allow: parseOutboundAllowList(env.SID_OUTBOUND_ALLOW, env) };
}

/** Adds a development listener (`http://127.0.0.1:4321`) to this process's allow-list. */
export function allowOutboundInDevelopment(url: string, env: NodeJS.ProcessEnv = process.env): void {
  const entry = hostPort(new URL(url));
  const current = parseOutboundAllowList(env.SID_OUTBOUND_ALLOW, env);
  current.add(entry);
  env.SID_OUTBOUND_ALLOW = [...current].join(',');
}

const defaultPort = (url: URL) => url.port || (url.protocol === 'https:' ? '443' : '80');
const hostPort = (url: URL) => `${url.hostname.toLowerCase()}:${defaultPort(url)}`;
const bareHost = (hostname: string) => (hostname.startsWith('[') ? hostname.slice(1, -1) : hostname);

/** The IPv4 address in the last 32 bits of an IPv6 address. */
const low32 = (v6: ipaddr.IPv6) => {
  const parts = v6.parts;
  return new ipaddr.IPv4([parts[6]! >> 8, parts[6]! & 0xff, parts[7]! >> 8, parts[7]! & 0xff]);
};

/** Why this address is not a public unicast one (the range's name), or null when it is. */
export function nonPublicRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an address';
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') {
    const range = (parsed as ipaddr.IPv4).range();
    return range === 'unicast' ? null : range;
  }
  const v6 = parsed as ipaddr.IPv6;
  const range = v6.range();
  // IPv4 carried inside IPv6 is as public as the IPv4 address it carries.
  if (range === 'ipv4Mapped' || range === 'rfc6052' || range === 'rfc6145') {
    const inner = nonPublicRange(low32(v6).toString());
    return inner === null ? null : `${range}/${inner}`;
  }
  if (range === '6to4') {
    const p = v6.parts;
    const inner = nonPublicRange(new ipaddr.IPv4([p[1]! >> 8, p[1]! & 0xff, p[2]! >> 8, p[2]! & 0xff]).toString());
    return inner === null ? null : `6to4/${inner}`;
  }
  // The IPv4-compatible form (::a.b.c.d, deprecated) is never a real destination.
  if (range === 'unicast' && v6.parts.slice(0, 6).every((p) => p === 0)) return 'ipv4Compatible';
  return range === 'unicast' ? null : range;
}

/** Names that never denote a public host, refused before any lookup. */
function specialUseName(hostname: string): boolean {
  const name = hostname.replace(/\.$/, '').toLowerCase();
  if (!name.includes('.')) return true;
  return /(^|\.)(localhost|local|localdomain|internal|intranet|lan|home\.arpa|corp|private)$/.test(name);
}

const systemLookup = (hostname: string) =>
  new Promise<Array<{ address: string; family: number }>>((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses: LookupAddress[]) => (err ? reject(err) : resolve(addresses))),
  );

/** What was checked: where to connect, and whether the allow-list let it through. */
export interface CheckedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
  allowListed: boolean;
}

/** Checks the URL's form without touching the network: scheme, credentials, literal addresses, special names. */
export function checkOutboundUrlForm(value: string | URL, policy: OutboundPolicy = outboundPolicyFromEnv()): URL {
  let url: URL;
  try {
    url = typeof value === 'string' ? new URL(value) : value;
  } catch {
    throw new OutboundRefused('invalid_url', 'not a URL');
  }
  if (url.username || url.password) throw new OutboundRefused('credentials', 'credentials in the URL');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new OutboundRefused('scheme', url.protocol);
  const allowListed = policy.allow.has(hostPort(url));
  if (allowListed) return url;
  if (url.protocol !== 'https:') throw new OutboundRefused('scheme', 'plain http outside the development allow-list');
  const host = bareHost(url.hostname);
  if (isIP(host)) {
    const range = nonPublicRange(host);
    if (range) throw new OutboundRefused('address_not_public', `${host} is ${range}`);
  } else if (specialUseName(host)) {
    throw new OutboundRefused('address_not_public', `${host} is not a public name`);
  }
  return url;
}

/**
 * Resolves the host now and returns the one address to connect to: every address the name
 * resolves to must be public (a name that also points inside is refused, whatever the order).
 */
export async function checkOutboundTarget(value: string | URL, policy: OutboundPolicy = outboundPolicyFromEnv()): Promise<CheckedTarget> {
  const url = checkOutboundUrlForm(value, policy);
  const allowListed = policy.allow.has(hostPort(url));
  const host = bareHost(url.hostname);
  let addresses: Array<{ address: string; family: number }>;
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await (policy.lookup ?? systemLookup)(host);
    } catch (err) {
      throw new OutboundRefused('unresolvable', `${host}: ${(err as NodeJS.ErrnoException).code ?? 'no address'}`);
    }
  }
  if (addresses.length === 0) throw new OutboundRefused('unresolvable', `${host}: no address`);
  if (!allowListed) {
    for (const { address } of addresses) {
      const range = nonPublicRange(address);
      if (range) throw new OutboundRefused('address_not_public', `${host} resolves to ${address} (${range})`);
    }
  }
  const chosen = addresses[0]!;
  return { url, address: chosen.address, family: chosen.family === 6 ? 6 : 4, allowListed };
}

export interface OutboundRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** The answer's body is read up to this many bytes; the rest is dropped. */
  maxBodyBytes?: number;
  policy?: OutboundPolicy;
}

/** An answer, read whole (up to the cap). Redirects are answers too: they are never followed. */
export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A `TimeoutError` like AbortSignal.timeout's, so callers tell "no answer" from "no connection". */
function timeoutError(ms: number): Error {
  const err = new Error(`no answer within ${ms} ms`);
  err.name = 'TimeoutError';
  return err;
}

/**
 * One request to a checked address: resolved and checked now, connected to that address only
 * (the TLS name is still the URL's host), no redirects followed, the deadline covering the body.
 */
export async function outboundRequest(value: string | URL, request: OutboundRequest): Promise<OutboundResponse> {
  const target = await checkOutboundTarget(value, request.policy ?? outboundPolicyFromEnv());
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const maxBodyBytes = request.maxBodyBytes ?? 10 * 1024 * 1024;
  return new Promise<OutboundResponse>((resolve, reject) => {
    const req = send(
      target.url,
      {
        method: request.method ?? 'GET',
        headers: { ...(request.headers ?? {}), ...(request.body !== undefined ? { 'content-length': String(Buffer.byteLength(request.body)) } : {}) },
        lookup: pinned,
        // A fresh connection per request: a pooled socket would skip the pinned lookup.
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < maxBodyBytes) chunks.push(chunk.subarray(0, maxBodyBytes - size));
          size += chunk.length;
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
        res.on('error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
      },
    );
    const timer = setTimeout(() => {
      reject(timeoutError(request.timeoutMs));
      req.destroy();
    }, request.timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}

/** The answer as a fetch `Response`, for callers written against fetch. */
export function asFetchResponse(answer: OutboundResponse): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const nullBody = answer.status === 204 || answer.status === 304 || answer.status < 200;
  return new Response(nullBody ? null : new Uint8Array(answer.body), { status: answer.status < 200 ? 200 : answer.status, headers });
}
