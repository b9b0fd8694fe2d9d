/**
 * The TA's behaviour as every backend must show it, whatever carries the bytes: `taContract` is
 * called by each backend's test file with a factory that opens a TrustedApp on device i (0, 1, 2).
 * The devices must be running before the contract's beforeAll and must not hold a 'babe' key yet:
 * the contract runs its own DKGs ('babe', then 'audi', at the end a second 'babe'). Signing and the
 * threshold VRF (babe-vrf, its pre-output) are checked by verifiers we did not write.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as scure from '@scure/sr25519';
import {
  aggregate,
  babeVrfPayloadTranscripts,
  deriveSigningContext,
  encodeBabeVrfPayload,
  encodePoint,
  encodePublicKeyPackage,
  encodeScalar,
  mod,
  schnorrkel,
  verifyVrf,
} from '@triad/frost';
import type { PublicKeyPackage } from '@triad/frost';
import {
  babeHeader,
  chainAccepts,
  chainAcceptsEd25519,
  chainVerifierReady,
  grandpaVotePayload,
  approvalPayload,
  backingPayload,
  beefyCommitmentPayload,
  bitfieldPayload,
  disputePayload,
  pvfPrecheckPayload,
} from '@triad/testkit/chain';
import { keyOf, TaGroup } from '@triad/testkit/emulated';
import { TaError } from '../src/index.js';
import type { KeyId, TaErrorCode, TrustedApp, VrfRequest } from '../src/index.js';
import { babeSpec, NO_EXTRA, scureVrfVerify } from '../../frost/test/vrf-helpers.js';
import { beefyVoteAccepted, ecdsaVerifiersReady } from '../../../test/ecdsa-verifiers.js';

/** The TaError code a call is refused with (failing the test if it is not refused). */
export async function refusal(p: Promise<unknown>): Promise<TaErrorCode> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TaError);
    return (e as TaError).code;
  }
  throw new Error('expected the TA to refuse');
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** An sr25519 signature from R's encoding and z, as a coordinator assembles it: R || z, marked. */
function signatureOf(R: Uint8Array, z: bigint): Uint8Array {
  const sig = new Uint8Array(64);
  sig.set(R);
  sig.set(encodeScalar(mod(z)), 32);
  sig[63]! |= 0x80; // schnorrkel's marker
  return sig;
}

export function taContract(title: string, open: (device: number) => Promise<TrustedApp>): void {
  describe(title, () => {
    let group: TaGroup;
    const tas: TrustedApp[] = [];
    let babe: PublicKeyPackage;
    const babeKey = (): KeyId => keyOf('babe', babe);

    beforeAll(async () => {
      await chainVerifierReady();
      for (let i = 0; i < 3; i++) tas.push(await open(i)); // closed by afterAll even when one fails
      group = new TaGroup(tas);
      const pubs = await group.dkg('babe');
      babe = pubs[0]!;
      for (const p of pubs) expect(hex(encodePublicKeyPackage(p))).toBe(hex(encodePublicKeyPackage(babe)));
    });
    afterAll(() => Promise.all(tas.map((t) => t.close())));

    it('a DKG gives one key, and every pair of TAs signs headers the chain verifier accepts', async () => {
      let slot = 1000;
      for (const pair of [
        [0, 1],
        [2, 0],
        [1, 2],
      ] as const) {
        for (const variant of ['Primary', 'SecondaryPlain', 'SecondaryVRF'] as const) {
          const header = babeHeader(slot++, { variant });
          const { signature, msg } = await group.sign(babe, 'babe', 'babe-seal', header, pair);
          expect(chainAccepts(signature, msg, babe)).toBe(true);
        }
      }
    });

    it('a nonce commitment signs once: the same signing set again is NONCE_UNKNOWN', async () => {
      const req = await group.request(babeHeader(2000), [0, 1]);
      await tas[0]!.signPrepare(req);
      expect(await refusal(tas[0]!.signPrepare(req))).toBe('NONCE_UNKNOWN');
    });

    it('a conflicting header for a signed slot is CONFLICT, as coordinator and as cosigner; an older slot is REGRESSION', async () => {
      await group.sign(babe, 'babe', 'babe-seal', babeHeader(3000), [0, 1]);
      const other = babeHeader(3000, { fork: 1 });
      expect(await refusal(tas[0]!.signPrepare(await group.request(other, [0, 2])))).toBe('CONFLICT');
      // device 3 never signed slot 3000, so it prepares; device 2 refuses to cosign
      const prepared = await tas[2]!.signPrepare(await group.request(other, [2, 1]));
      expect(await refusal(tas[1]!.signCosign(prepared.request, prepared.update))).toBe('CONFLICT');
      expect(await refusal(tas[0]!.signPrepare(await group.request(babeHeader(2999), [0, 1])))).toBe(
        'REGRESSION',
      );
      // the same header again is an idempotent retry, not a conflict
      const again = await group.sign(babe, 'babe', 'babe-seal', babeHeader(3000), [1, 0]);
      expect(chainAccepts(again.signature, again.msg, babe)).toBe(true);
    });

    it('malformed headers are MALFORMED: sealed, truncated, without a BABE pre-digest', async () => {
      const good = babeHeader(4000);
      const sealed = babeHeader(4000, { extraLogs: [{ Seal: ['BABE', '0x' + '00'.repeat(64)] }] });
      const noDigest = good.slice(0, 32 + 2 + 64);
      for (const payload of [sealed, good.slice(0, good.length - 1), noDigest, new Uint8Array()]) {
        expect(await refusal(tas[1]!.signPrepare(await group.request(payload, [1, 2])))).toBe('MALFORMED');
      }
    });

    it('counter messages forged or altered by a host are PEER_AUTH, and nothing is signed', async () => {
      const prepared = await tas[0]!.signPrepare(await group.request(babeHeader(4500), [0, 1]));
      const forged = prepared.update.slice();
      forged[forged.length - 1]! ^= 1;
      expect(await refusal(tas[1]!.signCosign(prepared.request, forged))).toBe('PEER_AUTH');
      // an update addressed to another TA is refused too
      expect(await refusal(tas[2]!.signCosign(prepared.request, prepared.update))).toBe('PEER_AUTH');
      const { ack } = await tas[1]!.signCosign(prepared.request, prepared.update);
      const badAck = ack.slice();
      badAck[12]! ^= 1;
      expect(await refusal(tas[0]!.signFinish(prepared.request, badAck))).toBe('PEER_AUTH');
      // a mangled ack does not burn the preparation; the genuine one finishes it, once
      const { share, groupCommitment } = await tas[0]!.signFinish(prepared.request, ack);
      expect(share.identifier).toBe(1);
      expect(groupCommitment).toHaveLength(32);
      expect(await refusal(tas[0]!.signFinish(prepared.request, ack))).toBe('NONCE_UNKNOWN');
    });

    it("finish returns the group commitment: R || (z1 + z2) is the signature the chain's verifier accepts", async () => {
      let slot = 5000;
      for (const pair of [
        [0, 1],
        [2, 0],
        [1, 2],
      ] as const) {
        const header = babeHeader(slot++);
        const { signature, msg, signingSet, finished, cosigned } = await group.sign(
          babe,
          'babe',
          'babe-seal',
          header,
          pair,
        );
        expect(finished.share.identifier).toBe(pair[0] + 1);
        expect(cosigned.share.identifier).toBe(pair[1] + 1);
        // the R the TA hands out is the one the host would derive from the public inputs
        const ctx = deriveSigningContext(schnorrkel, babe.groupPublicKey, babe.threshold, signingSet, msg);
        expect(hex(finished.groupCommitment)).toBe(hex(encodePoint(ctx.groupCommitment)));
        // what the coordinator will build without deriving R: the chain's verifier accepts it,
        // and it is the very signature aggregate() makes
        const sig = signatureOf(finished.groupCommitment, finished.share.z + cosigned.share.z);
        expect(chainAccepts(sig, msg, babe)).toBe(true);
        expect(hex(sig)).toBe(hex(signature));
        expect(hex(aggregate(schnorrkel, babe, signingSet, msg, [finished.share, cosigned.share]))).toBe(
          hex(sig),
        );
        // an R altered on the way does not make a signature
        const altered = finished.groupCommitment.slice();
        altered[7]! ^= 1;
        expect(chainAccepts(signatureOf(altered, finished.share.z + cosigned.share.z), msg, babe)).toBe(
          false,
        );
      }
    });

    it('raw is refused for babe keys and allowed for a non-slashable key type', async () => {
      const payload = new TextEncoder().encode('authority discovery record');
      expect(await refusal(tas[0]!.signPrepare(await group.request(payload, [0, 2], 'raw')))).toBe('POLICY');
      const [audi] = await group.dkg('audi', true);
      const { signature } = await group.sign(audi!, 'audi', 'raw', payload, [0, 2]);
      expect(chainAccepts(signature, payload, audi!)).toBe(true);
      expect(await refusal(group.dkg('gran', true))).toBe('POLICY');
    });

    it('a share refresh keeps the group key and the marks, changes every verifying share, and every pair signs', async () => {
      const before = encodePublicKeyPackage(babe);
      const after = await group.refresh('babe');
      for (const p of after)
        expect(hex(encodePublicKeyPackage(p))).toBe(hex(encodePublicKeyPackage(after[0]!)));
      const refreshed = after[0]!;
      expect(hex(encodePoint(refreshed.groupPublicKey))).toBe(hex(encodePoint(babe.groupPublicKey)));
      expect(hex(encodePublicKeyPackage(refreshed))).not.toBe(hex(before));
      for (const id of [1, 2, 3]) {
        expect(refreshed.verifyingShares.get(id)!.equals(babe.verifyingShares.get(id)!)).toBe(false);
      }
      let slot = 8000;
      for (const pair of [
        [0, 1],
        [2, 0],
        [1, 2],
      ] as const) {
        const { signature, msg } = await group.sign(refreshed, 'babe', 'babe-seal', babeHeader(slot++), pair);
        expect(chainAccepts(signature, msg, babe)).toBe(true);
      }
      expect(
        await refusal(tas[0]!.signPrepare(await group.request(babeHeader(3000, { fork: 8 }), [0, 1]))),
      ).toBe('REGRESSION');
    });

    it('bad input from the host gets a typed refusal, and the TA keeps serving', async () => {
      const ta = tas[2]!;
      const { publicKey } = babeKey();
      expect(await refusal(ta.commitNonces(babeKey(), 0))).toBe('MALFORMED');
      expect(await refusal(ta.commitNonces({ keyType: 'BABE', publicKey }, 1))).toBe('MALFORMED');
      expect(await refusal(ta.commitNonces({ keyType: 'gran', publicKey }, 1))).toBe('NO_KEY');
      // a key is its type and its public key: another public key is no key of this TA
      expect(
        await refusal(ta.commitNonces({ keyType: 'babe', publicKey: new Uint8Array(32).fill(9) }, 1)),
      ).toBe('NO_KEY');
      expect(await refusal(ta.dkgRound2([]))).toBe('BAD_STATE');
      expect(await refusal(ta.counterUnlock([]))).toBe('BAD_STATE');
      expect((await ta.getInfo()).keys.length).toBeGreaterThanOrEqual(1);
    });

    it('an ownership proof signs "POP_" || owner (built by the TA) under any key: Rust schnorrkel and @scure/sr25519 accept it', async () => {
      const owner = new Uint8Array(32).map((_, i) => i + 1);
      const statement = new Uint8Array([...new TextEncoder().encode('POP_'), ...owner]);
      const audi = await group.keyId('audi');
      for (const [key, pub] of [
        [babeKey(), babe],
        [audi, undefined],
      ] as const) {
        const pkg = pub ?? (await tas[0]!.exportPublic(key));
        const { signature, msg } = await group.sign(pkg, key.keyType, 'ownership-proof', owner, [1, 2]);
        expect(hex(msg)).toBe(hex(statement));
        expect(chainAccepts(signature, statement, key.publicKey)).toBe(true);
        expect(scure.verify(statement, signature, key.publicKey)).toBe(true);
        // the same proof again is the same statement: no marks, it signs again
        await group.sign(pkg, key.keyType, 'ownership-proof', owner, [0, 1]);
      }
      // the payload is the owner and nothing else: the TA signs no other statement with this kind
      for (const payload of [owner.subarray(1), new Uint8Array([...owner, 0]), statement])
        expect(
          await refusal(
            tas[0]!.signPrepare(await group.request(payload, [0, 1], 'ownership-proof', babeKey())),
          ),
        ).toBe('MALFORMED');
    });

    it('a babe-vrf by each pair verifies (frost, and schnorrkel replayed on @scure transcripts); the pre-output alone is the same', async () => {
      const [slot, epoch, randomness] = [3100n, 3n, new Uint8Array(32).fill(0x42)];
      const payload = encodeBabeVrfPayload({ slot, epoch, randomness });
      const pk = encodePoint(babe.groupPublicKey);
      const outputs = new Set<string>();
      for (const pair of [
        [0, 1],
        [1, 2],
        [2, 0],
      ] as const) {
        const [a, b] = [tas[pair[0]]!, tas[pair[1]]!];
        const vrf = async (request: VrfRequest) => {
          const prepared = await a.vrfPrepare(request);
          const cosigned = await b.vrfCosign(prepared.request, prepared.part, prepared.update);
          return a.vrfFinish(prepared.request, prepared.part, cosigned.answer);
        };
        const key = babeKey();
        const { signature, preOutput } = await vrf({
          kind: 'babe-vrf',
          key,
          payload,
          signingSet: await group.commitments(key, pair),
        });
        expect(verifyVrf(pk, babeVrfPayloadTranscripts(payload), signature!)).toBe(true);
        expect(scureVrfVerify(pk, babeSpec(slot, epoch, randomness), NO_EXTRA, signature!)).toBe(true);
        const alone = await vrf({
          kind: 'babe-vrf-pre-output',
          key,
          payload,
          signers: [pair[0] + 1, pair[1] + 1].sort(),
        });
        expect(hex(alone.preOutput)).toBe(hex(preOutput));
        outputs.add(hex(preOutput));
      }
      expect(outputs.size).toBe(1);
    });

    // Last: it leaves two babe keys. Before keys were named by type and public key this was KEY_EXISTS.
    it('a gran key is ed25519: every pair signs GRANDPA votes that Rust ed25519 and noble strict accept; a second target is CONFLICT; other kinds POLICY', async () => {
      const pubs = await group.dkg('gran');
      const gran = pubs[0]!;
      const pk = encodePoint(gran.groupPublicKey);
      const target = (n: number) => ({ targetHash: new Uint8Array(32).fill(n), targetNumber: 9000 + n });
      let round = 10;
      for (const pair of [
        [0, 1],
        [2, 0],
        [1, 2],
      ] as const) {
        for (const stage of ['Prevote', 'Precommit'] as const) {
          const vote = grandpaVotePayload({ stage, round, setId: 4, ...target(round) });
          const { signature, msg } = await group.sign(gran, 'gran', 'grandpa-vote', vote, pair);
          expect(hex(msg)).toBe(hex(vote)); // the TA signs the payload itself
          expect(chainAcceptsEd25519(signature, vote, pk)).toBe(true);
        }
        round++;
      }
      // round 12's prevote went to devices 1 and 2: another target there is refused by device 1
      const other = grandpaVotePayload({ stage: 'Prevote', round: 12, setId: 4, ...target(99) });
      expect(await refusal(group.sign(gran, 'gran', 'grandpa-vote', other, [0, 1]))).toBe('CONFLICT');
      expect(
        await refusal(
          tas[0]!.signPrepare(await group.request(babeHeader(1), [0, 1], 'babe-seal', keyOf('gran', gran))),
        ),
      ).toBe('POLICY');
      const babeVote = grandpaVotePayload({ stage: 'Prevote', round: 1, setId: 1, ...target(1) });
      expect(await refusal(tas[0]!.signPrepare(await group.request(babeVote, [0, 1], 'grandpa-vote')))).toBe(
        'POLICY',
      );
    });

    it('a para key signs every statement form Rust schnorrkel accepts; both sides of one candidate is CONFLICT, in either order; an old session REGRESSION; other kinds POLICY', async () => {
      const [para] = await group.dkg('para');
      const pk = encodePoint(para!.groupPublicKey);
      const candidate = (n: number) => new Uint8Array(32).fill(n);
      const context = { session: 40, parentHash: new Uint8Array(32).fill(0xee) };
      const statements = [
        backingPayload({ ...context, statement: 'Seconded', candidate: candidate(1) }),
        bitfieldPayload({ ...context, bits: 60, set: [2, 59] }),
        approvalPayload({ candidates: [candidate(2)], session: 40 }),
        approvalPayload({ candidates: [candidate(3), candidate(4)], session: 40 }),
        disputePayload({ valid: false, candidate: candidate(5), session: 40 }),
        pvfPrecheckPayload({ accept: true, codeHash: candidate(6), session: 40, validatorIndex: 3 }),
      ];
      const pairs = [
        [0, 1],
        [1, 2],
        [2, 0],
      ] as const;
      for (const [i, statement] of statements.entries()) {
        const { signature, msg } = await group.sign(
          para!,
          'para',
          'para-statement',
          statement,
          pairs[i % 3]!,
        );
        expect(hex(msg)).toBe(hex(statement)); // the TA signs the statement's bytes as they are
        expect(chainAccepts(signature, statement, pk)).toBe(true);
      }
      // candidate 1 was backed by devices 0 and 1, candidate 5 voted invalid by devices 1 and 2
      const against1 = disputePayload({ valid: false, candidate: candidate(1), session: 40 });
      expect(await refusal(group.sign(para!, 'para', 'para-statement', against1, [0, 2]))).toBe('CONFLICT');
      const for5 = approvalPayload({ candidates: [candidate(5)], session: 40 });
      expect(await refusal(group.sign(para!, 'para', 'para-statement', for5, [2, 0]))).toBe('CONFLICT');
      // a session moves every device's window: 46 leaves 40 behind
      for (const pair of pairs)
        await group.sign(
          para!,
          'para',
          'para-statement',
          approvalPayload({ candidates: [candidate(7)], session: 46 }),
          pair,
        );
      const late = approvalPayload({ candidates: [candidate(8)], session: 40 });
      expect(await refusal(group.sign(para!, 'para', 'para-statement', late, [0, 1]))).toBe('REGRESSION');
      expect(
        await refusal(
          tas[0]!.signPrepare(await group.request(babeHeader(1), [0, 1], 'babe-seal', keyOf('para', para!))),
        ),
      ).toBe('POLICY');
    });

    it('a beef key (ecdsa): every pair makes the one signature of a commitment that noble and Rust secp256k1 accept; another payload for the block is CONFLICT, an older block REGRESSION; FROST commands POLICY', async () => {
      await ecdsaVerifiersReady();
      const [beef] = await group.dkg('beef');
      const key = keyOf('beef', beef!);
      expect(key.publicKey).toHaveLength(33);
      const ids = [...beef!.verifyingShares.keys()].sort((a, b) => a - b);
      const commitment = (block: number, root: number) =>
        beefyCommitmentPayload({
          mmrRoot: new Uint8Array(32).fill(root),
          blockNumber: block,
          validatorSetId: 2,
        });
      const ecdsa = async (payload: Uint8Array, [a, b]: readonly [number, number]) => {
        const prepared = await tas[a]!.ecdsaPrepare({
          kind: 'beefy-commitment',
          key,
          payload,
          signers: [ids[a]!, ids[b]!],
        });
        const cosigned = await tas[b]!.ecdsaCosign(prepared.request, prepared.update);
        return tas[a]!.ecdsaFinish(prepared.request, cosigned.ack, cosigned.weightedShare);
      };
      const vote = commitment(500, 1);
      const signatures: string[] = [];
      for (const pair of [
        [0, 1],
        [1, 2],
        [2, 0],
      ] as const) {
        const signature = await ecdsa(vote, pair);
        expect(beefyVoteAccepted(signature, vote, key.publicKey)).toBe(true);
        signatures.push(hex(signature));
      }
      // RFC 6979 over one key: whichever pair combined it, the same signature
      expect(new Set(signatures).size).toBe(1);
      expect(await refusal(ecdsa(commitment(500, 2), [0, 1]))).toBe('CONFLICT');
      expect(await refusal(ecdsa(commitment(499, 1), [1, 2]))).toBe('REGRESSION');
      expect(await refusal(tas[0]!.commitNonces(key, 1))).toBe('POLICY');
    });

    it('a second DKG of a type makes a second key: both sign with their own marks; retired, it answers NO_KEY', async () => {
      const [second] = await group.dkg('babe', false, 'test-babe-2');
      const secondKey = keyOf('babe', second!);
      expect(hex(secondKey.publicKey)).not.toBe(hex(babeKey().publicKey));
      const listed = (await tas[1]!.getInfo()).keys.filter((k) => k.keyType === 'babe');
      expect(listed.map((k) => [hex(k.groupPublicKey), k.status])).toEqual([
        [hex(babeKey().publicKey), 'active'],
        [hex(secondKey.publicKey), 'active'],
      ]);
      expect(listed[1]!.created).toBeGreaterThan(listed[0]!.created);
      await expect(group.request(babeHeader(9000), [0, 1])).rejects.toThrow(/several babe keys/);

      // different headers for one slot under the two keys: both sign (marks are per key)...
      for (const [pub, fork] of [
        [babe, 0],
        [second!, 1],
      ] as const) {
        const { signature, msg } = await group.sign(
          pub,
          'babe',
          'babe-seal',
          babeHeader(9000, { fork }),
          [0, 1],
        );
        expect(chainAccepts(signature, msg, pub)).toBe(true);
      }
      // ...another under one of them is still a CONFLICT, and each key's nonces are its own
      const other = babeHeader(9000, { fork: 2 });
      expect(
        await refusal(tas[0]!.signPrepare(await group.request(other, [0, 2], 'babe-seal', secondKey))),
      ).toBe('CONFLICT');
      const crossed = await group.request(babeHeader(9001), [0, 2], 'babe-seal', secondKey);
      expect(await refusal(tas[0]!.signPrepare({ ...crossed, key: babeKey() }))).toBe('NONCE_UNKNOWN');

      await Promise.all(tas.map((t) => t.retireKey(secondKey)));
      for (const t of tas) {
        expect(await refusal(t.commitNonces(secondKey, 1))).toBe('NO_KEY');
        expect(await refusal(t.exportPublic(secondKey))).toBe('NO_KEY');
        const keys = (await t.getInfo()).keys.filter((k) => k.keyType === 'babe');
        expect(keys.map((k) => k.status)).toEqual(['active', 'retired']);
      }
      // the retired key keeps its slot as a tombstone; the first key still signs, by its type alone
      const { signature, msg } = await group.sign(babe, 'babe', 'babe-seal', babeHeader(9002), [2, 1]);
      expect(chainAccepts(signature, msg, babe)).toBe(true);
      expect(hex((await group.keyId('babe')).publicKey)).toBe(hex(babeKey().publicKey));
    });
  });
}
