/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The known answers gen-secp256k1-vectors.mjs writes (from @noble/curves and
 * @noble/hashes) into build/secp256k1/gen/secp256k1_vectors.c: their types,
 * and the tables, each with its element count (name_count). Inputs are
 * bytes; expected outputs are lowercase hex for CHECK_HEX, big-endian as
 * the encodings are, and "" marks a result that is the identity or does not
 * exist (the inverse of zero).
 */
#ifndef TRIAD_SECP256K1_VECTORS_H
#define TRIAD_SECP256K1_VECTORS_H

#include <stddef.h>
#include <stdint.h>

struct scalar_vec {
	uint8_t a[32], b[32];
	const char *sum, *diff, *prod, *neg_a, *inv_a;
};

struct wide_vec {
	uint8_t in[48];
	const char *out;
};

/* A = a G, B = b G, sum = A + B, diff = A - B, mul = b A. */
struct point_vec {
	uint8_t a[32], b[32];
	const char *A, *B, *sum, *diff, *mul;
};

struct bad_point {
	uint8_t p[33];
	const char *why;
};

struct bad_scalar {
	uint8_t s[32];
	const char *why;
};

/* The message and DST are text; want is out[from..len). */
struct xmd_vec {
	const char *dst, *msg;
	size_t len, from;
	const char *want;
};

/* A FROST hash of msg under tag. */
struct hash_vec {
	const char *tag;
	const uint8_t *msg;
	size_t msg_len;
	const char *out;
};

/* x G and r || s || v for x and prehash. */
struct ecdsa_vec {
	uint8_t x[32], prehash[32];
	const char *pk, *sig;
};

/*
 * Shares f(1), f(2), f(3) of a key x (f(z) = x + c z), a message, x G,
 * keccak_256(msg) and the signature of it by x.
 */
struct combine_vec {
	uint8_t share[3][32];
	const uint8_t *msg;
	size_t msg_len;
	const char *pk, *prehash, *sig;
};

#define VECTORS(type, name)                    \
	extern const struct type name[];         \
	extern const size_t name##_count
VECTORS(scalar_vec, scalar_vecs);
VECTORS(wide_vec, wide_vecs);
VECTORS(point_vec, point_vecs);
VECTORS(bad_point, bad_points);
VECTORS(bad_scalar, bad_scalars);
VECTORS(xmd_vec, xmd_vecs);
VECTORS(hash_vec, h2f_vecs);	     /* hash_to_field: H1, H2, H3, HDKG, HID */
VECTORS(hash_vec, frost_hash_vecs); /* SHA-256: H4, H5 */
VECTORS(ecdsa_vec, ecdsa_vecs);
VECTORS(combine_vec, combine_vecs);
#undef VECTORS

/* 02 || 1: the point with x = 1 (1 + 7 is a square mod p), whose x + p still fits 32 bytes. */
extern const uint8_t small_x_point[33];
/* expand_message_xmd("abc", DST = 255 times 'D', 48) */
extern const char xmd_long_dst_out[];
/* (n - 1) / 2: s is low when s <= it. */
extern const uint8_t half_order[32];

#endif /* TRIAD_SECP256K1_VECTORS_H */
