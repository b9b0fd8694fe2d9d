// SPDX-License-Identifier: Apache-2.0
/*
 * Round one's nonce derivation and round two's share, byte for byte what
 * @triad/frost computes (tests/core checks both against its vectors).
 */
#include <string.h>

#include <sodium.h>

#include "frost.h"

void frost_hash_begin(crypto_hash_sha512_state *st, const struct frost_suite *suite,
		      const char *tag)
{
	crypto_hash_sha512_init(st);
	crypto_hash_sha512_update(st, (const uint8_t *)suite->context, strlen(suite->context));
	crypto_hash_sha512_update(st, (const uint8_t *)tag, strlen(tag));
}

void frost_hash_end_scalar(crypto_hash_sha512_state *st,
			   uint8_t out[RISTRETTO_SCALAR_BYTES])
{
	uint8_t wide[crypto_hash_sha512_BYTES];

	crypto_hash_sha512_final(st, wide);
	crypto_core_ristretto255_scalar_reduce(out, wide);
	sodium_memzero(wide, sizeof(wide));
}

void frost_nonce_from_randomness(const struct frost_suite *suite,
				 uint8_t nonce[RISTRETTO_SCALAR_BYTES],
				 const uint8_t random[32],
				 const uint8_t secret[RISTRETTO_SCALAR_BYTES])
{
	crypto_hash_sha512_state st;

	frost_hash_begin(&st, suite, "nonce");
	crypto_hash_sha512_update(&st, random, 32);
	crypto_hash_sha512_update(&st, secret, RISTRETTO_SCALAR_BYTES);
	frost_hash_end_scalar(&st, nonce);
	sodium_memzero(&st, sizeof(st));
}

void frost_nonce_generate(const struct frost_suite *suite, uint8_t nonce[RISTRETTO_SCALAR_BYTES],
			  const uint8_t secret[RISTRETTO_SCALAR_BYTES])
{
	uint8_t random[32];

	randombytes_buf(random, sizeof(random));
	frost_nonce_from_randomness(suite, nonce, random, secret);
	sodium_memzero(random, sizeof(random));
}

int frost_check_signing_set(const struct frost_suite *suite, const struct frost_commitment *set,
			    size_t n,
			    size_t threshold)
{
	size_t i;

	if (n != threshold || n == 0)
		return FROST_ERR_SET;
	for (i = 0; i < n; i++) {
		if (set[i].id == 0 || (i > 0 && set[i].id <= set[i - 1].id))
			return FROST_ERR_SET;
		if (!suite->point_ok(set[i].hiding) || !suite->point_ok(set[i].binding))
			return FROST_ERR_SET;
	}
	return FROST_OK;
}

/* H5 input, RFC 9591 4.3: id scalar || D || E for each member, in order. */
static void hash_commitment_list(crypto_hash_sha512_state *st,
				 const struct frost_commitment *set, size_t n)
{
	uint8_t id[RISTRETTO_SCALAR_BYTES];
	size_t i;

	for (i = 0; i < n; i++) {
		scalar_from_u64(id, set[i].id);
		crypto_hash_sha512_update(st, id, sizeof(id));
		crypto_hash_sha512_update(st, set[i].hiding, RISTRETTO_POINT_BYTES);
		crypto_hash_sha512_update(st, set[i].binding, RISTRETTO_POINT_BYTES);
	}
}

int frost_derive(const struct frost_suite *suite, struct frost_signing_values *v,
		 const uint8_t group_pk[RISTRETTO_POINT_BYTES],
		 const struct frost_commitment *set, size_t n,
		 const uint8_t *msg, size_t msg_len)
{
	crypto_hash_sha512_state st, prefix;
	uint8_t digest[crypto_hash_sha512_BYTES];
	uint8_t id[RISTRETTO_SCALAR_BYTES];
	uint8_t term[RISTRETTO_POINT_BYTES];
	size_t i;

	if (n == 0 || n > FROST_MAX_SIGNERS)
		return FROST_ERR_SET;

	/* rho_i = H1(PK || H4(msg) || H5(list) || id_i): the prefix is shared */
	frost_hash_begin(&prefix, suite, "rho");
	crypto_hash_sha512_update(&prefix, group_pk, RISTRETTO_POINT_BYTES);
	frost_hash_begin(&st, suite, "msg");
	crypto_hash_sha512_update(&st, msg, msg_len);
	crypto_hash_sha512_final(&st, digest);
	crypto_hash_sha512_update(&prefix, digest, sizeof(digest));
	frost_hash_begin(&st, suite, "com");
	hash_commitment_list(&st, set, n);
	crypto_hash_sha512_final(&st, digest);
	crypto_hash_sha512_update(&prefix, digest, sizeof(digest));

	/* R = sum D_i + rho_i·E_i */
	memcpy(v->R, set[0].hiding, RISTRETTO_POINT_BYTES);
	for (i = 0; i < n; i++) {
		st = prefix;
		scalar_from_u64(id, set[i].id);
		crypto_hash_sha512_update(&st, id, sizeof(id));
		frost_hash_end_scalar(&st, v->rho[i]);
		if (i > 0 && suite->add(v->R, v->R, set[i].hiding))
			return FROST_ERR_ARITH;
		/* fails only for a zero rho or an identity product: negligible */
		if (suite->mul(term, v->rho[i], set[i].binding) || suite->add(v->R, v->R, term))
			return FROST_ERR_ARITH;
	}
	if (!suite->point_ok(v->R))
		return FROST_ERR_ARITH;
	suite->challenge(v->c, v->R, group_pk, msg, msg_len);
	return FROST_OK;
}

int frost_lagrange(uint8_t lambda[RISTRETTO_SCALAR_BYTES],
		   const struct frost_commitment *set, size_t n, uint16_t id)
{
	uint16_t ids[FROST_MAX_SIGNERS];
	int member = 0;
	size_t j;

	if (n > FROST_MAX_SIGNERS)
		return FROST_ERR_SET;
	for (j = 0; j < n; j++) {
		ids[j] = set[j].id;
		member |= set[j].id == id;
	}
	if (!member)
		return FROST_ERR_NOT_MEMBER;
	/* both signing suites share the field mod l */
	return frost_suite_lagrange(&frost_sr25519, lambda, ids, n, id) ? FROST_ERR_ARITH
									 : FROST_OK;
}

int frost_sign_share(uint8_t z[RISTRETTO_SCALAR_BYTES], const struct frost_signing_package *pkg,
		     const struct frost_signer *signer, uint8_t R[RISTRETTO_POINT_BYTES])
{
	const struct frost_commitment *set = pkg->set;
	struct frost_signing_values v;
	uint8_t lambda[RISTRETTO_SCALAR_BYTES], t[RISTRETTO_SCALAR_BYTES];
	size_t index, n = pkg->n;
	int rc;

	rc = frost_check_signing_set(pkg->suite, set, n, pkg->threshold);
	if (rc)
		return rc;
	for (index = 0; index < n && set[index].id != signer->id; index++)
		;
	if (index == n)
		return FROST_ERR_NOT_MEMBER;
	rc = frost_derive(pkg->suite, &v, pkg->group_pk, set, n, pkg->msg, pkg->msg_len);
	if (!rc)
		rc = frost_lagrange(lambda, set, n, signer->id);
	if (rc)
		return rc;

	/* z = d + e·rho + (lambda·c)·s */
	crypto_core_ristretto255_scalar_mul(t, signer->binding_nonce, v.rho[index]);
	crypto_core_ristretto255_scalar_add(z, signer->hiding_nonce, t);
	crypto_core_ristretto255_scalar_mul(t, lambda, v.c);
	crypto_core_ristretto255_scalar_mul(t, t, signer->secret_share);
	crypto_core_ristretto255_scalar_add(z, z, t);
	sodium_memzero(t, sizeof(t));
	if (R)
		memcpy(R, v.R, RISTRETTO_POINT_BYTES);
	return FROST_OK;
}
