// SPDX-License-Identifier: Apache-2.0
/*
 * The SCALE reader against hand-checked encodings: each compact mode at both
 * ends of its range, the non-canonical forms parity-scale-codec rejects, and
 * prefixes announcing more bytes than the target type holds.
 */
#include <string.h>

#include "scale.h"
#include "policy_tests.h"

#define B(...) ((const uint8_t[]){ __VA_ARGS__ }), \
	sizeof((const uint8_t[]){ __VA_ARGS__ })

TEST(scale_fixed_width_little_endian)
{
	static const uint8_t in[] = { 0xaa, 0x01, 0x02, 0x03, 0x04,
				      0x01, 0x02, 0x03, 0x04,
				      0x05, 0x06, 0x07, 0x88, 0xee };
	struct scale_reader r;
	const uint8_t *p;
	uint8_t b;
	uint32_t w;
	uint64_t q;

	scale_reader_init(&r, in, sizeof(in));
	CHECK_EQ(scale_read_u8(&r, &b), SCALE_OK);
	CHECK_EQ(b, 0xaa);
	CHECK_EQ(scale_read_u32(&r, &w), SCALE_OK);
	CHECK_EQ(w, 0x04030201u);
	CHECK_EQ(scale_read_u64(&r, &q), SCALE_OK);
	CHECK(q == UINT64_C(0x8807060504030201));
	CHECK_EQ(scale_remaining(&r), 1u);
	CHECK_EQ(scale_read_bytes(&r, 1, &p), SCALE_OK);
	CHECK(p == in + sizeof(in) - 1);
	CHECK_EQ(scale_remaining(&r), 0u);
	CHECK_EQ(scale_read_bytes(&r, 0, &p), SCALE_OK);
	CHECK(p == in + sizeof(in));
}

/* A failed read leaves the reader where it was. */
TEST(scale_fixed_width_truncated)
{
	static const uint8_t in[] = { 1, 2, 3, 4, 5, 6, 7 };
	struct scale_reader r;
	const uint8_t *p = NULL;
	uint32_t w;
	uint64_t q = 99;
	uint8_t b;

	scale_reader_init(&r, in, sizeof(in));
	CHECK_EQ(scale_read_u64(&r, &q), SCALE_ERR_TRUNCATED);
	CHECK(q == 99);
	CHECK_EQ(scale_read_bytes(&r, 8, &p), SCALE_ERR_TRUNCATED);
	CHECK(p == NULL);
	CHECK_EQ(scale_read_bytes(&r, SIZE_MAX, &p), SCALE_ERR_TRUNCATED);
	CHECK_EQ(scale_remaining(&r), sizeof(in));
	CHECK_EQ(scale_read_u32(&r, &w), SCALE_OK);
	CHECK_EQ(scale_read_u32(&r, &w), SCALE_ERR_TRUNCATED);
	CHECK_EQ(scale_remaining(&r), 3u);
	CHECK_EQ(scale_read_bytes(&r, 3, &p), SCALE_OK);
	CHECK_EQ(scale_read_u8(&r, &b), SCALE_ERR_TRUNCATED);
}

struct compact_case {
	const uint8_t *in;
	size_t len;
	uint64_t value;
	int u32_rc; /* what Compact<u32> makes of it */
	int u64_rc;
};

static void check_compact(const char *file, int line,
			  const struct compact_case *c)
{
	struct scale_reader r;
	uint32_t v32 = 0x5a5a5a5a;
	uint64_t v64 = 0x5a5a5a5a;
	int rc;

	scale_reader_init(&r, c->in, c->len);
	rc = scale_read_compact_u32(&r, &v32);
	if (rc != c->u32_rc ||
	    (rc == SCALE_OK ? v32 != c->value || scale_remaining(&r) != 0
			    : v32 != 0x5a5a5a5a || r.pos != 0))
		harness_fail(file, line, "Compact<u32>");

	scale_reader_init(&r, c->in, c->len);
	rc = scale_read_compact_u64(&r, &v64);
	if (rc != c->u64_rc ||
	    (rc == SCALE_OK ? v64 != c->value || scale_remaining(&r) != 0
			    : v64 != 0x5a5a5a5a || r.pos != 0))
		harness_fail(file, line, "Compact<u64>");
}

#define CHECK_COMPACT(in, value, rc32, rc64)                                  \
	do {                                                                  \
		const struct compact_case c_ = { in, value, rc32, rc64 };     \
		check_compact(__FILE__, __LINE__, &c_);                       \
	} while (0)

#define OK SCALE_OK
#define RANGE SCALE_ERR_COMPACT_RANGE
#define NONCANON SCALE_ERR_NON_CANONICAL

TEST(scale_compact_canonical)
{
	/* 0b00 */
	CHECK_COMPACT(B(0x00), 0, OK, OK);
	CHECK_COMPACT(B(0x04), 1, OK, OK);
	CHECK_COMPACT(B(0xfc), 63, OK, OK);
	/* 0b01 */
	CHECK_COMPACT(B(0x01, 0x01), 64, OK, OK);
	CHECK_COMPACT(B(0xfd, 0xff), 16383, OK, OK);
	/* 0b10 */
	CHECK_COMPACT(B(0x02, 0x00, 0x01, 0x00), 16384, OK, OK);
	CHECK_COMPACT(B(0xfe, 0xff, 0xff, 0xff), 0x3fffffff, OK, OK);
	/* 0b11, 4 bytes */
	CHECK_COMPACT(B(0x03, 0x00, 0x00, 0x00, 0x40), 0x40000000, OK, OK);
	CHECK_COMPACT(B(0x03, 0xff, 0xff, 0xff, 0xff), 0xffffffff, OK, OK);
	/* 0b11, 5 to 8 bytes: beyond Compact<u32> */
	CHECK_COMPACT(B(0x07, 0x00, 0x00, 0x00, 0x00, 0x01),
		      UINT64_C(0x100000000), RANGE, OK);
	CHECK_COMPACT(B(0x0b, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01),
		      UINT64_C(0x10000000000), RANGE, OK);
	CHECK_COMPACT(B(0x0f, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07),
		      UINT64_C(0x07060504030201), RANGE, OK);
	CHECK_COMPACT(B(0x13, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
		      UINT64_MAX, RANGE, OK);
}

/* Each a value that a shorter mode holds: two encodings of one number. */
TEST(scale_compact_non_canonical)
{
	CHECK_COMPACT(B(0x01, 0x00), 0, NONCANON, NONCANON);
	CHECK_COMPACT(B(0xfd, 0x00), 0, NONCANON, NONCANON);
	CHECK_COMPACT(B(0x02, 0x00, 0x00, 0x00), 0, NONCANON, NONCANON);
	CHECK_COMPACT(B(0xfe, 0xff, 0x00, 0x00), 0, NONCANON, NONCANON);
	CHECK_COMPACT(B(0x03, 0x00, 0x00, 0x00, 0x00), 0, NONCANON, NONCANON);
	CHECK_COMPACT(B(0x03, 0xff, 0xff, 0xff, 0x3f), 0, NONCANON, NONCANON);
	/* 2^32 - 1 in 5 bytes; 2^56 - 1 and 0 in 8 */
	CHECK_COMPACT(B(0x07, 0xff, 0xff, 0xff, 0xff, 0x00), 0, RANGE,
		      NONCANON);
	CHECK_COMPACT(B(0x13, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00),
		      0, RANGE, NONCANON);
	CHECK_COMPACT(B(0x13, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00),
		      0, RANGE, NONCANON);
}

/* The range is judged on the prefix alone, before looking for the bytes. */
TEST(scale_compact_range)
{
	CHECK_COMPACT(B(0x07), 0, RANGE, SCALE_ERR_TRUNCATED);
	CHECK_COMPACT(B(0x17), 0, RANGE, RANGE);
	CHECK_COMPACT(B(0x17, 0, 0, 0, 0, 0, 0, 0, 0, 1), 0, RANGE, RANGE);
	CHECK_COMPACT(B(0xff), 0, RANGE, RANGE);
}

TEST(scale_compact_truncated)
{
	static const uint8_t in[] = { 0x13, 1, 2, 3, 4, 5, 6, 7, 8 };
	static const uint8_t mode1[] = { 0x01, 0x01 };
	static const uint8_t mode2[] = { 0x02, 0x00, 0x01, 0x00 };
	struct scale_reader r;
	uint64_t v;
	size_t n;

	for (n = 0; n < sizeof(in); n++) {
		scale_reader_init(&r, in, n);
		CHECK_EQ(scale_read_compact_u64(&r, &v), SCALE_ERR_TRUNCATED);
		CHECK_EQ(r.pos, 0u);
	}
	for (n = 0; n < sizeof(mode1); n++) {
		scale_reader_init(&r, mode1, n);
		CHECK_EQ(scale_read_compact_u64(&r, &v), SCALE_ERR_TRUNCATED);
	}
	for (n = 0; n < sizeof(mode2); n++) {
		scale_reader_init(&r, mode2, n);
		CHECK_EQ(scale_read_compact_u64(&r, &v), SCALE_ERR_TRUNCATED);
	}
}

TEST(scale_vec_u8)
{
	static const uint8_t in[] = { 0x00, 0x0c, 'a', 'b', 'c', 0x10, 'x' };
	struct scale_reader r;
	const uint8_t *d = NULL;
	size_t n = 99;

	scale_reader_init(&r, in, sizeof(in));
	CHECK_EQ(scale_read_vec_u8(&r, &d, &n), SCALE_OK);
	CHECK_EQ(n, 0u);
	CHECK(d == in + 1);
	CHECK_EQ(scale_read_vec_u8(&r, &d, &n), SCALE_OK);
	CHECK_EQ(n, 3u);
	CHECK(d == in + 2);
	/* Length 4 with 1 byte left: the length prefix stays unread too. */
	CHECK_EQ(scale_read_vec_u8(&r, &d, &n), SCALE_ERR_TRUNCATED);
	CHECK_EQ(r.pos, 5u);
	CHECK_EQ(n, 3u);

	/* A length must be a canonical Compact<u32>. */
	scale_reader_init(&r, B(0x01, 0x00));
	CHECK_EQ(scale_read_vec_u8(&r, &d, &n), SCALE_ERR_NON_CANONICAL);
	scale_reader_init(&r, B(0x07, 0x00, 0x00, 0x00, 0x00, 0x01));
	CHECK_EQ(scale_read_vec_u8(&r, &d, &n), SCALE_ERR_COMPACT_RANGE);
	/* 2^32 - 1: only compared with what is left, never added to pos. */
	scale_reader_init(&r, B(0x03, 0xff, 0xff, 0xff, 0xff, 0x00));
	CHECK_EQ(scale_read_vec_u8(&r, &d, &n), SCALE_ERR_TRUNCATED);
	CHECK_EQ(r.pos, 0u);
}

TEST(scale_null_arguments)
{
	static const uint8_t in[] = { 0x04, 0x04 };
	struct scale_reader r;
	const uint8_t *d;
	uint64_t q;
	uint32_t w;
	uint8_t b;
	size_t n;

	/* A NULL buffer is empty whatever length comes with it. */
	scale_reader_init(&r, NULL, 8);
	CHECK_EQ(scale_remaining(&r), 0u);
	CHECK_EQ(scale_read_u8(&r, &b), SCALE_ERR_TRUNCATED);
	CHECK_EQ(scale_remaining(NULL), 0u);
	scale_reader_init(NULL, in, sizeof(in));

	CHECK_EQ(scale_read_u8(NULL, &b), SCALE_ERR_PARAM);
	CHECK_EQ(scale_read_u32(NULL, &w), SCALE_ERR_PARAM);
	CHECK_EQ(scale_read_u64(NULL, &q), SCALE_ERR_PARAM);
	CHECK_EQ(scale_read_compact_u64(NULL, &q), SCALE_ERR_PARAM);
	CHECK_EQ(scale_read_bytes(NULL, 0, &d), SCALE_ERR_PARAM);
	CHECK_EQ(scale_read_vec_u8(NULL, &d, &n), SCALE_ERR_PARAM);

	scale_reader_init(&r, in, sizeof(in));
	CHECK_EQ(scale_read_u8(&r, NULL), SCALE_ERR_PARAM);
	CHECK_EQ(scale_read_u32(&r, NULL), SCALE_ERR_PARAM);
	CHECK_EQ(scale_read_u64(&r, NULL), SCALE_ERR_PARAM);
	CHECK_EQ(scale_read_bytes(&r, 1, NULL), SCALE_ERR_PARAM);
	CHECK_EQ(scale_read_compact_u32(&r, NULL), SCALE_ERR_PARAM);
	CHECK_EQ(scale_read_compact_u64(&r, NULL), SCALE_ERR_PARAM);
	CHECK_EQ(scale_read_vec_u8(&r, NULL, &n), SCALE_ERR_PARAM);
	CHECK_EQ(scale_read_vec_u8(&r, &d, NULL), SCALE_ERR_PARAM);
	CHECK_EQ(r.pos, 0u);
}
