// SPDX-License-Identifier: Apache-2.0
/*
 * A fake libteec, for tests only: the five TEE Client API calls teec_addon.c
 * makes, forwarded over a ta-host unix socket (optee-ta/host/PROTOCOL.md), so
 * the optee backend runs here against the emulated TA, byte for byte what it
 * would send to OP-TEE.
 *
 * - The "TEE" is the socket at the context's name, or at
 *   $TRIAD_FAKE_TEEC_SOCKET when the name is NULL (GP's default TEE).
 *   A context is one connection; its calls are serialized by a mutex, as
 *   the wire is strict request/answer.
 * - One TA is installed: the Triad TA, at the UUID of triad_ta.h. Any other
 *   UUID is TEEC_ERROR_ITEM_NOT_FOUND, as OP-TEE answers.
 * - Only what the wire carries is accepted: sessions with TEEC_LOGIN_PUBLIC
 *   and no parameters; value and temporary memref parameters. Anything else
 *   is refused with origin TEEC_ORIGIN_API.
 * - Stricter than libteec on purpose: a second command on a session while
 *   one is in progress is refused with TEEC_ERROR_BUSY, so a client that
 *   fails to serialize its commands shows it in tests.
 * - The socket failing (ta-host died) is TEEC_ERROR_TARGET_DEAD from
 *   TEEC_ORIGIN_TEE, as PROTOCOL.md says a board reports it.
 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "tee_client_api.h"
#include "triad_ta.h"

#define EXPORT __attribute__((visibility("default")))

enum { OP_OPEN_SESSION = 1, OP_INVOKE = 2, OP_CLOSE_SESSION = 3 };
#define MAX_FRAME (1u << 20)

struct fake_teec_context {
	int fd;
	pthread_mutex_t lock;
};

/* ---- the wire ----------------------------------------------------------- */

struct buf {
	uint8_t *p;
	size_t len, cap;
	bool failed; /* out of memory */
};

static void put(struct buf *b, const void *data, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		uint8_t *p;

		while (cap < b->len + n)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->failed = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	if (n)
		memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void put_u32(struct buf *b, uint32_t v)
{
	uint8_t le[4] = { v, v >> 8, v >> 16, v >> 24 };

	put(b, le, 4);
}

static uint32_t get_u32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		/* MSG_NOSIGNAL: a dead ta-host must not SIGPIPE the client process. */
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

static bool read_all(int fd, uint8_t *p, size_t n)
{
	while (n) {
		ssize_t r = read(fd, p, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		p += r;
		n -= (size_t)r;
	}
	return true;
}

/*
 * One request/answer on the context's connection; the caller frees *answer.
 * The request body starts 4 bytes into `req`, left free for the length.
 */
static TEEC_Result exchange(struct fake_teec_context *c, struct buf *req,
			    uint8_t **answer, size_t *answer_len,
			    uint32_t *origin)
{
	uint8_t len[4];
	uint32_t n;
	bool ok;

	*answer = NULL;
	if (req->failed) {
		*origin = TEEC_ORIGIN_API;
		return TEEC_ERROR_OUT_OF_MEMORY;
	}
	if (req->len - 4 > MAX_FRAME) {
		*origin = TEEC_ORIGIN_COMMS;
		return TEEC_ERROR_EXCESS_DATA;
	}
	n = (uint32_t)(req->len - 4);
	req->p[0] = n;
	req->p[1] = n >> 8;
	req->p[2] = n >> 16;
	req->p[3] = n >> 24;

	pthread_mutex_lock(&c->lock);
	ok = write_all(c->fd, req->p, req->len) && read_all(c->fd, len, 4);
	n = ok ? get_u32(len) : 0;
	ok = ok && n >= 8 && n <= MAX_FRAME && (*answer = malloc(n)) &&
	     read_all(c->fd, *answer, n);
	pthread_mutex_unlock(&c->lock);

	if (!ok) {
		free(*answer);
		*answer = NULL;
		*origin = TEEC_ORIGIN_TEE;
		return TEEC_ERROR_TARGET_DEAD;
	}
	*answer_len = n;
	*origin = get_u32(*answer + 4);
	return get_u32(*answer);
}

static struct buf request(uint8_t op)
{
	struct buf b = { 0 };

	put(&b, "\0\0\0", 4); /* the frame length, set by exchange() */
	put(&b, &op, 1);
	return b;
}

/* ---- the API ------------------------------------------------------------ */

EXPORT TEEC_Result TEEC_InitializeContext(const char *name,
					  TEEC_Context *context)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct fake_teec_context *c;
	const char *path = name ? name : getenv("TRIAD_FAKE_TEEC_SOCKET");

	if (!context)
		return TEEC_ERROR_BAD_PARAMETERS;
	context->imp = NULL;
	/* libteec's answer when no TEE device can be opened */
	if (!path || strlen(path) >= sizeof(addr.sun_path))
		return TEEC_ERROR_ITEM_NOT_FOUND;
	strcpy(addr.sun_path, path);

	c = calloc(1, sizeof(*c));
	if (!c)
		return TEEC_ERROR_OUT_OF_MEMORY;
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0 ||
	    connect(c->fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
		if (c->fd >= 0)
			close(c->fd);
		free(c);
		return TEEC_ERROR_ITEM_NOT_FOUND;
	}
	pthread_mutex_init(&c->lock, NULL);
	context->imp = c;
	return TEEC_SUCCESS;
}

EXPORT void TEEC_FinalizeContext(TEEC_Context *context)
{
	if (!context || !context->imp)
		return;
	/* ta-host closes the connection's sessions when it goes away */
	close(context->imp->fd);
	pthread_mutex_destroy(&context->imp->lock);
	free(context->imp);
	context->imp = NULL;
}

static bool no_params(const TEEC_Operation *op)
{
	return !op || op->paramTypes == 0;
}

EXPORT TEEC_Result TEEC_OpenSession(TEEC_Context *context,
				    TEEC_Session *session,
				    const TEEC_UUID *destination,
				    uint32_t connectionMethod,
				    const void *connectionData,
				    TEEC_Operation *operation,
				    uint32_t *returnOrigin)
{
	static const TEEC_UUID triad = TA_TRIAD_UUID;
	struct buf req = request(OP_OPEN_SESSION);
	uint32_t origin = TEEC_ORIGIN_API;
	TEEC_Result res = TEEC_ERROR_BAD_PARAMETERS;
	uint8_t *answer = NULL;
	size_t len = 0;

	if (!context || !context->imp || !session || !destination)
		goto out;
	if (connectionMethod != TEEC_LOGIN_PUBLIC || connectionData ||
	    !no_params(operation)) {
		res = TEEC_ERROR_NOT_SUPPORTED;
		goto out;
	}
	if (memcmp(destination, &triad, sizeof(triad)) != 0) {
		res = TEEC_ERROR_ITEM_NOT_FOUND;
		origin = TEEC_ORIGIN_TEE;
		goto out;
	}
	if (operation)
		operation->started = 1;
	res = exchange(context->imp, &req, &answer, &len, &origin);
	if (answer && len != 12) {
		res = TEEC_ERROR_COMMUNICATION;
		origin = TEEC_ORIGIN_COMMS;
	} else if (res == TEEC_SUCCESS) {
		session->imp.context = context;
		session->imp.id = get_u32(answer + 8);
		session->imp.busy = 0;
	}
out:
	free(req.p);
	free(answer);
	if (returnOrigin)
		*returnOrigin = origin;
	return res;
}

EXPORT void TEEC_CloseSession(TEEC_Session *session)
{
	struct buf req = request(OP_CLOSE_SESSION);
	uint8_t *answer = NULL;
	uint32_t origin;
	size_t len;

	if (session && session->imp.context && session->imp.context->imp) {
		put_u32(&req, session->imp.id);
		exchange(session->imp.context->imp, &req, &answer, &len,
			 &origin);
		session->imp.context = NULL;
	}
	free(req.p);
	free(answer);
}

static uint32_t param_type(uint32_t types, int i)
{
	return (types >> (4 * i)) & 0xf;
}

/* Encodes the parameters as PROTOCOL.md's INVOKE request carries them. */
static TEEC_Result put_params(struct buf *req, const TEEC_Operation *op)
{
	for (int i = 0; i < TEEC_CONFIG_PAYLOAD_REF_COUNT; i++) {
		const TEEC_Parameter *p = &op->params[i];

		switch (param_type(op->paramTypes, i)) {
		case TEEC_NONE:
		case TEEC_VALUE_OUTPUT:
			break;
		case TEEC_VALUE_INPUT:
		case TEEC_VALUE_INOUT:
			put_u32(req, p->value.a);
			put_u32(req, p->value.b);
			break;
		case TEEC_MEMREF_TEMP_INPUT:
		case TEEC_MEMREF_TEMP_INOUT:
			if ((!p->tmpref.buffer && p->tmpref.size) ||
			    p->tmpref.size > MAX_FRAME)
				return TEEC_ERROR_BAD_PARAMETERS;
			put_u32(req, (uint32_t)p->tmpref.size);
			put(req, p->tmpref.buffer, p->tmpref.size);
			break;
		case TEEC_MEMREF_TEMP_OUTPUT:
			if ((!p->tmpref.buffer && p->tmpref.size) ||
			    p->tmpref.size > MAX_FRAME)
				return TEEC_ERROR_BAD_PARAMETERS;
			put_u32(req, (uint32_t)p->tmpref.size);
			break;
		default: /* registered memory: not on the wire */
			return TEEC_ERROR_NOT_SUPPORTED;
		}
	}
	return TEEC_SUCCESS;
}

/* Takes the answer's parameters back into the operation; false if malformed. */
static bool get_params(TEEC_Operation *op, TEEC_Result res,
		       const uint8_t *p, size_t len)
{
	for (int i = 0; i < TEEC_CONFIG_PAYLOAD_REF_COUNT; i++) {
		TEEC_Parameter *q = &op->params[i];
		size_t size, n;

		switch (param_type(op->paramTypes, i)) {
		case TEEC_VALUE_OUTPUT:
		case TEEC_VALUE_INOUT:
			if (len < 8)
				return false;
			q->value.a = get_u32(p);
			q->value.b = get_u32(p + 4);
			p += 8;
			len -= 8;
			break;
		case TEEC_MEMREF_TEMP_OUTPUT:
		case TEEC_MEMREF_TEMP_INOUT:
			if (len < 4)
				return false;
			size = get_u32(p);
			/* as PROTOCOL.md: no bytes for a short buffer */
			n = res == TEEC_ERROR_SHORT_BUFFER ? 0 :
			    size < q->tmpref.size ? size : q->tmpref.size;
			if (len - 4 < n)
				return false;
			if (n)
				memcpy(q->tmpref.buffer, p + 4, n);
			q->tmpref.size = size;
			p += 4 + n;
			len -= 4 + n;
			break;
		default:
			break;
		}
	}
	return len == 0;
}

EXPORT TEEC_Result TEEC_InvokeCommand(TEEC_Session *session,
				      uint32_t commandID,
				      TEEC_Operation *operation,
				      uint32_t *returnOrigin)
{
	TEEC_Operation none = { 0 };
	TEEC_Operation *op = operation ? operation : &none;
	struct buf req = request(OP_INVOKE);
	uint32_t origin = TEEC_ORIGIN_API;
	TEEC_Result res = TEEC_ERROR_BAD_PARAMETERS;
	uint8_t *answer = NULL;
	size_t len = 0;
	bool entered = false;

	if (!session || !session->imp.context || !session->imp.context->imp)
		goto out;
	if (__atomic_exchange_n(&session->imp.busy, 1, __ATOMIC_ACQ_REL)) {
		res = TEEC_ERROR_BUSY;
		goto out;
	}
	entered = true;
	op->started = 1;
	put_u32(&req, session->imp.id);
	put_u32(&req, commandID);
	put_u32(&req, op->paramTypes);
	res = put_params(&req, op);
	if (res != TEEC_SUCCESS)
		goto out;
	res = exchange(session->imp.context->imp, &req, &answer, &len,
		       &origin);
	if (answer && !get_params(op, res, answer + 8, len - 8)) {
		res = TEEC_ERROR_COMMUNICATION;
		origin = TEEC_ORIGIN_COMMS;
	}
out:
	if (entered)
		__atomic_store_n(&session->imp.busy, 0, __ATOMIC_RELEASE);
	free(req.p);
	free(answer);
	if (returnOrigin)
		*returnOrigin = origin;
	return res;
}
