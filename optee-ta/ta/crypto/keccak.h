/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Keccak-f[1600], the permutation under SHA-3 and STROBE, and Keccak-256 over
 * it.
 *
 * The state is kept as 200 bytes rather than 25 words so that callers (the
 * STROBE sponge) can address it bytewise without caring about host byte
 * order or alignment: lanes are read and written little-endian, one byte at
 * a time, which gives the same result on every target we build for.
 */
#ifndef TRIAD_KECCAK_H
#define TRIAD_KECCAK_H

#include <stddef.h>
#include <stdint.h>

#define KECCAK_STATE_BYTES 200

/* Applies the full 24-round permutation in place. */
void keccak_f1600(uint8_t state[KECCAK_STATE_BYTES]);

/*
 * Keccak-256 as Ethereum and Polkadot use it (sp_core's keccak_256, BEEFY's
 * commitment hash): the original Keccak submission's padding, domain byte
 * 0x01, not FIPS 202's SHA3-256 (0x06), which hashes to other bytes. Rate
 * 136 bytes (capacity 512 bits), 32 bytes out.
 */
#define KECCAK256_BYTES 32
#define KECCAK256_RATE 136

struct keccak256 {
	uint8_t st[KECCAK_STATE_BYTES];
	size_t pos; /* bytes absorbed into the current block, < KECCAK256_RATE */
};

void keccak256_init(struct keccak256 *k);
/* Any number of calls, of any length (0 included); data may be NULL when len is 0. */
void keccak256_update(struct keccak256 *k, const void *data, size_t len);
/* Writes the digest and wipes the state: init again before another use. */
void keccak256_final(struct keccak256 *k, uint8_t out[KECCAK256_BYTES]);
/* One call: init, update, final. */
void keccak256(uint8_t out[KECCAK256_BYTES], const void *data, size_t len);

#endif /* TRIAD_KECCAK_H */
