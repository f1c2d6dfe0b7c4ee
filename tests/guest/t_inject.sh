# Error injection (debugfs inject): bad LBAs, random errors, a file system
# on bad data, commands that never complete; and the bad LBAs as reported by
# Get LBA Status and the LBA Status Information log.
# Each function t_NAME is a test; run_tests (lib.sh) runs them.

NVME_WRITE_FAULT='write fault|0x4280'
# The errno a medium error reaches applications with (BLK_STS_MEDIUM);
# fio takes only its number.
ENODATA=61

# The error injection file of controller $CTRL.
inject_file() { echo "$(nvmev_debugfs)/inject"; }

# Writes $* to the inject file (a line each), which must take them.
inject() {
	local f
	f=$(inject_file)
	printf '%s\n' "$@" >"$f" || fail "inject: '$*' refused: $(dmesg | grep 'nvmev: inject' | tail -n 1)"
}

# Count $1 (read_errors, write_errors, timeouts) of the injected ones.
injected() { sed -n "s/^# injected: .*$1 \([0-9]*\).*/\1/p" "$(inject_file)"; }

# The device, with nothing injected (whatever a failed test left), and
# random data in /tmp/pat.
need_dev_uninjected() {
	need_dev || fail "device not available"
	inject clear
	head -c 2048 /dev/urandom >/tmp/pat
}

# A fio job that must fail with an I/O error; its output in /tmp/fio.out.
fio_must_fail() {
	local label=$1
	shift
	fio --name="$label" --filename="/dev/$NS" --direct=1 --eta=never \
		--output=/tmp/fio.out "$@" && { cat /tmp/fio.out; fail "fio $label succeeded"; }
	cat /tmp/fio.out
	grep -qiE "err= *$ENODATA|No data available|Input/output error" /tmp/fio.out ||
		fail "fio $label: no medium error in its output"
}

# Bad LBAs: reads and writes there fail, with the spec's statuses, for
# nvme-cli and for fio; the settings read back as the commands that made
# them; bad commands are refused whole; clear makes everything work again.
t_inject_bad() {
	local f before
	need_dev_uninjected
	f=$(inject_file)
	[ -w "$f" ] || fail "no $f"
	cat "$f"
	grep -q '^read_ppm 0$' "$f" && grep -q '^seed 1$' "$f" || fail "not the defaults at load"
	run_fio prefill --ioengine=libaio --rw=write --bs=128k --iodepth=8 --offset=8M --size=4M
	inject "bad 20480 8" "bad 20488 8; bad 30000 1"
	cat "$f"
	grep -q '^bad 20480 16$' "$f" && grep -q '^bad 30000 1$' "$f" ||
		fail "the bad ranges read back as: $(grep '^bad' "$f" | tr '\n' ';')"
	expect_nvme_error "$NVME_READ_ERROR" nvme read "/dev/$NS" -s 20470 -c 15 -z 8192 -d /tmp/back
	[ $(($(newest_error_lba))) -eq 20480 ] || fail "error log LBA $(newest_error_lba), want 20480"
	expect_nvme_error "$NVME_WRITE_FAULT" nvme write "/dev/$NS" -s 20495 -c 0 -z 512 -d /tmp/pat
	expect_nvme_error "$NVME_READ_ERROR" nvme verify "/dev/$NS" -s 29999 -c 1
	# their neighbours are fine; a deallocate of bad LBAs touches no media
	check_io_at 20476
	check_io_at 20496
	nvme dsm "/dev/$NS" --ad --slbs=20480 --blocks=16 || fail "dsm --ad of bad LBAs"
	# fio: the read job that crosses them fails, and so does a write job
	fio_must_fail badread --ioengine=libaio --rw=read --bs=4k --iodepth=4 --offset=8M --size=4M
	fio_must_fail badwrite --ioengine=io_uring --rw=write --bs=64k --iodepth=4 --offset=10M --size=64k
	[ "$(injected read_errors)" -ge 3 ] && [ "$(injected write_errors)" -ge 2 ] ||
		fail "counts: $(tail -n 1 "$f")"
	# a bad command changes nothing, even after good ones in the same write
	before=$(grep -v '^#' "$f")
	printf 'read_ppm 5\nbogus 1\n' >"$f" 2>/dev/null && fail "'bogus' was taken"
	dmesg | grep 'nvmev: inject:' | tail -n 1 | grep -q bogus || fail "no dmesg line for 'bogus'"
	for bad in "read_ppm 1000001" "bad 1 0" "bad 1" "good x 1"; do
		echo "$bad" >"$f" 2>/dev/null && fail "'$bad' was taken"
	done
	[ "$(grep -v '^#' "$f")" = "$before" ] || fail "a refused write changed the settings"
	# carve one LBA out: it works, its neighbours still fail
	inject "good 20484 1"
	nvme write "/dev/$NS" -s 20484 -c 0 -z 512 -d /tmp/pat >/dev/null || fail "write of 20484"
	read_lbas 20484 1
	head -c 512 /tmp/pat | cmp -s - /tmp/back || fail "LBA 20484 reads back wrong"
	expect_nvme_error "$NVME_READ_ERROR" nvme read "/dev/$NS" -s 20483 -c 0 -z 512 -d /tmp/back
	expect_nvme_error "$NVME_READ_ERROR" nvme read "/dev/$NS" -s 20485 -c 0 -z 512 -d /tmp/back
	inject clear
	cat "$f"
	grep -q '^bad' "$f" && fail "bad ranges left after clear"
	run_fio goodread --ioengine=libaio --rw=read --bs=4k --iodepth=4 --offset=8M --size=4M
	run_fio verify --ioengine=libaio --rw=randwrite --bs=4k --iodepth=16 --offset=8M --size=4M $FIO_VERIFY
}

# Random errors at a rate per million, reproducible from the seed: every
# read fails at 1000000, about half at 500000, none at 0; writes likewise.
t_inject_rates() {
	local reads0 reads1 errs0 errs1 n failed
	need_dev_uninjected
	inject "read_ppm 1000000"
	expect_nvme_error "$NVME_READ_ERROR" nvme read "/dev/$NS" -s 0 -c 0 -z 512 -d /tmp/back
	nvme write "/dev/$NS" -s 0 -c 0 -z 512 -d /tmp/pat >/dev/null || fail "a write failed at read_ppm"
	inject "read_ppm 0" "write_ppm 1000000"
	expect_nvme_error "$NVME_WRITE_FAULT" nvme write "/dev/$NS" -s 0 -c 0 -z 512 -d /tmp/pat
	read_lbas 0 1
	# half of 2000 reads: the error count against the commands SMART saw
	inject "write_ppm 0" "read_ppm 500000" "seed 1234"
	reads0=$(nvme smart-log "/dev/$CTRL" | field host_read_commands | tr -d ',')
	errs0=$(injected read_errors)
	fio --name=half --filename="/dev/$NS" --direct=1 --eta=never --ioengine=libaio \
		--rw=randread --bs=4k --iodepth=8 --size=64M --number_ios=2000 \
		--continue_on_error=read --ignore_error=$ENODATA --output=/tmp/fio.out
	reads1=$(nvme smart-log "/dev/$CTRL" | field host_read_commands | tr -d ',')
	errs1=$(injected read_errors)
	n=$((reads1 - reads0)) failed=$((errs1 - errs0))
	echo "read_ppm 500000: $failed of $n reads failed"
	[ "$n" -ge 2000 ] || fail "only $n reads reached the device"
	[ $((failed * 100)) -ge $((n * 40)) ] && [ $((failed * 100)) -le $((n * 60)) ] ||
		fail "$failed of $n reads failed at read_ppm 500000"
	grep -q 'No data available' /tmp/fio.out || fail "fio saw no error"
	inject clear
	run_fio after --ioengine=libaio --rw=randread --bs=4k --iodepth=8 --size=64M --number_ios=500
}

# The kernel's DEFAULT_RATELIMIT_INTERVAL, in seconds.
KERNEL_RATELIMIT_S=5

# A file whose data is bad: ext4 cannot read it and the kernel says so;
# cleared, it reads back as written, and fsck finds the file system clean.
t_inject_fs() {
	local lba
	need_dev_uninjected
	mkfs.ext4 -q -F "/dev/$NS" || fail "mkfs.ext4 failed"
	mount -t ext4 "/dev/$NS" /mnt || fail "mount failed"
	dd if=/dev/urandom of=/mnt/f bs=64k count=16 2>/dev/null || fail "writing /mnt/f failed"
	sha256sum /mnt/f >/tmp/f.sum
	sync	# allocated, so it has a place on the device
	filefrag -v -b512 /mnt/f | tee /tmp/frag
	# the first extent's physical start, in 512 B units: an LBA
	lba=$(awk '$1 == "0:" { sub(/\.\..*/, "", $4); print $4 }' /tmp/frag)
	case "$lba" in ''|*[!0-9]*) fail "no extent in filefrag's output" ;; esac
	umount /mnt || fail "umount failed"
	mount -t ext4 "/dev/$NS" /mnt || fail "second mount failed"
	inject "bad $lba 8"
	# the block layer's error lines are rate limited, and the tests
	# before may have used this window up
	sleep $((KERNEL_RATELIMIT_S + 1))
	cat /mnt/f >/dev/null 2>/tmp/cat.err && fail "reading a file with bad blocks succeeded"
	cat /tmp/cat.err
	# (the path's disk, nvme0c0n1, under native multipath)
	dmesg | grep -E 'critical medium error|I/O error' | tail -n 3
	dmesg | grep -qE 'critical medium error|I/O error' || fail "no I/O error in the kernel log"
	inject clear
	echo 3 >/proc/sys/vm/drop_caches
	sha256sum -c /tmp/f.sum || fail "the file reads back wrong once cleared"
	umount /mnt || fail "umount failed"
	e2fsck -fn "/dev/$NS" >/tmp/fsck.out 2>&1 || { cat /tmp/fsck.out; fail "e2fsck found problems"; }
}

# Get LBA Status of namespace $1 from LBA $2, range length $3, action type
# $4, MNDW $5 (0's based dwords), through passthrough: nvme-cli 2.3's
# get-lba-status gives the command no buffer (libnvme 1.3).
get_lba_status_cmd() {
	nvme admin-passthru "/dev/$CTRL" --opcode=0x86 --namespace-id="$1" --cdw10="$2" \
		--cdw13=$(($4 << 24 | $3)) --cdw12="$5" --data-len=$((($5 + 1) * 4)) -r -b
}

# The same for namespace 1 into /tmp/lbas, which must succeed.
get_lba_status() {
	get_lba_status_cmd 1 "$@" >/tmp/lbas || fail "Get LBA Status $* failed"
}

# The descriptors in /tmp/lbas as "DSLBA:NLB:STATUS ...", after NLSD and CMPC.
lbas_descs() {
	local n i out
	n=$(le_at /tmp/lbas 0 4)
	out="$n $(le_at /tmp/lbas 4 1)"
	i=0
	while [ $i -lt "$n" ]; do
		out="$out $(le_at /tmp/lbas $((8 + 16 * i)) 8):$(le_at /tmp/lbas $((16 + 16 * i)) 4):$(le_at /tmp/lbas $((21 + 16 * i)) 1)"
		i=$((i + 1))
	done
	echo "$out"
}

# Get LBA Status lists what Write Uncorrectable marked (status 3: may fail,
# written so) and what was injected bad (status 1), one descriptor per run,
# within SLBA and RL, as many as MNDW allows; the spec's errors otherwise.
t_get_lba_status() {
	local got nsze
	need_dev_uninjected
	nsze=$(cat /sys/block/$NS/size)
	get_lba_status 0 0 0x11 0xff
	[ "$(lbas_descs)" = "0 2" ] || fail "a fresh device lists '$(lbas_descs)'"
	nvme write-uncor "/dev/$NS" -s 12000 -c 7 || fail "write-uncor"
	inject "bad 12008 4" "bad 13000 1"
	for a in 0x10 0x11; do
		get_lba_status 11000 0 $a 0xff
		got=$(lbas_descs)
		[ "$got" = "3 2 12000:7:3 12008:3:1 13000:0:1" ] || fail "action $a lists '$got'"
	done
	get_lba_status 11000 1000 0x11 0xff
	[ "$(lbas_descs)" = "0 2" ] || fail "RL 1000 before 12000 lists '$(lbas_descs)'"
	get_lba_status 12004 500 0x11 0xff
	[ "$(lbas_descs)" = "2 2 12004:3:3 12008:3:1" ] || fail "from 12004, RL 500: '$(lbas_descs)'"
	# room for one descriptor: 2 header dwords and 4 of it
	get_lba_status 0 0 0x11 5
	[ "$(lbas_descs)" = "1 1 12000:7:3" ] || fail "MNDW 5 gets '$(lbas_descs)'"
	# a write heals, so it is listed no more
	nvme write-zeroes "/dev/$NS" -s 12000 -c 3 || fail "write-zeroes"
	get_lba_status 0 0 0x10 0xff
	[ "$(lbas_descs)" = "3 2 12004:3:3 12008:3:1 13000:0:1" ] || fail "after healing: '$(lbas_descs)'"
	expect_nvme_error "$NVME_INVALID_FIELD" get_lba_status_cmd 1 0 0 0x12 0xff
	# NSID 2 has no namespace, 17 is past NN
	expect_nvme_error "$NVME_INVALID_FIELD" get_lba_status_cmd 2 0 0 0x11 0xff
	expect_nvme_error 'invalid namespace|0x400b' get_lba_status_cmd 17 0 0 0x11 0xff
	expect_nvme_error 'LBA out of range|0x4080' get_lba_status_cmd 1 "$nsze" 0 0x11 0xff
	# advertised, and in the effects log
	[ $(($(nvme id-ctrl "/dev/$CTRL" | field oacs) & 1 << 9)) -ne 0 ] || fail "oacs lacks Get LBA Status"
	nvme get-log "/dev/$CTRL" --log-id=5 --log-len=4096 --raw-binary >/tmp/effects || fail "effects log"
	[ "$(effects_dword /tmp/effects $((0x86)))" = 1 ] || fail "Get LBA Status not marked supported"
	inject clear
	nvme write-zeroes "/dev/$NS" -s 12000 -c 7 || fail "write-zeroes"
}

# The LBA Status Information log into /tmp/lbalog (raw); $1: --rae or not.
lba_status_log() {
	nvme lba-status-log "/dev/$CTRL" -o binary $1 >/tmp/lbalog || fail "lba-status-log failed"
}

# Its header as "LSLPLEN NLSLNE ESTULB LSGC", then the namespace element
# and ranges as "NEID NLRD RATYPE RSLBA:RNLB ...".
lbalog_fields() {
	local n i out
	out="$(le_at /tmp/lbalog 0 4) $(le_at /tmp/lbalog 4 4) $(le_at /tmp/lbalog 8 4) $(le_at /tmp/lbalog 14 2)"
	[ "$(le_at /tmp/lbalog 4 4)" = 0 ] && { echo "$out"; return; }
	n=$(le_at /tmp/lbalog 20 4)
	out="$out $(le_at /tmp/lbalog 16 4) $n $(le_at /tmp/lbalog 24 1)"
	i=0
	while [ $i -lt "$n" ] && [ "$n" != 4294967295 ]; do
		out="$out $(le_at /tmp/lbalog $((32 + 16 * i)) 8):$(le_at /tmp/lbalog $((40 + 16 * i)) 4)"
		i=$((i + 1))
	done
	echo "$out"
}

# The LBA Status Information log: where to look, merged; its generation
# counter moves only with news; it holds still while read with RAE; its
# alert, once enabled, completes an AER and a read with RAE clear ends it;
# and the Attributes feature (15h) keeps the report interval.
t_lba_status_log() {
	local t g aec i
	need_dev_uninjected
	lba_status_log
	[ "$(lbalog_fields | cut -d' ' -f1-3)" = "16 0 0" ] || fail "empty log: '$(lbalog_fields)'"
	g=$(le_at /tmp/lbalog 14 2)
	nvme write-uncor "/dev/$NS" -s 12000 -c 7 || fail "write-uncor"
	inject "bad 12008 4" "bad 13000 1"
	nvme lba-status-log "/dev/$CTRL" || fail "lba-status-log"
	lba_status_log
	[ "$(lbalog_fields)" = "64 1 13 $((g + 1)) 1 2 17 12000:11 13000:0" ] ||
		fail "log is '$(lbalog_fields)' (generation was $g)"
	lba_status_log
	[ "$(le_at /tmp/lbalog 14 2)" = $((g + 1)) ] || fail "generation moved without news"
	# read with RAE set, it holds still until read with RAE clear
	lba_status_log --rae
	inject "bad 14000 1"
	lba_status_log --rae
	[ "$(le_at /tmp/lbalog 20 4)" = 2 ] || fail "the log changed while read with RAE"
	lba_status_log
	[ "$(le_at /tmp/lbalog 20 4)" = 2 ] || fail "the last read with RAE is not the held log"
	lba_status_log
	[ "$(lbalog_fields)" = "80 1 14 $((g + 2)) 1 3 17 12000:11 13000:0 14000:0" ] ||
		fail "log after the RAE reads is '$(lbalog_fields)'"
	# LBA Status Information Attributes: LSIPI 10 (1 s) over LSIRI
	[ $((0x$(feature_value 0x15))) -eq $((0xa000a)) ] ||
		fail "feature 15h is $(feature_value 0x15), want a000a"
	nvme set-feature "/dev/$CTRL" --feature-id=0x15 --value=0 || fail "set LSIRI 0"
	[ $((0x$(feature_value 0x15))) -eq $((0xa0000)) ] || fail "LSIRI not 0: $(feature_value 0x15)"
	# the alert: notice 05h for log 0Eh, once the host enables it
	t=$(tracefs)
	echo >"$t/trace"
	echo 1 >"$t/events/nvmev/nvmev_admin/enable"
	aec=$((0x$(feature_value 0xb)))
	nvme set-feature "/dev/$CTRL" --feature-id=0xb --value=$((aec | 1 << 13)) ||
		fail "enable LBA status notices"
	nvme write-uncor "/dev/$NS" -s 15000 -c 0 || fail "write-uncor"
	i=0
	until grep -q 'opcode=0xc status=0x0 result=0xe0502' "$t/trace"; do
		i=$((i + 1))
		[ $i -le 20 ] || fail "no LBA Status Information Alert"
		sleep 0.5
	done
	grep 'opcode=0xc ' "$t/trace"
	# one at a time: none again until the host reads the log
	nvme write-uncor "/dev/$NS" -s 15001 -c 0 || fail "write-uncor"
	sleep 1
	[ "$(grep -c 'result=0xe0502' "$t/trace")" = 1 ] || fail "a second alert before the log was read"
	lba_status_log
	i=0
	until [ "$(grep -c 'result=0xe0502' "$t/trace")" = 2 ]; do
		i=$((i + 1))
		[ $i -le 20 ] || fail "no alert after the log was read"
		sleep 0.5
	done
	nvme set-feature "/dev/$CTRL" --feature-id=0xb --value=$aec || fail "restore AEC"
	echo 0 >"$t/events/nvmev/nvmev_admin/enable"
	# a reset brings the default interval back
	nvme reset "/dev/$CTRL" || fail "reset"
	wait_live
	[ $((0x$(feature_value 0x15))) -eq $((0xa000a)) ] ||
		fail "feature 15h after a reset: $(feature_value 0x15)"
	inject clear
	nvme write-zeroes "/dev/$NS" -s 12000 -c 7 || fail "write-zeroes"
	nvme write-zeroes "/dev/$NS" -s 15000 -c 1 || fail "write-zeroes"
	lba_status_log
	[ "$(lbalog_fields | cut -d' ' -f1-3)" = "16 0 0" ] || fail "log not empty at the end: '$(lbalog_fields)'"
}

# I/O timeout for the timeout test (s): short, so the host gives up soon.
INJECT_IO_TIMEOUT=4
# With this seed, timeout_ppm 5000 hangs the 43rd command and no other of
# the next 600 (tests/unit can show: inject_timeout() draws as here).
INJECT_TIMEOUT_SEED=4

# Commands that never complete: the host times out, aborts in vain and
# resets the controller, which comes back with nothing left over; a file
# job through the block layer sees its hung commands retried and verifies.
t_inject_timeout() {
	local saved t0 out rc
	saved=$(cat /sys/module/nvme_core/parameters/io_timeout)
	trap 'echo $saved >/sys/module/nvme_core/parameters/io_timeout' EXIT
	# the driver takes it when it finds the namespace, so before insmod
	echo $INJECT_IO_TIMEOUT >/sys/module/nvme_core/parameters/io_timeout ||
		fail "cannot set nvme_core io_timeout"
	unload_nvmev
	load_nvmev || fail "insmod failed"
	inject "timeout 9000 1"
	t0=$(date +%s)
	out=$(timeout 120 nvme read "/dev/$NS" -s 9000 -c 0 -z 512 -d /tmp/back 2>&1)
	rc=$?
	echo "nvme read of the hung LBA, after $(($(date +%s) - t0)) s: exit $rc: $out"
	[ $rc -ne 0 ] && [ $rc -ne 124 ] || fail "the read of a hung LBA: exit $rc"
	dmesg | grep -E "$CTRL: .*(timeout|reset)" | tail -n 4
	dmesg | grep -qE "$CTRL: .*timeout" || fail "no timeout in the kernel log"
	wait_live
	[ "$(injected timeouts)" = 1 ] || fail "timeouts counted: $(injected timeouts)"
	check_io_at 9001
	# one command in about 200 hangs, the 43rd with this seed
	inject clear "timeout_ppm 5000" "seed $INJECT_TIMEOUT_SEED"
	run_fio hangs --ioengine=libaio --rw=randwrite --bs=4k --iodepth=8 --size=16M \
		--number_ios=300 $FIO_VERIFY
	echo "timeouts injected: $(injected timeouts)"
	[ "$(injected timeouts)" -ge 2 ] || fail "no command hung under fio"
	wait_live
	inject clear
	check_io_at 9000
	unload_nvmev || fail "rmmod failed"
}
