// SPDX-License-Identifier: Apache-2.0
/*
 * Helpers of host_tests: a scratch directory, ta-host child processes and a
 * client of the wire protocol written from host/PROTOCOL.md alone. All
 * children are killed and the scratch directory removed at exit, whatever
 * the tests did.
 */
#define _DEFAULT_SOURCE

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "host_tests.h"
#include "tee_api_defines.h"

#define IO_TIMEOUT_S 10
#define READY_TIMEOUT_MS 20000 /* a new device makes an RSA-3072 key */
#define MAX_CHILDREN 16

static char root[256];
static pid_t owner; /* forked test children must not clean up */
static pid_t children[MAX_CHILDREN];

/* ---- cleanup --------------------------------------------------------- */

static void remove_tree(int dirfd, const char *name)
{
	struct dirent *e;
	DIR *d;
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);

	if (fd >= 0 && (d = fdopendir(fd))) {
		while ((e = readdir(d)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				remove_tree(fd, e->d_name);
		closedir(d);
		unlinkat(dirfd, name, AT_REMOVEDIR);
		return;
	}
	if (fd >= 0)
		close(fd);
	unlinkat(dirfd, name, 0);
}

static void cleanup(void)
{
	int i;

	if (getpid() != owner)
		return;
	for (i = 0; i < MAX_CHILDREN; i++) {
		if (children[i] > 0) {
			kill(children[i], SIGKILL);
			waitpid(children[i], NULL, 0);
			children[i] = 0;
		}
	}
	if (root[0])
		remove_tree(AT_FDCWD, root);
	root[0] = '\0';
}

const char *scratch(const char *name)
{
	static char path[8][512];
	static int next;
	const char *tmp = getenv("TMPDIR");
	char *p = path[next++ % 8];

	if (!root[0]) {
		/* Socket paths must fit in sun_path (108): short roots only. */
		if (!tmp || strlen(tmp) > 60)
			tmp = "/tmp";
		snprintf(root, sizeof(root), "%s/host_tests.XXXXXX", tmp);
		if (!mkdtemp(root)) {
			perror("mkdtemp");
			exit(1);
		}
		owner = getpid();
		atexit(cleanup);
	}
	snprintf(p, sizeof(path[0]), "%s/%s", root, name);
	return p;
}

const char *sibling(const char *name)
{
	static char path[2][1024];
	static int next;
	char *p = path[next++ % 2], *slash;
	ssize_t n = readlink("/proc/self/exe", p, sizeof(path[0]) - 64);

	if (n < 0)
		return name;
	p[n] = '\0';
	slash = strrchr(p, '/');
	snprintf(slash + 1, 64, "%s", name);
	return p;
}

/* ---- files ------------------------------------------------------------ */

int read_whole(const char *path, uint8_t **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		return -1;
	for (;;) {
		uint8_t *bigger;

		if (n == cap) {
			cap = cap ? 2 * cap : 4096;
			bigger = realloc(buf, cap);
			if (!bigger)
				break;
			buf = bigger;
		}
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
	}
	fclose(f);
	*data = buf;
	*len = n;
	return buf ? 0 : -1;
}

int write_whole(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int ok = f && fwrite(data, 1, len, f) == len;

	if (f && fclose(f))
		ok = 0;
	return ok ? 0 : -1;
}

int copy_file(const char *from, const char *to)
{
	uint8_t *data;
	size_t len;
	int rc;

	if (read_whole(from, &data, &len))
		return -1;
	rc = write_whole(to, data, len);
	free(data);
	return rc;
}

int path_mode(const char *path)
{
	struct stat st;

	return lstat(path, &st) ? -1 : (int)st.st_mode;
}

/* ---- OpenSSL -------------------------------------------------------- */

void sha256(const void *data, size_t len, uint8_t out[32])
{
	unsigned int n = 32;

	EVP_Digest(data, len, out, &n, EVP_sha256(), NULL);
}

void hmac_sha256(const uint8_t *key, size_t key_len, const void *msg,
		 size_t len, uint8_t out[32])
{
	unsigned int n = 32;

	HMAC(EVP_sha256(), key, (int)key_len, msg, len, out, &n);
}

int aes256gcm_encrypt(const uint8_t key[32], const uint8_t iv[12],
		      const void *ad, size_t ad_len, const void *in,
		      size_t len, uint8_t *out, uint8_t tag[16])
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n, ok;

	ok = ctx && EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, iv) &&
	     EVP_EncryptUpdate(ctx, NULL, &n, ad, (int)ad_len) &&
	     (!len || EVP_EncryptUpdate(ctx, out, &n, in, (int)len)) &&
	     EVP_EncryptFinal_ex(ctx, out + len, &n) &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, tag);
	EVP_CIPHER_CTX_free(ctx);
	return ok ? 0 : -1;
}

int attestation_verifies(const uint8_t *n, size_t n_len, const uint8_t *e,
			 size_t e_len, const uint8_t *nonce, size_t nonce_len,
			 const uint8_t *out, size_t out_len)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	BIGNUM *bn_n = BN_bin2bn(n, (int)n_len, NULL);
	BIGNUM *bn_e = BN_bin2bn(e, (int)e_len, NULL);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	EVP_PKEY_CTX *vctx = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY *key = NULL;
	uint8_t digest[32];
	uint8_t *msg = malloc(nonce_len + 32);
	int ok = 0;

	if (!msg || out_len != 32 + n_len)
		goto out;
	memcpy(msg, nonce, nonce_len);
	memcpy(msg + nonce_len, out, 32);
	sha256(msg, nonce_len + 32, digest);
	if (!bld || !bn_n || !bn_e || !ctx ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e) ||
	    !(params = OSSL_PARAM_BLD_to_param(bld)) ||
	    EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		goto out;
	vctx = EVP_PKEY_CTX_new(key, NULL);
	/* The salt length is pinned: a verifier auto-detecting it would
	 * accept a signer that used another. */
	ok = vctx && EVP_PKEY_verify_init(vctx) > 0 &&
	     EVP_PKEY_CTX_set_rsa_padding(vctx, RSA_PKCS1_PSS_PADDING) > 0 &&
	     EVP_PKEY_CTX_set_signature_md(vctx, EVP_sha256()) > 0 &&
	     EVP_PKEY_CTX_set_rsa_mgf1_md(vctx, EVP_sha256()) > 0 &&
	     EVP_PKEY_CTX_set_rsa_pss_saltlen(vctx, 32) > 0 &&
	     EVP_PKEY_verify(vctx, out + 32, n_len, digest, 32) == 1;
out:
	free(msg);
	EVP_PKEY_CTX_free(vctx);
	EVP_PKEY_free(key);
	OSSL_PARAM_free(params);
	EVP_PKEY_CTX_free(ctx);
	BN_free(bn_n);
	BN_free(bn_e);
	OSSL_PARAM_BLD_free(bld);
	return ok;
}

/* ---- ta-host processes ------------------------------------------------ */

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void forget_child(pid_t pid)
{
	int i;

	for (i = 0; i < MAX_CHILDREN; i++)
		if (children[i] == pid)
			children[i] = 0;
}

static void dump_log(const struct tahost *t)
{
	uint8_t *log;
	size_t len;

	if (read_whole(t->log, &log, &len))
		return;
	fprintf(stderr, "---- %s ----\n%.*s---- end ----\n", t->log, (int)len,
		(const char *)log);
	free(log);
}

int tahost_wait(struct tahost *t, int timeout_ms)
{
	int status, waited;

	for (waited = 0; t->pid > 0; waited += 10) {
		pid_t r = waitpid(t->pid, &status, WNOHANG);

		if (r == t->pid) {
			forget_child(t->pid);
			t->pid = 0;
			if (t->out_fd >= 0)
				close(t->out_fd);
			t->out_fd = -1;
			return status;
		}
		if (r < 0 || waited >= timeout_ms)
			return -1;
		sleep_ms(10);
	}
	return -1;
}

int tahost_start(struct tahost *t, const char *bin, const char *data_dir,
		 const char *socket_path, const char *const *extra,
		 int *status)
{
	static int serial;
	const char *argv[16];
	char line[64];
	size_t got = 0;
	int out[2], i, n = 0, waited = 0, slot;

	memset(t, 0, sizeof(*t));
	t->out_fd = -1;
	snprintf(t->log, sizeof(t->log), "%s.%d.log", scratch("ta-host"),
		 serial++);
	argv[n++] = bin;
	argv[n++] = "--socket";
	argv[n++] = socket_path;
	argv[n++] = "--data-dir";
	argv[n++] = data_dir;
	for (i = 0; extra && extra[i] && n < 15; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	for (slot = 0; slot < MAX_CHILDREN && children[slot]; slot++)
		;
	if (slot == MAX_CHILDREN || pipe(out) < 0)
		return -1;

	fflush(NULL);
	t->pid = fork();
	if (t->pid == 0) {
		int log = open(t->log, O_WRONLY | O_CREAT | O_APPEND, 0600);

		/* Should this test program crash, no ta-host outlives it. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != owner)
			_exit(127);
		dup2(out[1], 1);
		if (log >= 0)
			dup2(log, 2);
		close(out[0]);
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	close(out[1]);
	if (t->pid < 0) {
		close(out[0]);
		return -1;
	}
	children[slot] = t->pid;
	t->out_fd = out[0];

	/* Up to the "ready" line, or the child's end, or the timeout. */
	while (got < sizeof(line) - 1 && !memchr(line, '\n', got)) {
		struct pollfd p = { t->out_fd, POLLIN, 0 };
		ssize_t r;
		int ready = poll(&p, 1, 100);

		if (ready <= 0) {
			waited += 100;
			if (waited < READY_TIMEOUT_MS)
				continue;
			break;
		}
		r = read(t->out_fd, line + got, sizeof(line) - 1 - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	line[got] = '\0';
	if (!strcmp(line, "ready\n"))
		return 0;

	/* Not ready: gone, or hung. Either way, report and reap it. */
	i = tahost_wait(t, 2000);
	if (i < 0) {
		kill(t->pid, SIGKILL);
		i = tahost_wait(t, 2000);
		fprintf(stderr, "ta-host did not get ready: killed\n");
	}
	if (status)
		*status = i;
	else
		dump_log(t);
	return -1;
}

int tahost_stop(struct tahost *t, int want_status)
{
	int status;

	if (t->pid <= 0)
		return -1;
	kill(t->pid, SIGTERM);
	status = tahost_wait(t, 5000);
	if (status < 0) {
		kill(t->pid, SIGKILL);
		tahost_wait(t, 2000);
		fprintf(stderr, "ta-host ignored SIGTERM: killed\n");
	}
	if (status < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != want_status)
		dump_log(t);
	return status;
}

int run_capture(const char *const *argv, char *out, size_t cap)
{
	size_t got = 0;
	int pipefd[2], status;
	pid_t pid;

	if (pipe(pipefd) < 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(pipefd[1], 1);
		if (null >= 0)
			dup2(null, 2);
		close(pipefd[0]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(pipefd[1]);
	while (pid > 0 && got + 1 < cap) {
		ssize_t n = read(pipefd[0], out + got, cap - 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	out[got] = '\0';
	close(pipefd[0]);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

int clone_device(const char *from, const char *to)
{
	static const char *const files[] = { "huk", "attestation-key.pem" };
	char a[1024], b[1024];
	size_t i;

	snprintf(a, sizeof(a), "%s/device", to);
	if ((mkdir(to, 0700) && errno != EEXIST) ||
	    (mkdir(a, 0700) && errno != EEXIST))
		return -1;
	for (i = 0; i < 2; i++) {
		snprintf(a, sizeof(a), "%s/device/%s", from, files[i]);
		snprintf(b, sizeof(b), "%s/device/%s", to, files[i]);
		if (copy_file(a, b) || chmod(b, 0600))
			return -1;
	}
	return 0;
}

/* ---- protocol client -------------------------------------------------- */

int client_connect(const char *socket_path)
{
	struct sockaddr_un addr;
	struct timeval tv = { IO_TIMEOUT_S, 0 };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	memset(&addr, 0, sizeof(addr));
	addr.sun_family = AF_UNIX;
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", socket_path);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0 ||
	    connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int send_all(int fd, const uint8_t *p, size_t len)
{
	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int recv_all(int fd, uint8_t *p, size_t len)
{
	while (len) {
		ssize_t n = recv(fd, p, len, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static void le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

int client_send(int fd, const void *body, size_t len)
{
	uint8_t hdr[4];

	le32(hdr, (uint32_t)len);
	return send_all(fd, hdr, 4) || send_all(fd, body, len) ? -1 : 0;
}

int client_recv(int fd, uint8_t **body, size_t *len)
{
	uint8_t hdr[4];
	uint32_t n;

	*body = NULL;
	if (recv_all(fd, hdr, 4))
		return -1;
	n = rd32(hdr);
	if (n > 1024 * 1024 || !(*body = malloc(n ? n : 1)))
		return -1;
	if (recv_all(fd, *body, n)) {
		free(*body);
		*body = NULL;
		return -1;
	}
	*len = n;
	return 0;
}

int client_closed(int fd)
{
	uint8_t b;
	ssize_t n;

	do
		n = recv(fd, &b, 1, 0);
	while (n < 0 && errno == EINTR);
	return n == 0 || (n < 0 && errno == ECONNRESET);
}

/* Sends body, expects an answer whose first 8 bytes are result, origin. */
static TEE_Result round_trip(int fd, const uint8_t *body, size_t len,
			     uint8_t **answer, size_t *answer_len,
			     uint32_t *origin)
{
	if (client_send(fd, body, len) ||
	    client_recv(fd, answer, answer_len) || *answer_len < 8) {
		free(*answer);
		*answer = NULL;
		return PROTO_ERROR;
	}
	if (origin)
		*origin = rd32(*answer + 4);
	return rd32(*answer);
}

TEE_Result client_open(int fd, uint32_t *session, uint32_t *origin)
{
	const uint8_t body[1] = { 1 };
	uint8_t *a;
	size_t n;
	TEE_Result res = round_trip(fd, body, 1, &a, &n, origin);

	if (res == PROTO_ERROR)
		return res;
	if (n != 12)
		res = PROTO_ERROR;
	else
		*session = rd32(a + 8);
	free(a);
	return res;
}

TEE_Result client_close(int fd, uint32_t session, uint32_t *origin)
{
	uint8_t body[5] = { 3 }, *a;
	size_t n;
	TEE_Result res;

	le32(body + 1, session);
	res = round_trip(fd, body, 5, &a, &n, origin);
	if (res != PROTO_ERROR && n != 8)
		res = PROTO_ERROR;
	free(a);
	return res;
}

static int is_memref(uint32_t t)
{
	return t >= TEE_PARAM_TYPE_MEMREF_INPUT &&
	       t <= TEE_PARAM_TYPE_MEMREF_INOUT;
}

static int is_in(uint32_t t)
{
	return t == TEE_PARAM_TYPE_VALUE_INPUT ||
	       t == TEE_PARAM_TYPE_VALUE_INOUT ||
	       t == TEE_PARAM_TYPE_MEMREF_INPUT ||
	       t == TEE_PARAM_TYPE_MEMREF_INOUT;
}

static int is_out(uint32_t t)
{
	return t == TEE_PARAM_TYPE_VALUE_OUTPUT ||
	       t == TEE_PARAM_TYPE_VALUE_INOUT ||
	       t == TEE_PARAM_TYPE_MEMREF_OUTPUT ||
	       t == TEE_PARAM_TYPE_MEMREF_INOUT;
}

TEE_Result client_invoke(int fd, uint32_t session, uint32_t cmd,
			 struct tparam p[4], uint32_t *origin)
{
	size_t len = 13, i, n, off = 8;
	uint32_t types = 0;
	uint8_t *body, *q, *a;
	TEE_Result res;

	for (i = 0; i < 4; i++) {
		types |= p[i].type << (4 * i);
		if (is_memref(p[i].type))
			len += 4 + (is_in(p[i].type) ? p[i].size : 0);
		else if (p[i].type && is_in(p[i].type))
			len += 8;
	}
	body = malloc(len);
	if (!body)
		return PROTO_ERROR;
	body[0] = 2;
	le32(body + 1, session);
	le32(body + 5, cmd);
	le32(body + 9, types);
	q = body + 13;
	for (i = 0; i < 4; i++) {
		uint32_t t = p[i].type;

		if (is_memref(t)) {
			le32(q, p[i].size);
			q += 4;
			if (is_in(t) && p[i].size) {
				memcpy(q, p[i].in, p[i].size);
				q += p[i].size;
			}
		} else if (t && is_in(t)) {
			le32(q, p[i].a);
			le32(q + 4, p[i].b);
			q += 8;
		}
	}
	res = round_trip(fd, body, len, &a, &n, origin);
	free(body);
	if (res == PROTO_ERROR)
		return res;

	/* The param section, exactly as PROTOCOL.md lays it out. */
	for (i = 0; i < 4 && res != PROTO_ERROR; i++) {
		uint32_t t = p[i].type, size, k;

		if (!is_out(t))
			continue;
		if (!is_memref(t)) {
			if (n - off < 8) {
				res = PROTO_ERROR;
				break;
			}
			p[i].a = rd32(a + off);
			p[i].b = rd32(a + off + 4);
			off += 8;
			continue;
		}
		if (n - off < 4) {
			res = PROTO_ERROR;
			break;
		}
		size = rd32(a + off);
		off += 4;
		k = rd32(a) == TEE_ERROR_SHORT_BUFFER ? 0 :
		    size < p[i].size ? size : p[i].size;
		if (n - off < k) {
			res = PROTO_ERROR;
			break;
		}
		if (k && p[i].out)
			memcpy(p[i].out, a + off, k);
		off += k;
		p[i].size = size;
		p[i].out_len = k;
	}
	if (off != n)
		res = PROTO_ERROR;
	free(a);
	return res;
}
