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

uint32_t cmd_commit_nonces(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			   uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_sign_prepare(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			  uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_sign_cosign(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			 uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_sign_finish(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			 uint8_t *out, size_t out_cap, size_t *out_len);

/* Ends (and wipes) every preparation waiting on this cosigner's ack (see sign.c for why). */
void sign_drop_pending_with(struct ta_context *ctx, uint16_t peer_id);

#endif /* TRIAD_SIGN_H */
