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

PACKAGES="make gcc libc6-dev patch xz-utils python3
gcc-arm-linux-gnueabihf libc6-dev-armhf-cross
gcc-aarch64-linux-gnu libc6-dev-arm64-cross
qemu-user
libssl-dev
clang-14 libclang-rt-14-dev"

# shellcheck disable=SC2086 # the list is meant to split into words
exec sh "$(dirname "$0")/../../scripts/apt-install-missing.sh" install-toolchain $PACKAGES
