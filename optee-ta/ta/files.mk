# The Triad TA's C sources, relative to ta/: the one list that the board
# build (ta/sub.mk) and every emulated and test build (mk/*.mk) read, so a
# new file is added here once and reaches every target.

# GP-bound: the entry points, sealed storage and the attestation PTA call.
TRIAD_ENTRY_FILES := triad_ta.c sealed_state.c attest.c
# The protocol steps, over the state, without the GP API (unit-tested).
TRIAD_CORE_FILES := core/attest_claims.c core/codec.c core/context.c core/counter_msg.c \
	core/dkg.c core/ecdsa_sign.c core/frost.c core/frost_secp256k1.c core/frost_suite.c core/keys.c \
	core/nonce_pool.c core/pairwise.c core/ristretto.c \
	core/sign.c core/sign_request.c core/state.c core/vrf.c core/vrf_sign.c \
	core/vrf_transcript.c core/store.c core/unlock.c
# Keccak-f[1600], STROBE-128, Merlin.
TRIAD_CRYPTO_FILES := crypto/keccak.c crypto/strobe.c crypto/merlin.c
# The parsers of what the TA is asked to sign (no libsodium: fuzzed alone).
TRIAD_PARSER_FILES := policy/scale.c policy/babe_header.c
# One file per request kind (its parser and rule), and the table of rules.
TRIAD_POLICY_FILES := $(TRIAD_PARSER_FILES) policy/babe_seal.c policy/raw.c \
	policy/ownership_proof.c policy/babe_vrf.c policy/assignment_vrf.c policy/grandpa_vote.c \
	policy/para_log.c policy/para_statement.c policy/beefy_commitment.c policy/rules.c
