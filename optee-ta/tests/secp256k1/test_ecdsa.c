// SPDX-License-Identifier: Apache-2.0
/*
 * ECDSA over prehashes against @noble/curves (RFC 6979 nonces, low S, its
 * recovery bit; gen-secp256k1-vectors.mjs), byte for byte; s is never high;
 * recovery refuses anything but the signatures the TA makes; a bad key
 * signs nothing; two Lagrange-weighted shares of a 2-of-3 sharing sign a
 * Keccak-256 prehash as the whole key does. Also the context's blinding and
 * the library's callbacks.
 */
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include "keccak.h"
#include "secp256k1_ops.h"
#include "secp256k1_tests.h"
#include "secp256k1_vectors.h"
#include "tee_stub.h"
#include "wipe.h"

static const uint8_t zero_sig[SECP_ECDSA_RECOVERABLE_BYTES];

TEST(ecdsa_known_answers)
{
	uint8_t sig[SECP_ECDSA_RECOVERABLE_BYTES], pk[SECP_POINT_BYTES];
	size_t i;

	for (i = 0; i < ecdsa_vecs_count; i++) {
		const struct ecdsa_vec *v = &ecdsa_vecs[i];

		CHECK(secp_pubkey_of(pk, v->x) == 0);
		CHECK_HEX(pk, sizeof(pk), v->pk);
		CHECK(secp_ecdsa_sign_prehashed_recoverable(sig, v->x, v->prehash) == 0);
		CHECK_HEX(sig, sizeof(sig), v->sig);
		CHECK(secp_ecdsa_recover(pk, sig, v->prehash) == 0);
		CHECK_HEX(pk, sizeof(pk), v->pk);
	}
}

/* s <= (n - 1) / 2, compared as 32-byte big-endian numbers. */
static int s_is_low(const uint8_t sig[SECP_ECDSA_RECOVERABLE_BYTES])
{
	return memcmp(sig + 32, half_order, 32) <= 0;
}

/* Over the vectors and 256 more keys and prehashes, about half of whose raw s would be high. */
TEST(ecdsa_never_high_s)
{
	uint8_t x[SECP_SCALAR_BYTES], h[32], sig[SECP_ECDSA_RECOVERABLE_BYTES];
	uint8_t pk[SECP_POINT_BYTES], rec[SECP_POINT_BYTES];
	uint64_t i;

	for (i = 0; i < ecdsa_vecs_count; i++)
		CHECK(secp_ecdsa_sign_prehashed_recoverable(sig, ecdsa_vecs[i].x,
							    ecdsa_vecs[i].prehash) == 0 &&
		      s_is_low(sig));
	for (i = 0; i < 256; i++) {
		/* x = 7^(i+1) mod n and h = x^2: fixed, unrelated-looking values. */
		secp_scalar_from_u64(x, 7);
		secp_scalar_from_u64(h, i + 1);
		CHECK(secp_scalar_mul(x, x, h) == 0 && secp_scalar_mul(x, x, x) == 0);
		CHECK(secp_scalar_mul(h, x, x) == 0);
		CHECK(secp_ecdsa_sign_prehashed_recoverable(sig, x, h) == 0);
		CHECK(s_is_low(sig) && sig[64] <= 1);
		CHECK(secp_pubkey_of(pk, x) == 0 && secp_ecdsa_recover(rec, sig, h) == 0 &&
		      memcmp(pk, rec, sizeof(pk)) == 0);
	}
}

/* Only r, s in 1..n-1 with s low and v in 0..3 recover; the high-S twin does not. */
TEST(ecdsa_recover_is_strict)
{
	const struct ecdsa_vec *v = &ecdsa_vecs[4];
	uint8_t sig[SECP_ECDSA_RECOVERABLE_BYTES], bad[SECP_ECDSA_RECOVERABLE_BYTES];
	uint8_t pk[SECP_POINT_BYTES], want[SECP_POINT_BYTES], h[32];

	CHECK(secp_ecdsa_sign_prehashed_recoverable(sig, v->x, v->prehash) == 0);
	/* (r, n - s, v ^ 1) is the same signature, mathematically: refused. */
	memcpy(bad, sig, sizeof(bad));
	CHECK(secp_scalar_negate(bad + 32, sig + 32) == 0);
	bad[64] ^= 1;
	CHECK(!s_is_low(bad));
	CHECK(secp_ecdsa_recover(pk, bad, v->prehash) == -1);
	/* r or s zero or not canonical; v past 3. */
	memcpy(bad, sig, sizeof(bad));
	memset(bad, 0, 32);
	CHECK(secp_ecdsa_recover(pk, bad, v->prehash) == -1);
	memcpy(bad, sig, sizeof(bad));
	memset(bad + 32, 0, 32);
	CHECK(secp_ecdsa_recover(pk, bad, v->prehash) == -1);
	memcpy(bad, sig, sizeof(bad));
	memcpy(bad, bad_scalars[0].s, 32);
	CHECK(secp_ecdsa_recover(pk, bad, v->prehash) == -1);
	memcpy(bad, sig, sizeof(bad));
	bad[64] = 4;
	CHECK(secp_ecdsa_recover(pk, bad, v->prehash) == -1);
	CHECK(memcmp(pk, zero_sig, sizeof(pk)) == 0);
	/* The other parity of R, or another prehash, recovers another key. */
	CHECK(secp_pubkey_of(want, v->x) == 0);
	memcpy(bad, sig, sizeof(bad));
	bad[64] ^= 1;
	CHECK(secp_ecdsa_recover(pk, bad, v->prehash) == 0 && memcmp(pk, want, sizeof(pk)) != 0);
	memcpy(h, v->prehash, sizeof(h));
	h[0] ^= 1;
	CHECK(secp_ecdsa_recover(pk, sig, h) == 0 && memcmp(pk, want, sizeof(pk)) != 0);
}

TEST(ecdsa_bad_key_refused)
{
	uint8_t x[SECP_SCALAR_BYTES], sig[SECP_ECDSA_RECOVERABLE_BYTES];

	secp_scalar_from_u64(x, 0);
	memset(sig, 0xa5, sizeof(sig));
	CHECK(secp_ecdsa_sign_prehashed_recoverable(sig, x, ecdsa_vecs[0].prehash) == -1);
	CHECK(memcmp(sig, zero_sig, sizeof(sig)) == 0);
	memset(sig, 0xa5, sizeof(sig));
	CHECK(secp_ecdsa_sign_prehashed_recoverable(sig, bad_scalars[0].s, ecdsa_vecs[0].prehash) ==
	      -1);
	CHECK(memcmp(sig, zero_sig, sizeof(sig)) == 0);
}

/* Each signature draws a fresh 32-byte blinding seed from the TEE's generator. */
TEST(context_blinded_with_tee_randomness)
{
	uint8_t sig[SECP_ECDSA_RECOVERABLE_BYTES];
	size_t calls = tee_stub_random_calls, bytes = tee_stub_random_bytes;

	CHECK(secp_ecdsa_sign_prehashed_recoverable(sig, ecdsa_vecs[1].x, ecdsa_vecs[1].prehash) ==
	      0);
	CHECK(tee_stub_random_calls == calls + 1 && tee_stub_random_bytes == bytes + 32);
	/* The blinding changes nothing in the result. */
	CHECK_HEX(sig, sizeof(sig), ecdsa_vecs[1].sig);
}

/* The library's own (external) default callbacks; our secp256k1_ops.c defines them. */
void secp256k1_default_illegal_callback_fn(const char *str, void *data);
void secp256k1_default_error_callback_fn(const char *str, void *data);

/* An illegal argument or a failed internal check is a TEE_Panic, never a return. */
TEST(library_callbacks_panic)
{
	void (*const callbacks[2])(const char *, void *) = {
		secp256k1_default_illegal_callback_fn,
		secp256k1_default_error_callback_fn,
	};
	jmp_buf env;
	volatile int i, returned;

	for (i = 0; i < 2; i++) {
		returned = 0;
		tee_stub_panic_code = 0;
		if (setjmp(env) == 0) {
			tee_stub_panic_jmp = &env;
			callbacks[i]("test", NULL);
			returned = 1;
		}
		tee_stub_panic_jmp = NULL;
		CHECK(!returned);
		CHECK(tee_stub_panic_code == TEE_ERROR_BAD_STATE);
	}
}

/*
 * What the coordinator's TA will do for a BEEFY commitment, with these
 * primitives alone: for each pair of shares, the Lagrange coefficients at
 * zero (j / (j - i), i / (i - j)), x from the two weighted shares, x G
 * checked against the group key, keccak_256 of the message, the
 * signature, and x wiped. Every pair signs as noble does with x itself.
 */
TEST(ecdsa_combined_shares_sign_as_the_key)
{
	uint8_t id[3][SECP_SCALAR_BYTES], l_i[SECP_SCALAR_BYTES], l_j[SECP_SCALAR_BYTES];
	uint8_t d[SECP_SCALAR_BYTES], x[SECP_SCALAR_BYTES], t[SECP_SCALAR_BYTES];
	uint8_t pk[SECP_POINT_BYTES], h[KECCAK256_BYTES], sig[SECP_ECDSA_RECOVERABLE_BYTES];
	size_t v, i, j;

	for (i = 0; i < 3; i++)
		secp_scalar_from_u64(id[i], i + 1);
	for (v = 0; v < combine_vecs_count; v++) {
		const struct combine_vec *c = &combine_vecs[v];

		keccak256(h, c->msg, c->msg_len);
		CHECK_HEX(h, sizeof(h), c->prehash);
		for (i = 0; i < 3; i++)
			for (j = i + 1; j < 3; j++) {
				/* l_i = id_j / (id_j - id_i), l_j = id_i / (id_i - id_j) = 1 - l_i */
				CHECK(secp_scalar_sub(d, id[j], id[i]) == 0 && secp_scalar_invert(d, d) == 0);
				CHECK(secp_scalar_mul(l_i, id[j], d) == 0);
				CHECK(secp_scalar_negate(d, d) == 0 && secp_scalar_mul(l_j, id[i], d) == 0);
				CHECK(secp_scalar_mul(x, l_i, c->share[i]) == 0);
				CHECK(secp_scalar_mul(t, l_j, c->share[j]) == 0);
				CHECK(secp_scalar_add(x, x, t) == 0);
				CHECK(secp_pubkey_of(pk, x) == 0);
				CHECK_HEX(pk, sizeof(pk), c->pk);
				CHECK(secp_ecdsa_sign_prehashed_recoverable(sig, x, h) == 0);
				CHECK_HEX(sig, sizeof(sig), c->sig);
				secure_wipe(x, sizeof(x));
				secure_wipe(t, sizeof(t));
			}
	}
}
