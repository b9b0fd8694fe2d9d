#!/bin/sh
# Fetches libsodium's source, as Debian bookworm ships it, into
# third_party/libsodium/ (git-ignored): the TA compiles a list of its files
# itself (mk/libsodium.mk), because a Linux-built libsodium.a cannot be linked
# into an OP-TEE TA. How (authenticated by the Debian archive key, a private
# apt, Debian's patches applied, idempotent with a stamp): the shared
# scripts/fetch-debian-source.sh.
#
# The version is pinned so that test and board builds compile the same code;
# if Debian replaces it (a point release), the fetch fails and says so: read
# the new Debian changelog, then bump DEB_VERSION.
#
# Usage: scripts/fetch-libsodium.sh [DEST]   (DEST: default third_party/libsodium)
set -eu

DEB_VERSION=1.0.18-1+deb12u1

here=$(cd "$(dirname "$0")/.." && pwd)
exec sh "$here/scripts/fetch-debian-source.sh" libsodium "$DEB_VERSION" \
	"${1:-$here/third_party/libsodium}"
