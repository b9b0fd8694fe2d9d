/**
 * Writes vectors/triad-frost-vectors.json and vectors/triad-frost-ed25519-vectors.json (vectors.ts),
 * vectors/triad-frost-secp256k1-vectors.json (secp256k1-vectors.ts) and vectors/triad-vrf-vectors.json
 * (vrf-vectors.ts).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSecp256k1Vectors } from './secp256k1-vectors.js';
import { buildEd25519Vectors, buildVectors } from './vectors.js';
import { buildVrfVectors } from './vrf-vectors.js';

// dist/scripts/write-vectors.js -> packages/frost/vectors/
for (const [name, build] of [
  ['triad-frost-vectors.json', buildVectors],
  ['triad-frost-ed25519-vectors.json', buildEd25519Vectors],
  ['triad-frost-secp256k1-vectors.json', buildSecp256k1Vectors],
  ['triad-vrf-vectors.json', buildVrfVectors],
] as const) {
  const target = fileURLToPath(new URL(`../../vectors/${name}`, import.meta.url));
  writeFileSync(target, JSON.stringify(build(), null, 2) + '\n');
  console.log(`wrote ${target}`);
}
