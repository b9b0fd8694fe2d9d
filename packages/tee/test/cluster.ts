/**
 * Test support: three emulated devices (ta-host processes with their own data dirs, under one
 * temp dir), the DKG relayed among their TAs the way the peers relay it, a signing round, and
 * BABE pre-seal headers encoded by @polkadot/types.
 */
import { blake2b } from '@noble/hashes/blake2.js';
import { TypeRegistry } from '@polkadot/types';
import { aggregate, schnorrkel } from '@triad/frost';
import type { PublicKeyPackage, SigningCommitment } from '@triad/frost';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TaClient, TaHostConnection, TaHostProcess } from '../src/index.js';
import type { RequestKind, TeeTransport } from '../src/index.js';

export interface ClusterOptions {
  /** Another ta-host build (the secrets test uses ta-host-reveal). */
  readonly binary?: string;
  /** Extra environment for device i's ta-host. */
  readonly envFor?: (dir: string, i: number) => Record<string, string>;
  /** Wraps each TA's transport (the secrets test records every byte). */
  readonly wrap?: (t: TeeTransport, i: number) => TeeTransport;
}

export class EmulatedCluster {
  readonly hosts: TaHostProcess[] = [];
  readonly tas: TaClient[] = [];

  private constructor(
    readonly dir: string,
    private readonly opts: ClusterOptions,
  ) {}

  static async start(n = 3, opts: ClusterOptions = {}): Promise<EmulatedCluster> {
    const c = new EmulatedCluster(mkdtempSync(join(tmpdir(), 'triad-tee-')), opts);
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

  private async startDevice(i: number): Promise<void> {
    this.hosts[i] = await TaHostProcess.start({
      dataDir: this.dataDir(i),
      socketPath: this.socketPath(i),
      binary: this.opts.binary,
      env: this.opts.envFor?.(this.dir, i),
    });
    const transport = await TaHostConnection.connect(this.socketPath(i));
    this.tas[i] = new TaClient(this.opts.wrap ? this.opts.wrap(transport, i) : transport);
  }

  /** Stops device i (SIGTERM, or SIGKILL for a crash) and starts it again on the same data dir. */
  async restart(i: number, how: 'stop' | 'kill' = 'stop'): Promise<void> {
    await this.tas[i]!.close();
    await (how === 'kill' ? this.hosts[i]!.kill() : this.hosts[i]!.stop());
    await this.startDevice(i);
  }

  async stop(): Promise<void> {
    await Promise.all(this.tas.map((t) => t.close()));
    await Promise.all(this.hosts.map((h) => h.kill()));
    rmSync(this.dir, { recursive: true, force: true });
  }

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

  /** One commitment from each signer (by index), as the coordinator gathers them. */
  async commitments(keyType: string, signers: readonly number[]): Promise<SigningCommitment[]> {
    const sets = await Promise.all(signers.map((i) => this.tas[i]!.commitNonces(keyType, 1)));
    return sets.map((s) => s[0]!).sort((a, b) => a.identifier - b.identifier);
  }

  /**
   * A whole signature, as a coordinator (`signers[0]`) runs it with one cosigner (`signers[1]`):
   * commit, prepare, cosign, finish, aggregate (verified).
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
    const own = await coordinator.signFinish(prepared.request, cosigned.ack);
    const msg = kind === 'babe-seal' ? blake2b(payload, { dkLen: 32 }) : payload;
    const signature = aggregate(schnorrkel, pub, signingSet, msg, [own, cosigned.share]);
    return { signature, msg, signingSet, prepared };
  }

  /** Device i unlocks with a report from every other device. */
  async unlock(i: number) {
    const challenge = await this.tas[i]!.counterChallenge();
    const others = this.tas.filter((_, k) => k !== i);
    const reports = await Promise.all(others.map((t) => t.counterReport(challenge)));
    return this.tas[i]!.counterUnlock(reports);
  }
}

const registry = new TypeRegistry();

export interface HeaderOptions {
  readonly slot: number | bigint;
  readonly parent?: number;
  readonly number?: number;
  readonly variant?: 'Primary' | 'SecondaryPlain' | 'SecondaryVRF';
  readonly extraLogs?: object[];
}

/** A pre-seal BABE header as a validator's node would submit it. */
export function babeHeader(o: HeaderOptions): Uint8Array {
  const variant = o.variant ?? 'SecondaryPlain';
  const value: Record<string, unknown> = { authorityIndex: 3, slotNumber: o.slot };
  if (variant !== 'SecondaryPlain') {
    value.vrfOutput = new Uint8Array(32).fill(7);
    value.vrfProof = new Uint8Array(64).fill(9);
  }
  // Bytes given as hex are taken as the content; a Uint8Array would be read as already length-prefixed.
  const preDigest =
    '0x' + Buffer.from(registry.createType('RawBabePreDigest', { [variant]: value }).toU8a()).toString('hex');
  return registry
    .createType('Header', {
      parentHash: new Uint8Array(32).fill(o.parent ?? 1),
      number: o.number ?? 1000,
      stateRoot: new Uint8Array(32).fill(2),
      extrinsicsRoot: new Uint8Array(32).fill(3),
      digest: { logs: [{ PreRuntime: ['BABE', preDigest] }, ...(o.extraLogs ?? [])] },
    })
    .toU8a();
}
