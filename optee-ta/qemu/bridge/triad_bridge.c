/* SPDX-License-Identifier: Apache-2.0 */
/*
 * triad-bridge: the Triad TA in real OP-TEE, reached over TCP with ta-host's framed protocol
 * (optee-ta/host/PROTOCOL.md), so that @triad/tee's socket transport talks to a real TA exactly
 * as it talks to a ta-host. Runs in a QEMU guest, forwarding OPEN_SESSION, INVOKE and
 * CLOSE_SESSION to libteec.
 *
 * One process per connection (fork): each has its own TEEC_Context, and a connection that drops
 * closes its sessions the way a crashed client's are closed, by the TEE driver when the process
 * exits. OP-TEE itself serializes the single-instance TA's commands.
 *
 * Differences from ta-host: it listens on TCP (in a guest reachable only through QEMU's loopback
 * port forward); a TA that panics answers TEE_ERROR_TARGET_DEAD instead of dropping the
 * connection, as a board would; the limits are OP-TEE's and these: 64 sessions per connection
 * (then TEEC_ERROR_OUT_OF_MEMORY, origin TEE), connections bounded only by the guest.
 *
 * Usage: triad-bridge PORT
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <tee_client_api.h>

#include "triad_ta.h"

#define MAX_FRAME (1u << 20)
#define MAX_SESSIONS 64
#define OP_OPEN_SESSION 1
#define OP_INVOKE 2
#define OP_CLOSE_SESSION 3
#define ORIGIN_COMMS 2
#define ORIGIN_TEE 3
#define ORIGIN_TRUSTED_APP 4

/* One connection's state: its libteec context and the sessions it opened (id = index + 1). */
struct conn {
	int fd;
	TEEC_Context ctx;
	TEEC_Session sessions[MAX_SESSIONS];
	int open[MAX_SESSIONS];
};

/* A reader over one request body: any field running past the end fails the request. */
struct reader {
	const uint8_t *p;
	size_t left;
	int bad;
};

static uint32_t get_u32(struct reader *r)
{
	uint32_t v;

	if (r->bad || r->left < 4) {
		r->bad = 1;
		return 0;
	}
	v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 | (uint32_t)r->p[3] << 24;
	r->p += 4;
	r->left -= 4;
	return v;
}

static const uint8_t *get_bytes(struct reader *r, size_t n)
{
	const uint8_t *p = r->p;

	if (r->bad || r->left < n) {
		r->bad = 1;
		return NULL;
	}
	r->p += n;
	r->left -= n;
	return p;
}

/* An answer being built: grown as needed, never beyond one frame. */
struct writer {
	uint8_t *buf;
	size_t len;
	size_t cap;
};

static int put(struct writer *w, const void *src, size_t n)
{
	if (w->len + n > w->cap) {
		size_t cap = w->cap ? w->cap : 64;
		uint8_t *b;

		while (cap < w->len + n)
			cap *= 2;
		b = realloc(w->buf, cap);
		if (!b)
			return -1;
		w->buf = b;
		w->cap = cap;
	}
	if (n)
		memcpy(w->buf + w->len, src, n);
	w->len += n;
	return 0;
}

static int put_u32(struct writer *w, uint32_t v)
{
	uint8_t b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

	return put(w, b, 4);
}

static int io_full(int fd, void *buf, size_t n, int writing)
{
	uint8_t *p = buf;

	while (n) {
		ssize_t k = writing ? write(fd, p, n) : read(fd, p, n);

		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static int send_frame(int fd, const struct writer *w)
{
	uint8_t head[4] = { w->len & 0xff, (w->len >> 8) & 0xff, (w->len >> 16) & 0xff, w->len >> 24 };

	return io_full(fd, head, 4, 1) || io_full(fd, w->buf, w->len, 1) ? -1 : 0;
}

static int is_value(uint32_t t)
{
	return t >= TEEC_VALUE_INPUT && t <= TEEC_VALUE_INOUT;
}

static int is_memref(uint32_t t)
{
	return t >= TEEC_MEMREF_TEMP_INPUT && t <= TEEC_MEMREF_TEMP_INOUT;
}

static int carries_out(uint32_t t)
{
	return t == TEEC_VALUE_OUTPUT || t == TEEC_VALUE_INOUT || t == TEEC_MEMREF_TEMP_OUTPUT ||
	       t == TEEC_MEMREF_TEMP_INOUT;
}

/* OPEN_SESSION: the body is the op byte alone. */
static int open_session(struct conn *c, struct reader *r, struct writer *w)
{
	TEEC_UUID uuid = TA_TRIAD_UUID;
	uint32_t origin = ORIGIN_TEE;
	TEEC_Result res;
	int i;

	if (r->left)
		return -1;
	for (i = 0; i < MAX_SESSIONS && c->open[i]; i++)
		;
	if (i == MAX_SESSIONS)
		return put_u32(w, TEEC_ERROR_OUT_OF_MEMORY) || put_u32(w, ORIGIN_TEE) || put_u32(w, 0);
	res = TEEC_OpenSession(&c->ctx, &c->sessions[i], &uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	c->open[i] = res == TEEC_SUCCESS;
	return put_u32(w, res) || put_u32(w, origin) || put_u32(w, c->open[i] ? (uint32_t)i + 1 : 0);
}

static TEEC_Session *session_of(struct conn *c, uint32_t id)
{
	return id >= 1 && id <= MAX_SESSIONS && c->open[id - 1] ? &c->sessions[id - 1] : NULL;
}

static int close_session(struct conn *c, struct reader *r, struct writer *w)
{
	uint32_t id = get_u32(r);
	TEEC_Session *s = session_of(c, id);

	if (r->bad || r->left)
		return -1;
	if (s) {
		TEEC_CloseSession(s);
		c->open[id - 1] = 0;
	}
	return put_u32(w, s ? TEEC_SUCCESS : TEEC_ERROR_BAD_PARAMETERS) || put_u32(w, ORIGIN_TEE);
}

/* The answer to an INVOKE: result, origin, then each output parameter of the request's types. */
static int invoke_answer(struct writer *w, TEEC_Result res, uint32_t origin, const uint32_t type[4],
			 const TEEC_Operation *op, const uint32_t cap[4])
{
	int called = origin == ORIGIN_TRUSTED_APP;
	int i;

	if (put_u32(w, res) || put_u32(w, origin))
		return -1;
	for (i = 0; i < 4; i++) {
		const TEEC_Parameter *p = &op->params[i];

		if (!carries_out(type[i]))
			continue;
		if (is_value(type[i])) {
			if (put_u32(w, called ? p->value.a : 0) || put_u32(w, called ? p->value.b : 0))
				return -1;
		} else {
			uint32_t size = called ? (uint32_t)p->tmpref.size : 0;
			uint32_t n = res == TEEC_ERROR_SHORT_BUFFER ? 0 : (size < cap[i] ? size : cap[i]);

			if (put_u32(w, size) || put(w, p->tmpref.buffer, n))
				return -1;
		}
	}
	return 0;
}

static int invoke(struct conn *c, struct reader *r, struct writer *w)
{
	uint32_t id = get_u32(r), cmd = get_u32(r), types = get_u32(r);
	uint32_t type[4], cap[4] = { 0 };
	uint64_t answer_len = 8;
	TEEC_Operation op;
	TEEC_Session *s;
	uint32_t origin = ORIGIN_TEE;
	TEEC_Result res;
	int i, rc;

	memset(&op, 0, sizeof(op));
	if (r->bad || (types >> 16))
		return -1;
	for (i = 0; i < 4; i++) {
		TEEC_Parameter *p = &op.params[i];

		type[i] = (types >> (4 * i)) & 0xf;
		if (type[i] != TEEC_NONE && !is_value(type[i]) && !is_memref(type[i]))
			return -1;
		if (type[i] == TEEC_VALUE_INPUT || type[i] == TEEC_VALUE_INOUT) {
			p->value.a = get_u32(r);
			p->value.b = get_u32(r);
		}
		if (is_value(type[i]) && carries_out(type[i]))
			answer_len += 8;
		if (is_memref(type[i])) {
			const uint8_t *src = NULL;

			cap[i] = get_u32(r);
			if (type[i] != TEEC_MEMREF_TEMP_OUTPUT)
				src = get_bytes(r, cap[i]);
			if (r->bad)
				return -1;
			if (carries_out(type[i]))
				answer_len += 4 + (uint64_t)cap[i];
			/* A size-0 memref reaches the TA as (NULL, 0), as ta-host does. */
			p->tmpref.size = cap[i];
			p->tmpref.buffer = cap[i] ? calloc(1, cap[i]) : NULL;
			if (cap[i] && !p->tmpref.buffer)
				return -1;
			if (src)
				memcpy(p->tmpref.buffer, src, cap[i]);
		}
	}
	if (r->bad || r->left) {
		rc = -1;
		goto out;
	}
	op.paramTypes = types;
	s = session_of(c, id);
	if (!s) {
		res = TEEC_ERROR_BAD_PARAMETERS;
	} else if (answer_len > MAX_FRAME) {
		res = TEEC_ERROR_EXCESS_DATA;
		origin = ORIGIN_COMMS;
	} else {
		res = TEEC_InvokeCommand(s, cmd, &op, &origin);
	}
	rc = invoke_answer(w, res, origin, type, &op, cap);
out:
	for (i = 0; i < 4; i++)
		if (is_memref(type[i]))
			free(op.params[i].tmpref.buffer);
	return rc;
}

/* Serves one connection until it ends or breaks the protocol; then the process exits. */
static void serve(int fd)
{
	static struct conn c;
	struct writer w = { 0 };
	uint8_t head[4];
	TEEC_Result res;

	c.fd = fd;
	res = TEEC_InitializeContext(NULL, &c.ctx);
	if (res != TEEC_SUCCESS) {
		fprintf(stderr, "triad-bridge: TEEC_InitializeContext: 0x%08x\n", res);
		return;
	}
	while (!io_full(fd, head, 4, 0)) {
		uint32_t len = (uint32_t)head[0] | (uint32_t)head[1] << 8 | (uint32_t)head[2] << 16 |
			       (uint32_t)head[3] << 24;
		struct reader r;
		uint8_t *body;
		int rc;

		if (len == 0 || len > MAX_FRAME)
			break;
		body = malloc(len);
		if (!body || io_full(fd, body, len, 0)) {
			free(body);
			break;
		}
		r = (struct reader){ body + 1, len - 1, 0 };
		w.len = 0;
		switch (body[0]) {
		case OP_OPEN_SESSION:
			rc = open_session(&c, &r, &w);
			break;
		case OP_INVOKE:
			rc = invoke(&c, &r, &w);
			break;
		case OP_CLOSE_SESSION:
			rc = close_session(&c, &r, &w);
			break;
		default:
			rc = put_u32(&w, TEEC_ERROR_NOT_SUPPORTED) || put_u32(&w, ORIGIN_COMMS);
		}
		free(body);
		if (rc || send_frame(fd, &w))
			break;
	}
	free(w.buf);
	for (int i = 0; i < MAX_SESSIONS; i++)
		if (c.open[i])
			TEEC_CloseSession(&c.sessions[i]);
	TEEC_FinalizeContext(&c.ctx);
}

int main(int argc, char **argv)
{
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_ANY) };
	struct sigaction reap = { .sa_handler = SIG_IGN, .sa_flags = SA_NOCLDWAIT };
	int one = 1, port, lfd;

	port = argc == 2 ? atoi(argv[1]) : 0;
	if (port <= 0 || port > 65535) {
		fprintf(stderr, "usage: triad-bridge PORT\n");
		return 2;
	}
	sigaction(SIGCHLD, &reap, NULL);
	signal(SIGPIPE, SIG_IGN);
	addr.sin_port = htons((uint16_t)port);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) || listen(lfd, 16)) {
		perror("triad-bridge: listen");
		return 1;
	}
	printf("triad-bridge: listening on port %d\n", port);
	fflush(stdout);
	for (;;) {
		int fd = accept(lfd, NULL, NULL);

		if (fd < 0)
			continue;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		if (fork() == 0) {
			close(lfd);
			serve(fd);
			_exit(0);
		}
		close(fd);
	}
}
