// SPDX-License-Identifier: Apache-2.0
/*
 * Merlin known answers and failure behaviour.
 *
 * "equivalence_simple" mirrors the test of that name in the Rust merlin
 * crate (src/transcript.rs). The crate's "equivalence_complex" compares
 * against strobe-rs and carries no fixed output; the fixed value used here
 * is from the Go port's TestComplexTranscript (gtank/merlin), which runs the
 * same steps: label "step1", and each round appends "challengedata" too.
 */
#include <string.h>

#include "merlin.h"
#include "crypto_tests.h"

#define S(lit) (lit), (sizeof(lit) - 1)

TEST(merlin_equivalence_simple)
{
	struct merlin_transcript t;
	uint8_t c[32];

	CHECK_EQ(merlin_transcript_init(&t, S("test protocol")), MERLIN_OK);
	CHECK_EQ(merlin_append_message(&t, S("some label"), S("some data")),
		 MERLIN_OK);
	CHECK_EQ(merlin_challenge_bytes(&t, S("challenge"), c, sizeof(c)),
		 MERLIN_OK);
	CHECK_HEX(c, sizeof(c), "d5a21972d0d5fe320c0d263fac7fffb8"
				"145aa640af6e9bca177c03c7efcf0615");
	merlin_transcript_wipe(&t);
}

/* 1024-byte messages wrap the 166-byte rate several times per round. */
TEST(merlin_complex)
{
	struct merlin_transcript t;
	uint8_t data[1024];
	uint8_t c[32];
	int round;

	memset(data, 99, sizeof(data));
	CHECK_EQ(merlin_transcript_init(&t, S("test protocol")), MERLIN_OK);
	CHECK_EQ(merlin_append_message(&t, S("step1"), S("some data")),
		 MERLIN_OK);
	for (round = 0; round < 32; round++) {
		CHECK_EQ(merlin_challenge_bytes(&t, S("challenge"), c,
						sizeof(c)),
			 MERLIN_OK);
		CHECK_EQ(merlin_append_message(&t, S("bigdata"), data,
					       sizeof(data)),
			 MERLIN_OK);
		CHECK_EQ(merlin_append_message(&t, S("challengedata"), c,
					       sizeof(c)),
			 MERLIN_OK);
	}
	CHECK_HEX(c, sizeof(c), "a8c933f54fae76e3f9bea93648c1308e"
				"7dfa2152dd51674ff3ca438351cf003c");
	merlin_transcript_wipe(&t);
}

/*
 * schnorrkel appends ("", "substrate"): an empty label is ordinary input,
 * and a NULL pointer with length 0 must mean exactly the same thing.
 */
TEST(merlin_empty_label_and_message)
{
	struct merlin_transcript a, b;
	uint8_t ca[16], cb[16];

	CHECK_EQ(merlin_transcript_init(&a, S("")), MERLIN_OK);
	CHECK_EQ(merlin_transcript_init(&b, NULL, 0), MERLIN_OK);
	CHECK_EQ(merlin_append_message(&a, S(""), S("")), MERLIN_OK);
	CHECK_EQ(merlin_append_message(&b, NULL, 0, NULL, 0), MERLIN_OK);
	CHECK_EQ(merlin_challenge_bytes(&a, S(""), ca, sizeof(ca)), MERLIN_OK);
	CHECK_EQ(merlin_challenge_bytes(&b, NULL, 0, cb, sizeof(cb)),
		 MERLIN_OK);
	CHECK(memcmp(ca, cb, sizeof(ca)) == 0);

	/* Framing: moving a byte from label to message changes the output. */
	CHECK_EQ(merlin_transcript_init(&a, S("p")), MERLIN_OK);
	CHECK_EQ(merlin_transcript_init(&b, S("p")), MERLIN_OK);
	CHECK_EQ(merlin_append_message(&a, S("ab"), S("c")), MERLIN_OK);
	CHECK_EQ(merlin_append_message(&b, S("a"), S("bc")), MERLIN_OK);
	CHECK_EQ(merlin_challenge_bytes(&a, S("c"), ca, sizeof(ca)), MERLIN_OK);
	CHECK_EQ(merlin_challenge_bytes(&b, S("c"), cb, sizeof(cb)), MERLIN_OK);
	CHECK(memcmp(ca, cb, sizeof(ca)) != 0);
}

TEST(merlin_challenge_after_error_zeroed)
{
	struct merlin_transcript t;
	uint8_t c[32];

	CHECK_EQ(merlin_transcript_init(&t, S("p")), MERLIN_OK);
	CHECK_EQ(merlin_append_message(&t, S("m"), NULL, 5), STROBE_ERR_PARAM);
	memset(c, 0xff, sizeof(c));
	CHECK_EQ(merlin_challenge_bytes(&t, S("c"), c, sizeof(c)),
		 STROBE_ERR_STATE);
	CHECK_HEX(c, 8, "0000000000000000");
	CHECK(c[31] == 0);

	CHECK_EQ(merlin_transcript_init(&t, S("p")), MERLIN_OK);
	merlin_transcript_wipe(&t);
	memset(c, 0xff, sizeof(c));
	CHECK_EQ(merlin_challenge_bytes(&t, S("c"), c, sizeof(c)),
		 STROBE_ERR_STATE);
	CHECK(c[0] == 0 && c[31] == 0);

	CHECK_EQ(merlin_transcript_init(NULL, S("p")), STROBE_ERR_PARAM);
	CHECK_EQ(merlin_challenge_bytes(NULL, S("c"), c, sizeof(c)),
		 STROBE_ERR_PARAM);
	merlin_transcript_wipe(NULL);
}

#if SIZE_MAX > UINT32_MAX
/* The length check comes first: the huge buffer is never touched. */
TEST(merlin_length_over_u32_fails)
{
	struct merlin_transcript t;
	uint8_t c[4];

	CHECK_EQ(merlin_transcript_init(&t, S("p")), MERLIN_OK);
	CHECK_EQ(merlin_append_message(&t, S("m"), "x",
				       (size_t)UINT32_MAX + 1),
		 MERLIN_ERR_LENGTH);
	CHECK_EQ(merlin_challenge_bytes(&t, S("c"), c, sizeof(c)),
		 STROBE_ERR_STATE);
}
#endif
