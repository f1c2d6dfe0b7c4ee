# Helpers shared by the guest scripts (sourced; busybox sh).

# Default module parameters: the region reserved with memmap=1G$0x140000000
# (see tests/vm/run.sh), dispatcher on CPU 0, one I/O worker on CPU 1, and
# the default FTL (conv).
NVMEV_PARAMS="memmap_start=0x140000000 memmap_size=1G cpus=0,1"

# Kernel log lines that mean something went wrong in the kernel.
DMESG_BAD='BUG:|WARNING:|Oops|general protection|possible circular locking|INFO: task .* blocked|lockdep|Call Trace'

# Debian's busybox shell runs its own applets before anything in PATH; use
# kmod for module handling so the messages are those of a real system (and
# soft dependencies such as crc32c for libcrc32c are honoured).
# (kmod picks the command from its argv[0]: the symlinks in /usr/sbin.)
insmod() { /usr/sbin/insmod "$@"; }
rmmod() { /usr/sbin/rmmod "$@"; }
modprobe() { /usr/sbin/modprobe "$@"; }
lsmod() { /usr/sbin/lsmod "$@"; }

nvmev_loaded() { grep -q '^nvmev ' /proc/modules; }

# Name of the nvmev controller (e.g. nvme1), found by its model string;
# QEMU's own NVMe may be nvme0.
nvmev_ctrl() {
	local d
	for d in /sys/class/nvme/nvme*; do
		[ -r "$d/model" ] || continue
		case "$(cat "$d/model")" in
		*nvmev*) basename "$d"; return 0 ;;
		esac
	done
	return 1
}

# Block device name of namespace 1 of controller $1.  With native multipath
# the controller's directory holds the hidden path nvme<S>c<C>n<N> and the
# disk is the head nvme<S>n<N>; without it, it holds nvme<C>n<N> itself.
# N counts the namespaces as the driver found them (6.12 scans several in
# parallel), so the disk's nsid attribute says which is namespace 1.
ctrl_ns() {
	local d
	for d in /sys/class/nvme/"$1"/nvme*n*; do
		[ "$(cat "$d/nsid" 2>/dev/null)" = 1 ] || continue
		basename "$d" | sed 's/c[0-9]*n/n/'
		return 0
	done
	return 1
}

# Wait (bounded) until the nvmev controller and its namespace block device are
# there; sets CTRL (e.g. nvme1) and NS (e.g. nvme1n1).
wait_nvmev() {
	local i=0
	CTRL= NS=
	while [ $i -lt ${1:-120} ]; do
		CTRL=$(nvmev_ctrl) && NS=$(ctrl_ns "$CTRL") &&
			[ -b "/dev/$NS" ] && [ -c "/dev/$CTRL" ] &&
			[ "$(cat /sys/block/$NS/size 2>/dev/null || echo 0)" -gt 0 ] && return 0
		sleep 0.5
		i=$((i + 1))
	done
	CTRL= NS=
	return 1
}

# insmod with the default parameters (extra ones appended) and wait for the disk.
load_nvmev() {
	insmod /nvmev.ko $NVMEV_PARAMS "$@" || return 1
	wait_nvmev
}

unload_nvmev() {
	nvmev_loaded || return 0
	rmmod nvmev
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

# Make sure the device is there, loading it if needed; sets CTRL and NS.
need_dev() {
	if nvmev_loaded && wait_nvmev 20; then
		return 0
	fi
	unload_nvmev
	load_nvmev
}

# debugfs directory of controller $CTRL: /sys/kernel/debug/nvmev/<PCI device>
nvmev_debugfs() {
	echo "/sys/kernel/debug/nvmev/$(basename "$(readlink -f "/sys/class/nvme/$CTRL/device")")"
}

# Value of "$1: value" in the FTL's statistics of controller $CTRL.
ftl_stat() {
	sed -n "s/^$1: *//p" "$(nvmev_debugfs)/stats" | head -n 1
}

# IOPS from fio's terse (v3) output on stdin: reads ($1=r) or writes ($1=w).
# Field 8 is read IOPS, 49 write IOPS.
terse_iops() {
	case "$1" in
	r) awk -F';' '{print $8}' ;;
	w) awk -F';' '{print $49}' ;;
	esac
}

# Load nvmev with ftl=kv (extra parameters appended) and wait for its
# namespace: with kv_layout=nvme (a KV Command Set namespace) the driver
# makes no block device, only the generic char device; sets CTRL, NS and KVDEV (the device
# kvtool and the kv script use: /dev/$NS, or /dev/ngXn1).
load_kv() {
	local i=0
	unload_nvmev
	insmod /nvmev.ko $NVMEV_PARAMS ftl=kv "$@" || return 1
	case " $* " in
	*" kv_layout=nvme "*)
		while [ $i -lt 120 ]; do
			CTRL=$(nvmev_ctrl) && KVDEV=/dev/ng${CTRL#nvme}n1 &&
				[ -c "$KVDEV" ] && return 0
			sleep 0.5
			i=$((i + 1))
		done
		return 1 ;;
	*)
		wait_nvmev && KVDEV=/dev/$NS ;;
	esac
}

# ---------------------------------------------------------------- the test suite
#
# One function t_NAME per test, in the files t_AREA.sh beside this one.
# run_tests runs each in its own shell under a timeout; a test passes when
# it returns 0 and fails by calling `fail "reason"` (which exits that
# shell).  After each test the kernel log is checked for oopses, warnings,
# lockdep splats and hung tasks; a hit turns the result into a FAIL.  Each
# test yields exactly one line:
#   PASS name   |   FAIL name: reason

TEST_TIMEOUT=${TEST_TIMEOUT:-300}	# seconds per test (nvmev_test_timeout= on the kernel command line)

# The areas (t_AREA.sh) in the order their tests run, each file's tests in
# the order they are written there; a t_*.sh not named here runs after them.
TEST_AREAS="module basic errors fio data ns nvm inject ctrl fs storage model conv kv fdp zns"
# The riskier tests run after all the others, in this order: after an oops
# the remaining tests are not run.
RUN_LAST="bad_params nvmev_load fdp_bad_params worker_threads default_cpus rmmod_under_load
reload_cycles ctrl_reset inject_timeout ns_delete_all_rescan"

# The test files in the order their tests run.
test_files() {
	local area f
	for area in $TEST_AREAS; do
		echo "/guest/t_$area.sh"
	done
	for f in /guest/t_*.sh; do
		area=${f#/guest/t_}
		case " $TEST_AREAS " in
		*" ${area%.sh} "*) ;;
		*) echo "$f" ;;
		esac
	done
}

# Every test (the t_NAME functions of the test files) in the order they run.
all_tests() {
	local last=" $(echo $RUN_LAST) " f t
	for f in $(test_files); do
		for t in $(sed -n 's/^t_\([a-z0-9_]*\)().*/\1/p' "$f"); do
			case "$last" in
			*" $t "*) ;;
			*) echo "$t" ;;
			esac
		done
	done
	echo $RUN_LAST
}

# Define every test, and the harness's own (selftest.sh: not in all_tests).
load_tests() {
	local f
	for f in $(test_files) /guest/selftest.sh; do
		. "$f"
	done
}

report() {
	echo "$*"
	echo "$*" >"${REPORT:-/dev/console}"
}

# Kernel log lines after which the kernel cannot be trusted any more.
DMESG_FATAL='BUG:|Oops|general protection'

# Run the tests named (default: all_tests), then check the module unloads.
run_tests() {
	local list t rc bad fatal=
	load_tests
	list=${*:-$(all_tests)}
	dmesg -c >/dev/null	# boot messages are on the console already
	for t in $list; do
		if [ -n "$fatal" ]; then
			report "FAIL $t: not run, the kernel oopsed during $fatal"
			continue
		fi
		echo "=== test $t (uptime $(cut -d' ' -f1 /proc/uptime) s)"
		# lets the host name the test if the VM dies during it
		echo "RUN $t" >"${REPORT:-/dev/console}"
		rm -f /tmp/reason
		if type "t_$t" >/dev/null 2>&1; then
			timeout -s KILL "$TEST_TIMEOUT" sh -c ". /guest/lib.sh; load_tests; t_$t"
			rc=$?
		else
			echo "unknown test" >/tmp/reason
			rc=1
		fi
		# dmesg -c: each test sees (and is judged on) only its own messages
		bad=$(dmesg -c | grep -E "$DMESG_BAD")
		if [ -n "$bad" ]; then
			echo "--- kernel log of $t has:"
			echo "$bad"
			report "FAIL $t: kernel: $(echo "$bad" | head -n 1 | sed 's/^\[[ 0-9.]*\] //')"
			echo "$bad" | grep -qE "$DMESG_FATAL" && fatal=$t
		elif [ $rc -eq 0 ]; then
			report "PASS $t"
		elif [ $rc -eq 137 ]; then
			report "FAIL $t: timed out after ${TEST_TIMEOUT}s"
		else
			report "FAIL $t: $(head -n 1 /tmp/reason 2>/dev/null || echo "exit status $rc")"
		fi
		# leave a clean state for the next test
		umount /mnt 2>/dev/null
		for p in $(pidof fio); do kill -9 "$p" 2>/dev/null; done
	done
	echo "=== tests done (uptime $(cut -d' ' -f1 /proc/uptime) s)"
	[ -n "$fatal" ] && return
	# last check: the module unloads and the kernel log stays clean
	echo "RUN final_unload" >"${REPORT:-/dev/console}"
	if ! timeout -s KILL 120 sh -c ". /guest/lib.sh; unload_nvmev"; then
		report "FAIL final_unload: rmmod nvmev failed"
	elif bad=$(dmesg -c | grep -E "$DMESG_BAD"); then
		echo "$bad"
		report "FAIL final_unload: kernel: $(echo "$bad" | head -n 1 | sed 's/^\[[ 0-9.]*\] //')"
	else
		report "PASS final_unload"
	fi
}

# ---------------------------------------------------------------- helpers of several test areas

fail() {
	echo "$*" >/tmp/reason
	echo "FAILED: $*"
	exit 1
}

# Run an nvme-cli command that must fail with an error matching $1 (an ERE,
# case-insensitive).  nvme-cli exits non-zero on an NVMe status and prints
# libnvme's name for it, e.g. "NVMe status: Invalid Command Opcode: ...(0x4001)".
expect_nvme_error() {
	local pat=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	echo "\$ $* -> exit $rc"
	echo "$out"
	[ $rc -ne 0 ] || fail "'$*' succeeded"
	echo "$out" | grep -qiE "$pat" ||
		fail "'$*': expected /$pat/, got: $(echo "$out" | grep -v '^$' | tail -n 1)"
}

# Read 4 LBAs at $1 and check they are all zero.
check_zero_at() {
	rm -f /tmp/back
	nvme read "/dev/$NS" -s "$1" -c 3 -z 2048 -d /tmp/back >/dev/null 2>&1 ||
		fail "nvme read at LBA $1 failed"
	head -c 2048 /dev/zero | cmp -s - /tmp/back || fail "LBAs $1-$(($1 + 3)) not zero $2"
}

# Wait (bounded) for controller $CTRL to be live again, e.g. after a reset.
wait_live() {
	local i=0
	while [ "$(cat /sys/class/nvme/$CTRL/state 2>/dev/null)" != live ]; do
		i=$((i + 1))
		[ $i -le 60 ] || fail "controller state '$(cat /sys/class/nvme/$CTRL/state)' 30 s after reset"
		sleep 0.5
	done
}

# Write 4 random LBAs at $1 and read them back.
check_io_at() {
	local lba=$1
	head -c 2048 /dev/urandom >/tmp/pat
	nvme write "/dev/$NS" -s "$lba" -c 3 -z 2048 -d /tmp/pat >/dev/null 2>&1 ||
		fail "nvme write at LBA $lba failed"
	rm -f /tmp/back
	nvme read "/dev/$NS" -s "$lba" -c 3 -z 2048 -d /tmp/back >/dev/null 2>&1 ||
		fail "nvme read at LBA $lba failed"
	cmp -s /tmp/pat /tmp/back || fail "data read back at LBA $lba differs"
}

# fio job on the nvmev disk; $1 = label for messages, the rest = fio options.
# Fails with fio's error line when fio reports an error (e.g. verify failure).
run_fio() {
	local label=$1
	shift
	fio --name="$label" --filename="/dev/$NS" --direct=1 --group_reporting --eta=never \
		--output=/tmp/fio.out "$@"
	local rc=$?
	cat /tmp/fio.out
	[ $rc -eq 0 ] || fail "fio $label exit $rc: $(grep -iE 'err|verify|bad' /tmp/fio.out | head -n 1)"
	grep -q 'err= *[1-9]' /tmp/fio.out && fail "fio $label: $(grep 'err=' /tmp/fio.out | head -n 1)"
	return 0
}

# value of field $1 in nvme-cli's "name : value" output on stdin
field() { awk -v f="$1" -F: '{k=$1; gsub(/[ \t]/,"",k)} k==f {v=$2; sub(/^[ \t]+/,"",v); sub(/[ \t]+$/,"",v); print v; exit}'; }

# nvme-cli's usual "NVMe status" names, or the status codes in hex
NVME_INVALID_FIELD='invalid field|0x4002'
NVME_INVALID_OPCODE='invalid command opcode|0x4001'
NVME_INVALID_LOG_PAGE='invalid log page|0x4109'
NVME_SEQUENCE_ERROR='sequence error|0x400c'

FIO_VERIFY="--verify=crc32c --do_verify=1 --verify_fatal=1 --verify_dump=0"

# Sizes from one LBA to 1 MiB: single pages, PRP lists, the driver's splitting.
MIXED_BS="--bssplit=512/10:1k/5:4k/25:8k/10:20k/10:64k/15:128k/10:512k/10:1m/5"

# The LBA of the newest Error Information log entry.
newest_error_lba() { nvme error-log "/dev/$CTRL" -e 1 | field lba; }

NVME_READ_ERROR='unrecovered read error|0x4281'

# Read $2 LBAs at $1 into /tmp/back; fails the test if the read fails.
read_lbas() {
	local out
	rm -f /tmp/back
	out=$(nvme read "/dev/$NS" -s "$1" -c $(($2 - 1)) -z $(($2 * 512)) -d /tmp/back 2>&1) ||
		fail "nvme read of $2 LBAs at $1 failed: $out"
}

# mkfs, fill, checksum, remount, fsck, compare.  $1 = fs type, $2 = fsck command.
fs_roundtrip() {
	local fs=$1 fsck=$2 i
	need_dev || fail "device not available"
	"mkfs.$fs" -q $([ "$fs" = xfs ] && echo -f || echo -F) "/dev/$NS" || fail "mkfs.$fs failed"
	mount -t "$fs" "/dev/$NS" /mnt || fail "mount $fs failed"
	dd if=/dev/urandom of=/mnt/big bs=1M count=24 2>/dev/null || fail "writing /mnt/big failed"
	mkdir -p /mnt/dir
	i=0
	while [ $i -lt 100 ]; do
		head -c $((i * 1000 + 1)) /dev/urandom >/mnt/dir/f$i || fail "writing f$i failed"
		i=$((i + 1))
	done
	(cd /mnt && find . -type f | sort | xargs sha256sum) >/tmp/sum1
	umount /mnt || fail "umount failed"
	$fsck "/dev/$NS" >/tmp/fsck.out 2>&1 || { cat /tmp/fsck.out; fail "$fsck found problems"; }
	mount -t "$fs" "/dev/$NS" /mnt || fail "second mount failed"
	(cd /mnt && find . -type f | sort | xargs sha256sum) >/tmp/sum2
	umount /mnt || fail "second umount failed"
	cmp -s /tmp/sum1 /tmp/sum2 || { diff /tmp/sum1 /tmp/sum2; fail "checksums differ after remount"; }
	echo "$(wc -l </tmp/sum1) files match"
}

# Counter $1 of the FTL's statistics, which must be a number (a failure
# ends the command substitution only: use as v=$(stat_num f) || exit 1).
stat_num() {
	local v
	v=$(ftl_stat "$1")
	case "$v" in
	''|*[!0-9]*) fail "stats field $1 is '$v'" ;;
	esac
	echo "$v"
}

# insmod with $1 must fail with EINVAL (kmod says "Invalid parameters") and
# leave a "nvmev: ...$2..." line in the log.
bad_param() {
	local params=$1 name=$2 before msg out
	before=$(dmesg | wc -l)
	out=$(insmod /nvmev.ko $params 2>&1) && { rmmod nvmev; fail "insmod $params succeeded"; }
	nvmev_loaded && fail "nvmev loaded after a failed insmod $params"
	echo "$out" | grep -qE 'Invalid (parameters|argument)' ||
		fail "insmod $params: not EINVAL: $out"
	msg=$(dmesg | tail -n +$((before + 1)) | grep "nvmev:" | grep "$name" | head -n 1)
	[ -n "$msg" ] || fail "insmod $params: no 'nvmev: ...$name...' line in dmesg"
	echo "insmod $params -> $msg"
}

# Run the kv script; fail with its message if it fails.
kv_ok() {
	kv "$@" 2>/tmp/kv.err || fail "kv $*: $(cat /tmp/kv.err)"
}

# Get Features value (hex digits after "value:") of feature $1, extra args after.
feature_value() {
	local fid=$1
	shift
	nvme get-feature "/dev/$CTRL" --feature-id="$fid" "$@" 2>&1 |
		sed -n 's/.*value: *\(0x\)*\([0-9a-fA-F]*\).*/\2/p' | head -n 1
}

# Mounts tracefs once.  record-cmd off: otherwise the first enabled event
# hooks sched_switch, live-patching __schedule, which every CPU runs all the
# time; under multi-threaded TCG a vCPU can then execute a stale int3 from
# that patch (seen once as "Oops: int3" in __schedule, 6.12).
tracefs() {
	if [ ! -d /sys/kernel/tracing/events ]; then
		mount -t tracefs nodev /sys/kernel/tracing
		echo 0 >/sys/kernel/tracing/options/record-cmd
	fi
	echo "/sys/kernel/tracing"
}

# dword $2 of the binary effects log in file $1
effects_dword() { od -An -tu4 -j $(($2 * 4)) -N 4 "$1" | tr -d ' '; }

# Little-endian unsigned value of $3 bytes (1, 2, 4 or 8) at byte $2 of file $1.
le_at() { od -An -tu"$3" -j "$2" -N "$3" "$1" | tr -d ' '; }

# Block device name of the namespace with NSID $2 of controller $1.  The
# N of nvme<S>n<N> is not the NSID but the order in which the driver found
# the namespaces (6.12 scans them in parallel, and NSIDs are reused), so
# each disk's nsid attribute says which it is; the controller's directory
# holds the disk, or with native multipath its hidden path nvme<S>c<C>n<N>
# whose head is nvme<S>n<N>.
ctrl_ns_n() {
	local d
	for d in /sys/class/nvme/"$1"/nvme*n*; do
		[ "$(cat "$d/nsid" 2>/dev/null)" = "$2" ] || continue
		basename "$d" | sed 's/c[0-9]*n/n/'
		return 0
	done
	return 1
}

# Wait (bounded, $2 half-seconds) until namespace $1 of $CTRL has a block
# device with a size; prints its name.
wait_ns() {
	local i=0 d
	while [ $i -lt ${2:-60} ]; do
		d=$(ctrl_ns_n "$CTRL" "$1") && [ -b "/dev/$d" ] &&
			[ "$(cat /sys/block/$d/size 2>/dev/null || echo 0)" -gt 0 ] &&
			{ echo "$d"; return 0; }
		sleep 0.5
		i=$((i + 1))
	done
	return 1
}
