/**
 * One QEMU guest running OP-TEE (optee-ta/qemu/boot.sh): TF-A, OP-TEE OS in the secure world,
 * Linux with tee-supplicant and triad-bridge, the Triad TA loaded by real OP-TEE. One guest is one
 * device; its REE FS (the TA's sealed state) lives on a disk image that outlives the guest.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** optee-ta/qemu in this repository, found by walking up from this module. */
export function opteeQemuDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'optee-ta', 'qemu', 'boot.sh'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('optee-ta/qemu not found above the testkit');
    dir = parent;
  }
  return join(dir, 'optee-ta', 'qemu');
}

const BOOT_TIMEOUT_MS = 120_000;
const READY = /triad-bridge: listening on port/;
const FAILED = /triad-guest: failed: .*/;

export class OpteeGuest {
  /** The guest's console (the normal world) so far, for the failure messages. */
  console = '';
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stdout!.on('data', (d: Buffer) => (this.console += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.console += d.toString()));
  }

  /**
   * Boots a guest on `disk` with triad-bridge at 127.0.0.1:`port`, the secure world's log to
   * `secureLog`; resolves once the bridge listens.
   */
  static async boot(disk: string, port: number, secureLog: string): Promise<OpteeGuest> {
    // A process group of its own (boot.sh's timeout makes it), killed whole by kill().
    const child = spawn('sh', [join(opteeQemuDir(), 'boot.sh'), disk, String(port), secureLog], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const guest = new OpteeGuest(child, port);
    try {
      await guest.ready();
    } catch (e) {
      await guest.kill();
      throw e;
    }
    return guest;
  }

  private ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error('did not boot in time')), BOOT_TIMEOUT_MS);
      const check = () => {
        const failed = FAILED.exec(this.console)?.[0];
        if (failed) done(new Error(failed));
        else if (READY.test(this.console)) done();
      };
      const exit = () => done(new Error('QEMU exited'));
      const done = (e?: Error) => {
        clearTimeout(timer);
        this.child.stdout!.off('data', check);
        this.child.off('exit', exit);
        if (!e) return resolve();
        reject(
          new Error(
            `OP-TEE guest on port ${this.port}: ${e.message}; console:\n${this.console.slice(-3000)}`,
          ),
        );
      };
      this.child.stdout!.on('data', check);
      this.child.once('exit', exit);
    });
  }

  /** Pulls the plug: QEMU and its wrappers die at once; resolves when none of them is left. */
  async kill(): Promise<void> {
    const group = this.child.pid!;
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // already gone
    }
    await this.exited;
    // The disk image is free only once QEMU itself is gone, not just boot.sh's first process.
    while (groupAlive(group)) await new Promise((r) => setTimeout(r, 20));
  }
}

function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}
