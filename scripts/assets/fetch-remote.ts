/**
 * Downloads a remote image safely: http(s) only, never loopback, private, link-local or
 * metadata addresses (checked on the address actually connected to, so DNS cannot be used to
 * slip past, and again on every redirect), a size cap and a timeout for the whole download.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** Tests serve images from 127.0.0.1; real builds never allow local addresses. */
  allowPrivateAddresses?: boolean;
}

export const DEFAULT_LIMITS: FetchLimits = { timeoutMs: 15_000, maxBytes: 20 * 1024 * 1024, maxRedirects: 5 };

export class FetchRefused extends Error {}

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, prefix, 'ipv4');
// No `::ffff:0:0/96` rule: BlockList checks IPv4 addresses against it too, so it would block
// every IPv4 address; IPv4-mapped IPv6 addresses are already checked against the IPv4 rules.
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function guardedLookup(limits: FetchLimits): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[] | string) => {
      if (err) return callback(err, '', 0);
      const list = Array.isArray(addresses) ? addresses : [{ address: addresses, family: isIP(addresses) }];
      const ok = limits.allowPrivateAddresses ? list : list.filter((a) => !isForbiddenAddress(a.address));
      if (ok.length === 0) {
        return callback(new FetchRefused(`refused: ${hostname} resolves to a local or private address (${list.map((a) => a.address).join(', ')})`), '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, ok);
      callback(null, ok[0]!.address, ok[0]!.family);
    });
  };
}

export interface Fetched {
  data: Buffer;
  contentType: string | undefined;
  finalUrl: string;
}

export async function fetchRemote(url: string, limits: FetchLimits = DEFAULT_LIMITS): Promise<Fetched> {
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  let current = url;
  for (let hop = 0; hop <= limits.maxRedirects; hop++) {
    const parsed = new URL(current);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new FetchRefused(`refused: only http and https images are fetched (${parsed.protocol})`);
    const literal = parsed.hostname.replace(/^\[|\]$/g, '');
    if (isIP(literal) && !limits.allowPrivateAddresses && isForbiddenAddress(literal)) {
      throw new FetchRefused(`refused: ${literal} is a local or private address`);
    }
    const response = await request(parsed, limits, deadline);
    if (response.redirect) {
      current = new URL(response.redirect, current).toString();
      continue;
    }
    return { data: response.body!, contentType: response.contentType, finalUrl: current };
  }
  throw new Error(`too many redirects (more than ${limits.maxRedirects})`);
}

interface RawResponse {
  redirect?: string;
  body?: Buffer;
  contentType?: string;
}

function request(url: URL, limits: FetchLimits, signal: AbortSignal): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.get(url, { lookup: guardedLookup(limits), signal, headers: { 'user-agent': 'inkstone', accept: 'image/*' } }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        return resolve({ redirect: res.headers.location });
      }
      if (status !== 200) {
        res.resume();
        return reject(new Error(`HTTP ${status}`));
      }
      const declared = Number(res.headers['content-length'] ?? 0);
      if (declared > limits.maxBytes) {
        res.destroy();
        return reject(new Error(`image is larger than ${limits.maxBytes} bytes`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) {
          res.destroy();
          reject(new Error(`image is larger than ${limits.maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve({ body: Buffer.concat(chunks), contentType: res.headers['content-type'] }));
      res.on('error', reject);
    });
    req.on('error', (err) => reject(signal.aborted ? new Error(`timed out after ${limits.timeoutMs} ms`) : err));
  });
}
