#!/usr/bin/env node
// Writes a C header with the @triad/frost known answers the TA must reproduce byte for byte.
// Usage: node gen-frost-vectors.mjs VECTORS_JSON OUT_H
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
const v = JSON.parse(readFileSync(input, 'utf8'));
const str = (s) => JSON.stringify(s ?? '');
const out = [];
out.push('/* Generated from packages/frost/vectors by gen-frost-vectors.mjs. Do not edit. */');
out.push('#include <stdint.h>');
out.push('struct kat_participant { uint16_t id; const char *share, *verifying; };');
out.push(
  'struct kat_signer { uint16_t id; const char *hiding_rand, *binding_rand, *hiding_nonce, *binding_nonce,',
);
out.push('  *hiding_commitment, *binding_commitment, *binding_factor, *lambda, *share; };');
out.push(
  'struct kat_signing { const char *name, *message, *group_commitment, *challenge, *signature, *signing_set;',
);
out.push('  unsigned n; struct kat_signer signers[2]; };');
out.push('struct kat_malformed { const char *kind, *bytes, *error; };');
out.push(`static const char *const kat_group_pk = ${str(v.dealer.groupPublicKey)};`);
out.push(`static const unsigned kat_threshold = ${v.dealer.threshold};`);
out.push('static const struct kat_participant kat_participants[] = {');
for (const p of v.dealer.participants)
  out.push(`  { ${p.identifier}, ${str(p.signingShare)}, ${str(p.verifyingShare)} },`);
out.push('};');
out.push('static const struct kat_signing kat_signing[] = {');
for (const s of v.signing) {
  out.push(
    `  { ${str(s.name)}, ${str(s.message)}, ${str(s.groupCommitment)}, ${str(s.challenge)}, ${str(s.signature)},`,
  );
  out.push(`    ${str(s.signingSet)}, ${s.signers.length}, {`);
  for (const g of s.signers) {
    out.push(
      `      { ${g.identifier}, ${str(g.hidingRandomness)}, ${str(g.bindingRandomness)}, ${str(g.hidingNonce)},`,
    );
    out.push(`        ${str(g.bindingNonce)}, ${str(g.hidingCommitment)}, ${str(g.bindingCommitment)},`);
    out.push(`        ${str(g.bindingFactor)}, ${str(g.lagrangeCoefficient)}, ${str(g.signatureShare)} },`);
  }
  out.push('    } },');
}
out.push('};');
out.push('static const struct kat_malformed kat_malformed[] = {');
for (const m of v.malformed) out.push(`  { ${str(m.kind)}, ${str(m.bytes)}, ${str(m.error)} },`);
out.push('};');
writeFileSync(output, out.join('\n') + '\n');
