#!/bin/bash
# `make test`: the userspace unit tests, the offline simulator (its
# ASan/UBSan smoke test, then every preset against its data sheet), then the
# VM suite on both kernels.
# Each prints its own "N passed, N failed"; the last line sums them.
# Exits non-zero when anything failed or did not run.
set -uo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
boot_before=$(mktemp)
trap 'rm -f "$log" "$boot_before"' EXIT

# The host's boot state before anything is installed (.ci/run records it
# before its own setup in NVMEV_BOOT_STATE); compared at the end.
if [ -n "${NVMEV_BOOT_STATE:-}" ] && [ -e "$NVMEV_BOOT_STATE" ]; then
	cp "$NVMEV_BOOT_STATE" "$boot_before"
else
	tests/host/boot_state.sh >"$boot_before"
fi

make -s -C tests/unit run 2>&1 | tee "$log"
unit_rc=${PIPESTATUS[0]}
unit_summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)

# a model that never finishes fails here, not hangs the run
timeout 600 make -s -C tools/sim smoke 2>&1 | tee "$log"
smoke_rc=${PIPESTATUS[0]}
smoke_summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)

timeout 600 make -s sim-check 2>&1 | tee "$log"
sim_rc=${PIPESTATUS[0]}
sim_summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)

tests/vm/run.sh test "$@" 2>&1 | tee "$log"
vm_rc=${PIPESTATUS[0]}
vm_summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)

# Setup unpacks kernels and headers into .cache; it must never install a
# kernel image on the host, nor touch /boot or GRUB.
if tests/host/boot_state.sh | diff -u "$boot_before" - >"$log"; then
	echo "PASS host_boot_untouched"
	host_summary="1 passed, 0 failed"
else
	echo "FAIL host_boot_untouched: the host's boot state changed:"
	cat "$log"
	host_summary="0 passed, 1 failed"
fi

passed=0
failed=0
for summary in "$host_summary" \ "$unit_summary" "$smoke_summary" "$sim_summary" \
	"$vm_summary"; do
	if [ -z "$summary" ]; then
		failed=$((failed + 1))	# a suite that reported nothing failed
		continue
	fi
	passed=$((passed + ${summary%% passed*}))
	failed=$((failed + $(echo "$summary" | sed 's/.*, \([0-9]*\) failed/\1/')))
done
[ "$unit_rc" -eq 0 ] && [ "$smoke_rc" -eq 0 ] && [ "$sim_rc" -eq 0 ] &&
	[ "$vm_rc" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1

echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
