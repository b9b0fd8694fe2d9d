/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The ECDSA round trip for `beef` keys (layouts and what it protects in
 * ecdsa_sign.c): ECDSA_PREPARE at the coordinator, ECDSA_COSIGN at the
 * cosigner, ECDSA_FINISH at the coordinator.
 */
#ifndef TRIAD_ECDSA_SIGN_H
#define TRIAD_ECDSA_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "context.h"

uint32_t cmd_ecdsa_prepare(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			   uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_ecdsa_cosign(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			  uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_ecdsa_finish(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			  uint8_t *out, size_t out_cap, size_t *out_len);

#endif /* TRIAD_ECDSA_SIGN_H */
