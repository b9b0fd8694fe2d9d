/**
 * The optee backend: the Triad TA in a board's OP-TEE, reached through the GlobalPlatform TEE
 * Client API (libteec) by a small N-API addon (native/teec_addon.c), built by
 * `npm run build:native` where libteec's headers exist. The addon only moves bytes; TaClient makes
 * sense of them exactly as it does for the emulated backend.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TaError } from './errors.js';
import { TA_UUID, TeeResult } from './protocol.js';
import type { Command } from './protocol.js';
import type { TeeTransport } from './trusted-app.js';
import { TaClient } from './trusted-app.js';

/** What libteec says produced a result (GP TEEC_ORIGIN_*). */
export const TeecOrigin = { API: 1, COMMS: 2, TEE: 3, TRUSTED_APP: 4 } as const;

declare const teecHandle: unique symbol;
/** An open context and session, as the addon hands it out (opaque). */
export type TeecHandle = { readonly [teecHandle]: true };

/** The addon's functions (native/teec_addon.c has their contract). */
export interface TeecAddon {
  open(uuid: string, teeName?: string): TeecHandle;
  invoke(
    handle: TeecHandle,
    command: number,
    input: Uint8Array,
    capacity: number,
  ): Promise<{ result: number; origin: number; output: Uint8Array }>;
  close(handle: TeecHandle): void;
}

/**
 * Where `npm run build:native` puts the addon: build/Release/ in this package's directory, found by
 * walking up from this module (src/ under jest, dist/src/ otherwise); TRIAD_TEEC_ADDON overrides it.
 */
export function defaultTeecAddon(): string {
  if (process.env.TRIAD_TEEC_ADDON) return process.env.TRIAD_TEEC_ADDON;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'build', 'Release', 'teec_addon.node');
}

const loaded = new Map<string, TeecAddon>();

/** Loads a compiled addon (once per path); TRANSPORT if it is not there or will not load. */
export function loadTeecAddon(path: string): TeecAddon {
  const cached = loaded.get(path);
  if (cached) return cached;
  if (!existsSync(path)) {
    throw new TaError(
      'TRANSPORT',
      `the optee addon is not built (${path}): run "npm run build:native" in packages/tee where libteec's headers are`,
    );
  }
  const module = { exports: {} as TeecAddon };
  try {
    process.dlopen(module, path);
  } catch (e) {
    // typically libteec itself missing: the addon was built elsewhere
    throw new TaError('TRANSPORT', `cannot load the optee addon ${path}: ${(e as Error).message}`);
  }
  loaded.set(path, module.exports);
  return module.exports;
}

export interface OpteeOptions {
  /** The compiled addon; default `defaultTeecAddon()`. */
  readonly addonPath?: string;
  /**
   * Where the TEE's device nodes (tee0, ...) are looked for first, for a clear error where OP-TEE's
   * driver is absent; default /dev. null skips the check (a libteec that needs no device: the tests').
   */
  readonly deviceDir?: string | null;
  /** TEEC_InitializeContext's name for the TEE; default none (the default TEE; OP-TEE ignores it). */
  readonly teeName?: string;
}

const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

function hasTeeDevice(dir: string): boolean {
  try {
    return readdirSync(dir).some((name) => /^tee\d+$/.test(name));
  } catch {
    return false;
  }
}

/**
 * One libteec context with one session to the TA. The addon runs a handle's commands one at a time,
 * in call order, each off the JS thread.
 */
export class OpteeTransport implements TeeTransport {
  private closed = false;

  private constructor(
    private readonly addon: TeecAddon,
    private readonly handle: TeecHandle,
  ) {}

  static async open(opts: OpteeOptions = {}): Promise<OpteeTransport> {
    const deviceDir = opts.deviceDir === undefined ? '/dev' : opts.deviceDir;
    if (deviceDir !== null && !hasTeeDevice(deviceDir)) {
      throw new TaError(
        'TRANSPORT',
        `no TEE device (${deviceDir}/tee0, ...): OP-TEE's driver is not loaded here`,
      );
    }
    const addon = loadTeecAddon(opts.addonPath ?? defaultTeecAddon());
    try {
      return new OpteeTransport(addon, addon.open(TA_UUID, opts.teeName));
    } catch (e) {
      const err = e as Error & { code?: string; result?: number };
      // as the emulated backend: the TEE unreachable is TRANSPORT, the TA refusing a session TEE
      if (err.code === 'ERR_TEEC_CONTEXT') {
        throw new TaError('TRANSPORT', err.message, { result: err.result });
      }
      if (err.code === 'ERR_TEEC_SESSION') {
        throw new TaError('TEE', `open-session failed: ${hex(err.result ?? 0)}`, { result: err.result });
      }
      throw e;
    }
  }

  async invoke(
    command: Command,
    input: Uint8Array,
    capacity: number,
  ): Promise<{ result: number; output: Uint8Array }> {
    if (this.closed) throw new TaError('TRANSPORT', 'connection closed');
    let answer: { result: number; origin: number; output: Uint8Array };
    try {
      answer = await this.addon.invoke(this.handle, command, input, capacity);
    } catch (e) {
      // closed under a waiting command, or the addon out of memory; a TypeError is our bug: as is
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string' && code.startsWith('ERR_TEEC_')) {
        throw new TaError('TRANSPORT', `libteec: ${(e as Error).message}`);
      }
      throw e;
    }
    const { result, origin, output } = answer;
    // The TA died (panicked), or the way to the TEE failed: as a dead ta-host is for the
    // emulated backend, the TA could not be reached and another peer may be tried.
    if (result === TeeResult.ERROR_TARGET_DEAD || origin === TeecOrigin.COMMS) {
      throw new TaError('TRANSPORT', `libteec: TA unreachable, result ${hex(result)}, origin ${origin}`, {
        result,
      });
    }
    return { result, output };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.addon.close(this.handle);
  }
}

/** A TrustedApp over OP-TEE: the Triad TA at TA_UUID. */
export async function openOpteeTa(opts: OpteeOptions = {}): Promise<TaClient> {
  return new TaClient(await OpteeTransport.open(opts));
}
