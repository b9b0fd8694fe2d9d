/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Which rule applies to which key (the table in rules.c), and the one
 * anti-equivocation step every signer runs before any share leaves.
 */
#ifndef TRIAD_RULES_H
#define TRIAD_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "rule.h"

/*
 * The rule for `kind` on a key of this type, flags and scheme
 * (TRIAD_SCHEME_*). NULL when there is none, with *rc TRIAD_ERR_MALFORMED for
 * a kind the TA does not know and TRIAD_ERR_POLICY for a kind this key may
 * not sign.
 */
const struct rule *rules_find(const uint8_t key_type[4], uint8_t key_flags, uint8_t scheme,
			      uint8_t kind, uint32_t *rc);

/*
 * Checks the claim against the marks and, only if it passes, advances them,
 * in one call: the TA is single-threaded, so nothing runs between the two.
 * *changed is set when the marks moved (the caller seals them and counts
 * the change before any share leaves). 0 or the check's refusal. A rule
 * with objects of its own (check_and_advance_stored) keeps them in `store`;
 * without one (NULL) it answers TRIAD_ERR_STORAGE. Other rules ignore it.
 */
uint32_t rules_check_and_advance(const struct rule *rule, uint8_t marks[KEY_MARKS_BYTES],
				 const struct rule_claim *claim, const struct rule_store *store,
				 bool *changed);

/* Key types whose keys may be created non-slashable (and so sign `raw`). */
int key_type_is_non_slashable(const uint8_t key_type[4]);

/*
 * The scheme (TRIAD_SCHEME_*) a new key of this type gets: ed25519 for `gran`,
 * ecdsa for `beef`, sr25519 for the others.
 */
uint8_t key_type_scheme(const uint8_t key_type[4]);

/*
 * GET_INFO's hwm_set and hwm_slot for a key: its babe-seal mark, or unset
 * and 0 for a key that cannot sign babe-seal.
 */
void rules_info_mark(const uint8_t key_type[4], uint8_t key_flags, uint8_t scheme,
		     const uint8_t marks[KEY_MARKS_BYTES], bool *set, uint64_t *slot);

#endif /* TRIAD_RULES_H */
