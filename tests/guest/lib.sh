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
