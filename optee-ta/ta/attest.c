// SPDX-License-Identifier: Apache-2.0
/*
 * Evidence for mutual attestation (DESIGN.md section 8), from OP-TEE's
 * attestation PTA: it signs SHA-256(nonce || measurement of this TA's memory)
 * with the device's attestation key (RSA-3072, PSS). We pass as its "nonce"
 * the digest of what the evidence claims, so one signature covers all of it:
 *
 *   claims = "triad-evidence-v1" || version:u16 || identity_pk[32]
 *            || verifier_nonce[32] || device_id[32]
 *   pta_nonce = BLAKE2b-256(claims); device_id = BLAKE2b-256(e || n)
 *
 * ATTEST_REQUEST (0x30): verifier_nonce[32]
 * EVIDENCE (0x31): version:u16 identity_pk[32] verifier_nonce[32] device_id[32]
 *   measurement[32] e_len:u16 e n_len:u16 n sig_len:u16 sig
 * (e, n: the device key, for enrollment; a verifier checks the signature with
 * the key it enrolled, never with the one the evidence carries.)
 */
#include <string.h>

#include <pta_attestation.h>
#include <sodium.h>
#include <tee_internal_api.h>

#include "attest.h"
#include "codec.h"

#define RSA_MAX_BYTES 512

static TEE_Result open_pta(TEE_TASessionHandle *sess)
{
	static const TEE_UUID uuid = PTA_ATTESTATION_UUID;
	uint32_t origin;

	return TEE_OpenTASession(&uuid, TEE_TIMEOUT_INFINITE, 0, NULL, sess, &origin);
}

static TEE_Result device_key(TEE_TASessionHandle sess, uint8_t *e, size_t *e_len, uint8_t *n,
			     size_t *n_len)
{
	TEE_Param p[TEE_NUM_PARAMS];
	uint32_t origin;
	TEE_Result res;

	memset(p, 0, sizeof(p));
	p[0].memref.buffer = e;
	p[0].memref.size = *e_len;
	p[1].memref.buffer = n;
	p[1].memref.size = *n_len;
	res = TEE_InvokeTACommand(sess, TEE_TIMEOUT_INFINITE, PTA_ATTESTATION_GET_PUBKEY,
				  TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_OUTPUT,
						  TEE_PARAM_TYPE_MEMREF_OUTPUT,
						  TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_NONE),
				  p, &origin);
	*e_len = p[0].memref.size;
	*n_len = p[1].memref.size;
	return res;
}

uint32_t cmd_attest(struct ta_context *ctx, const uint8_t *in, size_t in_len, uint8_t *out,
		    size_t out_cap, size_t *out_len)
{
	static uint8_t e[8], n[RSA_MAX_BYTES], signed_blob[32 + RSA_MAX_BYTES];
	uint8_t nonce[32], device_id[32], claims_digest[32];
	TEE_TASessionHandle sess = TEE_HANDLE_NULL;
	TEE_Param p[TEE_NUM_PARAMS];
	size_t e_len = sizeof(e), n_len = sizeof(n);
	struct reader r;
	struct writer w;
	uint32_t origin;
	TEE_Result res;

	reader_init(&r, in, in_len);
	if (read_u8(&r) != TRIAD_TAG_ATTEST_REQUEST)
		return TRIAD_ERR_MALFORMED;
	read_into(&r, nonce, sizeof(nonce));
	if (!reader_done(&r))
		return TRIAD_ERR_MALFORMED;
	res = open_pta(&sess);
	if (res != TEE_SUCCESS)
		return res;
	res = device_key(sess, e, &e_len, n, &n_len);
	if (res == TEE_SUCCESS) {
		attest_device_id(device_id, e, e_len, n, n_len);
		attest_claims_digest(claims_digest, ctx->state.identity_pk, nonce, device_id);
		memset(p, 0, sizeof(p));
		p[0].memref.buffer = claims_digest;
		p[0].memref.size = sizeof(claims_digest);
		p[1].memref.buffer = signed_blob;
		p[1].memref.size = sizeof(signed_blob);
		res = TEE_InvokeTACommand(sess, TEE_TIMEOUT_INFINITE, PTA_ATTESTATION_HASH_TA_MEMORY,
					  TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT,
							  TEE_PARAM_TYPE_MEMREF_OUTPUT,
							  TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE),
					  p, &origin);
	}
	TEE_CloseTASession(sess);
	if (res != TEE_SUCCESS)
		return res;
	if (p[1].memref.size <= 32)
		return TRIAD_ERR_BAD_STATE;

	writer_init(&w, out, out_cap);
	write_u8(&w, TRIAD_TAG_EVIDENCE);
	write_u16(&w, TRIAD_TA_VERSION);
	write_bytes(&w, ctx->state.identity_pk, 32);
	write_bytes(&w, nonce, 32);
	write_bytes(&w, device_id, 32);
	write_bytes(&w, signed_blob, 32); /* the measurement */
	write_u16(&w, (uint16_t)e_len);
	write_bytes(&w, e, e_len);
	write_u16(&w, (uint16_t)n_len);
	write_bytes(&w, n, n_len);
	write_u16(&w, (uint16_t)(p[1].memref.size - 32));
	write_bytes(&w, signed_blob + 32, p[1].memref.size - 32);
	if (w.error)
		return TRIAD_ERR_MALFORMED;
	*out_len = w.len;
	return 0;
}
