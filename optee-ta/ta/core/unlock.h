/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unlocking after a start (DESIGN.md 7; layouts in unlock.c): the TA
 * challenges every peer, each peer reports the highest counter of ours it
 * has acknowledged, and the TA unlocks only if its sealed counter is not
 * lower than any report.
 */
#ifndef TRIAD_UNLOCK_H
#define TRIAD_UNLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "context.h"

uint32_t cmd_counter_challenge(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			       uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_counter_report(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			    uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_counter_unlock(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			    uint8_t *out, size_t out_cap, size_t *out_len);

#endif /* TRIAD_UNLOCK_H */
