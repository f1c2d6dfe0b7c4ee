# bench mode: figures, not a test (sourced by init after lib.sh).
#
# Part 1, IOPS.
# 4 KiB random reads and writes, QD32, io_uring, direct, for:
#   nvmev with no modelled latency (ftl=simple read_ns=0 write_ns=0 bandwidth_mbps=0)
#   null_blk (memory backed) - the ceiling for a block device in this VM
#   null_blk again with nvmev loaded but idle - the cost of nvmev's threads
#   QEMU's own emulated NVMe, for reference
# In TCG every figure is far below real hardware; the ratios are what matter.

BENCH_RUNTIME=${BENCH_RUNTIME:-8}
BENCH_ROUNDS=${BENCH_ROUNDS:-3}
# The module's defaults (dispatcher and its worker on the last CPU), no
# modelled latency: what the emulator itself costs.
BENCH_NVMEV="memmap_start=0x140000000 memmap_size=1G ftl=simple read_ns=0 write_ns=0 bandwidth_mbps=0"

# IOPS of one fio run: $1 = device, $2 = randread|randwrite
iops() {
	fio --name=b --filename="$1" --direct=1 --ioengine=io_uring --iodepth=32 \
		--rw="$2" --bs=4k --size=512M --time_based --runtime="$BENCH_RUNTIME" \
		--ramp_time=2 --minimal 2>/dev/null |
		terse_iops "$([ "$2" = randread ] && echo r || echo w)"
}

# median of the numbers in $@
median() { printf "%s\n" "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR + 1) / 2)]}'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

row() { printf "%-40s %10s %10s\n" "$@"; }

# The three configurations alternate within each round, so that drifts in
# the TCG host's speed hit them alike; each figure is the median of the rounds.
bench() {
	local round nr= nw= ir= iw= br= bw= qr qw qdev
	echo "nvmev bench: kernel $(uname -r), $(nproc) vCPUs (TCG), fio 4k QD32 io_uring direct," \
		"${BENCH_RUNTIME}s per run, median of $BENCH_ROUNDS rounds"
	modprobe null_blk nr_devices=1 memory_backed=1 gb=1 || { echo "null_blk did not load"; return 1; }
	for round in $(seq "$BENCH_ROUNDS"); do
		insmod /nvmev.ko $BENCH_NVMEV && wait_nvmev || { echo "nvmev did not load"; return 1; }
		[ "$round" = 1 ] && dmesg | grep 'nvmev: .*worker' | tail -n 1
		nr="$nr $(iops "/dev/$NS" randread)" nw="$nw $(iops "/dev/$NS" randwrite)"
		# null_blk while nvmev is loaded but idle
		sleep 2
		ir="$ir $(iops /dev/nullb0 randread)" iw="$iw $(iops /dev/nullb0 randwrite)"
		rmmod nvmev
		br="$br $(iops /dev/nullb0 randread)" bw="$bw $(iops /dev/nullb0 randwrite)"
		echo "round $round: nvmev$nr /$nw  null_blk idle-nvmev$ir /$iw  null_blk$br /$bw"
	done
	rmmod null_blk
	nr=$(median $nr) nw=$(median $nw) ir=$(median $ir) iw=$(median $iw)
	br=$(median $br) bw=$(median $bw)

	qdev=
	for c in /sys/class/nvme/nvme*; do
		case "$(cat "$c/model" 2>/dev/null)" in
		*QEMU*) qdev=/dev/$(ctrl_ns "$(basename "$c")") ;;
		esac
	done
	if [ -n "$qdev" ]; then
		qr=$(iops "$qdev" randread) qw=$(iops "$qdev" randwrite)
	fi

	echo
	row "device" "randread" "randwrite"
	row "nvmev (no modelled latency)" "$nr" "$nw"
	row "null_blk memory_backed" "$br" "$bw"
	row "nvmev / null_blk" "$(ratio "$nr" "$br")" "$(ratio "$nw" "$bw")"
	row "null_blk, nvmev loaded and idle" "$ir" "$iw"
	row "  idle nvmev / no nvmev" "$(ratio "$ir" "$br")" "$(ratio "$iw" "$bw")"
	[ -n "$qdev" ] && row "QEMU nvme ($qdev, one run)" "$qr" "$qw"
	echo "(IOPS)"
	echo
	latency_bench
}

# Part 2, latency.  fio 4 KiB random reads at QD1 (psync, on CPU 0) on
# conv with each profile, and on the simple FTL with no modelled latency:
# that is what the VM itself adds to every command, so conv minus simple
# is the model's latency as the host sees it, to compare with the preset's.
LAT_MIB=64
# The model's mean 4 KiB read at QD1 (ssd_read_latency_ns over the page
# types, as tools/sim reports it): firmware + sense + channel + PCIe.
LAT_MODEL_US_970PRO=63.2
LAT_MODEL_US_P4500=76.4

# mean clat in us of QD1 reads on nvmev loaded with $@
qd1_clat_us() {
	insmod /nvmev.ko memmap_start=0x140000000 memmap_size=1G "$@" && wait_nvmev ||
		{ echo 0; return 1; }
	fio --name=fill --filename="/dev/$NS" --direct=1 --ioengine=libaio --rw=write \
		--bs=128k --iodepth=8 --size=${LAT_MIB}M >/dev/null
	nvme flush "/dev/$NS" >/dev/null
	sleep 1		# every program done: reads come from flash, not the buffer
	fio --name=lat --filename="/dev/$NS" --direct=1 --ioengine=psync --rw=randread \
		--bs=4k --size=${LAT_MIB}M --time_based --runtime="$BENCH_RUNTIME" \
		--cpus_allowed=0 --minimal 2>/dev/null |
		awk -F';' '{ printf "%.1f", $16 }'
	rmmod nvmev
}

latency_bench() {
	local round base= p45= p97= b m4 m9
	echo "QD1 4 KiB random read latency (fio psync, clat), median of $BENCH_ROUNDS rounds"
	for round in $(seq "$BENCH_ROUNDS"); do
		base="$base $(qd1_clat_us ftl=simple read_ns=0 write_ns=0 bandwidth_mbps=0)"
		p45="$p45 $(qd1_clat_us profile=p4500)"
		p97="$p97 $(qd1_clat_us profile=970pro)"
		echo "round $round: simple$base  p4500$p45  970pro$p97"
	done
	b=$(median $base) m4=$(median $p45) m9=$(median $p97)
	printf "%-34s %10s %10s %10s\n" "" "VM mean" "minus VM" "model"
	printf "%-34s %10s %10s %10s\n" "simple, no modelled latency" "$b" "0" "0"
	printf "%-34s %10s %10s %10s\n" "conv p4500 (data sheet: 77)" "$m4" \
		"$(awk -v a="$m4" -v b="$b" 'BEGIN { printf "%.1f", a - b }')" "$LAT_MODEL_US_P4500"
	printf "%-34s %10s %10s %10s\n" "conv 970pro" "$m9" \
		"$(awk -v a="$m9" -v b="$b" 'BEGIN { printf "%.1f", a - b }')" "$LAT_MODEL_US_970PRO"
	echo "(us)"
}
