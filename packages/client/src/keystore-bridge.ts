/**
 * The keystore bridge: the Substrate keystore calls a validator node makes for its session keys,
 * as JSON-RPC 2.0 over HTTP on localhost, answered by the Triad cluster through a SignerClient.
 * It is the integration point for a node built with a custom `Keystore` (or a sidecar that speaks
 * for one); see this package's README.
 *
 *   sr25519_public_keys(key_type)                        -> ["0x<32 bytes>", ...]
 *   ed25519_public_keys(key_type)                        -> ["0x<32 bytes>", ...] (gran)
 *   keys(key_type)                                       -> ["0x<public key>", ...] (any scheme)
 *   has_keys([[public_hex, key_type], ...])              -> true when the cluster holds every one
 *   (a public key is 32 bytes, or 33 for an ecdsa key type: beef)
 *   sign_with(key_type, public_hex, kind, payload_hex)   -> "0x<64-byte signature>"
 *       kind "babe-seal": payload = the SCALE pre-seal header; "raw": bytes signed as they are
 *   sr25519_sign(key_type, public_hex, payload_hex)      -> "0x<64-byte sr25519 signature>"
 *       para: only the statements a para key signs (backing, bitfield, dispute, approval, PVF
 *       pre-check; other bytes are INVALID_PARAMS, nothing sent); any other type is a raw
 *       signature, which the TAs give only for key types they hold as non-slashable (audi, imon)
 *       and refuse (POLICY) for the rest: BABE seals go through sign_with, kind "babe-seal"
 *   ed25519_sign(key_type, public_hex, payload_hex)      -> "0x<64-byte ed25519 signature>"
 *       only GRANDPA votes: payload = the 53-byte localized payload (Message, round, set_id); any
 *       other bytes are INVALID_PARAMS, nothing sent (the TAs would refuse them anyway)
 *   ecdsa_public_keys(key_type)                          -> ["0x<33 bytes>", ...] (beef)
 *   ecdsa_sign_prehashed(key_type, public_hex, payload_hex) -> "0x<65-byte ecdsa signature>"
 *       only BEEFY commitments, and the node must send the commitment's SCALE encoding where
 *       Keystore::ecdsa_sign_prehashed takes its keccak-256 (a hash cannot be checked against
 *       any rule): the TAs read it, apply BEEFY's rule and sign its keccak-256. Anything that
 *       does not read as a commitment (a 32-byte prehash included) is INVALID_PARAMS, nothing
 *       sent. The signature is r || s || recovery id. Not threshold ECDSA: the key is made by
 *       the cluster's DKG and no TA stores it whole, but it is combined inside one TA for each
 *       signature.
 *   sr25519_vrf_sign(key_type, public_hex, input)        -> { preOutput, proof, signature } (hex)
 *   sr25519_vrf_pre_output(key_type, public_hex, input)  -> "0x<32-byte pre-output>"
 *       input: the transcript's fields (a merlin transcript cannot travel), one of
 *       { babe: { slot, epoch, randomness } } (slot, epoch: decimal strings or safe integers) or,
 *       for sr25519_vrf_sign only, { assignment: { story, cores: [..] } } (RelayVRFModuloCompact)
 *       or { assignment: { story, core } } (RelayVRFDelay)
 *
 * Errors: the standard JSON-RPC codes for malformed requests (-32700, -32600, -32601, -32602)
 * and BRIDGE_ERRORS for what the cluster answered; a refusal is BRIDGE_ERRORS.REFUSED with
 * `data: { reason, message, slot }` and is final (the bridge never asks again).
 *
 * Only a local process should reach it: it listens on a loopback address unless `allowRemote`,
 * and turns away what a web browser could send (any request with an Origin header, any body not
 * declared application/json, and, on loopback, any Host header that is not a loopback name),
 * so a web page on the validator host cannot have it sign.
 */
import { BlockList, isIP } from 'node:net';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignerClientError } from './errors.js';
import {
  dispatch,
  errorResponse,
  INTERNAL_ERROR,
  INVALID_PARAMS,
  INVALID_REQUEST,
  JsonRpcError,
  positional,
} from './json-rpc.js';
import type { DispatchOptions, JsonRpcResponse, MethodHandler, Params } from './json-rpc.js';
import type { PublicKeyInfo, RefusalResult, SignResult, VrfResult } from './responses.js';
import type { SignKey, SignRequest } from './signer-client.js';
import type { AssignmentVrfFields, BabeVrfFields, VrfRequestKind } from './vrf-requests.js';
import { checkKeyType, MAX_PAYLOAD_BYTES } from './validate.js';
import {
  decodeBeefyCommitment,
  decodeGrandpaVote,
  decodeParaStatement,
  publicKeyLengthOfType,
  schemeOfKeyType,
} from '@triad/proto';

/** The request kinds whose whole input is one payload. */
type PayloadKind = 'raw' | 'grandpa-vote' | 'para-statement' | 'beefy-commitment';

/** A decoder's sentence saying why bytes are not what it reads, or undefined when they are. */
const whyNot = (read: object | string): string | undefined => (typeof read === 'string' ? read : undefined);

/** Why bytes are not a BEEFY commitment the TAs would read, or undefined when they are one. */
function whyNotCommitment(payload: Uint8Array): string | undefined {
  try {
    decodeBeefyCommitment(payload);
    return undefined;
  } catch (e) {
    const prehash =
      payload.length === 32
        ? " (32 bytes: a keccak-256 prehash? send the commitment's encoding: the TAs read it and hash it)"
        : '';
    return `${(e as Error).message}${prehash}`;
  }
}

/** A key type's public key: its scheme's length (33 bytes for ecdsa, else 32), or INVALID_PARAMS. */
const publicParam = (value: unknown, field: string, keyType: string): Buffer =>
  hexParam(value, field, publicKeyLengthOfType(keyType), publicKeyLengthOfType(keyType));

/** The part of SignerClient the bridge uses. */
export interface BridgeSigner {
  sign(request: SignRequest): Promise<SignResult>;
  publicKeys(): Promise<PublicKeyInfo[]>;
  vrf(kind: VrfRequestKind, fields: BabeVrfFields | AssignmentVrfFields, key: SignKey): Promise<VrfResult>;
}

/** The bridge's own JSON-RPC error codes (the implementation-defined range -32000..-32099). */
export const BRIDGE_ERRORS = {
  /** The TAs refused: data { reason, message, slot }. */
  REFUSED: -32001,
  /** No peer answered (UNAVAILABLE, DEADLINE, CLOSED): data { code, failures: [{ url, reason }] }. */
  UNAVAILABLE: -32002,
  /** This validator client may not use the key type. */
  PERMISSION_DENIED: -32003,
  /** The cluster holds no such key (public key and key type): nothing was signed. */
  KEY_NOT_FOUND: -32004,
  /** A peer answered something the bridge cannot use. */
  BAD_RESPONSE: -32005,
} as const;

export const DEFAULT_BRIDGE_HOST = '127.0.0.1';
export const DEFAULT_BRIDGE_PORT = 9945;
/** Room for the largest payload in hex (2 x 64 KiB) and the JSON around it. */
export const DEFAULT_MAX_BODY_BYTES = 2 * MAX_PAYLOAD_BYTES + 16 * 1024;
export const DEFAULT_MAX_BATCH = 16;
/** has_keys asks about at most this many pairs at once. */
export const MAX_HAS_KEYS = 64;

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** Whether `host` (a name or an address, IPv6 without brackets) is this machine's loopback. */
export function isLoopbackHost(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  const family = isIP(host);
  return family !== 0 && loopback.check(host, family === 6 ? 'ipv6' : 'ipv4');
}

/** Bytes from "0x"-prefixed (or bare) hex, or INVALID_PARAMS naming `field`. */
function hexParam(value: unknown, field: string, min: number, max: number): Buffer {
  const hex = typeof value === 'string' ? value.replace(/^0x/, '') : undefined;
  if (hex === undefined || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new JsonRpcError(INVALID_PARAMS, `invalid params: ${field} must be a hex string`);
  }
  const n = hex.length / 2;
  if (n < min || n > max) {
    throw new JsonRpcError(
      INVALID_PARAMS,
      `invalid params: ${field} must be ${min === max ? min : `${min}..${max}`} bytes, got ${n}`,
    );
  }
  return Buffer.from(hex, 'hex');
}

function keyTypeParam(value: unknown, field: string): string {
  try {
    return checkKeyType(value, field);
  } catch (e) {
    throw new JsonRpcError(
      INVALID_PARAMS,
      `invalid params: ${(e as SignerClientError).message.replace(/^INVALID_ARGUMENT: /, '')}`,
    );
  }
}

const hex = (bytes: Uint8Array) => `0x${Buffer.from(bytes).toString('hex')}`;

/** A SignerClientError as the JSON-RPC error the node sees. */
function asJsonRpc(e: unknown): unknown {
  if (!(e instanceof SignerClientError)) return e;
  switch (e.code) {
    case 'INVALID_ARGUMENT':
      return new JsonRpcError(INVALID_PARAMS, e.message, { code: e.code, url: e.url });
    case 'PERMISSION_DENIED':
      return new JsonRpcError(BRIDGE_ERRORS.PERMISSION_DENIED, e.message, { code: e.code, url: e.url });
    case 'BAD_RESPONSE':
      return new JsonRpcError(BRIDGE_ERRORS.BAD_RESPONSE, e.message, { code: e.code, url: e.url });
    default:
      return new JsonRpcError(BRIDGE_ERRORS.UNAVAILABLE, e.message, { code: e.code, failures: e.failures });
  }
}

/**
 * The keystore methods, backed by `signer`. The cluster's public keys are remembered between
 * calls (they change only with a key ceremony) and fetched again whenever a key asked for is not
 * among them, so sign_with never sends a request for a key the cluster does not hold.
 */
export function keystoreMethods(signer: BridgeSigner): Map<string, MethodHandler> {
  let known: PublicKeyInfo[] | undefined;
  // Retired keys are listed by the cluster, but the keystore holds only keys that can sign.
  const fetchKeys = async () => (known = (await signer.publicKeys()).filter((k) => k.status === 'active'));
  const holds = (keys: readonly PublicKeyInfo[], keyType: string, pub: Uint8Array) =>
    keys.some((k) => k.keyType === keyType && Buffer.from(k.publicKey).equals(pub));

  const withErrors =
    (handler: MethodHandler): MethodHandler =>
    async (params) => {
      try {
        return await handler(params);
      } catch (e) {
        throw asJsonRpc(e);
      }
    };

  /**
   * A sign method of (key_type, public, payload): `route` names the request kind the payload is
   * for that key type and, when the payload is not one, why (then nothing is sent).
   */
  const payloadSigner = (
    route: (keyType: string, payload: Buffer) => { kind: PayloadKind; notOne?: string },
  ) =>
    withErrors(async (params) => {
      const [keyTypeValue, publicValue, payloadValue] = positional(params, ['key_type', 'public', 'payload']);
      const keyType = keyTypeParam(keyTypeValue, 'key_type');
      const pub = publicParam(publicValue, 'public', keyType);
      const payload = hexParam(payloadValue, 'payload', 1, MAX_PAYLOAD_BYTES);
      const { kind, notOne } = route(keyType, payload);
      if (notOne !== undefined) throw new JsonRpcError(INVALID_PARAMS, `invalid params: payload: ${notOne}`);
      const result = await answer(keyType, pub, () =>
        signer.sign({ keyType, kind, payload, publicKey: pub }),
      );
      return hex(result.signature);
    });

  /** Every active public key of a type, of one scheme or (Keystore::keys) of any. */
  const publicKeysOfType = (scheme?: string) =>
    withErrors(async (params) => {
      const [keyType] = positional(params, ['key_type']);
      const type = keyTypeParam(keyType, 'key_type');
      return (await fetchKeys())
        .filter((k) => k.keyType === type && (scheme === undefined || k.scheme === scheme))
        .map((k) => hex(k.publicKey));
    });

  return new Map<string, MethodHandler>([
    ['sr25519_public_keys', publicKeysOfType('sr25519')],
    ['ed25519_public_keys', publicKeysOfType('ed25519')],
    ['ecdsa_public_keys', publicKeysOfType('ecdsa')],
    ['keys', publicKeysOfType()],
    [
      'has_keys',
      withErrors(async (params) => {
        const [pairs] = positional(params, ['keys']);
        if (!Array.isArray(pairs) || pairs.length > MAX_HAS_KEYS) {
          throw new JsonRpcError(
            INVALID_PARAMS,
            `invalid params: keys must be a list of at most ${MAX_HAS_KEYS} [public_hex, key_type] pairs`,
          );
        }
        const wanted = pairs.map((pair, i) => {
          if (!Array.isArray(pair) || pair.length !== 2) {
            throw new JsonRpcError(
              INVALID_PARAMS,
              `invalid params: keys[${i}] must be [public_hex, key_type]`,
            );
          }
          const keyType = keyTypeParam(pair[1], `keys[${i}][1]`);
          return { pub: publicParam(pair[0], `keys[${i}][0]`, keyType), keyType };
        });
        if (wanted.length === 0) return true;
        const keys = await fetchKeys();
        return wanted.every((w) => holds(keys, w.keyType, w.pub));
      }),
    ],
    [
      'sign_with',
      withErrors(async (params) => {
        const [keyTypeValue, publicValue, kind, payloadValue] = positional(params, [
          'key_type',
          'public',
          'kind',
          'payload',
        ]);
        const keyType = keyTypeParam(keyTypeValue, 'key_type');
        const pub = publicParam(publicValue, 'public', keyType);
        if (kind !== 'babe-seal' && kind !== 'raw') {
          throw new JsonRpcError(INVALID_PARAMS, 'invalid params: kind must be "babe-seal" or "raw"');
        }
        const payload = hexParam(payloadValue, 'payload', 1, MAX_PAYLOAD_BYTES);
        const result = await answer(keyType, pub, () =>
          signer.sign(
            kind === 'babe-seal'
              ? { keyType, kind, header: payload, publicKey: pub }
              : { keyType, kind, payload, publicKey: pub },
          ),
        );
        return hex(result.signature);
      }),
    ],
    [
      'sr25519_sign',
      // What the node signs with its para key is a statement the TAs read; with any other key
      // sr25519_sign is a plain signature, for the types the cluster holds as non-slashable.
      payloadSigner((keyType, payload) =>
        keyType === 'para'
          ? { kind: 'para-statement', notOne: whyNot(decodeParaStatement(payload)) }
          : { kind: 'raw' },
      ),
    ],
    [
      'ed25519_sign',
      // The only ed25519 messages a validator's keys sign are GRANDPA votes.
      payloadSigner((_, payload) => ({ kind: 'grandpa-vote', notOne: whyNot(decodeGrandpaVote(payload)) })),
    ],
    [
      'ecdsa_sign_prehashed',
      // The only ecdsa messages a validator's keys sign are BEEFY commitments; the node hands the
      // keystore their keccak-256, which no rule can read, so the bridge takes the commitment.
      payloadSigner((keyType, payload) => ({
        kind: 'beefy-commitment',
        notOne:
          schemeOfKeyType(keyType) !== 'ecdsa'
            ? `not for a ${keyType} key: ${keyType} keys are not ecdsa (beef keys are)`
            : whyNotCommitment(payload),
      })),
    ],
    [
      'sr25519_vrf_sign',
      withErrors(async (params) => {
        const { keyType, pub, kind, fields } = vrfParams(params, true);
        const result = await answer(keyType, pub, () =>
          signer.vrf(kind, fields, { keyType, publicKey: pub }),
        );
        if (!result.proof || !result.signature)
          throw new JsonRpcError(
            BRIDGE_ERRORS.BAD_RESPONSE,
            `${result.url} answered a VRF without its proof`,
          );
        return {
          preOutput: hex(result.preOutput),
          proof: hex(result.proof),
          signature: hex(result.signature),
        };
      }),
    ],
    [
      'sr25519_vrf_pre_output',
      withErrors(async (params) => {
        const { keyType, pub, kind, fields } = vrfParams(params, false);
        const result = await answer(keyType, pub, () =>
          signer.vrf(kind, fields, { keyType, publicKey: pub }),
        );
        return hex(result.preOutput);
      }),
    ],
  ]);

  /**
   * What every signing method shares: the key must be the cluster's (else KEY_NOT_FOUND, nothing
   * sent), a refusal is REFUSED, and an answer under another key is withheld.
   */
  async function answer<T extends SignResult | VrfResult>(
    keyType: string,
    pub: Uint8Array,
    ask: () => Promise<T>,
  ): Promise<Exclude<T, RefusalResult>> {
    if (!(known && holds(known, keyType, pub)) && !holds(await fetchKeys(), keyType, pub)) {
      throw new JsonRpcError(BRIDGE_ERRORS.KEY_NOT_FOUND, `the cluster holds no ${keyType} key ${hex(pub)}`);
    }
    const result = await ask();
    if (result.kind === 'refusal') {
      throw new JsonRpcError(BRIDGE_ERRORS.REFUSED, `refused: ${result.reason}: ${result.message}`, {
        reason: result.reason,
        message: result.message,
        slot: result.slot === undefined ? null : result.slot.toString(),
        url: result.url,
      });
    }
    if (!Buffer.from(result.publicKey).equals(pub)) {
      known = undefined; // the cluster's keys changed under us: fetch them again next time
      throw new JsonRpcError(
        BRIDGE_ERRORS.BAD_RESPONSE,
        `${result.url} signed under ${hex(result.publicKey)}, not ${hex(pub)}: signature withheld`,
      );
    }
    return result as Exclude<T, RefusalResult>;
  }
}

/** A transcript field that is a u64: a decimal string or a safe integer. */
function u64Param(value: unknown, field: string): bigint {
  const text = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,20}$/.test(text) || BigInt(text) >= 1n << 64n)
    throw new JsonRpcError(
      INVALID_PARAMS,
      `invalid params: ${field} must be a u64 (decimal string or integer)`,
    );
  return BigInt(text);
}

/** The VRF methods' params: key_type, public, and the transcript's fields (`input`). */
function vrfParams(params: Params, proof: boolean) {
  const [keyTypeValue, publicValue, input] = positional(params, ['key_type', 'public', 'input']);
  const keyType = keyTypeParam(keyTypeValue, 'key_type');
  const pub = publicParam(publicValue, 'public', keyType);
  const i = (input ?? {}) as Record<string, Record<string, unknown> | undefined>;
  if (typeof i.babe === 'object' && i.babe !== null && !('assignment' in i)) {
    const fields: BabeVrfFields = {
      slot: u64Param(i.babe.slot, 'input.babe.slot'),
      epoch: u64Param(i.babe.epoch, 'input.babe.epoch'),
      randomness: hexParam(i.babe.randomness, 'input.babe.randomness', 32, 32),
    };
    return { keyType, pub, kind: (proof ? 'babe-vrf' : 'babe-vrf-pre-output') as VrfRequestKind, fields };
  }
  if (proof && typeof i.assignment === 'object' && i.assignment !== null && !('babe' in i)) {
    const a = i.assignment;
    const story = hexParam(a.story, 'input.assignment.story', 32, 32);
    // the client checks the cores' and the core's bounds (INVALID_PARAMS through asJsonRpc)
    const fields = (
      a.core === undefined ? { story, cores: a.cores } : { story, core: a.core }
    ) as AssignmentVrfFields;
    return { keyType, pub, kind: 'assignment-vrf' as VrfRequestKind, fields };
  }
  throw new JsonRpcError(
    INVALID_PARAMS,
    `invalid params: input must be ${proof ? '{ babe: { slot, epoch, randomness } } or { assignment: { story, cores | core } }' : '{ babe: { slot, epoch, randomness } }'}`,
  );
}

export interface KeystoreBridgeOptions {
  readonly signer: BridgeSigner;
  /** Default DEFAULT_BRIDGE_HOST; anything but a loopback address needs `allowRemote`. */
  readonly host?: string;
  /** Default DEFAULT_BRIDGE_PORT; 0 picks a free port. */
  readonly port?: number;
  readonly allowRemote?: boolean;
  readonly maxBodyBytes?: number;
  readonly maxBatch?: number;
  /** Told of every call that reached a method. */
  readonly onCall?: DispatchOptions['onCall'];
}

export interface KeystoreBridge {
  /** The address it listens on (the port is the real one when 0 was asked). */
  readonly host: string;
  readonly port: number;
  /** http://host:port/ */
  readonly url: string;
  close(): Promise<void>;
}

/** The bridge, listening; rejects when the address cannot be used (or is not loopback). */
export async function startKeystoreBridge(options: KeystoreBridgeOptions): Promise<KeystoreBridge> {
  const host = options.host ?? DEFAULT_BRIDGE_HOST;
  const port = options.port ?? DEFAULT_BRIDGE_PORT;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const onLoopback = isLoopbackHost(host);
  if (!onLoopback && !options.allowRemote) {
    throw new Error(
      `${host} is not a loopback address: the keystore bridge listens on loopback only unless allowRemote`,
    );
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`port: expected 0..65535, got ${port}`);
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 64)
    throw new Error(`maxBodyBytes: expected at least 64`);
  const methods = keystoreMethods(options.signer);
  const dispatchOptions: DispatchOptions = {
    maxBatch: options.maxBatch ?? DEFAULT_MAX_BATCH,
    onCall: options.onCall,
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, errorResponse(null, INTERNAL_ERROR, 'internal error'));
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refuse = (httpStatus: number, message: string, headers: Record<string, string> = {}) => {
      req.resume(); // drain what was sent; the answer does not depend on it
      send(res, httpStatus, errorResponse(null, INVALID_REQUEST, message), headers);
    };
    if (req.headers.origin !== undefined)
      return refuse(403, 'requests from web pages (with an Origin) are refused');
    if (onLoopback && !isLoopbackHost(hostOfHeader(req.headers.host ?? ''))) {
      return refuse(403, 'the Host header must name a loopback address');
    }
    if (req.method !== 'POST') return refuse(405, 'only POST is accepted', { allow: 'POST' });
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return refuse(415, 'the body must be application/json');
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) {
      return refuse(413, `the body is larger than ${maxBodyBytes} bytes`, { connection: 'close' });
    }
    const body = await readBody(req, maxBodyBytes);
    if (body === undefined) {
      send(res, 413, errorResponse(null, INVALID_REQUEST, `the body is larger than ${maxBodyBytes} bytes`), {
        connection: 'close',
      });
      return;
    }
    const answer = await dispatch(body, methods, dispatchOptions);
    if (answer === undefined) {
      res.writeHead(204).end();
      return;
    }
    send(res, 200, answer);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    host: address.address,
    port: address.port,
    url: `http://${shown}:${address.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(
  res: ServerResponse,
  httpStatus: number,
  body: JsonRpcResponse | JsonRpcResponse[],
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(httpStatus, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** The body as UTF-8, or undefined once it passes `max` bytes (the rest is not read). */
function readBody(req: IncomingMessage, max: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The host name of a Host header ("localhost:9945", "[::1]:9945"). */
function hostOfHeader(header: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(header);
  if (bracketed) return bracketed[1]!;
  return header.replace(/:\d+$/, '');
}
