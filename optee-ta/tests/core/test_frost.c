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

#define N_SIGNING (sizeof(kat_signing) / sizeof(kat_signing[0]))

static void unhex32(uint8_t out[32], const char *hex)
{
	CHECK_EQ(test_unhex(out, 32, hex), 32);
}

static const char *share_of(uint16_t id)
{
	size_t i;

	for (i = 0; i < sizeof(kat_participants) / sizeof(kat_participants[0]); i++)
		if (kat_participants[i].id == id)
			return kat_participants[i].share;
	return "";
}

/* The vector's signing set as the TA sees it. */
static size_t load_set(const struct kat_signing *v, struct frost_commitment *set)
{
	unsigned i;

	for (i = 0; i < v->n; i++) {
		set[i].id = v->signers[i].id;
		unhex32(set[i].hiding, v->signers[i].hiding_commitment);
		unhex32(set[i].binding, v->signers[i].binding_commitment);
	}
	return v->n;
}

static int load_message(const struct kat_signing *v, uint8_t *msg, size_t cap)
{
	int len = test_unhex(msg, cap, v->message);

	CHECK(len >= 0);
	return len;
}

TEST(frost_nonces_match_vectors)
{
	uint8_t rand[32], secret[32], nonce[32], point[32];
	size_t k;
	unsigned i;

	for (k = 0; k < N_SIGNING; k++) {
		for (i = 0; i < kat_signing[k].n; i++) {
			const struct kat_signer *s = &kat_signing[k].signers[i];

			unhex32(secret, share_of(s->id));
			unhex32(rand, s->hiding_rand);
			frost_nonce_from_randomness(&frost_sr25519, nonce, rand, secret);
			CHECK_HEX(nonce, 32, s->hiding_nonce);
			CHECK_EQ(crypto_scalarmult_ristretto255_base(point, nonce), 0);
			CHECK_HEX(point, 32, s->hiding_commitment);
			unhex32(rand, s->binding_rand);
			frost_nonce_from_randomness(&frost_sr25519, nonce, rand, secret);
			CHECK_HEX(nonce, 32, s->binding_nonce);
		}
	}
}

TEST(frost_binding_factors_r_and_c_match)
{
	static uint8_t msg[2048];
	struct frost_commitment set[FROST_MAX_SIGNERS];
	struct frost_signing_values v;
	uint8_t pk[32];
	size_t k, n;
	unsigned i;

	unhex32(pk, kat_group_pk);
	for (k = 0; k < N_SIGNING; k++) {
		int len = load_message(&kat_signing[k], msg, sizeof(msg));

		n = load_set(&kat_signing[k], set);
		CHECK_EQ(frost_derive(&frost_sr25519, &v, pk, set, n, msg, (size_t)len), FROST_OK);
		for (i = 0; i < n; i++)
			CHECK_HEX(v.rho[i], 32, kat_signing[k].signers[i].binding_factor);
		CHECK_HEX(v.R, 32, kat_signing[k].group_commitment);
		CHECK_HEX(v.c, 32, kat_signing[k].challenge);
		/* the signature's R is the group commitment */
		CHECK_EQ(strncmp(kat_signing[k].signature, kat_signing[k].group_commitment, 64), 0);
	}
}

TEST(frost_lagrange_matches_vectors)
{
	struct frost_commitment set[FROST_MAX_SIGNERS];
	uint8_t lambda[32];
	size_t k, n;
	unsigned i;

	for (k = 0; k < N_SIGNING; k++) {
		n = load_set(&kat_signing[k], set);
		for (i = 0; i < n; i++) {
			CHECK_EQ(frost_lagrange(lambda, set, n, set[i].id), FROST_OK);
			CHECK_HEX(lambda, 32, kat_signing[k].signers[i].lambda);
		}
		CHECK_EQ(frost_lagrange(lambda, set, n, 77), FROST_ERR_NOT_MEMBER);
	}
}

TEST(frost_shares_match_vectors)
{
	static uint8_t msg[2048];
	struct frost_commitment set[FROST_MAX_SIGNERS];
	uint8_t pk[32], secret[32], rand[32], d[32], e[32], z[32], R[32];
	struct frost_signing_package pkg;
	struct frost_signer signer = { 0, secret, d, e };
	size_t k, n;
	unsigned i;

	unhex32(pk, kat_group_pk);
	for (k = 0; k < N_SIGNING; k++) {
		int len = load_message(&kat_signing[k], msg, sizeof(msg));

		n = load_set(&kat_signing[k], set);
		pkg.suite = &frost_sr25519;
		pkg.msg = msg;
		pkg.msg_len = (size_t)len;
		pkg.set = set;
		pkg.n = n;
		pkg.group_pk = pk;
		pkg.threshold = kat_threshold;
		for (i = 0; i < n; i++) {
			const struct kat_signer *s = &kat_signing[k].signers[i];

			signer.id = s->id;
			unhex32(secret, share_of(s->id));
			unhex32(rand, s->hiding_rand);
			frost_nonce_from_randomness(&frost_sr25519, d, rand, secret);
			unhex32(rand, s->binding_rand);
			frost_nonce_from_randomness(&frost_sr25519, e, rand, secret);
			memset(R, 0, sizeof(R));
			CHECK_EQ(frost_sign_share(z, &pkg, &signer, R), FROST_OK);
			CHECK_HEX(z, 32, s->share);
			/* the R handed out with a share is the vector's group commitment */
			CHECK_HEX(R, 32, kat_signing[k].group_commitment);
			/* R is optional */
			CHECK_EQ(frost_sign_share(z, &pkg, &signer, NULL), FROST_OK);
			CHECK_HEX(z, 32, s->share);
		}
	}
}

/*
 * What SIGN_FINISH lets the host do, on the known answers: R || (sum of the
 * shares, with schnorrkel's marker) is the vector's signature, and the tests'
 * verifier (used on the TA's own outputs in test_commands.c) accepts it and
 * refuses it altered.
 */
TEST(frost_vector_signatures_are_r_and_the_share_sum)
{
	static uint8_t msg[2048];
	uint8_t pk[32], sig[64], z[32];
	size_t k;
	unsigned i;

	unhex32(pk, kat_group_pk);
	for (k = 0; k < N_SIGNING; k++) {
		int len = load_message(&kat_signing[k], msg, sizeof(msg));

		unhex32(sig, kat_signing[k].group_commitment);
		memset(sig + 32, 0, 32);
		for (i = 0; i < kat_signing[k].n; i++) {
			unhex32(z, kat_signing[k].signers[i].share);
			crypto_core_ristretto255_scalar_add(sig + 32, sig + 32, z);
		}
		sig[63] |= 0x80;
		CHECK_HEX(sig, 64, kat_signing[k].signature);
		CHECK(test_sr25519_verify(sig, msg, (size_t)len, pk));
		sig[0] ^= 1; /* another R */
		CHECK(!test_sr25519_verify(sig, msg, (size_t)len, pk));
		sig[0] ^= 1;
		sig[32] ^= 1; /* another s */
		CHECK(!test_sr25519_verify(sig, msg, (size_t)len, pk));
		sig[32] ^= 1;
		sig[63] &= 0x7f; /* no marker: an ed25519-style signature */
		CHECK(!test_sr25519_verify(sig, msg, (size_t)len, pk));
		sig[63] |= 0x80;
		if (len > 0) {
			msg[0] ^= 1;
			CHECK(!test_sr25519_verify(sig, msg, (size_t)len, pk));
		}
	}
}

TEST(frost_set_checks_refuse_bad_sets)
{
	struct frost_commitment set[FROST_MAX_SIGNERS], tmp;
	size_t n = load_set(&kat_signing[0], set);

	CHECK_EQ(frost_check_signing_set(&frost_sr25519, set, n, kat_threshold), FROST_OK);
	CHECK_EQ(frost_check_signing_set(&frost_sr25519, set, n, kat_threshold + 1), FROST_ERR_SET);
	CHECK_EQ(frost_check_signing_set(&frost_sr25519, set, 1, 1), FROST_OK);
	tmp = set[0];
	set[0] = set[1];
	set[1] = tmp; /* unsorted */
	CHECK_EQ(frost_check_signing_set(&frost_sr25519, set, n, kat_threshold), FROST_ERR_SET);
	set[1] = set[0]; /* duplicate */
	CHECK_EQ(frost_check_signing_set(&frost_sr25519, set, n, kat_threshold), FROST_ERR_SET);
	n = load_set(&kat_signing[0], set);
	memset(set[1].binding, 0, 32); /* identity */
	CHECK_EQ(frost_check_signing_set(&frost_sr25519, set, n, kat_threshold), FROST_ERR_SET);
	n = load_set(&kat_signing[0], set);
	set[0].hiding[0] ^= 1; /* not a canonical encoding */
	CHECK_EQ(frost_check_signing_set(&frost_sr25519, set, n, kat_threshold), FROST_ERR_SET);
	n = load_set(&kat_signing[0], set);
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
