// SPDX-License-Identifier: Apache-2.0
/*
 * grandpa-vote (DESIGN.md 3c and 6, POLKADOT.md "gran"): one GRANDPA vote,
 * signed by a `gran` key (ed25519). The payload is the localized payload the
 * node signs, SCALE (Message, round, set_id), exactly 53 bytes:
 *
 *   stage:u8 (0 Prevote, 1 Precommit, 2 PrimaryPropose) target_hash[32]
 *   target_number:u32 round:u64 set_id:u64          (little-endian)
 *
 * and the key signs those 53 bytes as they are: what the TA checks is what
 * is signed. Anything else (another length, another stage) is MALFORMED.
 *
 * The rule, per key: votes of a lower set_id than the highest seen are
 * REGRESSION; a higher set_id starts the rounds again. Within the set, the
 * window is the highest round seen and the one before it; a round below is
 * REGRESSION. In the window, each (round, stage) has at most one target
 * (hash and number): another target is CONFLICT (the equivocation GRANDPA
 * slashes), the same one signs again (an identical repeat is no
 * equivocation). Prevote, precommit and primary propose of one round are
 * three independent stages.
 *
 * Why a window of two: finality-grandpa starts round r+1 only after it has
 * precommitted in r, so one honest node never votes below its latest round;
 * the second round lets a redundant twin that is one round behind still sign
 * identical repeats, or fresh votes of round r-1 that nobody signed yet.
 *
 * Marks, at offset 50 of the key's marks (after babe-seal's and babe-vrf's,
 * added by key object format 5; marks.h): set:u8 set_id:u64 round:u64
 * present:u8, then 2 x 3 targets (hash[32] number:u32). Target slot
 * (round & 1) * 3 + stage holds that stage's target for the window's round
 * of that parity; bit (slot) of `present` says it is recorded.
 */
#include <string.h>

#include "codec.h"
#include "rule.h"
#include "triad_ta.h"

#define GRANDPA_PAYLOAD_BYTES 53
#define GRANDPA_STAGES 3
#define GRANDPA_ROUND_WINDOW 2
#define GRANDPA_TARGET_BYTES 36 /* hash[32] number:u32 */
#define GRANDPA_SLOTS (GRANDPA_ROUND_WINDOW * GRANDPA_STAGES)
#define GRANDPA_MARK_OFFSET 50
#define GRANDPA_MARK_BYTES (1 + 8 + 8 + 1 + GRANDPA_SLOTS * GRANDPA_TARGET_BYTES)

typedef char grandpa_mark_fits[GRANDPA_MARK_OFFSET + GRANDPA_MARK_BYTES <= KEY_MARKS_BYTES ? 1
											 : -1];
/* slots by round parity: the window is two rounds */
typedef char grandpa_window_is_two_rounds[GRANDPA_ROUND_WINDOW == 2 ? 1 : -1];
typedef char grandpa_slots_fit_the_bitmask[GRANDPA_SLOTS <= 8 ? 1 : -1];
typedef char grandpa_target_fits_the_claim[sizeof(((struct rule_claim *)0)->grandpa.target) ==
							   GRANDPA_TARGET_BYTES
						   ? 1
						   : -1];

struct grandpa_mark {
	bool set;
	uint64_t set_id, round; /* the highest set seen, and its highest round */
	uint8_t present;
	uint8_t target[GRANDPA_SLOTS][GRANDPA_TARGET_BYTES];
};

static void read_mark(const uint8_t marks[KEY_MARKS_BYTES], struct grandpa_mark *m)
{
	struct reader r;
	size_t i;

	reader_init(&r, marks + GRANDPA_MARK_OFFSET, GRANDPA_MARK_BYTES);
	m->set = read_u8(&r) == 1;
	m->set_id = read_u64(&r);
	m->round = read_u64(&r);
	m->present = read_u8(&r);
	for (i = 0; i < GRANDPA_SLOTS; i++)
		read_into(&r, m->target[i], GRANDPA_TARGET_BYTES);
}

static void write_mark(uint8_t marks[KEY_MARKS_BYTES], const struct grandpa_mark *m)
{
	struct writer w;
	size_t i;

	writer_init(&w, marks + GRANDPA_MARK_OFFSET, GRANDPA_MARK_BYTES);
	write_u8(&w, 1);
	write_u64(&w, m->set_id);
	write_u64(&w, m->round);
	write_u8(&w, m->present);
	for (i = 0; i < GRANDPA_SLOTS; i++)
		write_bytes(&w, m->target[i], GRANDPA_TARGET_BYTES);
}

static uint32_t parse(const uint8_t *payload, size_t len, struct rule_claim *claim)
{
	struct reader r;

	if (len != GRANDPA_PAYLOAD_BYTES)
		return TRIAD_ERR_MALFORMED;
	reader_init(&r, payload, len);
	claim->grandpa.stage = read_u8(&r);
	read_into(&r, claim->grandpa.target, GRANDPA_TARGET_BYTES);
	claim->grandpa.round = read_u64(&r);
	claim->grandpa.set_id = read_u64(&r);
	if (!reader_done(&r) || claim->grandpa.stage >= GRANDPA_STAGES)
		return TRIAD_ERR_MALFORMED;
	claim->msg = payload;
	claim->msg_len = len;
	claim->scope = claim->grandpa.round;
	return 0;
}

static size_t slot_of(const struct rule_claim *claim)
{
	return (size_t)(claim->grandpa.round & 1) * GRANDPA_STAGES + claim->grandpa.stage;
}

static uint32_t check(const uint8_t marks[KEY_MARKS_BYTES], const struct rule_claim *claim)
{
	const struct grandpa_fields *v = &claim->grandpa;
	struct grandpa_mark m;
	size_t slot = slot_of(claim);

	read_mark(marks, &m);
	if (!m.set || v->set_id > m.set_id)
		return 0; /* a new set: its rounds start again */
	if (v->set_id < m.set_id)
		return TRIAD_ERR_REGRESSION;
	if (v->round > m.round)
		return 0; /* a new highest round: nothing signed there */
	if (m.round - v->round >= GRANDPA_ROUND_WINDOW)
		return TRIAD_ERR_REGRESSION;
	if (!(m.present >> slot & 1))
		return 0;
	return memcmp(m.target[slot], v->target, GRANDPA_TARGET_BYTES) ? TRIAD_ERR_CONFLICT : 0;
}

/* Forgets the window's rounds that `round`, the new highest, leaves behind. */
static void slide_window(struct grandpa_mark *m, uint64_t round)
{
	uint8_t parity = (1u << GRANDPA_STAGES) - 1; /* the stages of an even round */

	if (round - m->round >= GRANDPA_ROUND_WINDOW) {
		m->present = 0;
	} else {
		/* one step: round - 2, of the new round's parity, leaves the window */
		m->present &= (uint8_t)~(round & 1 ? parity << GRANDPA_STAGES : parity);
	}
	m->round = round;
}

static bool advance(uint8_t marks[KEY_MARKS_BYTES], const struct rule_claim *claim)
{
	const struct grandpa_fields *v = &claim->grandpa;
	struct grandpa_mark m;
	size_t slot = slot_of(claim);

	read_mark(marks, &m);
	if (!m.set || v->set_id > m.set_id) {
		memset(&m, 0, sizeof(m));
		m.set_id = v->set_id;
		m.round = v->round;
	} else if (v->set_id < m.set_id ||
		   (v->round < m.round && m.round - v->round >= GRANDPA_ROUND_WINDOW)) {
		return false; /* never moved back, even without a check first */
	} else if (v->round > m.round) {
		slide_window(&m, v->round);
	} else if (m.present >> slot & 1) {
		return false; /* an identical repeat (check refused any other) */
	}
	m.present |= (uint8_t)(1u << slot);
	memcpy(m.target[slot], v->target, GRANDPA_TARGET_BYTES);
	write_mark(marks, &m);
	return true;
}

const struct rule grandpa_vote_rule = { "grandpa-vote", parse, check, advance, NULL };
