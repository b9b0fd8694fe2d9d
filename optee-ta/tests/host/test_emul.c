// SPDX-License-Identifier: Apache-2.0
/*
 * The emulated GP API in process: memory, randomness and time, persistent
 * objects (round trip, sharing rules, atomic replacement under simulated
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
#define SEALED_OVERHEAD (8 + 12 + 16) /* magic, IV, tag */

static const TEE_UUID uuid_a = { 0x0a1b2c3d, 0x4e5f, 0x4a6b,
				 { 0x8c, 0x7d, 0x6e, 0x5f, 0x40, 0x31, 0x22, 0x13 } };
static const TEE_UUID uuid_b = { 0x0a1b2c3d, 0x4e5f, 0x4a6b,
				 { 0x8c, 0x7d, 0x6e, 0x5f, 0x40, 0x31, 0x22, 0x14 } };
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

	/* On disk: objects/<hex id>, 0600, sealed (no plaintext). */
	mode = path_mode(obj_file("devA", "roundtrip", ""));
	CHECK(mode >= 0 && S_ISREG(mode) && (mode & 0777) == 0600);
	CHECK_EQ(read_whole(obj_file("devA", "roundtrip", ""), &file, &flen),
		 0);
	CHECK_EQ(flen, 8 + SEALED_OVERHEAD);
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

/* Power cut after the new file is complete but before the rename. */
TEST(emul_object_crash_before_rename)
{
	TEE_ObjectHandle h;
	char buf[32];
	size_t n = 0;

	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK_EQ(create("crash", RW | TEE_DATA_FLAG_OVERWRITE, "counter=1", &h),
		 TEE_SUCCESS);
	tee_emul_inject_fault(TEE_EMUL_FAULT_BEFORE_RENAME);
	CHECK_EQ(TEE_WriteObjectData(h, "counter=2", 9),
		 TEE_ERROR_STORAGE_NOT_AVAILABLE);
	/* The new version sits complete in the temp file, beside the old. */
	CHECK_EQ(file_size(obj_file("devA", "crash", ".tmp")),
		 (off_t)(9 + SEALED_OVERHEAD));
	CHECK_EQ(file_size(obj_file("devA", "crash", "")),
		 (off_t)(9 + SEALED_OVERHEAD));
	/* A failed write changes nothing, in memory either. */
	CHECK_EQ(TEE_SeekObjectData(h, 0, TEE_DATA_SEEK_SET), TEE_SUCCESS);
	CHECK_EQ(TEE_ReadObjectData(h, buf, sizeof(buf), &n), TEE_SUCCESS);
	CHECK(n == 9 && !memcmp(buf, "counter=1", 9));
	TEE_CloseObject(h);

	dev_down(); /* the reboot */
	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK(!strcmp(content("crash"), "counter=1"));
	CHECK_EQ(open_obj("crash", RW, &h), TEE_SUCCESS);
	CHECK_EQ(TEE_WriteObjectData(h, "counter=3", 9), TEE_SUCCESS);
	TEE_CloseObject(h);
	CHECK_EQ(path_mode(obj_file("devA", "crash", ".tmp")), -1);
	CHECK(!strcmp(content("crash"), "counter=3"));
	dev_down();
}

/* Power cut in the middle of writing the temp file. */
TEST(emul_object_torn_temp_file)
{
	TEE_ObjectHandle h;

	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK_EQ(create("torn", RW | TEE_DATA_FLAG_OVERWRITE, "state A", &h),
		 TEE_SUCCESS);
	tee_emul_inject_fault(TEE_EMUL_FAULT_TORN_TEMP);
	CHECK_EQ(TEE_TruncateObjectData(h, 100),
		 TEE_ERROR_STORAGE_NOT_AVAILABLE);
	CHECK_EQ(file_size(obj_file("devA", "torn", ".tmp")),
		 (off_t)((100 + SEALED_OVERHEAD) / 2));
	TEE_CloseObject(h);
	dev_down();
	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK(!strcmp(content("torn"), "state A"));
	dev_down();
}

/* Creation with initial data is one atomic step too. */
TEST(emul_object_create_is_atomic)
{
	TEE_ObjectHandle h = (TEE_ObjectHandle)&h;

	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	tee_emul_inject_fault(TEE_EMUL_FAULT_BEFORE_RENAME);
	CHECK_EQ(create("born", RW, "initial", &h),
		 TEE_ERROR_STORAGE_NOT_AVAILABLE);
	CHECK(h == TEE_HANDLE_NULL);
	CHECK_EQ(open_obj("born", RW, &h), TEE_ERROR_ITEM_NOT_FOUND);

	CHECK_EQ(create("born", 0, "first", NULL), TEE_SUCCESS);
	tee_emul_inject_fault(TEE_EMUL_FAULT_TORN_TEMP);
	CHECK_EQ(create("born", TEE_DATA_FLAG_OVERWRITE, "second", NULL),
		 TEE_ERROR_STORAGE_NOT_AVAILABLE);
	dev_down();
	CHECK_EQ(dev_up("devA", &uuid_a), 0);
	CHECK(!strcmp(content("born"), "first"));
	dev_down();
}

static void tamper_case(size_t offset_from, int from_end)
{
	const char *path = obj_file("devA", "tamper", "");
	TEE_ObjectHandle h = (TEE_ObjectHandle)&h;
	uint8_t *file = NULL;
	size_t len = 0;

	CHECK_EQ(create("tamper", TEE_DATA_FLAG_OVERWRITE, "secret state", NULL),
		 TEE_SUCCESS);
	CHECK_EQ(read_whole(path, &file, &len), 0);
	if (!file || len < 40) {
		free(file);
		return;
	}
	file[from_end ? len - 1 - offset_from : offset_from] ^= 0x01;
	CHECK_EQ(write_whole(path, file, len), 0);
	free(file);
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
	tamper_case(0, 0);  /* magic */
	tamper_case(10, 0); /* IV */
	tamper_case(22, 0); /* ciphertext */
	tamper_case(0, 1);  /* tag */

	/* Truncated, and empty. */
	path = obj_file("devA", "tamper", "");
	CHECK_EQ(create("tamper", TEE_DATA_FLAG_OVERWRITE, "secret", NULL),
		 TEE_SUCCESS);
	CHECK_EQ(read_whole(path, &file, &len), 0);
	CHECK_EQ(write_whole(path, file, len ? len - 1 : 0), 0);
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
