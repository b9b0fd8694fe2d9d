/**
 * The emulated backend: a `ta-host` process (optee-ta/host) runs the unchanged TA sources over a
 * small GP API port, one process per emulated device, and serves the TA over a unix socket
 * (protocol: optee-ta/host/PROTOCOL.md). The peer only ever sees the bytes a real TEE client would.
 * The same protocol over TCP reaches `triad-bridge` (optee-ta/qemu), the TA in real OP-TEE.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { TaError } from './errors.js';
import { ParamType, TeeResult } from './protocol.js';
import type { Command } from './protocol.js';
import type { TeeTransport } from './trusted-app.js';
import { TaClient } from './trusted-app.js';

const Op = { OpenSession: 1, Invoke: 2, CloseSession: 3 } as const;
const MAX_FRAME = 1 << 20;
const INVOKE_PARAM_TYPES = ParamType.MEMREF_INPUT | (ParamType.MEMREF_OUTPUT << 4);

/**
 * Where `npm run build:ta` puts ta-host in this repository (found by walking up from this module,
 * which runs from src/ under jest and from dist/src/ otherwise); TRIAD_TA_HOST overrides it.
 */
export function defaultTaHostBinary(): string {
  if (process.env.TRIAD_TA_HOST) return process.env.TRIAD_TA_HOST;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'optee-ta', 'build', 'host', 'ta-host');
    if (existsSync(join(dir, 'optee-ta'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return candidate;
    dir = parent;
  }
}

const u32 = (n: number): Uint8Array => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, true);
  return b;
};

/**
 * Where a server of the ta-host protocol listens: a ta-host's unix socket path, or a TCP address
 * (triad-bridge in a QEMU guest, reached through a loopback port forward).
 */
export type TaHostAddress = string | { readonly host: string; readonly port: number };

const describeAddress = (a: TaHostAddress): string => (typeof a === 'string' ? a : `${a.host}:${a.port}`);

/**
 * One connection to a ta-host with one open session. Commands are sent one at a time (the TA is
 * single-instance and runs them one at a time anyway); concurrent callers queue.
 */
export class TaHostConnection implements TeeTransport {
  private buffer = new Uint8Array(0);
  private waiting: { resolve: (b: Uint8Array) => void; reject: (e: Error) => void } | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private failure: TaError | undefined;

  private constructor(
    private readonly socket: Socket,
    private session: number,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e) => this.fail(new TaError('TRANSPORT', `ta-host socket: ${e.message}`)));
    socket.on('close', () => this.fail(new TaError('TRANSPORT', 'ta-host closed the connection')));
  }

  static async connect(address: TaHostAddress, timeoutMs = 5000): Promise<TaHostConnection> {
    const where = describeAddress(address);
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = createConnection(
        typeof address === 'string'
          ? { path: address }
          : { host: address.host, port: address.port, noDelay: true },
      );
      const timer = setTimeout(() => {
        s.destroy();
        reject(new TaError('TRANSPORT', `ta-host at ${where} did not accept within ${timeoutMs} ms`));
      }, timeoutMs);
      s.once('connect', () => {
        clearTimeout(timer);
        resolve(s);
      });
      s.once('error', (e) => {
        clearTimeout(timer);
        reject(new TaError('TRANSPORT', `cannot reach ta-host at ${where}: ${e.message}`));
      });
    });
    const conn = new TaHostConnection(socket, 0);
    const answer = await conn.exchange(Uint8Array.of(Op.OpenSession));
    const view = new DataView(answer.buffer, answer.byteOffset, answer.byteLength);
    if (answer.length !== 12) throw new TaError('PROTOCOL', 'open-session answer has the wrong length');
    const result = view.getUint32(0, true);
    if (result !== TeeResult.SUCCESS) {
      socket.destroy();
      throw new TaError('TEE', `open-session failed: 0x${result.toString(16)}`, { result });
    }
    conn.session = view.getUint32(8, true);
    return conn;
  }

  invoke(
    command: Command,
    input: Uint8Array,
    capacity: number,
  ): Promise<{ result: number; output: Uint8Array }> {
    const body = new Uint8Array(1 + 12 + 4 + input.length + 4);
    body.set([Op.Invoke]);
    body.set(u32(this.session), 1);
    body.set(u32(command), 5);
    body.set(u32(INVOKE_PARAM_TYPES), 9);
    body.set(u32(input.length), 13);
    body.set(input, 17);
    body.set(u32(capacity), 17 + input.length);
    return this.serialized(async () => {
      const answer = await this.exchange(body);
      return parseInvokeAnswer(answer, capacity);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.socket.end();
    this.socket.destroy();
  }

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private exchange(body: Uint8Array): Promise<Uint8Array> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new TaError('TRANSPORT', 'connection closed'));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      const frame = new Uint8Array(4 + body.length);
      frame.set(u32(body.length));
      frame.set(body, 4);
      this.socket.write(frame);
    });
  }

  private onData(chunk: Buffer): void {
    const merged = new Uint8Array(this.buffer.length + chunk.length);
    merged.set(this.buffer);
    merged.set(chunk, this.buffer.length);
    this.buffer = merged;
    while (this.buffer.length >= 4) {
      const len = new DataView(this.buffer.buffer, this.buffer.byteOffset).getUint32(0, true);
      if (len > MAX_FRAME) return this.fail(new TaError('PROTOCOL', `ta-host sent a ${len}-byte frame`));
      if (this.buffer.length < 4 + len) return;
      const body = this.buffer.slice(4, 4 + len);
      this.buffer = this.buffer.slice(4 + len);
      const w = this.waiting;
      this.waiting = undefined;
      if (!w) return this.fail(new TaError('PROTOCOL', 'ta-host answered a question nobody asked'));
      w.resolve(body);
    }
  }

  private fail(e: TaError): void {
    this.failure ??= e;
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(this.failure);
  }
}

function parseInvokeAnswer(answer: Uint8Array, capacity: number): { result: number; output: Uint8Array } {
  const view = new DataView(answer.buffer, answer.byteOffset, answer.byteLength);
  if (answer.length < 8) throw new TaError('PROTOCOL', 'invoke answer too short');
  const result = view.getUint32(0, true);
  // params: MEMREF_INPUT carries nothing back; MEMREF_OUTPUT: u32 size, then min(size, capacity) bytes
  if (answer.length < 12) {
    if (result === TeeResult.SUCCESS) throw new TaError('PROTOCOL', 'invoke answer lacks its output');
    return { result, output: new Uint8Array() };
  }
  const size = view.getUint32(8, true);
  const carried = result === TeeResult.ERROR_SHORT_BUFFER ? 0 : Math.min(size, capacity);
  if (answer.length !== 12 + carried) throw new TaError('PROTOCOL', 'invoke answer has the wrong length');
  return { result, output: answer.slice(12, 12 + carried) };
}

export interface TaHostOptions {
  /** The emulated device's directory: its HUK, attestation key and sealed objects. */
  readonly dataDir: string;
  readonly socketPath: string;
  /** A different measurement simulates a TA build that was not enrolled. */
  readonly measurementFile?: string;
  readonly binary?: string;
  readonly readyTimeoutMs?: number;
  /** Extra environment for the process (tests only, e.g. TRIAD_TEST_REVEAL_FILE). */
  readonly env?: Readonly<Record<string, string>>;
}

/** A running ta-host: one emulated device with the Triad TA loaded. */
export class TaHostProcess {
  readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly socketPath: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static async start(opts: TaHostOptions): Promise<TaHostProcess> {
    const binary = opts.binary ?? defaultTaHostBinary();
    if (!existsSync(binary)) {
      throw new TaError('TRANSPORT', `ta-host not found at ${binary}: run "npm run build:ta" (or npm test)`);
    }
    const args = ['--socket', opts.socketPath, '--data-dir', opts.dataDir];
    if (opts.measurementFile) args.push('--measurement-file', opts.measurementFile);
    const child = spawn(binary, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...opts.env },
    });
    const proc = new TaHostProcess(child, opts.socketPath);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new TaError('TRANSPORT', `ta-host did not get ready in time: ${stderr}`));
      }, opts.readyTimeoutMs ?? 10_000);
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (/\bready\b/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new TaError('TRANSPORT', `ta-host exited (${code}) before it was ready: ${stderr}`));
      });
    });
    return proc;
  }

  /** Graceful stop (SIGTERM): the TA is destroyed, its RAM (nonce pool) gone. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }

  /** A crash: no clean-up at all. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** A TrustedApp over a running ta-host (its socket path) or a triad-bridge (its TCP address). */
export async function openEmulatedTa(address: TaHostAddress): Promise<TaClient> {
  return new TaClient(await TaHostConnection.connect(address));
}
