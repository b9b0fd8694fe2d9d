// SPDX-License-Identifier: Apache-2.0
/*
 * STROBE-128 subset; see strobe.h. Spec: https://strobe.sourceforge.io/specs/
 * (v1.0.2). The Keccak rate is STROBE_R + 2 = 168 bytes: data uses the first
 * STROBE_R, so the padding written by run_f() always has room.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "keccak.h"
#include "strobe.h"
#include "wipe.h"

/*
 * An arbitrary non-zero tag: a zeroed or wiped object is never live, and
 * uninitialised memory is unlikely to pass for one by chance.
 */
#define STROBE_LIVE UINT32_C(0x5354524f)

static void run_f(struct strobe128 *s)
{
	/* pos_begin frames the current op; 0x04 ... 0x80 is the sponge pad. */
	s->st[s->pos] ^= s->pos_begin;
	s->st[s->pos + 1] ^= 0x04;
	s->st[STROBE_R + 1] ^= 0x80;
	keccak_f1600(s->st);
	s->pos = 0;
	s->pos_begin = 0;
}

static void absorb(struct strobe128 *s, const uint8_t *in, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		s->st[s->pos] ^= in[i];
		if (++s->pos == STROBE_R)
			run_f(s);
	}
}

/* KEY replaces the rate instead of XORing: old state can't be recovered. */
static void overwrite(struct strobe128 *s, const uint8_t *in, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		s->st[s->pos] = in[i];
		if (++s->pos == STROBE_R)
			run_f(s);
	}
}

/* PRF zeroes what it hands out, which makes the output non-invertible. */
static void squeeze(struct strobe128 *s, uint8_t *out, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		out[i] = s->st[s->pos];
		s->st[s->pos] = 0;
		if (++s->pos == STROBE_R)
			run_f(s);
	}
}

static int fail(struct strobe128 *s, int err)
{
	strobe128_wipe(s);
	return err;
}

/*
 * Checks the object and parameters, then frames a new operation (or lets
 * `more` continue the current one). The caller moves data only on STROBE_OK.
 */
static int begin_op(struct strobe128 *s, const void *buf, size_t len,
		    uint8_t flags, bool more)
{
	uint8_t frame[2];

	if (!s)
		return STROBE_ERR_PARAM;
	if (s->live != STROBE_LIVE)
		return fail(s, STROBE_ERR_STATE);
	if (!buf && len)
		return fail(s, STROBE_ERR_PARAM);

	if (more) {
		if (s->cur_flags != flags)
			return fail(s, STROBE_ERR_MISUSE);
		return STROBE_OK;
	}

	/* Record where the previous op began, so op boundaries are absorbed. */
	frame[0] = s->pos_begin;
	frame[1] = flags;
	s->pos_begin = s->pos + 1;
	s->cur_flags = flags;
	absorb(s, frame, sizeof(frame));

	/* Ops whose output depends on the state must see a fresh permutation. */
	if ((flags & (STROBE_FLAG_C | STROBE_FLAG_K)) && s->pos != 0)
		run_f(s);
	return STROBE_OK;
}

int strobe128_init(struct strobe128 *s, const void *proto, size_t len)
{
	static const uint8_t prefix[6] = {
		1, STROBE_R + 2, 1, 0, 1, 12 * 8 /* bits of "STROBEv1.0.2" */
	};
	static const char version[12] = {
		'S', 'T', 'R', 'O', 'B', 'E', 'v', '1', '.', '0', '.', '2'
	};

	if (!s)
		return STROBE_ERR_PARAM;

	memset(s, 0, sizeof(*s));
	memcpy(s->st, prefix, sizeof(prefix));
	memcpy(s->st + sizeof(prefix), version, sizeof(version));
	keccak_f1600(s->st);
	s->live = STROBE_LIVE;

	return strobe128_meta_ad(s, proto, len, false);
}

int strobe128_meta_ad(struct strobe128 *s, const void *data, size_t len,
		      bool more)
{
	int rc = begin_op(s, data, len, STROBE_FLAG_M | STROBE_FLAG_A, more);

	if (rc == STROBE_OK)
		absorb(s, data, len);
	return rc;
}

int strobe128_ad(struct strobe128 *s, const void *data, size_t len,
		 bool more)
{
	int rc = begin_op(s, data, len, STROBE_FLAG_A, more);

	if (rc == STROBE_OK)
		absorb(s, data, len);
	return rc;
}

int strobe128_prf(struct strobe128 *s, void *out, size_t len, bool more)
{
	int rc = begin_op(s, out, len,
			  STROBE_FLAG_I | STROBE_FLAG_A | STROBE_FLAG_C, more);

	if (rc == STROBE_OK)
		squeeze(s, out, len);
	else if (out)
		memset(out, 0, len);
	return rc;
}

int strobe128_key(struct strobe128 *s, const void *key, size_t len,
		  bool more)
{
	int rc = begin_op(s, key, len, STROBE_FLAG_A | STROBE_FLAG_C, more);

	if (rc == STROBE_OK)
		overwrite(s, key, len);
	return rc;
}

void strobe128_wipe(struct strobe128 *s)
{
	if (s)
		secure_wipe(s, sizeof(*s));
}
