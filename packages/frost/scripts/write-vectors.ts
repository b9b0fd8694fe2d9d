/** Writes vectors/triad-frost-vectors.json (see vectors.ts). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildVectors } from './vectors.js';

// dist/scripts/write-vectors.js -> packages/frost/vectors/
const target = fileURLToPath(new URL('../../vectors/triad-frost-vectors.json', import.meta.url));
writeFileSync(target, JSON.stringify(buildVectors(), null, 2) + '\n');
console.log(`wrote ${target}`);
