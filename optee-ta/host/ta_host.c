// SPDX-License-Identifier: Apache-2.0
/*
 * ta-host: one instance of the TA it is linked with, served over a unix
 * socket, on the emulated TEE (tee_api_emul.c). The wire protocol is in
 * host/PROTOCOL.md; how to run it, in host/README.md.
 *
 *   ta-host --socket PATH --data-dir DIR [--measurement-file F]
 *   ta-host --print-measurement [--measurement-file F]
 *
 * Like OP-TEE with a TA flagged SINGLE_INSTANCE | MULTI_SESSION |
 * INSTANCE_KEEP_ALIVE: TA_CreateEntryPoint once at start, any number of
 * sessions, one command at a time (a single-threaded poll loop; each
 * request runs to completion before the next is read), TA_DestroyEntryPoint
 * at a clean stop. A session belongs to the connection that opened it and
 * is closed with it, as libteec's sessions die with the client process.
 *
 * The client is not trusted with anything: every length is checked before
 * use, a frame that does not parse drops that connection only, and a client
 * that does not read its answers only stalls itself (non-blocking sockets,
 * at most one answer buffered per connection).
 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <tee_internal_api.h>
#include <user_ta_header.h>
#include <user_ta_header_defines.h>

#include "tee_emul.h"

#define FRAME_MAX (1024u * 1024u) /* body bytes, both directions */
#define MAX_CONNS 64
#define MAX_SESSIONS 1024

#define OP_OPEN_SESSION 1
#define OP_INVOKE 2
#define OP_CLOSE_SESSION 3

#define NEEDED_FLAGS                                       \
	(TA_FLAG_SINGLE_INSTANCE | TA_FLAG_MULTI_SESSION | \
	 TA_FLAG_INSTANCE_KEEP_ALIVE)

struct conn {
	int fd; /* -1: free slot */
	uint8_t hdr[4];
	size_t hdr_got;
	uint8_t *body; /* allocated once the length is known */
	size_t body_len, body_got;
	uint8_t *out; /* one answer waiting for the socket, or NULL */
	size_t out_len, out_sent;
};

struct session {
	struct session *next;
	uint32_t id;
	struct conn *conn;
	void *ctx; /* the TA's sessionContext */
};

static const TEE_UUID ta_uuid = TA_UUID;
static struct conn conns[MAX_CONNS];
static struct session *sessions;
static unsigned int session_count;
static uint32_t last_session_id;
static const char *socket_path;
static int socket_bound;
/* --group-socket: the socket is 0660, not 0600. */
static int group_socket;
static int sig_pipe[2] = { -1, -1 };

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("ta-host: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* ---- little-endian wire helpers ---------------------------------------- */

struct reader {
	const uint8_t *p;
	size_t left;
	int bad; /* ran past the end: the frame is malformed */
};

static uint32_t get_u32(struct reader *r)
{
	uint32_t v;

	if (r->left < 4) {
		r->bad = 1;
		r->left = 0;
		return 0;
	}
	v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 |
	    (uint32_t)r->p[2] << 16 | (uint32_t)r->p[3] << 24;
	r->p += 4;
	r->left -= 4;
	return v;
}

static const uint8_t *get_bytes(struct reader *r, size_t n)
{
	const uint8_t *p = r->p;

	if (r->left < n) {
		r->bad = 1;
		r->left = 0;
		return NULL;
	}
	r->p += n;
	r->left -= n;
	return p;
}

static uint8_t *put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
	return p + 4;
}

/* ---- connections -------------------------------------------------------- */

static void close_session(struct session **pp)
{
	struct session *s = *pp;

	TA_CloseSessionEntryPoint(s->ctx);
	*pp = s->next;
	session_count--;
	free(s);
}

static struct session **find_session(struct conn *c, uint32_t id)
{
	struct session **pp;

	for (pp = &sessions; *pp; pp = &(*pp)->next)
		if ((*pp)->id == id && (*pp)->conn == c)
			return pp;
	return NULL;
}

static int session_id_used(uint32_t id)
{
	const struct session *s;

	for (s = sessions; s; s = s->next)
		if (s->id == id)
			return 1;
	return 0;
}

static void drop_conn(struct conn *c, const char *why)
{
	struct session **pp = &sessions;

	if (why)
		say("dropping connection %d: %s", c->fd, why);
	while (*pp) {
		if ((*pp)->conn == c)
			close_session(pp);
		else
			pp = &(*pp)->next;
	}
	close(c->fd);
	free(c->body);
	free(c->out);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

/* Sends what the socket takes now; the rest waits for POLLOUT. */
static void flush_out(struct conn *c)
{
	while (c->out && c->out_sent < c->out_len) {
		ssize_t n = send(c->fd, c->out + c->out_sent,
				 c->out_len - c->out_sent, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n < 0) {
			drop_conn(c, strerror(errno));
			return;
		}
		c->out_sent += (size_t)n;
	}
	free(c->out);
	c->out = NULL;
	c->out_len = c->out_sent = 0;
}

/* Allocates an answer of body_len bytes; returns where the body starts. */
static uint8_t *answer(struct conn *c, size_t body_len)
{
	c->out = malloc(4 + body_len);
	if (!c->out)
		return NULL;
	c->out_len = 4 + body_len;
	c->out_sent = 0;
	return put_u32(c->out, (uint32_t)body_len);
}

/* An answer that is only result and origin. */
static int answer_status(struct conn *c, TEE_Result res, uint32_t origin)
{
	uint8_t *p = answer(c, 8);

	if (!p)
		return -1;
	put_u32(put_u32(p, res), origin);
	return 0;
}

/* ---- requests ------------------------------------------------------------ */

static int do_open_session(struct conn *c, struct reader *r)
{
	TEE_Param params[TEE_NUM_PARAMS];
	TEE_Result res = TEE_ERROR_OUT_OF_MEMORY;
	uint32_t origin = TEE_ORIGIN_TEE, id = 0;
	struct session *s;
	uint8_t *p;
	void *ctx = NULL;

	if (r->left)
		return -1;
	s = session_count < MAX_SESSIONS ? calloc(1, sizeof(*s)) : NULL;
	if (s) {
		memset(params, 0, sizeof(params));
		res = TA_OpenSessionEntryPoint(0, params, &ctx);
		origin = TEE_ORIGIN_TRUSTED_APP;
	}
	if (s && res == TEE_SUCCESS) {
		/* Ids are never 0 and never reused while in use. */
		do
			id = ++last_session_id;
		while (!id || session_id_used(id));
		s->id = id;
		s->conn = c;
		s->ctx = ctx;
		s->next = sessions;
		sessions = s;
		session_count++;
	} else {
		free(s);
	}
	p = answer(c, 12);
	if (!p)
		return -1;
	put_u32(put_u32(put_u32(p, res), origin), id);
	return 0;
}

static int do_close_session(struct conn *c, struct reader *r)
{
	uint32_t id = get_u32(r);
	struct session **pp;

	if (r->bad || r->left)
		return -1;
	pp = find_session(c, id);
	if (!pp)
		return answer_status(c, TEE_ERROR_BAD_PARAMETERS,
				     TEE_ORIGIN_TEE);
	close_session(pp);
	return answer_status(c, TEE_SUCCESS, TEE_ORIGIN_TEE);
}

static int is_value(uint32_t t)
{
	return t >= TEE_PARAM_TYPE_VALUE_INPUT &&
	       t <= TEE_PARAM_TYPE_VALUE_INOUT;
}

static int is_memref(uint32_t t)
{
	return t >= TEE_PARAM_TYPE_MEMREF_INPUT &&
	       t <= TEE_PARAM_TYPE_MEMREF_INOUT;
}

static int has_input(uint32_t t)
{
	return t == TEE_PARAM_TYPE_VALUE_INPUT ||
	       t == TEE_PARAM_TYPE_VALUE_INOUT ||
	       t == TEE_PARAM_TYPE_MEMREF_INPUT ||
	       t == TEE_PARAM_TYPE_MEMREF_INOUT;
}

static int has_output(uint32_t t)
{
	return t == TEE_PARAM_TYPE_VALUE_OUTPUT ||
	       t == TEE_PARAM_TYPE_VALUE_INOUT ||
	       t == TEE_PARAM_TYPE_MEMREF_OUTPUT ||
	       t == TEE_PARAM_TYPE_MEMREF_INOUT;
}

static void wipe_free(uint8_t *p, size_t n)
{
	volatile uint8_t *v = p;

	while (p && n--)
		*v++ = 0;
	free(p);
}

static int do_invoke(struct conn *c, struct reader *r)
{
	TEE_Param params[TEE_NUM_PARAMS];
	uint8_t *buf[TEE_NUM_PARAMS] = { NULL, NULL, NULL, NULL };
	size_t cap[TEE_NUM_PARAMS] = { 0, 0, 0, 0 };
	uint32_t sid = get_u32(r), cmd = get_u32(r), types = get_u32(r);
	uint32_t origin = TEE_ORIGIN_TEE;
	TEE_Result res = TEE_SUCCESS;
	size_t i, out_len = 8;
	struct session **pp;
	uint8_t *p;
	int ta_called = 0;

	if (r->bad || types >> 16)
		return -1;
	memset(params, 0, sizeof(params));
	for (i = 0; i < TEE_NUM_PARAMS; i++) {
		uint32_t t = TEE_PARAM_TYPE_GET(types, i);
		const uint8_t *src;

		if (t != TEE_PARAM_TYPE_NONE && !is_value(t) && !is_memref(t))
			goto malformed; /* types 4 and 8..15 do not exist */
		if (is_value(t) && has_input(t)) {
			params[i].value.a = get_u32(r);
			params[i].value.b = get_u32(r);
		}
		if (is_value(t) && has_output(t))
			out_len += 8;
		if (!is_memref(t))
			continue;
		cap[i] = get_u32(r);
		if (has_input(t)) {
			src = get_bytes(r, cap[i]);
			if (src && cap[i] && !(buf[i] = malloc(cap[i])))
				res = TEE_ERROR_OUT_OF_MEMORY;
			if (buf[i])
				memcpy(buf[i], src, cap[i]);
		}
		/* Saturating: four capacities near 2^32 wrap a 32-bit size_t. */
		if (has_output(t))
			out_len = cap[i] > SIZE_MAX - 4 - out_len ?
					  SIZE_MAX :
					  out_len + 4 + cap[i];
	}
	if (r->bad || r->left)
		goto malformed;

	if (out_len > FRAME_MAX) {
		/* The answer could not be framed: refuse before the TA runs. */
		res = TEE_ERROR_EXCESS_DATA;
		origin = TEE_ORIGIN_COMMS;
	}
	pp = find_session(c, sid);
	if (!res && !pp)
		res = TEE_ERROR_BAD_PARAMETERS;
	for (i = 0; !res && i < TEE_NUM_PARAMS; i++) {
		uint32_t t = TEE_PARAM_TYPE_GET(types, i);

		/* Output buffers are capacity-sized and zeroed. */
		if (t == TEE_PARAM_TYPE_MEMREF_OUTPUT && cap[i] &&
		    !(buf[i] = calloc(1, cap[i])))
			res = TEE_ERROR_OUT_OF_MEMORY;
		/* A zero-sized memref reaches the TA as (NULL, 0). */
		if (is_memref(t)) {
			params[i].memref.buffer = buf[i];
			params[i].memref.size = cap[i];
		}
	}
	if (!res) {
		res = TA_InvokeCommandEntryPoint((*pp)->ctx, cmd, types, params);
		origin = TEE_ORIGIN_TRUSTED_APP;
		ta_called = 1;
	}

	/* The answer: sizes first (what the TA reported, bytes bounded by
	 * the capacity; none on SHORT_BUFFER), then the frame. */
	out_len = 8;
	for (i = 0; i < TEE_NUM_PARAMS; i++) {
		uint32_t t = TEE_PARAM_TYPE_GET(types, i);
		size_t size;

		if (!ta_called && is_value(t))
			params[i].value.a = params[i].value.b = 0;
		if (is_value(t) && has_output(t))
			out_len += 8;
		if (!is_memref(t) || !has_output(t))
			continue;
		size = ta_called ? params[i].memref.size : 0;
		if (size > UINT32_MAX)
			size = UINT32_MAX;
		params[i].memref.size = size;
		out_len += 4;
		if (res != TEE_ERROR_SHORT_BUFFER)
			out_len += size < cap[i] ? size : cap[i];
	}
	p = answer(c, out_len);
	if (p) {
		p = put_u32(put_u32(p, res), origin);
		for (i = 0; i < TEE_NUM_PARAMS; i++) {
			uint32_t t = TEE_PARAM_TYPE_GET(types, i);
			size_t size, n;

			if (is_value(t) && has_output(t)) {
				p = put_u32(p, params[i].value.a);
				p = put_u32(p, params[i].value.b);
			}
			if (!is_memref(t) || !has_output(t))
				continue;
			size = params[i].memref.size;
			p = put_u32(p, (uint32_t)size);
			n = size < cap[i] ? size : cap[i];
			/* Our own buffer, not whatever the TA left in
			 * params[i].memref.buffer. */
			if (res != TEE_ERROR_SHORT_BUFFER && n) {
				memcpy(p, buf[i], n);
				p += n;
			}
		}
	}
	for (i = 0; i < TEE_NUM_PARAMS; i++)
		wipe_free(buf[i], cap[i]);
	return p ? 0 : -1;

malformed:
	for (i = 0; i < TEE_NUM_PARAMS; i++)
		wipe_free(buf[i], cap[i]);
	return -1;
}

/* One complete frame: answers it, or returns -1 to drop the connection. */
static int handle_frame(struct conn *c)
{
	struct reader r = { c->body + 1, c->body_len - 1, 0 };

	switch (c->body[0]) {
	case OP_OPEN_SESSION:
		return do_open_session(c, &r);
	case OP_INVOKE:
		return do_invoke(c, &r);
	case OP_CLOSE_SESSION:
		return do_close_session(c, &r);
	default:
		/* The frame is intact, so the stream is still in sync. */
		return answer_status(c, TEE_ERROR_NOT_SUPPORTED,
				     TEE_ORIGIN_COMMS);
	}
}

/* Reads what is there of the current frame; runs it once complete. */
static void read_some(struct conn *c)
{
	ssize_t n;

	if (c->hdr_got < sizeof(c->hdr)) {
		n = recv(c->fd, c->hdr + c->hdr_got,
			 sizeof(c->hdr) - c->hdr_got, 0);
		if (n <= 0)
			goto eof_or_error;
		c->hdr_got += (size_t)n;
		if (c->hdr_got < sizeof(c->hdr))
			return;
		c->body_len = (size_t)c->hdr[0] | (size_t)c->hdr[1] << 8 |
			      (size_t)c->hdr[2] << 16 | (size_t)c->hdr[3] << 24;
		if (!c->body_len || c->body_len > FRAME_MAX) {
			drop_conn(c, "bad frame length");
			return;
		}
		c->body = malloc(c->body_len);
		c->body_got = 0;
		if (!c->body) {
			drop_conn(c, "out of memory");
			return;
		}
	}
	n = recv(c->fd, c->body + c->body_got, c->body_len - c->body_got, 0);
	if (n <= 0)
		goto eof_or_error;
	c->body_got += (size_t)n;
	if (c->body_got < c->body_len)
		return;

	if (handle_frame(c) < 0) {
		drop_conn(c, "malformed request");
		return;
	}
	free(c->body);
	c->body = NULL;
	c->hdr_got = 0;
	flush_out(c);
	return;

eof_or_error:
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return;
	if (n == 0)
		drop_conn(c, c->hdr_got ? "closed mid-frame" : NULL);
	else
		drop_conn(c, strerror(errno));
}

static void accept_all(int listen_fd)
{
	for (;;) {
		int fd = accept(listen_fd, NULL, NULL), i;

		if (fd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR && errno != ECONNABORTED)
				say("accept: %s", strerror(errno));
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			return;
		}
		for (i = 0; i < MAX_CONNS && conns[i].fd >= 0; i++)
			;
		if (i == MAX_CONNS ||
		    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0 ||
		    fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
			say("refusing a connection: %s",
			     i == MAX_CONNS ? "too many" : strerror(errno));
			close(fd);
			continue;
		}
		memset(&conns[i], 0, sizeof(conns[i]));
		conns[i].fd = fd;
	}
}

/* ---- the process -------------------------------------------------------- */

static void on_signal(int sig)
{
	int saved = errno;
	unsigned char b = (unsigned char)sig;

	/* Wakes poll; async-signal-safe. A full pipe already woke it. */
	if (write(sig_pipe[1], &b, 1) < 0) {
		/* nothing to do */
	}
	errno = saved;
}

static int setup_signals(void)
{
	struct sigaction sa;
	int i;

	if (pipe(sig_pipe) < 0)
		return -1;
	for (i = 0; i < 2; i++)
		if (fcntl(sig_pipe[i], F_SETFL, O_NONBLOCK) < 0 ||
		    fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC) < 0)
			return -1;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	/* Restart what the TA was doing (file I/O); poll still wakes. */
	sa.sa_flags = SA_RESTART;
	if (sigaction(SIGTERM, &sa, NULL) < 0 ||
	    sigaction(SIGINT, &sa, NULL) < 0)
		return -1;
	sa.sa_handler = SIG_IGN; /* a client gone mid-answer is EPIPE */
	return sigaction(SIGPIPE, &sa, NULL);
}

/* Also runs when the TA panics (TEE_Panic exits): no stale socket. */
static void unlink_socket(void)
{
	if (socket_bound)
		unlink(socket_path);
	socket_bound = 0;
}

static int listen_on(const char *path)
{
	struct sockaddr_un addr;
	struct stat st;
	mode_t old_mask;
	int fd, probe, rc;

	memset(&addr, 0, sizeof(addr));
	addr.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(addr.sun_path)) {
		say("socket path longer than %zu bytes: %s",
		     sizeof(addr.sun_path) - 1, path);
		return -1;
	}
	strcpy(addr.sun_path, path);

	/* A socket left by a ta-host that crashed is removed; a live one,
	 * or anything that is not a socket, is left alone. */
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			say("%s exists and is not a socket", path);
			return -1;
		}
		probe = socket(AF_UNIX, SOCK_STREAM, 0);
		rc = probe >= 0 ? connect(probe, (struct sockaddr *)&addr,
					  sizeof(addr)) : -1;
		if (probe >= 0)
			close(probe);
		if (rc == 0) {
			say("%s: another process is listening", path);
			return -1;
		}
		unlink(path);
	}

	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		goto fail;
	/* Mode 0600 (0660 with --group-socket) from the start: no window
	 * where others could connect. */
	old_mask = umask(group_socket ? 0117 : 0177);
	rc = bind(fd, (struct sockaddr *)&addr, sizeof(addr));
	umask(old_mask);
	if (rc < 0)
		goto fail;
	socket_path = path;
	socket_bound = 1;
	if (listen(fd, 16) < 0 ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
		goto fail;
	return fd;
fail:
	say("socket %s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink_socket();
	return -1;
}

static void serve(int listen_fd)
{
	struct pollfd pfd[2 + MAX_CONNS];
	int slot[2 + MAX_CONNS];

	for (;;) {
		nfds_t n = 2, k;

		pfd[0].fd = sig_pipe[0];
		pfd[0].events = POLLIN;
		pfd[1].fd = listen_fd;
		pfd[1].events = POLLIN;
		for (k = 0; k < MAX_CONNS; k++) {
			if (conns[k].fd < 0)
				continue;
			pfd[n].fd = conns[k].fd;
			/* No new request while an answer is pending. */
			pfd[n].events = conns[k].out ? POLLOUT : POLLIN;
			slot[n++] = (int)k;
		}
		if (poll(pfd, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			say("poll: %s", strerror(errno));
			return;
		}
		if (pfd[0].revents)
			return; /* SIGTERM or SIGINT */
		for (k = 2; k < n; k++) {
			struct conn *c = &conns[slot[k]];

			if (pfd[k].revents & (POLLERR | POLLNVAL))
				drop_conn(c, NULL);
			else if (c->out && pfd[k].revents & (POLLOUT | POLLHUP))
				flush_out(c);
			else if (pfd[k].revents & (POLLIN | POLLHUP))
				read_some(c);
		}
		if (pfd[1].revents & POLLIN)
			accept_all(listen_fd);
	}
}

static void usage(void)
{
	fputs("usage: ta-host --socket PATH --data-dir DIR "
	      "[--measurement-file FILE] [--group-socket]\n"
	      "       ta-host --print-measurement [--measurement-file FILE]\n",
	      stderr);
}

int main(int argc, char **argv)
{
	const char *data_dir = NULL, *measurement_file = NULL;
	uint8_t measurement[TEE_EMUL_MEASUREMENT_SIZE];
	int print_measurement = 0, listen_fd, i;
	TEE_Result res;

	socket_path = NULL;
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(arg, "--print-measurement")) {
			print_measurement = 1;
			continue;
		}
		if (!strcmp(arg, "--group-socket")) {
			/* The peer runs as another user of this process's
			 * group (a deployment's triad-tee and triad users). */
			group_socket = 1;
			continue;
		}
		if (!val || (strcmp(arg, "--socket") &&
			     strcmp(arg, "--data-dir") &&
			     strcmp(arg, "--measurement-file"))) {
			usage();
			return 2;
		}
		if (!strcmp(arg, "--socket"))
			socket_path = val;
		else if (!strcmp(arg, "--data-dir"))
			data_dir = val;
		else
			measurement_file = val;
		i++;
	}
	if (!print_measurement && (!socket_path || !data_dir)) {
		usage();
		return 2;
	}

	/* What the attestation PTA reports as the hash of the TA's memory:
	 * by default the hash of this very executable (a different TA build
	 * measures differently, as on a board). */
	if (tee_emul_measure_file(measurement_file ? measurement_file :
						     "/proc/self/exe",
				  measurement) < 0)
		return 1;
	if (print_measurement) {
		for (i = 0; i < TEE_EMUL_MEASUREMENT_SIZE; i++)
			printf("%02x", measurement[i]);
		printf("\n");
		return 0;
	}

	if ((TA_FLAGS & NEEDED_FLAGS) != NEEDED_FLAGS)
		say("warning: TA_FLAGS lacks SINGLE_INSTANCE, MULTI_SESSION or "
		     "INSTANCE_KEEP_ALIVE; ta-host runs it as if set");
	for (i = 0; i < MAX_CONNS; i++)
		conns[i].fd = -1;
	if (setup_signals() < 0) {
		say("signals: %s", strerror(errno));
		return 1;
	}
	res = tee_emul_init(data_dir, &ta_uuid, measurement);
	if (res) {
		say("device %s: error 0x%08" PRIx32, data_dir, res);
		return 1;
	}
	res = TA_CreateEntryPoint();
	if (res) {
		say("TA_CreateEntryPoint: 0x%08" PRIx32, res);
		tee_emul_fini();
		return 1;
	}
	atexit(unlink_socket);
	listen_fd = listen_on(socket_path);
	if (listen_fd < 0) {
		TA_DestroyEntryPoint();
		tee_emul_fini();
		return 1;
	}
	say("TA %08" PRIx32 "-%04x-%04x serving on %s, data in %s",
	     ta_uuid.timeLow, ta_uuid.timeMid, ta_uuid.timeHiAndVersion,
	     socket_path, data_dir);
	printf("ready\n");
	fflush(stdout);

	serve(listen_fd);

	/* Stop accepting, give pending answers one last chance, close every
	 * session, then the TA instance, then the device. */
	close(listen_fd);
	for (i = 0; i < MAX_CONNS; i++) {
		if (conns[i].fd < 0)
			continue;
		flush_out(&conns[i]);
		if (conns[i].fd >= 0)
			drop_conn(&conns[i], NULL);
	}
	TA_DestroyEntryPoint();
	tee_emul_fini();
	unlink_socket();
	say("stopped");
	return 0;
}
