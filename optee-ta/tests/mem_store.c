// SPDX-License-Identifier: Apache-2.0
#include <stdlib.h>
#include <string.h>

#include "mem_store.h"

static struct mem_store *current;

void mem_store_use(struct mem_store *s)
{
	current = s;
}

struct mem_store_object *mem_store_get(struct mem_store *s, const char *id)
{
	size_t i;

	for (i = 0; s && i < s->n; i++)
		if (!strcmp(s->objects[i].id, id))
			return &s->objects[i];
	return NULL;
}

int mem_store_put(struct mem_store *s, const char *id, const uint8_t *data, size_t len)
{
	struct mem_store_object *o = mem_store_get(s, id);
	uint8_t *copy;

	if (strlen(id) >= sizeof(o->id))
		return -1;
	copy = malloc(len ? len : 1);
	if (!copy)
		return -1;
	memcpy(copy, data, len);
	if (!o) {
		if (s->n == s->cap) {
			size_t cap = s->cap ? s->cap * 2 : 64;
			struct mem_store_object *grown = realloc(s->objects, cap * sizeof(*grown));

			if (!grown) {
				free(copy);
				return -1;
			}
			s->objects = grown;
			s->cap = cap;
		}
		o = &s->objects[s->n++];
		strcpy(o->id, id);
	} else {
		free(o->data);
	}
	o->data = copy;
	o->len = len;
	return 0;
}

size_t mem_store_count(const struct mem_store *s, const char *prefix)
{
	size_t i, n = 0;

	for (i = 0; i < s->n; i++)
		n += !strncmp(s->objects[i].id, prefix, strlen(prefix));
	return n;
}

void mem_store_clear(struct mem_store *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->objects[i].data);
	free(s->objects);
	memset(s, 0, sizeof(*s));
}

void mem_store_copy(struct mem_store *to, const struct mem_store *from)
{
	size_t i;

	mem_store_clear(to);
	for (i = 0; i < from->n; i++)
		mem_store_put(to, from->objects[i].id, from->objects[i].data, from->objects[i].len);
}

static int mem_read(const char *id, uint8_t *buf, size_t cap, size_t *len)
{
	struct mem_store_object *o = mem_store_get(current, id);

	if (!o)
		return STORE_NOT_FOUND;
	if (o->len > cap)
		return STORE_CORRUPT; /* as sealed_state.c answers an object larger than expected */
	memcpy(buf, o->data, o->len);
	*len = o->len;
	return 0;
}

static int mem_write(const char *id, const uint8_t *buf, size_t len)
{
	if (!current)
		return STORE_IO;
	if (current->fail_prefix &&
	    !strncmp(id, current->fail_prefix, strlen(current->fail_prefix))) {
		if (!current->fail_after)
			return STORE_IO;
		current->fail_after--;
	}
	if (mem_store_put(current, id, buf, len))
		return STORE_IO;
	current->writes++;
	return 0;
}

static int mem_remove(const char *id)
{
	struct mem_store_object *o = mem_store_get(current, id);

	if (!o)
		return STORE_NOT_FOUND;
	free(o->data);
	*o = current->objects[--current->n];
	return 0;
}

const struct object_io mem_store_io = { mem_read, mem_write, mem_remove };
