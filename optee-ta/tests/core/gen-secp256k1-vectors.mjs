#!/usr/bin/env node
// Writes a C header with @triad/frost's secp256k1 (`beef`) known answers the TA must reproduce
// byte for byte: the Lagrange-weighted shares, their sum's public key and the ECDSA signature of
// each vector, and the TypeScript DKG's round-one packages with their ceremony context.
// Usage: node gen-secp256k1-vectors.mjs VECTORS_JSON OUT_H
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
const v = JSON.parse(readFileSync(input, 'utf8'));
const str = (s) => JSON.stringify(s ?? '');
const sharesOf = { dealer: v.dealer.participants, dkg: v.dkg.result.participants };
const out = [];
out.push('/* Generated from packages/frost/vectors by gen-secp256k1-vectors.mjs. Do not edit. */');
out.push('#include "secp256k1_kat.h"');
out.push('static const struct secp_kat_ecdsa secp_kat_ecdsa[] = {');
for (const e of v.ecdsa) {
  const shares = sharesOf[e.key];
  if (!shares) throw new Error(`${e.name}: unknown key ${e.key}`);
  out.push(`  { ${str(e.name)}, ${str(e.message)}, ${str(e.prehash)}, ${str(e.combinedPublicKey)},`);
  out.push(`    ${str(e.signature)}, {`);
  for (const w of e.weightedShares) {
    const share = shares.find((p) => p.identifier === w.identifier);
    out.push(
      `      { ${w.identifier}, ${str(share.signingShare)}, ${str(w.lagrangeCoefficient)}, ${str(w.weightedShare)} },`,
    );
  }
  out.push('    } },');
}
out.push('};');
out.push(`static const char *const secp_kat_dkg_context = ${str(v.dkg.context)};`);
out.push('static const struct kat_dkg_package secp_kat_dkg_round1[] = {');
for (const p of v.dkg.participants) out.push(`  { ${p.identifier}, ${str(p.round1Package)} },`);
out.push('};');
writeFileSync(output, out.join('\n') + '\n');
