// SPDX-License-Identifier: Apache-2.0
/*
 * The GP TEE Internal Core API subset of <tee_internal_api.h> on Linux, for
 * running the unchanged TA in ta-host. Single-threaded by design: ta-host
 * runs one TA command at a time, as OP-TEE does for a single-instance TA.
 *
 * Where GP leaves a choice, OP-TEE's behaviour is copied (so that a TA bug
 * shows in emulation as it would on a board): results that OP-TEE's libutee
 * turns into a panic panic here too, objects that fail authentication are
 * moved aside, TEE_Malloc(0) returns a non-NULL pointer that owns nothing,
 * TEE_Realloc zero-fills what it adds.
 *
 * Persistent objects are held in memory while open (one copy per object,
 * shared by its handles) and every change seals the whole object again: the
 * TA's objects are small, and a change is then either entirely on disk or
 * not at all, as with REE FS. How it reaches the disk cheaply (two slots,
 * one fdatasync) is under "object files" below.
 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "emul_internal.h"
#include "pta_attestation.h"
#include "pta_system.h"
#include "tee_internal_api.h"

/* ---- panics and traces ---------------------------------------------- */

static void __attribute__((noreturn)) die(TEE_Result code, const char *why)
{
	emul_log("TA panic (0x%08" PRIx32 "): %s", code, why);
	fflush(NULL);
	exit(TEE_EMUL_PANIC_STATUS);
}

void TEE_Panic(TEE_Result panicCode)
{
	die(panicCode, "TEE_Panic");
}

void tee_emul_trace(int level, const char *func, int line, const char *fmt,
		    ...)
{
	static const char tags[] = "EIDF";
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "%c/TA: %s:%d: ", tags[level >= 1 && level <= 4 ?
						  level - 1 : 0],
		func, line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static void wipe(void *p, size_t n)
{
	volatile uint8_t *v = p;

	while (n--)
		*v++ = 0;
}

static void wipe_free(void *p, size_t n)
{
	if (p)
		wipe(p, n);
	free(p);
}

/* ---- memory ----------------------------------------------------------- */

/* What TEE_Malloc(0) returns: not NULL (NULL means out of memory), owns
 * nothing, and is read-only so that writing through it faults. */
static const uint8_t null_sized_va[1];
#define NULL_SIZED_VA ((void *)null_sized_va)

void *TEE_Malloc(size_t size, uint32_t hint)
{
	switch (hint) {
	case TEE_MALLOC_FILL_ZERO:
	case TEE_MALLOC_NO_SHARE:
	case TEE_MALLOC_NO_FILL | TEE_MALLOC_NO_SHARE:
		/* Zeroed even when not asked: allowed, and no stale bytes. */
		return size ? calloc(1, size) : NULL_SIZED_VA;
	case TEE_MALLOC_NO_FILL:
		die(0, "TEE_Malloc hint TEE_MALLOC_NO_FILL alone (OP-TEE panics)");
	default:
		emul_log("TEE_Malloc: invalid hint 0x%" PRIx32, hint);
		return NULL;
	}
}

void *TEE_Realloc(void *buffer, size_t newSize)
{
	size_t old, usable;
	uint8_t *p;

	if (buffer == NULL_SIZED_VA)
		buffer = NULL;
	if (!newSize) {
		free(buffer);
		return NULL_SIZED_VA;
	}
	/*
	 * OP-TEE zero-fills the added bytes. The allocator's usable size is
	 * at least what was asked for; we keep the slack beyond the asked
	 * size zero (below), so growing from the old usable size is enough.
	 */
	old = buffer ? malloc_usable_size(buffer) : 0;
	p = realloc(buffer, newSize);
	if (!p)
		return NULL;
	if (newSize > old)
		memset(p + old, 0, newSize - old);
	usable = malloc_usable_size(p);
	if (usable > newSize)
		memset(p + newSize, 0, usable - newSize);
	return p;
}

void TEE_Free(void *buffer)
{
	if (buffer != NULL_SIZED_VA)
		free(buffer);
}

void TEE_MemMove(void *dest, const void *src, size_t size)
{
	if (size)
		memmove(dest, src, size);
}

void TEE_MemFill(void *buff, uint32_t x, size_t size)
{
	if (size)
		memset(buff, (int)(uint8_t)x, size);
}

/* memcmp's sign, in time independent of where the buffers differ. */
int32_t TEE_MemCompare(const void *buffer1, const void *buffer2, size_t size)
{
	const uint8_t *a = buffer1, *b = buffer2;
	int32_t res = 0;

	/* Backwards, so the first difference is the one that sticks. */
	while (size--) {
		int32_t d = (int32_t)a[size] - (int32_t)b[size];
		int32_t nz = -(int32_t)(d != 0);

		res = (d & nz) | (res & ~nz);
	}
	return (res > 0) - (res < 0);
}

/* ---- randomness and time ---------------------------------------------- */

void TEE_GenerateRandom(void *randomBuffer, size_t randomBufferLen)
{
	if (!randomBufferLen)
		return;
	if (!randomBuffer)
		die(TEE_ERROR_BAD_PARAMETERS, "TEE_GenerateRandom: NULL buffer");
	if (emul_random(randomBuffer, randomBufferLen) < 0)
		die(TEE_ERROR_GENERIC, "TEE_GenerateRandom: no randomness");
}

static void get_time(clockid_t clock, TEE_Time *time)
{
	struct timespec ts;

	if (!time || clock_gettime(clock, &ts) < 0)
		die(TEE_ERROR_BAD_PARAMETERS, "time: bad argument");
	time->seconds = (uint32_t)ts.tv_sec;
	time->millis = (uint32_t)(ts.tv_nsec / 1000000);
}

/* GP: since an arbitrary origin, never going back while the TA lives. */
void TEE_GetSystemTime(TEE_Time *time)
{
	get_time(CLOCK_MONOTONIC, time);
}

/* GP: the REE's (untrusted) wall clock, seconds since 1970. */
void TEE_GetREETime(TEE_Time *time)
{
	get_time(CLOCK_REALTIME, time);
}

/* ---- persistent objects ----------------------------------------------- */

#define VALID_OPEN_FLAGS                                                  \
	(TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_ACCESS_WRITE |         \
	 TEE_DATA_FLAG_ACCESS_WRITE_META | TEE_DATA_FLAG_SHARE_READ |     \
	 TEE_DATA_FLAG_SHARE_WRITE)

/* One open object: its id, its file name and its current content. */
struct pobj {
	struct pobj *next;
	uint8_t id[TEE_OBJECT_ID_MAX_LEN];
	size_t id_len;
	char name[2 * TEE_OBJECT_ID_MAX_LEN + 1];
	uint8_t *data;
	size_t size;
	unsigned int handles;
};

struct __TEE_ObjectHandle {
	struct __TEE_ObjectHandle *next;
	struct pobj *po;
	uint32_t flags;
	size_t pos;
};

static struct pobj *pobjs;
static struct __TEE_ObjectHandle *handles;
static enum tee_emul_fault next_fault;
static int device_open;

void tee_emul_inject_fault(enum tee_emul_fault fault)
{
	next_fault = fault;
}

static void need_device(void)
{
	if (!device_open)
		die(TEE_ERROR_BAD_STATE, "storage used before tee_emul_init");
}

/* Ids of 1..64 bytes. (GP allows an empty id; a file needs a name.) */
static int id_ok(const void *id, size_t len)
{
	return id && len && len <= TEE_OBJECT_ID_MAX_LEN;
}

static void hex_name(const uint8_t *id, size_t len, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = hex[id[i] >> 4];
		out[2 * i + 1] = hex[id[i] & 15];
	}
	out[2 * len] = '\0';
}

static struct pobj *pobj_find(const void *id, size_t len)
{
	struct pobj *po;

	for (po = pobjs; po; po = po->next)
		if (po->id_len == len && !memcmp(po->id, id, len))
			return po;
	return NULL;
}

/* Takes ownership of data. */
static struct pobj *pobj_add(const void *id, size_t len, uint8_t *data,
			     size_t size)
{
	struct pobj *po = calloc(1, sizeof(*po));

	if (!po) {
		wipe_free(data, size);
		return NULL;
	}
	memcpy(po->id, id, len);
	po->id_len = len;
	hex_name(po->id, len, po->name);
	po->data = data;
	po->size = size;
	po->next = pobjs;
	pobjs = po;
	return po;
}

static void pobj_put(struct pobj *po)
{
	struct pobj **pp;

	if (--po->handles)
		return;
	for (pp = &pobjs; *pp != po; pp = &(*pp)->next)
		;
	*pp = po->next;
	wipe_free(po->data, po->size);
	free(po);
}

static TEE_ObjectHandle handle_add(struct pobj *po, uint32_t flags)
{
	struct __TEE_ObjectHandle *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	h->po = po;
	h->flags = flags;
	po->handles++;
	h->next = handles;
	handles = h;
	return h;
}

/* A handle the TA got from us and has not closed; anything else panics. */
static struct __TEE_ObjectHandle *handle_get(TEE_ObjectHandle object)
{
	struct __TEE_ObjectHandle *h;

	for (h = handles; h; h = h->next)
		if (h == object)
			return h;
	die(TEE_ERROR_BAD_PARAMETERS, "not an open object handle");
}

static void handle_close(struct __TEE_ObjectHandle *h)
{
	struct __TEE_ObjectHandle **pp;

	for (pp = &handles; *pp != h; pp = &(*pp)->next)
		;
	*pp = h->next;
	pobj_put(h->po);
	free(h);
}

/* GP's rules for a second handle on an open object, as OP-TEE applies them. */
static int share_ok(uint32_t o, uint32_t n)
{
	const uint32_t sr = TEE_DATA_FLAG_SHARE_READ;
	const uint32_t sw = TEE_DATA_FLAG_SHARE_WRITE;

	if ((o | n) & TEE_DATA_FLAG_ACCESS_WRITE_META)
		return 0; /* exclusive */
	if (((o | n) & TEE_DATA_FLAG_ACCESS_READ) && !(o & n & sr))
		return 0;
	if (((o | n) & TEE_DATA_FLAG_ACCESS_WRITE) && !(o & n & sw))
		return 0;
	return (o & (sr | sw)) == (n & (sr | sw));
}

static int can_share(const struct pobj *po, uint32_t flags)
{
	const struct __TEE_ObjectHandle *h;

	for (h = handles; h; h = h->next)
		if (h->po == po && !share_ok(h->flags, flags))
			return 0;
	return 1;
}

/*
 * ---- object files
 *
 * An object file holds two slots (layout in emul_device.c), each a sealed
 * record carrying a generation; the valid record with the highest
 * generation is the object. Each write of an object that fits its file
 * goes in place to the slot NOT holding that record, with the next
 * generation, and is made durable by one fdatasync: a power cut in the
 * middle spoils at most that slot, whose record then fails authentication,
 * and the previous record still stands. Old or new, never a mix, and
 * nothing returns success before the flush. The generation is inside the
 * authenticated data, so the host cannot make an older record win over a
 * newer one; it can only present an older file (or older slot), which is
 * the rollback that REE FS allows anyway and the TA's counter catches.
 *
 * Making a file, resizing it, or replacing one that cannot be written in
 * place (corrupt, format 1, or after an in-place write failed) goes the
 * slow and careful way: a whole new file beside it, renamed over it
 * (emul_write_atomic).
 */

struct objfile {
	size_t slot_size; /* 0: no slots to write in place (format 1) */
	int cur;          /* the slot of the object's record */
	uint64_t gen;     /* its generation (0 for format 1) */
};

/*
 * Set when a write in place fails (a power cut, injected or real EIO,
 * ENOSPC): after a failed fdatasync the page cache may show a record that
 * never reached the disk, so choosing the slot to write from what we read
 * is no longer safe. Every later write replaces its file whole, until the
 * device is opened again (after a reboot the disk is what we read).
 */
static int in_place_failed;

/*
 * The object in file (len bytes): its valid record with the highest
 * generation (on a tie, slot 0's). TEE_ERROR_CORRUPT_OBJECT if none is
 * valid. The content goes to data/size unless data is NULL.
 */
static TEE_Result parse_object(const uint8_t *id, size_t id_len,
			       const uint8_t *file, size_t len,
			       struct objfile *of, uint8_t **data,
			       size_t *size)
{
	uint8_t *best = NULL, *d;
	size_t best_size = 0, n;
	uint64_t gen;
	TEE_Result res;
	int s;

	of->slot_size = 0;
	of->cur = -1;
	of->gen = 0;
	if (emul_is_v1(file, len))
		return emul_unseal_v1(id, id_len, file, len, data, size);
	if (!len || len % (2 * EMUL_SLOT_ALIGN))
		return TEE_ERROR_CORRUPT_OBJECT;
	for (s = 0; s < 2; s++) {
		d = NULL;
		n = 0;
		res = emul_unseal(id, id_len, file + (size_t)s * (len / 2),
				  len / 2, &gen, data ? &d : NULL, &n);
		if (res == TEE_ERROR_OUT_OF_MEMORY) {
			wipe_free(best, best_size);
			return res;
		}
		if (res)
			continue; /* torn, never written, tampered */
		if (of->cur < 0 || gen > of->gen) {
			wipe_free(best, best_size);
			best = d;
			best_size = n;
			of->cur = s;
			of->gen = gen;
		} else {
			wipe_free(d, n);
		}
	}
	if (of->cur < 0)
		return TEE_ERROR_CORRUPT_OBJECT;
	of->slot_size = len / 2;
	if (data) {
		*data = best;
		*size = best_size;
	}
	return TEE_SUCCESS;
}

/* A new file's slot size: the record rounded up to whole blocks. */
static size_t slot_size_for(size_t record)
{
	return (record + EMUL_SLOT_ALIGN - 1) / EMUL_SLOT_ALIGN *
	       EMUL_SLOT_ALIGN;
}

/*
 * Whether a record of rec_len bytes goes in place into of's file: it must
 * fit, and a file four times larger than needed is made anew (shrunk).
 */
static int fits_in_place(const struct objfile *of, size_t rec_len)
{
	return of->slot_size && rec_len <= of->slot_size &&
	       4 * slot_size_for(rec_len) > of->slot_size;
}

/* Seals data under id as the object's next version, durably. */
static TEE_Result store(const uint8_t *id, size_t id_len, const char *name,
			const void *data, size_t size)
{
	enum tee_emul_fault fault = next_fault;
	int dirfd = emul_device_objects_dirfd();
	size_t rec_len = EMUL_RECORD_OVERHEAD + size, slot, len = 0;
	struct objfile of = { 0, -1, 0 };
	uint8_t *file = NULL, *buf;
	TEE_Result res = TEE_ERROR_CORRUPT_OBJECT;
	int fd;

	next_fault = TEE_EMUL_FAULT_NONE;
	if (size > EMUL_OBJECT_MAX)
		return TEE_ERROR_STORAGE_NO_SPACE;
	/*
	 * Which slot is current has to be known from the disk, not assumed:
	 * both records are authenticated, so a torn slot (whose header may
	 * well claim the newer generation) is never taken for the current
	 * one and the valid record is never the one overwritten. The file
	 * is small and in the page cache; this costs little beside the
	 * flush. Absent, unreadable or corrupt: a new file, below.
	 */
	fd = emul_open_read(dirfd, name, EMUL_OBJECT_FILE_MAX, &file, &len);
	if (fd == -ENOMEM)
		return TEE_ERROR_OUT_OF_MEMORY;
	if (fd >= 0) {
		res = parse_object(id, id_len, file, len, &of, NULL, NULL);
		free(file); /* ciphertext only */
	}
	if (res == TEE_ERROR_OUT_OF_MEMORY) {
		close(fd);
		return res;
	}
	if (!res && !in_place_failed && fits_in_place(&of, rec_len)) {
		uint64_t other = (uint64_t)(1 - of.cur) * of.slot_size;

		buf = malloc(rec_len);
		res = buf ? emul_seal(id, id_len, of.gen + 1, data, size, buf) :
			    TEE_ERROR_OUT_OF_MEMORY;
		if (!res) {
			res = emul_write_slot(fd, name, other, buf, rec_len,
					      fault);
			if (res)
				in_place_failed = 1;
		}
		free(buf);
		close(fd);
		return res;
	}
	if (fd >= 0)
		close(fd);

	/*
	 * A new file: the record in slot 0, slot 1 empty. Zeros are written
	 * (no holes, no fallocate, whose unwritten extents cost a journal
	 * commit on first write), so that the writes in place that follow
	 * find all their blocks allocated and flush data only.
	 */
	slot = slot_size_for(rec_len);
	buf = calloc(2, slot);
	if (!buf)
		return TEE_ERROR_OUT_OF_MEMORY;
	res = emul_seal(id, id_len, of.gen + 1, data, size, buf);
	if (!res)
		res = emul_write_atomic(dirfd, name, buf, 2 * slot, fault);
	free(buf);
	return res;
}

/* New content for an open object: on disk first, then in memory. Takes
 * ownership of data. */
static TEE_Result pobj_replace(struct pobj *po, uint8_t *data, size_t size)
{
	TEE_Result res = store(po->id, po->id_len, po->name, data, size);

	if (res) {
		wipe_free(data, size);
		return res;
	}
	wipe_free(po->data, po->size);
	po->data = data;
	po->size = size;
	return TEE_SUCCESS;
}

static TEE_Result load(const uint8_t *id, size_t id_len, const char *name,
		       uint8_t **data, size_t *size)
{
	int dirfd = emul_device_objects_dirfd();
	char aside[sizeof(((struct pobj *)0)->name) + 8];
	struct objfile of;
	uint8_t *file;
	size_t len;
	TEE_Result res;
	int err;

	/* Anything larger than two of the largest slots is not ours: corrupt. */
	err = emul_read_file(dirfd, name, EMUL_OBJECT_FILE_MAX, &file, &len);
	if (err == -ENOENT)
		return TEE_ERROR_ITEM_NOT_FOUND;
	if (err && err != -EFBIG && err != -EINVAL) {
		emul_log("reading object %s: %s", name, strerror(-err));
		return err == -ENOMEM ? TEE_ERROR_OUT_OF_MEMORY :
					TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	res = err ? TEE_ERROR_CORRUPT_OBJECT :
		    parse_object(id, id_len, file, len, &of, data, size);
	free(file);
	if (res != TEE_ERROR_CORRUPT_OBJECT)
		return res;
	/*
	 * Neither slot holds a valid record. OP-TEE deletes an object that
	 * fails authentication, so the TA sees TEE_ERROR_ITEM_NOT_FOUND
	 * next time. We move it aside instead (same effect for the TA) to
	 * keep the evidence for a developer.
	 */
	snprintf(aside, sizeof(aside), "%s.corrupt", name);
	if (renameat(dirfd, name, dirfd, aside) < 0)
		emul_log("moving corrupt object %s aside: %s", name,
			 strerror(errno));
	else
		emul_log("object %s failed authentication: moved to %s", name,
			 aside);
	return TEE_ERROR_CORRUPT_OBJECT;
}

/*
 * A new handle on `po`; if there is no memory for one, an object nobody else holds is dropped
 * again (pobj_put frees it when its handle count falls to zero).
 */
static TEE_Result attach(struct pobj *po, uint32_t flags, TEE_ObjectHandle *object)
{
	*object = handle_add(po, flags);
	if (*object)
		return TEE_SUCCESS;
	if (!po->handles) {
		po->handles = 1;
		pobj_put(po);
	}
	return TEE_ERROR_OUT_OF_MEMORY;
}

static TEE_Result open_object(uint32_t storage, const void *id, size_t id_len,
			      uint32_t flags, TEE_ObjectHandle *object)
{
	char name[2 * TEE_OBJECT_ID_MAX_LEN + 1];
	struct pobj *po;
	uint8_t *data;
	size_t size;
	TEE_Result res;

	if (flags & ~VALID_OPEN_FLAGS)
		return TEE_ERROR_BAD_PARAMETERS;
	if (storage != TEE_STORAGE_PRIVATE)
		return TEE_ERROR_ITEM_NOT_FOUND;
	if (!id_ok(id, id_len))
		return TEE_ERROR_BAD_PARAMETERS;
	need_device();

	po = pobj_find(id, id_len);
	if (po) {
		if (!can_share(po, flags))
			return TEE_ERROR_ACCESS_CONFLICT;
	} else {
		hex_name(id, id_len, name);
		res = load(id, id_len, name, &data, &size);
		if (res)
			return res;
		po = pobj_add(id, id_len, data, size);
		if (!po)
			return TEE_ERROR_OUT_OF_MEMORY;
	}
	return attach(po, flags, object);
}

TEE_Result TEE_OpenPersistentObject(uint32_t storageID, const void *objectID,
				    size_t objectIDLen, uint32_t flags,
				    TEE_ObjectHandle *object)
{
	TEE_Result res;

	if (!object)
		die(TEE_ERROR_BAD_PARAMETERS, "TEE_OpenPersistentObject: NULL");
	res = open_object(storageID, objectID, objectIDLen, flags, object);
	/* The results libutee lets through; anything else is a TA bug. */
	if (res != TEE_SUCCESS && res != TEE_ERROR_ITEM_NOT_FOUND &&
	    res != TEE_ERROR_ACCESS_CONFLICT &&
	    res != TEE_ERROR_OUT_OF_MEMORY &&
	    res != TEE_ERROR_CORRUPT_OBJECT &&
	    res != TEE_ERROR_STORAGE_NOT_AVAILABLE)
		die(res, "TEE_OpenPersistentObject: bad arguments");
	if (res)
		*object = TEE_HANDLE_NULL;
	return res;
}

static TEE_Result create_object(uint32_t storage, const void *id,
				size_t id_len, uint32_t flags,
				TEE_ObjectHandle attributes, const void *data,
				size_t len, TEE_ObjectHandle *object)
{
	char name[2 * TEE_OBJECT_ID_MAX_LEN + 1];
	struct pobj *po;
	uint8_t *copy;
	struct stat st;
	TEE_Result res;

	if (flags & ~(VALID_OPEN_FLAGS | TEE_DATA_FLAG_OVERWRITE))
		return TEE_ERROR_BAD_PARAMETERS;
	if (storage != TEE_STORAGE_PRIVATE)
		return TEE_ERROR_ITEM_NOT_FOUND;
	if (!id_ok(id, id_len) || (len && !data))
		return TEE_ERROR_BAD_PARAMETERS;
	if (attributes != TEE_HANDLE_NULL) {
		/* No transient objects exist here, so no handle is valid. */
		emul_log("TEE_CreatePersistentObject: attribute objects are "
			 "not emulated");
		return TEE_ERROR_BAD_PARAMETERS;
	}
	if (len > EMUL_OBJECT_MAX)
		return TEE_ERROR_STORAGE_NO_SPACE;
	need_device();

	hex_name(id, id_len, name);
	po = pobj_find(id, id_len);
	if (!(flags & TEE_DATA_FLAG_OVERWRITE) &&
	    (po || !fstatat(emul_device_objects_dirfd(), name, &st,
			    AT_SYMLINK_NOFOLLOW)))
		return TEE_ERROR_ACCESS_CONFLICT; /* exists */
	if (po && !can_share(po, flags))
		return TEE_ERROR_ACCESS_CONFLICT; /* open, incompatibly */

	copy = malloc(len ? len : 1);
	if (!copy)
		return TEE_ERROR_OUT_OF_MEMORY;
	if (len)
		memcpy(copy, data, len);
	if (po) {
		res = pobj_replace(po, copy, len);
		if (res)
			return res;
	} else {
		res = store(id, id_len, name, copy, len);
		if (res) {
			wipe_free(copy, len);
			return res;
		}
		if (!object) {
			wipe_free(copy, len);
			return TEE_SUCCESS;
		}
		po = pobj_add(id, id_len, copy, len);
		if (!po)
			return TEE_ERROR_OUT_OF_MEMORY;
	}
	if (!object)
		return TEE_SUCCESS;
	return attach(po, flags & VALID_OPEN_FLAGS, object);
}

TEE_Result TEE_CreatePersistentObject(uint32_t storageID, const void *objectID,
				      size_t objectIDLen, uint32_t flags,
				      TEE_ObjectHandle attributes,
				      const void *initialData,
				      size_t initialDataLen,
				      TEE_ObjectHandle *object)
{
	TEE_Result res = create_object(storageID, objectID, objectIDLen, flags,
				       attributes, initialData, initialDataLen,
				       object);

	if (res != TEE_SUCCESS && res != TEE_ERROR_ITEM_NOT_FOUND &&
	    res != TEE_ERROR_ACCESS_CONFLICT &&
	    res != TEE_ERROR_OUT_OF_MEMORY &&
	    res != TEE_ERROR_STORAGE_NO_SPACE &&
	    res != TEE_ERROR_CORRUPT_OBJECT &&
	    res != TEE_ERROR_STORAGE_NOT_AVAILABLE)
		die(res, "TEE_CreatePersistentObject: bad arguments");
	if (res && object)
		*object = TEE_HANDLE_NULL;
	return res;
}

void TEE_CloseObject(TEE_ObjectHandle object)
{
	if (object != TEE_HANDLE_NULL)
		handle_close(handle_get(object));
}

TEE_Result TEE_CloseAndDeletePersistentObject1(TEE_ObjectHandle object)
{
	struct __TEE_ObjectHandle *h;
	int dirfd = emul_device_objects_dirfd();

	if (object == TEE_HANDLE_NULL)
		return TEE_SUCCESS;
	h = handle_get(object);
	if (!(h->flags & TEE_DATA_FLAG_ACCESS_WRITE_META))
		die(TEE_ERROR_ACCESS_CONFLICT,
		    "delete without TEE_DATA_FLAG_ACCESS_WRITE_META");
	if ((unlinkat(dirfd, h->po->name, 0) < 0 && errno != ENOENT) ||
	    fsync(dirfd) < 0) {
		emul_log("deleting object %s: %s", h->po->name,
			 strerror(errno));
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	handle_close(h);
	return TEE_SUCCESS;
}

/*
 * Not atomic as a whole (OP-TEE's is): a crash between the two steps
 * leaves both the old and the new id. The TA does not rename.
 */
TEE_Result TEE_RenamePersistentObject(TEE_ObjectHandle object,
				      const void *newObjectID,
				      size_t newObjectIDLen)
{
	struct __TEE_ObjectHandle *h = handle_get(object);
	char name[2 * TEE_OBJECT_ID_MAX_LEN + 1];
	int dirfd = emul_device_objects_dirfd();
	struct pobj *po = h->po;
	struct stat st;
	TEE_Result res;

	if (!(h->flags & TEE_DATA_FLAG_ACCESS_WRITE_META))
		die(TEE_ERROR_ACCESS_CONFLICT,
		    "rename without TEE_DATA_FLAG_ACCESS_WRITE_META");
	if (!id_ok(newObjectID, newObjectIDLen))
		die(TEE_ERROR_BAD_PARAMETERS, "rename: bad object id");
	if (newObjectIDLen == po->id_len &&
	    !memcmp(newObjectID, po->id, po->id_len))
		return TEE_SUCCESS;
	hex_name(newObjectID, newObjectIDLen, name);
	if (pobj_find(newObjectID, newObjectIDLen) ||
	    !fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW))
		return TEE_ERROR_ACCESS_CONFLICT;
	res = store(newObjectID, newObjectIDLen, name, po->data, po->size);
	if (res)
		return res;
	if (unlinkat(dirfd, po->name, 0) < 0 || fsync(dirfd) < 0)
		emul_log("rename: removing %s: %s", po->name, strerror(errno));
	memcpy(po->id, newObjectID, newObjectIDLen);
	po->id_len = newObjectIDLen;
	memcpy(po->name, name, sizeof(name));
	return TEE_SUCCESS;
}

TEE_Result TEE_GetObjectInfo1(TEE_ObjectHandle object,
			      TEE_ObjectInfo *objectInfo)
{
	struct __TEE_ObjectHandle *h = handle_get(object);

	if (!objectInfo)
		die(TEE_ERROR_BAD_PARAMETERS, "TEE_GetObjectInfo1: NULL");
	objectInfo->objectType = TEE_TYPE_DATA;
	objectInfo->objectSize = 0;
	objectInfo->maxObjectSize = 0;
	objectInfo->objectUsage = 0xFFFFFFFF; /* OP-TEE's TEE_USAGE_DEFAULT */
	objectInfo->dataSize = h->po->size;
	objectInfo->dataPosition = h->pos;
	objectInfo->handleFlags = TEE_HANDLE_FLAG_PERSISTENT |
				  TEE_HANDLE_FLAG_INITIALIZED | h->flags;
	return TEE_SUCCESS;
}

TEE_Result TEE_ReadObjectData(TEE_ObjectHandle object, void *buffer,
			      size_t size, size_t *count)
{
	struct __TEE_ObjectHandle *h = handle_get(object);
	size_t n = 0;

	if (!(h->flags & TEE_DATA_FLAG_ACCESS_READ))
		die(TEE_ERROR_ACCESS_CONFLICT,
		    "read without TEE_DATA_FLAG_ACCESS_READ");
	if (!count || (size && !buffer))
		die(TEE_ERROR_BAD_PARAMETERS, "TEE_ReadObjectData: NULL");
	if (h->pos < h->po->size) {
		n = h->po->size - h->pos;
		if (n > size)
			n = size;
		memcpy(buffer, h->po->data + h->pos, n);
		h->pos += n;
	}
	*count = n;
	return TEE_SUCCESS;
}

TEE_Result TEE_WriteObjectData(TEE_ObjectHandle object, const void *buffer,
			       size_t size)
{
	struct __TEE_ObjectHandle *h = handle_get(object);
	struct pobj *po = h->po;
	size_t end, new_size;
	uint8_t *data;
	TEE_Result res;

	if (!(h->flags & TEE_DATA_FLAG_ACCESS_WRITE))
		die(TEE_ERROR_ACCESS_CONFLICT,
		    "write without TEE_DATA_FLAG_ACCESS_WRITE");
	if (size && !buffer)
		die(TEE_ERROR_BAD_PARAMETERS, "TEE_WriteObjectData: NULL");
	if (size > TEE_DATA_MAX_POSITION - h->pos)
		return TEE_ERROR_OVERFLOW;
	end = h->pos + size;
	new_size = end > po->size ? end : po->size;
	if (new_size > EMUL_OBJECT_MAX)
		return TEE_ERROR_STORAGE_NO_SPACE;
	data = calloc(1, new_size ? new_size : 1); /* a gap reads as zeros */
	if (!data)
		return TEE_ERROR_STORAGE_NO_SPACE;
	if (po->size)
		memcpy(data, po->data, po->size);
	if (size)
		memcpy(data + h->pos, buffer, size);
	res = pobj_replace(po, data, new_size);
	if (!res)
		h->pos = end;
	return res;
}

TEE_Result TEE_TruncateObjectData(TEE_ObjectHandle object, size_t size)
{
	struct __TEE_ObjectHandle *h = handle_get(object);
	struct pobj *po = h->po;
	uint8_t *data;

	if (!(h->flags & TEE_DATA_FLAG_ACCESS_WRITE))
		die(TEE_ERROR_ACCESS_CONFLICT,
		    "truncate without TEE_DATA_FLAG_ACCESS_WRITE");
	if (size > EMUL_OBJECT_MAX)
		return TEE_ERROR_STORAGE_NO_SPACE;
	data = calloc(1, size ? size : 1);
	if (!data)
		return TEE_ERROR_STORAGE_NO_SPACE;
	memcpy(data, po->data, size < po->size ? size : po->size);
	return pobj_replace(po, data, size);
}

TEE_Result TEE_SeekObjectData(TEE_ObjectHandle object, intmax_t offset,
			      TEE_Whence whence)
{
	struct __TEE_ObjectHandle *h = handle_get(object);
	intmax_t base;

	switch (whence) {
	case TEE_DATA_SEEK_SET:
		base = 0;
		break;
	case TEE_DATA_SEEK_CUR:
		base = (intmax_t)h->pos;
		break;
	case TEE_DATA_SEEK_END:
		base = (intmax_t)h->po->size;
		break;
	default:
		die(TEE_ERROR_BAD_PARAMETERS, "TEE_SeekObjectData: bad whence");
	}
	/* base <= 2^32, so only a positive offset can overflow. */
	if (offset > (intmax_t)TEE_DATA_MAX_POSITION - base)
		return TEE_ERROR_OVERFLOW;
	/* Before the start clamps to 0, as in OP-TEE. */
	h->pos = offset < -base ? 0 : (size_t)(base + offset);
	return TEE_SUCCESS;
}

/* ---- sessions to the pseudo TAs --------------------------------------- */

enum pta { PTA_NONE, PTA_SYSTEM, PTA_ATTESTATION };

struct __TEE_TASessionHandle {
	struct __TEE_TASessionHandle *next;
	enum pta pta;
};

static struct __TEE_TASessionHandle *ta_sessions;

static int uuid_eq(const TEE_UUID *a, const TEE_UUID *b)
{
	return a->timeLow == b->timeLow && a->timeMid == b->timeMid &&
	       a->timeHiAndVersion == b->timeHiAndVersion &&
	       !memcmp(a->clockSeqAndNode, b->clockSeqAndNode, 8);
}

TEE_Result TEE_OpenTASession(const TEE_UUID *destination,
			     uint32_t cancellationRequestTimeout,
			     uint32_t paramTypes,
			     TEE_Param params[TEE_NUM_PARAMS],
			     TEE_TASessionHandle *session,
			     uint32_t *returnOrigin)
{
	static const TEE_UUID system_uuid = PTA_SYSTEM_UUID;
	static const TEE_UUID attestation_uuid = PTA_ATTESTATION_UUID;
	struct __TEE_TASessionHandle *s;
	uint32_t origin = TEE_ORIGIN_TEE;
	TEE_Result res = TEE_ERROR_ITEM_NOT_FOUND;
	enum pta pta = PTA_NONE;

	(void)cancellationRequestTimeout;
	(void)paramTypes; /* both PTAs ignore the open-session parameters */
	(void)params;
	if (!destination || !session)
		die(TEE_ERROR_BAD_PARAMETERS, "TEE_OpenTASession: NULL");
	need_device();
	*session = TEE_HANDLE_NULL;
	if (uuid_eq(destination, &system_uuid))
		pta = PTA_SYSTEM;
	else if (uuid_eq(destination, &attestation_uuid))
		pta = PTA_ATTESTATION;
	if (pta != PTA_NONE) {
		s = calloc(1, sizeof(*s));
		res = TEE_ERROR_OUT_OF_MEMORY;
		if (s) {
			s->pta = pta;
			s->next = ta_sessions;
			ta_sessions = s;
			*session = s;
			origin = TEE_ORIGIN_TRUSTED_APP;
			res = TEE_SUCCESS;
		}
	}
	if (returnOrigin)
		*returnOrigin = origin;
	return res;
}

static struct __TEE_TASessionHandle **ta_session_slot(TEE_TASessionHandle s)
{
	struct __TEE_TASessionHandle **pp;

	for (pp = &ta_sessions; *pp; pp = &(*pp)->next)
		if (*pp == s)
			return pp;
	die(TEE_ERROR_BAD_PARAMETERS, "not an open TA session handle");
}

void TEE_CloseTASession(TEE_TASessionHandle session)
{
	struct __TEE_TASessionHandle **pp = ta_session_slot(session);
	struct __TEE_TASessionHandle *s = *pp;

	*pp = s->next;
	free(s);
}

TEE_Result TEE_InvokeTACommand(TEE_TASessionHandle session,
			       uint32_t cancellationRequestTimeout,
			       uint32_t commandID, uint32_t paramTypes,
			       TEE_Param params[TEE_NUM_PARAMS],
			       uint32_t *returnOrigin)
{
	struct __TEE_TASessionHandle *s = *ta_session_slot(session);
	TEE_Param none[TEE_NUM_PARAMS];
	TEE_Result res;

	(void)cancellationRequestTimeout;
	if (!params) {
		if (paramTypes)
			die(TEE_ERROR_BAD_PARAMETERS,
			    "TEE_InvokeTACommand: NULL params");
		memset(none, 0, sizeof(none));
		params = none;
	}
	if (s->pta == PTA_SYSTEM)
		res = emul_pta_system(commandID, paramTypes, params);
	else
		res = emul_pta_attestation(commandID, paramTypes, params);
	if (returnOrigin)
		*returnOrigin = TEE_ORIGIN_TRUSTED_APP;
	return res;
}

/* ---- the device ------------------------------------------------------- */

TEE_Result tee_emul_init(const char *data_dir, const TEE_UUID *ta_uuid,
			 const uint8_t measurement[TEE_EMUL_MEASUREMENT_SIZE])
{
	TEE_Result res;

	if (device_open)
		return TEE_ERROR_BAD_STATE;
	res = emul_device_open(data_dir, ta_uuid, measurement);
	if (!res)
		device_open = 1;
	next_fault = TEE_EMUL_FAULT_NONE;
	in_place_failed = 0;
	return res;
}

void tee_emul_fini(void)
{
	unsigned int n = 0;

	while (handles) {
		handle_close(handles);
		n++;
	}
	if (n)
		emul_log("%u object handle(s) left open by the TA", n);
	for (n = 0; ta_sessions; n++)
		TEE_CloseTASession(ta_sessions);
	if (n)
		emul_log("%u PTA session(s) left open by the TA", n);
	emul_device_close();
	device_open = 0;
}
