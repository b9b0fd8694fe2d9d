/**
 * The TAs of one cluster driven from one process: the TA-level tests and the benchmark run the DKG
 * and the signing round trip through it on any backend. It mirrors what the signer peers relay
 * (listed in README.md) rather than calling the signer's code.
 */
import { blake2b } from '@noble/hashes/blake2.js';
import { aggregate, schnorrkel } from '@triad/frost';
import type { PublicKeyPackage, SigningCommitment } from '@triad/frost';
import type { RequestKind, SignPartialRequest, TrustedApp } from '@triad/tee';

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
