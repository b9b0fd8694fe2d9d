// SPDX-License-Identifier: Apache-2.0
/*
 * ChaCha20-Poly1305 IETF (the TA-to-TA encryption of DKG round-2 shares)
 * against RFC 8439 section 2.8.2, and its failure modes: any change to the
 * ciphertext, tag, AAD, nonce or key must make decryption fail and leave
 * no plaintext behind (libsodium zeroes the output buffer).
 */
#include <string.h>

#include <sodium.h>

#include "sodium_tests.h"

static const char plaintext[] =
	"Ladies and Gentlemen of the class of '99: If I could offer you only "
	"one tip for the future, sunscreen would be it.";
#define PT_LEN (sizeof(plaintext) - 1) /* 114 */

static const char ciphertext_hex[] =
	"d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
	"3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
	"92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
	"3ff4def08e4b7a9de576d26586cec64b6116"
	"1ae10b594f09e26a7e902ecbd0600691"; /* tag */

struct rfc8439 {
	uint8_t key[crypto_aead_chacha20poly1305_ietf_KEYBYTES];
	uint8_t nonce[crypto_aead_chacha20poly1305_ietf_NPUBBYTES];
	uint8_t aad[12];
	uint8_t ct[PT_LEN + crypto_aead_chacha20poly1305_ietf_ABYTES];
};

static void rfc8439(struct rfc8439 *v)
{
	size_t i;

	for (i = 0; i < sizeof(v->key); i++)
		v->key[i] = (uint8_t)(0x80 + i);
	/* constant 07000000 || IV 4041424344454647 */
	CHECK(unhex(v->nonce, sizeof(v->nonce), "070000004041424344454647") == 0);
	CHECK(unhex(v->aad, sizeof(v->aad), "50515253c0c1c2c3c4c5c6c7") == 0);
	CHECK(unhex(v->ct, sizeof(v->ct), ciphertext_hex) == 0);
}

static int decrypt(uint8_t *out, unsigned long long *outlen, const uint8_t *ct,
		   const struct rfc8439 *v)
{
	return crypto_aead_chacha20poly1305_ietf_decrypt(out, outlen, NULL, ct, sizeof(v->ct),
							 v->aad, sizeof(v->aad),
							 v->nonce, v->key);
}

TEST(aead_rfc8439_encrypt)
{
	struct rfc8439 v;
	uint8_t ct[sizeof(v.ct)];
	unsigned long long clen = 0;

	rfc8439(&v);
	CHECK(crypto_aead_chacha20poly1305_ietf_encrypt(ct, &clen, (const uint8_t *)plaintext,
							PT_LEN, v.aad, sizeof(v.aad),
							NULL, v.nonce, v.key) == 0);
	CHECK_EQ(clen, sizeof(ct));
	CHECK_HEX(ct, sizeof(ct), ciphertext_hex);
}

TEST(aead_rfc8439_decrypt)
{
	struct rfc8439 v;
	uint8_t pt[PT_LEN];
	unsigned long long len = 0;

	rfc8439(&v);
	CHECK(decrypt(pt, &len, v.ct, &v) == 0);
	CHECK_EQ(len, PT_LEN);
	CHECK(memcmp(pt, plaintext, PT_LEN) == 0);
}

TEST(aead_tampering_fails)
{
	struct rfc8439 v;
	uint8_t ct[sizeof(v.ct)], pt[PT_LEN];
	unsigned long long len;
	size_t i;

	rfc8439(&v);
	/* One flipped bit anywhere in ciphertext or tag. */
	for (i = 0; i < sizeof(ct); i++) {
		memcpy(ct, v.ct, sizeof(ct));
		ct[i] ^= (uint8_t)(1u << (i % 8));
		memset(pt, 0xa5, sizeof(pt));
		len = 12345;
		CHECK(decrypt(pt, &len, ct, &v) == -1);
		/* On failure the length is 0 and the output zeroed. */
		CHECK_EQ(len, 0);
		CHECK(sodium_is_zero(pt, sizeof(pt)) == 1);
	}
	v.aad[0] ^= 1;
	CHECK(decrypt(pt, &len, v.ct, &v) == -1);
	v.aad[0] ^= 1;
	v.nonce[11] ^= 1;
	CHECK(decrypt(pt, &len, v.ct, &v) == -1);
	v.nonce[11] ^= 1;
	v.key[31] ^= 1;
	CHECK(decrypt(pt, &len, v.ct, &v) == -1);
	v.key[31] ^= 1;
	/* A truncated message is refused, not read out of bounds. */
	CHECK(crypto_aead_chacha20poly1305_ietf_decrypt(
		      pt, &len, NULL, v.ct, crypto_aead_chacha20poly1305_ietf_ABYTES - 1,
		      v.aad, sizeof(v.aad), v.nonce, v.key) == -1);
	CHECK(decrypt(pt, &len, v.ct, &v) == 0);
}

/* Encrypting and decrypting in place (c == m) is supported. */
TEST(aead_in_place)
{
	struct rfc8439 v;
	uint8_t buf[sizeof(v.ct)];
	unsigned long long len;

	rfc8439(&v);
	memcpy(buf, plaintext, PT_LEN);
	CHECK(crypto_aead_chacha20poly1305_ietf_encrypt(buf, &len, buf, PT_LEN, v.aad,
							sizeof(v.aad), NULL, v.nonce,
							v.key) == 0);
	CHECK_HEX(buf, sizeof(buf), ciphertext_hex);
	CHECK(crypto_aead_chacha20poly1305_ietf_decrypt(buf, &len, NULL, buf, sizeof(buf),
							v.aad, sizeof(v.aad), v.nonce,
							v.key) == 0);
	CHECK_EQ(len, PT_LEN);
	CHECK(memcmp(buf, plaintext, PT_LEN) == 0);
}
