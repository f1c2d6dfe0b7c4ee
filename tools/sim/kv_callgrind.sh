#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Instructions per kv put and get, measured with callgrind.
#
#   tools/sim/kv_callgrind.sh [path/to/kvload]     (or: make -C tools/sim kv-callgrind)
#
# Runs kvload (16-byte keys; every key stored once, then random puts that
# overwrite, or random gets) with N1 and then N2 commands under valgrind
# --tool=callgrind, for 64 B, 4 KiB and 64 KiB values.  Start-up and the
# fill are the same in both runs and cancel:
#     instructions per op = (Ir(N2) - Ir(N1)) / (N2 - N1)
# "in FTL" is the inclusive cost of kv_ftl_exec() alone (what the module's
# dispatcher pays: index, allocation, compaction and the flash model); the
# total adds kvload's own loop and the value copy a worker does.
#
# Environment: CAPACITY (MiB, 256), N1 (10000), N2 (30000), SIZES
# ("64 4096 65536").
set -euo pipefail

load=${1:-$(dirname "$0")/kvload}
capacity=${CAPACITY:-256}
n1=${N1:-10000}
n2=${N2:-30000}
sizes=${SIZES:-"64 4096 65536"}

command -v valgrind >/dev/null || { echo "kv_callgrind.sh: valgrind is not installed" >&2; exit 1; }
[ -x "$load" ] || { echo "kv_callgrind.sh: $load not found; run make -C tools/sim first" >&2; exit 1; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# run OP BYTES N: one callgrind run; prints "total in_ftl" Ir
run() {
	local file="$out/$1.$2.$3" total ftl
	valgrind --tool=callgrind --callgrind-out-file="$file" "$load" \
		--op="$1" --bytes="$2" --ops="$3" --capacity="$capacity" \
		>"$file.stdout" 2>"$file.log" || {
		echo "kv_callgrind.sh: the $1 $2 run failed" >&2
		tail -n 20 "$file.log" >&2
		exit 1
	}
	total=$(sed -n 's/^summary: //p' "$file")
	ftl=$(callgrind_annotate --auto=no --threshold=100 --inclusive=yes "$file" |
		awk '/kv_ftl\.c:kv_ftl_exec/ && !done { gsub(",", "", $1); print $1; done = 1 }')
	echo "$total ${ftl:-0}"
}

echo "kvload: capacity=${capacity}MiB keys=16B N1=$n1 N2=$n2"
printf '%-4s %8s %12s %12s\n' op bytes instr/op "in FTL"
for op in put get; do
	for bytes in $sizes; do
		read -r t1 f1 < <(run "$op" "$bytes" "$n1")
		read -r t2 f2 < <(run "$op" "$bytes" "$n2")
		printf '%-4s %8s %12.1f %12.1f\n' "$op" "$bytes" \
			"$(echo "($t2 - $t1) / ($n2 - $n1)" | bc -l)" \
			"$(echo "($f2 - $f1) / ($n2 - $n1)" | bc -l)"
	done
done
