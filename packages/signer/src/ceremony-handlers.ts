/**
 * This peer's side of a ceremony: the `Cosigner` handlers DkgRound1, RefreshRound1, DkgRound2 and
 * DkgRound3 over its TA. They validate every field (INVALID_ARGUMENT) and pass the rest to the TA,
 * which enforces the protocol. A DKG's label (the operator's name for the key) stays here: it is
 * kept in `labels` once round three made the key.
 */
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import {
  decodeDkgRound1Package,
  decodeRefreshRound1Package,
  encodeDkgRound1Package,
  encodePublicKeyPackage,
  encodePoint,
  encodeRefreshRound1Package,
  schnorrkel,
} from '@triad/frost';
import type { Ciphersuite } from '@triad/frost';
import { Limits, suiteOfKeyType } from '@triad/tee';
import type { TrustedApp } from '@triad/tee';
import { sealedShares } from './ceremony.js';
import { admitJoin } from './ceremony-admission.js';
import { isLabel } from './key-labels.js';
import type { KeyLabels } from './key-labels.js';
import { PeerLimits } from './limits.js';
import { bytes, flag, invalid, keyId, keyType, list, record, uint, unary } from './rpc.js';

/**
 * The handlers of `Cosigner` that serve the ceremonies: DkgRound1, RefreshRound1, DkgRound2,
 * DkgRound3, over this peer's TA, whose participant id is `ownId` (from the cluster configuration:
 * a TA has none before its first DKG). TA refusals are FAILED_PRECONDITION "CODE: ..." (with the
 * culprit of a DKG_BLAME in `CULPRIT_METADATA`), malformed fields INVALID_ARGUMENT, a TA that cannot
 * be reached UNAVAILABLE.
 */
export function ceremonyHandlers(
  ta: TrustedApp,
  ownId: number,
  labels?: Pick<KeyLabels, 'set'>,
): UntypedServiceImplementation {
  /** The DKG under way and its label; none during a refresh (the TA runs one ceremony at a time). */
  let naming: { keyType: string; label: string } | undefined;
  /** The group of the ceremony under way (its key type's): round two's packages are points of it. */
  let suite: Ciphersuite = schnorrkel;
  return {
    DkgRound1: unary(async (req) => {
      const kt = keyType(req);
      const participants = list(req, 'participants', 2, Limits.MAX_PARTICIPANTS).map((v, i) => {
        const p = record(v, `participants[${i}]`);
        return {
          id: uint(p, 'id', 1, PeerLimits.MAX_PARTICIPANT_ID, `participants[${i}].id`),
          identityPublicKey: bytes(p, 'identityPublicKey', 32, 32, `participants[${i}].identityPublicKey`),
        };
      });
      admitJoin(participants, ownId);
      const label = req.label === undefined || req.label === '' ? undefined : req.label;
      if (label !== undefined && !isLabel(label)) invalid('label: 1..64 letters, digits or " _.:/@+-"');
      naming = undefined;
      suite = suiteOfKeyType(kt);
      const pkg = await ta.dkgRound1({
        keyType: kt,
        nonSlashable: flag(req, 'nonSlashable'),
        ownId,
        threshold: uint(req, 'threshold', 2, participants.length),
        participants,
        context: bytes(req, 'context', 1, Limits.MAX_CONTEXT),
      });
      if (label !== undefined) naming = { keyType: kt, label };
      return { package: Buffer.from(encodeDkgRound1Package(pkg)) };
    }),
    RefreshRound1: unary(async (req) => {
      naming = undefined;
      const key = keyId(req);
      suite = suiteOfKeyType(key.keyType);
      const pkg = await ta.refreshRound1(key, bytes(req, 'context', 1, Limits.MAX_CONTEXT));
      return { package: Buffer.from(encodeRefreshRound1Package(pkg)) };
    }),
    DkgRound2: unary(async (req) => {
      const refresh = flag(req, 'refresh');
      const packages = list(req, 'packages', 1, Limits.MAX_PARTICIPANTS - 1);
      // Decoded here so that garbage is the caller's INVALID_ARGUMENT; the TA checks the rest.
      const decode = <T>(parse: (b: Uint8Array, s: Ciphersuite) => T): T[] =>
        packages.map((b, i) => {
          try {
            if (!(b instanceof Uint8Array)) throw new Error('expected bytes');
            return parse(b, suite);
          } catch (e) {
            return invalid(`packages[${i}]: ${e instanceof Error ? e.message : e}`);
          }
        });
      const shares = refresh
        ? await ta.refreshRound2(decode(decodeRefreshRound1Package))
        : await ta.dkgRound2(decode(decodeDkgRound1Package));
      return { shares: shares.map((s) => ({ ...s, box: Buffer.from(s.box) })) };
    }),
    DkgRound3: unary(async (req) => {
      const pub = await ta.dkgRound3(sealedShares(req, 'shares'));
      const named = naming;
      naming = undefined;
      if (named && labels)
        await labels.set({ keyType: named.keyType, publicKey: encodePoint(pub.groupPublicKey) }, named.label);
      return { publicKeyPackage: Buffer.from(encodePublicKeyPackage(pub)) };
    }),
  };
}
