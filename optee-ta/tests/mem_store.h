/* SPDX-License-Identifier: Apache-2.0 */
/*
 * An object store in RAM for the tests (struct object_io, core/object_io.h):
 * as many stores as TAs, one current at a time (object_io's calls carry no
 * context), with what a test needs to reach under the TA: count writes, fail
 * them, and read, replace or remove an object as a host with the disk could.
 */
#ifndef TRIAD_TEST_MEM_STORE_H
#define TRIAD_TEST_MEM_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "object_io.h"

struct mem_store_object {
	char id[64];
	uint8_t *data;
	size_t len;
};

struct mem_store {
	struct mem_store_object *objects;
	size_t n, cap;
	size_t writes; /* successful writes */
	/* writes of ids starting with this fail (STORE_IO), after `fail_after` more succeed */
	const char *fail_prefix;
	size_t fail_after;
};

/* The object_io over the current store. */
extern const struct object_io mem_store_io;

/* The store mem_store_io works on from now on. */
void mem_store_use(struct mem_store *s);
/* Every object gone, counters and failures reset. */
void mem_store_clear(struct mem_store *s);
/* The object, or NULL. */
struct mem_store_object *mem_store_get(struct mem_store *s, const char *id);
/* Writes (or replaces) an object directly: 0, or -1 out of memory. */
int mem_store_put(struct mem_store *s, const char *id, const uint8_t *data, size_t len);
/* Objects whose id starts with `prefix`. */
size_t mem_store_count(const struct mem_store *s, const char *prefix);
/* Deep copy of `from` into `to` (a snapshot of the disk), freeing what `to` held. */
void mem_store_copy(struct mem_store *to, const struct mem_store *from);

#endif /* TRIAD_TEST_MEM_STORE_H */
