/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The system pseudo TA of OP-TEE, as far as ta-host emulates it: the UUID,
 * the command id and the limits of PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY, with the
 * values of OP-TEE's lib/libutee/include/pta_system.h.
 *
 * PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY
 *   param 0 MEMREF_INPUT   extra data mixed into the key, 0..1024 bytes
 *   param 1 MEMREF_OUTPUT  the key; its size (16..32) is the size derived
 *   params 2, 3 NONE
 * The key depends on the device (HUK), the calling TA's UUID and the extra
 * data only. Anything else is TEE_ERROR_BAD_PARAMETERS.
 */
#ifndef PTA_SYSTEM_H
#define PTA_SYSTEM_H

#define PTA_SYSTEM_UUID                                          \
	{ 0x3a2f8978, 0x5dc0, 0x11e8,                            \
	  { 0x9c, 0x2d, 0xfa, 0x7a, 0xe0, 0x1b, 0xbe, 0xbc } }

#define TA_DERIVED_KEY_MIN_SIZE        16
#define TA_DERIVED_KEY_MAX_SIZE        32
#define TA_DERIVED_EXTRA_DATA_MAX_SIZE 1024

#define PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY 1

#endif /* PTA_SYSTEM_H */
