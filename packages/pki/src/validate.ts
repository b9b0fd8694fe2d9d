/**
 * Input checks shared by issuing and `writeClusterPki`. Names end up in a certificate's CN
 * (`peer:<id>`, `client:<name>`) and in file names (`peer-<id>.crt`), so they are held to one small
 * alphabet: lower case (file systems that fold case must not merge two peers), no ':' (the CN is
 * split on the first one), no '.' or '/' (no path tricks). Hosts become subjectAltName entries the
 * TLS client checks, so they are parsed exactly rather than passed through.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { PkiError } from './errors.js';

/** Peer ids and client names: 1..48 of [a-z0-9_-], starting with a letter or digit. */
export const NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,47}$/;

export const MIN_VALIDITY_DAYS = 1;
export const MAX_VALIDITY_DAYS = 3650;

export function checkName(what: string, name: unknown): string {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new PkiError(
      'INPUT',
      `${what} ${JSON.stringify(name)}: must be 1 to 48 characters of a-z, 0-9, '_' and '-', starting with a letter or digit`,
    );
  }
  return name;
}

/** The CA's common name: printable ASCII, at most 64 characters (X.520 ub-common-name). */
export function checkCaName(name: unknown): string {
  if (typeof name !== 'string' || !/^[\x21-\x7e]([\x20-\x7e]{0,62}[\x21-\x7e])?$/.test(name)) {
    throw new PkiError(
      'INPUT',
      `CA name ${JSON.stringify(name)}: must be 1 to 64 printable ASCII characters, no leading or trailing space`,
    );
  }
  return name;
}

export function checkValidityDays(days: unknown): number {
  if (
    typeof days !== 'number' ||
    !Number.isInteger(days) ||
    days < MIN_VALIDITY_DAYS ||
    days > MAX_VALIDITY_DAYS
  ) {
    throw new PkiError(
      'INPUT',
      `validityDays ${String(days)}: must be a whole number of days from ${MIN_VALIDITY_DAYS} to ${MAX_VALIDITY_DAYS}`,
    );
  }
  return days;
}

/** One subjectAltName entry, parsed. */
export type Host =
  | { readonly type: 'dns'; readonly value: string }
  | { readonly type: 'ip'; readonly value: string; readonly bytes: Uint8Array };

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const DNS_NAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);

function ipv4Bytes(ip: string): number[] {
  return ip.split('.').map(Number);
}

/** 16 bytes of an address `isIPv6` accepted (groups, one '::', optionally a trailing dotted quad). */
function ipv6Bytes(ip: string): number[] {
  let text = ip;
  const quad = /(^|:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = ipv4Bytes(quad[2]!) as [number, number, number, number];
    text = `${text.slice(0, quad.index + quad[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [left, right] = text.split('::') as [string, string | undefined];
  const head = left === '' ? [] : left.split(':');
  const tail = right === undefined || right === '' ? [] : right.split(':');
  const groups =
    right === undefined
      ? head
      : [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  return groups.flatMap((g) => {
    const v = parseInt(g, 16);
    return [v >> 8, v & 0xff];
  });
}

/**
 * Parses one host: an IPv4 or IPv6 address (no zone id: a certificate cannot carry one), or a DNS
 * name (lower-cased; TLS compares names case-insensitively). A name whose last label is all
 * digits is refused: that is a mistyped address ('127.0.0.01', '10.1.1'), not a host name.
 * IPv6 entries are given to @peculiar/x509 as eight full groups, the only form its converter reads
 * exactly (it misreads an embedded dotted quad).
 */
export function parseHost(host: unknown): Host {
  if (typeof host !== 'string' || host.length === 0) {
    throw new PkiError('INPUT', `host ${JSON.stringify(host)}: must be a non-empty string`);
  }
  if (isIPv4(host)) return { type: 'ip', value: host, bytes: Uint8Array.from(ipv4Bytes(host)) };
  if (isIPv6(host)) {
    if (host.includes('%'))
      throw new PkiError('INPUT', `host ${JSON.stringify(host)}: IPv6 zone ids cannot be certified`);
    const bytes = Uint8Array.from(ipv6Bytes(host));
    const groups = Array.from({ length: 8 }, (_, i) =>
      ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16),
    );
    return { type: 'ip', value: groups.join(':'), bytes };
  }
  const name = host.toLowerCase();
  if (name.length > 253 || !DNS_NAME.test(name) || /(^|\.)\d+$/.test(name)) {
    throw new PkiError('INPUT', `host ${JSON.stringify(host)}: neither an IP address nor a valid DNS name`);
  }
  return { type: 'dns', value: name };
}

/** A comparable key for a host: the address bytes or the lower-case name. */
export function hostKey(h: Host): string {
  return h.type === 'ip' ? `ip:${Buffer.from(h.bytes).toString('hex')}` : `dns:${h.value}`;
}

export function parseHosts(hosts: unknown): Host[] {
  if (!Array.isArray(hosts) || hosts.length === 0) {
    throw new PkiError('INPUT', 'hosts: a peer certificate needs at least one DNS name or IP address');
  }
  const parsed = hosts.map(parseHost);
  const seen = new Set<string>();
  parsed.forEach((h, i) => {
    const key = hostKey(h);
    if (seen.has(key)) throw new PkiError('INPUT', `host ${JSON.stringify(hosts[i])} is listed twice`);
    seen.add(key);
  });
  return parsed;
}
