/**
 * docs/validator-integration.md names the bridge's methods and sign_with's request kinds in two
 * tables; the bridge must have exactly those. A method or kind added to the bridge without the
 * guide, or named in the guide without the bridge, fails here.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { INVALID_PARAMS, JsonRpcError, keystoreMethods } from '../src/index.js';
import type { BridgeSigner } from '../src/index.js';

const guide = readFileSync(
  fileURLToPath(new URL('../../../docs/validator-integration.md', import.meta.url)),
  'utf8',
);

/** The first-column names (`name`) of the table in the section under `heading`. */
function tableNames(heading: string): string[] {
  const start = guide.indexOf(`\n${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const rest = guide.slice(start + heading.length + 2);
  const section = rest.slice(0, rest.search(/\n#{2,3} /) === -1 ? undefined : rest.search(/\n#{2,3} /));
  return [...section.matchAll(/^\| `([a-z0-9_-]+)` \|/gm)].map((m) => m[1]!);
}

const PUB = new Uint8Array(32).fill(7);
const signer: BridgeSigner = {
  publicKeys: async () => [
    {
      keyType: 'babe',
      publicKey: PUB,
      nonSlashable: false,
      scheme: 'sr25519',
      status: 'active',
      created: 1n,
    },
  ],
  sign: async () => ({
    kind: 'signature',
    signature: new Uint8Array(64),
    publicKey: PUB,
    coordinator: '1',
    cosigner: '2',
    url: 'peer-1:7100',
  }),
  vrf: () => Promise.reject(new Error('no VRF in this test')),
};

/** Whether the bridge's sign_with takes `kind` (anything but "this is no kind of mine"). */
async function bridgeTakesKind(kind: string): Promise<boolean> {
  const signWith = keystoreMethods(signer).get('sign_with')!;
  try {
    await signWith({ key_type: 'babe', public: Buffer.from(PUB).toString('hex'), kind, payload: '00' });
    return true;
  } catch (e) {
    if (e instanceof JsonRpcError && e.code === INVALID_PARAMS && /\bkind\b/.test(e.message)) return false;
    throw e;
  }
}

describe('docs/validator-integration.md and the keystore bridge', () => {
  it("names exactly the bridge's methods", () => {
    const inGuide = tableNames("## The bridge's methods");
    expect(inGuide.length).toBeGreaterThan(0);
    expect([...inGuide].sort()).toEqual([...keystoreMethods(signer).keys()].sort());
  });

  it("names exactly the request kinds the bridge's sign_with takes", async () => {
    const inGuide = tableNames('### Request kinds of `sign_with`');
    expect(inGuide.length).toBeGreaterThan(0);
    // every kind the guide names, and every kind DESIGN.md section 6 plans (the bridge may take one
    // before the guide says so)
    const planned = ['babe-seal', 'babe-vrf', 'babe-vrf-pre-output', 'assignment-vrf', 'para-statement'];
    planned.push('grandpa-vote', 'beefy-commitment', 'ownership-proof', 'raw');
    const candidates = [...new Set([...inGuide, ...planned])];
    const taken = [];
    for (const k of candidates) if (await bridgeTakesKind(k)) taken.push(k);
    expect([...inGuide].sort()).toEqual(taken.sort());
  });
});
