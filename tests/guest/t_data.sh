# Write Zeroes, deallocate, Flush and Format.
# Each function t_NAME is a test; run_tests (lib.sh) runs them.

t_write_zeroes() {
	need_dev || fail "device not available"
	check_io_at 2048
	nvme write-zeroes "/dev/$NS" -s 2048 -c 3 || fail "nvme write-zeroes failed"
	check_zero_at 2048 "after write-zeroes"
	check_io_at 2052	# the next LBAs are untouched and usable
}

t_dsm_deallocate() {
	need_dev || fail "device not available"
	# dlfeat says deallocated blocks read as zeroes
	check_io_at 4096
	nvme dsm "/dev/$NS" --ad --slbs=4096 --blocks=4 || fail "nvme dsm --ad failed"
	check_zero_at 4096 "after dsm deallocate"
	# the same through the block layer: discard 1 MiB at 4 MiB
	check_io_at 8192
	blkdiscard -o $((4 << 20)) -l $((1 << 20)) "/dev/$NS" || fail "blkdiscard failed"
	check_zero_at 8192 "after blkdiscard"
	check_io_at 8192
}

t_flush() {
	need_dev || fail "device not available"
	check_io_at 0
	nvme flush "/dev/$NS" || fail "nvme flush failed"
	sync
	echo 1 >/proc/sys/vm/drop_caches
	check_io_at 0
}

t_format() {
	need_dev || fail "device not available"
	local before
	before=$(cat /sys/block/$NS/size)
	check_io_at 0
	nvme format "/dev/$NS" --lbaf=0 --ses=0 --force || fail "nvme format failed"
	wait_nvmev 60 || fail "no disk after format"
	[ "$(cat /sys/block/$NS/size)" = "$before" ] || fail "size changed across format"
	check_io_at 0
}
