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
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
	p=0
	f=0
	if [ -n "$line" ]; then
		p=${line%% passed*}
		f=${line#*, }
		f=${f%% failed}
	fi
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
