/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A bounded reader for SCALE, the encoding of Substrate's data (the
 * parity-scale-codec crate): little-endian fixed-width integers, "compact"
 * variable-length integers, and byte vectors prefixed by a compact length.
 *
 * Only what the TA's payload parsers need, with the checks the Rust decoder
 * makes, so that the TA never accepts an encoding a Substrate node would
 * reject. In particular compact integers must be canonical (the shortest
 * encoding of their value): two different byte strings for one value would
 * otherwise be two different "headers" for the same block.
 *
 * Every read either succeeds whole or fails and leaves the reader where it
 * was. Nothing allocates, nothing recurses, and lengths taken from the input
 * are only ever compared with what is left, never added to a position, so
 * no untrusted length can make an index overflow (size_t may be 32 bits).
 */
#ifndef TRIAD_SCALE_H
#define TRIAD_SCALE_H

#include <stddef.h>
#include <stdint.h>

#define SCALE_OK 0
/*
 * The input ends before a field, or a length prefix announces more bytes
 * (or items) than the input has left.
 */
#define SCALE_ERR_TRUNCATED (-1)
/*
 * A compact prefix announces more bytes than the target type holds: more
 * than 4 for Compact<u32> (every SCALE length), more than 8 for Compact<u64>.
 */
#define SCALE_ERR_COMPACT_RANGE (-2)
/* A compact integer in a longer mode than its value needs. */
#define SCALE_ERR_NON_CANONICAL (-3)
/* A NULL reader or output pointer, or a NULL buffer with a non-zero length. */
#define SCALE_ERR_PARAM (-4)

struct scale_reader {
	const uint8_t *buf;
	size_t len;
	size_t pos;
};

/* `buf` may be NULL only when `len` is 0 (reads then fail as truncated). */
void scale_reader_init(struct scale_reader *r, const uint8_t *buf, size_t len);

/* Bytes not yet read. */
size_t scale_remaining(const struct scale_reader *r);

int scale_read_u8(struct scale_reader *r, uint8_t *out);
int scale_read_u32(struct scale_reader *r, uint32_t *out);
int scale_read_u64(struct scale_reader *r, uint64_t *out);

/*
 * Consumes `n` bytes and points `*out` at them inside the input (no copy):
 * fixed-size arrays such as [u8; 32] hashes and [u8; 4] engine ids.
 */
int scale_read_bytes(struct scale_reader *r, size_t n, const uint8_t **out);

/* Compact<u32>: the type of every SCALE length prefix. */
int scale_read_compact_u32(struct scale_reader *r, uint32_t *out);
/* Compact<u64>. */
int scale_read_compact_u64(struct scale_reader *r, uint64_t *out);

/* Vec<u8>: a Compact<u32> length, then that many bytes (borrowed, as above). */
int scale_read_vec_u8(struct scale_reader *r, const uint8_t **data,
		      size_t *len);

#endif /* TRIAD_SCALE_H */
