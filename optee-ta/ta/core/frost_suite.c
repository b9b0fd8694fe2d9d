// SPDX-License-Identifier: Apache-2.0
#include <string.h>

#include <sodium.h>

#include "frost_suite.h"
#include "merlin.h"

void schnorrkel_challenge(uint8_t c[RISTRETTO_SCALAR_BYTES], const uint8_t R[FROST_POINT_BYTES],
			  const uint8_t group_pk[FROST_POINT_BYTES], const uint8_t *msg,
			  size_t msg_len)
{
	static const char ctx[] = "substrate";
	struct merlin_transcript t;
	uint8_t wide[64];

	/* signing_context(b"substrate").bytes(msg), then Schnorr-sig */
	merlin_transcript_init(&t, "SigningContext", 14);
	merlin_append_message(&t, "", 0, ctx, sizeof(ctx) - 1);
	merlin_append_message(&t, "sign-bytes", 10, msg, msg_len);
	merlin_append_message(&t, "proto-name", 10, "Schnorr-sig", 11);
	merlin_append_message(&t, "sign:pk", 7, group_pk, FROST_POINT_BYTES);
	merlin_append_message(&t, "sign:R", 6, R, FROST_POINT_BYTES);
	merlin_challenge_bytes(&t, "sign:c", 6, wide, sizeof(wide));
	crypto_core_ristretto255_scalar_reduce(c, wide);
	merlin_transcript_wipe(&t);
}

void ed25519_challenge(uint8_t c[RISTRETTO_SCALAR_BYTES], const uint8_t R[FROST_POINT_BYTES],
		       const uint8_t group_pk[FROST_POINT_BYTES], const uint8_t *msg,
		       size_t msg_len)
{
	crypto_hash_sha512_state st;
	uint8_t wide[crypto_hash_sha512_BYTES];

	/* H2 has no context prefix: the signature must verify as plain RFC 8032 */
	crypto_hash_sha512_init(&st);
	crypto_hash_sha512_update(&st, R, FROST_POINT_BYTES);
	crypto_hash_sha512_update(&st, group_pk, FROST_POINT_BYTES);
	crypto_hash_sha512_update(&st, msg, msg_len);
	crypto_hash_sha512_final(&st, wide);
	crypto_core_ed25519_scalar_reduce(c, wide);
}

/*
 * libsodium's is_valid_point refuses a non-canonical y, every small-order
 * point (the identity among them, and both encodings of x = 0 whatever the
 * sign bit) and every point outside the prime-order subgroup: exactly what
 * RFC 9591 asks of a deserialized element.
 */
int ed25519_point_ok(const uint8_t *p)
{
	return crypto_core_ed25519_is_valid_point(p);
}

/* libsodium's _noclamp variants: FROST's scalars are reduced, never clamped. */
static int ed25519_mul(uint8_t *r, const uint8_t n[FROST_SCALAR_BYTES], const uint8_t *p)
{
	return crypto_scalarmult_ed25519_noclamp(r, n, p);
}

static int ed25519_mul_base(uint8_t *r, const uint8_t n[FROST_SCALAR_BYTES])
{
	return crypto_scalarmult_ed25519_base_noclamp(r, n);
}

/* Both 25519 suites' scalars: mod l, 32 bytes little-endian. */
static void scalar25519_random(uint8_t r[FROST_SCALAR_BYTES])
{
	crypto_core_ristretto255_scalar_random(r);
}

static int scalar25519_invert(uint8_t r[FROST_SCALAR_BYTES], const uint8_t a[FROST_SCALAR_BYTES])
{
	return crypto_core_ristretto255_scalar_invert(r, a);
}

/* HDKG = SHA-512(contextString || "dkg" || m) reduced mod l, as frost-core's 25519 suites. */
static int sha512_dkg_challenge(uint8_t c[FROST_SCALAR_BYTES], const struct frost_suite *suite,
				const uint8_t *context, size_t context_len, uint16_t id,
				const uint8_t *phi0, const uint8_t *R)
{
	crypto_hash_sha512_state st;
	uint8_t ids[FROST_SCALAR_BYTES], wide[crypto_hash_sha512_BYTES];

	scalar_from_u64(ids, id);
	crypto_hash_sha512_init(&st);
	crypto_hash_sha512_update(&st, (const uint8_t *)suite->context, strlen(suite->context));
	crypto_hash_sha512_update(&st, (const uint8_t *)"dkg", 3);
	crypto_hash_sha512_update(&st, context, context_len);
	crypto_hash_sha512_update(&st, ids, sizeof(ids));
	crypto_hash_sha512_update(&st, phi0, suite->point_bytes);
	crypto_hash_sha512_update(&st, R, suite->point_bytes);
	crypto_hash_sha512_final(&st, wide);
	crypto_core_ristretto255_scalar_reduce(c, wide);
	return 0;
}

#define SCALARS_25519                                                                 \
	crypto_core_ristretto255_scalar_add, crypto_core_ristretto255_scalar_sub,     \
		crypto_core_ristretto255_scalar_mul, scalar25519_invert, scalar25519_random, \
		scalar_from_u64, scalar_is_canonical, sha512_dkg_challenge

const struct frost_suite frost_sr25519 = {
	TRIAD_SCHEME_SR25519,
	"FROST-RISTRETTO255-SHA512-v1",
	FROST_POINT_BYTES,
	{ 0 }, /* ristretto255's identity encodes as 32 zero bytes */
	point_is_valid_non_identity,
	crypto_core_ristretto255_add,
	crypto_core_ristretto255_sub,
	crypto_scalarmult_ristretto255,
	crypto_scalarmult_ristretto255_base,
	schnorrkel_challenge,
	SCALARS_25519,
};

const struct frost_suite frost_ed25519 = {
	TRIAD_SCHEME_ED25519,
	"FROST-ED25519-SHA512-v1",
	FROST_POINT_BYTES,
	{ 1 }, /* (0, 1): y = 1, sign bit clear */
	ed25519_point_ok,
	crypto_core_ed25519_add,
	crypto_core_ed25519_sub,
	ed25519_mul,
	ed25519_mul_base,
	ed25519_challenge,
	SCALARS_25519,
};

const struct frost_suite *frost_suite_of(uint8_t scheme)
{
	if (scheme == TRIAD_SCHEME_SR25519)
		return &frost_sr25519;
	if (scheme == TRIAD_SCHEME_ED25519)
		return &frost_ed25519;
	if (scheme == TRIAD_SCHEME_ECDSA)
		return &frost_secp256k1;
	return NULL;
}

int frost_suite_lagrange(const struct frost_suite *suite, uint8_t lambda[FROST_SCALAR_BYTES],
			 const uint16_t *ids, size_t n, uint16_t id)
{
	uint8_t num[FROST_SCALAR_BYTES], den[FROST_SCALAR_BYTES];
	uint8_t xj[FROST_SCALAR_BYTES], xi[FROST_SCALAR_BYTES], diff[FROST_SCALAR_BYTES];
	int member = 0;
	size_t j;

	suite->scalar_from_u64(num, 1);
	suite->scalar_from_u64(den, 1);
	suite->scalar_from_u64(xi, id);
	for (j = 0; j < n; j++) {
		if (ids[j] == id) {
			member = 1;
			continue;
		}
		suite->scalar_from_u64(xj, ids[j]);
		suite->scalar_mul(num, num, xj);
		suite->scalar_sub(diff, xj, xi);
		suite->scalar_mul(den, den, diff);
	}
	if (!member || suite->scalar_invert(den, den))
		return -1;
	suite->scalar_mul(lambda, num, den);
	return 0;
}
