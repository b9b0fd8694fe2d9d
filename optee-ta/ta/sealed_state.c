// SPDX-License-Identifier: Apache-2.0
#include <string.h>

#include <sodium.h>
#include <tee_internal_api.h>

#include "sealed_state.h"

static const char state_object_id[] = "triad-state-v1";

/* One atomic overwrite: GP create with OVERWRITE. */
int sealed_state_persist(const struct ta_state *s)
{
	static uint8_t buf[STATE_MAX_ENCODED];
	TEE_ObjectHandle obj = TEE_HANDLE_NULL;
	TEE_Result res;
	size_t len = state_encode(s, buf, sizeof(buf));

	if (!len)
		return -1;
	res = TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, state_object_id,
					 sizeof(state_object_id) - 1,
					 TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_ACCESS_WRITE |
						 TEE_DATA_FLAG_ACCESS_WRITE_META |
						 TEE_DATA_FLAG_OVERWRITE,
					 TEE_HANDLE_NULL, buf, len, &obj);
	sodium_memzero(buf, len);
	if (res != TEE_SUCCESS)
		return -1;
	TEE_CloseObject(obj);
	return 0;
}

TEE_Result sealed_state_load(struct ta_state *s)
{
	static uint8_t buf[STATE_MAX_ENCODED];
	TEE_ObjectHandle obj = TEE_HANDLE_NULL;
	TEE_ObjectInfo info;
	size_t got = 0;
	TEE_Result res;

	res = TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, state_object_id,
				       sizeof(state_object_id) - 1, TEE_DATA_FLAG_ACCESS_READ,
				       &obj);
	if (res == TEE_ERROR_ITEM_NOT_FOUND) {
		if (state_init_fresh(s) || sealed_state_persist(s))
			return TEE_ERROR_STORAGE_NOT_AVAILABLE;
		return TEE_SUCCESS;
	}
	if (res != TEE_SUCCESS)
		return res;
	res = TEE_GetObjectInfo1(obj, &info);
	if (res == TEE_SUCCESS && info.dataSize > sizeof(buf))
		res = TEE_ERROR_CORRUPT_OBJECT;
	if (res == TEE_SUCCESS)
		res = TEE_ReadObjectData(obj, buf, info.dataSize, &got);
	TEE_CloseObject(obj);
	if (res == TEE_SUCCESS && (got != info.dataSize || !state_decode(s, buf, got)))
		res = TEE_ERROR_CORRUPT_OBJECT;
	sodium_memzero(buf, sizeof(buf));
	return res;
}
