// SPDX-License-Identifier: Apache-2.0
/*
 * beefy-commitment (DESIGN.md 6, POLKADOT.md "beef"): a BEEFY vote, signed by
 * a `beef` key (ecdsa secp256k1). The payload is the node's SCALE encoding of
 * sp_consensus_beefy's Commitment, exactly as the node signs it:
 *
 *   payload          compact(n), n x (id[2] compact(len) value[len])
 *   block_number     u32 (Polkadot's and Kusama's BlockNumber)
 *   validator_set_id u64                                (little-endian)
 *
 * The node signs keccak-256 of these bytes (BeefyKeystore::sign hashes, then
 * ecdsa_sign_prehashed): `msg` is the whole encoding and the signing core
 * computes that prehash; this file never hashes with Keccak. `digest` is
 * BLAKE2b-256 of the encoding, what the marks compare (as babe-seal's do):
 * one 32-byte name for one exact commitment.
 *
 * The parser takes exactly the bytes: compacts canonical (scale.c), the
 * payload's ids strictly increasing (payload.rs: "Identifiers MUST be sorted
 * ... Duplicated identifiers are disallowed"; the node builds it with
 * from_single_entry or push_raw, which sorts), at least one entry, and
 * nothing after validator_set_id. Anything else is MALFORMED. Substrate's
 * derived Decode would take unsorted or duplicate ids, but no honest node
 * signs them, so the TA does not either.
 *
 * Bounds (rule.h), all fail closed. Polkadot's payload is one entry, "mh"
 * (the MMR root, 32 bytes): a 48-byte commitment. BEEFY_MAX_ENTRIES 16 and
 * BEEFY_MAX_VALUE_BYTES 1024 leave room for the few entries a chain may add
 * (other Substrate chains add an authority-set root or a small encoding next
 * to "mh"), and BEEFY_MAX_COMMITMENT_BYTES 4096 caps the whole: one request
 * never costs the TA more than hashing 4 KiB, and no real commitment is near
 * it.
 *
 * The rule, per key: one commitment per block number. The mark is the last
 * signed commitment: its validator_set_id, block_number and digest.
 *   - set_id below the mark's: REGRESSION (decided first, as grandpa-vote's
 *     set is: a lower set never reaches the block test);
 *   - block_number below the mark's: REGRESSION;
 *   - the mark's block_number with another digest: CONFLICT (two payloads
 *     for one (set_id, block) is the double vote BEEFY slashes);
 *   - the identical commitment again: signs, nothing changes (a retry);
 *   - a higher block_number signs and moves the mark; with a higher set_id
 *     it moves the set too.
 * A new set keeps the block mark: block numbers never go back, even across
 * a set change. BEEFY's block numbers are chain heights, a new set's first
 * (mandatory) block is its session start, after every block the old set
 * voted on, and the node itself only votes above its best_voted block
 * whatever the set (worker.rs try_to_vote). So a new set at or below the
 * mark is no honest vote: below is REGRESSION, at the mark's block it is
 * another payload for that block, CONFLICT. Fail closed.
 *
 * What the TA cannot judge: a vote on a fork (a commitment for a block that
 * is not the finalized one at that height) or on a future block (above what
 * GRANDPA has finalized) are slashable too, but the TA has no view of the
 * chain; only the node, which chose the target, can keep those. The TA
 * keeps the equivocation the bytes alone can show.
 *
 * Mark, at offset 0 of a `beef` key's marks: set:u8 set_id:u64 block:u32
 * digest[32] (45 bytes, little-endian; set is 1 or unset). A `beef` key signs
 * beefy-commitment and ownership-proof alone (rules.c), and ownership-proof
 * keeps no mark, so no other rule ever reads or writes a `beef` key's area:
 * the mark lives there without growing KEY_MARKS_BYTES or the key object
 * format (marks.h). The offsets are babe-seal's and babe-vrf's on a `babe`
 * key; never both on one key.
 */
#include <string.h>

#include <sodium.h>

#include "codec.h"
#include "rule.h"
#include "scale.h"
#include "triad_ta.h"

#define BEEFY_ID_BYTES 2
#define BEEFY_MARK_OFFSET 0
#define BEEFY_MARK_BYTES (1 + 8 + 4 + 32)

typedef char beefy_mark_fits[BEEFY_MARK_OFFSET + BEEFY_MARK_BYTES <= KEY_MARKS_BYTES ? 1 : -1];
/* a request can carry the largest commitment the TA takes */
typedef char beefy_bound_fits_a_request[BEEFY_MAX_COMMITMENT_BYTES <= TRIAD_MAX_PAYLOAD ? 1 : -1];

struct beefy_mark {
	bool set;
	uint64_t set_id;
	uint32_t block;
	uint8_t digest[32];
};

static void read_mark(const uint8_t marks[KEY_MARKS_BYTES], struct beefy_mark *m)
{
	struct reader r;

	reader_init(&r, marks + BEEFY_MARK_OFFSET, BEEFY_MARK_BYTES);
	m->set = read_u8(&r) == 1;
	m->set_id = read_u64(&r);
	m->block = read_u32(&r);
	read_into(&r, m->digest, sizeof(m->digest));
}

static void write_mark(uint8_t marks[KEY_MARKS_BYTES], const struct beefy_mark *m)
{
	struct writer w;

	writer_init(&w, marks + BEEFY_MARK_OFFSET, BEEFY_MARK_BYTES);
	write_u8(&w, 1);
	write_u64(&w, m->set_id);
	write_u32(&w, m->block);
	write_bytes(&w, m->digest, sizeof(m->digest));
}

static uint32_t parse(const uint8_t *payload, size_t len, struct rule_claim *claim)
{
	struct beefy_fields *f = &claim->beefy;
	const uint8_t *id, *prev = NULL, *value;
	struct scale_reader r;
	size_t value_len;
	uint32_t n, i;

	if (len > BEEFY_MAX_COMMITMENT_BYTES)
		return TRIAD_ERR_MALFORMED;
	scale_reader_init(&r, payload, len);
	if (scale_read_compact_u32(&r, &n) || n == 0 || n > BEEFY_MAX_ENTRIES)
		return TRIAD_ERR_MALFORMED;
	for (i = 0; i < n; i++) {
		if (scale_read_bytes(&r, BEEFY_ID_BYTES, &id) ||
		    scale_read_vec_u8(&r, &value, &value_len) || value_len > BEEFY_MAX_VALUE_BYTES)
			return TRIAD_ERR_MALFORMED;
		/* [u8; 2] orders as Rust's arrays do: bytewise */
		if (prev && memcmp(prev, id, BEEFY_ID_BYTES) >= 0)
			return TRIAD_ERR_MALFORMED;
		prev = id;
	}
	if (scale_read_u32(&r, &f->block_number) || scale_read_u64(&r, &f->validator_set_id) ||
	    scale_remaining(&r))
		return TRIAD_ERR_MALFORMED;
	f->entries = n;
	crypto_generichash_blake2b(claim->digest, sizeof(claim->digest), payload, len, NULL, 0);
	/* the signing core signs keccak-256 of these bytes, as the node does */
	claim->msg = payload;
	claim->msg_len = len;
	claim->scope = f->block_number;
	return 0;
}

static uint32_t check(const uint8_t marks[KEY_MARKS_BYTES], const struct rule_claim *claim)
{
	const struct beefy_fields *f = &claim->beefy;
	struct beefy_mark m;

	read_mark(marks, &m);
	if (!m.set)
		return 0;
	if (f->validator_set_id < m.set_id || f->block_number < m.block)
		return TRIAD_ERR_REGRESSION;
	if (f->block_number == m.block && sodium_memcmp(claim->digest, m.digest, 32))
		return TRIAD_ERR_CONFLICT;
	return 0;
}

/* Only ever forward: a lower set, or a block at or below the mark, leaves it as it is. */
static bool advance(uint8_t marks[KEY_MARKS_BYTES], const struct rule_claim *claim)
{
	const struct beefy_fields *f = &claim->beefy;
	struct beefy_mark m;

	read_mark(marks, &m);
	if (m.set && (f->validator_set_id < m.set_id || f->block_number <= m.block))
		return false;
	m.set = true;
	m.set_id = f->validator_set_id;
	m.block = f->block_number;
	memcpy(m.digest, claim->digest, sizeof(m.digest));
	write_mark(marks, &m);
	return true;
}

const struct rule beefy_commitment_rule = { "beefy-commitment", parse, check, advance, NULL };
