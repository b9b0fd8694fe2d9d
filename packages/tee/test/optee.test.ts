/**
 * The optee backend here, where there is no TEE: the addon built against a fake libteec
 * (native/test/) that forwards the TEE Client API calls to ta-host processes, so the same contract
 * as the emulated backend's runs through the addon, libteec's API and the TA.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Command,
  OpteeTransport,
  TA_UUID,
  Tag,
  TaError,
  TaHostProcess,
  TeeResult,
  TeecOrigin,
  TriadResult,
  loadTeecAddon,
  openOpteeTa,
} from '../src/index.js';
import type { TeecAddon, TeecHandle } from '../src/index.js';
import { refusal, taContract } from './contract.js';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const FAKE_ADDON = join(pkg, 'native', 'build-fake', 'teec_addon.node');
const TEEC_ERROR_ITEM_NOT_FOUND = 0xffff0008;
const TEEC_ERROR_BUSY = 0xffff000d;
const UNKNOWN_COMMAND = 0xdead;

/** ta-host processes, each an emulated device with its own data dir, under one temp dir. */
class Devices {
  readonly dir = mkdtempSync(join(tmpdir(), 'triad-optee-'));
  readonly hosts: TaHostProcess[] = [];

  socketPath = (i: number) => join(this.dir, `ta-${i + 1}.sock`);

  async start(i: number): Promise<void> {
    this.hosts[i] = await TaHostProcess.start({
      dataDir: join(this.dir, `device-${i + 1}`),
      socketPath: this.socketPath(i),
    });
  }

  async stop(): Promise<void> {
    await Promise.all(this.hosts.map((h) => h.kill()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The TEE name is the fake's socket: env vars set in a jest test never reach the C side. */
const optee = (devices: Devices, i: number) => ({
  addonPath: FAKE_ADDON,
  deviceDir: null,
  teeName: devices.socketPath(i),
});

/** What f throws (failing the test if it does not). */
function thrown(f: () => unknown): Error & { code?: string; result?: number; origin?: number } {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('the optee backend: the addon over a fake libteec forwarding to ta-host', () => {
  const devices = new Devices();
  let addon: TeecAddon;

  beforeAll(async () => {
    // builds the addon and the fake when they are older than their sources (a few seconds)
    execFileSync(process.execPath, [join(pkg, 'scripts', 'build-native.mjs'), '--fake'], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
    addon = loadTeecAddon(FAKE_ADDON);
    for (let i = 0; i < 3; i++) await devices.start(i);
  });
  afterAll(() => devices.stop());

  taContract('the TA contract through libteec', (i) => openOpteeTa(optee(devices, i)));

  describe('the addon', () => {
    const open = (i = 2) => addon.open(TA_UUID, devices.socketPath(i));
    const getInfo = (h: TeecHandle) => addon.invoke(h, Command.GetInfo, new Uint8Array(), 4096);

    it('refuses bad arguments with a TypeError naming the argument, and the handle keeps working', async () => {
      const h = open();
      const cases: [() => unknown, string, RegExp][] = [
        [() => addon.open(42 as never), 'ERR_INVALID_ARG_TYPE', /^uuid must be a string/],
        [() => addon.open('6d7f09ac-f212-42f6-bbe0'), 'ERR_INVALID_ARG_VALUE', /^uuid must look like/],
        [() => addon.open(TA_UUID.replace('6d', 'g6')), 'ERR_INVALID_ARG_VALUE', /^uuid must look like/],
        [() => addon.open(TA_UUID.replaceAll('-', '_')), 'ERR_INVALID_ARG_VALUE', /^uuid must look like/],
        [() => addon.open(TA_UUID, 7 as never), 'ERR_INVALID_ARG_TYPE', /^teeName must be a string/],
        [() => addon.open(TA_UUID, ''), 'ERR_INVALID_ARG_VALUE', /^teeName must be 1 to 254 bytes/],
        [() => addon.open(TA_UUID, 'a\0b'), 'ERR_INVALID_ARG_VALUE', /^teeName must be 1 to 254 bytes/],
        [
          () => (addon.invoke as (...a: unknown[]) => unknown)(h, 0),
          'ERR_INVALID_ARG_TYPE',
          /takes 4 arguments/,
        ],
        [
          () => addon.invoke({} as never, 0, new Uint8Array(), 8),
          'ERR_INVALID_ARG_TYPE',
          /^handle must be a handle/,
        ],
        [
          () => addon.invoke(null as never, 0, new Uint8Array(), 8),
          'ERR_INVALID_ARG_TYPE',
          /^handle must be a handle/,
        ],
        [
          () => addon.invoke(h, '0' as never, new Uint8Array(), 8),
          'ERR_INVALID_ARG_TYPE',
          /^command must be a number/,
        ],
        ...[-1, 1.5, 2 ** 32, NaN, Infinity].map((c): [() => unknown, string, RegExp] => [
          () => addon.invoke(h, c, new Uint8Array(), 8),
          'ERR_INVALID_ARG_VALUE',
          /^command must be an integer from 0 to 4294967295/,
        ]),
        ...['x', [1, 2], new Uint16Array(2), new ArrayBuffer(2), undefined].map(
          (input): [() => unknown, string, RegExp] => [
            () => addon.invoke(h, 0, input as never, 8),
            'ERR_INVALID_ARG_TYPE',
            /^input must be a Uint8Array/,
          ],
        ),
        [
          () => addon.invoke(h, 0, new Uint8Array(2 ** 20 + 1), 8),
          'ERR_INVALID_ARG_VALUE',
          /^input must be at most/,
        ],
        [
          () => addon.invoke(h, 0, new Uint8Array(), '8' as never),
          'ERR_INVALID_ARG_TYPE',
          /^capacity must be a number/,
        ],
        ...[-1, 0.5, 2 ** 20 + 1].map((c): [() => unknown, string, RegExp] => [
          () => addon.invoke(h, 0, new Uint8Array(), c),
          'ERR_INVALID_ARG_VALUE',
          /^capacity must be an integer from 0 to 1048576/,
        ]),
        [() => (addon.close as () => void)(), 'ERR_INVALID_ARG_TYPE', /^handle must be a handle/],
        [() => addon.close({} as never), 'ERR_INVALID_ARG_TYPE', /^handle must be a handle/],
      ];
      try {
        for (const [f, code, message] of cases) {
          const e = thrown(f);
          // created in the addon's realm: compare by name, not by constructor
          expect({ name: e.name, code: e.code }).toEqual({ name: 'TypeError', code });
          expect(e.message).toMatch(message);
        }
        const { result, origin, output } = await getInfo(h);
        expect([result, origin, output[0]]).toEqual([TeeResult.SUCCESS, TeecOrigin.TRUSTED_APP, Tag.Info]);
        // a view sends its own bytes, not its buffer's: this TA has no 'gran' key, and junk is MALFORMED
        const request = new Uint8Array([
          0xff,
          0xff,
          Tag.KeyId,
          ...Buffer.from('gran'),
          ...new Uint8Array(32),
          0xff,
        ]).subarray(2, 2 + 1 + 4 + 32);
        expect((await addon.invoke(h, Command.ExportPublic, request, 4096)).result).toBe(TriadResult.NO_KEY);
        // and a Buffer is a Uint8Array
        expect((await addon.invoke(h, Command.GetInfo, Buffer.alloc(0), 4096)).result).toBe(
          TeeResult.SUCCESS,
        );
      } finally {
        addon.close(h);
      }
    });

    it('opens only the TA it names (UUID in either case); another UUID is ITEM_NOT_FOUND from the TEE', async () => {
      const e = thrown(() => addon.open('00000000-0000-0000-0000-000000000000', devices.socketPath(2)));
      expect([e.code, e.result, e.origin]).toEqual([
        'ERR_TEEC_SESSION',
        TEEC_ERROR_ITEM_NOT_FOUND,
        TeecOrigin.TEE,
      ]);
      const h = addon.open(TA_UUID.toUpperCase(), devices.socketPath(2));
      expect((await getInfo(h)).result).toBe(TeeResult.SUCCESS);
      addon.close(h);
    });

    it("without a TEE name libteec picks the default TEE: the fake's is $TRIAD_FAKE_TEEC_SOCKET", () => {
      // in a child: a jest test's process.env is a copy that never reaches getenv()
      const script = `const m = { exports: {} }; process.dlopen(m, process.argv[1]);
        const h = m.exports.open(process.argv[2]);
        m.exports.invoke(h, 0, new Uint8Array(), 4096).then((a) => { m.exports.close(h); console.log(a.result, a.output[0]); });`;
      const out = execFileSync(process.execPath, ['-e', script, FAKE_ADDON, TA_UUID], {
        env: { ...process.env, TRIAD_FAKE_TEEC_SOCKET: devices.socketPath(2) },
        encoding: 'utf8',
      });
      expect(out.trim()).toBe(`${TeeResult.SUCCESS} ${Tag.Info}`);
    });

    it('a short output buffer is SHORT_BUFFER with no bytes; an unknown command is the TA refusing it', async () => {
      const h = open();
      expect(await addon.invoke(h, Command.GetInfo, new Uint8Array(), 16)).toEqual({
        result: TeeResult.ERROR_SHORT_BUFFER,
        origin: TeecOrigin.TRUSTED_APP,
        output: new Uint8Array(),
      });
      // (the output is whatever the TA left in it, as on a board: here the untouched buffer)
      const unknown = await addon.invoke(h, UNKNOWN_COMMAND, new Uint8Array([1, 2, 3]), 4096);
      expect([unknown.result, unknown.origin]).toEqual([
        TeeResult.ERROR_NOT_SUPPORTED,
        TeecOrigin.TRUSTED_APP,
      ]);
      addon.close(h);
    });

    it('runs concurrent commands on one handle one at a time, in call order, and answers every one', async () => {
      const h = open();
      const order: number[] = [];
      // the fake refuses a command that overlaps another on its session with TEEC_ERROR_BUSY
      const answers = await Promise.all(
        Array.from({ length: 48 }, (_, i) =>
          addon.invoke(h, i % 2 ? UNKNOWN_COMMAND : Command.GetInfo, new Uint8Array(), 4096).then((a) => {
            order.push(i);
            return a;
          }),
        ),
      );
      addon.close(h);
      expect(order).toEqual(Array.from({ length: 48 }, (_, i) => i));
      expect(answers.filter((a) => a.result === TEEC_ERROR_BUSY)).toEqual([]);
      answers.forEach((a, i) => {
        if (i % 2) expect(a.result).toBe(TeeResult.ERROR_NOT_SUPPORTED);
        else expect([a.result, a.output[0]]).toEqual([TeeResult.SUCCESS, Tag.Info]);
      });
    });

    it('a closed handle refuses commands; closing answers the running one, rejects the waiting ones', async () => {
      const h = open();
      const calls = [0, 1, 2, 3].map(() => getInfo(h));
      addon.close(h);
      const settled = await Promise.allSettled(calls);
      expect(settled[0]).toMatchObject({ status: 'fulfilled', value: { result: TeeResult.SUCCESS } });
      for (const s of settled.slice(1)) {
        expect(s).toMatchObject({ status: 'rejected', reason: { code: 'ERR_TEEC_CLOSED' } });
      }
      expect(thrown(() => getInfo(h)).code).toBe('ERR_TEEC_CLOSED');
      addon.close(h); // closing twice: nothing happens
    });
  });

  describe('OpteeTransport', () => {
    it('a closed transport is TRANSPORT, as the emulated one', async () => {
      const t = await OpteeTransport.open(optee(devices, 1));
      expect((await t.invoke(Command.GetInfo, new Uint8Array(), 4096)).result).toBe(TeeResult.SUCCESS);
      await t.close();
      await t.close();
      expect(await refusal(t.invoke(Command.GetInfo, new Uint8Array(), 4096))).toBe('TRANSPORT');
    });

    it('a TA that dies (the ta-host killed) is TRANSPORT: TARGET_DEAD from the TEE', async () => {
      await devices.start(3);
      const ta = await openOpteeTa(optee(devices, 3));
      try {
        expect((await ta.getInfo()).version).toBe(1);
        await devices.hosts[3]!.kill();
        const e = await ta.getInfo().catch((err: unknown) => err);
        expect(e).toBeInstanceOf(TaError);
        expect([(e as TaError).code, (e as TaError).result]).toEqual([
          'TRANSPORT',
          TeeResult.ERROR_TARGET_DEAD,
        ]);
      } finally {
        await ta.close();
      }
    });

    it('no TEE device, no addon, or no TEE behind libteec: a clear TRANSPORT error', async () => {
      const empty = mkdtempSync(join(tmpdir(), 'triad-optee-dev-'));
      try {
        const noDevice = await OpteeTransport.open({ deviceDir: empty }).catch((e: unknown) => e);
        expect(noDevice).toMatchObject({
          code: 'TRANSPORT',
          message: expect.stringMatching(/no TEE device/),
        });
        const noAddon = await OpteeTransport.open({
          deviceDir: null,
          addonPath: join(empty, 'teec_addon.node'),
        }).catch((e: unknown) => e);
        expect(noAddon).toMatchObject({
          code: 'TRANSPORT',
          message: expect.stringMatching(/optee addon is not built/),
        });
        const noTee = await openOpteeTa({
          addonPath: FAKE_ADDON,
          deviceDir: null,
          teeName: join(empty, 'none.sock'),
        }).catch((e: unknown) => e);
        expect(noTee).toMatchObject({ code: 'TRANSPORT', result: TEEC_ERROR_ITEM_NOT_FOUND });
        expect(noTee).toBeInstanceOf(TaError);
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    });
  });
});
