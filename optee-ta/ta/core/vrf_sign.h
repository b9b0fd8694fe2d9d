/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The threshold VRF's round trip (layouts in vrf_sign.c): coordinator
 * prepare, cosigner cosign, coordinator finish, beside the signatures' own.
 */
#ifndef TRIAD_VRF_SIGN_H
#define TRIAD_VRF_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "context.h"

uint32_t cmd_vrf_prepare(struct ta_context *ctx, const uint8_t *in, size_t in_len, uint8_t *out,
			 size_t out_cap, size_t *out_len);
uint32_t cmd_vrf_cosign(struct ta_context *ctx, const uint8_t *in, size_t in_len, uint8_t *out,
			size_t out_cap, size_t *out_len);
uint32_t cmd_vrf_finish(struct ta_context *ctx, const uint8_t *in, size_t in_len, uint8_t *out,
			size_t out_cap, size_t *out_len);

#endif /* TRIAD_VRF_SIGN_H */
