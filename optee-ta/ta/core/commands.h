/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The TA's commands as plain functions over its state, independent of the GP
 * API so that every rule is unit-tested on every architecture. triad_ta.c
 * binds them to TA_InvokeCommandEntryPoint and gives them sealed storage.
 * Each returns 0 or a TRIAD_ERR_* code and writes at most out_cap bytes.
 */
#ifndef TRIAD_COMMANDS_H
#define TRIAD_COMMANDS_H

#include <stddef.h>
#include <stdint.h>

#include "dkg.h"
#include "nonce_pool.h"
#include "state.h"

/* A signature the coordinator's TA has prepared and will finish on the cosigner's ack. */
struct pending_sign {
	bool live;
	uint8_t digest[32]; /* of the signing request */
	uint64_t counter;   /* our counter as the cosigner must acknowledge it */
	uint16_t cosigner;
	struct nonce_pair nonces;
};

struct ta_context {
	struct ta_state state;
	struct nonce_pool pool;
	struct dkg_session dkg;
	/* TRIAD_LOCK_*: a TA with a cluster starts locked (ta_context_start). */
	uint8_t lock;
	bool challenge_live;
	uint8_t challenge[32];
	struct pending_sign pending[TRIAD_MAX_PENDING];
	size_t next_pending;
	/* Seals the state; must be durable before it returns 0. */
	int (*persist)(const struct ta_state *s);
};

/* Wipes the scratch copies commands make of the state; the entry point calls it after each one. */
void commands_wipe_scratch(void);

/* After the state is loaded: locked if the TA belongs to a cluster, else unlocked. */
void ta_context_start(struct ta_context *ctx);

uint32_t cmd_get_info(struct ta_context *ctx, const uint8_t *in, size_t in_len,
		      uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_commit_nonces(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			   uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_sign_prepare(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			  uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_sign_cosign(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			 uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_sign_finish(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			 uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_counter_challenge(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			       uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_counter_report(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			    uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_counter_unlock(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			    uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_export_public(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			   uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_dkg_round1(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_refresh_round1(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			    uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_dkg_round2(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			uint8_t *out, size_t out_cap, size_t *out_len);
uint32_t cmd_dkg_round3(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			uint8_t *out, size_t out_cap, size_t *out_len);

#endif /* TRIAD_COMMANDS_H */
