// SPDX-License-Identifier: Apache-2.0
#include <string.h>

#include <sodium.h>

#include "pairwise.h"
#include "test_reveal.h"

int pairwise_key(uint8_t key[32], const uint8_t own_sk[RISTRETTO_SCALAR_BYTES],
		 const uint8_t own_pk[RISTRETTO_POINT_BYTES],
		 const uint8_t peer_pk[RISTRETTO_POINT_BYTES])
{
	static const char domain[] = "triad-pairwise-v1";
	crypto_generichash_blake2b_state st;
	uint8_t shared[RISTRETTO_POINT_BYTES];
	int low_first = memcmp(own_pk, peer_pk, RISTRETTO_POINT_BYTES) < 0;

	if (crypto_scalarmult_ristretto255(shared, own_sk, peer_pk))
		return -1;
	crypto_generichash_blake2b_init(&st, NULL, 0, 32);
	crypto_generichash_blake2b_update(&st, (const uint8_t *)domain, sizeof(domain) - 1);
	crypto_generichash_blake2b_update(&st, shared, sizeof(shared));
	crypto_generichash_blake2b_update(&st, low_first ? own_pk : peer_pk, RISTRETTO_POINT_BYTES);
	crypto_generichash_blake2b_update(&st, low_first ? peer_pk : own_pk, RISTRETTO_POINT_BYTES);
	crypto_generichash_blake2b_final(&st, key, 32);
	TEST_REVEAL("pairwise-key", key, 32);
	TEST_REVEAL("dh-shared", shared, sizeof(shared));
	sodium_memzero(shared, sizeof(shared));
	sodium_memzero(&st, sizeof(st));
	return 0;
}

int pairwise_subkey(uint8_t key[32], const uint8_t own_sk[RISTRETTO_SCALAR_BYTES],
		    const uint8_t own_pk[RISTRETTO_POINT_BYTES],
		    const uint8_t peer_pk[RISTRETTO_POINT_BYTES], const char *label)
{
	uint8_t k[32];

	if (pairwise_key(k, own_sk, own_pk, peer_pk))
		return -1;
	crypto_generichash_blake2b(key, 32, (const uint8_t *)label, strlen(label), k, sizeof(k));
	sodium_memzero(k, sizeof(k));
	TEST_REVEAL("pairwise-subkey", key, 32);
	return 0;
}
