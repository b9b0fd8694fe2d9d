// SPDX-License-Identifier: Apache-2.0
#include <string.h>

#include <tee_internal_api.h>

#include "sealed_state.h"
#include "store.h"

static int gp_read(const char *id, uint8_t *buf, size_t cap, size_t *len)
{
	TEE_ObjectHandle obj = TEE_HANDLE_NULL;
	TEE_ObjectInfo info;
	size_t got = 0;
	TEE_Result res;

	res = TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, id, strlen(id),
				       TEE_DATA_FLAG_ACCESS_READ, &obj);
	if (res == TEE_ERROR_ITEM_NOT_FOUND)
		return STORE_NOT_FOUND;
	if (res == TEE_ERROR_CORRUPT_OBJECT)
		return STORE_CORRUPT;
	if (res != TEE_SUCCESS)
		return STORE_IO;
	res = TEE_GetObjectInfo1(obj, &info);
	if (res == TEE_SUCCESS && info.dataSize > cap)
		res = TEE_ERROR_CORRUPT_OBJECT;
	if (res == TEE_SUCCESS)
		res = TEE_ReadObjectData(obj, buf, info.dataSize, &got);
	TEE_CloseObject(obj);
	if (res == TEE_ERROR_CORRUPT_OBJECT)
		return STORE_CORRUPT;
	if (res != TEE_SUCCESS || got != info.dataSize)
		return STORE_IO;
	*len = got;
	return 0;
}

/* One atomic overwrite: GP create with OVERWRITE. */
static int gp_write(const char *id, const uint8_t *buf, size_t len)
{
	TEE_ObjectHandle obj = TEE_HANDLE_NULL;
	TEE_Result res;

	res = TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, id, strlen(id),
					 TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_ACCESS_WRITE |
						 TEE_DATA_FLAG_ACCESS_WRITE_META |
						 TEE_DATA_FLAG_OVERWRITE,
					 TEE_HANDLE_NULL, buf, len, &obj);
	if (res != TEE_SUCCESS)
		return STORE_IO;
	TEE_CloseObject(obj);
	return 0;
}

static int gp_remove(const char *id)
{
	TEE_ObjectHandle obj = TEE_HANDLE_NULL;
	TEE_Result res;

	res = TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, id, strlen(id),
				       TEE_DATA_FLAG_ACCESS_WRITE_META, &obj);
	if (res == TEE_ERROR_ITEM_NOT_FOUND)
		return STORE_NOT_FOUND;
	if (res != TEE_SUCCESS)
		return STORE_IO;
	res = TEE_CloseAndDeletePersistentObject1(obj);
	return res == TEE_SUCCESS ? 0 : STORE_IO;
}

static const struct object_io gp_io = { gp_read, gp_write, gp_remove };

const struct object_io *sealed_state_io(void)
{
	return &gp_io;
}

int sealed_state_persist(const struct ta_state *s, int slot)
{
	return store_persist(&gp_io, s, slot) ? -1 : 0;
}

TEE_Result sealed_state_load(struct ta_state *s)
{
	switch (store_load(&gp_io, s)) {
	case STORE_OK:
		return TEE_SUCCESS;
	case STORE_IO:
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	default: /* corrupt, or one key object rolled back: refused, never replaced */
		return TEE_ERROR_CORRUPT_OBJECT;
	}
}
