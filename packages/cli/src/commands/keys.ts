/** `triadctl keys` and `triadctl sign`: the validator's view, through the failover client. */
import { encodeAddress } from '@polkadot/util-crypto';
import { SignerClient } from '@triad/client';
import type { AssignmentVrfFields, BabeVrfFields, SignRequest, VrfRequestKind } from '@triad/client';
import { table } from '../table.js';
import type { Target } from '../target.js';

const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;

const clientFor = (target: Target, timeoutMs: number) =>
  new SignerClient({
    urls: target.urls,
    tls: { ca: target.ca, cert: target.cert, key: target.key },
    ...(target.serverName === undefined ? {} : { serverName: target.serverName }),
    timeoutMs,
  });

export interface KeyRow {
  readonly keyType: string;
  readonly publicKey: string;
  readonly ss58: string;
  readonly nonSlashable: boolean;
  readonly scheme: string;
  readonly status: 'active' | 'retired';
  /** The key's creation in the cluster's counter (decimal): among keys of one type, higher is newer. */
  readonly created: string;
  /** The operator's name for the key; empty when none. */
  readonly label: string;
}

/** The cluster's keys this client may use; SS58 with `ss58Format` (42: generic Substrate). */
export async function listKeys(target: Target, timeoutMs: number, ss58Format: number): Promise<KeyRow[]> {
  const client = clientFor(target, timeoutMs);
  try {
    return (await client.publicKeys()).map((k) => ({
      keyType: k.keyType,
      publicKey: hex(k.publicKey),
      ss58: encodeAddress(k.publicKey, ss58Format),
      nonSlashable: k.nonSlashable,
      scheme: k.scheme,
      status: k.status,
      created: k.created.toString(),
      label: k.label ?? '',
    }));
  } finally {
    client.close();
  }
}

/** Said under the table whenever an ecdsa key is listed: what holding one means (DESIGN.md 3d). */
export const ECDSA_NOTE =
  'note: an ecdsa key (beef) is made by the same DKG and no TA stores it whole, but it is not ' +
  "threshold ECDSA: for each signature the coordinator's TA combines its share and the cosigner's " +
  'into the key, signs and wipes it, so one broken TEE while it signs could learn the key.';

export const formatKeys = (rows: readonly KeyRow[]): string => {
  const listed = table(
    ['key type', 'scheme', 'public key', 'SS58', 'slashable', 'status', 'created', 'label'],
    rows.map((r) => [
      r.keyType,
      r.scheme,
      r.publicKey,
      r.ss58,
      r.nonSlashable ? 'no' : 'yes',
      r.status,
      r.created,
      r.label || '-',
    ]),
  );
  return rows.some((r) => r.scheme === 'ecdsa') ? `${listed}\n\n${ECDSA_NOTE}` : listed;
};

export type SignOutput =
  | { kind: 'signature'; signature: string; publicKey: string; coordinator: string; cosigner: string }
  | { kind: 'refusal'; reason: string; message: string };

export async function sign(target: Target, timeoutMs: number, request: SignRequest): Promise<SignOutput> {
  const client = clientFor(target, timeoutMs);
  try {
    const r = await client.sign(request);
    return r.kind === 'signature'
      ? {
          kind: 'signature',
          signature: hex(r.signature),
          publicKey: hex(r.publicKey),
          coordinator: r.coordinator,
          cosigner: r.cosigner,
        }
      : { kind: 'refusal', reason: r.reason, message: r.message };
  } finally {
    client.close();
  }
}

/** A VRF as triadctl prints it: the 96-byte VrfSignature split as the node uses it, or a refusal. */
export type VrfOutput =
  | { preOutput: string; proof?: string; signature?: string }
  | { kind: 'refusal'; reason: string; message: string };

export async function vrf(
  target: Target,
  timeoutMs: number,
  kind: VrfRequestKind,
  fields: BabeVrfFields | AssignmentVrfFields,
  keyType: string,
): Promise<VrfOutput> {
  const client = clientFor(target, timeoutMs);
  try {
    const r = await client.vrf(kind, fields, { keyType });
    if (r.kind === 'refusal') return { kind: 'refusal', reason: r.reason, message: r.message };
    return {
      preOutput: hex(r.preOutput),
      ...(r.proof && r.signature && { proof: hex(r.proof), signature: hex(r.signature) }),
    };
  } finally {
    client.close();
  }
}
