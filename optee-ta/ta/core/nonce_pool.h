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
	/* the key it was made for: a pair signs only with that key */
	uint8_t key_type[4];
	uint8_t group_pk[FROST_POINT_MAX];
	uint8_t hiding[RISTRETTO_SCALAR_BYTES];
	uint8_t binding[RISTRETTO_SCALAR_BYTES];
	struct frost_commitment commitment;
	uint64_t made; /* when, in pairs made: the oldest is forgotten first */
};

struct nonce_pool {
	struct nonce_pair pairs[TRIAD_NONCE_POOL_SIZE];
	uint64_t made; /* pairs made so far */
};

void nonce_pool_init(struct nonce_pool *pool);

/*
 * A fresh pair for the key (key_type, group_pk) bound to its share; returns
 * its commitment, in the key's group (`suite`: the pair signs only with that
 * key, so its commitment is never read in another group). When the pool is
 * full the oldest pair is overwritten (and wiped): an unused commitment the
 * host never spent is simply forgotten, and the pairs fetched last, about to
 * be spent, are the last to go.
 */
int nonce_pool_add(struct nonce_pool *pool, const struct frost_suite *suite,
		   const uint8_t key_type[4], const uint8_t group_pk[FROST_POINT_MAX], uint16_t id,
		   const uint8_t secret_share[RISTRETTO_SCALAR_BYTES],
		   struct frost_commitment *out);

/* Removes the pair matching `c` for the key (key_type, group_pk) into *out; false if none. */
bool nonce_pool_take(struct nonce_pool *pool, const uint8_t key_type[4],
		     const uint8_t group_pk[FROST_POINT_MAX],
		     const struct frost_commitment *c, struct nonce_pair *out);

/* Wipes every pair made for the key (key_type, group_pk): it was retired. */
void nonce_pool_drop_key(struct nonce_pool *pool, const uint8_t key_type[4],
			 const uint8_t group_pk[FROST_POINT_MAX]);

/* Wipes every pair (a key changed, or the TA shuts down). */
void nonce_pool_clear(struct nonce_pool *pool);

#endif /* TRIAD_NONCE_POOL_H */
