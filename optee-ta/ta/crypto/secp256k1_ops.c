// SPDX-License-Identifier: Apache-2.0
/*
 * secp256k1_ops.h over libsecp256k1, and libsecp256k1 itself: this file is
 * the one translation unit that compiles the library (its secp256k1.c with
 * the recovery module, and its two precomputed tables) on every build.
 *
 * Why one unit: what a FROST DKG needs is below the library's public API,
 * which has no scalar arithmetic that allows zero, no inverse, no wide
 * reduction, no SHA-256, and point addition only for non-identity sums of
 * parsed keys. Its internal types and functions (secp256k1_scalar, _ge,
 * _gej, _sha256) are static functions in its headers; including
 * secp256k1.c here gives us those with no second copy of the code and no
 * change to the library. The price is that the unit is tied to 0.2.x's
 * internals: scripts/fetch-libsecp256k1.sh pins the version, and a bump
 * means reading this file again.
 *
 * The library's files are reached through a system include directory
 * (-isystem, ta/secp256k1/files.mk), so their warnings are not ours while
 * the code below keeps every warning of the build.
 */
#include "../secp256k1/secp256k1_config.h"

#include <secp256k1.c>
#include <precomputed_ecmult.c>
#include <precomputed_ecmult_gen.c>

/* The library is compiled: the C library's allocator names are theirs again. */
#undef malloc
#undef realloc
#undef free

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <tee_internal_api.h>

#include "secp256k1_ops.h"
#include "wipe.h"

/* ---- the library's callbacks and context ---- */

/*
 * An illegal argument (our bug) or a failed internal check (a broken
 * build, or a fault): nothing the library computed can be trusted, and
 * there is nothing to return to. The loop keeps the promise that TEE_Panic
 * does not return, which OP-TEE's header does not make.
 */
static void secp_panic(void)
{
	TEE_Panic(TEE_ERROR_BAD_STATE);
	for (;;)
		;
}

void secp256k1_default_illegal_callback_fn(const char *str, void *data)
{
	(void)str;
	(void)data;
	secp_panic();
}

void secp256k1_default_error_callback_fn(const char *str, void *data)
{
	(void)str;
	(void)data;
	secp_panic();
}

/*
 * One context for the TA instance, in static memory: 0.2.x's tables are
 * static, so the context is only the blinding of ecmult_gen and the
 * callbacks, and the type is complete here (we are secp256k1.c's unit).
 */
static secp256k1_context ctx_mem;
static secp256k1_context *ctx;

/*
 * New blinding for ecmult_gen (side-channel protection of every secret
 * scalar multiplication by G) from the TEE's generator.
 */
static void rerandomize(void)
{
	uint8_t seed[32];

	TEE_GenerateRandom(seed, sizeof(seed));
	if (!secp256k1_context_randomize(ctx, seed))
		secp_panic();
	secure_wipe(seed, sizeof(seed));
}

/* The context, made and blinded on first use (it also runs the library's self-test). */
static secp256k1_context *context(void)
{
	if (!ctx) {
		ctx = secp256k1_context_preallocated_create(&ctx_mem, SECP256K1_CONTEXT_NONE);
		if (!ctx)
			secp_panic();
		rerandomize();
	}
	return ctx;
}

/* ---- scalars ---- */

/* 1 when b < n; s is then its value, else reduced (callers fail and wipe). */
static int scalar_decode(secp256k1_scalar *s, const uint8_t b[SECP_SCALAR_BYTES])
{
	int overflow;

	secp256k1_scalar_set_b32(s, b, &overflow);
	return !overflow;
}

int secp_scalar_is_canonical(const uint8_t s[SECP_SCALAR_BYTES])
{
	secp256k1_scalar v;
	int ok = scalar_decode(&v, s);

	secp256k1_scalar_clear(&v);
	return ok;
}

int secp_scalar_is_zero(const uint8_t s[SECP_SCALAR_BYTES])
{
	uint8_t acc = 0;
	size_t i;

	/* No early exit: the scalar may be secret. */
	for (i = 0; i < SECP_SCALAR_BYTES; i++)
		acc |= s[i];
	return acc == 0;
}

void secp_scalar_from_u64(uint8_t out[SECP_SCALAR_BYTES], uint64_t v)
{
	size_t i;

	memset(out, 0, SECP_SCALAR_BYTES);
	for (i = 0; i < 8; i++)
		out[SECP_SCALAR_BYTES - 1 - i] = (uint8_t)(v >> (8 * i));
}

enum scalar_op { SCALAR_ADD, SCALAR_SUB, SCALAR_MUL, SCALAR_NEG, SCALAR_INV };

/*
 * out = a op b (b unused for the unary ops), all in constant time: the
 * operands may be shares, nonces or the combined key. Only the failures
 * (a non-canonical input, the inverse of zero) branch.
 */
static int scalar_op(uint8_t out[SECP_SCALAR_BYTES], const uint8_t a[SECP_SCALAR_BYTES],
		     const uint8_t *b, enum scalar_op op)
{
	secp256k1_scalar x, y, r;
	int ok = scalar_decode(&x, a);

	secp256k1_scalar_set_int(&y, 0);
	if (b)
		ok &= scalar_decode(&y, b);
	if (op == SCALAR_INV)
		ok &= !secp256k1_scalar_is_zero(&x);
	switch (op) {
	case SCALAR_ADD:
		secp256k1_scalar_add(&r, &x, &y);
		break;
	case SCALAR_SUB:
		secp256k1_scalar_negate(&y, &y);
		secp256k1_scalar_add(&r, &x, &y);
		break;
	case SCALAR_MUL:
		secp256k1_scalar_mul(&r, &x, &y);
		break;
	case SCALAR_NEG:
		secp256k1_scalar_negate(&r, &x);
		break;
	default: /* SCALAR_INV: safegcd, constant time (not the _var one) */
		secp256k1_scalar_inverse(&r, &x);
		break;
	}
	if (ok)
		secp256k1_scalar_get_b32(out, &r);
	else
		memset(out, 0, SECP_SCALAR_BYTES);
	secp256k1_scalar_clear(&x);
	secp256k1_scalar_clear(&y);
	secp256k1_scalar_clear(&r);
	return ok ? 0 : -1;
}

int secp_scalar_add(uint8_t out[SECP_SCALAR_BYTES], const uint8_t a[SECP_SCALAR_BYTES],
		    const uint8_t b[SECP_SCALAR_BYTES])
{
	return scalar_op(out, a, b, SCALAR_ADD);
}

int secp_scalar_sub(uint8_t out[SECP_SCALAR_BYTES], const uint8_t a[SECP_SCALAR_BYTES],
		    const uint8_t b[SECP_SCALAR_BYTES])
{
	return scalar_op(out, a, b, SCALAR_SUB);
}

int secp_scalar_mul(uint8_t out[SECP_SCALAR_BYTES], const uint8_t a[SECP_SCALAR_BYTES],
		    const uint8_t b[SECP_SCALAR_BYTES])
{
	return scalar_op(out, a, b, SCALAR_MUL);
}

int secp_scalar_negate(uint8_t out[SECP_SCALAR_BYTES], const uint8_t a[SECP_SCALAR_BYTES])
{
	return scalar_op(out, a, NULL, SCALAR_NEG);
}

int secp_scalar_invert(uint8_t out[SECP_SCALAR_BYTES], const uint8_t a[SECP_SCALAR_BYTES])
{
	return scalar_op(out, a, NULL, SCALAR_INV);
}

/*
 * in = hi * 2^256 + lo with hi < 2^128, so in mod n = hi * (2^256 mod n) +
 * lo mod n. Both halves load with set_b32, whose single reduction is
 * enough (each is < 2^256 < 2n); 2^256 mod n is (2^256 - 1) mod n, plus
 * one, taken from the library's own reduction rather than typed in.
 */
void secp_scalar_reduce_wide(uint8_t out[SECP_SCALAR_BYTES], const uint8_t in[SECP_WIDE_BYTES])
{
	enum { HI = SECP_WIDE_BYTES - SECP_SCALAR_BYTES };
	static const uint8_t all_ones[SECP_SCALAR_BYTES] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	uint8_t hi_b32[SECP_SCALAR_BYTES] = { 0 };
	secp256k1_scalar hi, lo, two256, one;

	memcpy(hi_b32 + SECP_SCALAR_BYTES - HI, in, HI);
	secp256k1_scalar_set_b32(&hi, hi_b32, NULL);
	secp256k1_scalar_set_b32(&lo, in + HI, NULL);
	secp256k1_scalar_set_b32(&two256, all_ones, NULL);
	secp256k1_scalar_set_int(&one, 1);
	secp256k1_scalar_add(&two256, &two256, &one);
	secp256k1_scalar_mul(&hi, &hi, &two256);
	secp256k1_scalar_add(&hi, &hi, &lo);
	secp256k1_scalar_get_b32(out, &hi);
	secure_wipe(hi_b32, sizeof(hi_b32));
	secp256k1_scalar_clear(&hi);
	secp256k1_scalar_clear(&lo);
}

/* ---- points ---- */

/* The library's SEC1 parser, at 33 bytes: 02/03 only, x < p, on the curve (cofactor 1). */
static int point_decode(secp256k1_ge *ge, const uint8_t p[SECP_POINT_BYTES])
{
	return secp256k1_eckey_pubkey_parse(ge, p, SECP_POINT_BYTES);
}

/* r = the point of rj, or -1 (r zeroed) for the identity. */
static int point_encode(uint8_t r[SECP_POINT_BYTES], secp256k1_gej *rj)
{
	secp256k1_ge ge;
	size_t len;

	if (!secp256k1_gej_is_infinity(rj)) {
		secp256k1_ge_set_gej(&ge, rj);
		if (secp256k1_eckey_pubkey_serialize(&ge, r, &len, 1) && len == SECP_POINT_BYTES)
			return 0;
	}
	memset(r, 0, SECP_POINT_BYTES);
	return -1;
}

int secp_point_is_valid(const uint8_t p[SECP_POINT_BYTES])
{
	secp256k1_ge ge;

	return point_decode(&ge, p);
}

static int point_add_neg(uint8_t r[SECP_POINT_BYTES], const uint8_t p[SECP_POINT_BYTES],
			 const uint8_t q[SECP_POINT_BYTES], int negate_q)
{
	secp256k1_ge pa, qa;
	secp256k1_gej rj;

	if (!point_decode(&pa, p) || !point_decode(&qa, q)) {
		memset(r, 0, SECP_POINT_BYTES);
		return -1;
	}
	if (negate_q)
		secp256k1_ge_neg(&qa, &qa);
	secp256k1_gej_set_ge(&rj, &pa);
	secp256k1_gej_add_ge_var(&rj, &rj, &qa, NULL);
	return point_encode(r, &rj);
}

int secp_point_add(uint8_t r[SECP_POINT_BYTES], const uint8_t p[SECP_POINT_BYTES],
		   const uint8_t q[SECP_POINT_BYTES])
{
	return point_add_neg(r, p, q, 0);
}

int secp_point_sub(uint8_t r[SECP_POINT_BYTES], const uint8_t p[SECP_POINT_BYTES],
		   const uint8_t q[SECP_POINT_BYTES])
{
	return point_add_neg(r, p, q, 1);
}

int secp_point_mul(uint8_t r[SECP_POINT_BYTES], const uint8_t k[SECP_SCALAR_BYTES],
		   const uint8_t p[SECP_POINT_BYTES])
{
	secp256k1_scalar s;
	secp256k1_ge pa;
	secp256k1_gej pj, rj;

	if (!scalar_decode(&s, k) || !point_decode(&pa, p)) {
		memset(r, 0, SECP_POINT_BYTES);
		return -1;
	}
	secp256k1_gej_set_ge(&pj, &pa);
	/* Strauss-wNAF, variable time: k is public (see the header). */
	secp256k1_ecmult(&rj, &pj, &s, NULL);
	return point_encode(r, &rj);
}

/* rj = k * G, constant time and blinded; 0 when k is not canonical. */
static int mul_base(secp256k1_gej *rj, const uint8_t k[SECP_SCALAR_BYTES])
{
	secp256k1_scalar s;
	int ok = scalar_decode(&s, k);

	secp256k1_ecmult_gen(&context()->ecmult_gen_ctx, rj, &s);
	secp256k1_scalar_clear(&s);
	return ok;
}

int secp_point_mul_base(uint8_t r[SECP_POINT_BYTES], const uint8_t k[SECP_SCALAR_BYTES])
{
	secp256k1_gej rj;
	int ret = -1;

	/* k = 0 gives the identity, which point_encode refuses. */
	if (mul_base(&rj, k))
		ret = point_encode(r, &rj);
	else
		memset(r, 0, SECP_POINT_BYTES);
	secp256k1_gej_clear(&rj);
	return ret;
}

int secp_pubkey_of(uint8_t pk[SECP_POINT_BYTES], const uint8_t x[SECP_SCALAR_BYTES])
{
	return secp_point_mul_base(pk, x);
}

/* ---- hashes ---- */

static void sha256_parts(secp256k1_sha256 *h, const struct secp_part *parts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (parts[i].len)
			secp256k1_sha256_write(h, parts[i].data, parts[i].len);
}

/* RFC 9380 5.3.1, writing b_1 .. b_ell to out as they come. */
int secp_expand_message_xmd_sha256(uint8_t *out, size_t out_len, const uint8_t *dst,
				   size_t dst_len, const struct secp_part *msg, size_t n_msg)
{
	enum { B = 32, R = 64 }; /* SHA-256's output and block sizes */
	static const uint8_t z_pad[R];
	uint8_t b0[B], bi[B], tail[3];
	uint8_t dst_len_byte = (uint8_t)dst_len;
	secp256k1_sha256 h;
	size_t ell, i, j, take;

	/* ell = ceil(out_len / 32) <= 255 (a one-byte counter), tested before it is computed. */
	if (out_len == 0 || out_len > 255 * B || dst_len == 0 || dst_len > 255 || !dst) {
		/* An out_len out of range is no buffer size to trust: nothing is written then. */
		if (out_len <= 255 * B && out)
			memset(out, 0, out_len);
		return -1;
	}
	ell = (out_len + B - 1) / B;

	/* b_0 = H(Z_pad || msg || I2OSP(len_in_bytes, 2) || I2OSP(0, 1) || DST_prime) */
	tail[0] = (uint8_t)(out_len >> 8);
	tail[1] = (uint8_t)out_len;
	tail[2] = 0;
	secp256k1_sha256_initialize(&h);
	secp256k1_sha256_write(&h, z_pad, sizeof(z_pad));
	sha256_parts(&h, msg, n_msg);
	secp256k1_sha256_write(&h, tail, sizeof(tail));
	secp256k1_sha256_write(&h, dst, dst_len);
	secp256k1_sha256_write(&h, &dst_len_byte, 1);
	secp256k1_sha256_finalize(&h, b0);

	/*
	 * b_1 = H(b_0 || 1 || DST_prime); b_i = H(strxor(b_0, b_(i-1)) || i || DST_prime).
	 * bi starts at zero, so the first XOR leaves b_0 itself, b_1's input.
	 */
	memset(bi, 0, sizeof(bi));
	for (i = 1; i <= ell; i++) {
		uint8_t idx = (uint8_t)i;

		for (j = 0; j < B; j++)
			bi[j] ^= b0[j];
		secp256k1_sha256_initialize(&h);
		secp256k1_sha256_write(&h, bi, B);
		secp256k1_sha256_write(&h, &idx, 1);
		secp256k1_sha256_write(&h, dst, dst_len);
		secp256k1_sha256_write(&h, &dst_len_byte, 1);
		secp256k1_sha256_finalize(&h, bi);
		take = out_len - (i - 1) * B < B ? out_len - (i - 1) * B : B;
		memcpy(out + (i - 1) * B, bi, take);
	}
	/* The message may be secret (H3 hashes a share with the nonce's randomness). */
	secure_wipe(b0, sizeof(b0));
	secure_wipe(bi, sizeof(bi));
	secure_wipe(&h, sizeof(h));
	return 0;
}

/* contextString || tag into dst; its length, or 0 when over 255 bytes. */
static size_t frost_dst(uint8_t dst[255], const char *tag)
{
	static const char context_string[] = SECP_FROST_CONTEXT;
	const size_t c = sizeof(context_string) - 1;
	const size_t t = strlen(tag);

	if (t > 255 - c)
		return 0;
	memcpy(dst, context_string, c);
	memcpy(dst + c, tag, t);
	return c + t;
}

int secp_frost_hash_to_field(uint8_t out[SECP_SCALAR_BYTES], const char *tag,
			     const struct secp_part *msg, size_t n_msg)
{
	uint8_t dst[255], wide[SECP_WIDE_BYTES];
	size_t dst_len = frost_dst(dst, tag);
	int ret = secp_expand_message_xmd_sha256(wide, sizeof(wide), dst, dst_len, msg, n_msg);

	if (ret == 0)
		secp_scalar_reduce_wide(out, wide);
	else
		memset(out, 0, SECP_SCALAR_BYTES);
	secure_wipe(wide, sizeof(wide));
	return ret;
}

void secp_frost_hash(uint8_t out[32], const char *tag, const struct secp_part *msg, size_t n_msg)
{
	static const char context_string[] = SECP_FROST_CONTEXT;
	secp256k1_sha256 h;

	secp256k1_sha256_initialize(&h);
	secp256k1_sha256_write(&h, (const uint8_t *)context_string, sizeof(context_string) - 1);
	secp256k1_sha256_write(&h, (const uint8_t *)tag, strlen(tag));
	sha256_parts(&h, msg, n_msg);
	secp256k1_sha256_finalize(&h, out);
	secure_wipe(&h, sizeof(h));
}

/* ---- ECDSA ---- */

int secp_ecdsa_sign_prehashed_recoverable(uint8_t out[SECP_ECDSA_RECOVERABLE_BYTES],
					  const uint8_t x[SECP_SCALAR_BYTES],
					  const uint8_t prehash[32])
{
	secp256k1_ecdsa_recoverable_signature sig;
	secp256k1_scalar m;
	uint8_t msg32[32], pk[SECP_POINT_BYTES], recovered[SECP_POINT_BYTES];
	int recid = 0, ok;

	/*
	 * RFC 6979 feeds the nonce's HMAC with bits2octets(prehash), the
	 * prehash mod n; 0.2.0 hands its nonce function the prehash as given.
	 * They differ for a prehash >= n (odds about 2^-128): reduced first,
	 * the nonce is RFC 6979's for every prehash, and the signature is the
	 * same either way (ECDSA itself reduces it).
	 */
	secp256k1_scalar_set_b32(&m, prehash, NULL);
	secp256k1_scalar_get_b32(msg32, &m);

	/* The library's default nonce function is RFC 6979 with HMAC-SHA256; it makes s low. */
	ok = secp_pubkey_of(pk, x) == 0 &&
	     secp256k1_ecdsa_sign_recoverable(context(), &sig, msg32, x, NULL, NULL) &&
	     secp256k1_ecdsa_recoverable_signature_serialize_compact(context(), out, &recid,
								     &sig);
	if (ok) {
		out[64] = (uint8_t)recid;
		/* Never release a signature that does not recover to x * G. */
		ok = secp_ecdsa_recover(recovered, out, prehash) == 0 &&
		     memcmp(recovered, pk, sizeof(pk)) == 0;
	}
	if (!ok)
		memset(out, 0, SECP_ECDSA_RECOVERABLE_BYTES);
	/* Fresh blinding for the next secret multiplication. */
	rerandomize();
	secure_wipe(&sig, sizeof(sig));
	return ok ? 0 : -1;
}

int secp_ecdsa_recover(uint8_t pk[SECP_POINT_BYTES],
		       const uint8_t sig[SECP_ECDSA_RECOVERABLE_BYTES], const uint8_t prehash[32])
{
	secp256k1_scalar r, s, m;
	secp256k1_ge q;
	secp256k1_gej qj;

	secp256k1_scalar_set_b32(&m, prehash, NULL);
	if (!scalar_decode(&r, sig) || !scalar_decode(&s, sig + 32) ||
	    secp256k1_scalar_is_zero(&r) || secp256k1_scalar_is_zero(&s) ||
	    secp256k1_scalar_is_high(&s) || sig[64] > 3 ||
	    !secp256k1_ecdsa_sig_recover(&r, &s, &q, &m, sig[64])) {
		memset(pk, 0, SECP_POINT_BYTES);
		return -1;
	}
	secp256k1_gej_set_ge(&qj, &q);
	return point_encode(pk, &qj);
}
