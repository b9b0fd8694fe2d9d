#!/bin/sh
# Installs on the system what the real-OP-TEE tests (npm run test:optee) need beyond
# scripts/install-toolchain.sh: qemu-system-aarch64 (bookworm's qemu-system-arm), cpio and gzip
# for the guests' initramfs, mke2fs for their disk images, xz for TF-A's source tarball, and
# Debian's own python3 with the two modules the TA dev kit's signing and ELF scripts import.
# Idempotent; everything else comes through a private apt (fetch.sh).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
sh "$here/../scripts/install-toolchain.sh"
exec sh "$here/../../scripts/apt-install-missing.sh" install-optee-host \
	qemu-system-arm cpio gzip e2fsprogs xz-utils python3-cryptography python3-pyelftools
