/* SPDX-License-Identifier: Apache-2.0 */
/*
 * host_tests: the emulated TEE in process (test_emul.c), then ta-host end
 * to end over its socket (test_ta_host.c), and the helpers they share
 * (util.c: a scratch directory, child processes, a protocol client).
 */
#ifndef TRIAD_HOST_TESTS_H
#define TRIAD_HOST_TESTS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "harness.h"
#include "tee_api_types.h"

#define TEST_LIST(X)                            \
	X(emul_malloc_hints)                    \
	X(emul_mem_functions)                   \
	X(emul_random_and_time)                 \
	X(emul_object_roundtrip)                \
	X(emul_object_create_and_share_flags)   \
	X(emul_object_file_format)              \
	X(emul_object_overwrite_in_place)       \
	X(emul_object_torn_slot)                \
	X(emul_object_crash_before_sync)        \
	X(emul_object_resize_is_atomic)         \
	X(emul_object_create_is_atomic)         \
	X(emul_object_tampered_is_corrupt)      \
	X(emul_object_newest_valid_slot_wins)   \
	X(emul_object_generation_is_authenticated) \
	X(emul_object_old_copy_loads)           \
	X(emul_object_format_1_still_opens)     \
	X(emul_object_other_ta_cannot_open)     \
	X(emul_derive_key)                      \
	X(emul_attestation)                     \
	X(emul_two_devices_differ)              \
	X(emul_misuse_panics)                   \
	X(tahost_ready_socket_and_usage)        \
	X(tahost_param_types)                   \
	X(tahost_short_buffer)                  \
	X(tahost_restart_keeps_objects_and_keys) \
	X(tahost_attestation_and_measurement)   \
	X(tahost_sessions_follow_connections)   \
	X(tahost_malformed_frames)              \
	X(tahost_slow_reader_does_not_block)    \
	X(tahost_panic_ends_instance)           \
	X(tahost_one_instance_per_device)       \
	X(tahost_real_ta_starts)

#define TEST_PROTO(name) TEST(name);
TEST_LIST(TEST_PROTO)

/* ---- scratch files (one directory per run, removed at exit) ---------- */

/* <run dir>/<name>, created on first use (mkdtemp under $TMPDIR). */
const char *scratch(const char *name);
int read_whole(const char *path, uint8_t **data, size_t *len);
int write_whole(const char *path, const void *data, size_t len);
int copy_file(const char *from, const char *to);
int path_mode(const char *path); /* st_mode, or -1 */
/* The executable `name` beside this test program (same arch). */
const char *sibling(const char *name);

/* ---- OpenSSL checks --------------------------------------------------- */

void sha256(const void *data, size_t len, uint8_t out[32]);
void hmac_sha256(const uint8_t *key, size_t key_len, const void *msg,
		 size_t len, uint8_t out[32]);
/* AES-256-GCM with a 12-byte IV and a 16-byte tag; 0, or -1. */
int aes256gcm_encrypt(const uint8_t key[32], const uint8_t iv[12],
		      const void *ad, size_t ad_len, const void *in,
		      size_t len, uint8_t *out, uint8_t tag[16]);
/* 1 if out = hash (32) || RSASSA-PSS(SHA-256, MGF1-SHA256, salt 32) over
 * SHA-256(nonce || hash) under the public key (n, e). */
int attestation_verifies(const uint8_t *n, size_t n_len, const uint8_t *e,
			 size_t e_len, const uint8_t *nonce, size_t nonce_len,
			 const uint8_t *out, size_t out_len);

/* ---- ta-host processes ------------------------------------------------- */

struct tahost {
	pid_t pid;
	int out_fd; /* its stdout */
	char log[512]; /* its stderr */
};

/* Starts bin and waits for "ready"; 0, or -1 (exited or timed out, with
 * the exit status in *status if not NULL). extra: NULL-terminated args. */
int tahost_start(struct tahost *t, const char *bin, const char *data_dir,
		 const char *socket_path, const char *const *extra,
		 int *status);
/* Waits up to timeout_ms for it to exit: its wait status, or -1. */
int tahost_wait(struct tahost *t, int timeout_ms);
/* SIGTERM, then tahost_wait; its log goes to stderr if the exit status is
 * not want_status. Returns the wait status. */
int tahost_stop(struct tahost *t, int want_status);

/* Runs argv to completion, its stdout into out (NUL-terminated): the wait
 * status, or -1. */
int run_capture(const char *const *argv, char *out, size_t cap);
/* A second data dir holding the same device secrets (HUK, key): the same
 * board, so no new RSA key to generate. */
int clone_device(const char *from, const char *to);

/* ---- protocol client (host/PROTOCOL.md) -------------------------------- */

int client_connect(const char *socket_path);
int client_send(int fd, const void *body, size_t len);
/* The next frame's body into a malloc'd buffer; -1 on EOF or timeout. */
int client_recv(int fd, uint8_t **body, size_t *len);
/* 1 if the server closed the connection (EOF) within the timeout. */
int client_closed(int fd);

struct tparam {
	uint32_t type;
	uint32_t a, b;     /* values, in and out */
	const void *in;    /* MEMREF_INPUT/INOUT bytes */
	uint32_t size;     /* memref: input size or capacity; after: size */
	uint8_t *out;      /* memref output bytes land here */
	uint32_t out_len;  /* how many did */
};

#define PROTO_ERROR 0xDEAD0000u /* the answer broke the protocol */

TEE_Result client_open(int fd, uint32_t *session, uint32_t *origin);
TEE_Result client_invoke(int fd, uint32_t session, uint32_t cmd,
			 struct tparam p[4], uint32_t *origin);
TEE_Result client_close(int fd, uint32_t session, uint32_t *origin);

#endif /* TRIAD_HOST_TESTS_H */
