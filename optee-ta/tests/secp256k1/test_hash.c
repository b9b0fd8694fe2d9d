// SPDX-License-Identifier: Apache-2.0
/*
 * RFC 9380 expand_message_xmd (SHA-256) on its appendix K.1 messages and
 * DST, and RFC 9591 6.5's hashes for FROST(secp256k1, SHA-256), against
 * @noble/curves' expand_message_xmd and hash_to_field and @noble/hashes'
 * SHA-256 (gen-secp256k1-vectors.mjs); the same answers when the message
 * comes in pieces.
 */
#include <stdint.h>
#include <string.h>

#include "secp256k1_ops.h"
#include "secp256k1_tests.h"
#include "secp256k1_vectors.h"

TEST(xmd_rfc9380_known_answers)
{
	static uint8_t out[8160];
	size_t i;

	for (i = 0; i < xmd_vecs_count; i++) {
		const struct xmd_vec *v = &xmd_vecs[i];
		struct secp_part msg = { v->msg, strlen(v->msg) };

		CHECK(secp_expand_message_xmd_sha256(out, v->len, (const uint8_t *)v->dst,
						     strlen(v->dst), &msg, 1) == 0);
		CHECK_HEX(out + v->from, v->len - v->from, v->want);
	}
}

TEST(xmd_bad_lengths_refused)
{
	static const uint8_t zero[64];
	uint8_t dst[256], out[64];
	struct secp_part msg = { "abc", 3 };

	memset(dst, 'D', sizeof(dst));
	/* 255 bytes of DST is the most without RFC 9380's oversize-DST hashing. */
	CHECK(secp_expand_message_xmd_sha256(out, 48, dst, 255, &msg, 1) == 0);
	CHECK_HEX(out, 48, xmd_long_dst_out);
	memset(out, 0xa5, sizeof(out));
	CHECK(secp_expand_message_xmd_sha256(out, 48, dst, 256, &msg, 1) == -1);
	CHECK(memcmp(out, zero, 48) == 0);
	memset(out, 0xa5, sizeof(out));
	CHECK(secp_expand_message_xmd_sha256(out, 48, dst, 0, &msg, 1) == -1);
	CHECK(memcmp(out, zero, 48) == 0);
	CHECK(secp_expand_message_xmd_sha256(out, 48, NULL, 10, &msg, 1) == -1);
	CHECK(secp_expand_message_xmd_sha256(out, 0, dst, 10, &msg, 1) == -1);
	/* ell = 256 would not fit the one-byte counter; SIZE_MAX must not wrap into range. */
	CHECK(secp_expand_message_xmd_sha256(out, 8161, dst, 10, &msg, 1) == -1);
	CHECK(secp_expand_message_xmd_sha256(out, (size_t)-1, dst, 10, &msg, 1) == -1);
	/* No message at all is the empty message. */
	CHECK(secp_expand_message_xmd_sha256(out, 32, dst, 10, NULL, 0) == 0);
}

TEST(frost_hash_to_field_known_answers)
{
	uint8_t out[SECP_SCALAR_BYTES];
	char tag[240];
	size_t i;

	for (i = 0; i < h2f_vecs_count; i++) {
		const struct hash_vec *v = &h2f_vecs[i];
		struct secp_part msg = { v->msg, v->msg_len };

		CHECK(secp_frost_hash_to_field(out, v->tag, &msg, 1) == 0);
		CHECK_HEX(out, sizeof(out), v->out);
		CHECK(secp_scalar_is_canonical(out));
	}
	/* The DST is contextString (25 bytes) || tag: a 231-byte tag passes 255. */
	memset(tag, 't', sizeof(tag));
	tag[230] = 0;
	CHECK(secp_frost_hash_to_field(out, tag, NULL, 0) == 0);
	tag[230] = 't';
	tag[231] = 0;
	memset(out, 0xa5, sizeof(out));
	CHECK(secp_frost_hash_to_field(out, tag, NULL, 0) == -1);
	CHECK(secp_scalar_is_zero(out));
}

TEST(frost_hash_known_answers)
{
	uint8_t out[32];
	size_t i;

	for (i = 0; i < frost_hash_vecs_count; i++) {
		const struct hash_vec *v = &frost_hash_vecs[i];
		struct secp_part msg = { v->msg, v->msg_len };

		secp_frost_hash(out, v->tag, &msg, 1);
		CHECK_HEX(out, sizeof(out), v->out);
	}
}

/* Cut a message into three pieces (some empty, one NULL) at every pair of points. */
static void check_in_pieces(const struct hash_vec *v, int to_field)
{
	uint8_t out[32];
	size_t i, j;

	for (i = 0; i <= v->msg_len; i += v->msg_len > 100 ? 37 : 1)
		for (j = i; j <= v->msg_len; j += v->msg_len > 100 ? 53 : 3) {
			struct secp_part parts[5] = {
				{ v->msg, i },
				{ NULL, 0 },
				{ v->msg ? v->msg + i : NULL, j - i },
				{ v->msg ? v->msg + j : NULL, v->msg_len - j },
				{ "", 0 },
			};

			if (to_field)
				CHECK(secp_frost_hash_to_field(out, v->tag, parts, 5) == 0);
			else
				secp_frost_hash(out, v->tag, parts, 5);
			CHECK_HEX(out, sizeof(out), v->out);
		}
}

TEST(frost_hashes_stream_over_parts)
{
	size_t i;

	for (i = 0; i < h2f_vecs_count; i++)
		check_in_pieces(&h2f_vecs[i], 1);
	for (i = 0; i < frost_hash_vecs_count; i++)
		check_in_pieces(&frost_hash_vecs[i], 0);
}
