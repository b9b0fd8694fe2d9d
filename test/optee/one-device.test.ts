/**
 * One Triad TA in real OP-TEE (one QEMU guest), through libteec (triad-bridge): what one device
 * answers alone, before any DKG. Bad input reaches OP-TEE's entry point and the TA's own guards,
 * not a ta-host's; the attestation PTA is not in Debian's OP-TEE build, so ATTEST must fail
 * cleanly with OP-TEE's ITEM_NOT_FOUND and leave the TA serving.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Command,
  LockState,
  Limits,
  TA_VERSION,
  Tag,
  TaHostConnection,
  TeeResult,
  TriadResult,
} from '@triad/tee';
import { OpteeCluster } from '@triad/testkit/optee';
import { refusal } from '../../packages/tee/test/contract.js';
import { FrameClient, u32 } from './frames.js';

const TEE_ERROR_ITEM_NOT_FOUND = 0xffff0008;
const noKey = { keyType: 'babe', publicKey: new Uint8Array(32).fill(9) };

describe('one real OP-TEE TA (one QEMU guest)', () => {
  let device: OpteeCluster;
  let raw: TaHostConnection;
  beforeAll(async () => {
    device = await OpteeCluster.start(1);
    raw = await TaHostConnection.connect({ host: '127.0.0.1', port: device.guests[0]!.port });
  });
  afterAll(async () => {
    await raw?.close();
    await device?.stop();
  });

  it('GET_INFO: version, an identity key made inside the TA, no cluster and no keys yet', async () => {
    const info = await device.tas[0]!.getInfo();
    expect(info.version).toBe(TA_VERSION);
    expect(info.identityPublicKey.length).toBe(32);
    expect(info.identityPublicKey.some((b) => b !== 0)).toBe(true);
    expect(info).toMatchObject({ counter: 0n, ownId: 0, keys: [], lockState: LockState.Unlocked });
  });

  it('nonce commitments: none for a key the TA does not hold, a count outside 1..32 is MALFORMED', async () => {
    const ta = device.tas[0]!;
    expect(await refusal(ta.commitNonces(noKey, 1))).toBe('NO_KEY');
    expect(await refusal(ta.commitNonces(noKey, 0))).toBe('MALFORMED');
    expect(await refusal(ta.commitNonces(noKey, Limits.MAX_COMMIT_BATCH + 1))).toBe('MALFORMED');
  });

  it('malformed invocations through libteec are refused by OP-TEE or the TA, which keeps serving', async () => {
    const ask = (command: number, input: Uint8Array, capacity: number = Limits.MAX_OUTPUT) =>
      raw.invoke(command as Command, input, capacity);
    expect((await ask(99, new Uint8Array())).result).toBe(TeeResult.ERROR_NOT_SUPPORTED);
    const short = await ask(Command.GetInfo, new Uint8Array(), 64);
    expect(short.result).toBe(TeeResult.ERROR_SHORT_BUFFER);
    expect(short.output.length).toBe(0);
    expect((await ask(Command.DkgRound1, new Uint8Array(70_000))).result).toBe(TriadResult.MALFORMED);
    expect((await ask(Command.DkgRound1, new Uint8Array([0x24, 1, 2, 3]))).result).toBe(
      TriadResult.MALFORMED,
    );
    expect((await ask(Command.CounterReport, new Uint8Array(5))).result).toBe(TriadResult.MALFORMED);
    expect((await device.tas[0]!.getInfo()).version).toBe(TA_VERSION);
  });

  it("ATTEST fails cleanly: Debian's OP-TEE has no attestation PTA (ITEM_NOT_FOUND)", async () => {
    const ta = device.tas[0]!;
    const failed = await ta.attest(new Uint8Array(32).fill(1)).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'TEE', result: TEE_ERROR_ITEM_NOT_FOUND });
    const short = await raw.invoke(
      Command.Attest,
      Uint8Array.of(Tag.AttestRequest, 1, 2, 3),
      Limits.MAX_OUTPUT,
    );
    expect(short.result).toBe(TriadResult.MALFORMED);
    expect((await ta.getInfo()).version).toBe(TA_VERSION);
  });

  it('triad-bridge answers as ta-host does: unknown op, a foreign session, a closed session, an empty frame', async () => {
    const c = await FrameClient.connect(device.guests[0]!.port);
    try {
      const [NOT_SUPPORTED, BAD_PARAMETERS, COMMS, TEE, TA] = [0xffff000a, 0xffff0006, 2, 3, 4];
      expect(await c.ask(Buffer.of(9))).toEqual(u32(NOT_SUPPORTED, COMMS));
      const opened = await c.ask(Buffer.of(1));
      expect(opened.subarray(0, 8)).toEqual(u32(TeeResult.SUCCESS, TA));
      const session = opened.readUInt32LE(8);
      const getInfo = (id: number) => Buffer.concat([Buffer.of(2), u32(id, Command.GetInfo, 0x65, 0, 4096)]);
      expect(await c.ask(getInfo(session + 1))).toEqual(u32(BAD_PARAMETERS, TEE, 0));
      expect((await c.ask(getInfo(session))).subarray(0, 8)).toEqual(u32(TeeResult.SUCCESS, TA));
      const close = Buffer.concat([Buffer.of(3), u32(session)]);
      expect(await c.ask(close)).toEqual(u32(TeeResult.SUCCESS, TEE));
      expect(await c.ask(close)).toEqual(u32(BAD_PARAMETERS, TEE));
      void c.ask(Buffer.alloc(0));
      await c.closed;
    } finally {
      c.close();
    }
    expect((await device.tas[0]!.getInfo()).version).toBe(TA_VERSION);
  });

  it('the identity key is sealed in the REE FS on the disk image: kept across a reboot', async () => {
    const before = (await device.tas[0]!.getInfo()).identityPublicKey;
    await device.reboot(0);
    expect((await device.tas[0]!.getInfo()).identityPublicKey).toEqual(before);
  });
});
