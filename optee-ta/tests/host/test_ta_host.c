// SPDX-License-Identifier: Apache-2.0
/*
 * ta-host end to end: the ta-host-echo binary built for this arch (beside
 * this program), started as a child process on a scratch device and driven
 * over its socket with the client in util.c. One device ("e2e") serves all
 * tests, so its RSA key is made once; each test starts and stops its own
 * ta-host and checks that SIGTERM ends it with status 0.
 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "echo_ta.h"
#include "host_tests.h"
#include "tee_api_defines.h"

#define IN TEE_PARAM_TYPE_MEMREF_INPUT
#define OUT TEE_PARAM_TYPE_MEMREF_OUTPUT
#define INOUT TEE_PARAM_TYPE_MEMREF_INOUT
#define VIN TEE_PARAM_TYPE_VALUE_INPUT
#define VOUT TEE_PARAM_TYPE_VALUE_OUTPUT
#define VINOUT TEE_PARAM_TYPE_VALUE_INOUT

#define EXITED_WITH(st, code) \
	((st) != -1 && WIFEXITED(st) && WEXITSTATUS(st) == (code))

static char dir[512], sock[512];

static const char *echo_bin(void)
{
	static char path[1024];

	snprintf(path, sizeof(path), "%s", sibling("ta-host-echo"));
	return path;
}

/* Starts ta-host-echo on the e2e device; 0 when it is ready. */
static int up(struct tahost *t, const char *const *extra)
{
	int rc;

	snprintf(dir, sizeof(dir), "%s", scratch("e2e"));
	snprintf(sock, sizeof(sock), "%s", scratch("e2e.sock"));
	rc = tahost_start(t, echo_bin(), dir, sock, extra, NULL);
	CHECK_EQ(rc, 0);
	return rc;
}

static void down(struct tahost *t)
{
	int st = tahost_stop(t, 0);

	CHECK(EXITED_WITH(st, 0));
	CHECK_EQ(path_mode(sock), -1); /* removed on the way out */
}

static int connect_open(uint32_t *sid)
{
	uint32_t origin = 0;
	int fd = client_connect(sock);

	CHECK(fd >= 0);
	if (fd < 0)
		return -1;
	CHECK_EQ(client_open(fd, sid, &origin), TEE_SUCCESS);
	CHECK(*sid != 0 && origin == TEE_ORIGIN_TRUSTED_APP);
	return fd;
}

static void set(struct tparam *p, uint32_t type, const void *in, uint32_t size,
		void *out)
{
	memset(p, 0, sizeof(*p));
	p->type = type;
	p->in = in;
	p->size = size;
	p->out = out;
}

static void none(struct tparam p[4])
{
	memset(p, 0, 4 * sizeof(*p));
}

/* STATS over a session of its own: b = open sessions (incl. this one). */
static uint32_t open_sessions(uint32_t *creates)
{
	struct tparam p[4];
	uint32_t sid = 0;
	int fd = connect_open(&sid);

	none(p);
	p[0].type = VOUT;
	if (fd < 0 || client_invoke(fd, sid, ECHO_CMD_STATS, p, NULL))
		p[0].b = 0xFFFFFFFF;
	if (creates)
		*creates = p[0].a;
	if (fd >= 0)
		close(fd);
	return p[0].b;
}

/* The server drops connections asynchronously: wait for the count. */
static int sessions_settle_at(uint32_t want)
{
	struct timespec ms10 = { 0, 10000000 };
	int i;

	for (i = 0; i < 200; i++) {
		if (open_sessions(NULL) == want)
			return 1;
		nanosleep(&ms10, NULL);
	}
	return 0;
}

static int alive(void)
{
	uint32_t creates = 0, n = open_sessions(&creates);

	return n != 0xFFFFFFFF && creates == 1;
}

TEST(tahost_ready_socket_and_usage)
{
	struct tahost t;
	char out[256], hex[65];
	const char *no_args[] = { echo_bin(), NULL };
	const char *print[] = { echo_bin(), "--print-measurement", NULL, NULL,
				NULL };
	uint8_t *bin = NULL, m[32];
	size_t len = 0;
	int i, mode;

	const char *group[] = { "--group-socket", NULL };

	if (up(&t, NULL))
		return;
	mode = path_mode(sock);
	CHECK(mode >= 0 && S_ISSOCK(mode) && (mode & 0777) == 0600);
	down(&t);
	/* --group-socket: the group may connect too (a peer under another
	 * user of the group), nobody else. */
	if (up(&t, group))
		return;
	mode = path_mode(sock);
	CHECK(mode >= 0 && S_ISSOCK(mode) && (mode & 0777) == 0660);
	down(&t);

	CHECK(EXITED_WITH(run_capture(no_args, out, sizeof(out)), 2));

	/* Default measurement: SHA-256 of the executable itself. */
	CHECK(EXITED_WITH(run_capture(print, out, sizeof(out)), 0));
	CHECK_EQ(read_whole(echo_bin(), &bin, &len), 0);
	sha256(bin, len, m);
	free(bin);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", m[i]);
	CHECK(!strncmp(out, hex, 64) && out[64] == '\n');

	CHECK_EQ(write_whole(scratch("build-2"), "TA build 2", 10), 0);
	print[2] = "--measurement-file";
	print[3] = scratch("build-2");
	CHECK(EXITED_WITH(run_capture(print, out, sizeof(out)), 0));
	sha256("TA build 2", 10, m);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", m[i]);
	CHECK(!strncmp(out, hex, 64));
}

TEST(tahost_param_types)
{
	static uint8_t big_in[512 * 1024], big_out[512 * 1024];
	struct tahost t;
	struct tparam p[4];
	uint8_t out[64];
	uint32_t sid = 0, origin = 0;
	int fd;

	if (up(&t, NULL))
		return;
	fd = connect_open(&sid);

	none(p);
	set(&p[0], IN, "hello", 5, NULL);
	set(&p[1], OUT, NULL, 16, out);
	CHECK_EQ(client_invoke(fd, sid, ECHO_CMD_ECHO, p, &origin), TEE_SUCCESS);
	CHECK(origin == TEE_ORIGIN_TRUSTED_APP && p[1].size == 5 &&
	      p[1].out_len == 5 && !memcmp(out, "hello", 5));

	none(p);
	p[0].type = VIN, p[0].a = 1, p[0].b = 2;
	p[1].type = VINOUT, p[1].a = 10, p[1].b = 20;
	p[2].type = VOUT;
	CHECK_EQ(client_invoke(fd, sid, ECHO_CMD_ADD, p, NULL), TEE_SUCCESS);
	CHECK(p[2].a == 11 && p[2].b == 22 && p[1].a == 20 && p[1].b == 40);

	none(p);
	set(&p[0], INOUT, "abcdef", 6, out);
	p[1].type = VIN, p[1].a = 4;
	CHECK_EQ(client_invoke(fd, sid, ECHO_CMD_REVERSE, p, NULL), TEE_SUCCESS);
	CHECK(p[0].size == 4 && p[0].out_len == 4 && !memcmp(out, "fedc", 4));
	set(&p[0], INOUT, "abcdef", 6, out);
	p[1].a = 100;
	CHECK_EQ(client_invoke(fd, sid, ECHO_CMD_REVERSE, p, NULL), TEE_SUCCESS);
	CHECK(p[0].size == 6 && !memcmp(out, "fedcba", 6));

	/* Empty memrefs reach the TA as (NULL, 0). */
	none(p);
	set(&p[0], IN, NULL, 0, NULL);
	set(&p[1], OUT, NULL, 0, out);
	CHECK_EQ(client_invoke(fd, sid, ECHO_CMD_ECHO, p, NULL), TEE_SUCCESS);
	CHECK(p[1].size == 0 && p[1].out_len == 0);

	/* Half a MiB each way. */
	memset(big_in, 0x5A, sizeof(big_in));
	big_in[0] = 1, big_in[sizeof(big_in) - 1] = 2;
	set(&p[0], IN, big_in, sizeof(big_in), NULL);
	set(&p[1], OUT, NULL, sizeof(big_out), big_out);
	CHECK_EQ(client_invoke(fd, sid, ECHO_CMD_ECHO, p, NULL), TEE_SUCCESS);
	CHECK(p[1].out_len == sizeof(big_in) &&
	      !memcmp(big_in, big_out, sizeof(big_in)));

	/* The TA's own refusals come with origin TRUSTED_APP. */
	none(p);
	p[0].type = VIN;
	CHECK_EQ(client_invoke(fd, sid, ECHO_CMD_ECHO, p, &origin),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(origin, TEE_ORIGIN_TRUSTED_APP);
	none(p);
	CHECK_EQ(client_invoke(fd, sid, 77, p, &origin),
		 TEE_ERROR_NOT_SUPPORTED);
	CHECK_EQ(origin, TEE_ORIGIN_TRUSTED_APP);

	CHECK_EQ(client_close(fd, sid, &origin), TEE_SUCCESS);
	none(p);
	p[0].type = VOUT, p[0].a = 7;
	CHECK_EQ(client_invoke(fd, sid, ECHO_CMD_STATS, p, &origin),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK(origin == TEE_ORIGIN_TEE && p[0].a == 0);
	CHECK_EQ(client_close(fd, sid, &origin), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(origin, TEE_ORIGIN_TEE);
	close(fd);
	down(&t);
}

TEST(tahost_short_buffer)
{
	struct tahost t;
	struct tparam p[4];
	uint8_t out[512], data[100];
	uint32_t sid = 0;
	int fd;

	if (up(&t, NULL))
		return;
	fd = connect_open(&sid);

	/* No bytes follow a size on SHORT_BUFFER (client_invoke checks the
	 * answer's length to the byte). */
	none(p);
	set(&p[0], IN, "0123456789", 10, NULL);
	set(&p[1], OUT, NULL, 4, out);
	CHECK_EQ(client_invoke(fd, sid, ECHO_CMD_ECHO, p, NULL),
		 TEE_ERROR_SHORT_BUFFER);
	CHECK(p[1].size == 10 && p[1].out_len == 0);
	set(&p[1], OUT, NULL, p[1].size, out);
	CHECK_EQ(client_invoke(fd, sid, ECHO_CMD_ECHO, p, NULL), TEE_SUCCESS);
	CHECK(p[1].out_len == 10 && !memcmp(out, "0123456789", 10));

	memset(data, 0xC3, sizeof(data));
	none(p);
	set(&p[0], IN, "sb", 2, NULL);
	set(&p[1], IN, data, sizeof(data), NULL);
	CHECK_EQ(client_invoke(fd, sid, ECHO_CMD_STORE, p, NULL), TEE_SUCCESS);
	set(&p[1], OUT, NULL, 10, out);
	CHECK_EQ(client_invoke(fd, sid, ECHO_CMD_LOAD, p, NULL),
		 TEE_ERROR_SHORT_BUFFER);
	CHECK_EQ(p[1].size, 100);
	set(&p[1], OUT, NULL, 100, out);
	CHECK_EQ(client_invoke(fd, sid, ECHO_CMD_LOAD, p, NULL), TEE_SUCCESS);
	CHECK(p[1].out_len == 100 && !memcmp(out, data, 100));

	/* Two memrefs, one short: both sizes reported, no bytes at all. */
	none(p);
	set(&p[0], OUT, NULL, 3, out);
	set(&p[1], OUT, NULL, 10, out + 8);
	p[2].type = VOUT;
	CHECK_EQ(client_invoke(fd, sid, ECHO_CMD_GET_PUBKEY, p, NULL),
		 TEE_ERROR_SHORT_BUFFER);
	CHECK(p[0].size == 3 && p[1].size == 384 && p[0].out_len == 0);
	CHECK_EQ(p[2].a, TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256);
	close(fd);
	down(&t);
}

static TEE_Result load(int fd, uint32_t sid, const char *id, uint8_t *out,
		       uint32_t cap, uint32_t *len)
{
	struct tparam p[4];
	TEE_Result res;

	none(p);
	set(&p[0], IN, id, (uint32_t)strlen(id), NULL);
	set(&p[1], OUT, NULL, cap, out);
	res = client_invoke(fd, sid, ECHO_CMD_LOAD, p, NULL);
	*len = p[1].out_len;
	return res;
}

static TEE_Result derive(int fd, uint32_t sid, uint8_t key[32])
{
	struct tparam p[4];

	none(p);
	set(&p[0], IN, "peer key", 8, NULL);
	set(&p[1], OUT, NULL, 32, key);
	return client_invoke(fd, sid, ECHO_CMD_DERIVE_KEY, p, NULL);
}

TEST(tahost_restart_keeps_objects_and_keys)
{
	struct tahost t;
	struct tparam p[4];
	uint8_t out[64], k1[32], k2[32];
	uint32_t sid = 0, len = 0, creates = 0;
	char mark[1024];
	int fd;

	/* The TA leaves a mark when destroyed: start from none. */
	snprintf(mark, sizeof(mark), "%s/objects/", scratch("e2e"));
	for (len = 0; len < strlen(ECHO_DESTROYED_ID); len++)
		snprintf(mark + strlen(mark), 3, "%02x",
			 (unsigned char)ECHO_DESTROYED_ID[len]);
	unlink(mark);

	if (up(&t, NULL))
		return;
	fd = connect_open(&sid);
	CHECK_EQ(load(fd, sid, ECHO_DESTROYED_ID, out, sizeof(out), &len),
		 TEE_ERROR_ITEM_NOT_FOUND);
	none(p);
	set(&p[0], IN, "persist", 7, NULL);
	set(&p[1], IN, "sealed state v1", 15, NULL);
	CHECK_EQ(client_invoke(fd, sid, ECHO_CMD_STORE, p, NULL), TEE_SUCCESS);
	CHECK_EQ(derive(fd, sid, k1), TEE_SUCCESS);
	close(fd);
	down(&t);

	if (up(&t, NULL))
		return;
	fd = connect_open(&sid);
	CHECK_EQ(load(fd, sid, ECHO_DESTROYED_ID, out, sizeof(out), &len),
		 TEE_SUCCESS); /* TA_DestroyEntryPoint ran */
	CHECK(len == 9 && !memcmp(out, "destroyed", 9));
	CHECK_EQ(load(fd, sid, "persist", out, sizeof(out), &len), TEE_SUCCESS);
	CHECK(len == 15 && !memcmp(out, "sealed state v1", 15));
	CHECK_EQ(derive(fd, sid, k2), TEE_SUCCESS);
	CHECK(!memcmp(k1, k2, 32));
	CHECK_EQ(open_sessions(&creates), 2);
	CHECK_EQ(creates, 1);
	/* SIGTERM with a session open: closed, then the TA destroyed. */
	down(&t);
	close(fd);
}

static int attest(int fd, uint32_t sid, const uint8_t *n, size_t n_len,
		  const uint8_t *e, size_t e_len, uint8_t hash[32])
{
	struct tparam p[4];
	uint8_t nonce[32], out[512];
	int ok;

	for (ok = 0; ok < 32; ok++)
		nonce[ok] = (uint8_t)rand();
	none(p);
	set(&p[0], IN, nonce, 32, NULL);
	set(&p[1], OUT, NULL, sizeof(out), out);
	if (client_invoke(fd, sid, ECHO_CMD_ATTEST, p, NULL) ||
	    p[1].out_len != 416)
		return 0;
	memcpy(hash, out, 32);
	ok = attestation_verifies(n, n_len, e, e_len, nonce, 32, out, 416);
	/* The same evidence does not answer another nonce. */
	nonce[0] ^= 1;
	return ok && !attestation_verifies(n, n_len, e, e_len, nonce, 32, out,
					   416);
}

TEST(tahost_attestation_and_measurement)
{
	const char *other[] = { "--measurement-file", NULL, NULL };
	struct tahost t;
	struct tparam p[4];
	uint8_t e[8], n[512], h1[32], h2[32], want[32], *bin = NULL;
	uint32_t sid = 0;
	size_t len = 0;
	int fd;

	if (up(&t, NULL))
		return;
	fd = connect_open(&sid);
	none(p);
	set(&p[0], OUT, NULL, sizeof(e), e);
	set(&p[1], OUT, NULL, sizeof(n), n);
	p[2].type = VOUT;
	CHECK_EQ(client_invoke(fd, sid, ECHO_CMD_GET_PUBKEY, p, NULL),
		 TEE_SUCCESS);
	CHECK(p[0].size == 3 && p[1].size == 384);
	CHECK(attest(fd, sid, n, 384, e, 3, h1));
	CHECK_EQ(read_whole(echo_bin(), &bin, &len), 0);
	sha256(bin, len, want);
	free(bin);
	CHECK(!memcmp(h1, want, 32));
	close(fd);
	down(&t);

	/* Another "build" of the TA on the same device: same key, other
	 * measurement (what enrollment would refuse). */
	CHECK_EQ(write_whole(scratch("unenrolled"), "unenrolled TA", 13), 0);
	other[1] = scratch("unenrolled");
	if (up(&t, other))
		return;
	fd = connect_open(&sid);
	CHECK(attest(fd, sid, n, 384, e, 3, h2));
	sha256("unenrolled TA", 13, want);
	CHECK(!memcmp(h2, want, 32) && memcmp(h1, h2, 32) != 0);
	close(fd);
	down(&t);
}

TEST(tahost_sessions_follow_connections)
{
	struct tahost t;
	struct tparam p[4];
	uint32_t s1 = 0, s2 = 0, s3 = 0, origin = 0, creates = 0;
	int a, b;

	if (up(&t, NULL))
		return;
	a = connect_open(&s1);
	CHECK_EQ(client_open(a, &s2, NULL), TEE_SUCCESS);
	b = connect_open(&s3);
	CHECK(s1 != s2 && s2 != s3 && s1 != s3);
	CHECK_EQ(open_sessions(&creates), 4);
	CHECK_EQ(creates, 1); /* one TA instance for all */

	/* B cannot use or close A's sessions. */
	none(p);
	p[0].type = VOUT;
	CHECK_EQ(client_invoke(b, s1, ECHO_CMD_STATS, p, &origin),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(origin, TEE_ORIGIN_TEE);
	CHECK_EQ(client_close(b, s2, NULL), TEE_ERROR_BAD_PARAMETERS);

	close(a); /* A's two sessions die with it */
	CHECK(sessions_settle_at(2));
	CHECK_EQ(client_invoke(b, s3, ECHO_CMD_STATS, p, NULL), TEE_SUCCESS);
	close(b);
	down(&t);
}

/* Sends raw bytes on a fresh connection. */
static int raw(const void *bytes, size_t len)
{
	int fd = client_connect(sock);

	CHECK(fd >= 0);
	if (fd >= 0 && send(fd, bytes, len, MSG_NOSIGNAL) != (ssize_t)len)
		CHECK(!"send");
	return fd;
}

static void le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* A frame with a body of len bytes: the length header, then body. */
static int frame(const uint8_t *body, size_t len)
{
	uint8_t buf[256];

	le32(buf, (uint32_t)len);
	memcpy(buf + 4, body, len);
	return raw(buf, 4 + len);
}

static void expect_dropped(int fd, const char *what)
{
	int closed = fd >= 0 && client_closed(fd);

	if (!closed)
		fprintf(stderr, "  not dropped: %s\n", what);
	CHECK(closed);
	if (fd >= 0)
		close(fd);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

TEST(tahost_malformed_frames)
{
	static const uint8_t open_extra[] = { 1, 0 };
	static const uint8_t close_short[] = { 3, 1, 0, 0 };
	static const uint8_t unknown_op[] = { 9, 1, 2, 3 };
	static const uint8_t zero_op[] = { 0 };
	/* INVOKE, session 1, command 0, types (MEMREF_INPUT): 100 bytes
	 * announced, 2 sent */
	static const uint8_t short_memref[] = { 2, 1, 0, 0, 0, 0, 0, 0, 0, 5,
						0, 0, 0, 100, 0, 0, 0, 'h', 'i' };
	uint8_t body[64], *answer = NULL;
	size_t len = 0;
	struct tahost t;
	struct tparam p[4];
	uint32_t sid = 0, type, x = 0x9e3779b9u;
	int fd, i;

	if (up(&t, NULL))
		return;

	/* Truncated frame, then the client leaves. */
	le32(body, 20);
	fd = raw(body, 4 + 5);
	close(fd);
	/* ... or stays silent: that stalls nobody else. */
	fd = raw(body, 4 + 5);
	CHECK(alive());
	close(fd);

	/* Lengths: 0, 1 MiB + 1, 4 GiB - 1. */
	le32(body, 0);
	expect_dropped(raw(body, 4), "zero length");
	le32(body, 1024 * 1024 + 1);
	expect_dropped(raw(body, 4), "1 MiB + 1");
	le32(body, 0xFFFFFFFF);
	expect_dropped(raw(body, 4), "4 GiB - 1");

	expect_dropped(frame(open_extra, sizeof(open_extra)), "open + byte");
	expect_dropped(frame(close_short, sizeof(close_short)), "short close");
	expect_dropped(frame(short_memref, sizeof(short_memref)),
		       "memref past the end");

	/* Parameter types that do not exist, and bits above 16. */
	for (type = 0; type < 3; type++) {
		static const uint32_t bad[] = { 4, 8 << 4, 0x10000 };

		memset(body, 0, 13);
		body[0] = 2;
		le32(body + 9, bad[type]);
		expect_dropped(frame(body, 13), "bad parameter type");
	}
	/* A bad type after a memref already copied (leaked once; ASan's
	 * leak check at the SIGTERM exit would now fail the test). */
	memset(body, 0, 20);
	body[0] = 2;
	le32(body + 9, IN | 4 << 4);
	le32(body + 13, 3);
	memcpy(body + 17, "abc", 3);
	expect_dropped(frame(body, 20), "bad type after a memref");
	/* Trailing bytes after the parameters. */
	memset(body, 0, 14);
	body[0] = 2;
	expect_dropped(frame(body, 14), "trailing byte");

	/* An unknown op in an intact frame is answered; the connection
	 * stays usable. */
	fd = frame(unknown_op, sizeof(unknown_op));
	CHECK_EQ(client_recv(fd, &answer, &len), 0);
	CHECK(answer && len == 8 && rd32(answer) == TEE_ERROR_NOT_SUPPORTED &&
	      rd32(answer + 4) == TEE_ORIGIN_COMMS);
	free(answer);
	CHECK_EQ(client_send(fd, zero_op, 1), 0);
	CHECK_EQ(client_recv(fd, &answer, &len), 0);
	CHECK(answer && len == 8 && rd32(answer) == TEE_ERROR_NOT_SUPPORTED);
	free(answer);
	CHECK_EQ(client_open(fd, &sid, NULL), TEE_SUCCESS);

	/* A session id that is not this connection's. */
	none(p);
	p[0].type = VOUT;
	CHECK_EQ(client_invoke(fd, sid + 1000, ECHO_CMD_STATS, p, NULL),
		 TEE_ERROR_BAD_PARAMETERS);
	/* An answer that could not be framed: refused, TA not called. */
	none(p);
	set(&p[0], IN, "x", 1, NULL);
	set(&p[1], OUT, NULL, 1024 * 1024, NULL);
	CHECK_EQ(client_invoke(fd, sid, ECHO_CMD_ECHO, p, &type),
		 TEE_ERROR_EXCESS_DATA);
	CHECK(type == TEE_ORIGIN_COMMS && p[1].size == 0);
	set(&p[1], OUT, NULL, 0xFFFFFFFF, NULL);
	CHECK_EQ(client_invoke(fd, sid, ECHO_CMD_ECHO, p, NULL),
		 TEE_ERROR_EXCESS_DATA);

	/* A connection dropped for a bad frame loses its sessions. */
	CHECK_EQ(client_send(fd, open_extra, sizeof(open_extra)), 0);
	expect_dropped(fd, "open + byte, with a session");
	CHECK(sessions_settle_at(1));

	/* Random well-framed bodies, one per connection (so a random
	 * INVOKE never finds a session, e.g. to run ECHO_CMD_PANIC). */
	for (i = 0; i < 300; i++) {
		size_t n, k;

		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		n = 1 + x % 40;
		for (k = 0; k < n; k++) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			body[k] = (uint8_t)x;
		}
		if (i % 2)
			body[0] = (uint8_t)(1 + i % 3);
		fd = frame(body, n);
		close(fd);
	}
	CHECK(alive());
	CHECK(sessions_settle_at(1));
	down(&t);
}

/* A client that sends and never reads stalls only itself. */
TEST(tahost_slow_reader_does_not_block)
{
	static uint8_t payload[16384];
	uint8_t *req;
	size_t req_len = 13 + 4 + sizeof(payload) + 4, sent_total = 0;
	struct tahost t;
	uint32_t sid = 0;
	int fd, i;

	if (up(&t, NULL))
		return;
	fd = connect_open(&sid);
	req = malloc(4 + req_len);
	CHECK(req != NULL);
	if (!req || fd < 0)
		goto out;
	/* ECHO with a 16 KiB input and a 16 KiB output, framed. */
	le32(req, (uint32_t)req_len);
	req[4] = 2;
	le32(req + 5, sid);
	le32(req + 9, ECHO_CMD_ECHO);
	le32(req + 13, IN | OUT << 4);
	le32(req + 17, sizeof(payload));
	memcpy(req + 21, payload, sizeof(payload));
	le32(req + 21 + sizeof(payload), sizeof(payload));
	for (i = 0; i < 400; i++) {
		ssize_t n = send(fd, req, 4 + req_len,
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0)
			break; /* both socket buffers full */
		sent_total += (size_t)n;
		if ((size_t)n < 4 + req_len)
			break;
	}
	CHECK(sent_total > 4 * req_len);
	CHECK(alive());
	close(fd);
	CHECK(sessions_settle_at(1));
out:
	free(req);
	down(&t);
}

TEST(tahost_panic_ends_instance)
{
	struct tahost t;
	struct tparam p[4];
	uint32_t sid = 0, creates = 0;
	int fd, st;

	if (up(&t, NULL))
		return;
	fd = connect_open(&sid);
	none(p);
	CHECK_EQ(client_invoke(fd, sid, ECHO_CMD_PANIC, p, NULL), PROTO_ERROR);
	close(fd);
	st = tahost_wait(&t, 5000);
	CHECK(EXITED_WITH(st, 3)); /* TEE_EMUL_PANIC_STATUS */
	CHECK_EQ(path_mode(sock), -1);
	if (st == -1)
		tahost_stop(&t, 0);

	/* A new instance starts from scratch. */
	if (up(&t, NULL))
		return;
	CHECK_EQ(open_sessions(&creates), 1);
	CHECK_EQ(creates, 1);
	down(&t);
}

TEST(tahost_one_instance_per_device)
{
	struct tahost t, t2;
	char clone[512], other_sock[512], not_sock[512];
	int st = -1;

	if (up(&t, NULL))
		return;
	/* The same device twice: refused (data dir lock). */
	snprintf(other_sock, sizeof(other_sock), "%s", scratch("other.sock"));
	CHECK_EQ(tahost_start(&t2, echo_bin(), dir, other_sock, NULL, &st), -1);
	CHECK(EXITED_WITH(st, 1));
	CHECK_EQ(path_mode(other_sock), -1);

	/* Another device on a socket in use: refused, socket left alone. */
	snprintf(clone, sizeof(clone), "%s", scratch("e2e-clone"));
	CHECK_EQ(clone_device(dir, clone), 0);
	st = -1;
	CHECK_EQ(tahost_start(&t2, echo_bin(), clone, sock, NULL, &st), -1);
	CHECK(EXITED_WITH(st, 1));
	CHECK(alive());

	/* Killed hard, it leaves its socket; the next one replaces it. */
	kill(t.pid, SIGKILL);
	tahost_wait(&t, 5000);
	CHECK(path_mode(sock) >= 0);
	if (up(&t, NULL))
		return;
	CHECK(alive());
	down(&t);

	/* Anything else at the socket path is not touched. */
	snprintf(not_sock, sizeof(not_sock), "%s", scratch("not-a-socket"));
	CHECK_EQ(write_whole(not_sock, "keep me", 7), 0);
	st = -1;
	CHECK_EQ(tahost_start(&t2, echo_bin(), clone, not_sock, NULL, &st), -1);
	CHECK(EXITED_WITH(st, 1));
	CHECK(S_ISREG(path_mode(not_sock)));
}

/* The ta-host of the real TA (TA_SRCS; the echo TA without one) builds,
 * and starts and stops cleanly on an emulated device. mk/host.mk leaves
 * the outcome of its build in ta-host.build: "ok", or the errors. */
TEST(tahost_real_ta_starts)
{
	struct tahost t;
	char real_dir[512], real_sock[512];
	uint8_t *build = NULL;
	size_t len = 0;
	int st;

	CHECK_EQ(read_whole(sibling("ta-host.build"), &build, &len), 0);
	if (!build || len != 3 || memcmp(build, "ok\n", 3)) {
		fprintf(stderr, "  the real TA's ta-host did not build:\n%.*s",
			(int)len, build ? (const char *)build : "");
		CHECK(!"build/<arch>/ta-host builds");
		free(build);
		return;
	}
	free(build);

	snprintf(real_dir, sizeof(real_dir), "%s", scratch("real"));
	snprintf(real_sock, sizeof(real_sock), "%s", scratch("real.sock"));
	CHECK_EQ(clone_device(scratch("e2e"), real_dir), 0);
	CHECK_EQ(tahost_start(&t, sibling("ta-host"), real_dir, real_sock, NULL,
			      NULL),
		 0);
	st = tahost_stop(&t, 0);
	CHECK(EXITED_WITH(st, 0));
	CHECK_EQ(path_mode(real_sock), -1);
}
