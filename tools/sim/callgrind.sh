#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Instructions per I/O of the conv FTL, measured with callgrind.
#
#   tools/sim/callgrind.sh [path/to/nvmev-sim]     (or: make -C tools/sim callgrind)
#   FTL=zns tools/sim/callgrind.sh                 (make -C tools/sim zns-callgrind)
#
# Replays N1 and then N2 4 KiB random writes (and, separately, reads) on a
# preconditioned device under valgrind --tool=callgrind.  Everything but the
# measured commands (start-up, FTL creation, preconditioning, the report) is
# the same in both runs, so it cancels:
#     instructions per I/O = (Ir(N2) - Ir(N1)) / (N2 - N1)
# The per-function table is the same difference, function by function.
# The total includes the simulator's own loop (heap, generator, histogram);
# "in FTL" is the inclusive cost of the FTL's ->submit() alone (the part
# the module pays per command in its dispatcher).
#
# Environment: FTL (conv), PROFILE (the FTL's default), CAPACITY (1g),
# QD (32), N1 (50000), N2 (150000), SEED (1), TOP (15 functions),
# WRITE_PRECOND (steady), READ_PRECOND (seq), KEEP=1 keeps the
# callgrind.out files (their directory is printed).
# With FTL=zns the writes are --rw=zonewrite (ZONES writers, default 1,
# each filling zones of its own and resetting them before reuse, so the
# resets' cost is in the figure too) on an empty device, not random ones.
set -euo pipefail

sim=${1:-$(dirname "$0")/nvmev-sim}
ftl=${FTL:-conv}
capacity=${CAPACITY:-1g}
qd=${QD:-32}
n1=${N1:-50000}
n2=${N2:-150000}
seed=${SEED:-1}
top=${TOP:-15}
write_precond=${WRITE_PRECOND:-steady}
read_precond=${READ_PRECOND:-seq}
write_rw=randwrite
zone_opt=()
if [ "$ftl" = zns ]; then
	write_rw=zonewrite
	write_precond=${WRITE_PRECOND:-none}
	zone_opt=(--zones="${ZONES:-1}")
fi
profile_opt=()
[ -n "${PROFILE:-}" ] && profile_opt=(--profile="$PROFILE")

if ! command -v valgrind >/dev/null; then
	echo "callgrind.sh: valgrind is not installed" >&2
	exit 1
fi
if [ ! -x "$sim" ]; then
	echo "callgrind.sh: $sim not found; run make -C tools/sim first" >&2
	exit 1
fi
if [ "$n2" -le "$n1" ]; then
	echo "callgrind.sh: N2 must be larger than N1" >&2
	exit 1
fi

out=$(mktemp -d)
if [ "${KEEP:-0}" = 1 ]; then
	echo "callgrind files in $out"
else
	trap 'rm -rf "$out"' EXIT
fi

# run NAME RW PRECOND N: one callgrind run; prints its total Ir
run() {
	local file="$out/$1.$4"

	valgrind --tool=callgrind --callgrind-out-file="$file" \
		"$sim" --ftl="$ftl" "${profile_opt[@]}" --capacity="$capacity" \
		--rw="$2" "${zone_opt[@]}" --bs=4k --iodepth="$qd" \
		--precondition="$3" \
		--io="$4" --seed="$seed" --terse \
		>"$file.stdout" 2>"$file.log" || {
		echo "callgrind.sh: the $1 run failed; see below" >&2
		tail -n 20 "$file.log" >&2
		exit 1
	}
	sed -n 's/^summary: //p' "$file"
}

# functions FILE [yes]: "Ir function" per line, every function; self cost,
# or inclusive with "yes"
functions() {
	callgrind_annotate --auto=no --threshold=100 --inclusive="${2:-no}" "$1" |
		awk '/file:function/ { on = 1; next }
		     on && /^ *[0-9,]+ / {
			ir = $1; gsub(",", "", ir)
			fn = $0; sub(/^ *[0-9,]+ *(\([ 0-9.%]*\))? */, "", fn)
			sub(/ \[.*\]$/, "", fn)
			print ir, fn }'
}

# deltas NAME: "instr/IO<TAB>function" per function, N1 to N2, largest first
deltas() {
	join -t $'\t' -a 2 -e 0 -o 0,1.2,2.2 \
		<(functions "$out/$1.$n1" | tab | sort -t $'\t' -k1,1) \
		<(functions "$out/$1.$n2" | tab | sort -t $'\t' -k1,1) |
		awk -F '\t' -v n="$((n2 - n1))" '
			{ printf "%.1f\t%s\n", ($3 - $2) / n, $1 }' |
		sort -t $'\t' -k1,1 -rn
}

# tab: "Ir function" to "function<TAB>Ir"
tab() {
	awk '{ ir = $1; sub(/^[0-9]+ /, ""); print $0 "\t" ir }'
}

# submit_ir FILE: inclusive Ir of replay.c's submit(), i.e. of the FTL
submit_ir() {
	functions "$1" yes |
		awk '$2 ~ /(^|\/)replay\.c:submit$/ && !done { print $1; done = 1 }'
}

# measure NAME RW PRECOND
measure() {
	local ir1 ir2 model s1 s2

	ir1=$(run "$1" "$2" "$3" "$n1")
	ir2=$(run "$1" "$2" "$3" "$n2")
	deltas "$1" >"$out/$1.deltas"
	# the FTL's share: everything under its ->submit(), libc calls included
	s1=$(submit_ir "$out/$1.$n1")
	s2=$(submit_ir "$out/$1.$n2")
	model=$(echo "(${s2:-0} - ${s1:-0}) / ($n2 - $n1)" | bc -l)
	printf '%-6s %-10s %-8s %10s %14s %14s %9.1f %9.1f\n' "$1" "$2" "$3" \
		"$((n2 - n1))" "$ir1" "$ir2" \
		"$(echo "($ir2 - $ir1) / ($n2 - $n1)" | bc -l)" "$model"
}

echo "ftl=$ftl ${PROFILE:+profile=$PROFILE }capacity=$capacity bs=4k iodepth=$qd seed=$seed N1=$n1 N2=$n2 ${zone_opt[*]}"
printf '%-6s %-10s %-8s %10s %14s %14s %9s %9s\n' "" rw precond "N2-N1" \
	"Ir(N1)" "Ir(N2)" "instr/IO" "in FTL"
measure write "$write_rw" "$write_precond"
measure read randread "$read_precond"

for name in write read; do
	echo
	echo "$name: instructions per I/O by function (self, top $top)"
	awk -F '\t' '$1 >= 0.1 { printf "%10.1f  %s\n", $1, $2 }' \
		"$out/$name.deltas" | head -n "$top"
done
