/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The attestation pseudo TA of OP-TEE (CFG_ATTESTATION_PTA), as far as
 * ta-host emulates it; UUID and command ids are the values of OP-TEE's
 * lib/libutee/include/pta_attestation.h.
 *
 * PTA_ATTESTATION_GET_PUBKEY
 *   param 0 MEMREF_OUTPUT  public exponent, big endian, no leading zeros
 *   param 1 MEMREF_OUTPUT  modulus, big endian (384 bytes: RSA-3072)
 *   param 2 VALUE_OUTPUT   a = TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256
 *   param 3 NONE
 *   TEE_ERROR_SHORT_BUFFER if either buffer is too small; both sizes are
 *   then set to the sizes needed.
 *
 * PTA_ATTESTATION_HASH_TA_MEMORY
 *   param 0 MEMREF_INPUT   nonce, at least one byte
 *   param 1 MEMREF_OUTPUT  hash (32) || signature (modulus size)
 *   params 2, 3 NONE
 *   hash = SHA-256 of the calling TA's code and read-only data; signature =
 *   RSASSA-PSS(MGF1-SHA256, salt 32 bytes) over SHA-256(nonce || hash).
 *   TEE_ERROR_SHORT_BUFFER sets the size to 32 + modulus size.
 *   In emulation, "the TA's memory" is the measurement ta-host was given
 *   (see host/README.md).
 *
 * Commands 1 (GET_TA_SHDR_DIGEST) and 3 (HASH_TEE_MEMORY) exist on OP-TEE
 * but are not emulated: TEE_ERROR_NOT_IMPLEMENTED.
 */
#ifndef PTA_ATTESTATION_H
#define PTA_ATTESTATION_H

#define PTA_ATTESTATION_UUID                                     \
	{ 0x39800861, 0x182a, 0x4720,                            \
	  { 0x9b, 0x67, 0x2b, 0xcd, 0x62, 0x2b, 0xc0, 0xb5 } }

#define PTA_ATTESTATION_GET_PUBKEY         0x0
#define PTA_ATTESTATION_GET_TA_SHDR_DIGEST 0x1
#define PTA_ATTESTATION_HASH_TA_MEMORY     0x2
#define PTA_ATTESTATION_HASH_TEE_MEMORY    0x3

#endif /* PTA_ATTESTATION_H */
