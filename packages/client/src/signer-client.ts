/**
 * The validator's side of `triad.v1.Signer` (proto/triad/v1/signer.proto): one client for the
 * cluster's peers, any of which can coordinate a signature.
 *
 *   const client = new SignerClient({ urls: ['peer-1:7100', 'peer-2:7100', 'peer-3:7100'],
 *     tls: { ca: 'pki/ca.crt', cert: 'pki/client-validator.crt', key: 'pki/client-validator.key' },
 *     timeoutMs: 2000 });
 *   const r = await client.sign({ keyType: 'babe', kind: 'babe-seal', header });
 *   if (r.kind === 'signature') ... else ... r.reason // 'CONFLICT', ...
 *
 * Which peer is asked: the last one that answered first, then the others in the configured order;
 * how the attempts share the budget and when a silent peer is hedged: failover.ts. What is final
 * (never asked of another peer): a response (a signature, or a Refusal: the TAs' answer, the same
 * at every peer), INVALID_ARGUMENT, PERMISSION_DENIED (and UNAUTHENTICATED) and an answer the client
 * cannot read (BAD_RESPONSE). Every other gRPC status, and not answering at all, means "this peer
 * cannot answer now", and the next URL is tried. Identical Sign requests are idempotent at the
 * peers, which is what makes hedged duplicates safe.
 */
import { Metadata, status } from '@grpc/grpc-js';
import type { CallOptions, ChannelCredentials, ClientUnaryCall, ServiceError } from '@grpc/grpc-js';
import { loadServices, MAX_MESSAGE_BYTES, tlsChannelOptions } from '@triad/proto';
import { randomUUID } from 'node:crypto';
import { invalid, SignerClientError } from './errors.js';
import { failover } from './failover.js';
import type { Attempt, AttemptResult } from './failover.js';
import { BadResponse, readHealth, readPublicKeys, readSignResponse, readVrfResponse } from './responses.js';
import type { PublicKeyInfo, SignResult, VrfResult } from './responses.js';
import { vrfMessage } from './vrf-requests.js';
import type { AssignmentVrfFields, BabeVrfFields, VrfRequestKind } from './vrf-requests.js';
import { channelCredentials } from './tls.js';
import type { TlsOptions } from './tls.js';
import {
  checkBytes,
  checkBeefyCommitment,
  checkGrandpaVote,
  checkParaStatement,
  checkKeyType,
  checkMs,
  checkPublicKey,
  checkRequestId,
  checkServerName,
  checkUrls,
  show,
} from './validate.js';

export interface SignerClientOptions {
  /** The peers' Signer endpoints, `host:port`, in order of preference. */
  readonly urls: readonly string[];
  readonly tls: TlsOptions;
  /**
   * The DNS name in the peers' certificates, checked instead of each URL's host (and sent as the
   * TLS server name): for URLs with IP addresses, which must not be a TLS server name. Default:
   * the URL's host when it is a DNS name, `localhost` for a loopback address (dev and test
   * certificates carry it), else the IP address itself.
   */
  readonly serverName?: string;
  /** The whole budget of one call, all attempts included (1..MAX_TIMEOUT_MS). */
  readonly timeoutMs: number;
  /**
   * How long an attempt may be silent before the next URL is asked as well. Default
   * min(timeoutMs / 4, DEFAULT_MAX_HEDGE_MS); false: never hedge (strictly one attempt at a time).
   */
  readonly hedgeMs?: number | false;
  /**
   * How long an attempt (other than at the last URL) may be silent before it is cancelled and
   * the next URL tried. Default: timeoutMs when hedging (a silent peer is hedged, not dropped: it
   * may still answer), timeoutMs / urls.length when not (so every URL gets its turn).
   */
  readonly attemptTimeoutMs?: number;
}

/** Which key signs: the cluster's one active key of `keyType`, or the one with `publicKey`. */
export interface SignKey {
  readonly keyType: string;
  /**
   * 32 bytes (33 for an ecdsa type: beef); needed when the cluster holds several keys of
   * `keyType` (else INVALID_ARGUMENT).
   */
  readonly publicKey?: Uint8Array;
  readonly requestId?: string;
}

export type SignRequest =
  | (SignKey & {
      readonly kind: 'babe-seal';
      /** The SCALE-encoded pre-seal header; the TAs parse it and sign its blake2-256. */
      readonly header: Uint8Array;
    })
  | (SignKey & {
      readonly kind: 'raw';
      /** Signed as is; only for key types the cluster holds as non-slashable. */
      readonly payload: Uint8Array;
    })
  | (SignKey & {
      readonly kind: 'grandpa-vote';
      /**
       * GRANDPA's 53-byte localized payload (Message, round, set_id) as the node builds it; the
       * answer is a plain ed25519 signature of it by the `gran` key.
       */
      readonly payload: Uint8Array;
    })
  | (SignKey & {
      readonly kind: 'para-statement';
      /**
       * A parachain statement's bytes as the node signs them (backing, bitfield, dispute, approval,
       * PVF pre-check); the answer is an sr25519 signature of them by the `para` key.
       */
      readonly payload: Uint8Array;
    })
  | (SignKey & {
      readonly kind: 'beefy-commitment';
      /**
       * A BEEFY commitment's SCALE encoding (payload, block_number, validator_set_id), not its
       * hash; the answer is a 65-byte ecdsa signature (r || s || recovery id) of its keccak-256 by
       * the `beef` key.
       */
      readonly payload: Uint8Array;
    });

/** One peer's Health, as seen from this client. */
export interface PeerHealth {
  readonly url: string;
  /** It answered (over mTLS) within timeoutMs. */
  readonly reachable: boolean;
  /** It and at least one cosigner can sign now. */
  readonly canSign: boolean;
  readonly peerId: string;
  readonly attestedPeers: readonly string[];
  readonly version: string;
  /** Time to its answer (or to the failure). */
  readonly roundTripMs: number;
  /** Why it is not reachable. */
  readonly error?: string;
}

export const MAX_TIMEOUT_MS = 600_000;
export const DEFAULT_MAX_HEDGE_MS = 250;

/**
 * grpc-js channel options: a peer back from a restart is found within two seconds rather than
 * after grpc's default backoff (up to two minutes); each client has its own connections, so
 * closing one never touches another's; messages are capped like the peers cap them.
 */
export const CHANNEL_OPTIONS = {
  'grpc.initial_reconnect_backoff_ms': 250,
  'grpc.max_reconnect_backoff_ms': 2000,
  'grpc.use_local_subchannel_pool': 1,
  'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
} as const;

type Callback = (error: ServiceError | null, response?: unknown) => void;
type UnaryMethod = (
  request: object,
  metadata: Metadata,
  options: CallOptions,
  callback: Callback,
) => ClientUnaryCall;
interface SignerStub {
  readonly Sign: UnaryMethod;
  readonly GetPublicKeys: UnaryMethod;
  readonly Health: UnaryMethod;
  close(): void;
}
type Method = 'Sign' | 'GetPublicKeys' | 'Health';

export class SignerClient {
  readonly urls: readonly string[];
  readonly timeoutMs: number;
  readonly hedgeMs: number | false;
  readonly attemptTimeoutMs: number;
  private readonly stubs = new Map<string, SignerStub>();
  private readonly closed = new AbortController();
  private preferred: string | undefined;

  constructor(options: SignerClientOptions) {
    if (!options || typeof options !== 'object') throw invalid('options: expected { urls, tls, timeoutMs }');
    this.urls = checkUrls(options.urls);
    this.timeoutMs = checkMs(options.timeoutMs, 'timeoutMs', 1, MAX_TIMEOUT_MS);
    this.hedgeMs =
      options.hedgeMs === false
        ? false
        : options.hedgeMs === undefined
          ? Math.max(1, Math.min(Math.floor(this.timeoutMs / 4), DEFAULT_MAX_HEDGE_MS))
          : checkMs(options.hedgeMs, 'hedgeMs (or false)', 1, this.timeoutMs);
    this.attemptTimeoutMs =
      options.attemptTimeoutMs === undefined
        ? this.hedgeMs === false
          ? Math.ceil(this.timeoutMs / this.urls.length)
          : this.timeoutMs
        : checkMs(options.attemptTimeoutMs, 'attemptTimeoutMs', 1, this.timeoutMs);
    const creds: ChannelCredentials = channelCredentials(options.tls);
    const serverName = options.serverName === undefined ? undefined : checkServerName(options.serverName);
    const { Signer } = loadServices();
    for (const url of this.urls) {
      const channel = { ...CHANNEL_OPTIONS, ...tlsChannelOptions(url, serverName) };
      this.stubs.set(url, new Signer(url, creds, channel) as unknown as SignerStub);
    }
  }

  /** The URL that answered last (tried first by the next call), if any has. */
  get lastHealthyUrl(): string | undefined {
    return this.preferred;
  }

  /**
   * One signature, or the TAs' refusal. Rejects with a SignerClientError: INVALID_ARGUMENT (the
   * request, checked here before anything is sent, or by a peer), PERMISSION_DENIED, UNAVAILABLE
   * (every URL failed; `failures` has each one's reason), DEADLINE, BAD_RESPONSE, CLOSED.
   */
  async sign(request: SignRequest): Promise<SignResult> {
    const message = this.signMessage(request);
    const { url, value } = await this.call('Sign', message, readSignResponse);
    return { ...value, url };
  }

  /**
   * A BABE slot claim's VRF with the `babe` key (or `key`): pre-output, proof and the 96-byte
   * VrfSignature, or the TAs' refusal (POLICY for a slot more than 2400 above the key's mark).
   */
  babeVrf(fields: BabeVrfFields, key: Partial<SignKey> = {}): Promise<VrfResult> {
    return this.vrf('babe-vrf', fields, { keyType: 'babe', ...key });
  }

  /** The BABE VRF's pre-output alone (to check the score before asking for the proof). */
  babeVrfPreOutput(fields: BabeVrfFields, key: Partial<SignKey> = {}): Promise<VrfResult> {
    return this.vrf('babe-vrf-pre-output', fields, { keyType: 'babe', ...key });
  }

  /** An approval assignment's VRF with the `asgn` key (modulo-compact: `cores`; delay: `core`). */
  assignmentVrf(fields: AssignmentVrfFields, key: Partial<SignKey> = {}): Promise<VrfResult> {
    return this.vrf('assignment-vrf', fields, { keyType: 'asgn', ...key });
  }

  /**
   * A GRANDPA vote with the `gran` key (or `key`): `payload` is the 53-byte localized payload the
   * node signs. A second target for one (set_id, stage, round) is refused as CONFLICT.
   */
  grandpaVote(payload: Uint8Array, key: Partial<SignKey> = {}): Promise<SignResult> {
    return this.sign({ keyType: 'gran', ...key, kind: 'grandpa-vote', payload });
  }

  /**
   * A parachain validator's statement with the `para` key (or `key`): `payload` is the exact bytes
   * the node signs. A valid-side and an invalid-side statement for one (session, candidate) never
   * both sign (CONFLICT); sessions below the 6-session dispute window are REGRESSION.
   */
  paraStatement(payload: Uint8Array, key: Partial<SignKey> = {}): Promise<SignResult> {
    return this.sign({ keyType: 'para', ...key, kind: 'para-statement', payload });
  }

  /**
   * A BEEFY commitment with the `beef` key (or `key`): `payload` is the commitment's SCALE encoding
   * (checked here as the TAs read it), not its keccak-256; the TAs hash it. The answer is 65 bytes
   * r || s || recovery id, as `ecdsa_sign_prehashed` returns. Per validator_set_id one payload per
   * block number (else CONFLICT); lower blocks and lower set ids are REGRESSION.
   */
  beefyCommitment(payload: Uint8Array, key: Partial<SignKey> = {}): Promise<SignResult> {
    return this.sign({ keyType: 'beef', ...key, kind: 'beefy-commitment', payload });
  }

  /** Any VRF kind; the same failover and errors as `sign`. */
  async vrf(
    kind: VrfRequestKind,
    fields: BabeVrfFields | AssignmentVrfFields,
    key: SignKey,
  ): Promise<VrfResult> {
    const message = { ...this.keyFields(key), ...vrfMessage(kind, fields) };
    const proof = kind !== 'babe-vrf-pre-output';
    const { url, value } = await this.call('Sign', message, (res) => readVrfResponse(res, proof));
    return { ...value, url };
  }

  /** The cluster's public keys this client may use, one per key type. */
  async publicKeys(): Promise<PublicKeyInfo[]> {
    return (await this.call('GetPublicKeys', {}, readPublicKeys)).value;
  }

  /** Every peer's Health, asked in parallel (each within timeoutMs), in the configured order. */
  async health(): Promise<PeerHealth[]> {
    this.checkOpen('Health');
    return Promise.all(
      this.urls.map(async (url): Promise<PeerHealth> => {
        const started = performance.now();
        const { error, response } = await this.unary(url, 'Health', {}, Date.now() + this.timeoutMs).result;
        const roundTripMs = Math.round((performance.now() - started) * 10) / 10;
        const down = (why: string): PeerHealth => ({
          url,
          reachable: false,
          canSign: false,
          peerId: '',
          attestedPeers: [],
          version: '',
          roundTripMs,
          error: why,
        });
        if (error) return down(`${status[error.code] ?? error.code}: ${error.details}`);
        try {
          return { url, reachable: true, ...readHealth(response), roundTripMs };
        } catch (e) {
          return down(`bad response: ${(e as Error).message}`);
        }
      }),
    );
  }

  /** Closes the connections; calls in flight and later calls reject with CLOSED. Idempotent. */
  close(): void {
    if (this.closed.signal.aborted) return;
    this.closed.abort();
    for (const stub of this.stubs.values()) stub.close();
  }

  /** The SignRequest message for `request`, after checking every field. */
  private signMessage(request: SignRequest): Record<string, unknown> {
    if (!request || typeof request !== 'object') throw invalid('sign: expected { keyType, kind, ... }');
    const key = this.keyFields(request);
    switch (request.kind) {
      case 'babe-seal':
        return { ...key, babeSeal: { header: checkBytes(request.header, 'header') } };
      case 'raw':
        return { ...key, raw: { payload: checkBytes(request.payload, 'payload') } };
      case 'grandpa-vote':
        return { ...key, grandpaVote: { payload: checkGrandpaVote(request.payload) } };
      case 'para-statement':
        return { ...key, paraStatement: { payload: checkParaStatement(request.payload) } };
      case 'beefy-commitment':
        return { ...key, beefyCommitment: { payload: checkBeefyCommitment(request.payload) } };
      default:
        throw invalid(
          `kind: expected "babe-seal", "raw", "grandpa-vote", "para-statement" or "beefy-commitment", got ${show((request as { kind: unknown }).kind)}`,
        );
    }
  }

  /** The key and request id fields of a Sign, checked. */
  private keyFields(k: SignKey): Record<string, unknown> {
    const keyType = checkKeyType(k.keyType);
    const requestId = k.requestId === undefined ? randomUUID() : checkRequestId(k.requestId);
    return {
      keyType,
      requestId,
      ...(k.publicKey === undefined ? {} : { publicKey: checkPublicKey(k.publicKey, 'publicKey', keyType) }),
    };
  }

  /** `method` with failover and hedging (failover.ts); the answering URL becomes the preferred. */
  private async call<T>(method: Method, message: object, read: (response: unknown) => T) {
    this.checkOpen(method);
    const order = this.preferred
      ? [this.preferred, ...this.urls.filter((u) => u !== this.preferred)]
      : this.urls;
    const answered = await failover<T>({
      operation: method,
      order,
      timeoutMs: this.timeoutMs,
      hedgeMs: this.hedgeMs,
      attemptTimeoutMs: this.attemptTimeoutMs,
      signal: this.closed.signal,
      start: (url, deadline): Attempt<T> => {
        const { result, cancel } = this.unary(url, method, message, deadline);
        return {
          result: result.then(({ error, response }) => classify(url, method, error, response, read)),
          cancel,
        };
      },
    });
    if (!this.closed.signal.aborted) this.preferred = answered.url;
    return answered;
  }

  private unary(url: string, method: Method, message: object, deadline: number) {
    const stub = this.stubs.get(url)!;
    let call: ClientUnaryCall | undefined;
    const result = new Promise<{ error: ServiceError | null; response?: unknown }>((resolve) => {
      call = stub[method](message, new Metadata(), { deadline: new Date(deadline) }, (error, response) =>
        resolve({ error, response }),
      );
    });
    return { result, cancel: () => call?.cancel() };
  }

  private checkOpen(operation: string): void {
    if (this.closed.signal.aborted)
      throw new SignerClientError('CLOSED', `${operation}: the client was closed`);
  }
}

/** One attempt's outcome: an answer, an error that is final, or "try the next URL". */
function classify<T>(
  url: string,
  operation: string,
  error: ServiceError | null,
  response: unknown,
  read: (response: unknown) => T,
): AttemptResult<T> {
  if (!error) {
    try {
      return { kind: 'answer', value: read(response) };
    } catch (e) {
      if (!(e instanceof BadResponse)) throw e;
      const message = `${operation}: ${url} answered something unreadable: ${e.message}`;
      return { kind: 'final', error: new SignerClientError('BAD_RESPONSE', message, { url }) };
    }
  }
  const said = `${operation}: ${url} says: ${error.details}`;
  switch (error.code) {
    case status.INVALID_ARGUMENT:
      return { kind: 'final', error: new SignerClientError('INVALID_ARGUMENT', said, { url }) };
    case status.PERMISSION_DENIED:
    case status.UNAUTHENTICATED:
      return { kind: 'final', error: new SignerClientError('PERMISSION_DENIED', said, { url }) };
    default:
      return { kind: 'retry', reason: `${status[error.code] ?? error.code}: ${error.details}` };
  }
}
