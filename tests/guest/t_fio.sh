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
