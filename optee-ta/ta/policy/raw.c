// SPDX-License-Identifier: Apache-2.0
/*
 * raw (DESIGN.md 6): the payload itself is the message, as it is. Nothing to
 * parse and no marks: the table (rules.c) allows it only on keys created
 * non-slashable, which sign nothing a validator can be slashed for.
 */
#include "rule.h"

static uint32_t parse(const uint8_t *payload, size_t len, struct rule_claim *claim)
{
	claim->msg = payload;
	claim->msg_len = len;
	claim->scope = 0;
	return 0;
}

const struct rule raw_rule = { "raw", parse, NULL, NULL, NULL };
