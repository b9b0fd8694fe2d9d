// SPDX-License-Identifier: Apache-2.0
#include <string.h>

#include <sodium.h>

#include "nonce_pool.h"
#include "test_reveal.h"

void nonce_pool_init(struct nonce_pool *pool)
{
	sodium_memzero(pool, sizeof(*pool));
}

static struct nonce_pair *free_slot(struct nonce_pool *pool)
{
	struct nonce_pair *oldest = &pool->pairs[0];
	size_t i;

	for (i = 0; i < TRIAD_NONCE_POOL_SIZE; i++) {
		if (!pool->pairs[i].live)
			return &pool->pairs[i];
		if (pool->pairs[i].made < oldest->made)
			oldest = &pool->pairs[i];
	}
	sodium_memzero(oldest, sizeof(*oldest));
	return oldest;
}

int nonce_pool_add(struct nonce_pool *pool, const struct frost_suite *suite,
		   const uint8_t key_type[4],
		   const uint8_t group_pk[FROST_POINT_MAX], uint16_t id,
		   const uint8_t secret_share[RISTRETTO_SCALAR_BYTES],
		   struct frost_commitment *out)
{
	struct nonce_pair *p = free_slot(pool);

	frost_nonce_generate(suite, p->hiding, secret_share);
	frost_nonce_generate(suite, p->binding, secret_share);
	p->commitment.id = id;
	if (suite->mul_base(p->commitment.hiding, p->hiding) ||
	    suite->mul_base(p->commitment.binding, p->binding)) {
		sodium_memzero(p, sizeof(*p));
		return FROST_ERR_ARITH;
	}
	TEST_REVEAL("nonce", p->hiding, RISTRETTO_SCALAR_BYTES);
	TEST_REVEAL("nonce", p->binding, RISTRETTO_SCALAR_BYTES);
	memcpy(p->key_type, key_type, 4);
	memcpy(p->group_pk, group_pk, FROST_POINT_MAX);
	p->live = true;
	p->made = pool->made++;
	*out = p->commitment;
	return FROST_OK;
}

static bool made_for(const struct nonce_pair *p, const uint8_t key_type[4],
		     const uint8_t group_pk[FROST_POINT_MAX])
{
	return p->live && !memcmp(p->key_type, key_type, 4) &&
	       !memcmp(p->group_pk, group_pk, FROST_POINT_MAX);
}

bool nonce_pool_take(struct nonce_pool *pool, const uint8_t key_type[4],
		     const uint8_t group_pk[FROST_POINT_MAX],
		     const struct frost_commitment *c, struct nonce_pair *out)
{
	size_t i;

	for (i = 0; i < TRIAD_NONCE_POOL_SIZE; i++) {
		struct nonce_pair *p = &pool->pairs[i];

		if (!made_for(p, key_type, group_pk) || p->commitment.id != c->id ||
		    sodium_memcmp(p->commitment.hiding, c->hiding, RISTRETTO_POINT_BYTES) ||
		    sodium_memcmp(p->commitment.binding, c->binding, RISTRETTO_POINT_BYTES))
			continue;
		*out = *p;
		sodium_memzero(p, sizeof(*p));
		return true;
	}
	return false;
}

void nonce_pool_drop_key(struct nonce_pool *pool, const uint8_t key_type[4],
			 const uint8_t group_pk[FROST_POINT_MAX])
{
	size_t i;

	for (i = 0; i < TRIAD_NONCE_POOL_SIZE; i++)
		if (made_for(&pool->pairs[i], key_type, group_pk))
			sodium_memzero(&pool->pairs[i], sizeof(pool->pairs[i]));
}

void nonce_pool_clear(struct nonce_pool *pool)
{
	sodium_memzero(pool, sizeof(*pool));
}
