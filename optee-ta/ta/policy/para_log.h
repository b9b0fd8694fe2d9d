/* SPDX-License-Identifier: Apache-2.0 */
/*
 * para-statement's logs (para_log.c): per key and per session of the window,
 * the 8-byte tags of the candidates the key has taken the valid side of, in
 * sealed pages of 128 tags beside the key's object, bound to the key's marks
 * by a hash chain. para_statement.c says why the numbers are these.
 */
#ifndef TRIAD_PARA_LOG_H
#define TRIAD_PARA_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rule.h"

#define PARA_TAG_BYTES 8   /* a tag: the first 8 bytes of a candidate hash */
#define PARA_HEAD_BYTES 32 /* a chain head: BLAKE2b-256 */
#define PARA_PAGE_TAGS 128 /* 1 KiB of tags per page */
#define PARA_LOG_PAGES 256
#define PARA_LOG_CAPACITY (PARA_PAGE_TAGS * PARA_LOG_PAGES) /* tags per session: 32,768 */
#define PARA_SESSION_SLOTS 6				    /* the window: slot = session % 6 */
/* A page object: the chain head before its first tag, then 1..128 tags. */
#define PARA_PAGE_MAX_BYTES (PARA_HEAD_BYTES + PARA_PAGE_TAGS * PARA_TAG_BYTES)
/* A page's name: triad-para-<key slot>-<session slot>-<page>. */
#define PARA_LOG_ID_BYTES sizeof("triad-para-00-0-000")

/* One session's log as the key's marks hold it: only `count` tags are ever read. */
struct para_log {
	uint32_t session;
	uint32_t count;
	uint8_t head[PARA_HEAD_BYTES]; /* the chain over the log's `count` tags */
};

void para_log_id(char id[PARA_LOG_ID_BYTES], size_t key_slot, uint32_t session, uint32_t page);

/*
 * An empty log of `session` for the key `key_pk`: count 0 and the chain's
 * start, BLAKE2b-256("triad-para-log" || key_pk || session), so that no
 * page of another key or another session ever verifies in it.
 */
void para_log_start(struct para_log *log, const uint8_t key_pk[32], uint32_t session);

/*
 * Whether `tag` is among the log's tags: every page read in turn (one page in
 * RAM) and the chain checked from its start to log->head. 0, or
 * TRIAD_ERR_STORAGE for a page that is missing, does not open, or does not
 * verify (rolled back, of another key or session, tampered).
 */
uint32_t para_log_find(const struct rule_store *st, const struct para_log *log,
		       const uint8_t tag[PARA_TAG_BYTES], bool *found);

/*
 * Appends the `n` tags at `tags` (n x 8 bytes, n <= PARA_MAX_CANDIDATES), but
 * those already in the log's last page or earlier in `tags` (a cheap dedupe:
 * an identical repeat appends nothing), writing the last page (after checking
 * it against log->head) and any page begun. *log moves only on success;
 * *appended says whether it moved. 0; TRIAD_ERR_POLICY when the new tags
 * would pass PARA_LOG_CAPACITY (nothing written; unless a whole scan finds
 * them all logged already: a repeat, 0); or TRIAD_ERR_STORAGE. Pages written
 * before a failure hold tags past the sealed count: never read.
 */
uint32_t para_log_append(const struct rule_store *st, struct para_log *log, const uint8_t *tags,
			 size_t n, bool *appended);

#endif /* TRIAD_PARA_LOG_H */
