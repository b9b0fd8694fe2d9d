/**
 * The client's mTLS material: the cluster CA (to check the peers) and this validator client's
 * certificate and key (CN "client:<name>", made by `@triad/pki`). Each may be given as PEM bytes,
 * as PEM text, or as the path of a PEM file, read once when the client is made.
 */
import { credentials } from '@grpc/grpc-js';
import type { ChannelCredentials } from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { invalid } from './errors.js';
import { show } from './validate.js';

/** PEM bytes, PEM text ("-----BEGIN ..."), or a file path. */
export type PemSource = Uint8Array | string;

export interface TlsOptions {
  /** The cluster CA certificate. */
  readonly ca: PemSource;
  /** This client's certificate. */
  readonly cert: PemSource;
  /** This client's private key. */
  readonly key: PemSource;
}

const PEM_BEGIN = '-----BEGIN ';

/** The PEM contents of `source` as a Buffer; `field` names it in errors. */
export function readPem(source: unknown, field: string): Buffer {
  let pem: Buffer;
  if (source instanceof Uint8Array) {
    pem = Buffer.from(source);
  } else if (typeof source === 'string' && source.includes(PEM_BEGIN)) {
    pem = Buffer.from(source);
  } else if (typeof source === 'string' && source.length > 0) {
    try {
      pem = readFileSync(source);
    } catch (e) {
      throw invalid(`${field}: cannot read ${source}: ${(e as Error).message}`);
    }
  } else {
    throw invalid(`${field}: expected PEM bytes, PEM text or a file path, got ${show(source)}`);
  }
  if (!pem.includes(PEM_BEGIN)) throw invalid(`${field}: not PEM (no "${PEM_BEGIN}" line)`);
  return pem;
}

/** grpc-js channel credentials for mutual TLS, checked now rather than at the first call. */
export function channelCredentials(tls: TlsOptions | undefined): ChannelCredentials {
  if (!tls || typeof tls !== 'object') throw invalid('tls: expected { ca, cert, key }');
  const ca = readPem(tls.ca, 'tls.ca');
  const cert = readPem(tls.cert, 'tls.cert');
  const key = readPem(tls.key, 'tls.key');
  try {
    return credentials.createSsl(ca, key, cert);
  } catch (e) {
    throw invalid(`tls: the certificate or key cannot be used: ${(e as Error).message}`);
  }
}
