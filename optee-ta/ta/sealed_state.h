/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The TA's state in GP persistent storage: one object, written whole with one
 * atomic overwrite (core/state.c encodes and parses the bytes).
 */
#ifndef TRIAD_SEALED_STATE_H
#define TRIAD_SEALED_STATE_H

#include <tee_internal_api.h>

#include "state.h"

/* Seals the whole state; 0 once it is durable, -1 if it could not be written. */
int sealed_state_persist(const struct ta_state *s);

/*
 * Loads the sealed state, or makes (and seals) a fresh one on first start.
 * A state that exists but does not parse is never replaced: the TA refuses
 * to work instead, so a corrupted or foreign object cannot reset its keys
 * and marks.
 */
TEE_Result sealed_state_load(struct ta_state *s);

#endif /* TRIAD_SEALED_STATE_H */
