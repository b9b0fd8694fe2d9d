// SPDX-License-Identifier: Apache-2.0
/*
 * ownership-proof (POLKADOT.md, "The session key set"): the proof
 * `session.setKeys` asks of every new session key, a signature over
 * b"POP_" ++ owner. The payload is exactly the 32-byte owner account id and
 * the TA builds the statement itself, so this kind signs nothing else; it
 * keeps no marks (the same proof twice is the same statement) and any key
 * may make it.
 *
 * It cannot be turned against another kind: babe-seal signs a 32-byte
 * BLAKE2b-256 hash, never 36 bytes starting "POP_". raw on a non-slashable key
 * could sign b"POP_" ++ owner directly: harmless, since raw already lets that
 * key's holder sign any bytes and its key signs nothing slashable.
 */
#include <string.h>

#include "rule.h"
#include "triad_ta.h"

#define OWNER_BYTES 32

typedef char statement_fits_the_claim[sizeof(((struct rule_claim *)0)->statement) >=
						      4 + OWNER_BYTES
					      ? 1
					      : -1];

static uint32_t parse(const uint8_t *payload, size_t len, struct rule_claim *claim)
{
	if (len != OWNER_BYTES)
		return TRIAD_ERR_MALFORMED;
	memcpy(claim->statement, "POP_", 4);
	memcpy(claim->statement + 4, payload, OWNER_BYTES);
	claim->msg = claim->statement;
	claim->msg_len = 4 + OWNER_BYTES;
	claim->scope = 0;
	return 0;
}

const struct rule ownership_proof_rule = { "ownership-proof", parse, NULL, NULL,
					   NULL };
