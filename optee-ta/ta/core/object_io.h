/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The storage under the TA's sealed objects: named objects, each written
 * with one atomic overwrite. core/store.c keeps the state in them;
 * sealed_state.c gives them GP persistent storage, the tests memory. A rule
 * that keeps objects of its own (policy/para_log.c) is handed the same
 * storage (rule.h's struct rule_store), so this header stands alone.
 */
#ifndef TRIAD_OBJECT_IO_H
#define TRIAD_OBJECT_IO_H

#include <stddef.h>
#include <stdint.h>

struct object_io {
	/* 0 with *len set, STORE_NOT_FOUND, STORE_CORRUPT (fails authentication) or STORE_IO. */
	int (*read)(const char *id, uint8_t *buf, size_t cap, size_t *len);
	/* 0 once durable, or STORE_IO. */
	int (*write)(const char *id, const uint8_t *buf, size_t len);
	/* 0 or STORE_NOT_FOUND when gone, STORE_IO otherwise. */
	int (*remove)(const char *id);
};

#define STORE_OK 0
#define STORE_NOT_FOUND 1
#define STORE_IO (-1)		/* storage failed */
#define STORE_CORRUPT (-2)	/* an object does not parse, or does not fit the core's index */
#define STORE_KEY_ROLLED_BACK (-3) /* a key object older than the core's index says */

#endif /* TRIAD_OBJECT_IO_H */
