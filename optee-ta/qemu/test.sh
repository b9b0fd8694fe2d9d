#!/bin/sh
# npm run test:optee: prepares the guests (prepare.sh), then runs test/optee under jest, one file
# at a time (at most three guests at once). Whatever ends the run (failure, timeout, a signal),
# no guest, disk image or port is left: each guest dies with the jest process that booted it
# (boot.sh: pdeathsig), this script kills jest on exit and removes the run directory, and a run
# directory whose owner was SIGKILLed is removed by the next run.
set -eu
. "$(dirname "$0")/common.sh"
start=$(date +%s)
sh "$QEMU_DIR/install-host.sh"
sh "$QEMU_DIR/prepare.sh"
say "guests prepared in $(($(date +%s) - start)) s"

# The guests' disk images and logs live in a run directory; TRIAD_OPTEE_RUN_DIR tells the tests.
# One left by a run that was SIGKILLed (its owner gone) is removed first.
for old in "${TMPDIR:-/tmp}"/triad-optee.*; do
	if [ -f "$old/owner" ] && ! kill -0 "$(cat "$old/owner")" 2>/dev/null; then rm -rf "$old"; fi
done
run_dir=$(mktemp -d "${TMPDIR:-/tmp}/triad-optee.XXXXXX")
echo $$ >"$run_dir/owner"
jest=""
cleanup() {
	trap - EXIT INT TERM
	# The guests die with the jest process that booted them (boot.sh: pdeathsig).
	[ -z "$jest" ] || kill -KILL "$jest" 2>/dev/null || true
	rm -rf "$run_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# What every test below runs on, named by the packages it came from.
debs=$(cd "$CACHE/debs" && ls optee-os_* linux-image-* u-boot-qemu_* | sed 's/_all.deb$//; s/_arm64.deb$//' | tr '\n' ' ')
say "every test below runs against Triad TAs in real OP-TEE: qemu-system-aarch64 guests of"
say "  $debs+ TF-A $(ls "$CACHE"/src/*.dsc | sed 's|.*/||; s|\.dsc$||'), $(qemu-system-aarch64 --version | head -n 1)"
cd "$REPO"
TRIAD_OPTEE_RUN_DIR=$run_dir node --experimental-vm-modules --no-warnings=ExperimentalWarning \
	node_modules/jest/bin/jest.js --config jest.optee.config.js --runInBand --verbose "$@" &
jest=$!
status=0
wait "$jest" || status=$?
jest=""
say "done in $(($(date +%s) - start)) s (jest exit $status)"
exit "$status"
