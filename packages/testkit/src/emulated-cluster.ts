/**
 * An emulated cluster of Triad TAs on one machine: one ta-host process per device, each with its
 * own data dir under one dir, driven as a TaGroup; devices can be restarted, crashed and rolled
 * back. For tests, the benchmark and `npm start`; the signer peers do the same across machines.
 */
import { TaClient, TaHostConnection, TaHostProcess } from '@triad/tee';
import type { TeeTransport } from '@triad/tee';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TaGroup } from './ta-group.js';

export interface ClusterOptions {
  /** Another ta-host build (the secrets test uses ta-host-reveal). */
  readonly binary?: string;
  /** Extra environment for device i's ta-host. */
  readonly envFor?: (dir: string, i: number) => Record<string, string>;
  /** Wraps each TA's transport (the secrets test records every byte). */
  readonly wrap?: (t: TeeTransport, i: number) => TeeTransport;
  /**
   * Where the devices live (`npm start`'s .triad/dev): made if missing, reused as it is, kept on
   * stop. Without it, a fresh temp dir that stop removes.
   */
  readonly dir?: string;
}

/** Emulated devices: one ta-host process each, with its own data dir, under one temp dir. */
export class EmulatedCluster extends TaGroup {
  readonly hosts: TaHostProcess[] = [];

  private constructor(
    readonly dir: string,
    private readonly opts: ClusterOptions,
  ) {
    super([]);
  }

  static async start(n = 3, opts: ClusterOptions = {}): Promise<EmulatedCluster> {
    if (opts.dir) mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
    const c = new EmulatedCluster(opts.dir ?? mkdtempSync(join(tmpdir(), 'triad-tee-')), opts);
    try {
      for (let i = 0; i < n; i++) await c.startDevice(i);
    } catch (e) {
      await c.stop();
      throw e;
    }
    return c;
  }

  dataDir = (i: number) => join(this.dir, `device-${i + 1}`);
  socketPath = (i: number) => join(this.dir, `ta-${i + 1}.sock`);

  private async startDevice(i: number, measurementFile?: string): Promise<void> {
    this.hosts[i] = await TaHostProcess.start({
      dataDir: this.dataDir(i),
      socketPath: this.socketPath(i),
      binary: this.opts.binary,
      env: this.opts.envFor?.(this.dir, i),
      ...(measurementFile ? { measurementFile } : {}),
    });
    const transport = await TaHostConnection.connect(this.socketPath(i));
    this.tas[i] = new TaClient(this.opts.wrap ? this.opts.wrap(transport, i) : transport);
  }

  /**
   * Stops device i (SIGTERM, or SIGKILL for a crash) and starts it again on the same data dir;
   * with `measurementFile`, as another TA build would run there.
   */
  async restart(i: number, how: 'stop' | 'kill' = 'stop', measurementFile?: string): Promise<void> {
    await this.stopDevice(i, how);
    await this.startDevice(i, measurementFile);
  }

  private async stopDevice(i: number, how: 'stop' | 'kill'): Promise<void> {
    await this.tas[i]!.close();
    await (how === 'kill' ? this.hosts[i]!.kill() : this.hosts[i]!.stop());
  }

  /**
   * Copies device i's data dir to `to`, as its host can at any moment: sealed objects are replaced
   * whole (a `.tmp` being written is left out) or written in place in one of two slots.
   */
  copyDataDir(i: number, to: string): void {
    rmSync(to, { recursive: true, force: true });
    cpSync(this.dataDir(i), to, { recursive: true, filter: (src) => !src.endsWith('.tmp') });
  }

  /**
   * What a host does to roll its TA back: stops device i (`how`, as for restart), puts `copy` in
   * place of its data dir, and starts it again there.
   */
  async restoreDataDir(i: number, copy: string, how: 'stop' | 'kill' = 'stop'): Promise<void> {
    await this.stopDevice(i, how);
    rmSync(this.dataDir(i), { recursive: true });
    cpSync(copy, this.dataDir(i), { recursive: true });
    await this.startDevice(i);
  }

  async stop(): Promise<void> {
    await Promise.all(this.tas.map((t) => t.close()));
    if (this.opts.dir) {
      await Promise.all(this.hosts.map((h) => h.stop())); // kept: a clean stop, state sealed
      return;
    }
    await Promise.all(this.hosts.map((h) => h.kill()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
