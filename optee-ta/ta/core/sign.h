/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The signing steps (layouts in sign.c): pooled commitments, then coordinator
 * prepare, cosigner cosign, coordinator finish (DESIGN.md 5).
 */
#ifndef TRIAD_SIGN_H
#define TRIAD_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "context.h"
#include "sign_request.h"

uint32_t cmd_commit_nonces(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			   uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_sign_prepare(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			  uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_sign_cosign(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			 uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_sign_finish(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			 uint8_t *out, size_t out_cap, size_t *out_len);

/*
 * The steps both signing families share (FROST's above, ECDSA's in
 * ecdsa_sign.c), written once so that each family checks, marks and seals
 * the same way before anything leaves. `with_nonces`: FROST's (our pooled
 * nonces are taken and burnt); without: the signers are named by identifier.
 */
uint32_t sign_prepare_step(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			   uint8_t *out, size_t out_cap, size_t *out_len, bool with_nonces);

/* What a cosigner sends beside its ack, once everything is checked and sealed. */
typedef uint32_t (*cosign_part_fn)(struct writer *w, struct ta_context *ctx,
				   const struct key_record *key, const struct nonce_pair *nonces,
				   const struct sign_request *q, const struct rule_claim *claim,
				   uint16_t coordinator);

uint32_t sign_cosign_step(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			  uint8_t *out, size_t out_cap, size_t *out_len, bool with_nonces,
			  uint8_t result_tag, cosign_part_fn part);

/*
 * Finish's checks: the live preparation of this request (*pending; NULL when
 * there is none, or when the ack does not authenticate: then it is not
 * consumed), the ack of our counter by that cosigner, the key and our claim
 * of the payload, the cosigner's counter sealed as seen. The caller wipes
 * *pending when it is not NULL, whatever rc says: one finish per preparation.
 */
uint32_t sign_finish_begin(struct ta_context *ctx, const struct relayed_request *m,
			   struct pending_sign **pending, struct key_record **key,
			   struct rule_claim *claim);

/* Ends (and wipes) every preparation waiting on this cosigner's ack (see sign.c for why). */
void sign_drop_pending_with(struct ta_context *ctx, uint16_t peer_id);

#endif /* TRIAD_SIGN_H */
