/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Which sealed objects hold the state (format 3: a core object and one object
 * per key; state.c has the bytes), in which order they are written, how they
 * are read back and checked against each other, and the migration from
 * format 2's single object. Plain C over three storage calls, so that every
 * crash point and every rollback of one object is unit-tested; sealed_state.c
 * gives it GP persistent storage.
 */
#ifndef TRIAD_STORE_H
#define TRIAD_STORE_H

#include <stdint.h>

#include "object_io.h"
#include "state.h"

/* Object names. */
#define STORE_CORE_ID "triad-core-v3"
#define STORE_V2_ID "triad-state-v1" /* format 2's single object, as earlier TAs named it */
#define STORE_KEY_ID_BYTES sizeof("triad-key-00")
void store_key_id(char id[STORE_KEY_ID_BYTES], size_t slot);

/* Every key slot (store_persist): migration. */
#define STORE_ALL_KEYS (-2)
/*
 * Seals a change: key slot `slot`'s object first (none for -1, every present
 * key for STORE_ALL_KEYS), then the core object. Never the core first: a core
 * naming a key version its object does not have yet would read as a rollback.
 * 0 or STORE_IO.
 */
int store_persist(const struct object_io *io, const struct ta_state *s, int slot);

/*
 * Loads the state: the core and every key it indexes (a key newer than the
 * index is taken and the core sealed again; an older one is
 * STORE_KEY_ROLLED_BACK); else a format-2 state, migrated (keys and core
 * written, then the old object removed); else a fresh state, sealed. A leftover
 * format-2 object beside a core (a migration cut short) is removed. Anything
 * that does not parse is STORE_CORRUPT, never replaced.
 */
int store_load(const struct object_io *io, struct ta_state *s);

#endif /* TRIAD_STORE_H */
