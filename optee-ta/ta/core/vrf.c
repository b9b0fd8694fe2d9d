// SPDX-License-Identifier: Apache-2.0
/*
 * Byte for byte what @triad/frost's vrf-threshold.ts computes (tests/core
 * test_vrf.c checks every intermediate value against its vectors).
 */
#include <string.h>

#include <sodium.h>

#include "merlin.h"
#include "ristretto.h"
#include "vrf.h"
#include "vrf_transcript.h"

#define APPEND(t, label, msg) merlin_append_message(t, label, sizeof(label) - 1, msg, 32)

int vrf_pre_output_share(uint8_t O_i[32], const uint8_t H[32], const uint8_t share[32])
{
	return crypto_scalarmult_ristretto255(O_i, share, H) ? VRF_ERR_ARITH : VRF_OK;
}

int vrf_commit_on_h(struct vrf_commitment *mine, const uint8_t H[32], const uint8_t d[32],
		    const uint8_t e[32])
{
	if (crypto_scalarmult_ristretto255(mine->hiding_h, d, H) ||
	    crypto_scalarmult_ristretto255(mine->binding_h, e, H))
		return VRF_ERR_ARITH;
	return VRF_OK;
}

/* lambda_i over the set's identifiers (frost_lagrange reads only ids). */
static int lagrange(uint8_t lambda[32], const struct vrf_commitment *set, size_t n, uint16_t id)
{
	struct frost_commitment ids[FROST_MAX_SIGNERS];
	size_t i;

	if (n == 0 || n > FROST_MAX_SIGNERS)
		return VRF_ERR_SET;
	memset(ids, 0, sizeof(ids));
	for (i = 0; i < n; i++)
		ids[i].id = set[i].id;
	return frost_lagrange(lambda, ids, n, id) ? VRF_ERR_SET : VRF_OK;
}

int vrf_combine_pre_output(uint8_t O[32], const struct vrf_commitment *set, size_t n)
{
	uint8_t lambda[32], term[32];
	size_t i;

	for (i = 0; i < n; i++) {
		if (!point_is_valid_non_identity(set[i].pre_output) ||
		    lagrange(lambda, set, n, set[i].id) ||
		    crypto_scalarmult_ristretto255(term, lambda, set[i].pre_output))
			return VRF_ERR_SET;
		if (i == 0)
			memcpy(O, term, 32);
		else if (crypto_core_ristretto255_add(O, O, term))
			return VRF_ERR_ARITH;
	}
	return n && point_is_valid_non_identity(O) ? VRF_OK : VRF_ERR_ARITH;
}

static bool set_is_valid(const struct vrf_commitment *set, size_t n)
{
	size_t i;

	if (n == 0 || n > FROST_MAX_SIGNERS)
		return false;
	for (i = 0; i < n; i++) {
		if (set[i].id == 0 || (i > 0 && set[i].id <= set[i - 1].id))
			return false;
		if (!point_is_valid_non_identity(set[i].hiding) ||
		    !point_is_valid_non_identity(set[i].binding) ||
		    !point_is_valid_non_identity(set[i].hiding_h) ||
		    !point_is_valid_non_identity(set[i].binding_h) ||
		    !point_is_valid_non_identity(set[i].pre_output))
			return false;
	}
	return true;
}

/* c = challenge_scalar("prove") after DLEQProof, vrf:h, vrf:R=g^r, vrf:h^r, vrf:pk, vrf:h^sk. */
static void dleq_challenge(uint8_t c[32], const struct vrf_fields *f, const uint8_t H[32],
			   const uint8_t R[32], const uint8_t Hr[32], const uint8_t pk[32],
			   const uint8_t O[32])
{
	struct merlin_transcript t;
	uint8_t wide[64];

	vrf_extra_transcript(&t, f);
	merlin_append_message(&t, "proto-name", 10, "DLEQProof", 9);
	APPEND(&t, "vrf:h", H);
	APPEND(&t, "vrf:R=g^r", R);
	APPEND(&t, "vrf:h^r", Hr);
	APPEND(&t, "vrf:pk", pk);
	APPEND(&t, "vrf:h^sk", O);
	merlin_challenge_bytes(&t, "prove", 5, wide, sizeof(wide));
	crypto_core_ristretto255_scalar_reduce(c, wide);
	merlin_transcript_wipe(&t);
}

/* The binding factors' common prefix: P || H4(msg) || H5(list), as frost.c does for signatures. */
static void binding_prefix(crypto_hash_sha512_state *prefix, const uint8_t group_pk[32],
			   const uint8_t H[32], const uint8_t O[32],
			   const struct vrf_commitment *set, size_t n, const struct vrf_fields *f)
{
	static const char label[] = "triad-vrf-v1";
	crypto_hash_sha512_state st;
	uint8_t digest[crypto_hash_sha512_BYTES], extra[32], id[32];
	size_t i;

	frost_hash_begin(prefix, &frost_sr25519, "rho");
	crypto_hash_sha512_update(prefix, group_pk, 32);
	vrf_extra_digest(extra, f);
	frost_hash_begin(&st, &frost_sr25519, "msg");
	crypto_hash_sha512_update(&st, (const uint8_t *)label, sizeof(label) - 1);
	crypto_hash_sha512_update(&st, H, 32);
	crypto_hash_sha512_update(&st, O, 32);
	crypto_hash_sha512_update(&st, extra, 32);
	crypto_hash_sha512_final(&st, digest);
	crypto_hash_sha512_update(prefix, digest, sizeof(digest));
	frost_hash_begin(&st, &frost_sr25519, "com");
	for (i = 0; i < n; i++) {
		scalar_from_u64(id, set[i].id);
		crypto_hash_sha512_update(&st, id, 32);
		crypto_hash_sha512_update(&st, set[i].hiding, 32);
		crypto_hash_sha512_update(&st, set[i].binding, 32);
		crypto_hash_sha512_update(&st, set[i].hiding_h, 32);
		crypto_hash_sha512_update(&st, set[i].binding_h, 32);
		crypto_hash_sha512_update(&st, set[i].pre_output, 32);
	}
	crypto_hash_sha512_final(&st, digest);
	crypto_hash_sha512_update(prefix, digest, sizeof(digest));
}

/* acc += D + rho*E (acc unset when first). */
static int add_commitment(uint8_t acc[32], bool first, const uint8_t D[32], const uint8_t rho[32],
			  const uint8_t E[32])
{
	uint8_t term[32];

	if (crypto_scalarmult_ristretto255(term, rho, E) || crypto_core_ristretto255_add(term, term, D))
		return VRF_ERR_ARITH;
	if (first)
		memcpy(acc, term, 32);
	else if (crypto_core_ristretto255_add(acc, acc, term))
		return VRF_ERR_ARITH;
	return VRF_OK;
}

int vrf_derive(struct vrf_values *v, const uint8_t group_pk[32], const uint8_t H[32],
	       const struct vrf_commitment *set, size_t n, const struct vrf_fields *f)
{
	crypto_hash_sha512_state prefix, st;
	uint8_t id[32];
	size_t i;

	if (!set_is_valid(set, n))
		return VRF_ERR_SET;
	memcpy(v->H, H, 32);
	if (vrf_combine_pre_output(v->O, set, n))
		return VRF_ERR_ARITH;
	binding_prefix(&prefix, group_pk, H, v->O, set, n, f);
	for (i = 0; i < n; i++) {
		st = prefix;
		scalar_from_u64(id, set[i].id);
		crypto_hash_sha512_update(&st, id, sizeof(id));
		frost_hash_end_scalar(&st, v->rho[i]);
		if (add_commitment(v->R, i == 0, set[i].hiding, v->rho[i], set[i].binding) ||
		    add_commitment(v->Hr, i == 0, set[i].hiding_h, v->rho[i], set[i].binding_h))
			return VRF_ERR_ARITH;
	}
	if (!point_is_valid_non_identity(v->R) || !point_is_valid_non_identity(v->Hr))
		return VRF_ERR_ARITH;
	dleq_challenge(v->c, f, H, v->R, v->Hr, group_pk, v->O);
	return VRF_OK;
}

int vrf_sign_share(uint8_t z[32], const struct vrf_values *v, const struct vrf_commitment *set,
		   size_t n, size_t index, const uint8_t share[32], const uint8_t d[32],
		   const uint8_t e[32])
{
	uint8_t lambda[32], t[32];

	if (index >= n || lagrange(lambda, set, n, set[index].id))
		return VRF_ERR_SET;
	/* z = d + rho*e - (c*lambda)*x */
	crypto_core_ristretto255_scalar_mul(t, e, v->rho[index]);
	crypto_core_ristretto255_scalar_add(z, d, t);
	crypto_core_ristretto255_scalar_mul(t, v->c, lambda);
	crypto_core_ristretto255_scalar_mul(t, t, share);
	crypto_core_ristretto255_scalar_sub(z, z, t);
	sodium_memzero(t, sizeof(t));
	return VRF_OK;
}

/* 1 when z*B + k*X == D + rho*E (B the base point when `base` is NULL). */
static int check_on(const uint8_t *base, const uint8_t z[32], const uint8_t k[32],
		    const uint8_t X[32], const uint8_t D[32], const uint8_t rho[32],
		    const uint8_t E[32])
{
	uint8_t lhs[32], term[32], rhs[32];
	int mult = base ? crypto_scalarmult_ristretto255(lhs, z, base)
			: crypto_scalarmult_ristretto255_base(lhs, z);

	if (mult || crypto_scalarmult_ristretto255(term, k, X) ||
	    crypto_core_ristretto255_add(lhs, lhs, term) ||
	    add_commitment(rhs, true, D, rho, E))
		return 0;
	return sodium_memcmp(lhs, rhs, 32) == 0;
}

int vrf_share_is_valid(const struct vrf_values *v, const struct vrf_commitment *set, size_t n,
		       size_t index, const uint8_t Y[32], const uint8_t z[32])
{
	uint8_t lambda[32], k[32];

	if (index >= n || !scalar_is_canonical(z) || lagrange(lambda, set, n, set[index].id))
		return 0;
	crypto_core_ristretto255_scalar_mul(k, v->c, lambda);
	return check_on(NULL, z, k, Y, set[index].hiding, v->rho[index], set[index].binding) &&
	       check_on(v->H, z, k, set[index].pre_output, set[index].hiding_h, v->rho[index],
			set[index].binding_h);
}

int vrf_verify(const uint8_t group_pk[32], const uint8_t H[32], const uint8_t O[32],
	       const uint8_t c[32], const uint8_t s[32], const struct vrf_fields *f)
{
	uint8_t R[32], Hr[32], term[32], again[32];

	if (!scalar_is_canonical(c) || !scalar_is_canonical(s) ||
	    crypto_scalarmult_ristretto255(R, c, group_pk) ||
	    crypto_scalarmult_ristretto255_base(term, s) || crypto_core_ristretto255_add(R, R, term) ||
	    crypto_scalarmult_ristretto255(Hr, c, O) || crypto_scalarmult_ristretto255(term, s, H) ||
	    crypto_core_ristretto255_add(Hr, Hr, term))
		return 0;
	dleq_challenge(again, f, H, R, Hr, group_pk, O);
	return sodium_memcmp(again, c, 32) == 0;
}
