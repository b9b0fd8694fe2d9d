/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The replicated counter's TA-to-TA messages (DESIGN.md section 7), each
 * authenticated with a MAC under a key only the two TAs can derive, bound to
 * its direction (from, to) so a host can neither forge nor reflect one.
 *
 *   update   from:u16 to:u16 counter:u64 digest[32] mac[32]            (76)
 *   ack      from:u16 to:u16 acked:u64 counter:u64 digest[32] mac[32] (84)
 *   report   from:u16 to:u16 nonce[32] seen:u64 mac[32]               (76)
 *
 * digest is the signing request's (request_digest); nonce is the challenge
 * of the TA that is unlocking.
 */
#ifndef TRIAD_COUNTER_MSG_H
#define TRIAD_COUNTER_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "codec.h"
#include "state.h"

#define COUNTER_UPDATE_BYTES 76
#define COUNTER_ACK_BYTES 84
#define COUNTER_REPORT_BYTES 76

struct counter_update {
	uint16_t from, to;
	uint64_t counter;
	uint8_t digest[32];
};

struct counter_ack {
	uint16_t from, to;
	uint64_t acked;	  /* the coordinator's counter this acknowledges */
	uint64_t counter; /* the cosigner's own counter */
	uint8_t digest[32];
};

struct counter_report {
	uint16_t from, to;
	uint8_t nonce[32];
	uint64_t seen;
};

/* Wipes the cached pairwise subkeys (the TA instance ends). */
void counter_forget_keys(void);

/* BLAKE2b-256 of a signing request: what updates and acks are bound to. */
void request_digest(uint8_t digest[32], const uint8_t *request, size_t len);

/* Writes a message authenticated for `to`. Returns 0, or -1 if `to` is not a peer. */
int write_update(struct writer *w, struct ta_state *s, const struct counter_update *u);
int write_ack(struct writer *w, struct ta_state *s, const struct counter_ack *a);
int write_report(struct writer *w, struct ta_state *s, const struct counter_report *r);

/*
 * Reads a message addressed to us from a peer and checks its MAC. Returns 0,
 * TRIAD_ERR_MALFORMED when it does not parse, TRIAD_ERR_PEER_AUTH when it is
 * not from a peer of ours to us or its MAC fails.
 */
uint32_t read_update(struct reader *r, struct ta_state *s, struct counter_update *u);
uint32_t read_ack(struct reader *r, struct ta_state *s, struct counter_ack *a);
uint32_t read_report(struct reader *r, struct ta_state *s, struct counter_report *rep);

#endif /* TRIAD_COUNTER_MSG_H */
