/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The two FROST ciphersuites the TA signs with, as one description each, so
 * that frost.c, the nonce pool and the DKG are written once:
 *
 *   sr25519  FROST(ristretto255, SHA-512) with schnorrkel's challenge (the
 *            Merlin transcript under the "substrate" context): every key type
 *            but `gran`, and every key sealed before keys carried a scheme;
 *   ed25519  FROST(Ed25519, SHA-512), RFC 9591 6.1: the challenge is RFC
 *            8032's SHA-512(R || A || msg) mod l; `gran` keys (GRANDPA).
 *
 * Both groups have order l and the same 32-byte little-endian scalars, so
 * their scalar arithmetic is the same functions (libsodium's ristretto255
 * scalar functions are its ed25519 ones); only points, their decoding, the
 * hashes' context string and the challenge differ.
 *
 * A suite also carries its scalar field, its point size and its DKG proof
 * challenge, so that the DKG and refresh (dkg.c) serve a group with other
 * scalars and longer points (secp256k1 for `beef` keys: 33-byte points,
 * big-endian scalars mod n). Such a suite has no `challenge`: the TA makes
 * no FROST signature with it, and every FROST path refuses its keys.
 */
#ifndef TRIAD_FROST_SUITE_H
#define TRIAD_FROST_SUITE_H

#include <stddef.h>
#include <stdint.h>

#include "ristretto.h"
#include "triad_ta.h"

/* The points of the FROST signing suites (ristretto255, edwards25519). */
#define FROST_POINT_BYTES 32
/* The longest point of any suite: a SEC1 compressed secp256k1 point. */
#define FROST_POINT_MAX 33
/* Every suite's scalars are 32 bytes (byte order is the suite's). */
#define FROST_SCALAR_BYTES 32

struct frost_suite {
	uint8_t scheme;	     /* TRIAD_SCHEME_* */
	const char *context; /* RFC 9591 contextString, the prefix of H1, H3, H4, H5, HDKG */
	size_t point_bytes;  /* every point argument below has this many bytes */
	/* The encoding of the identity (a refresh's C_0, which is never sent). */
	uint8_t identity[FROST_POINT_MAX];
	/*
	 * Strict decoding of a point the TA is given: 1 only for the canonical
	 * encoding of an element of the prime-order group other than the
	 * identity (ed25519: no small-order point, nothing with a torsion part).
	 */
	int (*point_ok)(const uint8_t *p);
	/*
	 * 0, or -1 when an input does not decode (mul and mul_base: or the
	 * result is the identity; secp256k1, which cannot encode the identity:
	 * any result that is). The suite's `identity` is accepted by add and sub.
	 * `mul` takes a public scalar; `mul_base` is the one for secrets.
	 */
	int (*add)(uint8_t *r, const uint8_t *p, const uint8_t *q);
	int (*sub)(uint8_t *r, const uint8_t *p, const uint8_t *q);
	int (*mul)(uint8_t *r, const uint8_t n[FROST_SCALAR_BYTES], const uint8_t *p);
	int (*mul_base)(uint8_t *r, const uint8_t n[FROST_SCALAR_BYTES]);
	/*
	 * The signature's challenge c for R, the group key and the message;
	 * NULL for a suite the TA makes no FROST signature with.
	 */
	void (*challenge)(uint8_t c[FROST_SCALAR_BYTES], const uint8_t R[FROST_POINT_BYTES],
			  const uint8_t group_pk[FROST_POINT_BYTES], const uint8_t *msg,
			  size_t msg_len);

	/* The scalar field, canonical encodings in and out. */
	void (*scalar_add)(uint8_t r[FROST_SCALAR_BYTES], const uint8_t a[FROST_SCALAR_BYTES],
			   const uint8_t b[FROST_SCALAR_BYTES]);
	void (*scalar_sub)(uint8_t r[FROST_SCALAR_BYTES], const uint8_t a[FROST_SCALAR_BYTES],
			   const uint8_t b[FROST_SCALAR_BYTES]);
	void (*scalar_mul)(uint8_t r[FROST_SCALAR_BYTES], const uint8_t a[FROST_SCALAR_BYTES],
			   const uint8_t b[FROST_SCALAR_BYTES]);
	/* 0, or -1 for zero. */
	int (*scalar_invert)(uint8_t r[FROST_SCALAR_BYTES], const uint8_t a[FROST_SCALAR_BYTES]);
	/* A uniformly random scalar from the TEE's generator. */
	void (*scalar_random)(uint8_t r[FROST_SCALAR_BYTES]);
	/* The scalar v (identifiers, and the constants of Lagrange's formula). */
	void (*scalar_from_u64)(uint8_t r[FROST_SCALAR_BYTES], uint64_t v);
	/* 1 when s encodes a scalar below the group order. */
	int (*scalar_ok)(const uint8_t s[FROST_SCALAR_BYTES]);
	/*
	 * The DKG's proof-of-knowledge challenge, frost-core's:
	 * HDKG(context || identifier || phi_0 || R), the identifier as a scalar.
	 * 0, or -1 when it cannot be computed (the proof is then refused).
	 */
	int (*dkg_challenge)(uint8_t c[FROST_SCALAR_BYTES], const struct frost_suite *suite,
			      const uint8_t *context, size_t context_len, uint16_t id,
			      const uint8_t *phi0, const uint8_t *R);
};

extern const struct frost_suite frost_sr25519;
extern const struct frost_suite frost_ed25519;
extern const struct frost_suite frost_secp256k1;

/* The suite of a TRIAD_SCHEME_* value, or NULL for one the TA does not know. */
const struct frost_suite *frost_suite_of(uint8_t scheme);

/* schnorrkel's challenge under the "substrate" signing context (sr25519's). */
void schnorrkel_challenge(uint8_t c[RISTRETTO_SCALAR_BYTES], const uint8_t R[FROST_POINT_BYTES],
			  const uint8_t group_pk[FROST_POINT_BYTES], const uint8_t *msg,
			  size_t msg_len);

/* RFC 8032's challenge, SHA-512(R || A || msg) reduced mod l (ed25519's H2). */
void ed25519_challenge(uint8_t c[RISTRETTO_SCALAR_BYTES], const uint8_t R[FROST_POINT_BYTES],
		       const uint8_t group_pk[FROST_POINT_BYTES], const uint8_t *msg,
		       size_t msg_len);

/* RFC 9591 6.1 DeserializeElement's checks, over libsodium's is_valid_point. */
int ed25519_point_ok(const uint8_t *p);

/* RFC 9591 4.2: lambda_i at 0 over the identifiers ids[0..n), in the suite's field. */
int frost_suite_lagrange(const struct frost_suite *suite, uint8_t lambda[FROST_SCALAR_BYTES],
			 const uint16_t *ids, size_t n, uint16_t id);

#endif /* TRIAD_FROST_SUITE_H */
