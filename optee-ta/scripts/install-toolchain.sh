#!/bin/sh
# Installs what `make -C optee-ta test-all` needs: the host compiler (its
# libasan/libubsan serve test-asan), the armhf and arm64 cross compilers with
# their C libraries, qemu-user to run the cross-built tests, and OpenSSL for
# the emulated TEE's device keys (ta-host, host side only, never in the TA).
#
# Idempotent: packages already installed are left alone, and `apt-get update`
# runs only when something is missing. No `dpkg --add-architecture`: the cross
# toolchains carry their own libc (libc6-dev-*-cross), and a foreign
# architecture's apt index breaks `apt-get update` on our mirror.
set -eu

PACKAGES="make gcc libc6-dev patch python3
gcc-arm-linux-gnueabihf libc6-dev-armhf-cross
gcc-aarch64-linux-gnu libc6-dev-arm64-cross
qemu-user
libssl-dev
clang-14 libclang-rt-14-dev"

missing=""
for p in $PACKAGES; do
	# `dpkg -s` also answers for removed-but-not-purged packages, so insist
	# on the fully installed status line.
	if ! dpkg -s "$p" 2>/dev/null | grep -qx 'Status: install ok installed'; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	echo "install-toolchain: all present"
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if ! command -v sudo >/dev/null 2>&1; then
		echo "install-toolchain: missing$missing; run as root (or install sudo) to install them" >&2
		exit 1
	fi
	SUDO="sudo"
fi

# Wait for a concurrent apt/dpkg run (another setup script) instead of failing.
LOCK_WAIT="-o DPkg::Lock::Timeout=300"

echo "install-toolchain: installing$missing"
# shellcheck disable=SC2086 # word splitting of the option and list is intended
$SUDO apt-get $LOCK_WAIT update
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive \
	apt-get $LOCK_WAIT install -y --no-install-recommends $missing
