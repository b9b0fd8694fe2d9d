// SPDX-License-Identifier: Apache-2.0
/*
 * The emulated GP API in process: memory, randomness and time, persistent
 * objects (round trip, sharing rules, the file format, writes in place to
 * the slot not current and whole-file replacement, each under simulated
 * power cuts, tampering, rollback), the system and attestation PTAs, and
 * what separates two emulated devices. Each test brings its device up and
 * down itself; "restart" is tee_emul_fini + tee_emul_init on the same dir.
 */
#define _DEFAULT_SOURCE

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host_tests.h"
#include "pta_attestation.h"
#include "pta_system.h"
#include "tee_emul.h"
#include "tee_internal_api.h"

#define RW (TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_ACCESS_WRITE)
#define RWM (RW | TEE_DATA_FLAG_ACCESS_WRITE_META)
/* Object files (host/README.md): two slots of 4 KiB for a small object, a
 * record of 48 bytes + the data at the start of each. */
#define SLOT 4096
#define FILE_1 (2 * SLOT)
#define RECORD_OVERHEAD 48 /* header 20 (magic, generation, length), IV 12,
			    * tag 16 */

static const TEE_UUID uuid_a = { 0x0a1b2c3d, 0x4e5f, 0x4a6b,
				 { 0x8c, 0x7d, 0x6e, 0x5f, 0x40, 0x31, 0x22, 0x13 } };
static const TEE_UUID uuid_b = { 0x0a1b2c3d, 0x4e5f, 0x4a6b,
				 { 0x8c, 0x7d, 0x6e, 0x5f, 0x40, 0x31, 0x22, 0x14 } };
static const uint8_t uuid_a_be[16] = { 0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f,
					0x4a, 0x6b, 0x8c, 0x7d, 0x6e, 0x5f,
					0x40, 0x31, 0x22, 0x13 };
static const char measured[] = "emulated TA build 1";

static int dev_up(const char *dev, const TEE_UUID *uuid)
{
	uint8_t m[32];

	sha256(measured, sizeof(measured) - 1, m);
	return tee_emul_init(scratch(dev), uuid, m) == TEE_SUCCESS ? 0 : -1;
}

static void dev_down(void)
{
	tee_emul_fini();
}

/* <dev>/objects/<hex id><suffix> */
static const char *obj_file(const char *dev, const char *id, const char *suffix)
{
	static char path[1024];
	char hex[2 * TEE_OBJECT_ID_MAX_LEN + 1];
	size_t i, n = strlen(id);

	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", (unsigned char)id[i]);
	hex[2 * n] = '\0';
	snprintf(path, sizeof(path), "%s/objects/%s%s", scratch(dev), hex,
		 suffix);
	return path;
}

static off_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) ? -1 : st.st_size;
}

static TEE_Result create(const char *id, uint32_t flags, const char *data,
			 TEE_ObjectHandle *h)
{
	return TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, id, strlen(id),
					  flags, TEE_HANDLE_NULL, data,
					  strlen(data), h);
}

static TEE_Result open_obj(const char *id, uint32_t flags, TEE_ObjectHandle *h)
{
	return TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, id, strlen(id),
					flags, h);
}

/* The whole object as a string ("" and a failed check if it won't open). */
static const char *content(const char *id)
{
	static char buf[256];
	TEE_ObjectHandle h;
	size_t n = 0;

	buf[0] = '\0';
	CHECK_EQ(open_obj(id, TEE_DATA_FLAG_ACCESS_READ, &h), TEE_SUCCESS);
	if (!h)
		return buf;
	CHECK_EQ(TEE_ReadObjectData(h, buf, sizeof(buf) - 1, &n), TEE_SUCCESS);
	buf[n] = '\0';
	TEE_CloseObject(h);
	return buf;
}

/* The TA's way to seal its state: create with OVERWRITE, no handle kept. */
static TEE_Result overwrite(const char *id, const char *data)
{
	return create(id, TEE_DATA_FLAG_OVERWRITE, data, NULL);
}

static ino_t inode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : st.st_ino;
}

/* The object file of id on devA, whole: its size (0, f NULL, if none). */
static size_t obj_read(const char *id, uint8_t **f)
{
	size_t n = 0;

	if (read_whole(obj_file("devA", id, ""), f, &n)) {
		*f = NULL;
		return 0;
	}
	return n;
}

/* Bytes [off, off + len) of the object file of id on devA := src. */
static void patch(const char *id, size_t off, const void *src, size_t len)
{
	uint8_t *f = NULL;
	size_t n = obj_read(id, &f);

	CHECK(f && off + len <= n);
	if (f && off + len <= n) {
		memcpy(f + off, src, len);
		CHECK_EQ(write_whole(obj_file("devA", id, ""), f, n), 0);
	}
	free(f);
}

static void flip(const char *id, size_t off)
{
	uint8_t *f = NULL;
	size_t n = obj_read(id, &f);

	CHECK(f && off < n);
	if (f && off < n) {
		f[off] ^= 0x01;
		CHECK_EQ(write_whole(obj_file("devA", id, ""), f, n), 0);
	}
	free(f);
}

static uint64_t le(const uint8_t *p, int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* The generation in the header of slot s of a file of n bytes (what it
 * claims: checked or not). */
static uint64_t slot_gen(const uint8_t *f, size_t n, int s)
{
	return le(f + (size_t)s * (n / 2) + 8, 8);
}

/* The TA's storage key on devA, derived as host/README.md says. */
static int storage_key(uint8_t tsk[32])
{
	uint8_t *huk = NULL, ssk[32];
	size_t n = 0;
	char path[1024];

	snprintf(path, sizeof(path), "%s/device/huk", scratch("devA"));
	if (read_whole(path, &huk, &n) || n != 32) {
		free(huk);
		return -1;
	}
	hmac_sha256(huk, 32, "emul-ssk", 8, ssk);
	hmac_sha256(ssk, 32, uuid_a_be, 16, tsk);
	free(huk);
	return 0;
}

/* 1 if rec (in room bytes) is the format 2 record of data under id with
 * that generation: checked by sealing again with the record's own IV. */
static int record_is(const uint8_t *rec, size_t room, const uint8_t tsk[32],
		     const char *id, uint64_t gen, const char *data)
{
	size_t len = strlen(data), id_len = strlen(id);
	uint8_t ad[20 + TEE_OBJECT_ID_MAX_LEN], ct[256], tag[16];

	if (len > sizeof(ct) || room < RECORD_OVERHEAD + len ||
	    memcmp(rec, "TEMUOBJ2", 8) || le(rec + 8, 8) != gen ||
	    le(rec + 16, 4) != len)
		return 0;
	memcpy(ad, rec, 20);
	memcpy(ad + 20, id, id_len);
	if (aes256gcm_encrypt(tsk, rec + 20, ad, 20 + id_len, data, len, ct,
			      tag))
		return 0;
	return !memcmp(rec + 32, ct, len) && !memcmp(rec + 32 + len, tag, 16);
}

static int contains(const uint8_t *hay, size_t n, const char *needle)
{
	size_t i, k = strlen(needle);

	for (i = 0; i + k <= n; i++)
		if (!memcmp(hay + i, needle, k))
			return 1;
	return 0;
}

static int all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

TEST(emul_malloc_hints)
{
	uint8_t *p = TEE_Malloc(100, TEE_MALLOC_FILL_ZERO), *q;
	size_t i;
	int ok = 1;

	CHECK(p && all_zero(p, 100));
	memset(p, 0xAA, 100);
	p = TEE_Realloc(p, 5000); /* OP-TEE zero-fills what it adds */
	for (i = 0; p && i < 100; i++)
		ok &= p[i] == 0xAA;
	CHECK(p && ok && all_zero(p + 100, 4900));
	p = TEE_Realloc(p, 50);
	memset(p, 0xBB, 50);
	p = TEE_Realloc(p, 300); /* no stale 0xAA from before the shrink */
	CHECK(p && all_zero(p + 50, 250));
	q = TEE_Realloc(p, 0); /* frees, and is not NULL */
	CHECK(q != NULL);
	TEE_Free(q);

	q = TEE_Malloc(0, TEE_MALLOC_FILL_ZERO);
	CHECK(q != NULL);
	TEE_Free(q);
	q = TEE_Realloc(NULL, 64);
	CHECK(q && all_zero(q, 64));
	TEE_Free(q);
	q = TEE_Malloc(32, TEE_MALLOC_NO_SHARE);
	CHECK(q && all_zero(q, 32));
	TEE_Free(q);
	CHECK(TEE_Malloc(32, 0x100) == NULL); /* unknown hint */
	TEE_Free(NULL);
}

TEST(emul_mem_functions)
{
	static const uint8_t a[] = { 1, 2, 3 }, b[] = { 1, 2, 4 };
	static const uint8_t c[] = { 2, 0, 0 }, d[] = { 1, 9, 9 };
	char buf[8] = "abcdef";

	CHECK_EQ(TEE_MemCompare(a, b, 3), -1);
	CHECK_EQ(TEE_MemCompare(b, a, 3), 1);
	CHECK_EQ(TEE_MemCompare(a, a, 3), 0);
	CHECK_EQ(TEE_MemCompare(c, d, 3), 1); /* the first difference decides */
	CHECK_EQ(TEE_MemCompare(a, b, 2), 0);
	CHECK_EQ(TEE_MemCompare(a, b, 0), 0);

	TEE_MemMove(buf + 1, buf, 5); /* overlapping */
	CHECK(!memcmp(buf, "aabcde", 6));
	TEE_MemFill(buf, 0x1FF, 3); /* the low byte of x */
	CHECK(!memcmp(buf, "\xff\xff\xff" "cde", 6));
}

TEST(emul_random_and_time)
{
	uint8_t x[64], y[64], *big = malloc(1 << 20);
	TEE_Time t1, t2, ree;
	size_t i, zeros = 0;

	TEE_GenerateRandom(x, sizeof(x));
	TEE_GenerateRandom(y, sizeof(y));
	CHECK(memcmp(x, y, sizeof(x)) != 0);
	TEE_GenerateRandom(NULL, 0);
	CHECK(big != NULL);
	if (big) {
		TEE_GenerateRandom(big, 1 << 20); /* filled to the end */
		for (i = 0; i < 1 << 20; i++)
			zeros += !big[i];
		CHECK(zeros > 3000 && zeros < 5200); /* ~4096 expected */
		free(big);
	}

	TEE_GetSystemTime(&t1);
	TEE_GetSystemTime(&t2);
	CHECK(t2.seconds > t1.seconds ||
	      (t2.seconds == t1.seconds && t2.millis >= t1.millis));
	CHECK(t1.millis < 1000);
	TEE_GetREETime(&ree);
	CHECK(ree.seconds > 1600000000u && ree.millis < 1000);
}

TEST(emul_object_roundtrip)
{
	TEE_ObjectHandle h = TEE_HANDLE_NULL;
	TEE_ObjectInfo info;
	uint8_t *file = NULL;
	char buf[32];
	size_t n = 0, flen = 0;
	int mode;

	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK_EQ(create("roundtrip", RWM, "hello world", &h), TEE_SUCCESS);
	CHECK_EQ(TEE_GetObjectInfo1(h, &info), TEE_SUCCESS);
	CHECK_EQ(info.objectType, TEE_TYPE_DATA);
	CHECK_EQ(info.dataSize, 11);
	CHECK_EQ(info.dataPosition, 0);
	CHECK_EQ(info.handleFlags, TEE_HANDLE_FLAG_PERSISTENT |
				   TEE_HANDLE_FLAG_INITIALIZED | RWM);

	CHECK_EQ(TEE_ReadObjectData(h, buf, 5, &n), TEE_SUCCESS);
	CHECK(n == 5 && !memcmp(buf, "hello", 5));
	CHECK_EQ(TEE_SeekObjectData(h, 0, TEE_DATA_SEEK_END), TEE_SUCCESS);
	CHECK_EQ(TEE_ReadObjectData(h, buf, sizeof(buf), &n), TEE_SUCCESS);
	CHECK_EQ(n, 0);
	CHECK_EQ(TEE_SeekObjectData(h, -100, TEE_DATA_SEEK_CUR), TEE_SUCCESS);
	CHECK_EQ(TEE_GetObjectInfo1(h, &info), TEE_SUCCESS);
	CHECK_EQ(info.dataPosition, 0); /* clamped, as OP-TEE does */
	CHECK_EQ(TEE_SeekObjectData(h, (intmax_t)TEE_DATA_MAX_POSITION + 1,
				    TEE_DATA_SEEK_SET),
		 TEE_ERROR_OVERFLOW);

	/* Writing past the end leaves a gap of zeros. */
	CHECK_EQ(TEE_SeekObjectData(h, 20, TEE_DATA_SEEK_SET), TEE_SUCCESS);
	CHECK_EQ(TEE_WriteObjectData(h, "!!", 2), TEE_SUCCESS);
	CHECK_EQ(TEE_GetObjectInfo1(h, &info), TEE_SUCCESS);
	CHECK(info.dataSize == 22 && info.dataPosition == 22);
	CHECK_EQ(TEE_SeekObjectData(h, 0, TEE_DATA_SEEK_SET), TEE_SUCCESS);
	CHECK_EQ(TEE_ReadObjectData(h, buf, sizeof(buf), &n), TEE_SUCCESS);
	CHECK(n == 22 && !memcmp(buf, "hello world\0\0\0\0\0\0\0\0\0!!", 22));

	CHECK_EQ(TEE_TruncateObjectData(h, 5), TEE_SUCCESS);
	CHECK_EQ(TEE_TruncateObjectData(h, 8), TEE_SUCCESS);
	TEE_CloseObject(h);

	/* On disk: objects/<hex id>, 0600, two slots, sealed (no plaintext). */
	mode = path_mode(obj_file("devA", "roundtrip", ""));
	CHECK(mode >= 0 && S_ISREG(mode) && (mode & 0777) == 0600);
	CHECK_EQ(read_whole(obj_file("devA", "roundtrip", ""), &file, &flen),
		 0);
	CHECK_EQ(flen, FILE_1);
	CHECK(file && !contains(file, flen, "hello"));
	free(file);

	CHECK(!memcmp(content("roundtrip"), "hello", 6)); /* then 3 zeros */
	CHECK_EQ(open_obj("roundtrip", TEE_DATA_FLAG_ACCESS_READ, &h),
		 TEE_SUCCESS);
	CHECK_EQ(TEE_ReadObjectData(h, buf, sizeof(buf), &n), TEE_SUCCESS);
	CHECK(n == 8 && !memcmp(buf, "hello\0\0\0", 8));
	TEE_CloseObject(h);

	CHECK_EQ(open_obj("roundtrip", RWM, &h), TEE_SUCCESS);
	CHECK_EQ(TEE_CloseAndDeletePersistentObject1(h), TEE_SUCCESS);
	CHECK_EQ(path_mode(obj_file("devA", "roundtrip", "")), -1);
	h = (TEE_ObjectHandle)&h;
	CHECK_EQ(open_obj("roundtrip", TEE_DATA_FLAG_ACCESS_READ, &h),
		 TEE_ERROR_ITEM_NOT_FOUND);
	CHECK(h == TEE_HANDLE_NULL);
	CHECK_EQ(TEE_CloseAndDeletePersistentObject1(TEE_HANDLE_NULL),
		 TEE_SUCCESS);
	dev_down();
}

TEST(emul_object_create_and_share_flags)
{
	const uint32_t r = TEE_DATA_FLAG_ACCESS_READ;
	const uint32_t sr = TEE_DATA_FLAG_SHARE_READ;
	TEE_ObjectHandle h1, h2, h3 = (TEE_ObjectHandle)&h3;

	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK_EQ(create("shared", 0, "v1", NULL), TEE_SUCCESS);
	CHECK_EQ(create("shared", RW, "v1bis", &h3),
		 TEE_ERROR_ACCESS_CONFLICT); /* exists, no OVERWRITE */
	CHECK(h3 == TEE_HANDLE_NULL);
	CHECK_EQ(create("shared", TEE_DATA_FLAG_OVERWRITE, "v2", NULL),
		 TEE_SUCCESS);
	CHECK(!strcmp(content("shared"), "v2"));

	/* Two readers need SHARE_READ on both handles. */
	CHECK_EQ(open_obj("shared", r, &h1), TEE_SUCCESS);
	CHECK_EQ(open_obj("shared", r, &h2), TEE_ERROR_ACCESS_CONFLICT);
	CHECK_EQ(open_obj("shared", r | sr, &h2), TEE_ERROR_ACCESS_CONFLICT);
	TEE_CloseObject(h1);
	CHECK_EQ(open_obj("shared", r | sr, &h1), TEE_SUCCESS);
	CHECK_EQ(open_obj("shared", r | sr, &h2), TEE_SUCCESS);
	CHECK_EQ(open_obj("shared", RW | sr, &h3), TEE_ERROR_ACCESS_CONFLICT);
	CHECK_EQ(open_obj("shared", TEE_DATA_FLAG_ACCESS_WRITE_META | sr, &h3),
		 TEE_ERROR_ACCESS_CONFLICT);
	CHECK_EQ(create("shared", TEE_DATA_FLAG_OVERWRITE | RW, "v3", &h3),
		 TEE_ERROR_ACCESS_CONFLICT); /* open elsewhere */
	TEE_CloseObject(h1);
	TEE_CloseObject(h2);

	CHECK_EQ(TEE_OpenPersistentObject(0x80000000, "shared", 6, r, &h1),
		 TEE_ERROR_ITEM_NOT_FOUND); /* only TEE_STORAGE_PRIVATE */

	/* Rename moves the sealed file (it is bound to its id). */
	CHECK_EQ(open_obj("shared", RWM, &h1), TEE_SUCCESS);
	CHECK_EQ(TEE_RenamePersistentObject(h1, "moved", 5), TEE_SUCCESS);
	TEE_CloseObject(h1);
	CHECK_EQ(path_mode(obj_file("devA", "shared", "")), -1);
	CHECK(!strcmp(content("moved"), "v2"));
	dev_down();
}

/* The layout host/README.md gives, checked from outside with the key. */
TEST(emul_object_file_format)
{
	uint8_t tsk[32], *f = NULL, *f2 = NULL;
	size_t n, n2;

	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK_EQ(storage_key(tsk), 0);
	CHECK_EQ(overwrite("format", "first"), TEE_SUCCESS);
	n = obj_read("format", &f);
	CHECK_EQ(n, FILE_1);
	if (n == FILE_1) {
		/* A new file: the record in slot 0, generation 1, and zeros
		 * written to the end (no holes). */
		CHECK(record_is(f, SLOT, tsk, "format", 1, "first"));
		CHECK(all_zero(f + RECORD_OVERHEAD + 5,
			       FILE_1 - RECORD_OVERHEAD - 5));
	}
	CHECK_EQ(overwrite("format", "second!"), TEE_SUCCESS);
	n2 = obj_read("format", &f2);
	CHECK_EQ(n2, FILE_1);
	if (n == FILE_1 && n2 == FILE_1) {
		/* Then in place: slot 1, generation 2; slot 0 untouched. */
		CHECK(!memcmp(f, f2, SLOT));
		CHECK(record_is(f2 + SLOT, SLOT, tsk, "format", 2, "second!"));
	}
	free(f);
	free(f2);
	CHECK(!strcmp(content("format"), "second!"));
	CHECK_EQ(((unsigned)path_mode(obj_file("devA", "format", "")) & 0777),
		 0600);
	dev_down();
}

/*
 * The hot path: a write that fits the file goes to the other slot of the
 * same file (same inode, same size, no temp file), one generation up,
 * whether the TA seals by create with OVERWRITE (as triad_ta.c does) or
 * writes through a handle.
 */
TEST(emul_object_overwrite_in_place)
{
	TEE_ObjectHandle h;
	uint8_t *f = NULL;
	char path[1024], v[16];
	ino_t ino;
	size_t n;
	int i;

	snprintf(path, sizeof(path), "%s", obj_file("devA", "inplace", ""));
	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK_EQ(overwrite("inplace", "v0"), TEE_SUCCESS); /* generation 1 */
	ino = inode_of(path);
	CHECK(ino != 0);
	for (i = 1; i <= 5; i++) {
		snprintf(v, sizeof(v), "v%d", i);
		CHECK_EQ(overwrite("inplace", v), TEE_SUCCESS);
		n = obj_read("inplace", &f);
		CHECK(n == FILE_1 && f &&
		      slot_gen(f, n, i % 2) == (uint64_t)i + 1 &&
		      slot_gen(f, n, 1 - i % 2) == (uint64_t)i);
		free(f);
		CHECK(!strcmp(content("inplace"), v));
	}
	CHECK_EQ(open_obj("inplace", RW, &h), TEE_SUCCESS);
	CHECK_EQ(TEE_WriteObjectData(h, "w", 1), TEE_SUCCESS);   /* 7, slot 0 */
	CHECK_EQ(TEE_TruncateObjectData(h, 1), TEE_SUCCESS);     /* 8, slot 1 */
	TEE_CloseObject(h);
	CHECK(!strcmp(content("inplace"), "w"));
	CHECK_EQ(inode_of(path), ino);
	CHECK_EQ(file_size(path), (off_t)FILE_1);
	CHECK_EQ(path_mode(obj_file("devA", "inplace", ".tmp")), -1);

	/* A fault of the other kind of write is not taken: it completes. */
	tee_emul_inject_fault(TEE_EMUL_FAULT_BEFORE_RENAME);
	CHECK_EQ(overwrite("inplace", "v9"), TEE_SUCCESS);       /* 9, slot 0 */
	CHECK(!strcmp(content("inplace"), "v9"));

	/* Across a restart the generation goes on from what is on disk. */
	dev_down();
	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK_EQ(overwrite("inplace", "v10"), TEE_SUCCESS);     /* 10, slot 1 */
	n = obj_read("inplace", &f);
	CHECK(n == FILE_1 && f && slot_gen(f, n, 0) == 9 &&
	      slot_gen(f, n, 1) == 10);
	free(f);
	CHECK_EQ(inode_of(path), ino);
	CHECK(!strcmp(content("inplace"), "v10"));
	dev_down();
}

/*
 * Power cut in the middle of a write in place: the new slot is torn (its
 * header, written first, even claims the newer generation), the current one
 * is untouched and still wins, and the next write goes to the torn slot.
 */
TEST(emul_object_torn_slot)
{
	TEE_ObjectHandle h;
	uint8_t *f0 = NULL, *f = NULL;
	char path[1024], buf[32];
	size_t n0, n, got = 0;
	ino_t ino;

	snprintf(path, sizeof(path), "%s", obj_file("devA", "torn", ""));
	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK_EQ(overwrite("torn", "state 1"), TEE_SUCCESS); /* 1, slot 0 */
	CHECK_EQ(overwrite("torn", "state 2"), TEE_SUCCESS); /* 2, slot 1 */
	n0 = obj_read("torn", &f0);
	CHECK_EQ(n0, FILE_1);
	CHECK_EQ(open_obj("torn", RW, &h), TEE_SUCCESS);
	tee_emul_inject_fault(TEE_EMUL_FAULT_TORN_SLOT);
	CHECK_EQ(TEE_WriteObjectData(h, "state 3", 7),
		 TEE_ERROR_STORAGE_NOT_AVAILABLE);
	n = obj_read("torn", &f);
	CHECK(f0 && f && n == FILE_1);
	if (f0 && f && n0 == FILE_1 && n == FILE_1) {
		CHECK_EQ(slot_gen(f, n, 0), 3);
		CHECK(memcmp(f, f0, SLOT) != 0);
		CHECK(!memcmp(f + SLOT, f0 + SLOT, SLOT));
	}
	free(f);
	/* A failed write changes nothing in memory either. */
	CHECK_EQ(TEE_SeekObjectData(h, 0, TEE_DATA_SEEK_SET), TEE_SUCCESS);
	CHECK_EQ(TEE_ReadObjectData(h, buf, sizeof(buf), &got), TEE_SUCCESS);
	CHECK(got == 7 && !memcmp(buf, "state 2", 7));
	TEE_CloseObject(h);

	dev_down(); /* the reboot */
	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK(!strcmp(content("torn"), "state 2"));
	ino = inode_of(path);
	CHECK_EQ(overwrite("torn", "state 4"), TEE_SUCCESS); /* 3, slot 0 */
	n = obj_read("torn", &f);
	CHECK(f0 && f && n == FILE_1);
	if (f0 && f && n0 == FILE_1 && n == FILE_1) {
		CHECK_EQ(slot_gen(f, n, 0), 3);
		CHECK(!memcmp(f + SLOT, f0 + SLOT, SLOT)); /* "state 2" kept */
	}
	free(f);
	CHECK_EQ(inode_of(path), ino);
	CHECK(!strcmp(content("torn"), "state 4"));

	/*
	 * Without a reboot, the writes after a failed one in place replace
	 * their file whole (the page cache may show what the disk has not).
	 */
	tee_emul_inject_fault(TEE_EMUL_FAULT_TORN_SLOT);
	CHECK_EQ(overwrite("torn", "state 5"),
		 TEE_ERROR_STORAGE_NOT_AVAILABLE);
	CHECK(!strcmp(content("torn"), "state 4"));
	CHECK_EQ(overwrite("torn", "state 6"), TEE_SUCCESS);
	CHECK(inode_of(path) != ino);
	CHECK_EQ(path_mode(obj_file("devA", "torn", ".tmp")), -1);
	CHECK(!strcmp(content("torn"), "state 6"));
	dev_down();
	free(f0);
}

/*
 * Power cut after the new record is written, before the fdatasync: the disk
 * holds it whole, or not at all, or in part (emul_object_torn_slot). The
 * write was reported failed; after the reboot the object is the new state
 * or the old one, never a mix, and the next write succeeds either way.
 */
TEST(emul_object_crash_before_sync)
{
	TEE_ObjectHandle h;
	uint8_t *f0 = NULL, *fc = NULL;
	char buf[32];
	size_t n0, nc, got = 0;

	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK_EQ(overwrite("sync", "counter=1"), TEE_SUCCESS); /* slot 0 */
	CHECK_EQ(overwrite("sync", "counter=2"), TEE_SUCCESS); /* slot 1 */
	n0 = obj_read("sync", &f0);
	CHECK_EQ(open_obj("sync", RW, &h), TEE_SUCCESS);
	tee_emul_inject_fault(TEE_EMUL_FAULT_BEFORE_SYNC);
	CHECK_EQ(TEE_WriteObjectData(h, "counter=3", 9),
		 TEE_ERROR_STORAGE_NOT_AVAILABLE);
	CHECK_EQ(TEE_SeekObjectData(h, 0, TEE_DATA_SEEK_SET), TEE_SUCCESS);
	CHECK_EQ(TEE_ReadObjectData(h, buf, sizeof(buf), &got), TEE_SUCCESS);
	CHECK(got == 9 && !memcmp(buf, "counter=2", 9));
	TEE_CloseObject(h);
	/* The new record, complete in slot 0, beside the current one. */
	nc = obj_read("sync", &fc);
	CHECK(f0 && fc && n0 == FILE_1 && nc == FILE_1);
	if (f0 && fc && n0 == FILE_1 && nc == FILE_1) {
		CHECK_EQ(slot_gen(fc, nc, 0), 3);
		CHECK(!memcmp(fc + SLOT, f0 + SLOT, SLOT));
	}
	dev_down();

	/* The reboot, the page cache having reached the disk: the new state. */
	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK(!strcmp(content("sync"), "counter=3"));
	CHECK_EQ(overwrite("sync", "counter=4"), TEE_SUCCESS);
	CHECK(!strcmp(content("sync"), "counter=4"));
	dev_down();

	/* The same power cut, none of the record on the disk: the old state. */
	if (f0 && fc && n0 == FILE_1 && nc == FILE_1) {
		memcpy(fc, f0, SLOT);
		CHECK_EQ(write_whole(obj_file("devA", "sync", ""), fc, nc), 0);
	}
	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK(!strcmp(content("sync"), "counter=2"));
	CHECK_EQ(overwrite("sync", "counter=5"), TEE_SUCCESS);
	CHECK(!strcmp(content("sync"), "counter=5"));
	dev_down();
	free(f0);
	free(fc);
}

/*
 * A write that does not fit the slots (or fits a file four times smaller)
 * makes a new file beside the old one, renamed over it: power cuts in the
 * middle of that leave the old file as it was.
 */
TEST(emul_object_resize_is_atomic)
{
	char path[1024], tmp_path[1024];
	TEE_ObjectHandle h;
	ino_t ino;

	snprintf(path, sizeof(path), "%s", obj_file("devA", "grow", ""));
	snprintf(tmp_path, sizeof(tmp_path), "%s",
		 obj_file("devA", "grow", ".tmp"));
	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK_EQ(create("grow", RW | TEE_DATA_FLAG_OVERWRITE, "state A", &h),
		 TEE_SUCCESS);
	ino = inode_of(path);
	tee_emul_inject_fault(TEE_EMUL_FAULT_TORN_TEMP);
	CHECK_EQ(TEE_TruncateObjectData(h, 5000),
		 TEE_ERROR_STORAGE_NOT_AVAILABLE);
	CHECK_EQ(file_size(tmp_path), (off_t)(4 * SLOT / 2));
	tee_emul_inject_fault(TEE_EMUL_FAULT_BEFORE_RENAME);
	CHECK_EQ(TEE_TruncateObjectData(h, 5000),
		 TEE_ERROR_STORAGE_NOT_AVAILABLE);
	CHECK_EQ(file_size(tmp_path), (off_t)(4 * SLOT));
	CHECK_EQ(file_size(path), (off_t)FILE_1);
	CHECK_EQ(inode_of(path), ino);
	TEE_CloseObject(h);

	dev_down(); /* the reboot */
	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK(!strcmp(content("grow"), "state A"));
	CHECK_EQ(open_obj("grow", RW, &h), TEE_SUCCESS);
	CHECK_EQ(TEE_TruncateObjectData(h, 5000), TEE_SUCCESS);
	CHECK_EQ(file_size(path), (off_t)(4 * SLOT));
	CHECK(inode_of(path) != ino);
	CHECK_EQ(path_mode(tmp_path), -1);
	CHECK_EQ(((unsigned)path_mode(path) & 0777), 0600);
	/* Smaller, within four times: in place. */
	ino = inode_of(path);
	CHECK_EQ(TEE_TruncateObjectData(h, 7), TEE_SUCCESS);
	CHECK_EQ(inode_of(path), ino);
	CHECK_EQ(file_size(path), (off_t)(4 * SLOT));
	/* Grown to 20 KiB, then back to 7 bytes: the file shrinks. */
	CHECK_EQ(TEE_TruncateObjectData(h, 20000), TEE_SUCCESS);
	CHECK_EQ(file_size(path), (off_t)(10 * SLOT));
	CHECK_EQ(TEE_TruncateObjectData(h, 7), TEE_SUCCESS);
	CHECK_EQ(file_size(path), (off_t)FILE_1);
	TEE_CloseObject(h);
	CHECK(!strcmp(content("grow"), "state A"));
	dev_down();
}

/* Creation is one atomic step; so is the TA's overwrite of its state. */
TEST(emul_object_create_is_atomic)
{
	TEE_ObjectHandle h = (TEE_ObjectHandle)&h;

	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	tee_emul_inject_fault(TEE_EMUL_FAULT_BEFORE_RENAME);
	CHECK_EQ(create("born", RW, "initial", &h),
		 TEE_ERROR_STORAGE_NOT_AVAILABLE);
	CHECK(h == TEE_HANDLE_NULL);
	CHECK_EQ(open_obj("born", RW, &h), TEE_ERROR_ITEM_NOT_FOUND);
	tee_emul_inject_fault(TEE_EMUL_FAULT_TORN_TEMP);
	CHECK_EQ(create("born", RW, "initial", &h),
		 TEE_ERROR_STORAGE_NOT_AVAILABLE);
	CHECK_EQ(open_obj("born", RW, &h), TEE_ERROR_ITEM_NOT_FOUND);

	CHECK_EQ(create("born", 0, "first", NULL), TEE_SUCCESS);
	tee_emul_inject_fault(TEE_EMUL_FAULT_TORN_SLOT);
	CHECK_EQ(overwrite("born", "second"), TEE_ERROR_STORAGE_NOT_AVAILABLE);
	dev_down();
	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK(!strcmp(content("born"), "first"));
	CHECK_EQ(overwrite("born", "third"), TEE_SUCCESS);
	CHECK(!strcmp(content("born"), "third"));
	dev_down();
}

/* One flipped bit of the only record (slot 1 of a new file is empty). */
static void tamper_case(size_t offset)
{
	TEE_ObjectHandle h = (TEE_ObjectHandle)&h;

	CHECK_EQ(overwrite("tamper", "secret state"), TEE_SUCCESS);
	flip("tamper", offset);
	CHECK_EQ(open_obj("tamper", TEE_DATA_FLAG_ACCESS_READ, &h),
		 TEE_ERROR_CORRUPT_OBJECT);
	CHECK(h == TEE_HANDLE_NULL);
	/* Gone for the TA (as OP-TEE deletes it), kept aside for people. */
	CHECK_EQ(open_obj("tamper", TEE_DATA_FLAG_ACCESS_READ, &h),
		 TEE_ERROR_ITEM_NOT_FOUND);
	CHECK(path_mode(obj_file("devA", "tamper", ".corrupt")) >= 0);
	unlink(obj_file("devA", "tamper", ".corrupt"));
}

TEST(emul_object_tampered_is_corrupt)
{
	const char *path;
	TEE_ObjectHandle h;
	uint8_t *file = NULL;
	size_t len = 0;

	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	tamper_case(0);  /* magic */
	tamper_case(8);  /* generation */
	tamper_case(16); /* length, by one */
	tamper_case(19); /* length, far beyond the slot */
	tamper_case(24); /* IV */
	tamper_case(32); /* ciphertext */
	tamper_case(RECORD_OVERHEAD + 12 - 1); /* tag */

	/* Not two whole slots: one byte short, one slot, empty. */
	path = obj_file("devA", "tamper", "");
	CHECK_EQ(overwrite("tamper", "secret"), TEE_SUCCESS);
	CHECK_EQ(read_whole(path, &file, &len), 0);
	CHECK_EQ(len, FILE_1);
	CHECK_EQ(write_whole(path, file, len ? len - 1 : 0), 0);
	CHECK_EQ(open_obj("tamper", TEE_DATA_FLAG_ACCESS_READ, &h),
		 TEE_ERROR_CORRUPT_OBJECT);
	CHECK_EQ(write_whole(path, file, len / 2), 0);
	CHECK_EQ(open_obj("tamper", TEE_DATA_FLAG_ACCESS_READ, &h),
		 TEE_ERROR_CORRUPT_OBJECT);
	CHECK_EQ(write_whole(path, "", 0), 0);
	CHECK_EQ(open_obj("tamper", TEE_DATA_FLAG_ACCESS_READ, &h),
		 TEE_ERROR_CORRUPT_OBJECT);

	/* A valid file under another object's name: bound to its id. */
	CHECK_EQ(write_whole(obj_file("devA", "idB", ""), file, len), 0);
	CHECK_EQ(open_obj("idB", TEE_DATA_FLAG_ACCESS_READ, &h),
		 TEE_ERROR_CORRUPT_OBJECT);
	free(file);
	dev_down();
}

/*
 * A reader authenticates both slots and takes the valid one with the
 * higher generation: a spoiled newest slot (torn, tampered) leaves the
 * other; both spoiled is the same error as any corrupt object.
 */
TEST(emul_object_newest_valid_slot_wins)
{
	TEE_ObjectHandle h = (TEE_ObjectHandle)&h;

	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK_EQ(overwrite("ab", "older"), TEE_SUCCESS); /* slot 0 */
	CHECK_EQ(overwrite("ab", "newer"), TEE_SUCCESS); /* slot 1 */
	CHECK(!strcmp(content("ab"), "newer"));
	flip("ab", SLOT + 32);
	CHECK(!strcmp(content("ab"), "older"));
	flip("ab", 32);
	CHECK_EQ(open_obj("ab", TEE_DATA_FLAG_ACCESS_READ, &h),
		 TEE_ERROR_CORRUPT_OBJECT);
	CHECK(h == TEE_HANDLE_NULL);
	CHECK_EQ(open_obj("ab", TEE_DATA_FLAG_ACCESS_READ, &h),
		 TEE_ERROR_ITEM_NOT_FOUND);
	CHECK(path_mode(obj_file("devA", "ab", ".corrupt")) >= 0);

	/* A write over a file with no valid slot makes a new file. */
	CHECK_EQ(overwrite("ab", "one"), TEE_SUCCESS);
	CHECK_EQ(overwrite("ab", "two"), TEE_SUCCESS);
	flip("ab", 32);
	flip("ab", SLOT + 32);
	CHECK_EQ(overwrite("ab", "three"), TEE_SUCCESS);
	CHECK(!strcmp(content("ab"), "three"));
	CHECK_EQ(file_size(obj_file("devA", "ab", "")), (off_t)FILE_1);
	dev_down();
}

/*
 * The generation is authenticated: raised on an older record, it breaks
 * the record. Records from an old copy of the file are older versions of
 * the object: in the slot not current they lose; over the current one they
 * roll the object back, as restoring the whole old file would (REE FS
 * allows both; the TA's replicated counter catches them).
 */
TEST(emul_object_generation_is_authenticated)
{
	static const uint8_t gen9[8] = { 9 };
	uint8_t *old = NULL, *f = NULL, *swapped;
	size_t n_old, n;

	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK_EQ(overwrite("gen", "v1"), TEE_SUCCESS); /* 1, slot 0 */
	CHECK_EQ(overwrite("gen", "v2"), TEE_SUCCESS); /* 2, slot 1 */
	n_old = obj_read("gen", &old);
	CHECK(old && n_old == FILE_1);
	if (!old || n_old != FILE_1) {
		free(old);
		dev_down();
		return;
	}

	patch("gen", 8, gen9, 8); /* v1 claims generation 9 */
	CHECK(!strcmp(content("gen"), "v2"));
	/* It is not taken for the current slot: the next write lands there. */
	CHECK_EQ(overwrite("gen", "v3"), TEE_SUCCESS); /* 3, slot 0 */
	n = obj_read("gen", &f);
	CHECK(f && n == FILE_1 && !memcmp(f + SLOT, old + SLOT, SLOT));
	free(f);
	CHECK(!strcmp(content("gen"), "v3"));
	CHECK_EQ(overwrite("gen", "v4"), TEE_SUCCESS); /* 4, slot 1 */

	patch("gen", 0, old + SLOT, SLOT); /* v2 (2) over v3 (3) */
	CHECK(!strcmp(content("gen"), "v4"));
	patch("gen", SLOT, old, SLOT); /* v1 (1) over v4 (4) */
	CHECK(!strcmp(content("gen"), "v2")); /* rolled back, as ... */
	CHECK_EQ(write_whole(obj_file("devA", "gen", ""), old, n_old), 0);
	CHECK(!strcmp(content("gen"), "v2")); /* ... by the old copy */

	/* A slot is not bound to its place: swapped, the same object. */
	swapped = malloc(FILE_1);
	CHECK(swapped != NULL);
	if (swapped) {
		memcpy(swapped, old + SLOT, SLOT);
		memcpy(swapped + SLOT, old, SLOT);
		CHECK_EQ(write_whole(obj_file("devA", "gen", ""), swapped,
				     FILE_1),
			 0);
		CHECK(!strcmp(content("gen"), "v2"));
		free(swapped);
	}
	free(old);
	dev_down();
}

/* REE FS without RPMB has no rollback protection; neither do we. */
TEST(emul_object_old_copy_loads)
{
	char old_copy[1024];
	TEE_ObjectHandle h;

	snprintf(old_copy, sizeof(old_copy), "%s", scratch("old-copy"));
	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK_EQ(create("sealed-state", TEE_DATA_FLAG_OVERWRITE, "counter=41",
			NULL),
		 TEE_SUCCESS);
	CHECK_EQ(copy_file(obj_file("devA", "sealed-state", ""), old_copy), 0);
	CHECK_EQ(open_obj("sealed-state", RW, &h), TEE_SUCCESS);
	CHECK_EQ(TEE_WriteObjectData(h, "counter=42", 10), TEE_SUCCESS);
	TEE_CloseObject(h);
	CHECK(!strcmp(content("sealed-state"), "counter=42"));

	CHECK_EQ(copy_file(old_copy, obj_file("devA", "sealed-state", "")), 0);
	CHECK(!strcmp(content("sealed-state"), "counter=41"));
	dev_down();
}

/*
 * Files of format 1 (one record, no slots) from older data dirs still open;
 * the next write replaces them with a file of format 2.
 */
TEST(emul_object_format_1_still_opens)
{
	static const char msg[] = "from format 1";
	const size_t len = sizeof(msg) - 1;
	uint8_t tsk[32], file[8 + 12 + sizeof(msg) + 16], ad[8 + 6];
	TEE_ObjectHandle h;

	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK_EQ(storage_key(tsk), 0);
	memcpy(file, "TEMUOBJ1", 8);
	memset(file + 8, 0x5a, 12); /* IV */
	memcpy(ad, "TEMUOBJ1", 8);
	memcpy(ad + 8, "legacy", 6);
	CHECK_EQ(aes256gcm_encrypt(tsk, file + 8, ad, sizeof(ad), msg, len,
				   file + 20, file + 20 + len),
		 0);
	CHECK_EQ(write_whole(obj_file("devA", "legacy", ""), file,
			     20 + len + 16),
		 0);
	CHECK(!strcmp(content("legacy"), msg));
	CHECK_EQ(overwrite("legacy", "now format 2"), TEE_SUCCESS);
	CHECK_EQ(file_size(obj_file("devA", "legacy", "")), (off_t)FILE_1);
	CHECK(!strcmp(content("legacy"), "now format 2"));
	CHECK_EQ(overwrite("legacy", "in place"), TEE_SUCCESS);
	CHECK(!strcmp(content("legacy"), "in place"));

	/* Tampered, format 1 is corrupt as before. */
	file[25] ^= 0x01;
	CHECK_EQ(write_whole(obj_file("devA", "legacy", ""), file,
			     20 + len + 16),
		 0);
	CHECK_EQ(open_obj("legacy", TEE_DATA_FLAG_ACCESS_READ, &h),
		 TEE_ERROR_CORRUPT_OBJECT);
	dev_down();
}

/* The storage key depends on the TA's UUID. */
TEST(emul_object_other_ta_cannot_open)
{
	TEE_ObjectHandle h;

	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK_EQ(create("mine", TEE_DATA_FLAG_OVERWRITE, "TA a's", NULL),
		 TEE_SUCCESS);
	dev_down();
	CHECK_EQ(dev_up("devA", &uuid_b), 0);
	CHECK_EQ(open_obj("mine", TEE_DATA_FLAG_ACCESS_READ, &h),
		 TEE_ERROR_CORRUPT_OBJECT);
	dev_down();
}

static TEE_Result derive(const void *extra, size_t extra_len, uint8_t *key,
			 size_t key_len)
{
	static const TEE_UUID pta = PTA_SYSTEM_UUID;
	TEE_TASessionHandle s;
	TEE_Param p[TEE_NUM_PARAMS];
	uint32_t origin = 0;
	TEE_Result res;

	memset(p, 0, sizeof(p));
	p[0].memref.buffer = (void *)(uintptr_t)extra;
	p[0].memref.size = extra_len;
	p[1].memref.buffer = key;
	p[1].memref.size = key_len;
	res = TEE_OpenTASession(&pta, TEE_TIMEOUT_INFINITE, 0, NULL, &s,
				&origin);
	CHECK(res == TEE_SUCCESS && origin == TEE_ORIGIN_TRUSTED_APP);
	if (res)
		return res;
	res = TEE_InvokeTACommand(
		s, TEE_TIMEOUT_INFINITE, PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY,
		TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT,
				TEE_PARAM_TYPE_MEMREF_OUTPUT,
				TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE),
		p, &origin);
	CHECK_EQ(origin, TEE_ORIGIN_TRUSTED_APP);
	TEE_CloseTASession(s);
	return res;
}

TEST(emul_derive_key)
{
	static const TEE_UUID pta = PTA_SYSTEM_UUID;
	/* uuid_a in its 16-byte big-endian form, then the extra data */
	static const uint8_t msg[17] = { 0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f,
					 0x4a, 0x6b, 0x8c, 0x7d, 0x6e, 0x5f,
					 0x40, 0x31, 0x22, 0x13, 'x' };
	uint8_t k1[32], k2[32], k3[32], k16[16], want[32], big[1025] = { 0 };
	uint8_t *huk = NULL;
	size_t huk_len = 0;
	char huk_path[1024];
	TEE_TASessionHandle s;
	TEE_Param p[TEE_NUM_PARAMS];

	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK_EQ(derive("x", 1, k1, 32), TEE_SUCCESS);
	CHECK_EQ(derive("x", 1, k2, 32), TEE_SUCCESS);
	CHECK(!memcmp(k1, k2, 32));
	CHECK_EQ(derive("y", 1, k2, 32), TEE_SUCCESS);
	CHECK(memcmp(k1, k2, 32) != 0);
	CHECK_EQ(derive(NULL, 0, k3, 32), TEE_SUCCESS);
	CHECK(memcmp(k1, k3, 32) != 0);
	CHECK_EQ(derive("x", 1, k16, 16), TEE_SUCCESS);
	CHECK(!memcmp(k1, k16, 16)); /* truncation of the same MAC */

	/* Exactly HMAC-SHA256(HUK, UUID || extra), as documented. */
	snprintf(huk_path, sizeof(huk_path), "%s/device/huk", scratch("devA"));
	CHECK_EQ(read_whole(huk_path, &huk, &huk_len), 0);
	CHECK_EQ(huk_len, 32);
	if (huk && huk_len == 32) {
		hmac_sha256(huk, 32, msg, sizeof(msg), want);
		CHECK(!memcmp(k1, want, 32));
	}
	free(huk);

	/* OP-TEE's limits. */
	CHECK_EQ(derive("x", 1, k2, 15), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(derive("x", 1, big, 33), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(derive(big, 1025, k2, 32), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(derive(big, 1024, k2, 32), TEE_SUCCESS);
	memset(p, 0, sizeof(p));
	CHECK_EQ(TEE_OpenTASession(&pta, 0, 0, NULL, &s, NULL), TEE_SUCCESS);
	CHECK_EQ(TEE_InvokeTACommand(s, 0, PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY,
				     TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT,
						     TEE_PARAM_TYPE_MEMREF_OUTPUT,
						     TEE_PARAM_TYPE_NONE,
						     TEE_PARAM_TYPE_NONE),
				     p, NULL),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(TEE_InvokeTACommand(s, 0, 99, 0, p, NULL),
		 TEE_ERROR_NOT_IMPLEMENTED);
	TEE_CloseTASession(s);
	dev_down();

	/* Per TA, and stable across restarts. */
	CHECK_EQ(dev_up("devA", &uuid_b), 0);
	CHECK_EQ(derive("x", 1, k2, 32), TEE_SUCCESS);
	CHECK(memcmp(k1, k2, 32) != 0);
	dev_down();
	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK_EQ(derive("x", 1, k2, 32), TEE_SUCCESS);
	CHECK(!memcmp(k1, k2, 32));
	dev_down();
}

struct pubkey {
	uint8_t e[8], n[512];
	size_t e_len, n_len;
};

static TEE_Result attestation(uint32_t cmd, uint32_t types, TEE_Param *p)
{
	static const TEE_UUID pta = PTA_ATTESTATION_UUID;
	TEE_TASessionHandle s;
	TEE_Result res;

	res = TEE_OpenTASession(&pta, 0, 0, NULL, &s, NULL);
	CHECK_EQ(res, TEE_SUCCESS);
	if (res)
		return res;
	res = TEE_InvokeTACommand(s, 0, cmd, types, p, NULL);
	TEE_CloseTASession(s);
	return res;
}

static TEE_Result get_pubkey(struct pubkey *k, size_t e_cap, size_t n_cap,
			     uint32_t *alg)
{
	TEE_Param p[TEE_NUM_PARAMS];
	TEE_Result res;

	memset(p, 0, sizeof(p));
	p[0].memref.buffer = k->e;
	p[0].memref.size = e_cap;
	p[1].memref.buffer = k->n;
	p[1].memref.size = n_cap;
	res = attestation(PTA_ATTESTATION_GET_PUBKEY,
			  TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_OUTPUT,
					  TEE_PARAM_TYPE_MEMREF_OUTPUT,
					  TEE_PARAM_TYPE_VALUE_OUTPUT,
					  TEE_PARAM_TYPE_NONE),
			  p);
	k->e_len = p[0].memref.size;
	k->n_len = p[1].memref.size;
	*alg = p[2].value.a;
	return res;
}

static TEE_Result hash_ta_memory(const void *nonce, size_t nonce_len,
				 uint8_t *out, size_t *out_len)
{
	TEE_Param p[TEE_NUM_PARAMS];
	TEE_Result res;

	memset(p, 0, sizeof(p));
	p[0].memref.buffer = (void *)(uintptr_t)nonce;
	p[0].memref.size = nonce_len;
	p[1].memref.buffer = out;
	p[1].memref.size = *out_len;
	res = attestation(PTA_ATTESTATION_HASH_TA_MEMORY,
			  TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT,
					  TEE_PARAM_TYPE_MEMREF_OUTPUT,
					  TEE_PARAM_TYPE_NONE,
					  TEE_PARAM_TYPE_NONE),
			  p);
	*out_len = p[1].memref.size;
	return res;
}

TEST(emul_attestation)
{
	static const TEE_UUID nowhere = { 1, 2, 3, { 4, 5, 6, 7, 8, 9, 10, 11 } };
	struct pubkey k;
	uint8_t out[512], m[32];
	size_t len = sizeof(out);
	uint32_t alg = 0, origin = 0;
	TEE_TASessionHandle s = (TEE_TASessionHandle)&s;
	TEE_Param p[TEE_NUM_PARAMS];
	char path[1024];
	int mode;

	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK_EQ(get_pubkey(&k, sizeof(k.e), sizeof(k.n), &alg), TEE_SUCCESS);
	CHECK(k.e_len == 3 && !memcmp(k.e, "\x01\x00\x01", 3));
	CHECK(k.n_len == 384 && (k.n[0] & 0x80)); /* exactly 3072 bits */
	CHECK_EQ(alg, TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256);
	alg = 0;
	CHECK_EQ(get_pubkey(&k, 2, 100, &alg), TEE_ERROR_SHORT_BUFFER);
	CHECK(k.e_len == 3 && k.n_len == 384);
	CHECK_EQ(alg, TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256);
	CHECK_EQ(get_pubkey(&k, sizeof(k.e), sizeof(k.n), &alg), TEE_SUCCESS);

	CHECK_EQ(hash_ta_memory("nonce-1", 7, out, &len), TEE_SUCCESS);
	CHECK_EQ(len, 32 + 384);
	sha256(measured, sizeof(measured) - 1, m);
	CHECK(!memcmp(out, m, 32));
	CHECK(attestation_verifies(k.n, k.n_len, k.e, k.e_len,
				   (const uint8_t *)"nonce-1", 7, out, len));
	CHECK(!attestation_verifies(k.n, k.n_len, k.e, k.e_len,
				    (const uint8_t *)"nonce-2", 7, out, len));
	out[100] ^= 1;
	CHECK(!attestation_verifies(k.n, k.n_len, k.e, k.e_len,
				    (const uint8_t *)"nonce-1", 7, out, len));

	len = 415;
	CHECK_EQ(hash_ta_memory("nonce-1", 7, out, &len),
		 TEE_ERROR_SHORT_BUFFER);
	CHECK_EQ(len, 416);
	len = sizeof(out);
	CHECK_EQ(hash_ta_memory(NULL, 0, out, &len), TEE_ERROR_BAD_PARAMETERS);
	memset(p, 0, sizeof(p));
	CHECK_EQ(attestation(PTA_ATTESTATION_GET_TA_SHDR_DIGEST, 0, p),
		 TEE_ERROR_NOT_IMPLEMENTED);
	CHECK_EQ(attestation(PTA_ATTESTATION_HASH_TA_MEMORY, 0, p),
		 TEE_ERROR_BAD_PARAMETERS);

	CHECK_EQ(TEE_OpenTASession(&nowhere, 0, 0, NULL, &s, &origin),
		 TEE_ERROR_ITEM_NOT_FOUND);
	CHECK(s == TEE_HANDLE_NULL && origin == TEE_ORIGIN_TEE);

	snprintf(path, sizeof(path), "%s/device/attestation-key.pem",
		 scratch("devA"));
	mode = path_mode(path);
	CHECK(mode >= 0 && (mode & 0777) == 0600);
	dev_down();
}

TEST(emul_two_devices_differ)
{
	struct pubkey ka, kb, ka2;
	uint8_t da[32], db[32], *huk_a = NULL, *huk_b = NULL;
	size_t la = 0, lb = 0;
	uint32_t alg;
	char path[1024];

	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK_EQ(dev_up("devA", &uuid_a), -1); /* one device per process */
	CHECK_EQ(get_pubkey(&ka, sizeof(ka.e), sizeof(ka.n), &alg),
		 TEE_SUCCESS);
	CHECK_EQ(derive("same", 4, da, 32), TEE_SUCCESS);
	dev_down();
	CHECK_EQ(dev_up("devB", &uuid_a), 0);
	CHECK_EQ(get_pubkey(&kb, sizeof(kb.e), sizeof(kb.n), &alg),
		 TEE_SUCCESS);
	CHECK_EQ(derive("same", 4, db, 32), TEE_SUCCESS);
	dev_down();

	CHECK(ka.n_len == kb.n_len && memcmp(ka.n, kb.n, ka.n_len) != 0);
	CHECK(memcmp(da, db, 32) != 0);
	snprintf(path, sizeof(path), "%s/device/huk", scratch("devA"));
	CHECK_EQ(read_whole(path, &huk_a, &la), 0);
	snprintf(path, sizeof(path), "%s/device/huk", scratch("devB"));
	CHECK_EQ(read_whole(path, &huk_b, &lb), 0);
	CHECK(la == 32 && lb == 32 && huk_a && huk_b &&
	      memcmp(huk_a, huk_b, 32) != 0);
	CHECK(((unsigned)path_mode(path) & 0777) == 0600);
	free(huk_a);
	free(huk_b);
	snprintf(path, sizeof(path), "%s/device", scratch("devB"));
	CHECK(((unsigned)path_mode(path) & 0777) == 0700);
	snprintf(path, sizeof(path), "%s/objects", scratch("devB"));
	CHECK(((unsigned)path_mode(path) & 0777) == 0700);

	/* The key is the device's, kept across restarts. */
	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK_EQ(get_pubkey(&ka2, sizeof(ka2.e), sizeof(ka2.n), &alg),
		 TEE_SUCCESS);
	CHECK(ka2.n_len == ka.n_len && !memcmp(ka.n, ka2.n, ka.n_len));
	dev_down();
}

/* Runs fn in a child (the TA instance that may die); its wait status. */
static int in_child(void (*fn)(void))
{
	int status = -1;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		fn();
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static int panicked(int status)
{
	return status != -1 && WIFEXITED(status) &&
	       WEXITSTATUS(status) == TEE_EMUL_PANIC_STATUS;
}

static void write_read_only(void)
{
	TEE_ObjectHandle h;

	if (!open_obj("ro", TEE_DATA_FLAG_ACCESS_READ, &h))
		TEE_WriteObjectData(h, "x", 1);
}

static void close_bogus_handle(void)
{
	static int not_a_handle;

	TEE_CloseObject((TEE_ObjectHandle)&not_a_handle);
}

static void malloc_no_fill(void)
{
	TEE_Free(TEE_Malloc(8, TEE_MALLOC_NO_FILL));
}

static void seek_bad_whence(void)
{
	TEE_ObjectHandle h;

	if (!open_obj("ro", TEE_DATA_FLAG_ACCESS_READ, &h))
		TEE_SeekObjectData(h, 0, 7);
}

static void plain_panic(void)
{
	TEE_Panic(0x1234);
}

static void nothing_wrong(void)
{
}

/* What OP-TEE's libutee treats as a TA bug ends the TA instance. */
TEST(emul_misuse_panics)
{
	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK_EQ(create("ro", TEE_DATA_FLAG_OVERWRITE, "data", NULL),
		 TEE_SUCCESS);
	CHECK(panicked(in_child(write_read_only)));
	CHECK(panicked(in_child(close_bogus_handle)));
	CHECK(panicked(in_child(malloc_no_fill)));
	CHECK(panicked(in_child(seek_bad_whence)));
	CHECK(panicked(in_child(plain_panic)));
	CHECK(!panicked(in_child(nothing_wrong)));
	dev_down();
}
