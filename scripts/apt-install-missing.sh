#!/bin/sh
# apt-install-missing.sh WHO PACKAGE...: installs the Debian packages that are not installed yet,
# saying so as WHO. Idempotent: nothing happens (not even `apt-get update`) when all are present.
# Needs root or sudo only when something is missing.
set -eu
who=$1
shift

missing=""
for p in "$@"; do
	# `dpkg -s` also answers for removed-but-not-purged packages, so insist
	# on the fully installed status line.
	if ! dpkg -s "$p" 2>/dev/null | grep -qx 'Status: install ok installed'; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	echo "$who: all present"
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if ! command -v sudo >/dev/null 2>&1; then
		echo "$who: missing$missing; run as root (or install sudo) to install them" >&2
		exit 1
	fi
	SUDO="sudo"
fi

# Wait for a concurrent apt/dpkg run (another setup script) instead of failing.
LOCK_WAIT="-o DPkg::Lock::Timeout=300"

echo "$who: installing$missing"
# shellcheck disable=SC2086 # word splitting of the option and list is intended
$SUDO apt-get $LOCK_WAIT update
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive \
	apt-get $LOCK_WAIT install -y --no-install-recommends $missing
