#!/usr/bin/env node
// Writes a C header with the @triad/frost threshold VRF known answers the TA must reproduce.
// Usage: node gen-vrf-vectors.mjs VRF_VECTORS_JSON OUT_H
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
const v = JSON.parse(readFileSync(input, 'utf8'));
const str = (s) => JSON.stringify(s ?? '');
const out = [];
out.push('/* Generated from packages/frost/vectors by gen-vrf-vectors.mjs. Do not edit. */');
out.push('#include <stdint.h>');
out.push('struct kat_vrf_signer { uint16_t id; const char *hiding_nonce, *binding_nonce, *hiding, *binding,');
out.push('  *hiding_h, *binding_h, *pre_output_share, *binding_factor, *lambda, *z; };');
out.push('struct kat_vrf { const char *name; uint8_t kind; const char *payload, *H, *extra_digest;');
out.push('  struct kat_vrf_signer signers[2]; const char *pre_output, *R, *Hr, *challenge, *signature; };');
out.push('struct kat_vrf_share { uint16_t id; const char *pre_output_share; };');
out.push(`static const char *const kat_vrf_group_pk = ${str(v.groupPublicKey)};`);
out.push('static const struct kat_vrf kat_vrf[] = {');
for (const p of v.proofs) {
  out.push(`  { ${str(p.name)}, ${p.kind}, ${str(p.payload)}, ${str(p.H)}, ${str(p.extraDigest)}, {`);
  for (const s of p.signers) {
    out.push(
      `    { ${s.identifier}, ${str(s.hidingNonce)}, ${str(s.bindingNonce)}, ${str(s.hiding)}, ${str(s.binding)},`,
    );
    out.push(
      `      ${str(s.hidingH)}, ${str(s.bindingH)}, ${str(s.preOutputShare)}, ${str(s.bindingFactor)},`,
    );
    out.push(`      ${str(s.lagrangeCoefficient)}, ${str(s.z)} },`);
  }
  out.push(
    `  }, ${str(p.preOutput)}, ${str(p.R)}, ${str(p.Hr)}, ${str(p.challenge)}, ${str(p.signature)} },`,
  );
}
out.push('};');
out.push(`static const uint8_t kat_vrf_pre_output_kind = ${v.preOutput.kind};`);
out.push(`static const char *const kat_vrf_pre_output_payload = ${str(v.preOutput.payload)};`);
out.push(`static const char *const kat_vrf_pre_output_H = ${str(v.preOutput.H)};`);
out.push('static const struct kat_vrf_share kat_vrf_pre_output_shares[] = {');
for (const s of v.preOutput.shares) out.push(`  { ${s.identifier}, ${str(s.preOutputShare)} },`);
out.push('};');
writeFileSync(output, out.join('\n') + '\n');
