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

/* Largest object the emulation stores. */
#define EMUL_OBJECT_MAX (4u * 1024 * 1024)

/*
 * Object files (format 2, emul_device.c has the layout): two slots of
 * slot_size bytes each, slot_size a multiple of EMUL_SLOT_ALIGN, each slot
 * holding one sealed record (or garbage: torn, empty) at its start. The
 * alignment keeps a write to one slot off the other's file system blocks.
 */
#define EMUL_SLOT_ALIGN 4096u
#define EMUL_RECORD_OVERHEAD 48u /* header 20, IV 12, tag 16 */
#define EMUL_SLOT_MAX                                                     \
	((EMUL_OBJECT_MAX + EMUL_RECORD_OVERHEAD + EMUL_SLOT_ALIGN - 1) / \
	 EMUL_SLOT_ALIGN * EMUL_SLOT_ALIGN)
/* Largest object file read back: two slots of the largest size. */
#define EMUL_OBJECT_FILE_MAX (2 * (size_t)EMUL_SLOT_MAX)

void emul_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* getrandom(2) until len bytes; 0, or -1 (logged) if the kernel refuses. */
int emul_random(void *buf, size_t len);

/*
 * File I/O relative to a directory descriptor, O_NOFOLLOW, regular files
 * only (-EINVAL for anything else).
 *
 * emul_read_file: the whole file; 0, or -errno (-ENOENT: no such file,
 * -EFBIG: larger than max). emul_open_read does the same but opens the file
 * read-write and returns its descriptor (>= 0, the caller closes it) or
 * -errno, for a write in place after looking at the content.
 *
 * emul_write_atomic replaces name by a file holding data, or leaves the old
 * one: temp file "<name>.tmp", fsync, rename, fsync of the directory. Slow
 * (a new inode and a directory update each time): for files that are made
 * or change size.
 *
 * emul_write_slot writes len bytes at offset off of an open file, inside
 * blocks the file already has, then fdatasync: one flush of data, no
 * metadata. Not atomic by itself: a power cut can leave any part of the
 * range written. Object files make that harmless by writing only the slot
 * that does not hold the current record. name is for messages.
 *
 * Both take the fault to simulate (tee_emul.h); each acts only on its own
 * faults and ignores the other's.
 */
int emul_read_file(int dirfd, const char *name, size_t max, uint8_t **data,
		   size_t *len);
int emul_open_read(int dirfd, const char *name, size_t max, uint8_t **data,
		   size_t *len);
TEE_Result emul_write_atomic(int dirfd, const char *name, const void *data,
			     size_t len, enum tee_emul_fault fault);
TEE_Result emul_write_slot(int fd, const char *name, uint64_t off,
			   const void *data, size_t len,
			   enum tee_emul_fault fault);

/* The device of tee_emul_init; dirfd of <data-dir>/objects while open. */
TEE_Result emul_device_open(const char *data_dir, const TEE_UUID *ta_uuid,
			    const uint8_t measurement[TEE_EMUL_MEASUREMENT_SIZE]);
void emul_device_close(void);
int emul_device_objects_dirfd(void);

/*
 * Sealed records, AES-256-GCM under the TA's storage key, bound to the
 * object id and to their generation (a counter that each write of an object
 * increments; the newest valid slot wins).
 *
 * emul_seal writes EMUL_RECORD_OVERHEAD + len bytes to out.
 * emul_unseal authenticates the record at the start of a slot of in_len
 * bytes: TEE_ERROR_CORRUPT_OBJECT for anything it did not seal itself for
 * this id; else its generation, and its data (malloc'd) if data is not NULL.
 * emul_unseal_v1 reads a whole file of format 1 (one record, no generation,
 * from before the slots), so that older data dirs still open.
 */
TEE_Result emul_seal(const void *id, size_t id_len, uint64_t gen,
		     const void *data, size_t len, uint8_t *out);
TEE_Result emul_unseal(const void *id, size_t id_len, const uint8_t *in,
		       size_t in_len, uint64_t *gen, uint8_t **data,
		       size_t *len);
int emul_is_v1(const uint8_t *in, size_t in_len);
TEE_Result emul_unseal_v1(const void *id, size_t id_len, const uint8_t *in,
			  size_t in_len, uint8_t **data, size_t *len);

/* The pseudo TAs' command handlers; each checks its own parameter types. */
TEE_Result emul_pta_system(uint32_t cmd, uint32_t param_types,
			   TEE_Param params[TEE_NUM_PARAMS]);
TEE_Result emul_pta_attestation(uint32_t cmd, uint32_t param_types,
				TEE_Param params[TEE_NUM_PARAMS]);

#endif /* TEE_EMUL_INTERNAL_H */
