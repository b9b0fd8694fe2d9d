/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Keccak-f[1600], the permutation under SHA-3 and STROBE.
 *
 * The state is kept as 200 bytes rather than 25 words so that callers (the
 * STROBE sponge) can address it bytewise without caring about host byte
 * order or alignment: lanes are read and written little-endian, one byte at
 * a time, which gives the same result on every target we build for.
 */
#ifndef TRIAD_KECCAK_H
#define TRIAD_KECCAK_H

#include <stdint.h>

#define KECCAK_STATE_BYTES 200

/* Applies the full 24-round permutation in place. */
void keccak_f1600(uint8_t state[KECCAK_STATE_BYTES]);

#endif /* TRIAD_KECCAK_H */
