// SPDX-License-Identifier: Apache-2.0
/*
 * A tiny TA for testing ta-host end to end: one command per kind of
 * parameter and per emulated service (objects, the two PTAs, panic). Plain
 * GP API only, written as it would be for OP-TEE. Every command checks its
 * parameter types first, as a real TA must.
 */
#include <string.h>

#include <pta_attestation.h>
#include <pta_system.h>
#include <tee_internal_api.h>

#include "echo_ta.h"

#define PT(a, b, c, d)                                             \
	TEE_PARAM_TYPES(TEE_PARAM_TYPE_##a, TEE_PARAM_TYPE_##b,    \
			TEE_PARAM_TYPE_##c, TEE_PARAM_TYPE_##d)

static uint32_t creates;
static uint32_t sessions;

TEE_Result TA_CreateEntryPoint(void)
{
	creates++;
	return TEE_SUCCESS;
}

/* Leaves a mark in storage, so a test can see that a clean stop ran it. */
void TA_DestroyEntryPoint(void)
{
	static const char mark[] = "destroyed";
	TEE_Result res;

	res = TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, ECHO_DESTROYED_ID,
					 strlen(ECHO_DESTROYED_ID),
					 TEE_DATA_FLAG_OVERWRITE, TEE_HANDLE_NULL,
					 mark, sizeof(mark) - 1, NULL);
	if (res)
		EMSG("storing the destroy mark: 0x%x", (unsigned int)res);
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t paramTypes,
				    TEE_Param params[TEE_NUM_PARAMS],
				    void **sessionContext)
{
	(void)params;
	if (paramTypes != PT(NONE, NONE, NONE, NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	/* Something per session, so that ASan sees a leak if not closed. */
	*sessionContext = TEE_Malloc(16, TEE_MALLOC_FILL_ZERO);
	if (!*sessionContext)
		return TEE_ERROR_OUT_OF_MEMORY;
	sessions++;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *sessionContext)
{
	TEE_Free(sessionContext);
	sessions--;
}

static TEE_Result echo(TEE_Param p[])
{
	if (p[1].memref.size < p[0].memref.size) {
		p[1].memref.size = p[0].memref.size;
		return TEE_ERROR_SHORT_BUFFER;
	}
	TEE_MemMove(p[1].memref.buffer, p[0].memref.buffer, p[0].memref.size);
	p[1].memref.size = p[0].memref.size;
	return TEE_SUCCESS;
}

static TEE_Result add(TEE_Param p[])
{
	p[2].value.a = p[0].value.a + p[1].value.a;
	p[2].value.b = p[0].value.b + p[1].value.b;
	p[1].value.a *= 2;
	p[1].value.b *= 2;
	return TEE_SUCCESS;
}

static TEE_Result reverse(TEE_Param p[])
{
	uint8_t *b = p[0].memref.buffer;
	size_t i, n = p[0].memref.size;

	for (i = 0; i < n / 2; i++) {
		uint8_t t = b[i];

		b[i] = b[n - 1 - i];
		b[n - 1 - i] = t;
	}
	if (p[1].value.a < n)
		p[0].memref.size = p[1].value.a;
	return TEE_SUCCESS;
}

static int id_ok(const TEE_Param *p)
{
	return p->memref.size >= 1 && p->memref.size <= TEE_OBJECT_ID_MAX_LEN;
}

static TEE_Result store(TEE_Param p[])
{
	if (!id_ok(&p[0]))
		return TEE_ERROR_BAD_PARAMETERS;
	return TEE_CreatePersistentObject(
		TEE_STORAGE_PRIVATE, p[0].memref.buffer, p[0].memref.size,
		TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_ACCESS_WRITE |
			TEE_DATA_FLAG_OVERWRITE,
		TEE_HANDLE_NULL, p[1].memref.buffer, p[1].memref.size, NULL);
}

static TEE_Result load(TEE_Param p[])
{
	TEE_ObjectHandle obj = TEE_HANDLE_NULL;
	TEE_ObjectInfo info;
	TEE_Result res;
	size_t n = 0;

	if (!id_ok(&p[0]))
		return TEE_ERROR_BAD_PARAMETERS;
	res = TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, p[0].memref.buffer,
				       p[0].memref.size,
				       TEE_DATA_FLAG_ACCESS_READ, &obj);
	if (res)
		return res;
	res = TEE_GetObjectInfo1(obj, &info);
	if (!res && info.dataSize > p[1].memref.size) {
		p[1].memref.size = info.dataSize;
		res = TEE_ERROR_SHORT_BUFFER;
	}
	if (!res)
		res = TEE_ReadObjectData(obj, p[1].memref.buffer,
					 p[1].memref.size, &n);
	if (!res)
		p[1].memref.size = n;
	TEE_CloseObject(obj);
	return res;
}

/* One command on a pseudo TA, in a session of its own. */
static TEE_Result call_pta(const TEE_UUID *uuid, uint32_t cmd, uint32_t types,
			   TEE_Param p[])
{
	TEE_TASessionHandle s = TEE_HANDLE_NULL;
	uint32_t origin;
	TEE_Result res;

	res = TEE_OpenTASession(uuid, TEE_TIMEOUT_INFINITE, 0, NULL, &s,
				&origin);
	if (res)
		return res;
	res = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, cmd, types, p,
				  &origin);
	TEE_CloseTASession(s);
	return res;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sessionContext, uint32_t commandID,
				      uint32_t paramTypes,
				      TEE_Param params[TEE_NUM_PARAMS])
{
	static const TEE_UUID system_uuid = PTA_SYSTEM_UUID;
	static const TEE_UUID attestation_uuid = PTA_ATTESTATION_UUID;
	const uint32_t in_out = PT(MEMREF_INPUT, MEMREF_OUTPUT, NONE, NONE);

	(void)sessionContext;
	switch (commandID) {
	case ECHO_CMD_ECHO:
		if (paramTypes != in_out)
			return TEE_ERROR_BAD_PARAMETERS;
		return echo(params);
	case ECHO_CMD_ADD:
		if (paramTypes != PT(VALUE_INPUT, VALUE_INOUT, VALUE_OUTPUT, NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return add(params);
	case ECHO_CMD_REVERSE:
		if (paramTypes != PT(MEMREF_INOUT, VALUE_INPUT, NONE, NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return reverse(params);
	case ECHO_CMD_STORE:
		if (paramTypes != PT(MEMREF_INPUT, MEMREF_INPUT, NONE, NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return store(params);
	case ECHO_CMD_LOAD:
		if (paramTypes != in_out)
			return TEE_ERROR_BAD_PARAMETERS;
		return load(params);
	case ECHO_CMD_DERIVE_KEY:
		if (paramTypes != in_out)
			return TEE_ERROR_BAD_PARAMETERS;
		return call_pta(&system_uuid, PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY,
				paramTypes, params);
	case ECHO_CMD_GET_PUBKEY:
		return call_pta(&attestation_uuid, PTA_ATTESTATION_GET_PUBKEY,
				paramTypes, params);
	case ECHO_CMD_ATTEST:
		return call_pta(&attestation_uuid,
				PTA_ATTESTATION_HASH_TA_MEMORY, paramTypes,
				params);
	case ECHO_CMD_PANIC:
		TEE_Panic(ECHO_PANIC_CODE);
		return TEE_ERROR_GENERIC;
	case ECHO_CMD_STATS:
		if (paramTypes != PT(VALUE_OUTPUT, NONE, NONE, NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		params[0].value.a = creates;
		params[0].value.b = sessions;
		return TEE_SUCCESS;
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
