/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Round one ahead of time: (d, e) pairs kept in TA RAM only and never sealed,
 * so a rollback of sealed state can never bring a nonce back. A signing
 * request names the commitment it consumes by carrying it in the signing set;
 * taking a pair removes and wipes it, whatever happens next.
 */
#ifndef TRIAD_NONCE_POOL_H
#define TRIAD_NONCE_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frost.h"
#include "triad_ta.h"

struct nonce_pair {
	bool live;
	uint8_t key_type[4];
	uint8_t hiding[RISTRETTO_SCALAR_BYTES];
	uint8_t binding[RISTRETTO_SCALAR_BYTES];
	struct frost_commitment commitment;
};

struct nonce_pool {
	struct nonce_pair pairs[TRIAD_NONCE_POOL_SIZE];
	size_t next; /* where the next pair goes when the pool is full */
};

void nonce_pool_init(struct nonce_pool *pool);

/*
 * A fresh pair for `key_type` bound to a share; returns its commitment. When
 * the pool is full the oldest slot is overwritten (and wiped): an unused
 * commitment the host never spent is simply forgotten.
 */
int nonce_pool_add(struct nonce_pool *pool, const uint8_t key_type[4], uint16_t id,
		   const uint8_t secret_share[RISTRETTO_SCALAR_BYTES],
		   struct frost_commitment *out);

/* Removes the pair matching `c` for `key_type` into *out; false if none. */
bool nonce_pool_take(struct nonce_pool *pool, const uint8_t key_type[4],
		     const struct frost_commitment *c, struct nonce_pair *out);

/* Wipes every pair (a key changed, or the TA shuts down). */
void nonce_pool_clear(struct nonce_pool *pool);

#endif /* TRIAD_NONCE_POOL_H */
