# The simple FTL's latency and bandwidth parameters; busy polling.
# Each function t_NAME is a test; run_tests (lib.sh) runs them.

# fio's mean completion latency in usec for reads, from terse output field 16
# (read clat mean, usec).
t_latency_model() {
	unload_nvmev
	load_nvmev ftl=simple read_ns=2000000 write_ns=0 || fail "insmod with read_ns=2000000 failed"
	fio --name=lat --filename="/dev/$NS" --direct=1 --ioengine=psync --rw=randread \
		--bs=4k --size=64M --time_based --runtime=3 --minimal >/tmp/lat.out ||
		fail "fio failed"
	local clat
	clat=$(awk -F';' '{printf "%d", $16}' /tmp/lat.out)
	echo "read_ns=2000000: mean read completion latency ${clat} us"
	unload_nvmev
	[ "$clat" -ge 1900 ] || fail "mean read latency ${clat} us < 2 ms set by read_ns"
}

t_bandwidth_model() {
	unload_nvmev
	load_nvmev ftl=simple read_ns=0 write_ns=0 bandwidth_mbps=20 ||
		fail "insmod with bandwidth_mbps=20 failed"
	fio --name=bw --filename="/dev/$NS" --direct=1 --ioengine=libaio --iodepth=8 \
		--rw=write --bs=128k --size=512M --time_based --runtime=5 --minimal >/tmp/bw.out ||
		fail "fio failed"
	local kbs
	kbs=$(awk -F';' '{print $48}' /tmp/bw.out)	# write bandwidth, KiB/s
	echo "bandwidth_mbps=20: write bandwidth $kbs KiB/s"
	unload_nvmev
	# 20 MB/s = 19531 KiB/s; allow 10% for rounding and timing
	[ "$kbs" -le 21500 ] || fail "write bandwidth $kbs KiB/s exceeds bandwidth_mbps=20"
	[ "$kbs" -ge 5000 ] || fail "write bandwidth $kbs KiB/s far below bandwidth_mbps=20"
}

t_busy_poll() {
	unload_nvmev
	load_nvmev busy_poll=1 || fail "insmod with busy_poll=1 failed"
	run_fio busypoll --ioengine=io_uring --rw=randwrite --bs=4k --iodepth=32 \
		--size=16M $FIO_VERIFY
	unload_nvmev || fail "rmmod with busy_poll=1 failed"
}
