/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Attestation evidence (ta/attest.c builds it with the attestation PTA):
 * the digests it is made of, kept apart from the GP calls so both sides of
 * the contract (the TA and packages/tee's verifier) are tested on them.
 */
#ifndef TRIAD_ATTEST_H
#define TRIAD_ATTEST_H

#include <stddef.h>
#include <stdint.h>

#include "context.h"

/* BLAKE2b-256(e || n) of the device's attestation key. */
void attest_device_id(uint8_t id[32], const uint8_t *e, size_t e_len, const uint8_t *n, size_t n_len);

/* BLAKE2b-256("triad-evidence-v1" || version || identity_pk || verifier_nonce || device_id). */
void attest_claims_digest(uint8_t digest[32], const uint8_t identity_pk[32],
			  const uint8_t verifier_nonce[32], const uint8_t device_id[32]);

/* The ATTEST command (GP: needs the attestation PTA; in ta/attest.c). */
uint32_t cmd_attest(struct ta_context *ctx, const uint8_t *in, size_t in_len, uint8_t *out,
		    size_t out_cap, size_t *out_len);

#endif /* TRIAD_ATTEST_H */
