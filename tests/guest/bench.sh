# bench mode: IOPS figures, not a test (sourced by init after lib.sh).
#
# 4 KiB random reads and writes, QD32, io_uring, direct, for:
#   nvmev with no modelled latency (read_ns=0 write_ns=0 bandwidth_mbps=0)
#   null_blk (memory backed) - the ceiling for a block device in this VM
#   null_blk again with nvmev loaded but idle - the cost of nvmev's threads
#   QEMU's own emulated NVMe, for reference
# In TCG every figure is far below real hardware; the ratios are what matter.

BENCH_RUNTIME=${BENCH_RUNTIME:-15}

# IOPS of one fio run: $1 = device, $2 = randread|randwrite
iops() {
	fio --name=b --filename="$1" --direct=1 --ioengine=io_uring --iodepth=32 \
		--rw="$2" --bs=4k --size=512M --time_based --runtime="$BENCH_RUNTIME" \
		--ramp_time=2 --minimal 2>/dev/null |
		terse_iops "$([ "$2" = randread ] && echo r || echo w)"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

row() { printf "%-40s %10s %10s\n" "$@"; }

bench() {
	local nr nw br bw ir iw xr xw qr qw qdev
	echo "nvmev bench: kernel $(uname -r), $(nproc) vCPUs (TCG), fio 4k QD32 io_uring direct, ${BENCH_RUNTIME}s each"

	insmod /nvmev.ko $NVMEV_PARAMS read_ns=0 write_ns=0 bandwidth_mbps=0 && wait_nvmev ||
		{ echo "nvmev did not load"; return 1; }
	nr=$(iops "/dev/$NS" randread) nw=$(iops "/dev/$NS" randwrite)

	# null_blk while nvmev is loaded but idle
	modprobe null_blk nr_devices=1 memory_backed=1 gb=1 || { echo "null_blk did not load"; return 1; }
	ir=$(iops /dev/nullb0 randread) iw=$(iops /dev/nullb0 randwrite)
	rmmod nvmev
	br=$(iops /dev/nullb0 randread) bw=$(iops /dev/nullb0 randwrite)
	rmmod null_blk

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
	[ -n "$qdev" ] && row "QEMU nvme ($qdev)" "$qr" "$qw"
	echo "(IOPS)"
}
