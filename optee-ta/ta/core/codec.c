// SPDX-License-Identifier: Apache-2.0
#include <string.h>

#include "codec.h"

void reader_init(struct reader *r, const void *buf, size_t len)
{
	r->buf = buf;
	r->len = buf ? len : 0;
	r->pos = 0;
	r->error = false;
}

const uint8_t *read_bytes(struct reader *r, size_t n)
{
	const uint8_t *p;

	if (r->error || n > r->len - r->pos) {
		r->error = true;
		return NULL;
	}
	p = r->buf + r->pos;
	r->pos += n;
	return p;
}

void read_into(struct reader *r, void *out, size_t n)
{
	const uint8_t *p = read_bytes(r, n);

	if (p)
		memcpy(out, p, n);
	else
		memset(out, 0, n);
}

static uint64_t read_le(struct reader *r, size_t n)
{
	const uint8_t *p = read_bytes(r, n);
	uint64_t v = 0;
	size_t i;

	for (i = 0; p && i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

uint8_t read_u8(struct reader *r) { return (uint8_t)read_le(r, 1); }
uint16_t read_u16(struct reader *r) { return (uint16_t)read_le(r, 2); }
uint32_t read_u32(struct reader *r) { return (uint32_t)read_le(r, 4); }
uint64_t read_u64(struct reader *r) { return read_le(r, 8); }

bool reader_done(const struct reader *r)
{
	return !r->error && r->pos == r->len;
}

void writer_init(struct writer *w, void *buf, size_t cap)
{
	w->buf = buf;
	w->cap = buf ? cap : 0;
	w->len = 0;
	w->error = false;
}

void write_bytes(struct writer *w, const void *p, size_t n)
{
	if (w->error || n > w->cap - w->len) {
		w->error = true;
		return;
	}
	if (n)
		memcpy(w->buf + w->len, p, n);
	w->len += n;
}

static void write_le(struct writer *w, uint64_t v, size_t n)
{
	uint8_t b[8];
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	write_bytes(w, b, n);
}

void write_u8(struct writer *w, uint8_t v) { write_le(w, v, 1); }
void write_u16(struct writer *w, uint16_t v) { write_le(w, v, 2); }
void write_u32(struct writer *w, uint32_t v) { write_le(w, v, 4); }
void write_u64(struct writer *w, uint64_t v) { write_le(w, v, 8); }
