/* SPDX-License-Identifier: Apache-2.0 */
/*
 * para-statement payloads for the tests (policy and core), as the Polkadot
 * node encodes them (SCALE, little-endian; POLKADOT.md "para"). A candidate
 * is named by a number: its hash is that number, little-endian, in the first
 * 4 bytes (so in its 8-byte tag) and 0xc5 after.
 */
#ifndef TRIAD_TEST_PARA_PAYLOAD_H
#define TRIAD_TEST_PARA_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "codec.h"

#define PARA_PAYLOAD_MAX (4 + 2 + 64 * 32 + 4 + 64)

static inline void para_candidate(uint8_t hash[32], uint32_t id)
{
	memset(hash, 0xc5, 32);
	hash[0] = (uint8_t)id;
	hash[1] = (uint8_t)(id >> 8);
	hash[2] = (uint8_t)(id >> 16);
	hash[3] = (uint8_t)(id >> 24);
}

static inline void para_put_candidate(struct writer *w, uint32_t id)
{
	uint8_t hash[32];

	para_candidate(hash, id);
	write_bytes(w, hash, 32);
}

/* SCALE Compact<u32> for values below 2^14 (one or two bytes). */
static inline void para_put_compact(struct writer *w, uint32_t v)
{
	if (v < 64)
		write_u8(w, (uint8_t)(v << 2));
	else
		write_u16(w, (uint16_t)(v << 2 | 1));
}

/* SigningContext: session, parent hash (32 bytes of 0x9a). */
static inline void para_put_context(struct writer *w, uint32_t session)
{
	uint8_t parent[32];

	memset(parent, 0x9a, sizeof(parent));
	write_u32(w, session);
	write_bytes(w, parent, 32);
}

/* "BKNG" variant (1 Seconded, 2 Valid) candidate_hash, context: 73 bytes. */
static inline size_t para_backing(uint8_t *buf, uint8_t variant, uint32_t cand, uint32_t session)
{
	struct writer w;

	writer_init(&w, buf, PARA_PAYLOAD_MAX);
	write_bytes(&w, "BKNG", 4);
	write_u8(&w, variant);
	para_put_candidate(&w, cand);
	para_put_context(&w, session);
	return w.len;
}

/* "DISP" valid candidate_hash session: 41 bytes. */
static inline size_t para_dispute(uint8_t *buf, uint8_t valid, uint32_t cand, uint32_t session)
{
	struct writer w;

	writer_init(&w, buf, PARA_PAYLOAD_MAX);
	write_bytes(&w, "DISP", 4);
	write_u8(&w, valid);
	para_put_candidate(&w, cand);
	write_u32(&w, session);
	return w.len;
}

/* "APPR" candidate_hash session: 40 bytes. */
static inline size_t para_approval(uint8_t *buf, uint32_t cand, uint32_t session)
{
	struct writer w;

	writer_init(&w, buf, PARA_PAYLOAD_MAX);
	write_bytes(&w, "APPR", 4);
	para_put_candidate(&w, cand);
	write_u32(&w, session);
	return w.len;
}

/* "APPR" compact(n) n candidate hashes (first, first + 1, ...) session. */
static inline size_t para_approvals(uint8_t *buf, uint32_t n, uint32_t first, uint32_t session)
{
	struct writer w;
	uint32_t i;

	writer_init(&w, buf, PARA_PAYLOAD_MAX);
	write_bytes(&w, "APPR", 4);
	para_put_compact(&w, n);
	for (i = 0; i < n; i++)
		para_put_candidate(&w, first + i);
	write_u32(&w, session);
	return w.error ? 0 : w.len;
}

/* "VCPC" accept code_hash (32 bytes of 0x77) session validator_index: 45 bytes. */
static inline size_t para_pvf_check(uint8_t *buf, uint8_t accept, uint32_t session,
				    uint32_t validator_index)
{
	uint8_t code[32];
	struct writer w;

	memset(code, 0x77, sizeof(code));
	writer_init(&w, buf, PARA_PAYLOAD_MAX);
	write_bytes(&w, "VCPC", 4);
	write_u8(&w, accept);
	write_bytes(&w, code, 32);
	write_u32(&w, session);
	write_u32(&w, validator_index);
	return w.len;
}

/* BitVec<u8, Lsb0> of `bits` bits, every one set, then the context. */
static inline size_t para_bitfield(uint8_t *buf, uint32_t bits, uint32_t session)
{
	struct writer w;
	uint32_t i;

	writer_init(&w, buf, PARA_PAYLOAD_MAX);
	para_put_compact(&w, bits);
	for (i = 0; i < (bits + 7) / 8; i++)
		write_u8(&w, (uint8_t)(bits - i * 8 >= 8 ? 0xff : (1u << (bits - i * 8)) - 1));
	para_put_context(&w, session);
	return w.error ? 0 : w.len;
}

#endif /* TRIAD_TEST_PARA_PAYLOAD_H */
