// SPDX-License-Identifier: Apache-2.0
/*
 * FROST(Ed25519, SHA-512) in the TA: RFC 9591 Appendix E.1 and @triad/frost's
 * ed25519 vectors (packages/frost/vectors) value by value, the strict decoding of every point an ed25519 key's messages carry, and
 * signatures judged by libsodium's own RFC 8032 verifier (open.c, linked
 * into the tests only), which shares nothing with the TA's signing path.
 */
#include <string.h>

#include <sodium.h>

#include "core_tests.h"
#include "frost.h"
#include "frost_ed25519_vectors.h"
#include "frost_vectors.h"
#include "frost_kat.h"
#include "rfc9591_ed25519.h"
#include "ta_cluster.h"

static void unhex32(uint8_t out[32], const char *hex)
{
	CHECK_EQ(test_unhex(out, 32, hex), 32);
}

int test_ed25519_verify(const uint8_t sig[64], const uint8_t *msg, size_t msg_len,
			const uint8_t pk[32])
{
	return crypto_sign_ed25519_verify_detached(sig, msg, msg_len, pk) == 0;
}

/* The dealer's key: PK = s·B and share_i = s + a_1·i. */
TEST(frost_ed25519_rfc9591_e1_key_and_shares)
{
	uint8_t sk[32], a1[32], pk[32], x[32], share[32];
	size_t i;

	unhex32(sk, rfc_group_sk);
	unhex32(a1, rfc_coefficient);
	CHECK_EQ(frost_ed25519.mul_base(pk, sk), 0);
	CHECK_HEX(pk, 32, rfc_set.group_pk);
	CHECK(frost_ed25519.point_ok(pk));
	for (i = 0; i < rfc_set.n_participants; i++) {
		scalar_from_u64(x, rfc_participants[i].id);
		crypto_core_ed25519_scalar_mul(share, a1, x);
		crypto_core_ed25519_scalar_add(share, share, sk);
		CHECK_HEX(share, 32, rfc_participants[i].share);
	}
}

TEST(frost_ed25519_rfc9591_e1_nonces_and_commitments)
{
	kat_check_nonces(&frost_ed25519, &rfc_set);
}

TEST(frost_ed25519_rfc9591_e1_binding_factors_and_group_commitment)
{
	kat_check_derive(&frost_ed25519, &rfc_set);
	kat_check_lagrange(&rfc_set);
}

TEST(frost_ed25519_rfc9591_e1_signature_shares)
{
	kat_check_shares(&frost_ed25519, &rfc_set);
}

/* R || (z_1 + z_3) is E.1's signature, a plain RFC 8032 one (no marker). */
TEST(frost_ed25519_rfc9591_e1_signature_verifies_under_rfc8032)
{
	kat_check_signatures(&rfc_set, 0, test_ed25519_verify);
}

TEST(frost_ed25519_typescript_vectors_nonces_and_commitments)
{
	kat_check_dealer(&frost_ed25519, &ed_kat_set);
	kat_check_nonces(&frost_ed25519, &ed_kat_set);
}

TEST(frost_ed25519_typescript_vectors_binding_factors_r_c_and_lagrange)
{
	kat_check_derive(&frost_ed25519, &ed_kat_set);
	kat_check_lagrange(&ed_kat_set);
}

TEST(frost_ed25519_typescript_vectors_shares)
{
	kat_check_shares(&frost_ed25519, &ed_kat_set);
}

TEST(frost_ed25519_typescript_vectors_signatures_verify_under_rfc8032)
{
	kat_check_signatures(&ed_kat_set, 0, test_ed25519_verify);
}

/* The points @triad/frost refuses (identity, invalid, small order, torsion), the TA refuses. */
TEST(frost_ed25519_typescript_malformed_points_are_refused)
{
	kat_check_malformed_points(&frost_ed25519, &ed_kat_set);
}

/* Each suite's TypeScript DKG packages pass a ceremony of their suite, and not of the other. */
TEST(frost_ed25519_typescript_dkg_packages_pass_the_ta_s_checks_in_ed25519_only)
{
	kat_check_dkg_round1("gran", &ed_kat_set);
	fresh_tas();
	CHECK_EQ(kat_dkg_round2("babe", &ed_kat_set, 0), TRIAD_ERR_DKG_BLAME(1));
	fresh_tas();
	CHECK_EQ(kat_dkg_round2("gran", &kat_set, 0), TRIAD_ERR_DKG_BLAME(1));
}

/* The challenge is SHA-512(R || A || msg) mod l, nothing prefixed. */
TEST(frost_ed25519_challenge_is_rfc8032_s)
{
	static const uint8_t msg[] = { 't', 'e', 's', 't' };
	uint8_t R[32], pk[32], c[32], wide[64], hashed[96 + sizeof(msg)];

	unhex32(R, rfc_signing[0].group_commitment);
	unhex32(pk, rfc_set.group_pk);
	memcpy(hashed, R, 32);
	memcpy(hashed + 32, pk, 32);
	memcpy(hashed + 64, msg, sizeof(msg));
	crypto_hash_sha512(wide, hashed, 64 + sizeof(msg));
	crypto_core_ed25519_scalar_reduce(wide, wide);
	frost_ed25519.challenge(c, R, pk, msg, sizeof(msg));
	CHECK_EQ(memcmp(c, wide, 32), 0);
}

/*
 * RFC 9591 6.1 DeserializeElement: the identity, every small-order point,
 * non-canonical encodings and points with a torsion component are refused;
 * so is a signing set that carries one.
 */
TEST(frost_ed25519_decoder_refuses_identity_small_order_non_canonical_torsion)
{
	static const char *const refused[] = {
		/* the identity (0, 1), and with the sign bit set ("-0") */
		"0100000000000000000000000000000000000000000000000000000000000000",
		"0100000000000000000000000000000000000000000000000000000000000080",
		/* (0, -1), order 2 */
		"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		/* (±sqrt(-1), 0), order 4 */
		"0000000000000000000000000000000000000000000000000000000000000000",
		"0000000000000000000000000000000000000000000000000000000000000080",
		/* order 8 */
		"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
		"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
		/* y = p + 1 and y = p: non-canonical encodings of the identity and of order 4 */
		"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		/* y = 2^255 - 1 (>= p) */
		"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	};
	static const char *const base =
		"5866666666666666666666666666666666666666666666666666666666666666";
	struct frost_commitment set[2];
	uint8_t p[32], B[32], T[32], BT[32], one[32];
	size_t i;

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		unhex32(p, refused[i]);
		CHECK(!frost_ed25519.point_ok(p));
		CHECK(!ed25519_point_ok(p));
	}
	unhex32(B, base);
	CHECK(frost_ed25519.point_ok(B));
	scalar_from_u64(one, 1);
	CHECK_EQ(frost_ed25519.mul_base(p, one), 0);
	CHECK_EQ(memcmp(p, B, 32), 0);
	/* B + T for T of order 8: on the curve, canonical, not small order, not in the subgroup */
	unhex32(T, refused[5]);
	CHECK_EQ(crypto_core_ed25519_add(BT, B, T), 0);
	CHECK(!frost_ed25519.point_ok(BT));
	/* nor is it multiplied by anything */
	CHECK(frost_ed25519.mul(p, one, BT) != 0);
	/* the same bytes are no ristretto255 point the other suite would take for one */
	CHECK(!frost_sr25519.point_ok(B) || !frost_sr25519.point_ok(BT));

	/* a signing set with a torsioned or small-order commitment is refused */
	for (i = 0; i < 2; i++) {
		set[i].id = rfc_signing[0].signers[i].id;
		unhex32(set[i].hiding, rfc_signing[0].signers[i].hiding_commitment);
		unhex32(set[i].binding, rfc_signing[0].signers[i].binding_commitment);
	}
	CHECK_EQ(frost_check_signing_set(&frost_ed25519, set, 2, 2), FROST_OK);
	CHECK_EQ(frost_check_signing_set(&frost_sr25519, set, 2, 2) == FROST_OK,
		 frost_sr25519.point_ok(set[0].hiding) && frost_sr25519.point_ok(set[0].binding) &&
			 frost_sr25519.point_ok(set[1].hiding) &&
			 frost_sr25519.point_ok(set[1].binding));
	CHECK_EQ(crypto_core_ed25519_add(set[1].binding, set[1].binding, T), 0);
	CHECK_EQ(frost_check_signing_set(&frost_ed25519, set, 2, 2), FROST_ERR_SET);
	unhex32(set[1].binding, refused[0]);
	CHECK_EQ(frost_check_signing_set(&frost_ed25519, set, 2, 2), FROST_ERR_SET);
	unhex32(set[1].binding, refused[7]);
	CHECK_EQ(frost_check_signing_set(&frost_ed25519, set, 2, 2), FROST_ERR_SET);
}
