/* SPDX-License-Identifier: Apache-2.0 */
/*
 * OP-TEE's TA trace macros (EMSG error, IMSG info, DMSG debug, FMSG flow),
 * reaching a TA through <tee_internal_api.h> as on a board. In emulation
 * they print to ta-host's stderr; DMSG and FMSG only when the TA is built
 * with -DCFG_TEE_TA_LOG_LEVEL=3 or 4 (OP-TEE's default TA level is 1,
 * errors only, and IMSG is level 2; we print IMSG too, a dev build is
 * chattier than a board).
 */
#ifndef TEE_EMUL_TRACE_H
#define TEE_EMUL_TRACE_H

#ifndef CFG_TEE_TA_LOG_LEVEL
#define CFG_TEE_TA_LOG_LEVEL 2
#endif

void tee_emul_trace(int level, const char *func, int line, const char *fmt,
		    ...) __attribute__((format(printf, 4, 5)));

#define EMSG(...) tee_emul_trace(1, __func__, __LINE__, __VA_ARGS__)
#define IMSG(...)                                                      \
	do {                                                           \
		if (CFG_TEE_TA_LOG_LEVEL >= 2)                         \
			tee_emul_trace(2, __func__, __LINE__, __VA_ARGS__); \
	} while (0)
#define DMSG(...)                                                      \
	do {                                                           \
		if (CFG_TEE_TA_LOG_LEVEL >= 3)                         \
			tee_emul_trace(3, __func__, __LINE__, __VA_ARGS__); \
	} while (0)
#define FMSG(...)                                                      \
	do {                                                           \
		if (CFG_TEE_TA_LOG_LEVEL >= 4)                         \
			tee_emul_trace(4, __func__, __LINE__, __VA_ARGS__); \
	} while (0)

#endif /* TEE_EMUL_TRACE_H */
