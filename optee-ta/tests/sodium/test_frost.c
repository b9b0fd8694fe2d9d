// SPDX-License-Identifier: Apache-2.0
/*
 * libsodium's ristretto255, scalar and SHA-512 functions against the
 * vectors the TypeScript implementation is tested with (sodium_vectors.h,
 * generated from JSON by gen_vectors.py): every (secret, public) pair as
 * scalar * B, and the FROST arithmetic of RFC 9591 E.2 and of Triad's own
 * signing vectors recomputed from their inputs. This does not test a FROST
 * implementation (there is none in C yet); it shows that the primitives the
 * TA will build it from give the TypeScript side's numbers on every arch.
 */
#include <string.h>

#include <sodium.h>

#include "sodium_tests.h"
#include "sodium_vectors.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* RFC 9591 6.2: every H of FROST(ristretto255, SHA-512) is domain-separated
 * with this context string and reduced from 64 bytes. */
static const char context_string[] = "FROST-RISTRETTO255-SHA512-v1";

static void get32(uint8_t out[32], const char *hex)
{
	CHECK(unhex(out, 32, hex) == 0);
}

static void scalar_u32(uint8_t s[32], uint32_t v)
{
	memset(s, 0, 32);
	s[0] = (uint8_t)v;
	s[1] = (uint8_t)(v >> 8);
	s[2] = (uint8_t)(v >> 16);
	s[3] = (uint8_t)(v >> 24);
}

/* H(tag, a || b || c) = SHA-512(context_string || tag || a || b || c) mod l */
static void frost_h(uint8_t out[32], const char *tag,
		    const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
		    const uint8_t *c, size_t clen)
{
	crypto_hash_sha512_state st;
	uint8_t digest[64];

	crypto_hash_sha512_init(&st);
	crypto_hash_sha512_update(&st, (const uint8_t *)context_string,
				  strlen(context_string));
	crypto_hash_sha512_update(&st, (const uint8_t *)tag, strlen(tag));
	crypto_hash_sha512_update(&st, a, alen);
	crypto_hash_sha512_update(&st, b, blen);
	crypto_hash_sha512_update(&st, c, clen);
	crypto_hash_sha512_final(&st, digest);
	crypto_core_ristretto255_scalar_reduce(out, digest);
}

/* lambda_i = prod_{j != i} j / (j - i), over the signer set `ids`. */
static void lagrange(uint8_t out[32], uint32_t id, const uint32_t *ids, size_t n)
{
	uint8_t num[32], den[32], x[32], xi[32], t[32];
	size_t j;

	scalar_u32(num, 1);
	scalar_u32(den, 1);
	scalar_u32(xi, id);
	for (j = 0; j < n; j++) {
		if (ids[j] == id)
			continue;
		scalar_u32(x, ids[j]);
		crypto_core_ristretto255_scalar_mul(num, num, x);
		crypto_core_ristretto255_scalar_sub(t, x, xi);
		crypto_core_ristretto255_scalar_mul(den, den, t);
	}
	CHECK(crypto_core_ristretto255_scalar_invert(t, den) == 0);
	crypto_core_ristretto255_scalar_mul(out, num, t);
}

/* D + rho * E: one signer's share of the group commitment. */
static void commitment_share(uint8_t out[32], const uint8_t d[32],
			     const uint8_t e[32], const uint8_t rho[32])
{
	uint8_t t[32];

	CHECK(crypto_scalarmult_ristretto255(t, rho, e) == 0);
	CHECK(crypto_core_ristretto255_add(out, d, t) == 0);
}

/* z = d + e * rho + lambda * s * c */
static void signature_share(uint8_t z[32], const uint8_t d[32], const uint8_t e[32],
			    const uint8_t rho[32], const uint8_t lambda[32],
			    const uint8_t s[32], const uint8_t c[32])
{
	uint8_t t[32];

	crypto_core_ristretto255_scalar_mul(t, e, rho);
	crypto_core_ristretto255_scalar_add(z, d, t);
	crypto_core_ristretto255_scalar_mul(t, lambda, s);
	crypto_core_ristretto255_scalar_mul(t, t, c);
	crypto_core_ristretto255_scalar_add(z, z, t);
}

/* z * B == R + c * PK */
static int schnorr_holds(const uint8_t z[32], const uint8_t R[32],
			 const uint8_t c[32], const uint8_t pk[32])
{
	uint8_t lhs[32], rhs[32], t[32];

	if (crypto_scalarmult_ristretto255_base(lhs, z) != 0 ||
	    crypto_scalarmult_ristretto255(t, c, pk) != 0 ||
	    crypto_core_ristretto255_add(rhs, R, t) != 0)
		return 0;
	return memcmp(lhs, rhs, 32) == 0;
}

TEST(ristretto_vectors_scalarmult_base)
{
	uint8_t s[32], p[32];
	size_t i;

	CHECK(COUNT(base_vectors) >= 20);
	for (i = 0; i < COUNT(base_vectors); i++) {
		get32(s, base_vectors[i].scalar);
		CHECK(crypto_scalarmult_ristretto255_base(p, s) == 0);
		CHECK_HEX(p, 32, base_vectors[i].point);
	}
}

/* The variable-base path (a different ladder) with P = B. */
TEST(ristretto_vectors_scalarmult)
{
	uint8_t s[32], p[32], b[32], one[32];
	size_t i;

	scalar_u32(one, 1);
	CHECK(crypto_scalarmult_ristretto255_base(b, one) == 0);
	for (i = 0; i < COUNT(base_vectors); i++) {
		get32(s, base_vectors[i].scalar);
		CHECK(crypto_scalarmult_ristretto255(p, s, b) == 0);
		CHECK_HEX(p, 32, base_vectors[i].point);
	}
}

/* Shares f(i) = s + a1 * i, and s back by Lagrange interpolation. */
TEST(frost_rfc9591_shares_and_lagrange)
{
	uint8_t s[32], a1[32], x[32], f[32], lambda[32], t[32], acc[32] = { 0 };
	uint32_t ids[COUNT(rfc_signers)];
	size_t i;

	get32(s, rfc_group_secret_key);
	get32(a1, rfc_coefficient1);
	for (i = 0; i < COUNT(rfc_shares); i++) {
		scalar_u32(x, rfc_shares[i].id);
		crypto_core_ristretto255_scalar_mul(f, a1, x);
		crypto_core_ristretto255_scalar_add(f, f, s);
		CHECK_HEX(f, 32, rfc_shares[i].share);
	}
	for (i = 0; i < COUNT(rfc_signers); i++)
		ids[i] = rfc_signers[i].id;
	for (i = 0; i < COUNT(rfc_signers); i++) {
		lagrange(lambda, ids[i], ids, COUNT(ids));
		get32(f, rfc_signers[i].share);
		crypto_core_ristretto255_scalar_mul(t, lambda, f);
		crypto_core_ristretto255_scalar_add(acc, acc, t);
	}
	CHECK(memcmp(acc, s, 32) == 0);
}

/* nonce = H3(random_bytes || SerializeScalar(secret)) */
TEST(frost_rfc9591_nonces_h3)
{
	uint8_t share[32], rnd[32], nonce[32];
	size_t i;

	for (i = 0; i < COUNT(rfc_signers); i++) {
		get32(share, rfc_signers[i].share);
		get32(rnd, rfc_signers[i].hiding_randomness);
		frost_h(nonce, "nonce", rnd, 32, share, 32, NULL, 0);
		CHECK_HEX(nonce, 32, rfc_signers[i].hiding_nonce);
		get32(rnd, rfc_signers[i].binding_randomness);
		frost_h(nonce, "nonce", rnd, 32, share, 32, NULL, 0);
		CHECK_HEX(nonce, 32, rfc_signers[i].binding_nonce);
	}
}

/* rho_i = H1(binding_factor_input) */
TEST(frost_rfc9591_binding_factors_h1)
{
	uint8_t input[256], rho[32];
	size_t i, len;

	for (i = 0; i < COUNT(rfc_signers); i++) {
		len = strlen(rfc_signers[i].binding_factor_input) / 2;
		CHECK(len <= sizeof(input));
		if (len > sizeof(input))
			continue;
		CHECK(unhex(input, len, rfc_signers[i].binding_factor_input) == 0);
		frost_h(rho, "rho", input, len, NULL, 0, NULL, 0);
		CHECK_HEX(rho, 32, rfc_signers[i].binding_factor);
	}
}

/* The RFC's standard challenge c = H2(R || PK || msg), shares, aggregate. */
TEST(frost_rfc9591_signature)
{
	uint8_t pk[32], R[32] = { 0 }, c[32], z[32] = { 0 }, zi[32], msg[64];
	uint8_t d[32], e[32], D[32], E[32], rho[32], lambda[32], s[32], t[32];
	uint8_t sig[64];
	uint32_t ids[COUNT(rfc_signers)];
	size_t i, msglen = strlen(rfc_message) / 2;

	get32(pk, rfc_group_public_key);
	CHECK(unhex(sig, 64, rfc_signature) == 0);
	CHECK(msglen <= sizeof(msg) && unhex(msg, msglen, rfc_message) == 0);
	for (i = 0; i < COUNT(rfc_signers); i++)
		ids[i] = rfc_signers[i].id;

	/* R = sum(D_i + rho_i * E_i); the sum starts from the identity. */
	for (i = 0; i < COUNT(rfc_signers); i++) {
		get32(D, rfc_signers[i].hiding_commitment);
		get32(E, rfc_signers[i].binding_commitment);
		get32(rho, rfc_signers[i].binding_factor);
		commitment_share(t, D, E, rho);
		CHECK(crypto_core_ristretto255_add(R, R, t) == 0);
	}
	CHECK(memcmp(R, sig, 32) == 0);

	frost_h(c, "chal", R, 32, pk, 32, msg, msglen);
	for (i = 0; i < COUNT(rfc_signers); i++) {
		get32(d, rfc_signers[i].hiding_nonce);
		get32(e, rfc_signers[i].binding_nonce);
		get32(rho, rfc_signers[i].binding_factor);
		get32(s, rfc_signers[i].share);
		lagrange(lambda, ids[i], ids, COUNT(ids));
		signature_share(zi, d, e, rho, lambda, s, c);
		CHECK_HEX(zi, 32, rfc_signers[i].sig_share);
		crypto_core_ristretto255_scalar_add(z, z, zi);
	}
	CHECK(memcmp(z, sig + 32, 32) == 0);
	CHECK(schnorr_holds(z, R, c, pk));
}

/*
 * Triad's vectors: the challenge is schnorrkel's (given), the rest is RFC
 * 9591. Each share also passes the TA's share check (DESIGN.md 3):
 * z_i * B == D_i + rho_i * E_i + (c * lambda_i) * Y_i.
 */
TEST(frost_triad_signature_shares)
{
	size_t k, i;

	CHECK(COUNT(triad_signings) >= 1);
	for (k = 0; k < COUNT(triad_signings); k++) {
		const struct triad_signing *v = &triad_signings[k];
		uint32_t ids[3];
		uint8_t c[32], d[32], e[32], D[32], E[32], rho[32], lambda[32];
		uint8_t s[32], Y[32], zi[32], lhs[32], rhs[32], t[32];

		get32(c, v->challenge);
		for (i = 0; i < v->count; i++)
			ids[i] = v->signers[i].id;
		for (i = 0; i < v->count; i++) {
			const struct triad_signer *p = &v->signers[i];

			get32(d, p->hiding_nonce);
			get32(e, p->binding_nonce);
			get32(D, p->hiding_commitment);
			get32(E, p->binding_commitment);
			get32(rho, p->binding_factor);
			get32(s, p->signing_share);
			get32(Y, p->verifying_share);
			lagrange(lambda, p->id, ids, v->count);
			CHECK_HEX(lambda, 32, p->lagrange);
			signature_share(zi, d, e, rho, lambda, s, c);
			CHECK_HEX(zi, 32, p->sig_share);

			CHECK(crypto_scalarmult_ristretto255_base(lhs, zi) == 0);
			commitment_share(rhs, D, E, rho);
			crypto_core_ristretto255_scalar_mul(t, c, lambda);
			CHECK(crypto_scalarmult_ristretto255(t, t, Y) == 0);
			CHECK(crypto_core_ristretto255_add(rhs, rhs, t) == 0);
			CHECK(memcmp(lhs, rhs, 32) == 0);
		}
	}
}

/* R = sum(D_i + rho_i * E_i), sig = R || (sum z_i | marker), z*B = R + c*PK. */
TEST(frost_triad_group_commitment_and_verify)
{
	size_t k, i;

	for (k = 0; k < COUNT(triad_signings); k++) {
		const struct triad_signing *v = &triad_signings[k];
		uint8_t R[32] = { 0 }, z[32] = { 0 }, c[32], pk[32], sig[64];
		uint8_t D[32], E[32], rho[32], zi[32], t[32];

		for (i = 0; i < v->count; i++) {
			get32(D, v->signers[i].hiding_commitment);
			get32(E, v->signers[i].binding_commitment);
			get32(rho, v->signers[i].binding_factor);
			commitment_share(t, D, E, rho);
			CHECK(crypto_core_ristretto255_add(R, R, t) == 0);
			get32(zi, v->signers[i].sig_share);
			crypto_core_ristretto255_scalar_add(z, z, zi);
		}
		CHECK_HEX(R, 32, v->group_commitment);
		CHECK(unhex(sig, 64, v->signature) == 0);
		CHECK(memcmp(sig, R, 32) == 0);
		CHECK((sig[63] & 0x80) != 0); /* schnorrkel's marker bit */
		sig[63] &= 0x7f;
		CHECK(memcmp(sig + 32, z, 32) == 0);
		get32(c, v->challenge);
		get32(pk, v->group_public_key);
		CHECK(schnorr_holds(z, R, c, pk));
	}
}
