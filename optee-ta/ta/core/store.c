// SPDX-License-Identifier: Apache-2.0
#include <string.h>

#include <sodium.h>

#include "store.h"

/* One buffer for every object: the TA is single-threaded. Wiped after each use. */
static uint8_t buf[STATE_CORE_MAX_ENCODED];

typedef char store_buffer_fits_every_object[sizeof(buf) >= STATE_KEY_MAX_ENCODED &&
							    sizeof(buf) >= STATE_V2_MAX_ENCODED
						    ? 1
						    : -1];

void store_key_id(char id[STORE_KEY_ID_BYTES], size_t slot)
{
	memcpy(id, "triad-key-00", STORE_KEY_ID_BYTES);
	id[10] = (char)('0' + slot / 10 % 10);
	id[11] = (char)('0' + slot % 10);
}

static int write_key(const struct object_io *io, const struct ta_state *s, size_t slot)
{
	char id[STORE_KEY_ID_BYTES];
	size_t len = state_encode_key(s, slot, buf, sizeof(buf));
	int rc;

	store_key_id(id, slot);
	rc = len ? io->write(id, buf, len) : STORE_IO;
	sodium_memzero(buf, sizeof(buf));
	return rc ? STORE_IO : 0;
}

int store_persist(const struct object_io *io, const struct ta_state *s, int slot)
{
	size_t len, i;
	int rc = 0;

	if (slot == STORE_ALL_KEYS) {
		for (i = 0; i < TRIAD_MAX_KEYS && !rc; i++)
			if (s->keys[i].present)
				rc = write_key(io, s, i);
	} else if (slot >= 0) {
		rc = write_key(io, s, (size_t)slot);
	}
	if (rc)
		return STORE_IO;
	len = state_encode_core(s, buf, sizeof(buf));
	rc = len ? io->write(STORE_CORE_ID, buf, len) : STORE_IO;
	sodium_memzero(buf, sizeof(buf));
	return rc ? STORE_IO : 0;
}

/* Every key the core indexes, from its own object. *newer: one was sealed after the core. */
static int load_keys(const struct object_io *io, struct ta_state *s, bool *newer)
{
	char id[STORE_KEY_ID_BYTES];
	size_t i, len;
	int rc = 0;

	for (i = 0; i < TRIAD_MAX_KEYS && !rc; i++) {
		uint64_t indexed = s->keys[i].version;

		if (!s->keys[i].present)
			continue;
		store_key_id(id, i);
		rc = io->read(id, buf, sizeof(buf), &len);
		if (rc == STORE_NOT_FOUND)
			rc = STORE_CORRUPT; /* the core names a key that is not there */
		else if (!rc) {
			rc = state_decode_key(s, i, buf, len);
			rc = rc == STATE_KEY_ROLLED_BACK ? STORE_KEY_ROLLED_BACK
			     : rc			 ? STORE_CORRUPT
							 : 0;
			*newer = *newer || (!rc && s->keys[i].version > indexed);
		}
		sodium_memzero(buf, sizeof(buf));
	}
	return rc;
}

static int load_core(const struct object_io *io, struct ta_state *s, size_t len)
{
	bool newer = false;
	int rc;

	rc = state_decode_core(s, buf, len) ? load_keys(io, s, &newer) : STORE_CORRUPT;
	sodium_memzero(buf, sizeof(buf));
	if (!rc && newer)
		rc = store_persist(io, s, -1); /* the index and counter catch up */
	if (!rc && io->remove(STORE_V2_ID) == STORE_IO)
		rc = STORE_IO;
	return rc;
}

/* Format 2, migrated: every key object, then the core, then the old object goes. */
static int migrate_v2(const struct object_io *io, struct ta_state *s, size_t len)
{
	int rc = state_decode_v2(s, buf, len) ? 0 : STORE_CORRUPT;

	sodium_memzero(buf, sizeof(buf));
	if (!rc)
		rc = store_persist(io, s, STORE_ALL_KEYS);
	if (!rc && io->remove(STORE_V2_ID) == STORE_IO)
		rc = STORE_IO;
	return rc;
}

int store_load(const struct object_io *io, struct ta_state *s)
{
	size_t len = 0;
	int rc;

	rc = io->read(STORE_CORE_ID, buf, sizeof(buf), &len);
	if (!rc)
		rc = load_core(io, s, len);
	else if (rc == STORE_NOT_FOUND) {
		rc = io->read(STORE_V2_ID, buf, sizeof(buf), &len);
		if (!rc)
			rc = migrate_v2(io, s, len);
		else if (rc == STORE_NOT_FOUND)
			rc = state_init_fresh(s) ? STORE_IO : store_persist(io, s, -1);
	}
	sodium_memzero(buf, sizeof(buf));
	if (rc)
		sodium_memzero(s, sizeof(*s));
	return rc;
}
