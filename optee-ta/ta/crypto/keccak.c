// SPDX-License-Identifier: Apache-2.0
/*
 * Keccak-f[1600] (FIPS 202, section 3), the plain lane-oriented form.
 *
 * Speed is not the goal here: a Merlin transcript for one signature runs the
 * permutation a handful of times. The goals are portability (armv7, aarch64
 * and x86_64 give identical bytes), no table lookups indexed by secret data,
 * and code short enough to review against the spec.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "keccak.h"
#include "wipe.h"

#define ROUNDS 24

/* Iota: round constants, FIPS 202 algorithm 5 (rc LFSR). */
static const uint64_t round_const[ROUNDS] = {
	UINT64_C(0x0000000000000001), UINT64_C(0x0000000000008082),
	UINT64_C(0x800000000000808A), UINT64_C(0x8000000080008000),
	UINT64_C(0x000000000000808B), UINT64_C(0x0000000080000001),
	UINT64_C(0x8000000080008081), UINT64_C(0x8000000000008009),
	UINT64_C(0x000000000000008A), UINT64_C(0x0000000000000088),
	UINT64_C(0x0000000080008009), UINT64_C(0x000000008000000A),
	UINT64_C(0x000000008000808B), UINT64_C(0x800000000000008B),
	UINT64_C(0x8000000000008089), UINT64_C(0x8000000000008003),
	UINT64_C(0x8000000000008002), UINT64_C(0x8000000000000080),
	UINT64_C(0x000000000000800A), UINT64_C(0x800000008000000A),
	UINT64_C(0x8000000080008081), UINT64_C(0x8000000000008080),
	UINT64_C(0x0000000080000001), UINT64_C(0x8000000080008008),
};

/* Rho: rotation offset of lane A[x, y], indexed x + 5y (FIPS 202 table 2). */
static const uint8_t rho_offset[25] = {
	 0,  1, 62, 28, 27,
	36, 44,  6, 55, 20,
	 3, 10, 43, 25, 39,
	41, 45, 15, 21,  8,
	18,  2, 61, 56, 14,
};

/* Pi: lane A[x, y] moves to B[y, 2x + 3y], both indexed x + 5y. */
static const uint8_t pi_dest[25] = {
	 0, 10, 20,  5, 15,
	16,  1, 11, 21,  6,
	 7, 17,  2, 12, 22,
	23,  8, 18,  3, 13,
	14, 24,  9, 19,  4,
};

/*
 * x mod 5 for x < 10. The "% 5" it replaces compiles to a libgcc division
 * call on armv7, and this file should need nothing but the compiler.
 */
static const uint8_t mod5[10] = { 0, 1, 2, 3, 4, 0, 1, 2, 3, 4 };

/* Masking the right shift keeps n == 0 defined (a 64-bit shift is UB). */
static uint64_t rol64(uint64_t v, unsigned int n)
{
	return (v << n) | (v >> ((64 - n) & 63));
}

static uint64_t load_le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static void store_le64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++) {
		p[i] = (uint8_t)v;
		v >>= 8;
	}
}

void keccak_f1600(uint8_t state[KECCAK_STATE_BYTES])
{
	/* a: the state as lanes; b: pi's output; c: theta's column parities. */
	uint64_t a[25];
	uint64_t b[25];
	uint64_t c[5];
	uint64_t d;
	int round, i, x, y;

	for (i = 0; i < 25; i++)
		a[i] = load_le64(state + 8 * i);

	for (round = 0; round < ROUNDS; round++) {
		/* Theta: mix each column's parity into its two neighbours. */
		for (x = 0; x < 5; x++)
			c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^
			       a[x + 20];
		for (x = 0; x < 5; x++) {
			d = c[mod5[x + 4]] ^ rol64(c[mod5[x + 1]], 1);
			for (y = 0; y < 25; y += 5)
				a[y + x] ^= d;
		}

		/* Rho and pi: rotate each lane and move it to its new place. */
		for (i = 0; i < 25; i++)
			b[pi_dest[i]] = rol64(a[i], rho_offset[i]);

		/* Chi: the only non-linear step, row by row. */
		for (y = 0; y < 25; y += 5)
			for (x = 0; x < 5; x++)
				a[y + x] = b[y + x] ^ (~b[y + mod5[x + 1]] &
						       b[y + mod5[x + 2]]);

		/* Iota: break the symmetry between rounds. */
		a[0] ^= round_const[round];
	}

	for (i = 0; i < 25; i++)
		store_le64(state + 8 * i, a[i]);

	/* The lanes held key-derived state: leave none of it on the stack. */
	secure_wipe(a, sizeof(a));
	secure_wipe(b, sizeof(b));
	secure_wipe(c, sizeof(c));
	secure_wipe(&d, sizeof(d));
}

void keccak256_init(struct keccak256 *k)
{
	memset(k->st, 0, sizeof(k->st));
	k->pos = 0;
}

void keccak256_update(struct keccak256 *k, const void *data, size_t len)
{
	const uint8_t *in = data;
	size_t i;

	for (i = 0; i < len; i++) {
		k->st[k->pos] ^= in[i];
		if (++k->pos == KECCAK256_RATE) {
			keccak_f1600(k->st);
			k->pos = 0;
		}
	}
}

void keccak256_final(struct keccak256 *k, uint8_t out[KECCAK256_BYTES])
{
	/*
	 * pad10*1 with Keccak's domain bit: 0x01 after the message, 0x80 on
	 * the block's last byte (one byte 0x81 when the message leaves a
	 * single byte of room). pos < RATE always, so there is room.
	 */
	k->st[k->pos] ^= 0x01;
	k->st[KECCAK256_RATE - 1] ^= 0x80;
	keccak_f1600(k->st);
	memcpy(out, k->st, KECCAK256_BYTES);
	/* What was hashed may be secret (a transcript): wipe the sponge. */
	secure_wipe(k, sizeof(*k));
}

void keccak256(uint8_t out[KECCAK256_BYTES], const void *data, size_t len)
{
	struct keccak256 k;

	keccak256_init(&k);
	keccak256_update(&k, data, len);
	keccak256_final(&k, out);
}
