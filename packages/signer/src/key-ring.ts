/**
 * The keys this peer's TA holds, as the signer names them: by key type and group public key (a TA
 * holds several keys of a type, and the tombstones of retired ones). Where a request names a key
 * by its type only, it means the one active key of that type; with several, it must name one.
 */
import type { PublicKeyPackage } from '@triad/frost';
import { schemeOfKeyType } from '@triad/proto';
import type { KeyScheme } from '@triad/proto';
import type { KeyId, TaInfo, TrustedApp } from '@triad/tee';

/** A key's name in maps and caches: its type and public key (hex). */
export const keyName = (key: KeyId): string => `${key.keyType}:${Buffer.from(key.publicKey).toString('hex')}`;

/** An active key: its name, its public key package (as the TA exported it) and its flags. */
export interface HeldKey extends KeyId {
  readonly package: PublicKeyPackage;
  readonly nonSlashable: boolean;
}

/** A key as the TA lists it, retired ones too (GetPublicKeys, status). */
export interface ListedKey extends KeyId {
  readonly nonSlashable: boolean;
  /** As the TA made it. */
  readonly scheme: KeyScheme;
  readonly status: 'active' | 'retired';
  /** The TA's counter when the key was made: orders keys of one type (higher is newer). */
  readonly created: bigint;
}

/** Which key a request means: that key, none (NO_KEY), or several (the request must name one). */
export type KeyChoice = { readonly key: HeldKey } | { readonly none: string } | { readonly several: string };

export class KeyRing {
  static readonly EMPTY = new KeyRing([], [], '');
  private readonly byName: ReadonlyMap<string, HeldKey>;

  private constructor(
    /** Active keys, in the TA's slot order. */
    readonly active: readonly HeldKey[],
    /** Every key the TA holds, active or retired, in its slot order. */
    readonly listed: readonly ListedKey[],
    /** Every key the TA listed with its status: the ring is stale when this changes. */
    private readonly listing: string,
  ) {
    this.byName = new Map(active.map((k) => [keyName(k), k]));
  }

  /**
   * The TA's keys now: its GET_INFO, and the public key package of each active key. A key whose
   * scheme is not its type's (a gran key an older TA made as sr25519) is listed but not held:
   * nothing here could read its points or check its signatures.
   */
  static async load(ta: TrustedApp): Promise<{ ring: KeyRing; info: TaInfo }> {
    const info = await ta.getInfo();
    const active: HeldKey[] = [];
    const servable = (k: TaInfo['keys'][number]) =>
      k.status === 'active' && k.scheme === schemeOfKeyType(k.keyType);
    for (const k of info.keys.filter(servable)) {
      const id = { keyType: k.keyType, publicKey: k.groupPublicKey };
      active.push({ ...id, package: await ta.exportPublic(id), nonSlashable: k.nonSlashable });
    }
    const listed = info.keys.map((k) => ({
      keyType: k.keyType,
      publicKey: k.groupPublicKey,
      nonSlashable: k.nonSlashable,
      scheme: k.scheme,
      status: k.status,
      created: k.created,
    }));
    return { ring: new KeyRing(active, listed, listingOf(info)), info };
  }

  get size(): number {
    return this.active.length;
  }

  /** The active key `key`, if it is one. */
  get(key: KeyId): HeldKey | undefined {
    return this.byName.get(keyName(key));
  }

  /** The key types with an active key, each once. */
  types(): string[] {
    return [...new Set(this.active.map((k) => k.keyType))];
  }

  /** Whether `info` lists other keys (or other statuses) than this ring was loaded from. */
  staleFor(info: TaInfo): boolean {
    return listingOf(info) !== this.listing;
  }

  /**
   * The key a request means: the active `keyType` key `publicKey` if given; else the one active
   * key of that type among those `permitted` (a client limited to its own keys need not name it).
   */
  choose(
    keyType: string,
    publicKey?: Uint8Array,
    permitted: (key: KeyId) => boolean = () => true,
  ): KeyChoice {
    if (publicKey && publicKey.length > 0) {
      const key = this.get({ keyType, publicKey });
      return key ? { key } : { none: `no active ${keyType} key 0x${Buffer.from(publicKey).toString('hex')}` };
    }
    const ofType = this.active.filter((k) => k.keyType === keyType && permitted(k));
    if (ofType.length === 0) return { none: `no key of type ${keyType}` };
    if (ofType.length > 1) return { several: `several ${keyType} keys: name one by public_key` };
    return { key: ofType[0]! };
  }
}

const listingOf = (info: TaInfo): string =>
  info.keys
    .map((k) => `${keyName({ keyType: k.keyType, publicKey: k.groupPublicKey })}:${k.status}`)
    .join(',');
