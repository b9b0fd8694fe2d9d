/* SPDX-License-Identifier: Apache-2.0 */
/*
 * secp256k1 for BEEFY keys: what a FROST(secp256k1, SHA-256) DKG (RFC 9591
 * 6.5) and the coordinator's ECDSA signature need, over libsecp256k1
 * (Debian bookworm's 0.2.0, compiled into secp256k1_ops.c; see
 * ta/secp256k1/files.mk).
 *
 * Encodings are the RFC's and SEC1's: a scalar is 32 bytes big-endian,
 * canonical (< n, the group order); a point is 33 bytes SEC1 compressed
 * (02 or 03, then x < p big-endian), never the identity, which has no
 * 33-byte encoding. Every function that takes a scalar or a point decodes
 * it strictly and fails on anything else.
 *
 * Results: 0 on success, -1 on failure, and on failure every output is
 * zeroed (never a partial or stale value). Secrets the functions handle
 * (scalars, hash inputs, nonces) are wiped from their own stack before they
 * return; the caller wipes its own buffers.
 *
 * Timing: scalar arithmetic, mul_base, the hashes and ECDSA signing are
 * constant time in their secret inputs (libsecp256k1's own guarantees for
 * its scalars and ecmult_gen; the context is blinded with TEE randomness).
 * Point decoding, add, sub and mul are variable time: for public points
 * and public scalars only (commitments, public shares, identifiers, binding
 * factors, Lagrange coefficients), which is all FROST multiplies a point
 * other than the generator by.
 *
 * Not reentrant: one context, made on first use, is shared by every call
 * (a TA instance runs one command at a time).
 */
#ifndef TRIAD_SECP256K1_OPS_H
#define TRIAD_SECP256K1_OPS_H

#include <stddef.h>
#include <stdint.h>

#define SECP_SCALAR_BYTES 32
#define SECP_POINT_BYTES 33
/* hash_to_field's L for secp256k1 at 128-bit security: ceil((256 + 128) / 8). */
#define SECP_WIDE_BYTES 48
/* r (32) || s (32) || recovery id (1) */
#define SECP_ECDSA_RECOVERABLE_BYTES 65

/* ---- scalars mod n ---- */

/* 1 when s < n (zero included), else 0. */
int secp_scalar_is_canonical(const uint8_t s[SECP_SCALAR_BYTES]);
/* 1 when all 32 bytes are zero (n itself is not canonical, so not zero). */
int secp_scalar_is_zero(const uint8_t s[SECP_SCALAR_BYTES]);
/* out = v (always canonical). */
void secp_scalar_from_u64(uint8_t out[SECP_SCALAR_BYTES], uint64_t v);
/* out = a + b, a - b, a * b, -a mod n; -1 when an input is not canonical. */
int secp_scalar_add(uint8_t out[SECP_SCALAR_BYTES], const uint8_t a[SECP_SCALAR_BYTES],
		    const uint8_t b[SECP_SCALAR_BYTES]);
int secp_scalar_sub(uint8_t out[SECP_SCALAR_BYTES], const uint8_t a[SECP_SCALAR_BYTES],
		    const uint8_t b[SECP_SCALAR_BYTES]);
int secp_scalar_mul(uint8_t out[SECP_SCALAR_BYTES], const uint8_t a[SECP_SCALAR_BYTES],
		    const uint8_t b[SECP_SCALAR_BYTES]);
int secp_scalar_negate(uint8_t out[SECP_SCALAR_BYTES], const uint8_t a[SECP_SCALAR_BYTES]);
/* out = 1 / a mod n, constant time; -1 also for a = 0, which has no inverse. */
int secp_scalar_invert(uint8_t out[SECP_SCALAR_BYTES], const uint8_t a[SECP_SCALAR_BYTES]);
/* out = the 48-byte big-endian integer in mod n (hash_to_field's last step). */
void secp_scalar_reduce_wide(uint8_t out[SECP_SCALAR_BYTES], const uint8_t in[SECP_WIDE_BYTES]);

/* ---- points, SEC1 compressed ---- */

/* 1 when p is 02 or 03, then x < p with x^3 + 7 a square mod p; else 0. */
int secp_point_is_valid(const uint8_t p[SECP_POINT_BYTES]);
/* r = p + q, p - q; -1 when an input does not decode or the result is the identity. */
int secp_point_add(uint8_t r[SECP_POINT_BYTES], const uint8_t p[SECP_POINT_BYTES],
		   const uint8_t q[SECP_POINT_BYTES]);
int secp_point_sub(uint8_t r[SECP_POINT_BYTES], const uint8_t p[SECP_POINT_BYTES],
		   const uint8_t q[SECP_POINT_BYTES]);
/*
 * r = k * p for a PUBLIC scalar k (variable time); -1 when k or p does not
 * decode, or for k = 0 (the identity).
 */
int secp_point_mul(uint8_t r[SECP_POINT_BYTES], const uint8_t k[SECP_SCALAR_BYTES],
		   const uint8_t p[SECP_POINT_BYTES]);
/*
 * r = k * G for a SECRET scalar k (constant time, blinded); -1 when k is not
 * canonical or is 0.
 */
int secp_point_mul_base(uint8_t r[SECP_POINT_BYTES], const uint8_t k[SECP_SCALAR_BYTES]);

/* ---- hashes: RFC 9380 expand_message_xmd, RFC 9591 6.5 ---- */

/* One piece of a hash's input; the pieces are hashed in order, as if concatenated. */
struct secp_part {
	const void *data; /* may be NULL when len is 0 */
	size_t len;
};

/*
 * RFC 9380 5.3.1 expand_message_xmd with SHA-256: out_len bytes (1 to 8160,
 * ell = ceil(out_len / 32) <= 255) from the message msg[0] || ... ||
 * msg[n_msg - 1] under the domain separation tag dst (1 to 255 bytes; RFC
 * 9380's oversize-DST hashing is not implemented, -1 instead). On -1 out is
 * zeroed, unless out_len itself is out of range: then nothing is written.
 */
int secp_expand_message_xmd_sha256(uint8_t *out, size_t out_len, const uint8_t *dst,
				   size_t dst_len, const struct secp_part *msg, size_t n_msg);

/* RFC 9591 6.5's contextString. */
#define SECP_FROST_CONTEXT "FROST-secp256k1-SHA256-v1"

/*
 * FROST(secp256k1, SHA-256)'s hash_to_field hashes (H1 "rho", H2 "chal",
 * H3 "nonce", HDKG "dkg", HID "id"): hash_to_field(msg, 1) with DST =
 * contextString || tag, expand_message_xmd SHA-256, L = 48, reduced mod n.
 * msg is msg[0] || ... || msg[n_msg - 1]. -1 when the DST would pass 255 bytes.
 */
int secp_frost_hash_to_field(uint8_t out[SECP_SCALAR_BYTES], const char *tag,
			     const struct secp_part *msg, size_t n_msg);

/* H4 "msg" and H5 "com": SHA-256(contextString || tag || msg[0] || ...). */
void secp_frost_hash(uint8_t out[32], const char *tag, const struct secp_part *msg, size_t n_msg);

/* ---- ECDSA ---- */

/* The public key of the secret x: x * G; -1 when x is not canonical or is 0. */
int secp_pubkey_of(uint8_t pk[SECP_POINT_BYTES], const uint8_t x[SECP_SCALAR_BYTES]);

/*
 * The ECDSA signature of a 32-byte prehash (for BEEFY, the Keccak-256 of the
 * commitment's encoding) by the secret x, as Polkadot's sp_core::ecdsa
 * writes it: r (32) || s (32) || v, the recovery id (0 to 3; 2 and 3 only
 * when R.x >= n, which no one can make happen). The nonce is RFC 6979's
 * deterministic one (HMAC-SHA256 over x and the prehash reduced mod n, as
 * RFC 6979 2.3.4 says), so the same (x, prehash) always gives the same
 * bytes; s is always low (s <= (n - 1) / 2). Before anything is released
 * the signature is checked: the key recovered from it must be x * G, so a
 * fault in signing (which with a deterministic nonce would give x away)
 * releases nothing. -1 when x is not canonical or is 0, or that check fails.
 */
int secp_ecdsa_sign_prehashed_recoverable(uint8_t out[SECP_ECDSA_RECOVERABLE_BYTES],
					  const uint8_t x[SECP_SCALAR_BYTES],
					  const uint8_t prehash[32]);

/*
 * The public key that signed prehash with sig (r || s || v), strictly: r
 * and s in 1..n-1, s low, v in 0..3; -1 otherwise or when no key recovers.
 */
int secp_ecdsa_recover(uint8_t pk[SECP_POINT_BYTES],
		       const uint8_t sig[SECP_ECDSA_RECOVERABLE_BYTES], const uint8_t prehash[32]);

#endif /* TRIAD_SECP256K1_OPS_H */
