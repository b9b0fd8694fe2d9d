/**
 * The validator-facing `Signer` service (proto/triad/v1/signer.proto, DESIGN.md section 9).
 *
 * Every call is identified by its client certificate (mTLS: "client:<name>") and allowed per key
 * type by the peer's configuration, with implicit deny. A request this peer cannot answer is a
 * gRPC error (the client may try another peer); what the TAs decided is a typed answer.
 */
import { status } from '@grpc/grpc-js';
import type { ServerUnaryCall, ServiceError, UntypedServiceImplementation } from '@grpc/grpc-js';
import { blake2b } from '@noble/hashes/blake2.js';
import { isKeyType, publicKeyLengthOfType } from '@triad/proto';
import { Limits } from '@triad/tee';
import type { KeyId, RequestKind } from '@triad/tee';
import type { Coordinator, SignOutcome } from './coordinator.js';
import type { KeyUsage } from './key-retirement.js';
import { keyName } from './key-ring.js';
import type { HeldKey, KeyRing } from './key-ring.js';
import type { KeyPermissions } from './permissions.js';
import { RpcError } from './rpc.js';
import { failureStatus, signResponse } from './sign-outcome.js';
import type { KeyLabels } from './key-labels.js';
import { VRF_KINDS, vrfPayload } from './vrf-request.js';
import type { VrfMember } from './vrf-request.js';
import type { SignEvent } from './sign-outcome.js';

export type { SignEvent };

/** Who is calling, from the mTLS certificate (`@triad/pki` identityOfCall), or undefined. */
export type Identify = (
  call: ServerUnaryCall<unknown, unknown>,
) => { kind: 'peer' | 'client'; name: string } | undefined;

export interface SignerServiceOptions {
  readonly peerId: string;
  readonly version: string;
  readonly coordinator: Coordinator;
  /** The TA's active keys (a Sign naming only a type means the one active key of that type). */
  readonly keys: () => KeyRing;
  /** Which keys each client may use (implicit deny). */
  readonly allowed: KeyPermissions;
  /** Keys this peer signed with, as coordinator: retiring waits until a key is quiet. */
  readonly usage?: KeyUsage;
  readonly identify: Identify;
  /** Whether this peer can sign now, and which peers it has attested. */
  readonly health: () => { canSign: boolean; attestedPeers: string[] };
  /** Called once per answered Sign (the audit log, metrics). */
  readonly onSign?: (event: SignEvent) => void;
  /** The operator's names for keys (key-labels.ts). */
  readonly labels?: Pick<KeyLabels, 'get'>;
}

type Reply = (e: Partial<ServiceError> | null, r?: unknown) => void;

const KINDS = {
  babeSeal: 'babe-seal',
  raw: 'raw',
  grandpaVote: 'grandpa-vote',
  paraStatement: 'para-statement',
  // an ecdsa key's kind: the coordinator signs it by the ecdsa round trip
  beefyCommitment: 'beefy-commitment',
  ...VRF_KINDS,
} as const;

const VRF_OF_KIND: Record<string, true> = Object.fromEntries(Object.values(VRF_KINDS).map((k) => [k, true]));

export function signerHandlers(opts: SignerServiceOptions): UntypedServiceImplementation {
  /** The calling validator client's name; PERMISSION_DENIED for anything else. */
  const client = (call: ServerUnaryCall<unknown, unknown>): string => {
    const who = opts.identify(call);
    if (!who || who.kind !== 'client')
      throw new RpcError(status.PERMISSION_DENIED, 'a validator client certificate is required');
    return who.name;
  };

  return {
    GetPublicKeys: (call: ServerUnaryCall<unknown, unknown>, reply: Reply) => {
      try {
        const name = client(call);
        const keys = opts
          .keys()
          .listed.filter((k) => opts.allowed.mayUse(name, k.keyType, k.publicKey))
          .map((k) => ({
            keyType: k.keyType,
            publicKey: Buffer.from(k.publicKey),
            nonSlashable: k.nonSlashable,
            scheme: k.scheme,
            status: k.status,
            created: k.created.toString(),
            label: opts.labels?.get(k) ?? '',
          }));
        reply(null, { keys });
      } catch (e) {
        reply(failureStatus(e));
      }
    },

    Sign: (call: ServerUnaryCall<Record<string, unknown>, unknown>, reply: Reply) => {
      const started = performance.now();
      let name = '';
      let keyType = '';
      let kind = '';
      let payloadHash = '';
      let key: HeldKey | undefined;
      let asked: Uint8Array | undefined;
      const publicKeyHex = (): string => {
        const pk = key?.publicKey ?? asked;
        return pk?.length === publicKeyLengthOfType(keyType) ? Buffer.from(pk).toString('hex') : '';
      };
      (async (): Promise<SignOutcome> => {
        name = client(call);
        const req = call.request;
        keyType = typeof req.keyType === 'string' ? req.keyType : '';
        if (!isKeyType(keyType))
          throw new RpcError(status.INVALID_ARGUMENT, 'keyType: four lowercase letters or digits');
        const which = req.kind as keyof typeof KINDS | undefined;
        if (!which || !(which in KINDS))
          throw new RpcError(status.INVALID_ARGUMENT, `one of ${Object.keys(KINDS).join(', ')}`);
        kind = KINDS[which];
        if (!opts.allowed.mayUseType(name, keyType))
          throw new RpcError(status.PERMISSION_DENIED, `client ${name} may not use ${keyType} keys`);
        const body = req[which] as Record<string, unknown> | undefined;
        const vrf = which in VRF_KINDS;
        const payload = vrf
          ? vrfPayload(which as VrfMember, body)
          : which === 'babeSeal'
            ? body?.header
            : body?.payload;
        if (!(payload instanceof Uint8Array) || payload.length < 1 || payload.length > Limits.MAX_PAYLOAD) {
          throw new RpcError(
            status.INVALID_ARGUMENT,
            `${which === 'babeSeal' ? 'header' : 'payload'}: 1..${Limits.MAX_PAYLOAD} bytes`,
          );
        }
        payloadHash = Buffer.from(blake2b(payload, { dkLen: 32 })).toString('hex');
        const publicKey = req.publicKey;
        const keyLength = publicKeyLengthOfType(keyType);
        if (
          publicKey !== undefined &&
          !(publicKey instanceof Uint8Array && [0, keyLength].includes(publicKey.length))
        )
          throw new RpcError(
            status.INVALID_ARGUMENT,
            `publicKey: ${keyLength} bytes (a ${keyType} key), or none`,
          );
        asked = publicKey;
        const permitted = (k: KeyId) => opts.allowed.mayUse(name, k.keyType, k.publicKey);
        const choice = opts.keys().choose(keyType, publicKey, permitted);
        if ('several' in choice) throw new RpcError(status.INVALID_ARGUMENT, choice.several);
        if ('none' in choice) return { kind: 'refusal', code: 'NO_KEY', message: choice.none };
        key = choice.key;
        if (!permitted(key))
          throw new RpcError(status.PERMISSION_DENIED, `client ${name} may not use ${keyName(key)}`);
        const outcome = vrf
          ? await opts.coordinator.vrf({ kind: VRF_KINDS[which as VrfMember], key, payload })
          : await opts.coordinator.sign({ kind: kind as RequestKind, key, payload });
        if (outcome.kind === 'signature') opts.usage?.signed(key);
        return outcome;
      })().then(
        (outcome) => {
          opts.onSign?.({
            client: name,
            keyType,
            publicKey: publicKeyHex(),
            kind,
            payloadHash,
            outcome,
            ms: performance.now() - started,
          });
          const publicKey = () => key!.publicKey;
          reply(
            null,
            signResponse(outcome, { coordinator: opts.peerId, publicKey, vrf: kind in VRF_OF_KIND }),
          );
        },
        (e: unknown) => {
          if (name)
            opts.onSign?.({
              client: name,
              keyType,
              publicKey: publicKeyHex(),
              kind,
              payloadHash,
              outcome: e instanceof Error ? e : new Error(String(e)),
              ms: performance.now() - started,
            });
          reply(failureStatus(e));
        },
      );
    },

    Health: (_call: ServerUnaryCall<unknown, unknown>, reply: Reply) => {
      const h = opts.health();
      reply(null, {
        canSign: h.canSign,
        peerId: opts.peerId,
        attestedPeers: h.attestedPeers,
        version: opts.version,
      });
    },
  };
}
