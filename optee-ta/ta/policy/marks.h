/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The marks a key keeps for its rules (DESIGN.md 6): one area of bytes per
 * key record, sealed with it as it is. Core stores and seals the bytes and
 * never reads them; each rule reads and writes its own layout in them
 * (policy/<kind>.c), so a rule with marks of its own does not change core.
 *
 * babe-seal: set:u8 slot:u64 hash[32] from offset 0, the bytes sealed state
 * formats 2 and 3 hold per key. babe-vrf (and babe-vrf-pre-output): set:u8
 * slot:u64 from offset 41, added by key object format 4 (a key read from an
 * older format has it unset). grandpa-vote: set:u8 set_id:u64 round:u64
 * present:u8 then 6 targets of 36 bytes from offset 50 (234 bytes; its
 * layout is in policy/grandpa_vote.c), added by key object format 5 (a key
 * read from format 4 or older has it unset). para-statement: set:u8 high:u32,
 * 6 session logs of 40 bytes, then its invalid set (2 + 16 x 12 bytes) from
 * offset 284 (439 bytes; its layout is in policy/para_statement.c, its
 * pages, bound to these marks, in policy/para_log.c), added by key object
 * format 6 (a key read from format 5 or older has it unset).
 * beefy-commitment: set:u8 set_id:u64 block:u32 digest[32] from offset 0 of
 * a `beef` key's marks (45 bytes; policy/beefy_commitment.c). It shares its
 * offsets with babe-seal's and babe-vrf's, which only `babe` keys keep: a
 * `beef` key signs no kind with marks but beefy-commitment (rules.c), so its
 * area is otherwise unused, and the region costs neither more bytes per key
 * nor a new key object format (every ecdsa key is format 6 or later). Keys
 * of other types leave the area zero. A rule that needs more room grows
 * KEY_MARKS_BYTES together with a new key object format that still reads
 * the old ones (core/state.c refuses to build otherwise).
 */
#ifndef TRIAD_MARKS_H
#define TRIAD_MARKS_H

#define KEY_MARKS_BYTES 723
/* The marks key object format 5 sealed: babe-seal's, babe-vrf's, grandpa-vote's. */
#define KEY_MARKS_BYTES_V5 284
/* The marks key object format 4 sealed: babe-seal's and babe-vrf's. */
#define KEY_MARKS_BYTES_V4 50
/* The marks formats 2 and 3 sealed: babe-seal's alone. */
#define KEY_MARKS_BYTES_V3 41

#endif /* TRIAD_MARKS_H */
