/** What a validator submits for a BABE seal, built by @polkadot/types as the node builds it. */
import { TypeRegistry } from '@polkadot/types';

const registry = new TypeRegistry();

export interface BabeHeaderOptions {
  /** Another block for the same slot: each fork has its own parent hash. Default 0. */
  readonly fork?: number;
  /** The kind of BABE claim in the pre-digest; the VRF ones carry a made-up output and proof. */
  readonly variant?: 'Primary' | 'SecondaryPlain' | 'SecondaryVRF';
  /** Digest items after the BABE PreRuntime one (a seal, say: a header the TAs must refuse). */
  readonly extraLogs?: readonly object[];
}

/** A pre-seal header with one BABE PreRuntime digest claiming `slot` (SecondaryPlain by default). */
export function babeHeader(slot: number | bigint, o: BabeHeaderOptions = {}): Uint8Array {
  const variant = o.variant ?? 'SecondaryPlain';
  const claim: Record<string, unknown> = { authorityIndex: 0, slotNumber: slot };
  if (variant !== 'SecondaryPlain') {
    claim.vrfOutput = new Uint8Array(32).fill(7);
    claim.vrfProof = new Uint8Array(64).fill(9);
  }
  // Bytes given as hex are taken as the content; a Uint8Array would be read as already length-prefixed.
  const preDigest =
    '0x' + Buffer.from(registry.createType('RawBabePreDigest', { [variant]: claim }).toU8a()).toString('hex');
  return registry
    .createType('Header', {
      parentHash: new Uint8Array(32).fill(1 + (o.fork ?? 0)),
      number: 1000,
      stateRoot: new Uint8Array(32).fill(2),
      extrinsicsRoot: new Uint8Array(32).fill(3),
      digest: { logs: [{ PreRuntime: ['BABE', preDigest] }, ...(o.extraLogs ?? [])] },
    })
    .toU8a();
}
