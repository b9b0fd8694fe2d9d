/**
 * The peers' answers, read strictly into the client's typed results. The proto-loader options of
 * `loadServices()` give 64-bit integers as decimal strings, enums as their names, bytes as Buffers
 * and the name of the oneof member that is set (`result: 'signature' | 'refusal'`). Anything else
 * is a BadResponse: the caller turns it into a BAD_RESPONSE error, never into a retry elsewhere.
 */
import { fieldReaders, isKeyType, isMessage } from '@triad/proto';

/** Why the TAs refused (signer.proto RefusalReason, without UNSPECIFIED). */
export type RefusalReason = 'CONFLICT' | 'REGRESSION' | 'MALFORMED' | 'POLICY' | 'NO_KEY';

export const REFUSAL_REASONS: readonly RefusalReason[] = [
  'CONFLICT',
  'REGRESSION',
  'MALFORMED',
  'POLICY',
  'NO_KEY',
];

/** A standard signature under the cluster's public key for the key type (of the key's scheme). */
export interface SignatureResult {
  readonly kind: 'signature';
  /**
   * 64 bytes: schnorrkel's encoding (sr25519) or RFC 8032's (ed25519); 65 bytes for an ecdsa key
   * (beef): r || s || recovery id, as sp_core::ecdsa::Signature.
   */
  readonly signature: Uint8Array;
  /** The cluster public key it verifies under: 32 bytes, or 33 (SEC1 compressed) for ecdsa. */
  readonly publicKey: Uint8Array;
  /** The peers whose TAs signed. */
  readonly coordinator: string;
  readonly cosigner: string;
  /** The URL that answered. */
  readonly url: string;
}

/** The TAs' considered answer: the same at every peer, so never retried elsewhere. */
export interface RefusalResult {
  readonly kind: 'refusal';
  readonly reason: RefusalReason;
  readonly message: string;
  /** The slot the refusal is about, where there is one. */
  readonly slot: bigint | undefined;
  /** The URL that answered. */
  readonly url: string;
}

export type SignResult = SignatureResult | RefusalResult;

/** A threshold VRF under the cluster's key: schnorrkel's VrfSignature, or its pre-output alone. */
export interface VrfSignatureResult {
  readonly kind: 'vrf';
  /** The 32-byte pre-output (x*H). */
  readonly preOutput: Uint8Array;
  /** The 64-byte proof c || s; absent for the pre-output alone. */
  readonly proof: Uint8Array | undefined;
  /** preOutput || proof: the 96-byte `VrfSignature`; absent for the pre-output alone. */
  readonly signature: Uint8Array | undefined;
  readonly publicKey: Uint8Array;
  readonly coordinator: string;
  readonly cosigner: string;
  readonly url: string;
}

export type VrfResult = VrfSignatureResult | RefusalResult;

export interface PublicKeyInfo {
  readonly keyType: string;
  /** The public key: 32 bytes (sr25519, ed25519), or 33 (SEC1 compressed) for scheme ecdsa. */
  readonly publicKey: Uint8Array;
  /** Keys of non-slashable types may sign `raw` payloads. */
  readonly nonSlashable: boolean;
  /**
   * "sr25519", "ed25519" (gran) or "ecdsa" (beef; a peer that predates schemes says nothing:
   * sr25519). An ecdsa key is made by the same DKG, but each signature combines the key inside
   * one TA: it is not threshold ECDSA.
   */
  readonly scheme: string;
  /** A retired key answers NO_KEY; it is listed so that an operator sees it is gone. */
  readonly status: 'active' | 'retired';
  /** The key's creation in the cluster's counter: among keys of one type, higher is newer. */
  readonly created: bigint;
  /** The operator's name for the key (given at its DKG or rotation); absent when none. */
  readonly label?: string;
}

export const SIGNATURE_BYTES = 64;
export const VRF_PRE_OUTPUT_BYTES = 32;
export const VRF_PROOF_BYTES = 64;
export const PUBLIC_KEY_BYTES = 32;
/** An ecdsa (beef) key's public key (SEC1 compressed) and signature (r || s || recovery id). */
export const ECDSA_PUBLIC_KEY_BYTES = 33;
export const ECDSA_SIGNATURE_BYTES = 65;

/** A peer's answer this client cannot read. */
export class BadResponse extends Error {
  override readonly name = 'BadResponse';
}

const read = fieldReaders((message) => {
  throw new BadResponse(message);
});

function bytes(v: unknown, length: number, field: string): Uint8Array {
  if (!(v instanceof Uint8Array) || v.length !== length) {
    throw new BadResponse(
      `${field}: expected ${length} bytes, got ${v instanceof Uint8Array ? v.length : typeof v}`,
    );
  }
  return Buffer.from(v);
}

/** A SignResponse as a SignResult (without its url). */
export function readSignResponse(res: unknown): Omit<SignatureResult, 'url'> | Omit<RefusalResult, 'url'> {
  if (!isMessage(res)) throw new BadResponse('SignResponse: not a message');
  if (res.result === 'signature' && isMessage(res.signature)) {
    const s = res.signature;
    return {
      kind: 'signature',
      // an ecdsa key's 33-byte public key goes with its 65-byte signature, any other with 64
      ...(s.publicKey instanceof Uint8Array && s.publicKey.length === ECDSA_PUBLIC_KEY_BYTES
        ? {
            signature: bytes(s.signature, ECDSA_SIGNATURE_BYTES, 'signature.signature'),
            publicKey: bytes(s.publicKey, ECDSA_PUBLIC_KEY_BYTES, 'signature.publicKey'),
          }
        : {
            signature: bytes(s.signature, SIGNATURE_BYTES, 'signature.signature'),
            publicKey: bytes(s.publicKey, PUBLIC_KEY_BYTES, 'signature.publicKey'),
          }),
      coordinator: read.string(s.coordinator, 'signature.coordinator'),
      cosigner: read.string(s.cosigner, 'signature.cosigner'),
    };
  }
  if (res.result === 'refusal' && isMessage(res.refusal)) return readRefusal(res.refusal);
  throw new BadResponse('SignResponse: neither a signature nor a refusal');
}

/** A VRF kind's SignResponse; `proof`: whether the kind carries one (not the pre-output alone). */
export function readVrfResponse(
  res: unknown,
  proof: boolean,
): Omit<VrfSignatureResult, 'url'> | Omit<RefusalResult, 'url'> {
  if (!isMessage(res)) throw new BadResponse('SignResponse: not a message');
  if (res.result === 'signature' && isMessage(res.signature)) {
    const s = res.signature;
    const preOutput = bytes(s.preOutput, VRF_PRE_OUTPUT_BYTES, 'signature.preOutput');
    const p = bytes(s.proof, proof ? VRF_PROOF_BYTES : 0, 'signature.proof');
    const signature = bytes(
      s.signature,
      proof ? VRF_PRE_OUTPUT_BYTES + VRF_PROOF_BYTES : 0,
      'signature.signature',
    );
    if (proof && !Buffer.from(signature).equals(Buffer.concat([preOutput, p])))
      throw new BadResponse('signature.signature: not preOutput || proof');
    return {
      kind: 'vrf',
      preOutput,
      proof: proof ? p : undefined,
      signature: proof ? signature : undefined,
      publicKey: bytes(s.publicKey, PUBLIC_KEY_BYTES, 'signature.publicKey'),
      coordinator: read.string(s.coordinator, 'signature.coordinator'),
      cosigner: read.string(s.cosigner, 'signature.cosigner'),
    };
  }
  if (res.result === 'refusal' && isMessage(res.refusal)) return readRefusal(res.refusal);
  throw new BadResponse('SignResponse: neither a VRF nor a refusal');
}

function readRefusal(r: Record<string, unknown>): Omit<RefusalResult, 'url'> {
  const reason = r.reason as RefusalReason;
  if (!REFUSAL_REASONS.includes(reason)) {
    throw new BadResponse(`refusal.reason: ${JSON.stringify(r.reason)} is not a known reason`);
  }
  const slot = r.slot === undefined ? '0' : read.string(r.slot, 'refusal.slot');
  if (!/^\d{1,20}$/.test(slot)) throw new BadResponse(`refusal.slot: ${JSON.stringify(slot)} is not a u64`);
  return {
    kind: 'refusal',
    reason,
    message: r.message === undefined ? '' : read.string(r.message, 'refusal.message'),
    slot: slot === '0' ? undefined : BigInt(slot),
  };
}

/** A key's status as a peer says it ("" from a peer that predates retiring: active). */
function keyStatus(v: unknown, i: number): 'active' | 'retired' {
  if (v === undefined || v === '' || v === 'active') return 'active';
  if (v === 'retired') return 'retired';
  throw new BadResponse(`keys[${i}].status: ${JSON.stringify(v)} is not active or retired`);
}

/** A u64 as proto-loader delivers it (a decimal string). */
function u64(v: unknown, name: string): string {
  if (typeof v !== 'string' || !/^(0|[1-9][0-9]{0,19})$/.test(v)) throw new BadResponse(`${name}: not a u64`);
  return v;
}

/** A GetPublicKeysResponse as a list of keys. */
export function readPublicKeys(res: unknown): PublicKeyInfo[] {
  if (!isMessage(res) || !Array.isArray(res.keys))
    throw new BadResponse('GetPublicKeysResponse: no keys list');
  return res.keys.map((k: unknown, i) => {
    if (!isMessage(k)) throw new BadResponse(`keys[${i}]: not a message`);
    const keyType = read.string(k.keyType, `keys[${i}].keyType`);
    if (!isKeyType(keyType)) {
      throw new BadResponse(`keys[${i}].keyType: ${JSON.stringify(keyType)} is not a key type`);
    }
    const scheme =
      k.scheme === undefined || k.scheme === '' ? 'sr25519' : read.string(k.scheme, `keys[${i}].scheme`);
    return {
      keyType,
      publicKey: bytes(
        k.publicKey,
        scheme === 'ecdsa' ? ECDSA_PUBLIC_KEY_BYTES : PUBLIC_KEY_BYTES,
        `keys[${i}].publicKey`,
      ),
      nonSlashable: k.nonSlashable === true,
      scheme,
      status: keyStatus(k.status, i),
      created: BigInt(k.created === undefined ? '0' : u64(k.created, `keys[${i}].created`)),
      ...(k.label !== undefined && k.label !== '' && { label: read.string(k.label, `keys[${i}].label`) }),
    };
  });
}

/** A HealthResponse's fields. */
export function readHealth(res: unknown): {
  canSign: boolean;
  peerId: string;
  attestedPeers: string[];
  version: string;
} {
  if (!isMessage(res)) throw new BadResponse('HealthResponse: not a message');
  const attested = res.attestedPeers ?? [];
  if (!Array.isArray(attested)) throw new BadResponse('HealthResponse.attestedPeers: not a list');
  return {
    canSign: res.canSign === true,
    peerId: res.peerId === undefined ? '' : read.string(res.peerId, 'peerId'),
    attestedPeers: attested.map((p, i) => read.string(p, `attestedPeers[${i}]`)),
    version: res.version === undefined ? '' : read.string(res.version, 'version'),
  };
}
