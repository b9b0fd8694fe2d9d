/**
 * The optee backend of @triad/tee as a board runs it: Node inside the guest, the N-API addon
 * over libteec, the Triad TA in real OP-TEE (test/optee/guest/napi-checks.mjs reports what it
 * saw; this file judges it). Beside it, triad-bridge reaches the same TA instance.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LockState, TA_VERSION, TeecOrigin, TeeResult } from '@triad/tee';
import { OpteeCluster } from '@triad/testkit/optee';

const TEE_ERROR_ITEM_NOT_FOUND = 0xffff0008;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('the optee backend (N-API addon) in Node inside a real OP-TEE guest', () => {
  let device: OpteeCluster;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON from the guest, checked below
  let seen: any;
  beforeAll(async () => {
    device = await OpteeCluster.start(1, 'rootfs-node.cpio.gz');
    const line = await device.guests[0]!.waitFor(/triad-napi: (\{.*\})\r?\n/, 240_000);
    seen = JSON.parse(line[1]!);
  });
  afterAll(() => device?.stop());

  it('GET_INFO through the addon: the TA instance the bridge reaches, unlocked, no cluster yet', async () => {
    const viaBridge = await device.tas[0]!.getInfo();
    expect(seen.info).toEqual({
      version: TA_VERSION,
      identityKey: hex(viaBridge.identityPublicKey),
      lockState: LockState.Unlocked,
    });
    expect(seen.identityAfter).toBe(seen.info.identityKey);
  });

  it('refusals come back typed: commitments without a key or with a bad count, no cluster, no DKG', () => {
    expect(seen.commitNoKey.code).toBe('NO_KEY');
    expect(seen.commitZero.code).toBe('MALFORMED');
    expect(seen.commitTooMany.code).toBe('MALFORMED');
    expect(seen.counterChallenge.code).toBe('BAD_STATE');
    expect(seen.dkgRound2.code).toBe('BAD_STATE');
  });

  it("ATTEST fails cleanly: no attestation PTA in Debian's OP-TEE (ITEM_NOT_FOUND)", () => {
    expect(seen.attest).toEqual({ code: 'TEE', result: TEE_ERROR_ITEM_NOT_FOUND });
  });

  it('the addon alone: an unknown command, a short output buffer, a closed handle', () => {
    expect(seen.addon.unknown).toEqual({
      result: TeeResult.ERROR_NOT_SUPPORTED,
      origin: TeecOrigin.TRUSTED_APP,
    });
    expect(seen.addon.short).toEqual({
      result: TeeResult.ERROR_SHORT_BUFFER,
      origin: TeecOrigin.TRUSTED_APP,
      bytes: 0,
    });
    expect(seen.addon.afterClose.code).toMatch(/^ERR_TEEC_/);
  });
});
