// SPDX-License-Identifier: Apache-2.0
/*
 * teec_addon: the optee backend's way to the Triad TA, through the
 * GlobalPlatform TEE Client API (libteec from optee_client). It only moves
 * bytes; packages/tee/src (TaClient) makes sense of them.
 *
 *   open(uuid, teeName?) -> handle
 *       A context and a session (TEEC_LOGIN_PUBLIC, no parameters) with the
 *       TA. teeName is TEEC_InitializeContext's name (undefined: NULL, the
 *       default TEE; OP-TEE's libteec ignores it). Runs on the calling
 *       thread: it happens once, when the peer starts.
 *   invoke(handle, command, input, capacity)
 *       -> Promise<{ result, origin, output }>
 *       One command: param 0 TEEC_MEMREF_TEMP_INPUT (a copy of input),
 *       param 1 TEEC_MEMREF_TEMP_OUTPUT (capacity bytes), 2 and 3 NONE. The
 *       blocking TEEC_InvokeCommand runs on the libuv thread pool. Commands
 *       on one handle run one at a time, in call order.
 *   close(handle)
 *       Closes the session and context (after the command in progress, if
 *       any); commands still waiting are rejected. Closing twice is a no-op.
 *
 * Arguments are checked before anything happens: TypeErrors with code
 * ERR_INVALID_ARG_TYPE or ERR_INVALID_ARG_VALUE. Other failures are Errors
 * with a code (ERR_TEEC_CONTEXT, ERR_TEEC_SESSION, ERR_TEEC_CLOSED) and, from
 * libteec, `result` and `origin`.
 *
 * Only the Client API's specified names are used, so any libteec's header
 * will do: optee_client's (whatever its soname) or the tests' fake.
 */
#define NAPI_VERSION 8 /* napi_type_tag_object */
#include <node_api.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tee_client_api.h>

/*
 * Far above anything the TA takes or gives (a request is at most ~70 KiB,
 * an answer 4 KiB); stops a bad caller from making us allocate gigabytes.
 */
#define MAX_BUFFER (1u << 20)

/* Marks the externals open() returns, so invoke/close never take another addon's. */
static const napi_type_tag handle_tag = { 0x8c1b7f4e2d6a4f31ULL,
					  0xa5e0c39b71d2f608ULL };

enum state {
	OPEN, /* context and session usable */
	CLOSING, /* close() called while a command ran: closed when it ends */
	CLOSED,
};

struct job;

struct handle {
	TEEC_Context context;
	TEEC_Session session;
	enum state state;
	struct job *running; /* the command in libteec now, if any */
	struct job *head, *tail; /* commands waiting for it, in call order */
	bool collected; /* the JS handle was garbage-collected */
};

/* One invoke(), owned by the addon from the call until its promise settles. */
struct job {
	struct handle *h;
	napi_ref handle_ref; /* keeps the JS handle, and so h, alive */
	napi_async_work work;
	napi_deferred deferred;
	uint32_t command;
	void *input; /* our copy: no JS memory crosses to the worker thread */
	size_t input_size;
	void *output;
	size_t capacity;
	size_t output_size; /* what the TA reported */
	TEEC_Result result;
	uint32_t origin;
	struct job *next;
};

/* ---- errors ------------------------------------------------------------- */

/* On a failed N-API call: throw (unless something is pending) and return NULL. */
#define CHECK(env, call)                                                    \
	do {                                                                \
		if ((call) != napi_ok) {                                    \
			throw_napi_failure(env, #call);                     \
			return NULL;                                        \
		}                                                           \
	} while (0)

static void throw_napi_failure(napi_env env, const char *call)
{
	bool pending = false;

	napi_is_exception_pending(env, &pending);
	if (!pending)
		napi_throw_error(env, "ERR_TEEC_NAPI", call);
}

/* A TypeError: of the wrong type (type), or of the right type but not valid. */
static napi_value arg_error(napi_env env, bool type, const char *msg)
{
	napi_throw_type_error(env,
			      type ? "ERR_INVALID_ARG_TYPE" :
				     "ERR_INVALID_ARG_VALUE",
			      msg);
	return NULL;
}

/* An Error with a code and, when from libteec, its result and origin. */
static napi_value teec_error(napi_env env, const char *code, const char *msg,
			     bool from_teec, TEEC_Result result,
			     uint32_t origin)
{
	napi_value c, m, err, v;

	if (napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &c) !=
		    napi_ok ||
	    napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &m) !=
		    napi_ok ||
	    napi_create_error(env, c, m, &err) != napi_ok)
		return NULL;
	if (from_teec) {
		if (napi_create_uint32(env, result, &v) == napi_ok)
			napi_set_named_property(env, err, "result", v);
		if (napi_create_uint32(env, origin, &v) == napi_ok)
			napi_set_named_property(env, err, "origin", v);
	}
	return err;
}

/* ---- arguments ---------------------------------------------------------- */

static bool get_handle(napi_env env, napi_value v, struct handle **h)
{
	napi_valuetype t;
	bool ours = false;

	if (napi_typeof(env, v, &t) != napi_ok || t != napi_external ||
	    napi_check_object_type_tag(env, v, &handle_tag, &ours) !=
		    napi_ok ||
	    !ours || napi_get_value_external(env, v, (void **)h) != napi_ok) {
		arg_error(env, true, "handle must be a handle returned by open()");
		return false;
	}
	return true;
}

/* An integer 0 .. max; false (and a TypeError thrown) otherwise. */
static bool get_uint(napi_env env, napi_value v, const char *what,
		     double max, double *out)
{
	napi_valuetype t;
	char msg[96];

	if (napi_typeof(env, v, &t) != napi_ok || t != napi_number) {
		snprintf(msg, sizeof(msg), "%s must be a number", what);
		arg_error(env, true, msg);
		return false;
	}
	napi_get_value_double(env, v, out);
	/* NaN fails every comparison; the cast drops any fraction */
	if (!(*out >= 0 && *out <= max && (double)(uint64_t)*out == *out)) {
		snprintf(msg, sizeof(msg), "%s must be an integer from 0 to %.0f",
			 what, max);
		arg_error(env, false, msg);
		return false;
	}
	return true;
}

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "6d7f09ac-f212-42f6-bbe0-f9ea745f5c37" (RFC 4122 text) into a TEEC_UUID. */
static bool parse_uuid(const char *s, size_t len, TEEC_UUID *u)
{
	uint8_t b[16];
	size_t n = 0;

	if (len != 36)
		return false;
	for (size_t i = 0; i < 36;) {
		int hi, lo;

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i++] != '-')
				return false;
			continue;
		}
		hi = hex(s[i]);
		lo = hex(s[i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		b[n++] = (uint8_t)(hi << 4 | lo);
		i += 2;
	}
	u->timeLow = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
		     (uint32_t)b[2] << 8 | b[3];
	u->timeMid = (uint16_t)(b[4] << 8 | b[5]);
	u->timeHiAndVersion = (uint16_t)(b[6] << 8 | b[7]);
	memcpy(u->clockSeqAndNode, b + 8, 8);
	return true;
}

/* ---- open / close ------------------------------------------------------- */

static void teardown(struct handle *h)
{
	TEEC_CloseSession(&h->session);
	TEEC_FinalizeContext(&h->context);
	h->state = CLOSED;
}

static void finalize_handle(napi_env env, void *data, void *hint)
{
	struct handle *h = data;

	(void)env;
	(void)hint;
	/*
	 * Waiting and running commands hold a reference to the handle, so
	 * none exists here unless the environment is being torn down; then a
	 * worker may still be inside libteec with h: leave it (the process is
	 * going away).
	 */
	h->collected = true;
	if (h->running)
		return;
	if (h->state == OPEN)
		teardown(h);
	free(h);
}

static napi_value addon_open(napi_env env, napi_callback_info info)
{
	size_t argc = 2;
	napi_value argv[2], handle;
	napi_valuetype t;
	char uuid_text[40], name[256];
	size_t len;
	TEEC_UUID uuid;
	TEEC_Result res;
	uint32_t origin = TEEC_ORIGIN_API;
	struct handle *h;
	bool named = false;

	CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 1 || napi_typeof(env, argv[0], &t) != napi_ok ||
	    t != napi_string)
		return arg_error(env, true, "uuid must be a string");
	CHECK(env, napi_get_value_string_utf8(env, argv[0], uuid_text,
					      sizeof(uuid_text), &len));
	if (!parse_uuid(uuid_text, len, &uuid))
		return arg_error(env, false,
				 "uuid must look like 6d7f09ac-f212-42f6-bbe0-f9ea745f5c37");
	if (argc >= 2) {
		CHECK(env, napi_typeof(env, argv[1], &t));
		if (t == napi_string) {
			CHECK(env, napi_get_value_string_utf8(
					   env, argv[1], name, sizeof(name),
					   &len));
			if (len == 0 || len >= sizeof(name) - 1 ||
			    strlen(name) != len)
				return arg_error(env, false,
						 "teeName must be 1 to 254 bytes, without NUL");
			named = true;
		} else if (t != napi_undefined) {
			return arg_error(env, true,
					 "teeName must be a string or undefined");
		}
	}

	h = calloc(1, sizeof(*h));
	if (!h) {
		napi_throw_error(env, "ERR_TEEC_CONTEXT", "out of memory");
		return NULL;
	}
	res = TEEC_InitializeContext(named ? name : NULL, &h->context);
	if (res != TEEC_SUCCESS) {
		char msg[160];

		free(h);
		snprintf(msg, sizeof(msg),
			 "TEEC_InitializeContext failed: 0x%08x (is the TEE device there and may this user open it?)",
			 res);
		napi_throw(env, teec_error(env, "ERR_TEEC_CONTEXT", msg, true,
					   res, TEEC_ORIGIN_API));
		return NULL;
	}
	res = TEEC_OpenSession(&h->context, &h->session, &uuid,
			       TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	if (res != TEEC_SUCCESS) {
		char msg[160];

		TEEC_FinalizeContext(&h->context);
		free(h);
		snprintf(msg, sizeof(msg),
			 "TEEC_OpenSession failed: 0x%08x (origin %u)", res,
			 origin);
		napi_throw(env, teec_error(env, "ERR_TEEC_SESSION", msg, true,
					   res, origin));
		return NULL;
	}
	h->state = OPEN;
	if (napi_create_external(env, h, finalize_handle, NULL, &handle) !=
	    napi_ok) {
		teardown(h);
		free(h);
		throw_napi_failure(env, "napi_create_external");
		return NULL;
	}
	if (napi_type_tag_object(env, handle, &handle_tag) != napi_ok) {
		teardown(h); /* the GC frees h */
		throw_napi_failure(env, "napi_type_tag_object");
		return NULL;
	}
	return handle;
}

static void free_job(napi_env env, struct job *j)
{
	napi_delete_async_work(env, j->work);
	napi_delete_reference(env, j->handle_ref);
	free(j->input);
	free(j->output);
	free(j);
}

static void reject_waiting(napi_env env, struct handle *h)
{
	while (h->head) {
		struct job *j = h->head;
		napi_value err = teec_error(
			env, "ERR_TEEC_CLOSED",
			"the handle was closed before the command ran", false,
			0, 0);

		h->head = j->next;
		napi_reject_deferred(env, j->deferred, err);
		free_job(env, j);
	}
	h->tail = NULL;
}

static napi_value addon_close(napi_env env, napi_callback_info info)
{
	size_t argc = 1;
	napi_value argv[1];
	struct handle *h;

	CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	/* a missing argument is undefined: get_handle refuses it */
	if (!get_handle(env, argv[0], &h))
		return NULL;
	if (h->state != OPEN)
		return NULL;
	reject_waiting(env, h);
	/* libteec must not close a session while a command runs in it */
	if (h->running)
		h->state = CLOSING;
	else
		teardown(h);
	return NULL;
}

/* ---- invoke ------------------------------------------------------------- */

/* On a libuv worker thread: touches only j and the session's libteec state. */
static void execute(napi_env env, void *data)
{
	struct job *j = data;
	TEEC_Operation op;

	(void)env;
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE,
					 TEEC_NONE);
	/* an empty buffer goes as a null memory reference: (NULL, 0) */
	op.params[0].tmpref.buffer = j->input;
	op.params[0].tmpref.size = j->input_size;
	op.params[1].tmpref.buffer = j->output;
	op.params[1].tmpref.size = j->capacity;
	j->origin = TEEC_ORIGIN_API;
	j->result = TEEC_InvokeCommand(&j->h->session, j->command, &op,
				       &j->origin);
	j->output_size = op.params[1].tmpref.size;
}

/* Starts the first waiting command, if none runs; the handle is OPEN. */
static void run_next(napi_env env, struct handle *h)
{
	while (!h->running && h->head) {
		struct job *j = h->head;

		h->head = j->next;
		if (!h->head)
			h->tail = NULL;
		if (napi_queue_async_work(env, j->work) == napi_ok) {
			h->running = j;
			break;
		}
		/* only for an invalid work, which we never make */
		napi_reject_deferred(env, j->deferred,
				     teec_error(env, "ERR_TEEC_NAPI",
						"napi_queue_async_work failed",
						false, 0, 0));
		free_job(env, j);
	}
}

/* { result, origin, output }: output only if the TA filled it in. */
static napi_value answer(napi_env env, struct job *j)
{
	napi_value obj, v, ab, output;
	void *data;
	size_t n = 0;

	if (j->origin == TEEC_ORIGIN_TRUSTED_APP &&
	    j->result != TEEC_ERROR_SHORT_BUFFER)
		n = j->output_size < j->capacity ? j->output_size : j->capacity;
	CHECK(env, napi_create_object(env, &obj));
	CHECK(env, napi_create_uint32(env, j->result, &v));
	CHECK(env, napi_set_named_property(env, obj, "result", v));
	CHECK(env, napi_create_uint32(env, j->origin, &v));
	CHECK(env, napi_set_named_property(env, obj, "origin", v));
	CHECK(env, napi_create_arraybuffer(env, n, &data, &ab));
	if (n)
		memcpy(data, j->output, n);
	CHECK(env, napi_create_typedarray(env, napi_uint8_array, n, ab, 0,
					  &output));
	CHECK(env, napi_set_named_property(env, obj, "output", output));
	return obj;
}

/* Back on the JS thread: settle the promise, then the next command or the close. */
static void complete(napi_env env, napi_status status, void *data)
{
	struct job *j = data;
	struct handle *h = j->h;
	napi_value value = NULL, err;

	if (status == napi_ok)
		value = answer(env, j);
	if (value) {
		napi_resolve_deferred(env, j->deferred, value);
	} else {
		bool pending = false;

		napi_is_exception_pending(env, &pending);
		if (pending)
			napi_get_and_clear_last_exception(env, &err);
		else
			err = teec_error(env, "ERR_TEEC_NAPI",
					 "the command's answer was lost", false,
					 0, 0);
		napi_reject_deferred(env, j->deferred, err);
	}
	h->running = NULL;
	free_job(env, j);

	if (h->state == CLOSING)
		teardown(h);
	if (h->collected) {
		free(h);
		return;
	}
	if (h->state == OPEN)
		run_next(env, h);
}

static napi_value addon_invoke(napi_env env, napi_callback_info info)
{
	size_t argc = 4;
	napi_value argv[4], promise, name;
	struct handle *h;
	double command, capacity;
	bool is_typed = false;
	napi_typedarray_type type;
	size_t input_size;
	void *input_data;
	struct job *j;

	CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 4) {
		napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE",
				      "invoke(handle, command, input, capacity) takes 4 arguments");
		return NULL;
	}
	if (!get_handle(env, argv[0], &h) ||
	    !get_uint(env, argv[1], "command", UINT32_MAX, &command))
		return NULL;
	CHECK(env, napi_is_typedarray(env, argv[2], &is_typed));
	if (is_typed)
		CHECK(env, napi_get_typedarray_info(env, argv[2], &type,
						    &input_size, &input_data,
						    NULL, NULL));
	if (!is_typed || type != napi_uint8_array)
		return arg_error(env, true, "input must be a Uint8Array");
	if (input_size > MAX_BUFFER)
		return arg_error(env, false,
				 "input must be at most 1048576 bytes");
	if (!get_uint(env, argv[3], "capacity", MAX_BUFFER, &capacity))
		return NULL;
	if (h->state != OPEN) {
		napi_throw(env, teec_error(env, "ERR_TEEC_CLOSED",
					   "the handle is closed", false, 0,
					   0));
		return NULL;
	}

	j = calloc(1, sizeof(*j));
	if (!j || (input_size && !(j->input = malloc(input_size))) ||
	    (capacity > 0 && !(j->output = malloc((size_t)capacity)))) {
		if (j) {
			free(j->input);
			free(j);
		}
		napi_throw_error(env, "ERR_TEEC_NAPI", "out of memory");
		return NULL;
	}
	if (input_size)
		memcpy(j->input, input_data, input_size);
	j->h = h;
	j->command = (uint32_t)command;
	j->input_size = input_size;
	j->capacity = (size_t)capacity;
	if (napi_create_string_utf8(env, "teec_invoke", NAPI_AUTO_LENGTH,
				    &name) != napi_ok ||
	    napi_create_reference(env, argv[0], 1, &j->handle_ref) != napi_ok ||
	    napi_create_async_work(env, NULL, name, execute, complete, j,
				   &j->work) != napi_ok ||
	    napi_create_promise(env, &j->deferred, &promise) != napi_ok) {
		if (j->work)
			napi_delete_async_work(env, j->work);
		if (j->handle_ref)
			napi_delete_reference(env, j->handle_ref);
		free(j->input);
		free(j->output);
		free(j);
		throw_napi_failure(env, "invoke");
		return NULL;
	}

	if (h->tail)
		h->tail->next = j;
	else
		h->head = j;
	h->tail = j;
	run_next(env, h);
	return promise;
}

NAPI_MODULE_INIT()
{
	napi_property_descriptor fns[] = {
		{ "open", NULL, addon_open, NULL, NULL, NULL, napi_enumerable,
		  NULL },
		{ "invoke", NULL, addon_invoke, NULL, NULL, NULL,
		  napi_enumerable, NULL },
		{ "close", NULL, addon_close, NULL, NULL, NULL, napi_enumerable,
		  NULL },
	};

	if (napi_define_properties(env, exports, sizeof(fns) / sizeof(fns[0]),
				   fns) != napi_ok)
		return NULL;
	return exports;
}
