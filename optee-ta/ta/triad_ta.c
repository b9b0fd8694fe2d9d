// SPDX-License-Identifier: Apache-2.0
/*
 * The Triad TA's GP entry points: one instance (single instance, keep alive,
 * so the nonce pool outlives sessions), its state sealed in one persistent
 * object (sealed_state.c), and every command routed to its module in core/
 * with its buffers guarded and wiped after it ran.
 */
#include <string.h>

#include <sodium.h>
#include <tee_internal_api.h>

#include "attest.h"
#include "counter_msg.h"
#include "ecdsa_sign.h"
#include "keys.h"
#include "sealed_state.h"
#include "sign.h"
#include "triad_ta.h"
#include "unlock.h"
#include "vrf_sign.h"

#define TRIAD_MAX_INPUT (TRIAD_MAX_PAYLOAD + 1024)

static struct ta_context ctx;
static bool state_ok;
static uint8_t input[TRIAD_MAX_INPUT];
static uint8_t output[TRIAD_MAX_OUTPUT];

TEE_Result TA_CreateEntryPoint(void)
{
	memset(&ctx, 0, sizeof(ctx));
	nonce_pool_init(&ctx.pool);
	ctx.persist = sealed_state_persist;
	ctx.io = sealed_state_io(); /* para-statement's logs, beside the key objects */
	state_ok = sealed_state_load(&ctx.state) == TEE_SUCCESS;
	ta_context_start(&ctx);
	/* Failing here would make the TA unreachable; instead every command says why. */
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
	nonce_pool_clear(&ctx.pool);
	dkg_abort(&ctx.dkg);
	counter_forget_keys();
	sodium_memzero(&ctx, sizeof(ctx));
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t param_types, TEE_Param params[4], void **session)
{
	(void)params;
	*session = NULL;
	if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *session)
{
	(void)session;
}

static command_fn command_for(uint32_t cmd)
{
	switch (cmd) {
	case TRIAD_CMD_GET_INFO:
		return cmd_get_info;
	case TRIAD_CMD_COMMIT_NONCES:
		return cmd_commit_nonces;
	case TRIAD_CMD_SIGN_PREPARE:
		return cmd_sign_prepare;
	case TRIAD_CMD_SIGN_COSIGN:
		return cmd_sign_cosign;
	case TRIAD_CMD_SIGN_FINISH:
		return cmd_sign_finish;
	case TRIAD_CMD_COUNTER_CHALLENGE:
		return cmd_counter_challenge;
	case TRIAD_CMD_COUNTER_REPORT:
		return cmd_counter_report;
	case TRIAD_CMD_COUNTER_UNLOCK:
		return cmd_counter_unlock;
	case TRIAD_CMD_ATTEST:
		return cmd_attest;
	case TRIAD_CMD_REFRESH_ROUND1:
		return cmd_refresh_round1;
	case TRIAD_CMD_DKG_ROUND1:
		return cmd_dkg_round1;
	case TRIAD_CMD_DKG_ROUND2:
		return cmd_dkg_round2;
	case TRIAD_CMD_DKG_ROUND3:
		return cmd_dkg_round3;
	case TRIAD_CMD_EXPORT_PUBLIC:
		return cmd_export_public;
	case TRIAD_CMD_RETIRE_KEY:
		return cmd_retire_key;
	case TRIAD_CMD_VRF_PREPARE:
		return cmd_vrf_prepare;
	case TRIAD_CMD_VRF_COSIGN:
		return cmd_vrf_cosign;
	case TRIAD_CMD_VRF_FINISH:
		return cmd_vrf_finish;
	case TRIAD_CMD_ECDSA_PREPARE:
		return cmd_ecdsa_prepare;
	case TRIAD_CMD_ECDSA_COSIGN:
		return cmd_ecdsa_cosign;
	case TRIAD_CMD_ECDSA_FINISH:
		return cmd_ecdsa_finish;
	default:
		return NULL;
	}
}

TEE_Result TA_InvokeCommandEntryPoint(void *session, uint32_t cmd, uint32_t param_types,
				      TEE_Param params[4])
{
	const uint32_t expected = TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT,
						  TEE_PARAM_TYPE_MEMREF_OUTPUT,
						  TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE);
	command_fn fn = command_for(cmd);
	size_t in_len, out_len = 0;
	uint32_t rc;

	(void)session;
	if (!fn)
		return TEE_ERROR_NOT_SUPPORTED;
	if (param_types != expected)
		return TEE_ERROR_BAD_PARAMETERS;
	if (!state_ok)
		return TRIAD_ERR_STORAGE;
	/* Ask for room first: an answer computed and then lost would burn a nonce. */
	if (params[1].memref.size < TRIAD_MAX_OUTPUT) {
		params[1].memref.size = TRIAD_MAX_OUTPUT;
		return TEE_ERROR_SHORT_BUFFER;
	}
	in_len = params[0].memref.size;
	if (in_len > sizeof(input))
		return TRIAD_ERR_MALFORMED;
	/*
	 * Shared memory can change under us while we parse: work on a private
	 * copy, so what is checked is what is signed.
	 */
	if (in_len)
		memcpy(input, params[0].memref.buffer, in_len);
	rc = fn(&ctx, input, in_len, output, sizeof(output), &out_len);
	ta_change_wipe();
	sodium_memzero(input, in_len);
	if (rc) {
		sodium_memzero(output, sizeof(output));
		return rc;
	}
	memcpy(params[1].memref.buffer, output, out_len);
	params[1].memref.size = out_len;
	sodium_memzero(output, out_len);
	return TEE_SUCCESS;
}
