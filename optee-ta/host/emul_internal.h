/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Between the two halves of the emulated TEE: tee_api_emul.c (the GP API
 * the TA calls) and emul_device.c (the device: its secrets, sealing of
 * objects, the pseudo TAs; the only file that uses OpenSSL).
 */
#ifndef TEE_EMUL_INTERNAL_H
#define TEE_EMUL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "tee_api_types.h"
#include "tee_emul.h"

/* Largest object the emulation stores (and the largest file it reads back). */
#define EMUL_OBJECT_MAX (4u * 1024 * 1024)

void emul_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* getrandom(2) until len bytes; 0, or -1 (logged) if the kernel refuses. */
int emul_random(void *buf, size_t len);

/*
 * Whole-file I/O relative to a directory descriptor. emul_read_file: 0, or
 * -errno (-ENOENT: no such file, -EFBIG: larger than max). emul_write_atomic
 * replaces name by a file holding data, or leaves the old one: temp file
 * "<name>.tmp", fsync, rename, fsync of the directory.
 */
int emul_read_file(int dirfd, const char *name, size_t max, uint8_t **data,
		   size_t *len);
TEE_Result emul_write_atomic(int dirfd, const char *name, const void *data,
			     size_t len, enum tee_emul_fault fault);

/* The device of tee_emul_init; dirfd of <data-dir>/objects while open. */
TEE_Result emul_device_open(const char *data_dir, const TEE_UUID *ta_uuid,
			    const uint8_t measurement[TEE_EMUL_MEASUREMENT_SIZE]);
void emul_device_close(void);
int emul_device_objects_dirfd(void);

/*
 * Sealed object files: AES-256-GCM under the TA's storage key, bound to the
 * object id. Both allocate the result (malloc); emul_unseal gives
 * TEE_ERROR_CORRUPT_OBJECT for anything it did not seal itself.
 */
TEE_Result emul_seal(const void *id, size_t id_len, const void *data,
		     size_t len, uint8_t **out, size_t *out_len);
TEE_Result emul_unseal(const void *id, size_t id_len, const uint8_t *in,
		       size_t in_len, uint8_t **data, size_t *len);

/* The pseudo TAs' command handlers; each checks its own parameter types. */
TEE_Result emul_pta_system(uint32_t cmd, uint32_t param_types,
			   TEE_Param params[TEE_NUM_PARAMS]);
TEE_Result emul_pta_attestation(uint32_t cmd, uint32_t param_types,
				TEE_Param params[TEE_NUM_PARAMS]);

#endif /* TEE_EMUL_INTERNAL_H */
