// SPDX-License-Identifier: Apache-2.0
#include <sodium.h>

#include "attest.h"
#include "codec.h"

void attest_device_id(uint8_t id[32], const uint8_t *e, size_t e_len, const uint8_t *n, size_t n_len)
{
	crypto_generichash_blake2b_state st;

	crypto_generichash_blake2b_init(&st, NULL, 0, 32);
	crypto_generichash_blake2b_update(&st, e, e_len);
	crypto_generichash_blake2b_update(&st, n, n_len);
	crypto_generichash_blake2b_final(&st, id, 32);
}

void attest_claims_digest(uint8_t digest[32], const uint8_t identity_pk[32],
			  const uint8_t verifier_nonce[32], const uint8_t device_id[32])
{
	uint8_t claims[17 + 2 + 3 * 32];
	struct writer w;

	writer_init(&w, claims, sizeof(claims));
	write_bytes(&w, "triad-evidence-v1", 17);
	write_u16(&w, TRIAD_TA_VERSION);
	write_bytes(&w, identity_pk, 32);
	write_bytes(&w, verifier_nonce, 32);
	write_bytes(&w, device_id, 32);
	crypto_generichash_blake2b(digest, 32, claims, w.len, NULL, 0);
}
