# Sources of the Triad TA for the OP-TEE TA dev kit. The emulated build
# (mk/ta.mk) compiles exactly these files, so board and tests run one code base.
global-incdirs-y += include crypto core policy
srcs-y += triad_ta.c
srcs-y += core/codec.c core/commands.c core/dkg.c core/frost.c core/nonce_pool.c
srcs-y += core/ristretto.c core/state.c
srcs-y += crypto/keccak.c crypto/strobe.c crypto/merlin.c
srcs-y += policy/scale.c policy/babe_header.c
subdirs-y += sodium
