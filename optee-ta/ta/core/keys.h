/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The key commands (layouts in keys.c): the DKG and refresh rounds (the
 * protocol is dkg.c), the public key package, GET_INFO and RETIRE_KEY.
 */
#ifndef TRIAD_KEYS_H
#define TRIAD_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "context.h"

uint32_t cmd_get_info(struct ta_context *ctx, const uint8_t *in, size_t in_len,
		      uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_export_public(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			   uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_dkg_round1(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_refresh_round1(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			    uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_dkg_round2(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			uint8_t *out, size_t out_cap, size_t *out_len);
/* Wipes the key's share and seals it retired (KEY_ID in, nothing out). */
uint32_t cmd_retire_key(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			uint8_t *out, size_t out_cap, size_t *out_len);
/* The new or refreshed key is sealed before its public package leaves. */
uint32_t cmd_dkg_round3(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			uint8_t *out, size_t out_cap, size_t *out_len);

#endif /* TRIAD_KEYS_H */
