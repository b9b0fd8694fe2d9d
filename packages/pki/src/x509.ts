/**
 * The one place @peculiar/x509 is loaded: after the Reflect shim it needs, with Node's webcrypto
 * as its provider, and the one algorithm Triad's PKI uses everywhere (ECDSA P-256, SHA-256: what
 * every TLS stack on the boards and validators speaks, and cheap to sign with on a Cortex-A7).
 *
 * The library is a CommonJS module and is imported dynamically, not with a static import: a
 * loader may run a CommonJS dependency of an ES module while linking, before any ES module body
 * (Jest's does), which would be before the shim. `await import()` runs it after. Other modules
 * take x509's types with `import type`, which loads nothing.
 */
import './reflect-shim.js';
import type * as X509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

export const x509: typeof X509 = await import('@peculiar/x509');

x509.cryptoProvider.set(webcrypto);

export const subtle = webcrypto.subtle;

/** Key generation / import parameters and the certificate signature algorithm in one object. */
export const P256_SHA256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** Node's name for P-256 (`asymmetricKeyDetails.namedCurve`). */
export const NODE_P256 = 'prime256v1';
