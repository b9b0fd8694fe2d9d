/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Keys only two TAs can derive: an identity-key Diffie-Hellman, bound to both
 * identity keys. The DKG seals round-two shares under one ("dkg-share"), the
 * counter messages MAC under another ("counter").
 */
#ifndef TRIAD_PAIRWISE_H
#define TRIAD_PAIRWISE_H

#include <stdint.h>

#include "ristretto.h"

/* K = BLAKE2b-256("triad-pairwise-v1" || sk·PK_peer || lower pk || higher pk). */
int pairwise_key(uint8_t key[32], const uint8_t own_sk[RISTRETTO_SCALAR_BYTES],
		 const uint8_t own_pk[RISTRETTO_POINT_BYTES],
		 const uint8_t peer_pk[RISTRETTO_POINT_BYTES]);

/*
 * One key per use of the pair's key (e.g. "dkg-share", "counter"): BLAKE2b-256
 * keyed with K over the label, so no key serves two primitives.
 */
int pairwise_subkey(uint8_t key[32], const uint8_t own_sk[RISTRETTO_SCALAR_BYTES],
		    const uint8_t own_pk[RISTRETTO_POINT_BYTES],
		    const uint8_t peer_pk[RISTRETTO_POINT_BYTES], const char *label);

#endif /* TRIAD_PAIRWISE_H */
