/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Constants of the GlobalPlatform TEE Internal Core API 1.3 that the Triad TA
 * uses, for the emulated TEE (ta-host). Names and values are the ones of the
 * GP specification as OP-TEE's libutee defines them, so that the TA's sources
 * compile unchanged against this header on Linux and against the OP-TEE TA
 * dev kit on a board. Only the subset we emulate is here: a TA that needs
 * more fails to compile in emulation instead of behaving differently.
 */
#ifndef TEE_API_DEFINES_H
#define TEE_API_DEFINES_H

#define TEE_HANDLE_NULL 0

#define TEE_TIMEOUT_INFINITE 0xFFFFFFFF

/* Result codes (GP TEE Internal Core API, table "API Return Codes") */
#define TEE_SUCCESS                       0x00000000
#define TEE_ERROR_CORRUPT_OBJECT          0xF0100001
#define TEE_ERROR_CORRUPT_OBJECT_2        0xF0100002
#define TEE_ERROR_STORAGE_NOT_AVAILABLE   0xF0100003
#define TEE_ERROR_STORAGE_NOT_AVAILABLE_2 0xF0100004
#define TEE_ERROR_UNSUPPORTED_VERSION     0xF0100005
#define TEE_ERROR_CIPHERTEXT_INVALID      0xF0100006
#define TEE_ERROR_GENERIC                 0xFFFF0000
#define TEE_ERROR_ACCESS_DENIED           0xFFFF0001
#define TEE_ERROR_CANCEL                  0xFFFF0002
#define TEE_ERROR_ACCESS_CONFLICT         0xFFFF0003
#define TEE_ERROR_EXCESS_DATA             0xFFFF0004
#define TEE_ERROR_BAD_FORMAT              0xFFFF0005
#define TEE_ERROR_BAD_PARAMETERS          0xFFFF0006
#define TEE_ERROR_BAD_STATE               0xFFFF0007
#define TEE_ERROR_ITEM_NOT_FOUND          0xFFFF0008
#define TEE_ERROR_NOT_IMPLEMENTED         0xFFFF0009
#define TEE_ERROR_NOT_SUPPORTED           0xFFFF000A
#define TEE_ERROR_NO_DATA                 0xFFFF000B
#define TEE_ERROR_OUT_OF_MEMORY           0xFFFF000C
#define TEE_ERROR_BUSY                    0xFFFF000D
#define TEE_ERROR_COMMUNICATION           0xFFFF000E
#define TEE_ERROR_SECURITY                0xFFFF000F
#define TEE_ERROR_SHORT_BUFFER            0xFFFF0010
#define TEE_ERROR_EXTERNAL_CANCEL         0xFFFF0011
#define TEE_ERROR_TIMEOUT                 0xFFFF3001
#define TEE_ERROR_OVERFLOW                0xFFFF300F
#define TEE_ERROR_TARGET_DEAD             0xFFFF3024
#define TEE_ERROR_STORAGE_NO_SPACE        0xFFFF3041
#define TEE_ERROR_MAC_INVALID             0xFFFF3071
#define TEE_ERROR_SIGNATURE_INVALID       0xFFFF3072
#define TEE_ERROR_TIME_NOT_SET            0xFFFF5000
#define TEE_ERROR_TIME_NEEDS_RESET        0xFFFF5001

/* Parameter types, one nibble per parameter in a paramTypes word */
#define TEE_PARAM_TYPE_NONE          0
#define TEE_PARAM_TYPE_VALUE_INPUT   1
#define TEE_PARAM_TYPE_VALUE_OUTPUT  2
#define TEE_PARAM_TYPE_VALUE_INOUT   3
#define TEE_PARAM_TYPE_MEMREF_INPUT  5
#define TEE_PARAM_TYPE_MEMREF_OUTPUT 6
#define TEE_PARAM_TYPE_MEMREF_INOUT  7

#define TEE_NUM_PARAMS 4

#define TEE_PARAM_TYPES(t0, t1, t2, t3)                                  \
	((uint32_t)(t0) | ((uint32_t)(t1) << 4) | ((uint32_t)(t2) << 8) | \
	 ((uint32_t)(t3) << 12))
#define TEE_PARAM_TYPE_GET(t, i) ((((uint32_t)(t)) >> ((i) * 4)) & 0xF)
#define TEE_PARAM_TYPE_SET(t, i) (((uint32_t)(t) & 0xF) << ((i) * 4))

/* Login types */
#define TEE_LOGIN_PUBLIC      0x00000000
#define TEE_LOGIN_TRUSTED_APP 0xF0000000

/* Origin of a result: who produced it */
#define TEE_ORIGIN_API         0x00000001
#define TEE_ORIGIN_COMMS       0x00000002
#define TEE_ORIGIN_TEE         0x00000003
#define TEE_ORIGIN_TRUSTED_APP 0x00000004

/* TEE_Malloc hints */
#define TEE_MALLOC_FILL_ZERO 0x00000000
#define TEE_MALLOC_NO_FILL   0x00000001
#define TEE_MALLOC_NO_SHARE  0x00000002

/* TEE_SeekObjectData whence */
#define TEE_DATA_SEEK_SET 0x00000000
#define TEE_DATA_SEEK_CUR 0x00000001
#define TEE_DATA_SEEK_END 0x00000002

/* Persistent objects */
#define TEE_STORAGE_PRIVATE             0x00000001
#define TEE_DATA_FLAG_ACCESS_READ       0x00000001
#define TEE_DATA_FLAG_ACCESS_WRITE      0x00000002
#define TEE_DATA_FLAG_ACCESS_WRITE_META 0x00000004
#define TEE_DATA_FLAG_SHARE_READ        0x00000010
#define TEE_DATA_FLAG_SHARE_WRITE       0x00000020
#define TEE_DATA_FLAG_OVERWRITE         0x00000400
#define TEE_DATA_MAX_POSITION           0xFFFFFFFF
#define TEE_OBJECT_ID_MAX_LEN           64

#define TEE_HANDLE_FLAG_PERSISTENT  0x00010000
#define TEE_HANDLE_FLAG_INITIALIZED 0x00020000

#define TEE_TYPE_DATA 0xA00000BF

/* Algorithm identifier the attestation PTA reports for its signatures */
#define TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256 0x70414930

#endif /* TEE_API_DEFINES_H */
