/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Bounded reading and writing of the TA's messages (triad_ta.h). A reader
 * that runs past its end, or a writer past its capacity, enters a sticky
 * error state: callers check once at the end, and no access ever leaves the
 * buffer.
 */
#ifndef TRIAD_CODEC_H
#define TRIAD_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct reader {
	const uint8_t *buf;
	size_t len;
	size_t pos;
	bool error;
};

struct writer {
	uint8_t *buf;
	size_t cap;
	size_t len;
	bool error;
};

void reader_init(struct reader *r, const void *buf, size_t len);
uint8_t read_u8(struct reader *r);
uint16_t read_u16(struct reader *r);
uint32_t read_u32(struct reader *r);
uint64_t read_u64(struct reader *r);
/* Pointer to the next n bytes (NULL and the error state when fewer remain). */
const uint8_t *read_bytes(struct reader *r, size_t n);
void read_into(struct reader *r, void *out, size_t n);
/* The message is well-formed only if it was consumed exactly, without error. */
bool reader_done(const struct reader *r);

void writer_init(struct writer *w, void *buf, size_t cap);
void write_u8(struct writer *w, uint8_t v);
void write_u16(struct writer *w, uint16_t v);
void write_u32(struct writer *w, uint32_t v);
void write_u64(struct writer *w, uint64_t v);
void write_bytes(struct writer *w, const void *p, size_t n);

#endif /* TRIAD_CODEC_H */
