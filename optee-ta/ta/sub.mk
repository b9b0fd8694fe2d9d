# Sources of the Triad TA for the OP-TEE TA dev kit. The emulated build
# (mk/ta.mk) compiles exactly these files, so board and tests run one code base.
global-incdirs-y += include crypto core policy
srcs-y += triad_ta.c attest.c
srcs-y += core/attest_claims.c core/codec.c core/commands.c core/counter.c core/dkg.c
srcs-y += core/frost.c core/nonce_pool.c core/ristretto.c core/state.c
srcs-y += crypto/keccak.c crypto/strobe.c crypto/merlin.c
srcs-y += policy/scale.c policy/babe_header.c
subdirs-y += sodium
