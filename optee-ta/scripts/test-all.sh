#!/bin/sh
# Runs every test target in turn, even after one fails, then prints one total
# line, "test-all: N passed, M failed", as the last line of the output.
# Usage: test-all.sh MAKE TARGET...   (called by `make test-all`)
set -u

make_cmd=$1
shift
mkdir -p build
passed=0
failed=0
broken=""

for target in "$@"; do
	log="build/$target.log"
	$make_cmd --no-print-directory "$target" >"$log" 2>&1
	rc=$?
	cat "$log"
	# Every test program of the target prints its own count line: add them up.
	p=$(sed -n 's/^\([0-9]*\) passed, [0-9]* failed$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^[0-9]* passed, \([0-9]*\) failed$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	# A build error or a crash fails with no failed test to show for it:
	# count the whole target as one failure.
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		broken="$broken $target"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
done

if [ -n "$broken" ]; then
	echo "test-all: did not complete:$broken" >&2
fi
echo "test-all: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
