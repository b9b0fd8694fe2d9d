// SPDX-License-Identifier: Apache-2.0
/*
 * The TA's FROST against @triad/frost's known answers, value by value: a
 * mismatch names the first step that differs.
 */
#include <string.h>

#include <sodium.h>

#include "core_tests.h"
#include "frost.h"
#include "frost_vectors.h"

static void unhex32(uint8_t out[32], const char *hex)
{
	CHECK_EQ(test_unhex(out, 32, hex), 32);
}

TEST(frost_nonces_match_vectors)
{
	kat_check_dealer(&frost_sr25519, &kat_set);
	kat_check_nonces(&frost_sr25519, &kat_set);
}

TEST(frost_binding_factors_r_and_c_match)
{
	kat_check_derive(&frost_sr25519, &kat_set);
}

TEST(frost_lagrange_matches_vectors)
{
	kat_check_lagrange(&kat_set);
}

TEST(frost_shares_match_vectors)
{
	kat_check_shares(&frost_sr25519, &kat_set);
}

/*
 * What SIGN_FINISH lets the host do, on the known answers: R || (sum of the
 * shares, with schnorrkel's marker) is the vector's signature, and the tests'
 * verifier (used on the TA's own outputs in test_commands.c) accepts it and
 * refuses it altered, or without the marker.
 */
TEST(frost_vector_signatures_are_r_and_the_share_sum)
{
	static uint8_t msg[2048];
	uint8_t pk[32], sig[64];
	int len;

	kat_check_signatures(&kat_set, 0x80, test_sr25519_verify);
	unhex32(pk, kat_group_pk);
	CHECK_EQ(test_unhex(sig, 64, kat_signing[0].signature), 64);
	len = test_unhex(msg, sizeof(msg), kat_signing[0].message);
	CHECK(len >= 0 && test_sr25519_verify(sig, msg, (size_t)len, pk));
	sig[63] &= 0x7f; /* no marker: an ed25519-style signature */
	CHECK(!test_sr25519_verify(sig, msg, (size_t)len, pk));
}

TEST(frost_dkg_round1_packages_of_the_vectors_pass_the_ta_s_checks)
{
	kat_check_dkg_round1("babe", &kat_set);
}

TEST(frost_malformed_points_of_the_vectors_are_refused)
{
	kat_check_malformed_points(&frost_sr25519, &kat_set);
}

TEST(frost_set_checks_refuse_bad_sets)
{
	struct frost_commitment set[FROST_MAX_SIGNERS], tmp;
	size_t n = kat_load_set(&kat_signing[0], set);

	CHECK_EQ(frost_check_signing_set(&frost_sr25519, set, n, kat_threshold), FROST_OK);
	CHECK_EQ(frost_check_signing_set(&frost_sr25519, set, n, kat_threshold + 1), FROST_ERR_SET);
	CHECK_EQ(frost_check_signing_set(&frost_sr25519, set, 1, 1), FROST_OK);
	tmp = set[0];
	set[0] = set[1];
	set[1] = tmp; /* unsorted */
	CHECK_EQ(frost_check_signing_set(&frost_sr25519, set, n, kat_threshold), FROST_ERR_SET);
	set[1] = set[0]; /* duplicate */
	CHECK_EQ(frost_check_signing_set(&frost_sr25519, set, n, kat_threshold), FROST_ERR_SET);
	n = kat_load_set(&kat_signing[0], set);
	memset(set[1].binding, 0, 32); /* identity */
	CHECK_EQ(frost_check_signing_set(&frost_sr25519, set, n, kat_threshold), FROST_ERR_SET);
	n = kat_load_set(&kat_signing[0], set);
	set[0].hiding[0] ^= 1; /* not a canonical encoding */
	CHECK_EQ(frost_check_signing_set(&frost_sr25519, set, n, kat_threshold), FROST_ERR_SET);
	n = kat_load_set(&kat_signing[0], set);
	set[0].id = 0;
	CHECK_EQ(frost_check_signing_set(&frost_sr25519, set, n, kat_threshold), FROST_ERR_SET);
}

TEST(scalar_canonical_boundary)
{
	uint8_t s[32];

	/* l - 1 is canonical, l and 2^256 - 1 are not */
	unhex32(s, "ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
	CHECK(scalar_is_canonical(s));
	s[0] = 0xed;
	CHECK(!scalar_is_canonical(s));
	memset(s, 0xff, 32);
	CHECK(!scalar_is_canonical(s));
	memset(s, 0, 32);
	CHECK(scalar_is_canonical(s));
}
