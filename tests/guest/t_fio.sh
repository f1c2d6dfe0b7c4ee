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

# Interrupts taken so far by the I/O queues of nvmev's controller.
ctrl_io_irqs() {
	awk -v q="${CTRL}q" '$NF ~ "^" q "[1-9]" {
		for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++)
			n += $i
	} END { print n + 0 }' /proc/interrupts
}

# Reads and writes the namespace has completed so far.
ns_ios() { awk '{ print $1 + $5 }' "/sys/block/$NS/stat"; }

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
