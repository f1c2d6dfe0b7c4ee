# fio with crc32c verify: 4 KiB and mixed sizes, io_uring and libaio,
# several jobs, the whole device.
# Each function t_NAME is a test; run_tests (lib.sh) runs them.

t_fio_uring_4k() {
	need_dev || fail "device not available"
	run_fio uring4k --ioengine=io_uring --rw=randwrite --bs=4k --iodepth=32 \
		--size=64M $FIO_VERIFY
}

t_fio_libaio_4k() {
	need_dev || fail "device not available"
	run_fio libaio4k --ioengine=libaio --rw=randwrite --bs=4k --iodepth=32 \
		--offset=128M --size=64M $FIO_VERIFY
}

t_fio_uring_mixed() {
	need_dev || fail "device not available"
	run_fio uringmix --ioengine=io_uring --rw=randwrite $MIXED_BS --iodepth=16 \
		--offset=256M --size=64M $FIO_VERIFY
}

t_fio_libaio_mixed() {
	need_dev || fail "device not available"
	run_fio libaiomix --ioengine=libaio --rw=randwrite $MIXED_BS --iodepth=16 \
		--offset=900M --size=64M $FIO_VERIFY
}

# Several jobs at once (each on its own 64 MiB): more than one I/O queue busy.
t_fio_multijob() {
	need_dev || fail "device not available"
	run_fio multijob --ioengine=io_uring --rw=randwrite --bs=4k --iodepth=16 \
		--numjobs=4 --size=64M --offset_increment=128M $FIO_VERIFY
}

# Every byte of the namespace written and verified, large sequential blocks.
t_fio_whole_device() {
	need_dev || fail "device not available"
	run_fio whole --ioengine=libaio --rw=write --bs=256k --iodepth=8 $FIO_VERIFY
}

# A lost interrupt does not fail fio: the driver's timeout handler polls
# the CQ and finds the entry, 30 s late, with a "timeout" line.  So: two
# jobs (one CQ per CPU) at QD32 with verify, and no timeout in dmesg; the
# interrupts the I/O queues took per command are printed (fewer than one
# when the handler finds several entries, or the local APIC merges MSIs
# of a vector that arrive while it is pending).
t_fio_irq_per_command() {
	local irqs ios
	need_dev || fail "device not available"
	irqs=$(ctrl_io_irqs) ios=$(ns_ios)
	run_fio irqcmd --ioengine=io_uring --rw=randrw --bs=4k --iodepth=32 \
		--numjobs=2 --size=32M --offset_increment=512M $FIO_VERIFY
	irqs=$(($(ctrl_io_irqs) - irqs)) ios=$(($(ns_ios) - ios))
	echo "$irqs I/O queue interrupts for $ios commands"
	[ "$ios" -gt 0 ] || fail "no I/O counted in /sys/block/$NS/stat"
	# the runner clears the log before each test: all of it is this test's
	dmesg | grep -i "timeout" &&
		fail "a completion waited for the driver's timeout"
	return 0
}

# Mean latency in us of 100 QD1 4 KiB reads from CPU 0 (psync: each waits
# for its interrupt).
qd1_psync_us() {
	fio --name=qd1 --filename="/dev/$NS" --direct=1 --ioengine=psync \
		--rw=randread --bs=4k --size=64M --number_ios=100 \
		--cpus_allowed=0 --minimal 2>/dev/null | awk -F';' '{ printf "%d", $40 }'
}

# Mean latency in us of QD32 4 KiB reads from CPU 0, 3200 of them.
qd32_read_us() {
	fio --name=qd32 --filename="/dev/$NS" --direct=1 --ioengine=io_uring \
		--iodepth=32 --rw=randread --bs=4k --size=64M --number_ios=3200 \
		--cpus_allowed=0 --minimal 2>/dev/null | awk -F';' '{ printf "%d", $40 }'
}

# The I/O queues' MSI-X vectors (the driver gives queue N vector N).
io_vectors() {
	awk -v q="${CTRL}q" '$NF ~ "^" q "[1-9]" { sub("^" q, "", $NF); print $NF }' \
		/proc/interrupts
}

# The longest of 5 Get Features on the Admin queue, in us, from the nvme
# driver's trace events: its setup of the command to its completion.
admin_max_us() {
	local t e i=0
	t=$(tracefs)
	echo >"$t/trace"
	for e in nvme_setup_cmd nvme_complete_rq; do
		echo 1 >"$t/events/nvme/$e/enable"
	done
	while [ $i -lt 5 ]; do
		nvme get-feature "/dev/$CTRL" --feature-id=8 >/dev/null
		i=$((i + 1))
	done
	for e in nvme_setup_cmd nvme_complete_rq; do
		echo 0 >"$t/events/nvme/$e/enable"
	done
	awk -v c="$CTRL:" '$0 ~ c && /qid=0,/ {
		for (i = 2; i <= NF; i++)
			if ($i ~ /^nvme_(setup_cmd|complete_rq):$/) {
				ev = $i
				ts = $(i - 1)
			}
		sub(":", "", ts)
		match($0, /cmdid=[0-9]+/)
		id = substr($0, RSTART + 6, RLENGTH - 6)
		if (ev == "nvme_setup_cmd:")
			start[id] = ts
		else if (id in start && (ts - start[id]) * 1e6 > max)
			max = (ts - start[id]) * 1e6
	} END { printf "%d", max }' "$t/trace"
}

# With Interrupt Coalescing at THR 15 (16 entries) and TIME 10 (1 ms),
# fio QD32 with verify on two queues; at most one interrupt per $1
# commands, and none left to the driver's timeout.
coalesced_qd32() {
	local irqs ios
	nvme set-feature "/dev/$CTRL" --feature-id=8 --value=0x0a0f || fail "set-feature 8"
	irqs=$(ctrl_io_irqs) ios=$(ns_ios)
	run_fio coalesce --ioengine=io_uring --rw=randrw --bs=4k --iodepth=32 \
		--numjobs=2 --size=32M --offset_increment=512M $FIO_VERIFY ||
		fail "fio with coalescing failed"
	irqs=$(($(ctrl_io_irqs) - irqs)) ios=$(($(ns_ios) - ios))
	echo "$irqs I/O queue interrupts for $ios commands"
	[ "$ios" -gt 0 ] || fail "no I/O counted in /sys/block/$NS/stat"
	[ $((irqs * $1)) -le "$ios" ] ||
		fail "$irqs interrupts for $ios commands: not coalesced"
	dmesg | grep -i "timeout" && fail "a completion waited for the driver's timeout"
	return 0
}

# Interrupt Coalescing (Feature 08h) as the host sets it: with THR 15 (16
# entries) and TIME 10 (1 ms), QD32 on two queues takes at most one
# interrupt per four commands and verifies, with no completion left to the
# driver's timeout.  With TIME 255 (25.5 ms), far above what a read costs
# under TCG, QD32 reads are signalled at the threshold, long before TIME;
# a lone QD1 read waits for TIME and no longer; the Admin queue is never
# held back, nor are vectors with Coalescing Disable (Feature 09h).  A
# controller reset turns both off.  A worker thread completes those
# commands (lib.sh's cpus=0,1); the dispatcher's own worker (cpus=1) then
# runs the same QD32 run and a 1 ms QD1 read.
t_irq_coalescing() {
	local lat v
	# coalescing left on would slow the tests after a failure
	trap unload_nvmev EXIT
	need_dev || fail "device not available"
	v=$(feature_value 8)
	[ $((0x$v)) -eq 0 ] || fail "Interrupt Coalescing is $v after a reset, want 0"
	coalesced_qd32 4
	nvme set-feature "/dev/$CTRL" --feature-id=8 --value=0xff0f || fail "set-feature 8"
	lat=$(qd32_read_us)
	echo "QD32 reads, 16 entries or 25.5 ms: $lat us"
	[ "${lat:-99999}" -lt 10000 ] || fail "QD32 reads took $lat us: the threshold raised nothing"
	lat=$(qd1_psync_us)
	echo "QD1 read, 25.5 ms aggregation time: $lat us"
	[ "${lat:-0}" -ge 25500 ] || fail "QD1 read took $lat us: its interrupt was not held"
	[ "$lat" -le 60000 ] || fail "QD1 read took $lat us: held long past TIME (25.5 ms)"
	lat=$(admin_max_us)
	echo "Admin commands, 25.5 ms aggregation time: at most $lat us"
	[ "${lat:-0}" -gt 0 ] || fail "no Admin command in the nvme driver's trace"
	[ "$lat" -lt 12000 ] || fail "an Admin command took $lat us: its interrupt was held"
	for v in $(io_vectors); do
		nvme set-feature "/dev/$CTRL" --feature-id=9 --value=$((1 << 16 | v)) ||
			fail "set Coalescing Disable on vector $v"
	done
	lat=$(qd1_psync_us)
	echo "QD1 read, Coalescing Disable on the I/O vectors: $lat us"
	[ "${lat:-99999}" -lt 12000 ] || fail "QD1 read took $lat us with Coalescing Disable"
	nvme reset "/dev/$CTRL" || fail "nvme reset"
	wait_live
	v=$(feature_value 8)
	[ $((0x$v)) -eq 0 ] || fail "Interrupt Coalescing is $v after a reset, want 0"
	v=$(nvme get-feature "/dev/$CTRL" --feature-id=9 --cdw11=1 2>&1 |
		sed -n 's/.*value: *\(0x\)*\([0-9a-fA-F]*\).*/\2/p' | head -n 1)
	[ $((0x$v & 1 << 16)) -eq 0 ] || fail "Coalescing Disable survived a reset: $v"

	unload_nvmev
	load_nvmev cpus=1 || fail "insmod cpus=1 failed"
	coalesced_qd32 4
	lat=$(qd1_psync_us)
	echo "QD1 read, the dispatcher's own worker, 1 ms aggregation time: $lat us"
	[ "${lat:-0}" -ge 1000 ] || fail "QD1 read took $lat us: its interrupt was not held"
	[ "$lat" -le 10000 ] || fail "QD1 read took $lat us: held long past TIME (1 ms)"
	unload_nvmev || fail "rmmod failed"
}
