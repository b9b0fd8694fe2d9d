// SPDX-License-Identifier: Apache-2.0
/*
 * The TA's threshold VRF against @triad/frost's known answers, value by
 * value (H, extra digest, commitments on H, pre-output shares, binding
 * factors, R, Hr, c, shares, the VrfSignature); the vectors' VRFs are
 * checked in TypeScript by @scure/sr25519's transcripts and, for the
 * signing-context form, by Rust schnorrkel.
 */
#include <string.h>

#include <sodium.h>

#include "core_tests.h"
#include "frost_vectors.h"
#include "rules.h"
#include "triad_ta.h"
#include "vrf.h"
#include "vrf_transcript.h"
#include "vrf_vectors.h"

#define N_VRF (sizeof(kat_vrf) / sizeof(kat_vrf[0]))

static void unhex32(uint8_t out[32], const char *hex)
{
	CHECK_EQ(test_unhex(out, 32, hex), 32);
}

static const char *share_hex(uint16_t id)
{
	size_t i;

	for (i = 0; i < sizeof(kat_participants) / sizeof(kat_participants[0]); i++)
		if (kat_participants[i].id == id)
			return kat_participants[i].share;
	return "";
}

/* The vector's payload read by the kind's own rule, as the TA reads a request. */
static void fields_of(uint8_t kind, const char *payload_hex, uint8_t *buf, size_t cap,
		      struct rule_claim *claim)
{
	const struct rule *rule;
	uint32_t rc = 0;
	int len = test_unhex(buf, cap, payload_hex);

	CHECK(len > 0);
	memset(claim, 0, sizeof(*claim));
	rule = rules_find((const uint8_t *)(kind == TRIAD_KIND_ASSIGNMENT_VRF ? "asgn" : "babe"), 0,
			  TRIAD_SCHEME_SR25519,
			  kind, &rc);
	CHECK(rule != NULL);
	if (rule)
		CHECK_EQ(rule->parse(buf, (size_t)len, claim), 0);
}

static void load_set(const struct kat_vrf *v, struct vrf_commitment set[2])
{
	size_t i;

	for (i = 0; i < 2; i++) {
		set[i].id = v->signers[i].id;
		unhex32(set[i].hiding, v->signers[i].hiding);
		unhex32(set[i].binding, v->signers[i].binding);
		unhex32(set[i].hiding_h, v->signers[i].hiding_h);
		unhex32(set[i].binding_h, v->signers[i].binding_h);
		unhex32(set[i].pre_output, v->signers[i].pre_output_share);
	}
}

/* Vector k as a signer sees it: its fields (pointing into buf), H, the set, the derived values. */
static void derive_vector(size_t k, uint8_t buf[512], struct rule_claim *claim, uint8_t H[32],
			  struct vrf_commitment set[2], struct vrf_values *v)
{
	uint8_t pk[32];

	unhex32(pk, kat_vrf_group_pk);
	fields_of(kat_vrf[k].kind, kat_vrf[k].payload, buf, 512, claim);
	unhex32(H, kat_vrf[k].H);
	load_set(&kat_vrf[k], set);
	CHECK_EQ(vrf_derive(v, pk, H, set, 2, &claim->vrf), VRF_OK);
}

TEST(vrf_input_point_and_extra_digest_match_vectors)
{
	uint8_t pk[32], H[32], digest[32], buf[512];
	struct rule_claim claim;
	size_t k;

	unhex32(pk, kat_vrf_group_pk);
	CHECK_EQ(strcmp(kat_vrf_group_pk, kat_group_pk), 0); /* the FROST vectors' dealt key */
	for (k = 0; k < N_VRF; k++) {
		fields_of(kat_vrf[k].kind, kat_vrf[k].payload, buf, sizeof(buf), &claim);
		CHECK_EQ(vrf_input_point(H, pk, &claim.vrf), 0);
		CHECK_HEX(H, 32, kat_vrf[k].H);
		vrf_extra_digest(digest, &claim.vrf);
		CHECK_HEX(digest, 32, kat_vrf[k].extra_digest);
	}
}

TEST(vrf_commitments_on_h_and_pre_output_shares_match_vectors)
{
	struct vrf_commitment mine;
	uint8_t H[32], d[32], e[32], x[32], O[32], G[32];
	size_t k, i;

	for (k = 0; k < N_VRF; k++) {
		unhex32(H, kat_vrf[k].H);
		for (i = 0; i < 2; i++) {
			const struct kat_vrf_signer *s = &kat_vrf[k].signers[i];

			unhex32(d, s->hiding_nonce);
			unhex32(e, s->binding_nonce);
			unhex32(x, share_hex(s->id));
			CHECK_EQ(crypto_scalarmult_ristretto255_base(G, d), 0);
			CHECK_HEX(G, 32, s->hiding);
			CHECK_EQ(vrf_commit_on_h(&mine, H, d, e), 0);
			CHECK_HEX(mine.hiding_h, 32, s->hiding_h);
			CHECK_HEX(mine.binding_h, 32, s->binding_h);
			CHECK_EQ(vrf_pre_output_share(O, H, x), 0);
			CHECK_HEX(O, 32, s->pre_output_share);
		}
	}
}

TEST(vrf_binding_factors_r_hr_and_c_match_vectors)
{
	struct vrf_commitment set[2];
	struct vrf_values v;
	struct rule_claim claim;
	uint8_t H[32], buf[512];
	size_t k;

	for (k = 0; k < N_VRF; k++) {
		derive_vector(k, buf, &claim, H, set, &v);
		CHECK_HEX(v.O, 32, kat_vrf[k].pre_output);
		CHECK_HEX(v.rho[0], 32, kat_vrf[k].signers[0].binding_factor);
		CHECK_HEX(v.rho[1], 32, kat_vrf[k].signers[1].binding_factor);
		CHECK_HEX(v.R, 32, kat_vrf[k].R);
		CHECK_HEX(v.Hr, 32, kat_vrf[k].Hr);
		CHECK_HEX(v.c, 32, kat_vrf[k].challenge);
	}
}

TEST(vrf_shares_match_vectors_and_a_bad_one_fails_its_check)
{
	struct vrf_commitment set[2];
	struct vrf_values v;
	struct rule_claim claim;
	uint8_t pk[32], H[32], buf[512], z[2][32], x[32], d[32], e[32], Y[32], s[32], sig[96];
	uint8_t want[96];
	size_t k, i;

	unhex32(pk, kat_vrf_group_pk);
	for (k = 0; k < N_VRF; k++) {
		derive_vector(k, buf, &claim, H, set, &v);
		for (i = 0; i < 2; i++) {
			const struct kat_vrf_signer *sg = &kat_vrf[k].signers[i];

			unhex32(x, share_hex(sg->id));
			unhex32(d, sg->hiding_nonce);
			unhex32(e, sg->binding_nonce);
			CHECK_EQ(vrf_sign_share(z[i], &v, set, 2, i, x, d, e), VRF_OK);
			CHECK_HEX(z[i], 32, sg->z);
			CHECK_EQ(crypto_scalarmult_ristretto255_base(Y, x), 0);
			CHECK_EQ(vrf_share_is_valid(&v, set, 2, i, Y, z[i]), 1);
			z[i][0] ^= 1;
			CHECK_EQ(vrf_share_is_valid(&v, set, 2, i, Y, z[i]), 0);
			z[i][0] ^= 1;
		}
		/* a signer whose pre-output share is not x_i*H fails on H alone */
		memcpy(set[1].pre_output, set[0].pre_output, 32);
		CHECK_EQ(vrf_derive(&v, pk, H, set, 2, &claim.vrf), VRF_OK);
		unhex32(x, share_hex(set[1].id));
		CHECK_EQ(crypto_scalarmult_ristretto255_base(Y, x), 0);
		CHECK_EQ(vrf_share_is_valid(&v, set, 2, 1, Y, z[1]), 0);

		crypto_core_ristretto255_scalar_add(s, z[0], z[1]);
		unhex32(sig, kat_vrf[k].pre_output);
		unhex32(sig + 32, kat_vrf[k].challenge);
		memcpy(sig + 64, s, 32);
		/* (buf holds the payload the claim points into: a cores bitfield) */
		CHECK_EQ(test_unhex(want, sizeof(want), kat_vrf[k].signature), 96);
		CHECK_EQ(memcmp(sig, want, 96), 0);
		CHECK_EQ(vrf_verify(pk, H, sig, sig + 32, sig + 64, &claim.vrf), 1);
		sig[64] ^= 1;
		CHECK_EQ(vrf_verify(pk, H, sig, sig + 32, sig + 64, &claim.vrf), 0);
	}
}

TEST(vrf_pre_output_shares_combine_to_the_single_key_pre_output)
{
	struct vrf_commitment set[2];
	struct rule_claim claim;
	uint8_t pk[32], H[32], x[32], buf[512], O[32];
	size_t i, j, n = sizeof(kat_vrf_pre_output_shares) / sizeof(kat_vrf_pre_output_shares[0]);

	CHECK_EQ(n, 3);
	unhex32(pk, kat_vrf_group_pk);
	fields_of(kat_vrf_pre_output_kind, kat_vrf_pre_output_payload, buf, sizeof(buf), &claim);
	CHECK(claim.vrf.pre_output_only);
	CHECK_EQ(vrf_input_point(H, pk, &claim.vrf), 0);
	CHECK_HEX(H, 32, kat_vrf_pre_output_H);
	for (i = 0; i < n; i++) {
		unhex32(x, share_hex(kat_vrf_pre_output_shares[i].id));
		CHECK_EQ(vrf_pre_output_share(O, H, x), 0);
		CHECK_HEX(O, 32, kat_vrf_pre_output_shares[i].pre_output_share);
	}
	/* the same payload as the first proof vector: every pair gives its pre-output */
	CHECK_EQ(strcmp(kat_vrf_pre_output_payload, kat_vrf[0].payload), 0);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			memset(set, 0, sizeof(set));
			set[0].id = kat_vrf_pre_output_shares[i].id;
			set[1].id = kat_vrf_pre_output_shares[j].id;
			unhex32(set[0].pre_output, kat_vrf_pre_output_shares[i].pre_output_share);
			unhex32(set[1].pre_output, kat_vrf_pre_output_shares[j].pre_output_share);
			CHECK_EQ(vrf_combine_pre_output(O, set, 2), VRF_OK);
			CHECK_HEX(O, 32, kat_vrf[0].pre_output);
		}
}

TEST(vrf_set_checks_refuse_bad_sets)
{
	struct vrf_commitment set[2];
	struct vrf_values v;
	struct rule_claim claim;
	uint8_t pk[32], H[32], buf[512];

	unhex32(pk, kat_vrf_group_pk);
	fields_of(kat_vrf[0].kind, kat_vrf[0].payload, buf, sizeof(buf), &claim);
	unhex32(H, kat_vrf[0].H);
	load_set(&kat_vrf[0], set);
	set[1].id = set[0].id; /* not increasing */
	CHECK_EQ(vrf_derive(&v, pk, H, set, 2, &claim.vrf), VRF_ERR_SET);
	load_set(&kat_vrf[0], set);
	memset(set[0].hiding_h, 0, 32); /* the identity */
	CHECK_EQ(vrf_derive(&v, pk, H, set, 2, &claim.vrf), VRF_ERR_SET);
	load_set(&kat_vrf[0], set);
	memset(set[1].pre_output, 0xff, 32); /* not a point */
	CHECK_EQ(vrf_derive(&v, pk, H, set, 2, &claim.vrf), VRF_ERR_SET);
	CHECK_EQ(vrf_derive(&v, pk, H, set, 0, &claim.vrf), VRF_ERR_SET);
}
