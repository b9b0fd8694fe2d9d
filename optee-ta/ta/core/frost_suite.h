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
 * scalar arithmetic is shared (libsodium's ristretto255 scalar functions are
 * its ed25519 ones); only points, their decoding, the hashes' context string
 * and the challenge differ.
 */
#ifndef TRIAD_FROST_SUITE_H
#define TRIAD_FROST_SUITE_H

#include <stddef.h>
#include <stdint.h>

#include "ristretto.h"
#include "triad_ta.h"

#define FROST_POINT_BYTES 32

struct frost_suite {
	uint8_t scheme;	     /* TRIAD_SCHEME_* */
	const char *context; /* RFC 9591 contextString, the prefix of H1, H3, H4, H5, HDKG */
	/* The encoding of the identity (a refresh's C_0, which is never sent). */
	uint8_t identity[FROST_POINT_BYTES];
	/*
	 * Strict decoding of a point the TA is given: 1 only for the canonical
	 * encoding of an element of the prime-order group other than the
	 * identity (ed25519: no small-order point, nothing with a torsion part).
	 */
	int (*point_ok)(const uint8_t p[FROST_POINT_BYTES]);
	/* 0, or -1 when an input does not decode (or, for mul, the result is the identity). */
	int (*add)(uint8_t r[FROST_POINT_BYTES], const uint8_t p[FROST_POINT_BYTES],
		   const uint8_t q[FROST_POINT_BYTES]);
	int (*sub)(uint8_t r[FROST_POINT_BYTES], const uint8_t p[FROST_POINT_BYTES],
		   const uint8_t q[FROST_POINT_BYTES]);
	int (*mul)(uint8_t r[FROST_POINT_BYTES], const uint8_t n[RISTRETTO_SCALAR_BYTES],
		   const uint8_t p[FROST_POINT_BYTES]);
	int (*mul_base)(uint8_t r[FROST_POINT_BYTES], const uint8_t n[RISTRETTO_SCALAR_BYTES]);
	/* The signature's challenge c for R, the group key and the message. */
	void (*challenge)(uint8_t c[RISTRETTO_SCALAR_BYTES], const uint8_t R[FROST_POINT_BYTES],
			  const uint8_t group_pk[FROST_POINT_BYTES], const uint8_t *msg,
			  size_t msg_len);
};

extern const struct frost_suite frost_sr25519;
extern const struct frost_suite frost_ed25519;

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
int ed25519_point_ok(const uint8_t p[FROST_POINT_BYTES]);

#endif /* TRIAD_FROST_SUITE_H */
