/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The marks a key keeps for its rules (DESIGN.md 6): one area of bytes per
 * key record, sealed with it as it is. Core stores and seals the bytes and
 * never reads them; each rule reads and writes its own layout in them
 * (policy/<kind>.c), so a rule with marks of its own does not change core.
 *
 * Today one rule keeps marks, babe-seal: set:u8 slot:u64 hash[32] from
 * offset 0, the bytes sealed state format 2 has always held per key. Keys of
 * other types leave the area zero. A rule that needs more room than this
 * grows KEY_MARKS_BYTES together with a new sealed state format that still
 * reads format 2 (core/state.c refuses to build otherwise).
 */
#ifndef TRIAD_MARKS_H
#define TRIAD_MARKS_H

#define KEY_MARKS_BYTES 41

#endif /* TRIAD_MARKS_H */
