/**
 * Which keys each validator client may use (DESIGN.md 9: an allow list per client, implicit deny,
 * as Dirk's). In the peer's configuration a client lists what it may use:
 *
 *   clients:
 *     validator-a: [babe, audi]                  # every key of these types
 *     validator-b: ["babe:0x<64 hex>", audi]     # this one babe key only, and every audi key
 *     validator-c: ["beef:0x<66 hex>"]           # an ecdsa key: 33 bytes, SEC1 compressed
 *
 * A client that runs one validator is limited to that validator's keys by naming them; a client
 * not listed, or a key it does not list, is refused (PERMISSION_DENIED) before anything is signed.
 */
import { isKeyType, publicKeyLengthOfType } from '@triad/proto';

/** What one entry of a client's list allows. */
export type Grant = { readonly keyType: string } | { readonly keyType: string; readonly publicKey: string };

/** An entry as written in the configuration: "type" or "type:0x<public key hex>". */
export function parseGrant(entry: string): Grant | undefined {
  const [keyType, key, ...rest] = entry.split(':');
  if (rest.length || !isKeyType(keyType)) return undefined;
  if (key === undefined) return { keyType };
  const hexDigits = 2 * publicKeyLengthOfType(keyType);
  return new RegExp(`^0x[0-9a-f]{${hexDigits}}$`).test(key)
    ? { keyType, publicKey: key.slice(2) }
    : undefined;
}

const hex = (key: Uint8Array | string) => (typeof key === 'string' ? key : Buffer.from(key).toString('hex'));

/** What the services ask of the permissions. */
export interface KeyPermissions {
  /** Whether `client` may use the key (`keyType`, `publicKey`). */
  mayUse(client: string, keyType: string, publicKey: Uint8Array | string): boolean;
  /** Whether `client` may use some key of `keyType` (a request can be refused before its key is found). */
  mayUseType(client: string, keyType: string): boolean;
}

export class ClientPermissions implements KeyPermissions {
  /** client -> key types it may use whole; client -> "type:hex" of single keys it may use. */
  private readonly types = new Map<string, Set<string>>();
  private readonly keys = new Map<string, Set<string>>();

  constructor(grants: ReadonlyMap<string, readonly Grant[]>) {
    for (const [client, list] of grants) {
      this.types.set(client, new Set());
      this.keys.set(client, new Set());
      for (const g of list) {
        if ('publicKey' in g) this.keys.get(client)!.add(`${g.keyType}:${g.publicKey}`);
        else this.types.get(client)!.add(g.keyType);
      }
    }
  }

  /** The clients the configuration names (an empty list is allowed: it may use nothing). */
  clients(): string[] {
    return [...this.types.keys()];
  }

  /** Whether `client` may use the key (`keyType`, `publicKey`). */
  mayUse(client: string, keyType: string, publicKey: Uint8Array | string): boolean {
    return (
      this.types.get(client)?.has(keyType) === true ||
      this.keys.get(client)?.has(`${keyType}:${hex(publicKey)}`) === true
    );
  }

  /** Whether `client` may use some key of `keyType` (a request can be refused before its key is found). */
  mayUseType(client: string, keyType: string): boolean {
    if (this.types.get(client)?.has(keyType)) return true;
    return [...(this.keys.get(client) ?? [])].some((k) => k.startsWith(`${keyType}:`));
  }
}
