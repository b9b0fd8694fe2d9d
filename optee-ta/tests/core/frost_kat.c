// SPDX-License-Identifier: Apache-2.0
/*
 * The checks of frost_kat.h, value by value: a mismatch names the first step
 * that differs.
 */
#include <string.h>

#include <sodium.h>

#include "core_tests.h"
#include "codec.h"
#include "frost.h"
#include "frost_kat.h"
#include "ta_cluster.h"

static void unhex32(uint8_t out[32], const char *hex)
{
	CHECK_EQ(test_unhex(out, 32, hex), 32);
}

static const char *share_of(const struct kat_set *k, uint16_t id)
{
	size_t i;

	for (i = 0; i < k->n_participants; i++)
		if (k->participants[i].id == id)
			return k->participants[i].share;
	return "";
}

size_t kat_load_set(const struct kat_signing *v, struct frost_commitment *set)
{
	unsigned i;

	for (i = 0; i < v->n; i++) {
		set[i].id = v->signers[i].id;
		unhex32(set[i].hiding, v->signers[i].hiding_commitment);
		unhex32(set[i].binding, v->signers[i].binding_commitment);
	}
	return v->n;
}

static size_t load_message(const struct kat_signing *v, uint8_t *msg, size_t cap)
{
	int len = test_unhex(msg, cap, v->message);

	CHECK(len >= 0);
	return len < 0 ? 0 : (size_t)len;
}

void kat_check_dealer(const struct frost_suite *suite, const struct kat_set *k)
{
	uint8_t share[32], point[32], pk[32];
	size_t i;

	unhex32(pk, k->group_pk);
	CHECK(suite->point_ok(pk));
	CHECK(k->n_participants > 0);
	for (i = 0; i < k->n_participants; i++) {
		if (!*k->participants[i].verifying)
			continue;
		unhex32(share, k->participants[i].share);
		CHECK_EQ(suite->mul_base(point, share), 0);
		CHECK_HEX(point, 32, k->participants[i].verifying);
		CHECK(suite->point_ok(point));
	}
}

void kat_check_nonces(const struct frost_suite *suite, const struct kat_set *k)
{
	uint8_t rand[32], secret[32], nonce[32], point[32];
	size_t j;
	unsigned i;

	CHECK(k->n_signing > 0);
	for (j = 0; j < k->n_signing; j++) {
		for (i = 0; i < k->signing[j].n; i++) {
			const struct kat_signer *s = &k->signing[j].signers[i];

			unhex32(secret, share_of(k, s->id));
			unhex32(rand, s->hiding_rand);
			frost_nonce_from_randomness(suite, nonce, rand, secret);
			CHECK_HEX(nonce, 32, s->hiding_nonce);
			CHECK_EQ(suite->mul_base(point, nonce), 0);
			CHECK_HEX(point, 32, s->hiding_commitment);
			unhex32(rand, s->binding_rand);
			frost_nonce_from_randomness(suite, nonce, rand, secret);
			CHECK_HEX(nonce, 32, s->binding_nonce);
			CHECK_EQ(suite->mul_base(point, nonce), 0);
			CHECK_HEX(point, 32, s->binding_commitment);
		}
	}
}

void kat_check_derive(const struct frost_suite *suite, const struct kat_set *k)
{
	static uint8_t msg[2048];
	struct frost_commitment set[FROST_MAX_SIGNERS];
	struct frost_signing_values v;
	uint8_t pk[32];
	size_t j, n, len;
	unsigned i;

	unhex32(pk, k->group_pk);
	for (j = 0; j < k->n_signing; j++) {
		const struct kat_signing *s = &k->signing[j];

		len = load_message(s, msg, sizeof(msg));
		n = kat_load_set(s, set);
		CHECK_EQ(frost_derive(suite, &v, pk, set, n, msg, len), FROST_OK);
		for (i = 0; i < n; i++)
			CHECK_HEX(v.rho[i], 32, s->signers[i].binding_factor);
		CHECK_HEX(v.R, 32, s->group_commitment);
		if (*s->challenge)
			CHECK_HEX(v.c, 32, s->challenge);
		/* the signature's R is the group commitment */
		CHECK_EQ(strncmp(s->signature, s->group_commitment, 64), 0);
	}
}

void kat_check_lagrange(const struct kat_set *k)
{
	struct frost_commitment set[FROST_MAX_SIGNERS];
	uint8_t lambda[32];
	size_t j, n;
	unsigned i;

	for (j = 0; j < k->n_signing; j++) {
		n = kat_load_set(&k->signing[j], set);
		for (i = 0; i < n; i++) {
			CHECK_EQ(frost_lagrange(lambda, set, n, set[i].id), FROST_OK);
			if (*k->signing[j].signers[i].lambda)
				CHECK_HEX(lambda, 32, k->signing[j].signers[i].lambda);
		}
		CHECK_EQ(frost_lagrange(lambda, set, n, 77), FROST_ERR_NOT_MEMBER);
	}
}

void kat_check_shares(const struct frost_suite *suite, const struct kat_set *k)
{
	static uint8_t msg[2048];
	struct frost_commitment set[FROST_MAX_SIGNERS];
	uint8_t pk[32], secret[32], rand[32], d[32], e[32], z[32], R[32];
	struct frost_signing_package pkg;
	struct frost_signer signer = { 0, secret, d, e };
	size_t j, n;
	unsigned i;

	unhex32(pk, k->group_pk);
	for (j = 0; j < k->n_signing; j++) {
		const struct kat_signing *sv = &k->signing[j];

		pkg.msg_len = load_message(sv, msg, sizeof(msg));
		n = kat_load_set(sv, set);
		pkg.suite = suite;
		pkg.msg = msg;
		pkg.set = set;
		pkg.n = n;
		pkg.group_pk = pk;
		pkg.threshold = k->threshold;
		for (i = 0; i < n; i++) {
			const struct kat_signer *s = &sv->signers[i];

			signer.id = s->id;
			unhex32(secret, share_of(k, s->id));
			unhex32(rand, s->hiding_rand);
			frost_nonce_from_randomness(suite, d, rand, secret);
			unhex32(rand, s->binding_rand);
			frost_nonce_from_randomness(suite, e, rand, secret);
			memset(R, 0, sizeof(R));
			CHECK_EQ(frost_sign_share(z, &pkg, &signer, R), FROST_OK);
			CHECK_HEX(z, 32, s->share);
			/* the R handed out with a share is the vector's group commitment */
			CHECK_HEX(R, 32, sv->group_commitment);
			/* R is optional */
			CHECK_EQ(frost_sign_share(z, &pkg, &signer, NULL), FROST_OK);
			CHECK_HEX(z, 32, s->share);
		}
	}
}

void kat_check_signatures(const struct kat_set *k, uint8_t marker, kat_verify_fn verify)
{
	static uint8_t msg[2048];
	uint8_t pk[32], sig[64], z[32];
	size_t j, len;
	unsigned i;

	unhex32(pk, k->group_pk);
	for (j = 0; j < k->n_signing; j++) {
		const struct kat_signing *s = &k->signing[j];

		len = load_message(s, msg, sizeof(msg));
		unhex32(sig, s->group_commitment);
		memset(sig + 32, 0, 32);
		for (i = 0; i < s->n; i++) {
			unhex32(z, s->signers[i].share);
			crypto_core_ristretto255_scalar_add(sig + 32, sig + 32, z);
		}
		sig[63] |= marker;
		CHECK_HEX(sig, 64, s->signature);
		CHECK(verify(sig, msg, len, pk));
		sig[0] ^= 1; /* another R */
		CHECK(!verify(sig, msg, len, pk));
		sig[0] ^= 1;
		sig[32] ^= 1; /* another s */
		CHECK(!verify(sig, msg, len, pk));
		sig[32] ^= 1;
		if (len > 0) {
			msg[0] ^= 1;
			CHECK(!verify(sig, msg, len, pk));
		}
	}
}

uint32_t kat_dkg_round2(const char *key_type, const struct kat_set *k, size_t flip)
{
	static uint8_t in[BUF], out[BUF], pkg[BUF], ctx[TRIAD_MAX_CONTEXT];
	struct writer w;
	size_t n, out_len, i;
	int ctx_len = test_unhex(ctx, sizeof(ctx), k->dkg_context), len;

	CHECK(ctx_len > 0);
	n = dkg_start_in(in, 2, key_type, 0, ctx, (size_t)(ctx_len > 0 ? ctx_len : 0));
	CHECK_EQ(run(cmd_dkg_round1, 2, in, n, out, &out_len), 0);
	writer_init(&w, in, BUF);
	write_u8(&w, TRIAD_TAG_DKG_ROUND1_BUNDLE);
	write_u16(&w, 2);
	for (i = 0; i < k->n_dkg_round1; i++) {
		if (k->dkg_round1[i].id == 3)
			continue;
		len = test_unhex(pkg, sizeof(pkg), k->dkg_round1[i].bytes);
		CHECK(len > 0);
		if (flip && k->dkg_round1[i].id == 1 && flip < (size_t)len)
			pkg[flip] ^= 1;
		write_u32(&w, (uint32_t)len);
		write_bytes(&w, pkg, (size_t)len);
	}
	CHECK(!w.error);
	return run(cmd_dkg_round2, 2, in, w.len, out, &out_len);
}

void kat_check_dkg_round1(const char *key_type, const struct kat_set *k)
{
	uint8_t pkg[BUF];
	int len;

	CHECK_EQ(k->n_dkg_round1, 3);
	len = test_unhex(pkg, sizeof(pkg), k->dkg_round1[0].bytes);
	/* tag, id, t, t commitments, R, z */
	CHECK_EQ(len, 1 + 2 + 2 + 2 * 32 + 64);
	fresh_tas();
	CHECK_EQ(kat_dkg_round2(key_type, k, 0), 0);
	CHECK_EQ(kat_dkg_round2(key_type, k, (size_t)len - 1), TRIAD_ERR_DKG_BLAME(1)); /* z */
	CHECK_EQ(kat_dkg_round2(key_type, k, (size_t)len - 33), TRIAD_ERR_DKG_BLAME(1)); /* R */
	CHECK_EQ(kat_dkg_round2(key_type, k, 5), TRIAD_ERR_DKG_BLAME(1)); /* C_0 */
	CHECK_EQ(kat_dkg_round2(key_type, k, 5 + 32), TRIAD_ERR_DKG_BLAME(1)); /* C_1 */
}

static int is_point_error(const char *error)
{
	static const char *const errors[] = { "IDENTITY_POINT", "INVALID_POINT", "SMALL_ORDER_POINT",
					      "TORSION_COMPONENT" };
	size_t i;

	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (!strcmp(error, errors[i]))
			return 1;
	return 0;
}

void kat_check_malformed_points(const struct frost_suite *suite, const struct kat_set *k)
{
	struct frost_commitment set[2];
	uint8_t bytes[67];
	size_t i, points = 0;

	for (i = 0; i < k->n_malformed; i++) {
		const struct kat_malformed *m = &k->malformed[i];

		/* tag:u8 id:u16 D[32] E[32]: the full-length ones */
		if (strcmp(m->kind, "SigningCommitment") ||
		    test_unhex(bytes, sizeof(bytes), m->bytes) != (int)sizeof(bytes))
			continue;
		if (!is_point_error(m->error)) {
			CHECK(suite->point_ok(bytes + 3) && suite->point_ok(bytes + 35));
			continue;
		}
		points++;
		CHECK(!suite->point_ok(bytes + 3) || !suite->point_ok(bytes + 35));
		/* beside a valid commitment, in a set: refused */
		kat_load_set(&k->signing[0], set);
		memcpy(set[0].hiding, bytes + 3, 32);
		memcpy(set[0].binding, bytes + 35, 32);
		CHECK_EQ(frost_check_signing_set(suite, set, 2, 2), FROST_ERR_SET);
	}
	CHECK(points > 0);
}
