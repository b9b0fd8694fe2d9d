# Sources of the Triad TA for the OP-TEE TA dev kit. The emulated build
# (mk/ta.mk) compiles exactly these files (ta/files.mk), so board and tests
# run one code base.
include $(sub-dir)/files.mk
global-incdirs-y += include crypto core policy
srcs-y += $(TRIAD_ENTRY_FILES) $(TRIAD_CORE_FILES) $(TRIAD_CRYPTO_FILES) $(TRIAD_POLICY_FILES)
subdirs-y += sodium secp256k1
