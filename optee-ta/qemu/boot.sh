#!/bin/sh
# Boots one guest: TF-A, OP-TEE OS in the secure world, U-Boot, Linux with guest/init, the REE FS
# on DISK (an ext4 image the guest mounts with -o sync), triad-bridge reachable at
# 127.0.0.1:PORT. The normal world's console is this script's stdout, the secure world's goes to
# SECURE_LOG. Bounded twice: the guest dies with its parent (pdeathsig, even a SIGKILLed one) and
# after TRIAD_OPTEE_GUEST_SECONDS (default 900) whatever happens.
#
# Usage: boot.sh DISK PORT SECURE_LOG [INITRD]   (INITRD in the cache's out/: rootfs.cpio.gz, or
# rootfs-node.cpio.gz for the guest that also runs Node)
set -eu
. "$(dirname "$0")/common.sh"
[ $# -eq 3 ] || [ $# -eq 4 ] || die "usage: boot.sh DISK PORT SECURE_LOG [INITRD]"
disk=$(realpath "$1")
port=$2
secure_log=$(realpath "$3")
initrd=${4:-rootfs.cpio.gz}
[ -f "$OUT/$initrd" ] || die "no $initrd: run prepare.sh"
# TF-A loads bl2, bl31, bl32* and bl33 by semihosting, from the current directory.
cd "$OUT"
exec setpriv --pdeathsig KILL timeout -s KILL "${TRIAD_OPTEE_GUEST_SECONDS:-900}" \
	setpriv --pdeathsig KILL qemu-system-aarch64 \
	-machine virt,secure=on,gic-version=3 -cpu cortex-a57 -smp 1 -m 1057 \
	-bios bl1.bin -semihosting-config enable=on,target=native \
	-kernel Image -initrd "$initrd" -append 'console=ttyAMA0 rdinit=/init quiet' \
	-nodefaults -display none -no-reboot \
	-serial stdio -serial "file:$secure_log" \
	-drive "if=none,id=ree,file=$disk,format=raw" -device virtio-blk-device,drive=ree \
	-netdev "user,id=net,restrict=on,hostfwd=tcp:127.0.0.1:$port-:7000" \
	-device virtio-net-device,netdev=net
