# Loading and unloading the module: insmod, every bad parameter, worker
# threads and the default CPU placement, rmmod under load, reload cycles.
# Each function t_NAME is a test; run_tests (lib.sh) runs them.

t_insmod() {
	unload_nvmev || fail "rmmod of a previous instance failed"
	insmod /nvmev.ko $NVMEV_PARAMS || fail "insmod $NVMEV_PARAMS failed: $(dmesg | grep nvmev | tail -n 1)"
	nvmev_loaded || fail "nvmev not in /proc/modules"
	wait_nvmev || fail "no nvme controller with model nvmev / no namespace disk appeared"
	echo "controller $CTRL, disk $NS, pci $(basename "$(readlink -f /sys/class/nvme/$CTRL/device)")"
	# debugfs names the FTL
	[ "$(cat "$(nvmev_debugfs)/ftl")" = "$(cat /sys/module/nvmev/parameters/ftl)" ] ||
		fail "$(nvmev_debugfs)/ftl does not name ftl=$(cat /sys/module/nvmev/parameters/ftl)"
}

t_bad_params() {
	local R="memmap_size=1G cpus=0,1 ftl=simple"
	unload_nvmev || fail "rmmod failed"
	bad_param "memmap_start=0x1000 $R" memmap_start	# not aligned
	bad_param "memmap_start=0x100000 $R" memmap_start	# System RAM
	bad_param "memmap_start=0x100000000 $R" memmap_start	# System RAM too
	bad_param "memmap_start=0x140000000 memmap_size=2G cpus=0,1" memmap	# past the reservation
	bad_param "$R" memmap_start	# missing
	bad_param "memmap_start=0x140000000 memmap_size=4K cpus=0,1" memmap_size	# too small
	bad_param "memmap_start=0x140000000 memmap_size=1G cpus=7" cpus	# offline
	bad_param "memmap_start=0x140000000 memmap_size=1G cpus=0,1 ftl=bogus" "ftl: .*conv, fdp, simple, kv"
	bad_param "$NVMEV_PARAMS ftl=kv kv_layout=bogus" "kv_layout: .*samsung, nvme"
	bad_param "$NVMEV_PARAMS ftl=kv fdp_ruhs=4" fdp_ruhs
	bad_param "$NVMEV_PARAMS read_ns=-5" read_ns
	bad_param "$NVMEV_PARAMS bandwidth_mbps=-2" bandwidth_mbps
	# the conv FTL's own checks, when it is created
	bad_param "$NVMEV_PARAMS profile=bogus" profile
	bad_param "$NVMEV_PARAMS channels=0" channels
	bad_param "$NVMEV_PARAMS channels=100000" channels
	bad_param "$NVMEV_PARAMS dies_per_channel=0" dies_per_channel
	bad_param "$NVMEV_PARAMS nand_read_ns=-5" nand_read_ns
	bad_param "$NVMEV_PARAMS nand_prog_ns=-5" nand_prog_ns
	bad_param "$NVMEV_PARAMS nand_erase_ns=-5" nand_erase_ns
	bad_param "$NVMEV_PARAMS op_percent=-5" op_percent
	bad_param "$NVMEV_PARAMS op_percent=100000" op_percent
	bad_param "$NVMEV_PARAMS write_buffer_kib=0" write_buffer_kib
	bad_param "$NVMEV_PARAMS write_buffer_kib=4" write_buffer_kib	# < two program units
	load_nvmev || fail "insmod with good parameters failed after the bad ones"
}

t_rmmod_under_load() {
	need_dev || fail "device not available"
	local p1 p2 i=0 rc
	fio --name=bg1 --filename="/dev/$NS" --direct=1 --ioengine=io_uring --iodepth=32 \
		--rw=randrw --bs=4k --size=256M --time_based --runtime=120 --eta=never >/tmp/bg1.out 2>&1 &
	p1=$!
	fio --name=bg2 --filename="/dev/$NS" --direct=1 --ioengine=libaio --iodepth=8 \
		--rw=randrw --bs=64k --offset=512M --size=256M --time_based --runtime=120 --eta=never >/tmp/bg2.out 2>&1 &
	p2=$!
	sleep 8
	kill -0 $p1 2>/dev/null && kill -0 $p2 2>/dev/null || fail "fio ended before rmmod"
	timeout 90 /usr/sbin/rmmod nvmev
	rc=$?
	[ $rc -eq 0 ] || fail "rmmod under load exit $rc"
	# fio must notice (I/O errors) and end by itself
	while kill -0 $p1 2>/dev/null || kill -0 $p2 2>/dev/null; do
		i=$((i + 1))
		[ $i -le 60 ] || { kill -9 $p1 $p2; fail "fio still running 60 s after rmmod"; }
		sleep 1
	done
	echo "fio after rmmod:"
	grep -hE 'err=|error' /tmp/bg1.out /tmp/bg2.out | head -n 6
	nvmev_ctrl && fail "nvmev controller still present after rmmod"
	load_nvmev || fail "insmod after rmmod under load failed"
	check_io_at 0
}

t_reload_cycles() {
	local i=1
	while [ $i -le 20 ]; do
		unload_nvmev || fail "cycle $i: rmmod failed"
		load_nvmev || fail "cycle $i: insmod failed or no disk ($(dmesg | grep nvmev | tail -n 1))"
		head -c 65536 "/dev/$NS" >/dev/null || fail "cycle $i: reading /dev/$NS failed"
		i=$((i + 1))
	done
	unload_nvmev || fail "final rmmod failed"
}

# Worker threads on other CPUs next to one the dispatcher runs itself:
# cpus=1,0,1 gives worker 0 a thread on CPU 0, worker 1 runs on CPU 1 inline.
t_worker_threads() {
	unload_nvmev
	load_nvmev cpus=1,0,1 || fail "insmod cpus=1,0,1 failed"
	dmesg | grep 'nvmev: .*2 worker(s)' | tail -n 1 | grep -q 'dispatcher on CPU 1' ||
		fail "dmesg does not show the dispatcher on CPU 1 with 2 workers"
	run_fio threads --ioengine=io_uring --rw=randwrite --bssplit=4k/50:64k/30:1m/20 \
		--iodepth=32 --numjobs=2 --size=48M --offset_increment=64M \
		--cpus_allowed=0,1 --cpus_allowed_policy=split $FIO_VERIFY
	nvme reset "/dev/$CTRL" || fail "reset"
	wait_live
	check_io_at 0
	unload_nvmev || fail "rmmod failed"
}

# The default CPU placement: one CPU, the dispatcher runs its worker.
t_default_cpus() {
	unload_nvmev
	insmod /nvmev.ko memmap_start=0x140000000 memmap_size=1G || fail "insmod without cpus= failed"
	wait_nvmev || fail "no device"
	dmesg | grep 'nvmev: .*worker(s)' | tail -n 1 | grep -q "dispatcher on CPU $(($(nproc) - 1)), 1 worker" ||
		fail "default placement is not the last CPU: $(dmesg | grep 'worker(s)' | tail -n 1)"
	run_fio defaults --ioengine=libaio --rw=randwrite --bssplit=512/10:4k/40:64k/30:1m/20 \
		--iodepth=32 --size=48M $FIO_VERIFY
	unload_nvmev || fail "rmmod failed"
}

# ---------------------------------------------------------------- nvmev-load
# scripts/nvmev-load finds the VM's memmap= region itself (installed as in
# the tree: /scripts/nvmev-load beside /nvmev.ko); fake /proc/iomem and
# /proc/cmdline files show what it refuses.

# nvmev-load ARGS... must fail with a message matching ERE $1, loading nothing.
nvmev_load_refused() {
	local pat=$1 out
	shift
	out=$(nvmev-load "$@" 2>&1) && fail "nvmev-load $* succeeded: $out"
	echo "\$ nvmev-load $*"
	echo "$out"
	echo "$out" | grep -qE "$pat" ||
		fail "nvmev-load $*: expected /$pat/, got: $(echo "$out" | head -n 1)"
	! nvmev_loaded || fail "nvmev-load $* refused, yet nvmev is loaded"
}

t_nvmev_load() {
	local out fake=/tmp/nvmev-load
	unload_nvmev || fail "rmmod of a previous instance failed"
	echo "the VM's /proc/iomem, top level:"
	grep -v '^ ' /proc/iomem
	out=$(nvmev-load cpus=0,1 2>&1) || fail "nvmev-load cpus=0,1 failed: $out"
	echo "$out"
	wait_nvmev || fail "no nvmev controller and disk after nvmev-load"
	[ "$(cat /sys/module/nvmev/parameters/memmap_start)" = 0x140000000 ] ||
		fail "memmap_start=$(cat /sys/module/nvmev/parameters/memmap_start), want the VM's 0x140000000"
	[ "$(cat /sys/module/nvmev/parameters/memmap_size)" = 1G ] ||
		fail "memmap_size=$(cat /sys/module/nvmev/parameters/memmap_size), want the VM's 1G"
	[ "$(cat /sys/module/nvmev/parameters/cpus)" = 0,1 ] ||
		fail "cpus=0,1 did not reach insmod"
	out=$(nvme list 2>&1)
	echo "$out"
	echo "$out" | grep "/dev/$NS" | grep -q nvmev || fail "nvme list has no /dev/$NS with model nvmev"
	check_io_at 0
	rmmod nvmev || fail "rmmod nvmev failed"

	mkdir -p "$fake"
	printf '%s\n' 'console=ttyS0 memmap=1G$0x140000000 panic=-1' >"$fake/cmdline"
	# the VM's own /proc/iomem without the reservation
	grep -q '^140000000-17fffffff : Reserved$' /proc/iomem ||
		fail "/proc/iomem has no top-level '140000000-17fffffff : Reserved'"
	grep -v '^140000000-' /proc/iomem >"$fake/iomem-none"
	nvmev_load_refused 'memmap=1G\$0x140000000 .*no Reserved range' \
		--iomem "$fake/iomem-none" --cmdline "$fake/cmdline"
	# memmap= on the command line, but the kernel kept the range as RAM
	sed 's/^100000000-13fffffff : System RAM$/100000000-17fffffff : System RAM/' \
		"$fake/iomem-none" >"$fake/iomem-ram"
	grep -q '^100000000-17fffffff : System RAM$' "$fake/iomem-ram" ||
		fail "/proc/iomem has no '100000000-13fffffff : System RAM' to extend"
	nvmev_load_refused 'overlaps System RAM' \
		--iomem "$fake/iomem-ram" --cmdline "$fake/cmdline"
	echo 'console=ttyS0 panic=-1' >"$fake/no-memmap"
	nvmev_load_refused 'no memmap=SIZE\$START on the kernel command line' \
		--cmdline "$fake/no-memmap"
	# two ranges: one must be chosen, by number or start
	printf '%s\n' 'memmap=512M$0x140000000,512M$0x160000000' >"$fake/two"
	nvmev_load_refused 'reserves 2 ranges.*choose one' --cmdline "$fake/two"
	out=$(nvmev-load --dry-run --cmdline "$fake/two" --region 2 ftl=simple) ||
		fail "nvmev-load --region 2 --dry-run failed"
	[ "$out" = "insmod /nvmev.ko memmap_start=0x160000000 memmap_size=512M ftl=simple" ] ||
		fail "nvmev-load --region 2 --dry-run: '$out'"
	out=$(nvmev-load -n --cmdline "$fake/two" --start 5G) ||
		fail "nvmev-load --start 5G --dry-run failed"
	[ "$out" = "insmod /nvmev.ko memmap_start=0x140000000 memmap_size=512M" ] ||
		fail "nvmev-load --start 5G --dry-run: '$out'"
	nvmev_load_refused 'no memmap= range starts at 0x150000000' \
		--cmdline "$fake/two" --start 0x150000000
	nvmev_load_refused 'memmap_start is what this script finds' \
		memmap_start=0x140000000
	nvmev_load_refused 'memmap_size is what this script finds' memmap_size=1G
	# insmod's own refusal comes with nvmev's line from the kernel log
	nvmev_load_refused 'nvmev: cpus: CPU 7 is not online' cpus=7
}
