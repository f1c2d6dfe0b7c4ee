#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Instructions per 4 KiB write into each kind of store (store.c), counted
# with callgrind in the userspace build (tests/unit/store_shim.h stands in
# for the kernel: glibc's memcpy/memset for the kernel's, a 64-way radix
# tree for the xarray):
#     instructions per write = (Ir(N2) - Ir(N1)) / (N2 - N1)
#
#   tests/unit/store_callgrind.sh        (or: make -C tests/unit store-callgrind)
set -euo pipefail

bin=${1:-$(dirname "$0")/build/store_cost}
n1=${N1:-10000}
n2=${N2:-50000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ir() {
	valgrind --tool=callgrind --callgrind-out-file="$tmp/out" "$bin" "$1" "$2" \
		2>/dev/null
	callgrind_annotate "$tmp/out" | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'
}

for kind in reserved sparse-over sparse-new; do
	a=$(ir "$kind" "$n1")
	b=$(ir "$kind" "$n2")
	awk -v k="$kind" -v a="$a" -v b="$b" -v n=$((n2 - n1)) \
		'BEGIN { printf "%-12s %8.1f instructions per 4 KiB write\n", k, (b - a) / n }'
done
