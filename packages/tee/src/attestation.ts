/**
 * Checking a peer TA's evidence (DESIGN.md section 8): the device attestation key that was
 * enrolled signed (OP-TEE attestation PTA: RSASSA-PSS, SHA-256, salt 32) the TA's measurement
 * together with a digest of its claims (identity key, our fresh nonce, device id, version), and
 * the measurement is the one enrolled. Only then is the identity key the peer's TA.
 */
import { blake2b } from '@noble/hashes/blake2.js';
import { constants, createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { TaError } from './errors.js';
import type { Evidence } from './messages.js';
import { TA_VERSION } from './protocol.js';

export interface EnrolledDevice {
  /** The device's attestation public key, recorded at enrollment. */
  readonly attestationKey: { readonly e: Uint8Array; readonly n: Uint8Array };
  /** The TA measurement the cluster expects (hex or bytes). */
  readonly measurement: Uint8Array;
}

const b64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const equal = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

export function rsaPublicKey(key: { readonly e: Uint8Array; readonly n: Uint8Array }): KeyObject {
  return createPublicKey({ key: { kty: 'RSA', n: b64url(key.n), e: b64url(key.e) }, format: 'jwk' });
}

/** blake2b-256(e || n): the device id the TA puts in its evidence. */
export function deviceIdOf(key: { readonly e: Uint8Array; readonly n: Uint8Array }): Uint8Array {
  return blake2b(Buffer.concat([key.e, key.n]), { dkLen: 32 });
}

function claimsDigest(ev: Evidence): Uint8Array {
  const version = Buffer.alloc(2);
  version.writeUInt16LE(ev.version);
  return blake2b(
    Buffer.concat([Buffer.from('triad-evidence-v1'), version, ev.identityPublicKey, ev.nonce, ev.deviceId]),
    {
      dkLen: 32,
    },
  );
}

export type AttestationFailure = 'NONCE' | 'DEVICE' | 'MEASUREMENT' | 'SIGNATURE' | 'VERSION';

export class AttestationError extends TaError {
  constructor(
    readonly reason: AttestationFailure,
    message: string,
  ) {
    super('PROTOCOL', `attestation refused (${reason}): ${message}`);
    this.name = 'AttestationError';
  }
}

/** Returns the attested identity key, or throws AttestationError saying which check failed. */
export function verifyEvidence(ev: Evidence, expectedNonce: Uint8Array, device: EnrolledDevice): Uint8Array {
  if (!equal(ev.nonce, expectedNonce)) throw new AttestationError('NONCE', 'evidence is not for our nonce');
  if (ev.version !== TA_VERSION)
    throw new AttestationError('VERSION', `TA version ${ev.version}, expected ${TA_VERSION}`);
  if (!equal(ev.deviceId, deviceIdOf(device.attestationKey))) {
    throw new AttestationError('DEVICE', 'evidence names another device than the enrolled one');
  }
  // The PTA signs SHA-256(nonce || measurement) where our nonce is the claims digest.
  const signed = Buffer.concat([claimsDigest(ev), ev.measurement]);
  const ok = verify(
    'sha256',
    signed,
    { key: rsaPublicKey(device.attestationKey), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
    ev.signature,
  );
  if (!ok) throw new AttestationError('SIGNATURE', 'not signed by the enrolled device key');
  if (!equal(ev.measurement, device.measurement)) {
    throw new AttestationError('MEASUREMENT', 'the TA is not the enrolled build');
  }
  return ev.identityPublicKey;
}
