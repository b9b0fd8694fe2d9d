/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The TA's own reading of a `babe-seal` payload: a Substrate block header,
 * SCALE-encoded, before its seal is added (DESIGN.md section 6).
 *
 * The TA signs blake2-256 of exactly these bytes and keys its high-water
 * mark on the slot found here, so the parser decides which slot a signature
 * commits to. It is strict wherever a looser reading could let one slot be
 * read two ways:
 *   - the whole header, and the BABE pre-digest inside it, must be consumed
 *     exactly (no trailing bytes);
 *   - compact integers must be canonical, and lengths are Compact<u32>;
 *   - exactly one PreRuntime item with engine id "BABE" (Substrate's own
 *     find_pre_digest ignores a BABE item that fails to decode; here any
 *     second BABE pre-runtime item is refused, whatever it holds);
 *   - no Seal item at all: a sealed header is not a pre-seal header;
 *   - only the DigestItem indices of current Substrate: Other 0,
 *     Consensus 4, Seal 5, PreRuntime 6, RuntimeEnvironmentUpdated 8.
 * Other items (Consensus, Other, RuntimeEnvironmentUpdated, PreRuntime of
 * other engines) are skipped once their lengths have been checked.
 *
 * Header layout (sp_runtime::generic::Header):
 *   parent_hash [u8; 32], number Compact<u64>, state_root [u8; 32],
 *   extrinsics_root [u8; 32], digest Vec<DigestItem>.
 * BABE pre-digest (sp_consensus_babe::digests::PreDigest), one index byte:
 *   1 Primary        authority_index u32, slot u64, vrf_signature (96)
 *   2 SecondaryPlain authority_index u32, slot u64
 *   3 SecondaryVRF   authority_index u32, slot u64, vrf_signature (96)
 * where vrf_signature = pre_output [u8; 32] || proof [u8; 64]. The VRF is
 * not verified here (its points are not even decoded): it does not choose
 * the slot, and a header with a bad VRF is refused by every node.
 *
 * Plain C99, no allocation, no recursion, constant stack.
 */
#ifndef TRIAD_BABE_HEADER_H
#define TRIAD_BABE_HEADER_H

#include <stddef.h>
#include <stdint.h>

#include "scale.h"

#define BABE_OK 0
/* Errors of the SCALE layer keep their values (scale.h): */
#define BABE_ERR_TRUNCATED SCALE_ERR_TRUNCATED
#define BABE_ERR_COMPACT_RANGE SCALE_ERR_COMPACT_RANGE
#define BABE_ERR_NON_CANONICAL SCALE_ERR_NON_CANONICAL
#define BABE_ERR_PARAM SCALE_ERR_PARAM
/* A DigestItem index other than 0, 4, 5, 6, 8. */
#define BABE_ERR_DIGEST_KIND (-16)
/* No PreRuntime item with engine id "BABE". */
#define BABE_ERR_NO_PREDIGEST (-17)
/* More than one PreRuntime item with engine id "BABE". */
#define BABE_ERR_MULTIPLE_PREDIGESTS (-18)
/* A Seal item (of any engine): the header is already sealed. */
#define BABE_ERR_SEAL (-19)
/* The BABE pre-digest's index byte is not 1, 2 or 3. */
#define BABE_ERR_PREDIGEST_VARIANT (-20)
/* The BABE pre-digest is empty, or shorter or longer than its variant. */
#define BABE_ERR_PREDIGEST_SIZE (-21)
/* Bytes left after the digest. */
#define BABE_ERR_TRAILING (-22)

#define BABE_PREDIGEST_PRIMARY 1
#define BABE_PREDIGEST_SECONDARY_PLAIN 2
#define BABE_PREDIGEST_SECONDARY_VRF 3

#define BABE_HASH_LEN 32
#define BABE_VRF_PRE_OUTPUT_LEN 32
#define BABE_VRF_PROOF_LEN 64

struct babe_preseal {
	uint64_t number;          /* block number */
	uint64_t slot;
	uint32_t authority_index;
	uint8_t predigest_variant; /* BABE_PREDIGEST_* */
	/* Pointers into the caller's header bytes, valid while they are: */
	const uint8_t *parent_hash;    /* BABE_HASH_LEN bytes (offset 0) */
	const uint8_t *vrf_pre_output; /* NULL for SecondaryPlain */
	const uint8_t *vrf_proof;      /* NULL for SecondaryPlain */
};

/*
 * Parses `len` bytes at `hdr` as a pre-seal header. Returns BABE_OK and
 * fills `out`, or returns the first BABE_ERR_* met reading front to back
 * (a missing BABE pre-digest is known only at the end, after trailing
 * bytes), with `out` zeroed. Every error means "malformed": the TA refuses.
 */
int babe_parse_preseal_header(const uint8_t *hdr, size_t len,
			      struct babe_preseal *out);

#endif /* TRIAD_BABE_HEADER_H */
