/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The TA's state in GP persistent storage: core/store.c's objects (a core and
 * one per key), each written with one atomic overwrite.
 */
#ifndef TRIAD_SEALED_STATE_H
#define TRIAD_SEALED_STATE_H

#include <tee_internal_api.h>

#include "object_io.h"
#include "state.h"

/* GP persistent storage (TEE_STORAGE_PRIVATE) as the store and the rules use it. */
const struct object_io *sealed_state_io(void);

/* Seals key slot `slot` (or none: -1), then the core; 0 once durable, -1 if not written. */
int sealed_state_persist(const struct ta_state *s, int slot);

/*
 * Loads the sealed state (migrating format 2), or makes (and seals) a fresh
 * one on first start. A state that exists but does not parse, or a key object
 * older than the core says, is never replaced: the TA refuses to work
 * instead, so a corrupted, rolled-back or foreign object cannot reset its
 * keys and marks.
 */
TEE_Result sealed_state_load(struct ta_state *s);

#endif /* TRIAD_SEALED_STATE_H */
