// SPDX-License-Identifier: Apache-2.0
#include <string.h>

#include <sodium.h>

#include "ristretto.h"

/* l = 2^252 + 27742317777372353535851937790883648493, little-endian. */
static const uint8_t group_order[RISTRETTO_SCALAR_BYTES] = {
	0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
	0xa2, 0xde, 0xf9, 0xde, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10
};

/* Compares from the most significant byte; constant time in the value. */
int scalar_is_canonical(const uint8_t s[RISTRETTO_SCALAR_BYTES])
{
	unsigned int borrow = 0;
	size_t i;

	/* s < l  <=>  s - l borrows */
	for (i = 0; i < RISTRETTO_SCALAR_BYTES; i++)
		borrow = ((unsigned int)s[i] - group_order[i] - borrow) >> 8 & 1;
	return (int)borrow;
}

int point_is_valid_non_identity(const uint8_t p[RISTRETTO_POINT_BYTES])
{
	static const uint8_t identity[RISTRETTO_POINT_BYTES];

	if (!crypto_core_ristretto255_is_valid_point(p))
		return 0;
	return sodium_memcmp(p, identity, RISTRETTO_POINT_BYTES) != 0;
}

void scalar_from_u64(uint8_t out[RISTRETTO_SCALAR_BYTES], uint64_t v)
{
	size_t i;

	memset(out, 0, RISTRETTO_SCALAR_BYTES);
	for (i = 0; i < 8; i++)
		out[i] = (uint8_t)(v >> (8 * i));
}

int scalar_is_zero(const uint8_t s[RISTRETTO_SCALAR_BYTES])
{
	return sodium_is_zero(s, RISTRETTO_SCALAR_BYTES);
}
