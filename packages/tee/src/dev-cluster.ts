/**
 * An emulated cluster of Triad TAs on one machine: one ta-host process per device (each with its
 * own data dir under one temp dir), the DKG relayed among their TAs the way the peers relay it, and
 * the signing round trip (prepare, cosign, finish, aggregate). For tests, benchmarks and
 * development; the signer peers do the same across machines.
 */
import { blake2b } from '@noble/hashes/blake2.js';
import { aggregate, schnorrkel } from '@triad/frost';
import type { PublicKeyPackage, SigningCommitment } from '@triad/frost';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TaHostConnection, TaHostProcess } from './emulated.js';
import type { RequestKind, SignPartialRequest } from './messages.js';
import { TaClient } from './trusted-app.js';
import type { TeeTransport, TrustedApp } from './trusted-app.js';

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

/**
 * The TAs of one cluster, whatever backend carries the bytes, with the relaying the peers do:
 * the DKG, commitments, the signing round trip, unlocking.
 */
export class TaGroup {
  constructor(readonly tas: TrustedApp[]) {}

  /** The DKG among all devices, relayed as the peers relay it; every TA's public package. */
  async dkg(keyType: string, nonSlashable = false, context = `test-${keyType}`): Promise<PublicKeyPackage[]> {
    const infos = await Promise.all(this.tas.map((t) => t.getInfo()));
    const participants = infos.map((info, i) => ({ id: i + 1, identityPublicKey: info.identityPublicKey }));
    const ctx = new TextEncoder().encode(context);
    const round1 = await Promise.all(
      this.tas.map((t, i) =>
        t.dkgRound1({ keyType, nonSlashable, ownId: i + 1, threshold: 2, participants, context: ctx }),
      ),
    );
    const round2 = await Promise.all(
      this.tas.map((t, i) => t.dkgRound2(round1.filter((p) => p.identifier !== i + 1))),
    );
    const sealed = round2.flat();
    return Promise.all(this.tas.map((t, i) => t.dkgRound3(sealed.filter((s) => s.receiver === i + 1))));
  }

  /** A share refresh of `keyType` among all devices; every TA's new public package. */
  async refresh(keyType: string, context = `refresh-${keyType}`): Promise<PublicKeyPackage[]> {
    const ctx = new TextEncoder().encode(context);
    const round1 = await Promise.all(this.tas.map((t) => t.refreshRound1(keyType, ctx)));
    const round2 = await Promise.all(
      this.tas.map((t, i) => t.refreshRound2(round1.filter((p) => p.identifier !== i + 1))),
    );
    const sealed = round2.flat();
    return Promise.all(this.tas.map((t, i) => t.dkgRound3(sealed.filter((s) => s.receiver === i + 1))));
  }

  /** One commitment from each signer (by index), as the coordinator gathers them. */
  async commitments(keyType: string, signers: readonly number[]): Promise<SigningCommitment[]> {
    const sets = await Promise.all(signers.map((i) => this.tas[i]!.commitNonces(keyType, 1)));
    return sets.map((s) => s[0]!).sort((a, b) => a.identifier - b.identifier);
  }

  /**
   * A whole signature, as a coordinator (`signers[0]`) runs it with one cosigner (`signers[1]`):
   * commit, prepare, cosign, finish, aggregate (verified). The signature comes from @triad/frost's
   * `aggregate`, which derives R itself: a reference against which the finish result's R (returned
   * with the two shares) can be checked.
   */
  async sign(
    pub: PublicKeyPackage,
    keyType: string,
    kind: RequestKind,
    payload: Uint8Array,
    signers: readonly number[],
  ) {
    const [coordinator, cosigner] = [this.tas[signers[0]!]!, this.tas[signers[1]!]!];
    const signingSet = await this.commitments(keyType, signers);
    const prepared = await coordinator.signPrepare({ kind, keyType, payload, signingSet });
    const cosigned = await cosigner.signCosign(prepared.request, prepared.update);
    const finished = await coordinator.signFinish(prepared.request, cosigned.ack);
    const msg = kind === 'babe-seal' ? blake2b(payload, { dkLen: 32 }) : payload;
    const signature = aggregate(schnorrkel, pub, signingSet, msg, [finished.share, cosigned.share]);
    return { signature, msg, signingSet, prepared, finished, cosigned };
  }

  /** Device i unlocks with a report from every other device. */
  async unlock(i: number) {
    const challenge = await this.tas[i]!.counterChallenge();
    const others = this.tas.filter((_, k) => k !== i);
    const reports = await Promise.all(others.map((t) => t.counterReport(challenge)));
    return this.tas[i]!.counterUnlock(reports);
  }

  /** A request with fresh commitments from `signers` (device indexes). */
  async request(
    payload: Uint8Array,
    signers: readonly number[],
    kind: RequestKind = 'babe-seal',
    keyType = 'babe',
  ) {
    return {
      kind,
      keyType,
      payload,
      signingSet: await this.commitments(keyType, signers),
    } satisfies SignPartialRequest;
  }
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
