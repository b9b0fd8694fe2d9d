#!/bin/sh
# Everything a guest needs, from nothing or from the cache: downloads, TF-A, the TA, triad-bridge,
# the initramfs. Each step says how long it took, so a CI log shows where the time goes.
set -eu
. "$(dirname "$0")/common.sh"
for step in fetch unpack build-tfa build-ta build-bridge build-addon mkinitramfs mkinitramfs-node; do
	start=$(date +%s)
	sh "$QEMU_DIR/$step.sh"
	say "$step: $(($(date +%s) - start)) s"
done
