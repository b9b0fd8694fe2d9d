#!/bin/sh
# Fetches libsecp256k1's source, as Debian bookworm ships it, into
# third_party/libsecp256k1/ (git-ignored): the TA compiles it itself as one
# unit (mk/libsecp256k1.mk, ta/secp256k1/), with our configuration (no asm,
# small static tables, the recovery module, no malloc), because a
# Linux-built libsecp256k1.a cannot be linked into an OP-TEE TA and Debian's
# configure choices are not ours. How (authenticated by the Debian archive
# key, a private apt, Debian's patches applied, idempotent with a stamp): the
# shared scripts/fetch-debian-source.sh.
#
# bookworm ships 0.2.0-2 (no Debian patches). The version is pinned so that
# test and board builds compile the same code, and because the TA reaches
# the library's internal functions (ta/crypto/secp256k1_ops.c), which change
# between upstream releases: if Debian replaces it, the fetch fails and says
# so; read the new changelog, check secp256k1_ops.c against the new
# internals, then bump DEB_VERSION.
#
# Usage: scripts/fetch-libsecp256k1.sh [DEST]   (DEST: default third_party/libsecp256k1)
set -eu

DEB_VERSION=0.2.0-2

here=$(cd "$(dirname "$0")/.." && pwd)
exec sh "$here/scripts/fetch-debian-source.sh" libsecp256k1 "$DEB_VERSION" \
	"${1:-$here/third_party/libsecp256k1}"
