// SPDX-License-Identifier: Apache-2.0
/*
 * The TA's own cost, in process (no socket, no storage: sealing is a no-op
 * here): one commitment, the whole signing round trip of two TAs (commit x2,
 * prepare, cosign, finish), and the same for a babe-vrf slot claim. Prints JSON for `npm run bench`,
 * which reports it beside the socket figures and the single-key baseline
 * measured in the same run. Usage: bench_ta [milliseconds per case]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codec.h"
#include "ta_cluster.h"

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static uint64_t slot = 1;

static void one_commit(void)
{
	struct frost_commitment c;

	commit_one(0, "babe", &c);
}

static void one_signature(void)
{
	static uint8_t hdr[BUF];
	struct pair_result res;
	size_t len = babe_header(hdr, slot++, 1);

	sign_pair(0, 1, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
	if (res.rc[0] || res.rc[1]) {
		fprintf(stderr, "bench_ta: signing failed (%x, %x)\n", res.rc[0], res.rc[1]);
		exit(1);
	}
}

static void one_babe_vrf(void)
{
	uint8_t payload[48];
	struct vrf_run res;
	struct writer w;

	/* slot, epoch, randomness: the next slot each time, as a validator asks */
	writer_init(&w, payload, sizeof(payload));
	write_u64(&w, slot++);
	write_u64(&w, 1);
	memset(payload + 16, 0x5a, 32);
	vrf_pair(0, 1, TRIAD_KIND_BABE_VRF, "babe", payload, sizeof(payload), &res);
	if (res.rc[0] || res.rc[1]) {
		fprintf(stderr, "bench_ta: babe-vrf failed (%x, %x)\n", res.rc[0], res.rc[1]);
		exit(1);
	}
}

static void measure(const char *name, void (*fn)(void), double budget_ms, int last)
{
	double start, end;
	long ops = 0;

	for (start = now_us(); now_us() - start < budget_ms * 100;) /* warm-up: a tenth */
		fn();
	start = now_us();
	do {
		fn();
		ops++;
		end = now_us();
	} while (end - start < budget_ms * 1000);
	printf("  {\"name\": \"%s\", \"ops\": %ld, \"meanUs\": %.2f}%s\n", name, ops,
	       (end - start) / (double)ops, last ? "" : ",");
}

int main(int argc, char **argv)
{
	double budget_ms = argc > 1 ? atof(argv[1]) : 2000;

	cluster_with_key("babe", 0);
	printf("[\n");
	measure("TA in-process (C): one commitment", one_commit, budget_ms, 0);
	measure("TA in-process (C): 2-of-3 round trip (commit x2, prepare, cosign, finish)",
		one_signature, budget_ms, 0);
	measure("TA in-process (C): 2-of-3 babe-vrf round trip (commit x2, prepare, cosign, finish)",
		one_babe_vrf, budget_ms, 1);
	printf("]\n");
	return 0;
}
