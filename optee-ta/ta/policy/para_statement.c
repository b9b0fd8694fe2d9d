// SPDX-License-Identifier: Apache-2.0
/*
 * para-statement (DESIGN.md 6, POLKADOT.md "para"): what a `para` key
 * (sr25519) signs for parachain consensus. The payload is the bytes the node
 * signs (SCALE, little-endian), and the key signs them as they are:
 *
 *   backing     "BKNG" variant:u8 (1 Seconded, 2 Valid) candidate_hash[32]
 *               session:u32 parent_hash[32]                       73 bytes
 *   bitfield    compact(bits) ceil(bits / 8) bytes (BitVec<u8, Lsb0>)
 *               session:u32 parent_hash[32]
 *   dispute     "DISP" valid:bool candidate_hash[32] session:u32  41 bytes
 *   approval    "APPR" candidate_hash[32] session:u32             40 bytes
 *               "APPR" compact(n) n x candidate_hash[32] session:u32, n >= 2
 *   PVF check   "VCPC" accept:bool code_hash[32] session:u32
 *               validator_index:u32                               45 bytes
 *
 * (session:u32 parent_hash[32] is the SigningContext that Signed<P> appends.)
 * The magic forms are tried first, a bitfield only if none parses; anything
 * else is MALFORMED. Strictly: a bool is 0 or 1, compacts are canonical, a
 * bitfield has 1..4096 bits (Polkadot has about 100 cores) and zero bits
 * past its length (the node's BitVec never sets them), an approval of
 * several has 2..64 candidates (the node sends one as the single form; it
 * coalesces at most the runtime's max_approval_coalesce_count, a handful, so
 * 64 is a wide margin that bounds the work of one request), and nothing
 * trails.
 *
 * The rule, per key: for one (session, candidate) never both a valid-side
 * statement (backing, approval, dispute valid) and an invalid-side one
 * (dispute invalid): the second is CONFLICT (backing or approving a
 * candidate disputes find invalid is slashed; a valid vote and an invalid
 * vote on one candidate is an equivocation a validator must never make).
 * Identical repeats sign. Sessions more than PARA_WINDOW - 1 below the
 * highest session seen are REGRESSION: the window is the dispute window of
 * 6 sessions, beyond which Polkadot accepts no dispute; a higher session
 * moves it. An approval of several candidates is all or nothing.
 *
 * Bitfields and PVF pre-checks carry no mark: neither is slashable (a
 * bitfield attests to chunks held; PVF pre-check votes are not punished).
 * They obey the window (cheap, consistent) but record nothing, not even a
 * higher session: a stray one from far ahead cannot move the window.
 *
 * Where it is kept. Valid-side statements are common (tens per block),
 * invalid-side ones rare (disputes). So per session of the window the key
 * keeps a log of 8-byte tags (the first 8 bytes of the candidate hash) of
 * the candidates it took the valid side of, in sealed pages beside its
 * object (para_log.c: an append writes the last page, O(1)), bound to the
 * key's marks by a hash chain; the invalid side is a set of at most 16
 * (session, tag) in the marks. A valid-side statement is CONFLICT if a tag
 * is in the invalid set; an invalid-side one scans the session's log (every
 * page read and verified: rare). Two candidates sharing a tag (a 2^-64
 * accident, or hashes a host made up) are one candidate here: that can only
 * refuse, never sign both sides of one candidate.
 *
 * Capacity of a log. A Polkadot session is 2400 blocks (4 hours). With about
 * 600 validators, 80 cores and 30 needed approvals plus no-show replacements
 * (about 35 checkers per candidate), a validator approves about
 * 80 * 35 / 600 = 4.7 candidates per block, backs 1 to 2 (async backing) and
 * seldom votes in a dispute: about 7 valid-side tags per block, 16,800 per
 * session. A log holds PARA_LOG_CAPACITY = 32,768 tags (256 pages of 1 KiB,
 * about 2x that); 6 sessions make at most 1.5 MiB sealed per `para` key.
 * A full log refuses (POLICY): forgetting a live candidate could let the key
 * later sign its invalid side. A full invalid set refuses the same way:
 * 16 invalid votes within 6 sessions is far past any honest dispute load.
 *
 * Marks, at offset 284 of the key's marks (after grandpa-vote's, added by key
 * object format 6; marks.h):
 *
 *   set:u8 high:u32 (the highest session seen)
 *   6 x (session:u32 count:u32 head[32])   the log of slot session % 6
 *   invalid_used:u16 (bit i: entry i is held)
 *   16 x (session:u32 tag[8])               the invalid set
 *
 * A slot whose session is not the statement's, or whose count is 0, is an
 * empty log: its pages belong to a session that left the window and are
 * overwritten as the new one grows; past `count` nothing is ever read. An
 * invalid entry of a session that left the window is free again.
 *
 * Order: the check and the advance are one step. Nothing is written for a
 * refusal; for a new valid-side tag the page is written first, then core
 * seals the key's object with the marks (and counts it, as for every kind).
 * A crash between the two leaves a tag past the sealed count: never read.
 */
#include <string.h>

#include "codec.h"
#include "para_log.h"
#include "rule.h"
#include "scale.h"
#include "triad_ta.h"

#define PARA_WINDOW 6	      /* sessions: the highest seen and the 5 below it */
#define PARA_MAX_INVALID 16   /* (session, tag) entries of the invalid set */
#define PARA_MAX_BITS 4096u   /* bits of an availability bitfield */
#define PARA_CONTEXT_BYTES 36 /* SigningContext: session:u32 parent_hash[32] */
#define PARA_LOG_MARK_BYTES (4 + 4 + PARA_HEAD_BYTES)
#define PARA_INVALID_MARK_BYTES (4 + PARA_TAG_BYTES)
#define PARA_MARK_OFFSET 284
#define PARA_MARK_BYTES                                               \
	(1 + 4 + PARA_SESSION_SLOTS * PARA_LOG_MARK_BYTES + 2 +        \
	 PARA_MAX_INVALID * PARA_INVALID_MARK_BYTES)

typedef char para_mark_fits[PARA_MARK_OFFSET + PARA_MARK_BYTES <= KEY_MARKS_BYTES ? 1 : -1];
typedef char para_window_is_the_slots[PARA_WINDOW == PARA_SESSION_SLOTS ? 1 : -1];
typedef char para_invalid_set_fits_the_bitmask[PARA_MAX_INVALID <= 16 ? 1 : -1];

struct para_invalid {
	uint32_t session;
	uint8_t tag[PARA_TAG_BYTES];
};

struct para_mark {
	bool set;
	uint32_t high;
	struct para_log logs[PARA_SESSION_SLOTS];
	uint16_t used;
	struct para_invalid invalid[PARA_MAX_INVALID];
};

static void read_mark(const uint8_t marks[KEY_MARKS_BYTES], struct para_mark *m)
{
	struct reader r;
	size_t i;

	reader_init(&r, marks + PARA_MARK_OFFSET, PARA_MARK_BYTES);
	m->set = read_u8(&r) == 1;
	m->high = read_u32(&r);
	for (i = 0; i < PARA_SESSION_SLOTS; i++) {
		m->logs[i].session = read_u32(&r);
		m->logs[i].count = read_u32(&r);
		read_into(&r, m->logs[i].head, PARA_HEAD_BYTES);
	}
	m->used = read_u16(&r);
	for (i = 0; i < PARA_MAX_INVALID; i++) {
		m->invalid[i].session = read_u32(&r);
		read_into(&r, m->invalid[i].tag, PARA_TAG_BYTES);
	}
}

static void write_mark(uint8_t marks[KEY_MARKS_BYTES], const struct para_mark *m)
{
	struct writer w;
	size_t i;

	writer_init(&w, marks + PARA_MARK_OFFSET, PARA_MARK_BYTES);
	write_u8(&w, 1);
	write_u32(&w, m->high);
	for (i = 0; i < PARA_SESSION_SLOTS; i++) {
		write_u32(&w, m->logs[i].session);
		write_u32(&w, m->logs[i].count);
		write_bytes(&w, m->logs[i].head, PARA_HEAD_BYTES);
	}
	write_u16(&w, m->used);
	for (i = 0; i < PARA_MAX_INVALID; i++) {
		write_u32(&w, m->invalid[i].session);
		write_bytes(&w, m->invalid[i].tag, PARA_TAG_BYTES);
	}
}

/* ---- the parser ---- */

static bool magic(struct scale_reader *r, const char tag[4])
{
	const uint8_t *m;

	return !scale_read_bytes(r, 4, &m) && !memcmp(m, tag, 4);
}

static bool read_bool(struct scale_reader *r, uint8_t *b)
{
	return !scale_read_u8(r, b) && *b <= 1;
}

/* The SigningContext, and nothing after it. */
static bool read_context(struct scale_reader *r, uint32_t *session)
{
	const uint8_t *parent;

	return !scale_read_u32(r, session) && !scale_read_bytes(r, 32, &parent) &&
	       !scale_remaining(r);
}

static bool parse_backing(const uint8_t *p, size_t len, struct para_fields *f)
{
	struct scale_reader r;
	uint8_t variant;

	scale_reader_init(&r, p, len);
	if (!magic(&r, "BKNG") || scale_read_u8(&r, &variant) || (variant != 1 && variant != 2) ||
	    scale_read_bytes(&r, 32, &f->candidates) || !read_context(&r, &f->session))
		return false;
	f->form = PARA_FORM_BACKING;
	f->side = PARA_SIDE_VALID;
	f->n = 1;
	return true;
}

static bool parse_dispute(const uint8_t *p, size_t len, struct para_fields *f)
{
	struct scale_reader r;
	uint8_t valid;

	scale_reader_init(&r, p, len);
	if (!magic(&r, "DISP") || !read_bool(&r, &valid) ||
	    scale_read_bytes(&r, 32, &f->candidates) || scale_read_u32(&r, &f->session) ||
	    scale_remaining(&r))
		return false;
	f->form = PARA_FORM_DISPUTE;
	f->side = valid ? PARA_SIDE_VALID : PARA_SIDE_INVALID;
	f->n = 1;
	return true;
}

static bool parse_approval(const uint8_t *p, size_t len, struct para_fields *f)
{
	struct scale_reader r;
	uint32_t n = 1;

	scale_reader_init(&r, p, len);
	if (!magic(&r, "APPR"))
		return false;
	/* several: a Vec of 2..64 hashes; the single form is exactly 40 bytes */
	if (len != 4 + 32 + 4 &&
	    (scale_read_compact_u32(&r, &n) || n < 2 || n > PARA_MAX_CANDIDATES))
		return false;
	if (scale_read_bytes(&r, (size_t)n * 32, &f->candidates) ||
	    scale_read_u32(&r, &f->session) || scale_remaining(&r))
		return false;
	f->form = PARA_FORM_APPROVAL;
	f->side = PARA_SIDE_VALID;
	f->n = n;
	return true;
}

static bool parse_pvf_check(const uint8_t *p, size_t len, struct para_fields *f)
{
	struct scale_reader r;
	const uint8_t *code_hash;
	uint32_t validator_index;
	uint8_t accept;

	scale_reader_init(&r, p, len);
	if (!magic(&r, "VCPC") || !read_bool(&r, &accept) ||
	    scale_read_bytes(&r, 32, &code_hash) || scale_read_u32(&r, &f->session) ||
	    scale_read_u32(&r, &validator_index) || scale_remaining(&r))
		return false;
	f->form = PARA_FORM_PVF_CHECK;
	f->side = PARA_SIDE_NONE;
	return true;
}

static bool parse_bitfield(const uint8_t *p, size_t len, struct para_fields *f)
{
	struct scale_reader r;
	const uint8_t *bytes;
	uint32_t bits;
	size_t nbytes;

	scale_reader_init(&r, p, len);
	if (scale_read_compact_u32(&r, &bits) || bits == 0 || bits > PARA_MAX_BITS)
		return false;
	nbytes = (bits + 7) / 8;
	if (scale_read_bytes(&r, nbytes, &bytes) || !read_context(&r, &f->session))
		return false;
	/* the unused high bits of the last byte are zero, as the node encodes them */
	if (bits % 8 && bytes[nbytes - 1] >> (bits % 8))
		return false;
	f->form = PARA_FORM_BITFIELD;
	f->side = PARA_SIDE_NONE;
	return true;
}

static uint32_t parse(const uint8_t *payload, size_t len, struct rule_claim *claim)
{
	struct para_fields *f = &claim->para;

	memset(f, 0, sizeof(*f));
	if (!parse_backing(payload, len, f) && !parse_dispute(payload, len, f) &&
	    !parse_approval(payload, len, f) && !parse_pvf_check(payload, len, f) &&
	    !parse_bitfield(payload, len, f)) {
		memset(f, 0, sizeof(*f));
		return TRIAD_ERR_MALFORMED;
	}
	if (f->side == PARA_SIDE_NONE)
		f->candidates = NULL;
	claim->msg = payload;
	claim->msg_len = len;
	claim->scope = f->session;
	return 0;
}

/* ---- the rule ---- */

/* Below the window of a highest session `high`. */
static bool left_window(uint32_t session, uint32_t high)
{
	return session < high && high - session >= PARA_WINDOW;
}

/* Entry i holds an invalid-side statement of a session in the window of `high`. */
static bool invalid_live(const struct para_mark *m, size_t i, uint32_t high)
{
	return (m->used >> i & 1) && !left_window(m->invalid[i].session, high);
}

static bool invalid_holds(const struct para_mark *m, uint32_t high, uint32_t session,
			  const uint8_t tag[PARA_TAG_BYTES])
{
	size_t i;

	for (i = 0; i < PARA_MAX_INVALID; i++)
		if (invalid_live(m, i, high) && m->invalid[i].session == session &&
		    !memcmp(m->invalid[i].tag, tag, PARA_TAG_BYTES))
			return true;
	return false;
}

/* The session's log as the marks hold it, or an empty one if its slot holds another session. */
static void log_of(const struct para_mark *m, const struct rule_store *st, uint32_t session,
		   struct para_log *log)
{
	*log = m->logs[session % PARA_SESSION_SLOTS];
	if (log->session != session || log->count == 0)
		para_log_start(log, st->key_pk, session);
}

static uint32_t record_valid(struct para_mark *m, uint32_t high, const struct para_fields *f,
			     const struct rule_store *st, bool *moved)
{
	uint8_t tags[PARA_MAX_CANDIDATES * PARA_TAG_BYTES];
	struct para_log log;
	bool appended;
	uint32_t rc;
	size_t i;

	if (f->n == 0 || f->n > PARA_MAX_CANDIDATES)
		return TRIAD_ERR_MALFORMED; /* the parser never gives these */
	/* every candidate first: one conflict and nothing is recorded */
	for (i = 0; i < f->n; i++) {
		memcpy(tags + i * PARA_TAG_BYTES, f->candidates + i * 32, PARA_TAG_BYTES);
		if (invalid_holds(m, high, f->session, tags + i * PARA_TAG_BYTES))
			return TRIAD_ERR_CONFLICT;
	}
	log_of(m, st, f->session, &log);
	rc = para_log_append(st, &log, tags, f->n, &appended);
	if (rc)
		return rc;
	if (appended) {
		m->logs[f->session % PARA_SESSION_SLOTS] = log;
		*moved = true;
	}
	return 0;
}

static uint32_t record_invalid(struct para_mark *m, uint32_t high, const struct para_fields *f,
			       const struct rule_store *st, bool *moved)
{
	const struct para_log *log = &m->logs[f->session % PARA_SESSION_SLOTS];
	const uint8_t *tag = f->candidates;
	bool found = false;
	uint32_t rc;
	size_t i;

	if (invalid_holds(m, high, f->session, tag))
		return 0; /* an identical repeat */
	if (log->session == f->session && log->count) {
		rc = para_log_find(st, log, tag, &found);
		if (rc)
			return rc;
		if (found)
			return TRIAD_ERR_CONFLICT;
	}
	for (i = 0; i < PARA_MAX_INVALID && invalid_live(m, i, high); i++)
		;
	if (i == PARA_MAX_INVALID)
		return TRIAD_ERR_POLICY; /* full: refused, never an entry forgotten */
	m->used |= (uint16_t)(1u << i);
	m->invalid[i].session = f->session;
	memcpy(m->invalid[i].tag, tag, PARA_TAG_BYTES);
	*moved = true;
	return 0;
}

/* Entries of sessions that left the window: freed, so the marks hold only what counts. */
static void forget_left(struct para_mark *m)
{
	size_t i;

	for (i = 0; i < PARA_MAX_INVALID; i++)
		if ((m->used >> i & 1) && !invalid_live(m, i, m->high)) {
			m->used &= (uint16_t)~(1u << i);
			memset(&m->invalid[i], 0, sizeof(m->invalid[i]));
		}
}

static uint32_t check_and_advance(uint8_t marks[KEY_MARKS_BYTES], const struct rule_claim *claim,
				  const struct rule_store *st, bool *changed)
{
	const struct para_fields *f = &claim->para;
	static struct para_mark m; /* about 450 bytes: off the TA's 16 KiB stack */
	bool moved = false;
	uint32_t high, rc;

	if (!st || !st->io)
		return TRIAD_ERR_STORAGE; /* nowhere to keep the logs: fail closed, every form */
	read_mark(marks, &m);
	if (m.set && left_window(f->session, m.high))
		return TRIAD_ERR_REGRESSION;
	if (f->side == PARA_SIDE_NONE)
		return 0; /* bitfields and PVF pre-checks record nothing */
	high = !m.set || f->session > m.high ? f->session : m.high;
	rc = f->side == PARA_SIDE_VALID ? record_valid(&m, high, f, st, &moved)
					: record_invalid(&m, high, f, st, &moved);
	if (rc)
		return rc;
	if (!m.set || high != m.high)
		moved = true;
	if (!moved)
		return 0; /* an identical repeat */
	m.set = true;
	m.high = high;
	forget_left(&m);
	write_mark(marks, &m);
	*changed = true;
	return 0;
}

const struct rule para_statement_rule = {
	.kind = "para-statement",
	.parse = parse,
	.check_and_advance_stored = check_and_advance,
};
