/* SPDX-License-Identifier: Apache-2.0 */
/*
 * TA property flags used in a TA's user_ta_header_defines.h (TA_FLAGS), with
 * OP-TEE's values, so that ta-host can read the TA's header. ta-host always
 * behaves as TA_FLAG_SINGLE_INSTANCE | TA_FLAG_MULTI_SESSION |
 * TA_FLAG_INSTANCE_KEEP_ALIVE and warns at start if the TA says otherwise.
 */
#ifndef USER_TA_HEADER_H
#define USER_TA_HEADER_H

#define TA_FLAG_USER_MODE           0
#define TA_FLAG_EXEC_DDR            0
#define TA_FLAG_SINGLE_INSTANCE     (1u << 2)
#define TA_FLAG_MULTI_SESSION       (1u << 3)
#define TA_FLAG_INSTANCE_KEEP_ALIVE (1u << 4)
#define TA_FLAG_SECURE_DATA_PATH    (1u << 5)
#define TA_FLAG_CACHE_MAINTENANCE   (1u << 7)
#define TA_FLAG_CONCURRENT          (1u << 8)

#endif /* USER_TA_HEADER_H */
