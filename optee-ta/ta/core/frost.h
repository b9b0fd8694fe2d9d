/* SPDX-License-Identifier: Apache-2.0 */
/*
 * FROST (RFC 9591) over either of the TA's suites (frost_suite.h): the TA's
 * half of @triad/frost (round one's nonces and round two's share). Every
 * value is computed here from the public inputs; the host can supply
 * neither the binding factors, nor R, nor c.
 */
#ifndef TRIAD_FROST_H
#define TRIAD_FROST_H

#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "frost_suite.h"
#include "ristretto.h"

struct frost_commitment {
	uint16_t id;
	uint8_t hiding[RISTRETTO_POINT_BYTES];
	uint8_t binding[RISTRETTO_POINT_BYTES];
};

#define FROST_OK 0
#define FROST_ERR_SET (-1)	/* signing set malformed: order, size, identity */
#define FROST_ERR_NOT_MEMBER (-2) /* own identifier not in the set */
#define FROST_ERR_ARITH (-3)	/* a degenerate value (identity R, zero) */

/* SHA-512(contextString || tag || ...): the prefix of the suite's RFC 9591 hashes. */
void frost_hash_begin(crypto_hash_sha512_state *st, const struct frost_suite *suite,
		      const char *tag);
/* Finishes such a hash and reduces its 64 bytes mod l (hash_to_scalar). */
void frost_hash_end_scalar(crypto_hash_sha512_state *st,
			   uint8_t out[RISTRETTO_SCALAR_BYTES]);

/* RFC 9591 4.1 nonce_generate with given randomness: H3(random || secret). */
void frost_nonce_from_randomness(const struct frost_suite *suite,
				 uint8_t nonce[RISTRETTO_SCALAR_BYTES],
				 const uint8_t random[32],
				 const uint8_t secret[RISTRETTO_SCALAR_BYTES]);

/* nonce_generate with fresh randomness from the TEE. */
void frost_nonce_generate(const struct frost_suite *suite, uint8_t nonce[RISTRETTO_SCALAR_BYTES],
			  const uint8_t secret[RISTRETTO_SCALAR_BYTES]);

/* Identifiers strictly increasing, exactly `threshold` members, every point the suite's. */
int frost_check_signing_set(const struct frost_suite *suite, const struct frost_commitment *set,
			    size_t n,
			    size_t threshold);

/* The most signers a set may have (bounds the arrays below). */
#define FROST_MAX_SIGNERS 8

/* Everything round two derives from the public inputs (RFC 9591 4.4-4.5). */
struct frost_signing_values {
	uint8_t rho[FROST_MAX_SIGNERS][RISTRETTO_SCALAR_BYTES]; /* by set index */
	uint8_t R[RISTRETTO_POINT_BYTES]; /* group commitment */
	uint8_t c[RISTRETTO_SCALAR_BYTES]; /* the suite's challenge */
};

/* Binding factors, group commitment and challenge for a checked set. */
int frost_derive(const struct frost_suite *suite, struct frost_signing_values *v,
		 const uint8_t group_pk[RISTRETTO_POINT_BYTES],
		 const struct frost_commitment *set, size_t n,
		 const uint8_t *msg, size_t msg_len);

/* RFC 9591 4.2: lambda_i over the set's identifiers. */
int frost_lagrange(uint8_t lambda[RISTRETTO_SCALAR_BYTES],
		   const struct frost_commitment *set, size_t n, uint16_t id);

/* What every signer of one signature shares: round two's public inputs. */
struct frost_signing_package {
	const struct frost_suite *suite; /* the key's */
	const uint8_t *msg;
	size_t msg_len;
	const struct frost_commitment *set; /* the signing set, identifiers increasing */
	size_t n;
	const uint8_t *group_pk; /* RISTRETTO_POINT_BYTES */
	size_t threshold;
};

/* One signer's own inputs to round two: its identifier, its share and its nonces. */
struct frost_signer {
	uint16_t id;
	const uint8_t *secret_share;  /* RISTRETTO_SCALAR_BYTES */
	const uint8_t *hiding_nonce;  /* d, RISTRETTO_SCALAR_BYTES */
	const uint8_t *binding_nonce; /* e, RISTRETTO_SCALAR_BYTES */
};

/*
 * Round two: z = d + e·rho + lambda·s·c. The caller has already checked that
 * (d·B, e·B) is its own commitment in the set (the nonce pool does). If R is
 * not NULL it receives the group commitment the share was made for: public
 * (the first half of the final signature), so the coordinator's TA can hand
 * it to its host instead of the host deriving it again.
 */
int frost_sign_share(uint8_t z[RISTRETTO_SCALAR_BYTES], const struct frost_signing_package *pkg,
		     const struct frost_signer *signer, uint8_t R[RISTRETTO_POINT_BYTES]);

#endif /* TRIAD_FROST_H */
