// SPDX-License-Identifier: Apache-2.0
/*
 * SCALE reader; see scale.h. Each read checks the bytes it needs against
 * what is left before touching them, and moves the position only once the
 * whole value has been read and checked.
 */
#include <stddef.h>
#include <stdint.h>

#include "scale.h"

void scale_reader_init(struct scale_reader *r, const uint8_t *buf, size_t len)
{
	if (!r)
		return;
	r->buf = buf;
	/* A NULL buffer has nothing in it, whatever length came with it. */
	r->len = buf ? len : 0;
	r->pos = 0;
}

size_t scale_remaining(const struct scale_reader *r)
{
	return r ? r->len - r->pos : 0;
}

/* Little-endian, n <= 8 bytes; the caller has checked that they exist. */
static uint64_t le(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* Points at the next n bytes if they are there, without consuming them. */
static int peek(const struct scale_reader *r, size_t n, const uint8_t **p)
{
	if (!r || !p)
		return SCALE_ERR_PARAM;
	if (n > r->len - r->pos)
		return SCALE_ERR_TRUNCATED;
	*p = r->buf + r->pos;
	return SCALE_OK;
}

/* A little-endian integer of `n` bytes; the reader moves only on success. */
static int read_le(struct scale_reader *r, unsigned int n, uint64_t *out)
{
	const uint8_t *p;
	int rc;

	rc = peek(r, n, &p);
	if (rc != SCALE_OK)
		return rc;
	*out = le(p, n);
	r->pos += n;
	return SCALE_OK;
}

int scale_read_u8(struct scale_reader *r, uint8_t *out)
{
	uint64_t v;
	int rc;

	if (!out)
		return SCALE_ERR_PARAM;
	rc = read_le(r, 1, &v);
	if (rc == SCALE_OK)
		*out = (uint8_t)v;
	return rc;
}

int scale_read_u32(struct scale_reader *r, uint32_t *out)
{
	uint64_t v;
	int rc;

	if (!out)
		return SCALE_ERR_PARAM;
	rc = read_le(r, 4, &v);
	if (rc == SCALE_OK)
		*out = (uint32_t)v;
	return rc;
}

int scale_read_u64(struct scale_reader *r, uint64_t *out)
{
	if (!out)
		return SCALE_ERR_PARAM;
	return read_le(r, 8, out);
}

int scale_read_bytes(struct scale_reader *r, size_t n, const uint8_t **out)
{
	const uint8_t *p;
	int rc;

	if (!out)
		return SCALE_ERR_PARAM;
	rc = peek(r, n, &p);
	if (rc != SCALE_OK)
		return rc;
	*out = p;
	r->pos += n;
	return SCALE_OK;
}

/*
 * The mode is in the two low bits of the first byte:
 *   0b00  that byte alone; value = byte >> 2           0 .. 2^6 - 1
 *   0b01  2 bytes LE;      value = u16 >> 2           2^6 .. 2^14 - 1
 *   0b10  4 bytes LE;      value = u32 >> 2          2^14 .. 2^30 - 1
 *   0b11  n = (byte >> 2) + 4 bytes LE follow, the value itself:
 *         n = 4: 2^30 .. 2^32 - 1; n > 4: its top byte is not zero.
 * The lower bounds are the minimality rule of parity-scale-codec's
 * Compact<u32> and Compact<u64> decoders (src/compact.rs), which refuse a
 * value that a shorter mode could hold; the upper bounds hold by
 * construction. `max_bytes` is the target's width: 4 or 8.
 */
static int read_compact(struct scale_reader *r, unsigned int max_bytes,
			uint64_t *out)
{
	const uint8_t *p;
	unsigned int n;
	uint64_t v;
	int rc;

	if (!out)
		return SCALE_ERR_PARAM;
	rc = peek(r, 1, &p);
	if (rc != SCALE_OK)
		return rc;

	switch (p[0] & 3) {
	case 0:
		n = 1;
		v = p[0] >> 2;
		break;
	case 1:
		n = 2;
		if (peek(r, n, &p) != SCALE_OK)
			return SCALE_ERR_TRUNCATED;
		v = le(p, 2) >> 2;
		if (v < (1u << 6))
			return SCALE_ERR_NON_CANONICAL;
		break;
	case 2:
		n = 4;
		if (peek(r, n, &p) != SCALE_OK)
			return SCALE_ERR_TRUNCATED;
		v = le(p, 4) >> 2;
		if (v < (1u << 14))
			return SCALE_ERR_NON_CANONICAL;
		break;
	default:
		/* Range before length: a bad prefix is never "short". */
		n = (p[0] >> 2) + 4u;
		if (n > max_bytes)
			return SCALE_ERR_COMPACT_RANGE;
		if (peek(r, 1 + (size_t)n, &p) != SCALE_OK)
			return SCALE_ERR_TRUNCATED;
		v = le(p + 1, n);
		if (n == 4 ? v < (1ul << 30) : (v >> (8 * (n - 1))) == 0)
			return SCALE_ERR_NON_CANONICAL;
		n += 1;
		break;
	}
	*out = v;
	r->pos += n;
	return SCALE_OK;
}

int scale_read_compact_u32(struct scale_reader *r, uint32_t *out)
{
	uint64_t v;
	int rc;

	if (!out)
		return SCALE_ERR_PARAM;
	rc = read_compact(r, 4, &v);
	if (rc == SCALE_OK)
		*out = (uint32_t)v; /* at most 4 bytes were read */
	return rc;
}

int scale_read_compact_u64(struct scale_reader *r, uint64_t *out)
{
	return read_compact(r, 8, out);
}

int scale_read_vec_u8(struct scale_reader *r, const uint8_t **data,
		      size_t *len)
{
	struct scale_reader save;
	uint32_t n;
	int rc;

	if (!r || !data || !len)
		return SCALE_ERR_PARAM;
	save = *r;
	rc = scale_read_compact_u32(r, &n);
	if (rc == SCALE_OK)
		rc = scale_read_bytes(r, n, data);
	if (rc != SCALE_OK) {
		*r = save;
		return rc;
	}
	*len = n;
	return SCALE_OK;
}
