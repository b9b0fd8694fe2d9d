/* SPDX-License-Identifier: Apache-2.0 */
/*
 * babe-seal's mark (DESIGN.md 6): per key, the highest slot signed and the
 * hash of the header signed there. The rule itself is babe_seal_rule
 * (rule.h); this is its mark as the rest of the TA may read it.
 */
#ifndef TRIAD_BABE_SEAL_H
#define TRIAD_BABE_SEAL_H

#include <stdbool.h>
#include <stdint.h>

#include "marks.h"

struct babe_seal_mark {
	bool set;
	uint64_t slot;
	uint8_t hash[32];
};

void babe_seal_read_mark(const uint8_t marks[KEY_MARKS_BYTES], struct babe_seal_mark *m);

#endif /* TRIAD_BABE_SEAL_H */
