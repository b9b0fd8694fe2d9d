/* SPDX-License-Identifier: Apache-2.0 */
/* The shapes of @triad/frost's secp256k1 known answers (gen-secp256k1-vectors.mjs writes them). */
#ifndef TRIAD_SECP256K1_KAT_H
#define TRIAD_SECP256K1_KAT_H

#include <stdint.h>

#include "frost_kat.h"

struct secp_kat_weighted {
	uint16_t id;
	const char *share;	/* the signer's signing share */
	const char *lambda;	/* its Lagrange coefficient in the pair */
	const char *weighted; /* lambda * share */
};

struct secp_kat_ecdsa {
	const char *name;
	const char *message; /* the commitment's encoding ("" when the vector gives a prehash alone) */
	const char *prehash; /* keccak-256 of message */
	const char *public_key; /* (sum of the weighted shares) * G */
	const char *signature;	/* r || s || recovery id */
	struct secp_kat_weighted signers[2];
};

#endif /* TRIAD_SECP256K1_KAT_H */
