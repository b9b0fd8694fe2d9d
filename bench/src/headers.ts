/** What a validator submits for a BABE seal, built by @polkadot/types as the node would. */
import { TypeRegistry } from '@polkadot/types';

const registry = new TypeRegistry();

/** A pre-seal BABE header (SecondaryPlain) for `slot`, as a validator submits it. */
export function babeHeader(slot: number): Uint8Array {
  const preDigest = registry.createType('RawBabePreDigest', {
    SecondaryPlain: { authorityIndex: 0, slotNumber: slot },
  });
  return registry
    .createType('Header', {
      parentHash: new Uint8Array(32).fill(1),
      number: 1000 + slot,
      stateRoot: new Uint8Array(32).fill(2),
      extrinsicsRoot: new Uint8Array(32).fill(3),
      digest: { logs: [{ PreRuntime: ['BABE', '0x' + Buffer.from(preDigest.toU8a()).toString('hex')] }] },
    })
    .toU8a();
}
