// SPDX-License-Identifier: Apache-2.0
/*
 * The secp256k1 suite (FROST(secp256k1, SHA-256), RFC 9591 6.5) as far as
 * `beef` keys use it: the DKG and refresh (dkg.c) and the scalars of the
 * ECDSA round trip (ecdsa_sign.c). It has no FROST challenge: those keys sign
 * ECDSA, never a Schnorr signature.
 *
 * The identity has no SEC1 compressed encoding, yet a refresh's C_0 is the
 * identity and sums start from it. Here it is 33 zero bytes, a value no
 * decoder accepts (point_ok refuses it, so it never comes in from outside),
 * which add and sub treat as the neutral element.
 */
#include <string.h>

#include <sodium.h>

#include "frost_suite.h"
#include "secp256k1_ops.h"

typedef char secp_points_fit[SECP_POINT_BYTES <= FROST_POINT_MAX ? 1 : -1];
typedef char secp_scalars_fit[SECP_SCALAR_BYTES == FROST_SCALAR_BYTES ? 1 : -1];

static int is_identity(const uint8_t *p)
{
	return sodium_is_zero(p, SECP_POINT_BYTES);
}

static int add(uint8_t *r, const uint8_t *p, const uint8_t *q)
{
	if (is_identity(p)) {
		memmove(r, q, SECP_POINT_BYTES);
		return 0;
	}
	if (is_identity(q)) {
		memmove(r, p, SECP_POINT_BYTES);
		return 0;
	}
	return secp_point_add(r, p, q);
}

static int sub(uint8_t *r, const uint8_t *p, const uint8_t *q)
{
	static const uint8_t minus_one[SECP_SCALAR_BYTES] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48,
		0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x40
	};

	if (is_identity(q)) {
		memmove(r, p, SECP_POINT_BYTES);
		return 0;
	}
	if (is_identity(p)) /* -q = (n - 1)·q */
		return secp_point_mul(r, minus_one, q);
	return secp_point_sub(r, p, q);
}

/* Public scalars only (commitment powers, challenges): variable time. */
static int mul(uint8_t *r, const uint8_t n[FROST_SCALAR_BYTES], const uint8_t *p)
{
	return secp_point_mul(r, n, p);
}

static int mul_base(uint8_t *r, const uint8_t n[FROST_SCALAR_BYTES])
{
	return secp_point_mul_base(r, n);
}

/*
 * The suite's scalar operations take canonical scalars (every scalar from
 * outside is checked with scalar_ok first); on anything else libsecp256k1's
 * wrappers zero the output, which no later check accepts.
 */
static void scalar_add(uint8_t r[FROST_SCALAR_BYTES], const uint8_t a[FROST_SCALAR_BYTES],
		       const uint8_t b[FROST_SCALAR_BYTES])
{
	(void)secp_scalar_add(r, a, b);
}

static void scalar_sub(uint8_t r[FROST_SCALAR_BYTES], const uint8_t a[FROST_SCALAR_BYTES],
		       const uint8_t b[FROST_SCALAR_BYTES])
{
	(void)secp_scalar_sub(r, a, b);
}

static void scalar_mul(uint8_t r[FROST_SCALAR_BYTES], const uint8_t a[FROST_SCALAR_BYTES],
		       const uint8_t b[FROST_SCALAR_BYTES])
{
	(void)secp_scalar_mul(r, a, b);
}

/* 48 random bytes reduced mod n (bias below 2^-128), never zero. */
static void scalar_random(uint8_t r[FROST_SCALAR_BYTES])
{
	uint8_t wide[SECP_WIDE_BYTES];

	do {
		randombytes_buf(wide, sizeof(wide));
		secp_scalar_reduce_wide(r, wide);
	} while (secp_scalar_is_zero(r));
	sodium_memzero(wide, sizeof(wide));
}

/* HDKG = hash_to_field(context || id || phi_0 || R) under DST contextString || "dkg". */
static int dkg_challenge(uint8_t c[FROST_SCALAR_BYTES], const struct frost_suite *suite,
			 const uint8_t *context, size_t context_len, uint16_t id,
			 const uint8_t *phi0, const uint8_t *R)
{
	uint8_t ids[SECP_SCALAR_BYTES];
	const struct secp_part parts[] = {
		{ context, context_len },
		{ ids, sizeof(ids) },
		{ phi0, SECP_POINT_BYTES },
		{ R, SECP_POINT_BYTES },
	};

	(void)suite;
	secp_scalar_from_u64(ids, id);
	return secp_frost_hash_to_field(c, "dkg", parts, sizeof(parts) / sizeof(parts[0]));
}

const struct frost_suite frost_secp256k1 = {
	TRIAD_SCHEME_ECDSA,
	SECP_FROST_CONTEXT,
	SECP_POINT_BYTES,
	{ 0 }, /* the identity, as this file represents it */
	secp_point_is_valid,
	add,
	sub,
	mul,
	mul_base,
	NULL, /* no FROST signature */
	scalar_add,
	scalar_sub,
	scalar_mul,
	secp_scalar_invert,
	scalar_random,
	secp_scalar_from_u64,
	secp_scalar_is_canonical,
	dkg_challenge,
};
