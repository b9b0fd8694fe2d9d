// SPDX-License-Identifier: Apache-2.0
/*
 * para-statement's logs (para_log.h). A log is the tags of one session in
 * pages of PARA_PAGE_TAGS; page p holds tags p * 128 .. p * 128 + 127. A page
 * object is the chain head before its first tag, then its tags:
 *
 *   start[32] tag[8] x k     (1 <= k <= 128; k may exceed what the marks count)
 *
 * The chain is head' = BLAKE2b-256(head || tag) from the log's start (which
 * binds the key's public key and the session), and the marks hold its value
 * over the `count` tags they count. So the last page alone verifies against
 * the marks (its start, then its counted tags, must give the head: finding
 * another start and tags that do would be a BLAKE2b second preimage), which
 * keeps an append O(1); a whole scan verifies every page from the log's start.
 * A page that is missing, or does not verify, is a rollback, a page of another
 * key or session, or corruption: STORAGE, fail closed.
 *
 * Tags past `count` (a page written, then a crash before the key's object was
 * sealed; or a session that held more tags before the slot came round again)
 * are never read: the counted prefix alone is. An older page put back is a
 * shorter prefix (STORAGE) or the same bytes.
 */
#include <string.h>

#include <sodium.h>

#include "object_io.h"
#include "para_log.h"
#include "triad_ta.h"

#define PARA_LOG_CONTEXT "triad-para-log"
#define PARA_LOG_CONTEXT_BYTES (sizeof(PARA_LOG_CONTEXT) - 1)

typedef char para_page_index_fits_three_digits[PARA_LOG_PAGES <= 1000 ? 1 : -1];
typedef char para_key_slot_fits_two_digits[TRIAD_MAX_KEYS <= 100 ? 1 : -1];
typedef char para_session_slot_fits_one_digit[PARA_SESSION_SLOTS <= 10 ? 1 : -1];
/* GP limits an object id to 64 bytes (TEE_OBJECT_ID_MAX_LEN) */
typedef char para_log_id_fits_gp[PARA_LOG_ID_BYTES - 1 <= 64 ? 1 : -1];
typedef char para_log_count_fits_u32[PARA_LOG_CAPACITY <= 0xffffffffu ? 1 : -1];

/* One page in RAM at a time (the TA is single-threaded): a scan never needs more. */
static uint8_t page[PARA_PAGE_MAX_BYTES];

static void digit(char *c, size_t v)
{
	*c = (char)('0' + v % 10);
}

void para_log_id(char id[PARA_LOG_ID_BYTES], size_t key_slot, uint32_t session, uint32_t page_no)
{
	memcpy(id, "triad-para-00-0-000", PARA_LOG_ID_BYTES);
	digit(&id[11], key_slot / 10);
	digit(&id[12], key_slot);
	digit(&id[14], session % PARA_SESSION_SLOTS);
	digit(&id[16], page_no / 100);
	digit(&id[17], page_no / 10);
	digit(&id[18], page_no);
}

static void step(uint8_t head[PARA_HEAD_BYTES], const uint8_t tag[PARA_TAG_BYTES])
{
	uint8_t in[PARA_HEAD_BYTES + PARA_TAG_BYTES];

	memcpy(in, head, PARA_HEAD_BYTES);
	memcpy(in + PARA_HEAD_BYTES, tag, PARA_TAG_BYTES);
	crypto_generichash_blake2b(head, PARA_HEAD_BYTES, in, sizeof(in), NULL, 0);
}

void para_log_start(struct para_log *log, const uint8_t key_pk[32], uint32_t session)
{
	uint8_t in[PARA_LOG_CONTEXT_BYTES + 32 + 4];

	memcpy(in, PARA_LOG_CONTEXT, PARA_LOG_CONTEXT_BYTES);
	memcpy(in + PARA_LOG_CONTEXT_BYTES, key_pk, 32);
	in[PARA_LOG_CONTEXT_BYTES + 32] = (uint8_t)session;
	in[PARA_LOG_CONTEXT_BYTES + 33] = (uint8_t)(session >> 8);
	in[PARA_LOG_CONTEXT_BYTES + 34] = (uint8_t)(session >> 16);
	in[PARA_LOG_CONTEXT_BYTES + 35] = (uint8_t)(session >> 24);
	log->session = session;
	log->count = 0;
	crypto_generichash_blake2b(log->head, PARA_HEAD_BYTES, in, sizeof(in), NULL, 0);
}

/* Tags of page `p` the log counts. */
static size_t counted_in(const struct para_log *log, uint32_t p)
{
	uint32_t before = p * PARA_PAGE_TAGS;

	if (log->count <= before)
		return 0;
	return log->count - before >= PARA_PAGE_TAGS ? PARA_PAGE_TAGS : log->count - before;
}

static const uint8_t *tag_at(size_t i)
{
	return page + PARA_HEAD_BYTES + i * PARA_TAG_BYTES;
}

/* Page `p` into `page`, holding at least `k` tags; 0 or TRIAD_ERR_STORAGE. */
static uint32_t read_page(const struct rule_store *st, const struct para_log *log, uint32_t p,
			  size_t k)
{
	char id[PARA_LOG_ID_BYTES];
	size_t len = 0;

	para_log_id(id, st->key_slot, log->session, p);
	if (st->io->read(id, page, sizeof(page), &len))
		return TRIAD_ERR_STORAGE; /* missing (the marks count it), unopened, unread */
	if (len < PARA_HEAD_BYTES + k * PARA_TAG_BYTES || len > sizeof(page) ||
	    (len - PARA_HEAD_BYTES) % PARA_TAG_BYTES)
		return TRIAD_ERR_STORAGE;
	return 0;
}

static uint32_t write_page(const struct rule_store *st, const struct para_log *log, uint32_t p,
			   size_t k)
{
	char id[PARA_LOG_ID_BYTES];

	para_log_id(id, st->key_slot, log->session, p);
	return st->io->write(id, page, PARA_HEAD_BYTES + k * PARA_TAG_BYTES) ? TRIAD_ERR_STORAGE
									      : 0;
}

/*
 * Reads every page the log counts, checks the chain from the log's start to
 * log->head, and sets found[i] for each of the `m` tags at `tags` it holds.
 * found[] is an answer only when this returns 0.
 */
static uint32_t scan(const struct rule_store *st, const struct para_log *log, const uint8_t *tags,
		     size_t m, bool *found)
{
	struct para_log run;
	uint32_t p, rc;
	size_t i, j, k;

	if (!st->io || log->count > PARA_LOG_CAPACITY)
		return TRIAD_ERR_STORAGE;
	for (j = 0; j < m; j++)
		found[j] = false;
	para_log_start(&run, st->key_pk, log->session);
	for (p = 0; (k = counted_in(log, p)) > 0; p++) {
		rc = read_page(st, log, p, k);
		if (rc)
			return rc;
		if (memcmp(page, run.head, PARA_HEAD_BYTES))
			return TRIAD_ERR_STORAGE; /* not the chain the earlier pages make */
		for (i = 0; i < k; i++) {
			for (j = 0; j < m; j++)
				found[j] = found[j] ||
					   !memcmp(tag_at(i), tags + j * PARA_TAG_BYTES, PARA_TAG_BYTES);
			step(run.head, tag_at(i));
		}
	}
	/* the whole log, as the marks bind it: only then is a hit, or none, an answer */
	return memcmp(run.head, log->head, PARA_HEAD_BYTES) ? TRIAD_ERR_STORAGE : 0;
}

uint32_t para_log_find(const struct rule_store *st, const struct para_log *log,
		       const uint8_t tag[PARA_TAG_BYTES], bool *found)
{
	return scan(st, log, tag, 1, found);
}

/* Is `tag` among the first `k` tags of `page`, or the first `m` of `fresh`? */
static bool seen(const uint8_t *tag, size_t k, const uint8_t *fresh, size_t m)
{
	size_t i;

	for (i = 0; i < k; i++)
		if (!memcmp(tag_at(i), tag, PARA_TAG_BYTES))
			return true;
	for (i = 0; i < m; i++)
		if (!memcmp(fresh + i * PARA_TAG_BYTES, tag, PARA_TAG_BYTES))
			return true;
	return false;
}

/* The last page the log counts into `page`, checked against log->head; its counted tags. */
static uint32_t read_last_page(const struct rule_store *st, const struct para_log *log,
			       size_t *last)
{
	uint8_t head[PARA_HEAD_BYTES];
	uint32_t p, rc;
	size_t i;

	*last = 0;
	if (!log->count)
		return 0;
	p = (log->count - 1) / PARA_PAGE_TAGS;
	*last = counted_in(log, p);
	rc = read_page(st, log, p, *last);
	if (rc)
		return rc;
	memcpy(head, page, PARA_HEAD_BYTES);
	for (i = 0; i < *last; i++)
		step(head, tag_at(i));
	return memcmp(head, log->head, PARA_HEAD_BYTES) ? TRIAD_ERR_STORAGE : 0;
}

/*
 * A full log: the append may still be a repeat of tags logged earlier than
 * the last page. A whole scan (rare: only at capacity) says; otherwise POLICY.
 */
static uint32_t full(const struct rule_store *st, const struct para_log *log,
		     const uint8_t *fresh, size_t m)
{
	bool found[PARA_MAX_CANDIDATES];
	uint32_t rc = scan(st, log, fresh, m, found);
	size_t i;

	for (i = 0; !rc && i < m; i++)
		if (!found[i])
			rc = TRIAD_ERR_POLICY;
	return rc;
}

uint32_t para_log_append(const struct rule_store *st, struct para_log *log, const uint8_t *tags,
			 size_t n, bool *appended)
{
	uint8_t fresh[PARA_MAX_CANDIDATES * PARA_TAG_BYTES];
	struct para_log next = *log;
	size_t i, m = 0, last, k = log->count % PARA_PAGE_TAGS;
	uint32_t rc;

	*appended = false;
	if (!st->io || log->count > PARA_LOG_CAPACITY)
		return TRIAD_ERR_STORAGE; /* sealed marks never count more */
	if (n > PARA_MAX_CANDIDATES)
		return TRIAD_ERR_MALFORMED; /* the parser never gives more */
	/* the last page, full or not: its counted tags must give the head the marks hold */
	rc = read_last_page(st, log, &last);
	if (rc)
		return rc;
	for (i = 0; i < n; i++)
		if (!seen(tags + i * PARA_TAG_BYTES, last, fresh, m))
			memcpy(fresh + m++ * PARA_TAG_BYTES, tags + i * PARA_TAG_BYTES,
			       PARA_TAG_BYTES);
	if (m == 0)
		return 0; /* every one already in the last page: nothing to record */
	/* full: refuse rather than forget a candidate the key took the valid side of */
	if (m > PARA_LOG_CAPACITY - log->count)
		return full(st, log, fresh, m);
	if (!k)
		memcpy(page, log->head, PARA_HEAD_BYTES); /* a page begins at the head */
	for (i = 0; i < m; i++) {
		memcpy(page + PARA_HEAD_BYTES + k * PARA_TAG_BYTES, fresh + i * PARA_TAG_BYTES,
		       PARA_TAG_BYTES);
		step(next.head, fresh + i * PARA_TAG_BYTES);
		next.count++;
		if (++k < PARA_PAGE_TAGS)
			continue;
		rc = write_page(st, &next, (next.count - 1) / PARA_PAGE_TAGS, k);
		if (rc)
			return rc;
		memcpy(page, next.head, PARA_HEAD_BYTES); /* the next page begins here */
		k = 0;
	}
	if (k) {
		rc = write_page(st, &next, next.count / PARA_PAGE_TAGS, k);
		if (rc)
			return rc;
	}
	*log = next;
	*appended = true;
	return 0;
}
