/**
 * One device of an EmulatedCluster restarted with its storage under the test's control: its
 * ta-host runs in a private mount namespace where the data dir is a small tmpfs holding a copy of
 * the sealed state, and the objects dir (where the TA's state lives) is a bind mount of its own.
 * The test then breaks that storage under the running TA, and heals it:
 *
 * - `fill()`: the tmpfs is filled with a file until ENOSPC (disk full); `free()` deletes it;
 * - `releaseSpareSlot()`: the object file's spare slot (the one the next seal writes in place) gives
 *   its blocks back, as a copy-on-write or thin-provisioned file system needs fresh blocks for
 *   every overwrite; the emulation writes its object files whole (no holes), so on a plain file
 *   system a full disk does not stop a seal in place;
 * - `readOnly()`: the objects mount is remounted read-only (EROFS, which root cannot write
 *   either); `writable()` undoes it. (Not the whole tmpfs: ta-host holds its lock file open for
 *   writing, so the file system cannot go read-only; a bind mount's own flag can.)
 *
 * How: ta-host is started through a generated shell script that enters the namespace
 * (`unshare --mount` as root, `unshare -Urm` otherwise; without --fork, unshare execs in place),
 * mounts the tmpfs, copies the state in, and execs the real ta-host with the same arguments: the child's pid is
 * ta-host's pid. The test reaches that namespace's files through /proc/<pid>/root and its mounts
 * with `nsenter -t <pid> -m`. ta-host opened its dirs before any fault, so only this process sees
 * them, and everything dies with it: the namespace, its mounts and the tmpfs. The process is
 * the cluster's `hosts[i]`, so the cluster's stop kills it too.
 *
 * `restore()` puts the device back on its real data dir: the sealed state (which moved on while
 * confined) is copied back first, or the TA would come back rolled back.
 */
import { TaHostProcess, defaultTaHostBinary, openEmulatedTa } from '@triad/tee';
import type { TaInfo, TrustedApp } from '@triad/tee';
import type { EmulatedCluster } from '@triad/testkit';
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  statfsSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/**
 * The first key's persistent object ("triad-key-00", hex: the emulation's file name): a signature
 * seals it first, then the core object ("triad-core-v3"), so a seal that fails fails there.
 */
export const KEY_FILE = Buffer.from('triad-key-00').toString('hex');

const ROOT = process.getuid?.() === 0;

const SCRIPT = `#!/bin/sh
# ta-host in a private mount namespace whose data dir is a small tmpfs (test/faults/confined-ta-host.ts)
set -eu
if [ -z "\${TRIAD_CONFINED_NS:-}" ]; then
  export TRIAD_CONFINED_NS=1
  if [ "$(id -u)" -eq 0 ]; then
    exec unshare --mount --propagation private "$0" "$@"
  fi
  exec unshare --user --map-root-user --mount --propagation private "$0" "$@"
fi
data=
prev=
for a in "$@"; do
  if [ "$prev" = --data-dir ]; then data=$a; fi
  prev=$a
done
mount -t tmpfs -o "size=$TRIAD_CONFINED_SIZE,mode=0700" triad-confined "$data"
cp -a "$TRIAD_CONFINED_SEED/." "$data/"
mount --bind "$data/objects" "$data/objects"
exec "$TRIAD_CONFINED_TA_HOST" "$@"
`;

const errno = (e: unknown) => (e as NodeJS.ErrnoException).code;

export class ConfinedTaHost {
  private restored = false;
  private log = '';

  private constructor(
    private readonly tee: EmulatedCluster,
    readonly index: number,
    readonly host: TaHostProcess,
    /** Our own session with the confined TA (the peer has its own). */
    readonly ta: TrustedApp,
  ) {
    host.child.stderr!.on('data', (d: Buffer) => (this.log = (this.log + d.toString()).slice(-64 * 1024)));
  }

  /** What ta-host logged since it was ready (the last 64 KiB): e.g. why a write failed. */
  stderr(): string {
    return this.log;
  }

  /**
   * Stops device i's ta-host (SIGTERM: its state is sealed) and starts it again confined, on a
   * tmpfs of `size` (mount's syntax) holding a copy of its data dir.
   */
  static async start(tee: EmulatedCluster, i: number, size = '256k'): Promise<ConfinedTaHost> {
    const work = join(tee.dir, `confined-${i + 1}`);
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { mode: 0o700 });
    const script = join(work, 'ta-host-confined.sh');
    writeFileSync(script, SCRIPT, { mode: 0o700 });
    await tee.tas[i]!.close();
    await tee.hosts[i]!.stop();
    const seed = join(work, 'seed');
    cpSync(tee.dataDir(i), seed, { recursive: true });
    tee.hosts[i] = await TaHostProcess.start({
      dataDir: tee.dataDir(i),
      socketPath: tee.socketPath(i),
      binary: script,
      env: {
        TRIAD_CONFINED_SIZE: size,
        TRIAD_CONFINED_SEED: seed,
        TRIAD_CONFINED_TA_HOST: defaultTaHostBinary(),
      },
    });
    const host = tee.hosts[i]!;
    // unshare and sh exec'd in place: the pid we hold is ta-host's
    const exe = readlinkSync(`/proc/${host.child.pid}/exe`);
    if (exe !== realpathSync(defaultTaHostBinary())) {
      await host.kill();
      throw new Error(`confined ta-host: pid ${host.child.pid} runs ${exe}, not ta-host`);
    }
    tee.tas[i] = await openEmulatedTa(tee.socketPath(i));
    return new ConfinedTaHost(tee, i, host, tee.tas[i]!);
  }

  get pid(): number {
    return this.host.child.pid!;
  }

  alive(): boolean {
    return this.host.child.exitCode === null && this.host.child.signalCode === null;
  }

  /** A path in the data dir as the confined ta-host sees it. */
  path(...parts: string[]): string {
    return join(`/proc/${this.pid}/root`, this.tee.dataDir(this.index), ...parts);
  }

  async info(): Promise<{ counter: bigint; highWaterMark: bigint | undefined; raw: TaInfo }> {
    const raw = await this.ta.getInfo();
    const babe = raw.keys.find((k) => k.keyType === 'babe');
    return { counter: raw.counter, highWaterMark: babe?.highWaterMark, raw };
  }

  /** Fills the tmpfs until ENOSPC (again: the fill file only grows); the bytes written. */
  fill(): number {
    const fd = openSync(this.path('fill'), 'a');
    const chunk = Buffer.alloc(16 * 1024, 0xa5);
    let written = 0;
    try {
      for (;;) written += writeSync(fd, chunk);
    } catch (e) {
      if (errno(e) !== 'ENOSPC') throw e;
    } finally {
      closeSync(fd);
    }
    return written;
  }

  /** Free blocks left for an unprivileged writer (what ta-host is to tmpfs: no reserve). */
  freeBlocks(): number {
    return statfsSync(this.path()).bavail;
  }

  free(): void {
    rmSync(this.path('fill'), { force: true });
  }

  /**
   * Gives back the blocks of the key file's spare slot: the one the next seal in place writes
   * (the other holds the current record, with the higher generation). The record format is
   * emul_device.c's: each slot starts with "TEMUOBJ2" || generation (u64 LE) || ...
   */
  releaseSpareSlot(): { slotSize: number; spare: number; blocksBefore: number; blocksAfter: number } {
    const file = this.path('objects', KEY_FILE);
    const bytes = readFileSync(file);
    const slotSize = bytes.length / 2;
    const gen = (s: number) => {
      const at = s * slotSize;
      return bytes.subarray(at, at + 8).toString('latin1') === 'TEMUOBJ2'
        ? bytes.readBigUInt64LE(at + 8)
        : -1n;
    };
    const spare = gen(0) > gen(1) ? 1 : 0;
    const blocksBefore = statSync(file).blocks;
    execFileSync('fallocate', [
      '--punch-hole',
      '--offset',
      String(spare * slotSize),
      '--length',
      String(slotSize),
      file,
    ]);
    return { slotSize, spare, blocksBefore, blocksAfter: statSync(file).blocks };
  }

  /** Remounts the objects dir read-only. */
  readOnly(): Promise<void> {
    return this.remount('ro');
  }

  writable(): Promise<void> {
    return this.remount('rw');
  }

  private async remount(mode: 'ro' | 'rw'): Promise<void> {
    const ns = ROOT ? ['-m'] : ['-U', '-m', '--preserve-credentials'];
    const objects = join(this.tee.dataDir(this.index), 'objects');
    // a seal in progress holds the mount for writing and remounting read-only fails (EBUSY): retry
    for (let attempt = 0; ; attempt++) {
      try {
        execFileSync(
          'nsenter',
          ['-t', String(this.pid), ...ns, 'mount', '-o', `remount,bind,${mode}`, objects],
          {
            stdio: ['ignore', 'ignore', 'pipe'],
          },
        );
        return;
      } catch (e) {
        if (attempt >= 50) throw e;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }

  /**
   * Back to the real data dir: the confined ta-host is frozen (SIGSTOP: nothing seals meanwhile),
   * its sealed objects copied back, then it is killed and a plain ta-host started in its place (locked:
   * the peer unlocks it through its peers). The sealed state copied back is what the TA had
   * sealed last. Once only; a crashed one is replaced all the same.
   */
  async restore(): Promise<void> {
    if (this.restored) return;
    this.restored = true;
    const objects = join(this.tee.dataDir(this.index), 'objects');
    if (this.alive()) {
      process.kill(this.pid, 'SIGSTOP');
      for (const name of readdirSync(this.path('objects'))) {
        if (name.endsWith('.tmp')) continue;
        copyFileSync(this.path('objects', name), join(objects, `${name}.restore`));
        renameSync(join(objects, `${name}.restore`), join(objects, name));
      }
    }
    await this.tee.restart(this.index, 'kill');
  }
}
