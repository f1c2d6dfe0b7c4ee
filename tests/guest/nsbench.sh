# nsbench mode: figures about namespaces, not a test (sourced by init after
# lib.sh for the namespace helpers and bench.sh for iops and median).
#
# Part 1, a namespace made at run time: the time from issuing create-ns
# until the new namespace's block device exists and reads, split into
# create-ns, attach-ns (the kernel rescans before the command returns) and
# the wait after it; NSB_REPS repetitions (create, attach, wait, then
# detach and delete), min / median / max.  busybox's date has no
# sub-second clock, so the clock is the kernel log's: marks written to
# /dev/kmsg carry printk's microsecond timestamps.  The times include
# starting nvme-cli (TCG makes every exec slow), so an `nvme id-ctrl`
# alone is timed the same way for reference.
#
# Part 2, two namespaces at once: fio 4 KiB random reads and writes, QD32,
# io_uring, direct, on namespace 1 alone, namespace 2 alone and both at
# once (one fio, a job per namespace), for each configuration of
# NSB_CONFIGS; the configurations alternate within each round and each
# figure is the median of BENCH_ROUNDS rounds.  Each namespace has its own
# flash model: two namespaces share only the emulator's threads.

NSB_REPS=${NSB_REPS:-10}
NSB_BASE="memmap_start=0x140000000 memmap_size=1G"
# the span fio works on in each namespace, written once before the reads
NSB_SPAN=${NSB_SPAN:-256M}
# label=parameters; the labels name the rows
NSB_CONFIGS="conv+fdp=namespaces=conv:400M,fdp:400M
simple0+conv=namespaces=simple:400M,conv:400M read_ns=0 write_ns=0 bandwidth_mbps=0"

# insmod with $@; sets CTRL and NS (namespace 1's block device).
nsb_load() {
	local i=0
	insmod /nvmev.ko $NSB_BASE "$@" || { echo "insmod $* failed"; return 1; }
	until CTRL=$(nvmev_ctrl) && [ -c "/dev/$CTRL" ] && NS=$(wait_ns 1); do
		i=$((i + 1))
		[ $i -le 60 ] || { echo "no nvmev namespace 1 after insmod $*"; return 1; }
		sleep 0.5
	done
}

nsb_mark() { echo "<7>nsbench: $1" >/dev/kmsg; }

# Milliseconds from mark $1 to mark $2 (both in the kernel log).
nsb_ms() {
	dmesg | awk -v a="nsbench: $1" -v b="nsbench: $2" '
		{ t = $0; sub(/^\[ */, "", t); sub(/\].*/, "", t)
		  m = $0; sub(/^\[[^]]*\] /, "", m) }
		m == a { ta = t } m == b { tb = t }
		END { if (ta == "" || tb == "") print "n/a"; else printf "%.1f", (tb - ta) * 1000 }'
}

# min median max of the numbers in $@
min_med_max() {
	printf "%s\n" "$@" | sort -n |
		awk '{ v[NR] = $1 } END { printf "%8s %8s %8s", v[1], v[int((NR + 1) / 2)], v[NR] }'
}

ns_attach_bench() {
	local i out nsid d j idc= cr= at= wt= tot=
	echo "nvmev nsbench: kernel $(uname -r), $(nproc) vCPUs (TCG)"
	echo
	echo "Part 1: create-ns + attach-ns until the block device reads (ms, $NSB_REPS times, 128 MiB conv)"
	# userspace writes to /dev/kmsg are rate limited by default
	echo on >/proc/sys/kernel/printk_devkmsg
	nsb_load namespaces=conv:256M || return 1
	for i in $(seq "$NSB_REPS"); do
		dmesg -c >/dev/null
		nsb_mark "idc0"
		nvme id-ctrl "/dev/$CTRL" >/dev/null
		nsb_mark "idc1"
		nsb_mark "t0"
		out=$(nvme create-ns "/dev/$CTRL" -s $((128 << 11)) -c $((128 << 11)) -f 0 2>&1) ||
			{ echo "create-ns failed: $out"; return 1; }
		nsb_mark "t1"
		nsid=$(echo "$out" | sed -n 's/.*created nsid: *\([0-9]*\).*/\1/p')
		out=$(nvme attach-ns "/dev/$CTRL" -n "$nsid" -c 1 2>&1) ||
			{ echo "attach-ns failed: $out"; return 1; }
		nsb_mark "t2"
		j=0
		until d=$(ctrl_ns_n "$CTRL" "$nsid") &&
			dd if="/dev/$d" of=/dev/null bs=4k count=1 iflag=direct 2>/dev/null; do
			j=$((j + 1))
			[ $j -le 3000 ] || { echo "no readable device for namespace $nsid"; return 1; }
			sleep 0.01
		done
		nsb_mark "t3"
		idc="$idc $(nsb_ms idc0 idc1)" cr="$cr $(nsb_ms t0 t1)" at="$at $(nsb_ms t1 t2)"
		wt="$wt $(nsb_ms t2 t3)" tot="$tot $(nsb_ms t0 t3)"
		echo "rep $i: nsid $nsid /dev/$d: create $(nsb_ms t0 t1)  attach $(nsb_ms t1 t2)  wait $(nsb_ms t2 t3)  total $(nsb_ms t0 t3)  (id-ctrl $(nsb_ms idc0 idc1))"
		nvme detach-ns "/dev/$CTRL" -n "$nsid" -c 1 >/dev/null 2>&1 || { echo "detach-ns failed"; return 1; }
		nvme delete-ns "/dev/$CTRL" -n "$nsid" >/dev/null 2>&1 || { echo "delete-ns failed"; return 1; }
		j=0
		while ctrl_ns_n "$CTRL" "$nsid" >/dev/null || [ -e "/dev/$d" ]; do
			j=$((j + 1))
			[ $j -le 3000 ] || { echo "/dev/$d still there after detach and delete"; return 1; }
			sleep 0.01
		done
	done
	rmmod nvmev
	printf "%-36s %8s %8s %8s\n" "" min median max
	printf "%-36s %s\n" "create-ns" "$(min_med_max $cr)"
	printf "%-36s %s\n" "attach-ns (returns after the rescan)" "$(min_med_max $at)"
	printf "%-36s %s\n" "then until the device reads" "$(min_med_max $wt)"
	printf "%-36s %s\n" "total" "$(min_med_max $tot)"
	printf "%-36s %s\n" "nvme id-ctrl (an exec of nvme-cli)" "$(min_med_max $idc)"
	echo "(ms)"
}

# IOPS of $1 (randread|randwrite) on each block device named after it, all
# at once (one fio, a job each): one figure per device, in order.
nsb_iops() {
	local rw=$1 dev jobs=
	shift
	for dev; do
		jobs="$jobs --name=$dev --filename=/dev/$dev"
	done
	fio --direct=1 --ioengine=io_uring --iodepth=32 --rw="$rw" --bs=4k --size="$NSB_SPAN" \
		--time_based --runtime="$BENCH_RUNTIME" --ramp_time=2 --minimal $jobs 2>/dev/null |
		terse_iops "$([ "$rw" = randread ] && echo r || echo w)" | tr '\n' ' ' | sed 's/ *$//'
}

# One round of configuration $1 (label) with module parameters $2: sets
# <label>_<rw>_<what> lists, what = a (namespace 1 alone), b (namespace 2
# alone), a2 and b2 (each of both at once), s (their sum).
nsb_round() {
	local label=$1 params=$2 n1 n2 rw k both v var
	nsb_load $params || return 1
	n1=$NS
	n2=$(wait_ns 2) || { echo "no namespace 2 ($params)"; return 1; }
	# written once, so that reads reach the flash model
	fio --direct=1 --ioengine=libaio --rw=write --bs=128k --iodepth=8 --size="$NSB_SPAN" \
		--name=fill1 --filename="/dev/$n1" --name=fill2 --filename="/dev/$n2" >/dev/null
	nvme flush "/dev/$n1" >/dev/null
	nvme flush "/dev/$n2" >/dev/null
	k=$(echo "$label" | tr -c 'a-z0-9\n' '_')
	for rw in randread randwrite; do
		v=$(nsb_iops $rw "$n1")
		eval "${k}_${rw}_a=\"\$${k}_${rw}_a ${v:-0}\""
		v=$(nsb_iops $rw "$n2")
		eval "${k}_${rw}_b=\"\$${k}_${rw}_b ${v:-0}\""
		both=$(nsb_iops $rw "$n1" "$n2")
		set -- $both
		eval "${k}_${rw}_a2=\"\$${k}_${rw}_a2 ${1:-0}\" ${k}_${rw}_b2=\"\$${k}_${rw}_b2 ${2:-0}\""
		eval "${k}_${rw}_s=\"\$${k}_${rw}_s $((${1:-0} + ${2:-0}))\""
	done
	rmmod nvmev
	for var in randread_a randread_b randread_a2 randread_b2 randwrite_a randwrite_b randwrite_a2 randwrite_b2; do
		eval "v=\${${k}_$var##* }"
		printf "%s=%s " "$var" "$v"
	done
	echo
}

ns_iops_bench() {
	local round line label params k rw a b a2 b2 s
	echo
	echo "Part 2: fio 4k QD32 io_uring direct on ${NSB_SPAN} of each namespace, ${BENCH_RUNTIME}s per run," \
		"median of $BENCH_ROUNDS rounds (module defaults: dispatcher and worker on the last CPU)"
	for round in $(seq "$BENCH_ROUNDS"); do
		while IFS= read -r line; do
			label=${line%%=*} params=${line#*=}
			printf "round %s %s: " "$round" "$label"
			nsb_round "$label" "$params" || return 1
		done <<EOF
$NSB_CONFIGS
EOF
	done
	echo
	echo "$NSB_CONFIGS" | sed 's/^\([^=]*\)=/  \1: /'
	printf "%-14s %-10s %10s %10s %10s %10s %10s %8s\n" config rw "ns1 alone" "ns2 alone" \
		"ns1 both" "ns2 both" "both sum" "sum/a+b"
	while IFS= read -r line; do
		label=${line%%=*}
		k=$(echo "$label" | tr -c 'a-z0-9\n' '_')
		for rw in randread randwrite; do
			eval "a=\$(median \$${k}_${rw}_a) b=\$(median \$${k}_${rw}_b)"
			eval "a2=\$(median \$${k}_${rw}_a2) b2=\$(median \$${k}_${rw}_b2) s=\$(median \$${k}_${rw}_s)"
			printf "%-14s %-10s %10s %10s %10s %10s %10s %8s\n" "$label" $rw "$a" "$b" "$a2" "$b2" "$s" \
				"$(ratio "$s" $((${a:-0} + ${b:-0})))"
		done
	done <<EOF
$NSB_CONFIGS
EOF
	echo "(IOPS; sum/a+b: both at once over the two alone added)"
}

ns_bench() {
	ns_attach_bench || return 1
	ns_iops_bench
}
