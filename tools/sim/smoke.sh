#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A quick run of nvmev-sim (meant for its ASan/UBSan build): the simple
# FTL's exact timing, every workload and option path on every FTL built in,
# the check table on a small device, and bad options.  Prints PASS/FAIL per
# case and "N passed, N failed"; a sanitizer report fails its case.
#
#   tools/sim/smoke.sh [path/to/nvmev-sim]      (make -C tools/sim smoke)
set -uo pipefail

sim=${1:-$(dirname "$0")/build/nvmev-sim-asan}
# a sanitizer report exits 99 (not 1, which is --check's "a target failed")
export ASAN_OPTIONS=exitcode=99:detect_leaks=1
export UBSAN_OPTIONS=exitcode=99:print_stacktrace=1
passed=0
failed=0
out=$(mktemp)
plots=$(mktemp -d)
trap 'rm -rf "$out" "$plots"' EXIT

# --plot's cases need gnuplot: Debian's, without X11
if ! command -v gnuplot >/dev/null; then
	echo "smoke: apt-get install gnuplot-nox" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -qq --no-install-recommends gnuplot-nox >/dev/null ||
		{ apt-get update -qq >&2 &&
		  apt-get install -y -qq --no-install-recommends gnuplot-nox >/dev/null; }
fi

pass() {
	echo "PASS sim/$1"
	passed=$((passed + 1))
}

fail() {
	echo "FAIL sim/$1: $2"
	sed 's/^/    /' "$out" | tail -n 20
	failed=$((failed + 1))
}

# expect NAME RC ARGS...: runs the simulator, wants exit status RC
expect() {
	local name=$1 want=$2 rc

	shift 2
	timeout 120 "$sim" "$@" >"$out" 2>&1
	rc=$?
	if grep -q 'ERROR: AddressSanitizer\|runtime error:\|LeakSanitizer' "$out"; then
		fail "$name" "sanitizer report"
	elif [ "$rc" -ne "$want" ]; then
		fail "$name" "exit status $rc, expected $want"
	else
		pass "$name"
		return 0
	fi
	return 1
}

# field KEY: a value from the --terse line in $out
field() {
	sed -n "s/.* $1=\([^ ]*\).*/\1/p; s/^$1=\([^ ]*\).*/\1/p" "$out" | head -n 1
}

# equal NAME ACTUAL EXPECTED
equal() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "got $2, expected $3"
	fi
}

# The simple FTL to the nanosecond: 10 us + 4096 B at 2400 MB/s (1706 ns).
if expect simple_qd1_read 0 --ftl=simple --rw=randread --bs=4k \
	--iodepth=1 --io=2000 --terse; then
	equal simple_qd1_read_mean "$(field lat_mean_us)" 11.706
	equal simple_qd1_read_p99 "$(field lat_p99_us)" 11.706
fi
# QD32 saturates the link: 2400 MB/s, less the rounding of 1706 ns.
if expect simple_qd32_write 0 --ftl=simple --rw=write --bs=128k \
	--iodepth=32 --io=4000 --warmup --terse; then
	equal simple_qd32_write_mbps "$(field mbps)" 2400.0
fi
expect simple_randrw 0 --ftl=simple --rw=randrw --rwmixread=70 --bs=8k \
	--iodepth=4 --span=10% --size=16m --read-ns=5000 --write-ns=20000 \
	--bandwidth-mbps=0

for ftl in $("$sim" --list | sed -n 's/^FTLs://p'); do
	# simple is timed above; zns takes zoned workloads only (below)
	[ "$ftl" = simple ] || [ "$ftl" = zns ] && continue
	for rw in read write randread randwrite randrw; do
		expect "${ftl}_$rw" 0 --ftl="$ftl" --capacity=256m --rw="$rw" \
			--bs=16k --iodepth=8 --io=4000 --precondition=seq \
			--warmup=5 --seed=7
	done
	expect "${ftl}_show" 0 --ftl="$ftl" --capacity=128m --rw=randwrite \
		--iodepth=16 --span=50% --size=64m --show
	expect "${ftl}_steady" 0 --ftl="$ftl" --capacity=64m \
		--rw=randwrite --iodepth=32 --io=5000 --precondition=steady
	expect "${ftl}_converge" 0 --ftl="$ftl" --capacity=64m \
		--rw=randwrite --iodepth=32 --io=5000 --precondition=converge
	expect "${ftl}_map_unit" 0 --ftl="$ftl" --capacity=64m \
		--map-unit-kib=16 --pages-per-block=64 --rw=randwrite \
		--iodepth=32 --io=5000 --precondition=steady --show
	expect "${ftl}_mem_budget" 0 --ftl="$ftl" --capacity=64m \
		--mem-budget=64k --rw=randrw --bs=2k --iodepth=8 --io=5000 \
		--precondition=seq --show
	expect "${ftl}_overrides" 0 --ftl="$ftl" --capacity=256m \
		--channels=4 --dies-per-channel=2 --nand-read-ns=50000 \
		--nand-prog-ns=400000 --nand-erase-ns=3000000 \
		--write-buffer-kib=1024 --op-percent=20 --bandwidth-mbps=2000 \
		--rw=randread --io=2000 --precondition=seq
	# exercises every target's path; the figures do not matter here
	timeout 300 "$sim" --ftl="$ftl" --check --capacity=64m --io=3000 \
		>"$out" 2>&1
	rc=$?
	if grep -q 'ERROR: AddressSanitizer\|runtime error:\|LeakSanitizer' "$out"; then
		fail "${ftl}_check" "sanitizer report"
	elif [ "$rc" -gt 1 ] || ! grep -qE '^[0-9]+ passed, [0-9]+ failed$' "$out"; then
		fail "${ftl}_check" "exit status $rc"
	else
		pass "${ftl}_check"
	fi
done

# Hot and cold data on handles of their own, then on one.
if expect fdp_hotcold_separate 0 --ftl=fdp --capacity=128m --rw=hotcold \
	--span=90% --hot=10% --iodepth=32 --precondition=seq \
	--placement=hotcold --size=384m --warmup=33 --terse; then
	separate=$(field waf)
	if expect fdp_hotcold_mixed 0 --ftl=fdp --capacity=128m --rw=hotcold \
		--span=90% --hot=10% --iodepth=32 --precondition=seq \
		--size=384m --warmup=33 --terse; then
		equal fdp_hotcold_waf_falls \
			"$(awk -v s="$separate" -v m="$(field waf)" \
			   'BEGIN { print (s < 1.2 && m > 1.5) ? "yes" : s " vs " m }')" yes
	fi
fi
expect fdp_persistent_ruhs 0 --ftl=fdp --fdp-rgs=2 --fdp-ruhs=4 \
	--fdp-persistent-ruhs=2 --rg=1 --ruh=2 --placement=hotcold \
	--rw=hotcold --capacity=64m --size=128m --precondition=steady
# Zoned: writers fill zones of their own and reset them; no GC, WAF 1.
if expect zns_one_zone 0 --ftl=zns --capacity=256m --rw=zonewrite \
	--zones=1 --bs=64k --iodepth=8 --size=768m --terse; then
	equal zns_one_zone_waf "$(field waf)" 1.000
	equal zns_one_zone_resets "$(field resets)" 171
fi
if expect zns_many_zones 0 --ftl=zns --capacity=256m --rw=zonewrite \
	--zones=8 --max-open-zones=4 --bs=16k --iodepth=32 --size=512m \
	--show; then
	equal zns_many_zones_implicit_closes \
		"$(sed -n 's/^implicit_closes: //p' "$out" | awk '{ print ($1 > 0) }')" 1
fi
expect zns_randread 0 --ftl=zns --capacity=128m --rw=randread --bs=4k \
	--iodepth=16 --io=4000 --precondition=seq
expect zns_read_zone_geometry 0 --ftl=zns --capacity=128m --rw=read \
	--zone-size=2m --zone-capacity=1536k --zrwa=64k --max-active-zones=6 \
	--bs=512k --iodepth=4 --io=500 --precondition=seq --show
expect zns_bad_zone_size 1 --ftl=zns --capacity=64m --zone-size=3m \
	--rw=zonewrite
expect zns_bad_zrwa 1 --ftl=zns --capacity=64m --zrwa=12k --rw=zonewrite
expect zns_too_many_writers 1 --ftl=zns --capacity=64m --rw=zonewrite \
	--zones=1000
expect zns_writers_past_active 1 --ftl=zns --capacity=64m --rw=zonewrite \
	--zones=6 --max-active-zones=4
expect zns_span_without_zone 1 --ftl=zns --capacity=64m --rw=read \
	--span=512k
expect zns_no_random_writes 1 --ftl=zns --capacity=64m --rw=randwrite
expect zns_no_steady 1 --ftl=zns --capacity=64m --rw=read \
	--precondition=steady
expect zns_no_check 2 --ftl=zns --check
expect conv_has_no_handles 1 --ftl=conv --ruh=1 --rw=randwrite --capacity=64m
expect fdp_no_such_handle 1 --ftl=fdp --fdp-ruhs=2 --ruh=1 \
	--placement=hotcold --rw=hotcold --capacity=64m
expect fdp_bad_ruhs 1 --ftl=fdp --fdp-ruhs=0 --capacity=64m
expect bad_map_unit 1 --map-unit-kib=12 --capacity=64m
expect bad_mem_budget 2 --mem-budget=lots
expect bad_placement 2 --placement=sideways
expect bad_hot 2 --hot=0%
expect bad_rw 2 --rw=sideways
expect bad_bs 2 --bs=1000
expect bad_size 2 --capacity=12q
expect bad_span 2 --span=101%
expect bad_profile 2 --profile=nope
expect bad_ftl 1 --ftl=nope
expect bad_arg 2 stray
expect list 0 --list
expect help 0 --help

# is_png NAME FILE: FILE is a non-empty PNG (its 8-byte signature)
is_png() {
	if [ "$(head -c 8 "$2" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = \
	     89504e470d0a1a0a ]; then
		pass "$1"
	else
		fail "$1" "$2 is not a PNG"
	fi
}

# Both panels (conv counts WAF and GC), then the CDF alone (simple does not)
if expect plot_conv 0 --ftl=conv --capacity=64m --rw=randwrite \
	--iodepth=16 --size=192m --precondition=seq --warmup \
	--plot="$plots/conv.png"; then
	equal plot_conv_no_warnings "$(grep -ci warning "$out")" 0
	is_png plot_conv_png "$plots/conv.png"
	equal plot_conv_files "$(cd "$plots" && echo conv.*)" \
		"conv.cdf.dat conv.gp conv.png conv.time.dat"
fi
if expect plot_simple 0 --ftl=simple --rw=randrw --io=2000 \
	--read-ns=0 --plot="$plots/simple.png"; then
	equal plot_simple_no_warnings "$(grep -ci warning "$out")" 0
	is_png plot_simple_png "$plots/simple.png"
fi
expect plot_not_png 2 --plot="$plots/x.svg"
expect plot_with_check 2 --check --plot="$plots/x.png"
expect plot_no_dir 1 --io=100 --plot="$plots/none/x.png"
# no gnuplot: refused before the run, saying what to install (a PATH
# with only what expect runs)
mkdir "$plots/bin"
ln -s "$(command -v timeout)" "$(command -v grep)" "$plots/bin/"
if PATH=$plots/bin expect plot_no_gnuplot 1 --io=100 \
	--plot="$plots/y.png"; then
	equal plot_no_gnuplot_says "$(grep -c 'apt-get install gnuplot-nox' "$out")" 1
fi

# The progress line: on a terminal (script(1) makes one) once a run has
# taken half a second (this one takes seconds), never into a file
if expect progress_not_a_tty 0 --rw=randwrite --capacity=64m --io=20000; then
	equal progress_not_a_tty_quiet "$(grep -c 'I/Os' "$out")" 0
fi
script -qec "$(readlink -f "$sim") --rw=randwrite --capacity=64m --io=3000000" \
	/dev/null >"$out" 2>&1
if tr '\r' '\n' <"$out" | grep -q '^run: [0-9]* / 3000000 I/Os ([0-9]*%)'; then
	pass progress_on_a_tty
else
	fail progress_on_a_tty "no 'run: N / 3000000 I/Os (P%)' line"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
