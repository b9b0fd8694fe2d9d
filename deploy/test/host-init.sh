#!/bin/bash
# PID 1 of one test host, started by lab.mjs inside fresh mount, PID, UTS, IPC and network
# namespaces:  host-init.sh ROOTFS UPPER WORK MERGED HOSTNAME AUTHORIZED_KEYS
#
# The host's root is the shared debootstrap root under a private overlay, so hosts never see each
# other's files and the root stays clean. Every mount below lives in this mount namespace only:
# when this process tree ends (teardown, or the harness dying), the kernel drops them all.
set -euo pipefail
rootfs=$1 upper=$2 work=$3 root=$4 name=$5 keys=$6

mount --make-rprivate /
mount -t overlay overlay -o "lowerdir=$rootfs,upperdir=$upper,workdir=$work" "$root"
mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys"
mount -t tmpfs -o mode=0755,nosuid tmpfs "$root/dev"
for node in null zero full random urandom tty; do
	touch "$root/dev/$node"
	mount --bind "/dev/$node" "$root/dev/$node"
done
mkdir -p "$root/dev/pts" "$root/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$root/dev/pts"
ln -s pts/ptmx "$root/dev/ptmx"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$root/dev/shm"
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs "$root/run"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$root/tmp"

hostname "$name"
echo "$name" >"$root/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 %s\n' "$name" >"$root/etc/hosts"
mkdir -p "$root/run/sshd" "$root/root/.ssh"
install -m 0600 "$keys" "$root/root/.ssh/authorized_keys"
# Each host its own host keys (the shared root has none).
chroot "$root" ssh-keygen -A -q

# tini reaps what the playbook daemonizes; sshd logs to stderr, which lab.mjs keeps per host.
exec chroot "$root" /usr/bin/tini -- /usr/sbin/sshd -D -e -o PermitRootLogin=prohibit-password \
	-o PasswordAuthentication=no -o UseDNS=no
