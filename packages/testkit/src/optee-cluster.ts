/**
 * A cluster of Triad TAs in real OP-TEE: one QEMU guest per device (OpteeGuest), each TA reached
 * through its triad-bridge by @triad/tee's socket transport over TCP, driven as a TaGroup like the
 * emulated cluster. A device's sealed state is its disk image: a reboot keeps it, restoring an
 * older copy rolls the TA's storage back.
 */
import { TaClient, TaHostConnection } from '@triad/tee';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpteeGuest } from './optee-guest.js';
import { freePort } from './ports.js';
import { TaGroup } from './ta-group.js';

/** Room for the REE FS: a few sealed objects of a few KiB each. */
const DISK_SIZE = '16M';

export class OpteeCluster extends TaGroup {
  readonly guests: OpteeGuest[] = [];

  private constructor(
    readonly dir: string,
    private readonly initrd?: string,
  ) {
    super([]);
  }

  /**
   * Boots `n` guests at once, each with a fresh disk image, under TRIAD_OPTEE_RUN_DIR (set by
   * optee-ta/qemu/test.sh, which removes it whatever happens) or a temp dir; `initrd` as for
   * OpteeGuest.boot.
   */
  static async start(n = 3, initrd?: string): Promise<OpteeCluster> {
    const parent = process.env.TRIAD_OPTEE_RUN_DIR ?? tmpdir();
    mkdirSync(parent, { recursive: true });
    const c = new OpteeCluster(mkdtempSync(join(parent, 'cluster-')), initrd);
    try {
      await Promise.all(
        Array.from({ length: n }, async (_, i) => {
          execFileSync('mke2fs', ['-q', '-t', 'ext4', '-F', c.disk(i), DISK_SIZE]);
          await c.bootDevice(i);
        }),
      );
    } catch (e) {
      await c.stop();
      throw e;
    }
    return c;
  }

  disk = (i: number) => join(this.dir, `device-${i + 1}.img`);
  secureLog = (i: number) => join(this.dir, `device-${i + 1}.secure.log`);

  private async bootDevice(i: number): Promise<void> {
    const started = Date.now();
    this.guests[i] = await OpteeGuest.boot(this.disk(i), await freePort(), this.secureLog(i), this.initrd);
    // Where a CI log's time goes: each boot, up to the bridge listening.
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(
      `optee-qemu: device ${i + 1} booted in ${seconds} s (127.0.0.1:${this.guests[i]!.port})\n`,
    );
    this.tas[i] = new TaClient(
      await TaHostConnection.connect({ host: '127.0.0.1', port: this.guests[i]!.port }),
    );
  }

  private async powerOff(i: number): Promise<void> {
    await this.tas[i]?.close();
    await this.guests[i]?.kill();
  }

  /** Device i loses power and boots again on the same disk: a new TA instance, its state kept. */
  async reboot(i: number): Promise<void> {
    await this.powerOff(i);
    await this.bootDevice(i);
  }

  /** A copy of device i's disk image, taken while it runs (every write is synchronous). */
  copyDisk(i: number, to: string): void {
    copyFileSync(this.disk(i), to);
  }

  /** What a host does to roll its TA back: power off device i, put `copy` in place, boot. */
  async restoreDisk(i: number, copy: string): Promise<void> {
    await this.powerOff(i);
    copyFileSync(copy, this.disk(i));
    await this.bootDevice(i);
  }

  async stop(): Promise<void> {
    await Promise.all(this.guests.map((_, i) => this.powerOff(i)));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
