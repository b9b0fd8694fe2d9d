/* SPDX-License-Identifier: Apache-2.0 */
/*
 * GRANDPA's localized payload for the tests (policy and core): SCALE
 * (Message, round, set_id), 53 bytes, as finality-grandpa's node signs it.
 */
#ifndef TRIAD_TEST_GRANDPA_PAYLOAD_H
#define TRIAD_TEST_GRANDPA_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "codec.h"

#define GRANDPA_PREVOTE 0
#define GRANDPA_PRECOMMIT 1
#define GRANDPA_PRIMARY_PROPOSE 2

/* stage, target hash (32 bytes of `tag`), target number, round, set_id; returns 53. */
static inline size_t grandpa_payload(uint8_t buf[64], uint8_t stage, uint8_t tag,
				     uint32_t number, uint64_t round, uint64_t set_id)
{
	struct writer w;

	writer_init(&w, buf, 64);
	write_u8(&w, stage);
	memset(buf + 1, tag, 32);
	w.len += 32;
	write_u32(&w, number);
	write_u64(&w, round);
	write_u64(&w, set_id);
	return w.len;
}

#endif /* TRIAD_TEST_GRANDPA_PAYLOAD_H */
