/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Control of the emulated TEE, for ta-host and the tests; never for a TA
 * (the TA sees only <tee_internal_api.h>). One emulated device per process:
 * a data directory holding the device secrets and the TA's objects, and the
 * identity (UUID, measurement) of the one TA that runs on it.
 *
 * <data-dir>/lock                   flock(2)ed while in use: one ta-host
 *                                   per device at a time
 * <data-dir>/device/huk             32 random bytes, the hardware unique key
 * <data-dir>/device/attestation-key.pem
 *                                   RSA-3072, the attestation PTA's key
 * <data-dir>/objects/<hex(id)>      TEE_STORAGE_PRIVATE objects, sealed,
 *                                   two slots each (emul_device.c)
 *
 * All of them are created on first use of the directory, mode 0600 (files)
 * and 0700 (directories).
 */
#ifndef TEE_EMUL_H
#define TEE_EMUL_H

#include <stddef.h>
#include <stdint.h>

#include "tee_api_types.h"

/* Exit status of the process when the TA panics (TEE_Panic). */
#define TEE_EMUL_PANIC_STATUS 3

#define TEE_EMUL_MEASUREMENT_SIZE 32

/*
 * Opens (creating on first use) the device in data_dir for the TA with the
 * given UUID whose "memory" hashes to measurement (the value the
 * attestation PTA reports). TEE_ERROR_BUSY: another process has it open.
 * Any failure is logged to stderr.
 */
TEE_Result tee_emul_init(const char *data_dir, const TEE_UUID *ta_uuid,
			 const uint8_t measurement[TEE_EMUL_MEASUREMENT_SIZE]);

/*
 * Closes the device: wipes the keys, releases the lock. Object handles and
 * PTA sessions the TA left open are closed (and reported).
 */
void tee_emul_fini(void);

/* SHA-256 of a whole file: how ta-host turns its measurement file or its
 * own executable into the measurement. 0 on success, -1 (logged) if not. */
int tee_emul_measure_file(const char *path,
			  uint8_t out[TEE_EMUL_MEASUREMENT_SIZE]);

/*
 * Fault injection for the tests of atomic object updates: the next sealed
 * write of an object stops as a power cut would, at the point named, and
 * reports TEE_ERROR_STORAGE_NOT_AVAILABLE. One shot, taken by the next
 * write whatever it is; a write that does not pass the point named (a slot
 * fault on a write that makes a new file, and the reverse) completes.
 *
 * An object file changes in two ways (host/README.md): a write that fits
 * the file goes in place to the slot not holding the current record (the
 * SLOT faults); making the file, or resizing it, writes a whole new file
 * beside it and renames it over (the TEMP and RENAME faults).
 */
enum tee_emul_fault {
	TEE_EMUL_FAULT_NONE,
	TEE_EMUL_FAULT_TORN_TEMP,     /* half the temp file written */
	TEE_EMUL_FAULT_BEFORE_RENAME, /* temp file complete, not renamed */
	TEE_EMUL_FAULT_TORN_SLOT,     /* half the new slot's record written */
	TEE_EMUL_FAULT_BEFORE_SYNC,   /* new record written, not yet synced:
				       * what a reboot reads is the new record
				       * if the page cache reached the disk
				       * (here it always does), else the old */
};
void tee_emul_inject_fault(enum tee_emul_fault fault);

#endif /* TEE_EMUL_H */
