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
const KILL_WAIT_MS = 5000;
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
   * `secureLog`; resolves once the bridge listens. `initrd`: another initramfs of the cache's out/
   * (rootfs-node.cpio.gz: the guest that also runs the optee backend's checks under Node).
   */
  static async boot(disk: string, port: number, secureLog: string, initrd?: string): Promise<OpteeGuest> {
    // A process group of its own (boot.sh's timeout makes it), killed whole by kill().
    const args = [
      join(opteeQemuDir(), 'boot.sh'),
      disk,
      String(port),
      secureLog,
      ...(initrd ? [initrd] : []),
    ];
    const child = spawn('sh', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const guest = new OpteeGuest(child, port);
    try {
      await guest.waitFor(READY, BOOT_TIMEOUT_MS);
    } catch (e) {
      await guest.kill();
      throw e;
    }
    return guest;
  }

  /**
   * The first match of `pattern` on the console (now or later); fails when the guest reports a
   * failure, exits or `timeoutMs` passes first.
   */
  waitFor(pattern: RegExp, timeoutMs = BOOT_TIMEOUT_MS): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`no ${pattern} in time`)), timeoutMs);
      const check = () => {
        const found = pattern.exec(this.console);
        const failed = FAILED.exec(this.console)?.[0];
        if (found) done(undefined, found);
        else if (failed) done(new Error(failed));
      };
      const exit = () => done(new Error('QEMU exited'));
      const done = (e?: Error, found?: RegExpExecArray) => {
        clearTimeout(timer);
        this.child.stdout!.off('data', check);
        this.child.off('exit', exit);
        if (found) return resolve(found);
        reject(
          new Error(
            `OP-TEE guest on port ${this.port}: ${e!.message}; console:\n${this.console.slice(-3000)}`,
          ),
        );
      };
      this.child.stdout!.on('data', check);
      this.child.once('exit', exit);
      check();
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
    // Bounded: an orphaned QEMU that nobody reaps stays in the group as a zombie, holding nothing.
    const until = Date.now() + KILL_WAIT_MS;
    while (groupAlive(group) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
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
