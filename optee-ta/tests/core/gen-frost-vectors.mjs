#!/usr/bin/env node
// Writes a C header with the @triad/frost known answers the TA must reproduce byte for byte.
// The types are tests/core/frost_kat.h's; PREFIX names the arrays (default `kat`), so that
// the vectors of several suites can be linked into one program.
// Usage: node gen-frost-vectors.mjs VECTORS_JSON OUT_H [PREFIX]
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output, prefix = 'kat'] = process.argv.slice(2);
const v = JSON.parse(readFileSync(input, 'utf8'));
const str = (s) => JSON.stringify(s ?? '');
const out = [];
out.push('/* Generated from packages/frost/vectors by gen-frost-vectors.mjs. Do not edit. */');
out.push('#include "frost_kat.h"');
out.push(`static const char *const ${prefix}_group_pk = ${str(v.dealer.groupPublicKey)};`);
out.push(`static const unsigned ${prefix}_threshold = ${v.dealer.threshold};`);
out.push(`static const struct kat_participant ${prefix}_participants[] = {`);
for (const p of v.dealer.participants)
  out.push(`  { ${p.identifier}, ${str(p.signingShare)}, ${str(p.verifyingShare)} },`);
out.push('};');
out.push(`static const struct kat_signing ${prefix}_signing[] = {`);
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
out.push(`static const struct kat_malformed ${prefix}_malformed[] = {`);
for (const m of v.malformed) out.push(`  { ${str(m.kind)}, ${str(m.bytes)}, ${str(m.error)} },`);
out.push('};');
out.push(`static const char *const ${prefix}_dkg_context = ${str(v.dkg.context)};`);
out.push(`static const struct kat_dkg_package ${prefix}_dkg_round1[] = {`);
for (const p of v.dkg.participants) out.push(`  { ${p.identifier}, ${str(p.round1Package)} },`);
out.push('};');
out.push(`static const struct kat_set ${prefix}_set = {`);
out.push(`  ${prefix}_group_pk, ${prefix}_threshold,`);
out.push(`  ${prefix}_participants, sizeof(${prefix}_participants) / sizeof(${prefix}_participants[0]),`);
out.push(`  ${prefix}_signing, sizeof(${prefix}_signing) / sizeof(${prefix}_signing[0]),`);
out.push(`  ${prefix}_dkg_context, ${prefix}_dkg_round1,`);
out.push(`  sizeof(${prefix}_dkg_round1) / sizeof(${prefix}_dkg_round1[0]),`);
out.push(`  ${prefix}_malformed, sizeof(${prefix}_malformed) / sizeof(${prefix}_malformed[0]),`);
out.push('};');
writeFileSync(output, out.join('\n') + '\n');
