/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The GP TEE Internal Core API 1.3 subset that the emulated TEE (ta-host)
 * implements, with the signatures of the specification and of OP-TEE's
 * libutee, so one TA source tree builds for both. What is here is what
 * host/tee_api_emul.c provides; anything else is a link error in emulation,
 * on purpose (an emulator that silently stubs an API hides bugs).
 *
 * Behaviour follows OP-TEE where GP leaves room: the functions panic (the
 * TA instance dies) on the results libutee treats as programming errors,
 * e.g. reading an object not opened for reading, an unknown whence, a bad
 * handle.
 */
#ifndef TEE_INTERNAL_API_H
#define TEE_INTERNAL_API_H

#include <stddef.h>
#include <stdint.h>

#include "tee_api_defines.h"
#include "tee_api_types.h"
#include "trace.h"

/* Entry points the TA implements (called by ta-host) */
TEE_Result TA_CreateEntryPoint(void);
void TA_DestroyEntryPoint(void);
TEE_Result TA_OpenSessionEntryPoint(uint32_t paramTypes,
				    TEE_Param params[TEE_NUM_PARAMS],
				    void **sessionContext);
void TA_CloseSessionEntryPoint(void *sessionContext);
TEE_Result TA_InvokeCommandEntryPoint(void *sessionContext, uint32_t commandID,
				      uint32_t paramTypes,
				      TEE_Param params[TEE_NUM_PARAMS]);

/* Panic: ends the TA instance (ta-host exits, see host/PROTOCOL.md) */
void TEE_Panic(TEE_Result panicCode);

/* Internal client API: sessions to the emulated system and attestation PTAs */
TEE_Result TEE_OpenTASession(const TEE_UUID *destination,
			     uint32_t cancellationRequestTimeout,
			     uint32_t paramTypes,
			     TEE_Param params[TEE_NUM_PARAMS],
			     TEE_TASessionHandle *session,
			     uint32_t *returnOrigin);
void TEE_CloseTASession(TEE_TASessionHandle session);
TEE_Result TEE_InvokeTACommand(TEE_TASessionHandle session,
			       uint32_t cancellationRequestTimeout,
			       uint32_t commandID, uint32_t paramTypes,
			       TEE_Param params[TEE_NUM_PARAMS],
			       uint32_t *returnOrigin);

/* Memory */
void *TEE_Malloc(size_t size, uint32_t hint);
void *TEE_Realloc(void *buffer, size_t newSize);
void TEE_Free(void *buffer);
void TEE_MemMove(void *dest, const void *src, size_t size);
int32_t TEE_MemCompare(const void *buffer1, const void *buffer2, size_t size);
void TEE_MemFill(void *buff, uint32_t x, size_t size);

/* Persistent objects (data objects only: no attributes, no enumerators) */
TEE_Result TEE_GetObjectInfo1(TEE_ObjectHandle object,
			      TEE_ObjectInfo *objectInfo);
void TEE_CloseObject(TEE_ObjectHandle object);
TEE_Result TEE_OpenPersistentObject(uint32_t storageID, const void *objectID,
				    size_t objectIDLen, uint32_t flags,
				    TEE_ObjectHandle *object);
TEE_Result TEE_CreatePersistentObject(uint32_t storageID, const void *objectID,
				      size_t objectIDLen, uint32_t flags,
				      TEE_ObjectHandle attributes,
				      const void *initialData,
				      size_t initialDataLen,
				      TEE_ObjectHandle *object);
TEE_Result TEE_CloseAndDeletePersistentObject1(TEE_ObjectHandle object);
TEE_Result TEE_RenamePersistentObject(TEE_ObjectHandle object,
				      const void *newObjectID,
				      size_t newObjectIDLen);
TEE_Result TEE_ReadObjectData(TEE_ObjectHandle object, void *buffer,
			      size_t size, size_t *count);
TEE_Result TEE_WriteObjectData(TEE_ObjectHandle object, const void *buffer,
			       size_t size);
TEE_Result TEE_TruncateObjectData(TEE_ObjectHandle object, size_t size);
TEE_Result TEE_SeekObjectData(TEE_ObjectHandle object, intmax_t offset,
			      TEE_Whence whence);

/* Random numbers and time */
void TEE_GenerateRandom(void *randomBuffer, size_t randomBufferLen);
void TEE_GetSystemTime(TEE_Time *time);
void TEE_GetREETime(TEE_Time *time);

#endif /* TEE_INTERNAL_API_H */
