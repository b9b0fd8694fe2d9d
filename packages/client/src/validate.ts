/**
 * The client's own input checks, made before anything is sent, with errors that name the field:
 * the same rules the peers apply (signer-service.ts), so a request the client lets through is
 * never an INVALID_ARGUMENT at a peer for its shape.
 */
import {
  decodeBeefyCommitment,
  decodeGrandpaVote,
  decodeParaStatement,
  isKeyType,
  MAX_PAYLOAD_BYTES,
  publicKeyLengthOfType,
} from '@triad/proto';
import { isIP } from 'node:net';
import { invalid } from './errors.js';

// The key-type rule and the payload limit are the contract's (@triad/proto), exported here as before.
export { KEY_TYPE_PATTERN, MAX_PAYLOAD_BYTES } from '@triad/proto';

/** A request id: printable ASCII without spaces, carried into the peers' logs. */
const REQUEST_ID_PATTERN = /^[\x21-\x7e]{1,128}$/;

export function checkKeyType(keyType: unknown, field = 'keyType'): string {
  if (!isKeyType(keyType)) {
    throw invalid(`${field}: expected four lowercase letters or digits (e.g. "babe"), got ${show(keyType)}`);
  }
  return keyType;
}

/** Non-empty bytes of at most MAX_PAYLOAD_BYTES, copied into a Buffer. */
export function checkBytes(bytes: unknown, field: string): Buffer {
  if (!(bytes instanceof Uint8Array)) throw invalid(`${field}: expected a Uint8Array, got ${show(bytes)}`);
  if (bytes.length === 0) throw invalid(`${field}: must not be empty`);
  if (bytes.length > MAX_PAYLOAD_BYTES) {
    throw invalid(`${field}: ${bytes.length} bytes is more than the ${MAX_PAYLOAD_BYTES} the TAs take`);
  }
  return Buffer.from(bytes);
}

/** A GRANDPA vote's localized payload: 53 bytes of a known message variant, copied into a Buffer. */
export function checkGrandpaVote(payload: unknown): Buffer {
  const bytes = checkBytes(payload, 'payload');
  const vote = decodeGrandpaVote(bytes);
  if (typeof vote === 'string') throw invalid(`payload: ${vote}`);
  return bytes;
}

/** A para statement's bytes: one of the forms the TAs read (para-statement.ts), copied into a Buffer. */
export function checkParaStatement(payload: unknown): Buffer {
  const bytes = checkBytes(payload, 'payload');
  const statement = decodeParaStatement(bytes);
  if (typeof statement === 'string') throw invalid(`payload: ${statement}`);
  return bytes;
}

/**
 * A BEEFY commitment's encoding (SCALE Commitment, not its hash), read as the TAs read it
 * (@triad/proto decodeBeefyCommitment), copied into a Buffer.
 */
export function checkBeefyCommitment(payload: unknown): Buffer {
  const bytes = checkBytes(payload, 'payload');
  try {
    decodeBeefyCommitment(bytes);
  } catch (e) {
    const hint =
      bytes.length === 32
        ? ' (32 bytes: a keccak-256 prehash? send the commitment itself; the TAs hash it)'
        : '';
    throw invalid(`payload: ${(e as Error).message}${hint}`);
  }
  return bytes;
}

/**
 * A key's group public key, copied into a Buffer: 32 bytes, or for a key of `keyType` its
 * scheme's length (33 for an ecdsa type). Also any other 32-byte field (`field` names it).
 */
export function checkPublicKey(key: unknown, field = 'publicKey', keyType?: string): Buffer {
  const length = keyType === undefined ? 32 : publicKeyLengthOfType(keyType);
  if (!(key instanceof Uint8Array) || key.length !== length)
    throw invalid(
      `${field}: expected ${length} bytes${keyType === undefined ? '' : ` (a ${keyType} key)`}, got ${key instanceof Uint8Array ? `${key.length} bytes` : show(key)}`,
    );
  return Buffer.from(key);
}

export function checkRequestId(id: unknown): string {
  if (typeof id !== 'string' || !REQUEST_ID_PATTERN.test(id)) {
    throw invalid(`requestId: expected 1..128 printable ASCII characters without spaces, got ${show(id)}`);
  }
  return id;
}

/** A whole number of milliseconds in [min, max]. */
export function checkMs(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${field}: expected whole milliseconds in ${min}..${max}, got ${show(value)}`);
  }
  return value;
}

/** A hostname (letters, digits, '-', '.'), an IPv4 address, or a bracketed IPv6 address. */
const HOST_PORT = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)):(\d{1,5})$/;

/**
 * A peer URL as grpc-js dials it: `host:port` (no scheme), `[v6]:port` for IPv6. The host must be
 * one the peer's certificate names (its subjectAltName), or the TLS handshake fails.
 */
export function checkUrl(url: unknown, field = 'url'): string {
  const m = typeof url === 'string' ? HOST_PORT.exec(url) : null;
  const port = m ? Number(m[3]) : 0;
  if (!m || port < 1 || port > 65535 || (m[2] !== undefined && m[2].includes('..'))) {
    throw invalid(
      `${field}: expected host:port (e.g. "peer-1.example:7100" or "[::1]:7100"), got ${show(url)}`,
    );
  }
  return url as string;
}

/**
 * A DNS name the peers' certificates carry, checked instead of the URLs' hosts (for peers dialled
 * at IP addresses).
 */
export function checkServerName(name: unknown, field = 'serverName'): string {
  const m = typeof name === 'string' ? HOST_PORT.exec(`${name}:1`) : null;
  if (!m || m[2] === undefined || m[2].includes('..') || isIP(m[2]) !== 0) {
    throw invalid(`${field}: expected a DNS name (e.g. "peer.example"), got ${show(name)}`);
  }
  return name as string;
}

/** A non-empty list of distinct peer URLs. */
export function checkUrls(urls: unknown): string[] {
  if (!Array.isArray(urls) || urls.length === 0) {
    throw invalid('urls: expected a non-empty array of host:port strings');
  }
  const checked = urls.map((u, i) => checkUrl(u, `urls[${i}]`));
  const dup = checked.find((u, i) => checked.indexOf(u) !== i);
  if (dup !== undefined) throw invalid(`urls: "${dup}" is listed twice`);
  return checked;
}

/** A short, safe rendering of a bad value for an error message. */
export function show(value: unknown): string {
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
  if (value === null || value === undefined || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
