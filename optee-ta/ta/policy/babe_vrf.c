// SPDX-License-Identifier: Apache-2.0
/*
 * babe-vrf and babe-vrf-pre-output (DESIGN.md 6, POLKADOT.md "babe"): a
 * BABE slot claim's VRF, and its pre-output alone. Payload: slot:u64
 * epoch:u64 randomness[32] (48 bytes, little-endian); the TA builds
 * Merlin("BABE") from these itself (core/vrf_transcript.c).
 *
 * No slashing risk, but a VRF output is the validator's lottery ticket: who
 * knows it before the slot knows when the validator authors, and can aim a
 * denial of service there. So the rule: a VRF only for slots up to
 * BABE_VRF_WINDOW ahead of the highest slot the key has recorded (its
 * babe-seal mark or its babe-vrf mark, whichever is higher). Lower slots are
 * always served (a repeat, a reorg, a secondary claim: nothing to hide).
 *
 * The window: 2400 slots, one Polkadot epoch (4 h of 6 s slots; a Kusama
 * epoch is 600). The node asks for each slot as it comes, so it needs a
 * window of a few slots; one that computes its claims for the rest of an
 * epoch ahead of time (whose randomness is already fixed) still fits, and
 * a host learns at most one epoch of future claims per request. A fresh key
 * (no mark) is served for any slot and its first VRF sets the mark: it has
 * seen nothing to measure a window from, and refusing would keep a new
 * validator from ever claiming. After an outage longer than the window the
 * peer steps the mark forward with VRF requests at most a window apart
 * (each sealed by two TAs); without trusted time the TA cannot do better.
 *
 * The mark is recorded lazily: advanced only when a slot is at least
 * BABE_VRF_MARK_STEP past it, so a validator asking every slot seals once
 * every 64 slots instead of every slot (flash wear, latency). The recorded
 * mark is never above a slot actually asked for, so the window still holds
 * against the highest slot seen; an honest node keeps >= 2336 slots ahead.
 *
 * Mark, at offset 41 of the key's marks (after babe-seal's): set:u8 slot:u64.
 */
#include <string.h>

#include "babe_seal.h"
#include "codec.h"
#include "rule.h"
#include "triad_ta.h"

#define BABE_VRF_PAYLOAD_BYTES 48
#define BABE_VRF_MARK_OFFSET 41
#define BABE_VRF_WINDOW 2400u
#define BABE_VRF_MARK_STEP 64u

typedef char babe_vrf_mark_fits[BABE_VRF_MARK_OFFSET + 9 <= KEY_MARKS_BYTES ? 1 : -1];

struct babe_vrf_mark {
	bool set;
	uint64_t slot;
};

static void read_mark(const uint8_t marks[KEY_MARKS_BYTES], struct babe_vrf_mark *m)
{
	struct reader r;

	reader_init(&r, marks + BABE_VRF_MARK_OFFSET, 9);
	m->set = read_u8(&r) == 1;
	m->slot = read_u64(&r);
}

static uint32_t parse_fields(const uint8_t *payload, size_t len, struct rule_claim *claim,
			     bool pre_output_only)
{
	struct reader r;

	if (len != BABE_VRF_PAYLOAD_BYTES)
		return TRIAD_ERR_MALFORMED;
	reader_init(&r, payload, len);
	claim->vrf.transcript = VRF_TRANSCRIPT_BABE;
	claim->vrf.pre_output_only = pre_output_only;
	claim->vrf.slot = read_u64(&r);
	claim->vrf.epoch = read_u64(&r);
	read_into(&r, claim->vrf.randomness, 32);
	claim->scope = claim->vrf.slot;
	claim->msg = NULL;
	claim->msg_len = 0;
	return reader_done(&r) ? 0 : TRIAD_ERR_MALFORMED;
}

static uint32_t parse_proof(const uint8_t *payload, size_t len, struct rule_claim *claim)
{
	return parse_fields(payload, len, claim, false);
}

static uint32_t parse_pre_output(const uint8_t *payload, size_t len, struct rule_claim *claim)
{
	return parse_fields(payload, len, claim, true);
}

static uint32_t check(const uint8_t marks[KEY_MARKS_BYTES], const struct rule_claim *claim)
{
	struct babe_seal_mark seal;
	struct babe_vrf_mark vrf;
	uint64_t base = 0;

	babe_seal_read_mark(marks, &seal);
	read_mark(marks, &vrf);
	if (!seal.set && !vrf.set)
		return 0;
	if (seal.set)
		base = seal.slot;
	if (vrf.set && vrf.slot > base)
		base = vrf.slot;
	if (base <= UINT64_MAX - BABE_VRF_WINDOW && claim->scope > base + BABE_VRF_WINDOW)
		return TRIAD_ERR_POLICY;
	return 0;
}

static bool advance(uint8_t marks[KEY_MARKS_BYTES], const struct rule_claim *claim)
{
	struct babe_vrf_mark m;
	struct writer w;

	read_mark(marks, &m);
	if (m.set && (claim->scope < m.slot || claim->scope - m.slot < BABE_VRF_MARK_STEP))
		return false;
	writer_init(&w, marks + BABE_VRF_MARK_OFFSET, 9);
	write_u8(&w, 1);
	write_u64(&w, claim->scope);
	return true;
}

const struct rule babe_vrf_rule = { "babe-vrf", parse_proof, check, advance, NULL };
const struct rule babe_vrf_pre_output_rule = { "babe-vrf-pre-output", parse_pre_output, check,
					       advance, NULL };
