// SPDX-License-Identifier: Apache-2.0
/*
 * The emulated device behind ta-host: its RNG and disk, its secrets (the HUK
 * and the attestation key), the sealing of the TA's objects and the two
 * pseudo TAs. The only file of the emulation that uses OpenSSL; none of it
 * is ever linked into a real TA.
 *
 * Key hierarchy, after OP-TEE's (HUK -> SSK -> TSK):
 *   SSK = HMAC-SHA256(HUK, "emul-ssk")
 *   TSK = HMAC-SHA256(SSK, UUID)          storage key of one TA
 *   unique key = HMAC-SHA256(HUK, UUID || extra), truncated   (system PTA)
 * UUID is the 16-byte big-endian (RFC 4122) form. The SSK label is shorter
 * than a UUID, so no unique-key request (whose input starts with 16 UUID
 * bytes) can ever compute the SSK.
 *
 * Object file (format 2): two slots of equal size, a multiple of 4 KiB, at
 * offsets 0 and slot size; each slot starts with a sealed record (or holds
 * garbage: never written, torn by a power cut):
 *   "TEMUOBJ2" || generation (8, LE) || length (4, LE) || IV (12)
 *     || AES-256-GCM(TSK, IV, data) (length) || tag (16)
 * with the first 20 bytes (magic, generation, length) || object id as
 * associated data: a record moved to another id fails to open, and its
 * generation cannot be changed. A fresh random IV per record. The valid
 * record with the highest generation is the object (tee_api_emul.c).
 *
 * Format 1, still read (and replaced by format 2 on the next write): the
 * whole file is one record, "TEMUOBJ1" || IV (12) || ciphertext || tag (16),
 * with "TEMUOBJ1" || object id as associated data.
 *
 * No rollback protection: an old copy of a file (or of one slot) opens
 * fine, as with OP-TEE's REE FS without RPMB.
 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/opensslv.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "emul_internal.h"
#include "pta_attestation.h"
#include "pta_system.h"
#include "tee_api_defines.h"

#if OPENSSL_VERSION_NUMBER < 0x30000000L
#error "the emulated TEE needs OpenSSL 3 (Debian: libssl-dev)"
#endif

#define HUK_SIZE 32
#define SHA256_SIZE 32
#define UUID_SIZE 16
#define RSA_BITS 3072
#define PEM_MAX (16 * 1024)
#define IV_SIZE 12
#define TAG_SIZE 16
#define MAGIC_SIZE 8
#define GEN_SIZE 8
#define LEN_SIZE 4
/* Of a record: the part that is associated data, then the whole header. */
#define AD_HEADER_SIZE (MAGIC_SIZE + GEN_SIZE + LEN_SIZE)
#define HEADER_SIZE (AD_HEADER_SIZE + IV_SIZE)

static const char huk_file[] = "huk";
static const char key_file[] = "attestation-key.pem";
static const uint8_t obj_magic[MAGIC_SIZE] = { 'T', 'E', 'M', 'U',
						 'O', 'B', 'J', '2' };
static const uint8_t obj_magic_v1[MAGIC_SIZE] = { 'T', 'E', 'M', 'U',
						    'O', 'B', 'J', '1' };
static const char ssk_label[] = "emul-ssk";

static struct {
	int is_open;
	int lock_fd;
	int device_fd;
	int objects_fd;
	uint8_t huk[HUK_SIZE];
	uint8_t tsk[SHA256_SIZE];
	uint8_t uuid[UUID_SIZE];
	uint8_t measurement[TEE_EMUL_MEASUREMENT_SIZE];
	EVP_PKEY *key;
} dev = { 0, -1, -1, -1, { 0 }, { 0 }, { 0 }, { 0 }, NULL };

void emul_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("tee-emul: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

int emul_random(void *buf, size_t len)
{
	uint8_t *p = buf;

	/* getrandom may return fewer bytes than asked (signals, > 32 MiB). */
	while (len) {
		ssize_t n = getrandom(p, len, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			emul_log("getrandom: %s", strerror(errno));
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Reads the whole of fd (a regular file of at most max bytes). */
static int read_fd(int fd, size_t max, uint8_t **data, size_t *len)
{
	struct stat st;
	uint8_t *buf;
	size_t size, got = 0;

	*data = NULL;
	*len = 0;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	if ((uintmax_t)st.st_size > max)
		return -EFBIG;
	size = (size_t)st.st_size;
	buf = malloc(size ? size : 1);
	if (!buf)
		return -ENOMEM;
	while (got < size) {
		ssize_t n = pread(fd, buf + got, size - got, (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = -errno;

			free(buf);
			return err;
		}
		if (n == 0)
			break; /* shrank meanwhile: what we got is the file */
		got += (size_t)n;
	}
	*data = buf;
	*len = got;
	return 0;
}

static int open_read(int dirfd, const char *name, int flags, size_t max,
		     uint8_t **data, size_t *len)
{
	int fd, err;

	*data = NULL;
	*len = 0;
	fd = openat(dirfd, name, flags | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	err = read_fd(fd, max, data, len);
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

int emul_read_file(int dirfd, const char *name, size_t max, uint8_t **data,
		   size_t *len)
{
	int fd = open_read(dirfd, name, O_RDONLY, max, data, len);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

int emul_open_read(int dirfd, const char *name, size_t max, uint8_t **data,
		   size_t *len)
{
	return open_read(dirfd, name, O_RDWR, max, data, len);
}

static int write_all(int fd, const uint8_t *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int pwrite_all(int fd, const uint8_t *p, size_t len, uint64_t off)
{
	while (len) {
		ssize_t n = pwrite(fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

static TEE_Result storage_error(int err)
{
	return (err == ENOSPC || err == EDQUOT) ? TEE_ERROR_STORAGE_NO_SPACE :
						 TEE_ERROR_STORAGE_NOT_AVAILABLE;
}

TEE_Result emul_write_slot(int fd, const char *name, uint64_t off,
			   const void *data, size_t len,
			   enum tee_emul_fault fault)
{
	int err;

	if (pwrite_all(fd, data, fault == TEE_EMUL_FAULT_TORN_SLOT ?
					 len / 2 : len, off) < 0)
		goto fail;
	/* The power went out mid-write, or before the flush. */
	if (fault == TEE_EMUL_FAULT_TORN_SLOT ||
	    fault == TEE_EMUL_FAULT_BEFORE_SYNC)
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	/*
	 * fdatasync, not fsync: the range lies in blocks the file already
	 * has and the size does not change, so only data is flushed (no
	 * journal commit for the mtime). Where blocks do move (copy-on-write
	 * file systems), fdatasync still flushes what a read needs.
	 */
	while (fdatasync(fd) < 0) {
		if (errno != EINTR)
			goto fail;
	}
	return TEE_SUCCESS;
fail:
	err = errno;
	emul_log("writing %s in place: %s", name, strerror(err));
	return storage_error(err);
}

TEE_Result emul_write_atomic(int dirfd, const char *name, const void *data,
			     size_t len, enum tee_emul_fault fault)
{
	char tmp[256];
	int fd, err;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", name) >= (int)sizeof(tmp))
		return TEE_ERROR_BAD_PARAMETERS;

	/* O_TRUNC: a temp file left by a crash is simply reused. */
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
		    O_NOFOLLOW, 0600);
	if (fd < 0)
		goto fail;
	if (fchmod(fd, 0600) < 0 ||
	    write_all(fd, data, fault == TEE_EMUL_FAULT_TORN_TEMP ?
				  len / 2 : len) < 0)
		goto fail_fd;
	if (fault == TEE_EMUL_FAULT_TORN_TEMP) {
		close(fd); /* the power went out mid-write */
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	if (fsync(fd) < 0)
		goto fail_fd;
	if (close(fd) < 0)
		goto fail;
	if (fault == TEE_EMUL_FAULT_BEFORE_RENAME)
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	/*
	 * rename(2) replaces name atomically: a crash leaves the old file or
	 * the new one. fsync of the directory makes the rename durable before
	 * we report success (the TA may let a signature out right after).
	 */
	if (renameat(dirfd, tmp, dirfd, name) < 0)
		goto fail;
	if (fsync(dirfd) < 0) {
		err = errno;
		emul_log("fsync of the directory of %s: %s", name,
			 strerror(err));
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	return TEE_SUCCESS;

fail_fd:
	err = errno;
	close(fd);
	errno = err;
fail:
	err = errno;
	unlinkat(dirfd, tmp, 0);
	emul_log("writing %s: %s", name, strerror(err));
	return storage_error(err);
}

/* mkdir -p, each new directory 0700. */
static int make_dirs(const char *path)
{
	size_t len = strlen(path);
	char *p, *copy = malloc(len + 1);
	int ok = 1;

	if (!copy)
		return -1;
	memcpy(copy, path, len + 1);
	for (p = copy + 1; ok && *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		ok = mkdir(copy, 0700) == 0 || errno == EEXIST;
		*p = '/';
	}
	if (ok)
		ok = mkdir(copy, 0700) == 0 || errno == EEXIST;
	free(copy);
	return ok ? 0 : -1;
}

static int open_subdir(int at, const char *name)
{
	if (mkdirat(at, name, 0700) < 0 && errno != EEXIST)
		return -1;
	return openat(at, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

static TEE_Result load_or_create_huk(void)
{
	uint8_t *buf;
	size_t len;
	int err = emul_read_file(dev.device_fd, huk_file, 2 * HUK_SIZE, &buf,
				 &len);

	if (!err) {
		if (len == HUK_SIZE)
			memcpy(dev.huk, buf, HUK_SIZE);
		OPENSSL_cleanse(buf, len);
		free(buf);
		if (len == HUK_SIZE)
			return TEE_SUCCESS;
		emul_log("device/%s: %zu bytes, expected %d", huk_file, len,
			 HUK_SIZE);
		return TEE_ERROR_CORRUPT_OBJECT;
	}
	if (err != -ENOENT) {
		emul_log("device/%s: %s", huk_file, strerror(-err));
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	if (emul_random(dev.huk, HUK_SIZE) < 0)
		return TEE_ERROR_GENERIC;
	emul_log("new device: created device/%s", huk_file);
	return emul_write_atomic(dev.device_fd, huk_file, dev.huk, HUK_SIZE,
				 TEE_EMUL_FAULT_NONE);
}

static TEE_Result save_key(void)
{
	BIO *bio = BIO_new(BIO_s_mem());
	TEE_Result res = TEE_ERROR_GENERIC;
	char *pem = NULL;
	long len;

	if (bio && PEM_write_bio_PrivateKey(bio, dev.key, NULL, NULL, 0, NULL,
					    NULL) > 0) {
		len = BIO_get_mem_data(bio, &pem);
		if (len > 0)
			res = emul_write_atomic(dev.device_fd, key_file, pem,
						(size_t)len,
						TEE_EMUL_FAULT_NONE);
		OPENSSL_cleanse(pem, (size_t)len);
	}
	BIO_free(bio);
	return res;
}

static TEE_Result load_or_create_key(void)
{
	uint8_t *buf;
	size_t len;
	BIO *bio;
	int err = emul_read_file(dev.device_fd, key_file, PEM_MAX, &buf, &len);

	if (err == -ENOENT) {
		/* As OP-TEE's PTA: RSA-3072, e = 65537, made on the device. */
		dev.key = EVP_RSA_gen(RSA_BITS);
		if (!dev.key) {
			emul_log("RSA key generation failed");
			return TEE_ERROR_GENERIC;
		}
		emul_log("new device: created device/%s", key_file);
		return save_key();
	}
	if (err) {
		emul_log("device/%s: %s", key_file, strerror(-err));
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	bio = BIO_new_mem_buf(buf, (int)len);
	if (bio)
		dev.key = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	BIO_free(bio);
	OPENSSL_cleanse(buf, len);
	free(buf);
	if (!dev.key || !EVP_PKEY_is_a(dev.key, "RSA") ||
	    EVP_PKEY_get_bits(dev.key) != RSA_BITS) {
		emul_log("device/%s: not an RSA-%d private key", key_file,
			 RSA_BITS);
		return TEE_ERROR_CORRUPT_OBJECT;
	}
	return TEE_SUCCESS;
}

static void uuid_to_bytes(const TEE_UUID *u, uint8_t out[UUID_SIZE])
{
	out[0] = (uint8_t)(u->timeLow >> 24);
	out[1] = (uint8_t)(u->timeLow >> 16);
	out[2] = (uint8_t)(u->timeLow >> 8);
	out[3] = (uint8_t)u->timeLow;
	out[4] = (uint8_t)(u->timeMid >> 8);
	out[5] = (uint8_t)u->timeMid;
	out[6] = (uint8_t)(u->timeHiAndVersion >> 8);
	out[7] = (uint8_t)u->timeHiAndVersion;
	memcpy(out + 8, u->clockSeqAndNode, 8);
}

static int hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *msg,
		       size_t msg_len, uint8_t out[SHA256_SIZE])
{
	unsigned int out_len = 0;

	return HMAC(EVP_sha256(), key, (int)key_len, msg, msg_len, out,
		    &out_len) && out_len == SHA256_SIZE ? 0 : -1;
}

TEE_Result emul_device_open(const char *data_dir, const TEE_UUID *ta_uuid,
			    const uint8_t measurement[TEE_EMUL_MEASUREMENT_SIZE])
{
	uint8_t ssk[SHA256_SIZE];
	TEE_Result res;
	int dir_fd = -1;

	if (dev.is_open)
		return TEE_ERROR_BAD_STATE;
	if (make_dirs(data_dir) < 0 ||
	    (dir_fd = open(data_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		emul_log("data dir %s: %s", data_dir, strerror(errno));
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	/*
	 * One process per device, as one TEE per board: two ta-hosts on one
	 * data dir would each cache objects and overwrite the other's.
	 */
	dev.lock_fd = openat(dir_fd, "lock", O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (dev.lock_fd < 0 || flock(dev.lock_fd, LOCK_EX | LOCK_NB) < 0) {
		res = errno == EWOULDBLOCK ? TEE_ERROR_BUSY :
					     TEE_ERROR_STORAGE_NOT_AVAILABLE;
		emul_log("data dir %s: %s", data_dir,
			 res == TEE_ERROR_BUSY ? "in use by another process" :
						 strerror(errno));
		goto err;
	}
	dev.device_fd = open_subdir(dir_fd, "device");
	dev.objects_fd = open_subdir(dir_fd, "objects");
	if (dev.device_fd < 0 || dev.objects_fd < 0) {
		emul_log("data dir %s: %s", data_dir, strerror(errno));
		res = TEE_ERROR_STORAGE_NOT_AVAILABLE;
		goto err;
	}
	res = load_or_create_huk();
	if (!res)
		res = load_or_create_key();
	if (res)
		goto err;

	uuid_to_bytes(ta_uuid, dev.uuid);
	memcpy(dev.measurement, measurement, TEE_EMUL_MEASUREMENT_SIZE);
	if (hmac_sha256(dev.huk, HUK_SIZE, (const uint8_t *)ssk_label,
			sizeof(ssk_label) - 1, ssk) < 0 ||
	    hmac_sha256(ssk, sizeof(ssk), dev.uuid, UUID_SIZE, dev.tsk) < 0) {
		res = TEE_ERROR_GENERIC;
		goto err;
	}
	OPENSSL_cleanse(ssk, sizeof(ssk));
	close(dir_fd);
	dev.is_open = 1;
	return TEE_SUCCESS;
err:
	OPENSSL_cleanse(ssk, sizeof(ssk));
	close(dir_fd);
	dev.is_open = 1;
	emul_device_close();
	return res;
}

void emul_device_close(void)
{
	if (!dev.is_open)
		return;
	OPENSSL_cleanse(dev.huk, sizeof(dev.huk));
	OPENSSL_cleanse(dev.tsk, sizeof(dev.tsk));
	EVP_PKEY_free(dev.key);
	dev.key = NULL;
	if (dev.objects_fd >= 0)
		close(dev.objects_fd);
	if (dev.device_fd >= 0)
		close(dev.device_fd);
	if (dev.lock_fd >= 0)
		close(dev.lock_fd); /* releases the flock */
	dev.objects_fd = dev.device_fd = dev.lock_fd = -1;
	dev.is_open = 0;
}

int emul_device_objects_dirfd(void)
{
	return dev.objects_fd;
}

int tee_emul_measure_file(const char *path,
			  uint8_t out[TEE_EMUL_MEASUREMENT_SIZE])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	uint8_t buf[16384];
	int fd = open(path, O_RDONLY | O_CLOEXEC), ok = fd >= 0 && ctx;
	ssize_t n;

	ok = ok && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	while (ok && (n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		ok = n > 0 && EVP_DigestUpdate(ctx, buf, (size_t)n);
	}
	ok = ok && EVP_DigestFinal_ex(ctx, out, NULL);
	if (!ok)
		emul_log("measuring %s: %s", path,
			 fd < 0 ? strerror(errno) : "read or digest failed");
	if (fd >= 0)
		close(fd);
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -1;
}

/*
 * AES-256-GCM over an object, both directions, with ad || id as the
 * associated data; 1 when it worked (and, decrypting, the tag matched).
 */
static int gcm(int enc, const uint8_t iv[IV_SIZE], const uint8_t *ad,
	       size_t ad_len, const void *id, size_t id_len, const uint8_t *in,
	       size_t len, uint8_t *out, uint8_t tag[TAG_SIZE])
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n, ok;

	ok = ctx && EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), NULL, dev.tsk,
				      iv, enc) &&
	     EVP_CipherUpdate(ctx, NULL, &n, ad, (int)ad_len) &&
	     EVP_CipherUpdate(ctx, NULL, &n, id, (int)id_len) &&
	     (!len || EVP_CipherUpdate(ctx, out, &n, in, (int)len));
	if (ok && !enc)
		ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, TAG_SIZE,
					 tag);
	ok = ok && EVP_CipherFinal_ex(ctx, out + len, &n);
	if (ok && enc)
		ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, TAG_SIZE,
					 tag);
	EVP_CIPHER_CTX_free(ctx);
	return ok;
}

/* The header and tag are what emul_internal.h says they cost. */
typedef char record_overhead_check[EMUL_RECORD_OVERHEAD ==
					   HEADER_SIZE + TAG_SIZE ? 1 : -1];

static void put_le(uint8_t *p, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

TEE_Result emul_seal(const void *id, size_t id_len, uint64_t gen,
		     const void *data, size_t len, uint8_t *out)
{
	if (len > EMUL_OBJECT_MAX)
		return TEE_ERROR_STORAGE_NO_SPACE;
	memcpy(out, obj_magic, MAGIC_SIZE);
	put_le(out + MAGIC_SIZE, gen, GEN_SIZE);
	put_le(out + MAGIC_SIZE + GEN_SIZE, len, LEN_SIZE);
	if (emul_random(out + AD_HEADER_SIZE, IV_SIZE) < 0 ||
	    !gcm(1, out + AD_HEADER_SIZE, out, AD_HEADER_SIZE, id, id_len,
		 data, len, out + HEADER_SIZE, out + HEADER_SIZE + len))
		return TEE_ERROR_GENERIC;
	return TEE_SUCCESS;
}

/* Decrypts n bytes at ct; the plaintext only if the tag matched. */
static TEE_Result open_record(const uint8_t *iv, const uint8_t *ad,
			      size_t ad_len, const void *id, size_t id_len,
			      const uint8_t *ct, size_t n, uint8_t **data,
			      size_t *len)
{
	uint8_t tag[TAG_SIZE];
	uint8_t *buf = malloc(n ? n : 1);
	int ok;

	if (!buf)
		return TEE_ERROR_OUT_OF_MEMORY;
	memcpy(tag, ct + n, TAG_SIZE);
	ok = gcm(0, iv, ad, ad_len, id, id_len, ct, n, buf, tag);
	if (!ok || !data) {
		/* Never hand out plaintext that failed authentication. */
		OPENSSL_cleanse(buf, n);
		free(buf);
		return ok ? TEE_SUCCESS : TEE_ERROR_CORRUPT_OBJECT;
	}
	*data = buf;
	*len = n;
	return TEE_SUCCESS;
}

TEE_Result emul_unseal(const void *id, size_t id_len, const uint8_t *in,
		       size_t in_len, uint64_t *gen, uint8_t **data,
		       size_t *len)
{
	uint64_t n;
	TEE_Result res;

	if (in_len < HEADER_SIZE + TAG_SIZE ||
	    memcmp(in, obj_magic, MAGIC_SIZE))
		return TEE_ERROR_CORRUPT_OBJECT;
	/* The length is authenticated too; until then it only must fit. */
	n = get_le(in + MAGIC_SIZE + GEN_SIZE, LEN_SIZE);
	if (n > EMUL_OBJECT_MAX || n > in_len - HEADER_SIZE - TAG_SIZE)
		return TEE_ERROR_CORRUPT_OBJECT;
	res = open_record(in + AD_HEADER_SIZE, in, AD_HEADER_SIZE, id, id_len,
			  in + HEADER_SIZE, (size_t)n, data, len);
	if (!res)
		*gen = get_le(in + MAGIC_SIZE, GEN_SIZE);
	return res;
}

int emul_is_v1(const uint8_t *in, size_t in_len)
{
	return in_len >= MAGIC_SIZE && !memcmp(in, obj_magic_v1, MAGIC_SIZE);
}

TEE_Result emul_unseal_v1(const void *id, size_t id_len, const uint8_t *in,
			  size_t in_len, uint8_t **data, size_t *len)
{
	if (in_len < MAGIC_SIZE + IV_SIZE + TAG_SIZE ||
	    in_len - (MAGIC_SIZE + IV_SIZE + TAG_SIZE) > EMUL_OBJECT_MAX ||
	    !emul_is_v1(in, in_len))
		return TEE_ERROR_CORRUPT_OBJECT;
	return open_record(in + MAGIC_SIZE, obj_magic_v1, MAGIC_SIZE, id,
			   id_len, in + MAGIC_SIZE + IV_SIZE,
			   in_len - (MAGIC_SIZE + IV_SIZE + TAG_SIZE), data,
			   len);
}

/* A memref the PTA may touch: a NULL buffer only with size 0. */
static int memref_ok(const TEE_Param *p)
{
	return p->memref.buffer || !p->memref.size;
}

static TEE_Result derive_ta_unique_key(uint32_t types, TEE_Param p[])
{
	uint8_t msg[UUID_SIZE + TA_DERIVED_EXTRA_DATA_MAX_SIZE];
	uint8_t mac[SHA256_SIZE];
	size_t extra = p[0].memref.size;

	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT,
				     TEE_PARAM_TYPE_MEMREF_OUTPUT,
				     TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	if (extra > TA_DERIVED_EXTRA_DATA_MAX_SIZE ||
	    p[1].memref.size < TA_DERIVED_KEY_MIN_SIZE ||
	    p[1].memref.size > TA_DERIVED_KEY_MAX_SIZE || !memref_ok(&p[0]) ||
	    !p[1].memref.buffer)
		return TEE_ERROR_BAD_PARAMETERS;

	memcpy(msg, dev.uuid, UUID_SIZE);
	if (extra)
		memcpy(msg + UUID_SIZE, p[0].memref.buffer, extra);
	if (hmac_sha256(dev.huk, HUK_SIZE, msg, UUID_SIZE + extra, mac) < 0)
		return TEE_ERROR_GENERIC;
	memcpy(p[1].memref.buffer, mac, p[1].memref.size);
	OPENSSL_cleanse(mac, sizeof(mac));
	OPENSSL_cleanse(msg, sizeof(msg));
	return TEE_SUCCESS;
}

TEE_Result emul_pta_system(uint32_t cmd, uint32_t param_types,
			   TEE_Param params[TEE_NUM_PARAMS])
{
	if (cmd == PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY)
		return derive_ta_unique_key(param_types, params);
	return TEE_ERROR_NOT_IMPLEMENTED;
}

/* Writes bn big endian into p if it fits; always sets the size needed. */
static TEE_Result put_bignum(const BIGNUM *bn, TEE_Param *p)
{
	size_t need = (size_t)BN_num_bytes(bn);
	TEE_Result res = TEE_SUCCESS;

	if (p->memref.size >= need)
		BN_bn2bin(bn, p->memref.buffer);
	else
		res = TEE_ERROR_SHORT_BUFFER;
	p->memref.size = need;
	return res;
}

static TEE_Result get_pubkey(uint32_t types, TEE_Param p[])
{
	BIGNUM *e = NULL, *n = NULL;
	TEE_Result res = TEE_ERROR_GENERIC, res2;

	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_OUTPUT,
				     TEE_PARAM_TYPE_MEMREF_OUTPUT,
				     TEE_PARAM_TYPE_VALUE_OUTPUT,
				     TEE_PARAM_TYPE_NONE) ||
	    !memref_ok(&p[0]) || !memref_ok(&p[1]))
		return TEE_ERROR_BAD_PARAMETERS;
	if (EVP_PKEY_get_bn_param(dev.key, OSSL_PKEY_PARAM_RSA_E, &e) &&
	    EVP_PKEY_get_bn_param(dev.key, OSSL_PKEY_PARAM_RSA_N, &n)) {
		/* Like OP-TEE: both sizes are reported even if one is short. */
		res = put_bignum(e, &p[0]);
		res2 = put_bignum(n, &p[1]);
		if (!res)
			res = res2;
		p[2].value.a = TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256;
		p[2].value.b = 0;
	}
	BN_free(e);
	BN_free(n);
	return res;
}

/* RSASSA-PSS, MGF1-SHA256, salt length 32: the attestation PTA's scheme. */
static int sign_pss(const uint8_t digest[SHA256_SIZE], uint8_t *sig,
		    size_t sig_len)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(dev.key, NULL);
	size_t len = sig_len;
	int ok;

	ok = ctx && EVP_PKEY_sign_init(ctx) > 0 &&
	     EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) > 0 &&
	     EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) > 0 &&
	     EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256()) > 0 &&
	     EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, SHA256_SIZE) > 0 &&
	     EVP_PKEY_sign(ctx, sig, &len, digest, SHA256_SIZE) > 0 &&
	     len == sig_len;
	EVP_PKEY_CTX_free(ctx);
	return ok;
}

static TEE_Result hash_ta_memory(uint32_t types, TEE_Param p[])
{
	size_t sig_len = (size_t)EVP_PKEY_get_size(dev.key);
	size_t need = SHA256_SIZE + sig_len;
	uint8_t *out = p[1].memref.buffer;
	uint8_t digest[SHA256_SIZE];
	EVP_MD_CTX *ctx;
	int ok;

	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT,
				     TEE_PARAM_TYPE_MEMREF_OUTPUT,
				     TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE) ||
	    !p[0].memref.buffer || !p[0].memref.size || !memref_ok(&p[1]))
		return TEE_ERROR_BAD_PARAMETERS;
	if (p[1].memref.size < need) {
		p[1].memref.size = need;
		return TEE_ERROR_SHORT_BUFFER;
	}
	p[1].memref.size = need;

	/* out = hash || sig(SHA-256(nonce || hash)) */
	memcpy(out, dev.measurement, SHA256_SIZE);
	ctx = EVP_MD_CTX_new();
	ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) &&
	     EVP_DigestUpdate(ctx, p[0].memref.buffer, p[0].memref.size) &&
	     EVP_DigestUpdate(ctx, dev.measurement, SHA256_SIZE) &&
	     EVP_DigestFinal_ex(ctx, digest, NULL) &&
	     sign_pss(digest, out + SHA256_SIZE, sig_len);
	EVP_MD_CTX_free(ctx);
	return ok ? TEE_SUCCESS : TEE_ERROR_GENERIC;
}

TEE_Result emul_pta_attestation(uint32_t cmd, uint32_t param_types,
				TEE_Param params[TEE_NUM_PARAMS])
{
	switch (cmd) {
	case PTA_ATTESTATION_GET_PUBKEY:
		return get_pubkey(param_types, params);
	case PTA_ATTESTATION_HASH_TA_MEMORY:
		return hash_ta_memory(param_types, params);
	default:
		return TEE_ERROR_NOT_IMPLEMENTED;
	}
}
