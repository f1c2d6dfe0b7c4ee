#!/bin/bash
# Run nvmev inside QEMU (TCG) on Debian's own kernels.
#
# usage: tests/vm/run.sh [--kver KVER|all] [--tests "name ..."] [test|demo|bench|kvbench|nsbench|shell]
#
#   test   (default) the test suite; prints PASS/FAIL lines prefixed with the kernel
#          version and ends with "N passed, N failed"; exit status 1 if anything failed
#   demo   load the device and show it at work
#   bench  IOPS of nvmev vs null_blk (and QEMU's own NVMe device for reference)
#   kvbench  ftl=kv put/get ops/s beside block writes/reads of the same sizes
#   nsbench  namespaces: ms from create-ns + attach-ns to a readable block device,
#          and fio IOPS on two namespaces of different FTLs alone and at once
#   shell  interactive shell in the VM (nvmev.ko is at /nvmev.ko; exit with poweroff -f)
#
# --kver (or env KVER=) picks one kernel: a full version or a prefix such as 6.12;
# default: every kernel that tests/vm/setup.sh prepares (Debian's 6.1 and 6.12).
# --tests (or env TESTS=) runs only the named tests (t_NAME in tests/guest/t_*.sh);
# env TEST_TIMEOUT= sets the guest's per-test timeout (s), QEMU_TIMEOUT= the VM's.
# env NVMEV_VM_APPEND= adds arguments to the guest kernel's command line;
# env BENCH_IDLE=poll boots it with idle=poll (bench: see docs/benchmarks.md).
#
# Per kernel: build nvmev.ko with `make -C REPO KDIR=.cache/vm/kernels/KVER/usr/src/linux-headers-KVER`
# (the headers setup.sh unpacked there),
# pack an initramfs (busybox, kmod, nvme-cli, fio, mkfs.ext4/xfs/f2fs, blkzone, kernel modules,
# nvmev.ko, tests/guest/*), boot it with memmap=1G$0x140000000 reserving the top GiB
# of the 4 GiB guest for the device.  The guest reports on a second serial port
# (ttyS1) so its result lines never interleave with kernel messages; the whole
# console goes to .cache/vm/logs/console-KVER-MODE.log.
#
# env NVMEV_VM_CACHE= puts the kernels, .debs and base initramfs elsewhere, e.g.
# one copy for several worktrees; the module build, logs and the VM's files stay
# in this tree's .cache/vm.  Runs that share a cache boot one VM at a time (a
# lock in it): two TCG guests on a 2-core host would only skew each other's timings.
set -uo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${NVMEV_VM_CACHE:-$REPO/.cache/vm}
OWN=$REPO/.cache/vm	# this tree's: the module's initramfs, logs
LOGDIR=$OWN/logs
GUEST_DIR=$REPO/tests/guest
QEMU_TIMEOUT=${QEMU_TIMEOUT:-1200}	# seconds, per VM boot (backstop for hangs)
SENTINEL="NVMEV-GUEST-DONE"

# Same list as DMESG_BAD in tests/guest/lib.sh: kernel trouble on the console.
DMESG_BAD='BUG:|WARNING:|Oops|general protection|possible circular locking|INFO: task .* blocked|lockdep|Call Trace'

# Device region: with -m 4G on q35, RAM above 4 GiB is 0x100000000-0x17fffffff;
# we reserve its top GiB.  Keep in sync with tests/guest/lib.sh.
MEMMAP='1G$0x140000000'

MODE=test
KVER_SEL=${KVER:-all}
TESTS_SEL=${TESTS:-}

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-2}"; }

while [ $# -gt 0 ]; do
	case "$1" in
	--kver) KVER_SEL=${2:?--kver needs a value}; shift 2 ;;
	--kver=*) KVER_SEL=${1#--kver=}; shift ;;
	--tests) TESTS_SEL=${2:?--tests needs a value}; shift 2 ;;
	--tests=*) TESTS_SEL=${1#--tests=}; shift ;;
	test|demo|bench|kvbench|nsbench|shell) MODE=$1; shift ;;
	-h|--help) usage 0 ;;
	*) echo "run.sh: unknown argument '$1'" >&2; usage ;;
	esac
done

log() { echo "vm: $*" >&2; }

# An idle vCPU that halts (the default) takes TCG long to wake for an
# interrupt; idle=poll keeps it spinning, to measure nvmev without that.
[ -n "${BENCH_IDLE:-}" ] && NVMEV_VM_APPEND="${NVMEV_VM_APPEND:-} idle=$BENCH_IDLE"

# --- packages and kernels --------------------------------------------------
mapfile -t ALL_KVERS < <("$REPO/tests/vm/setup.sh") ||
	{ log "setup failed"; exit 1; }
[ ${#ALL_KVERS[@]} -gt 0 ] || { log "setup found no kernel"; exit 1; }

KVERS=()
for k in "${ALL_KVERS[@]}"; do
	if [ "$KVER_SEL" = all ] || [ "$k" = "$KVER_SEL" ] || [[ "$k" == "$KVER_SEL"[.-]* ]]; then
		KVERS+=("$k")
	fi
done
[ ${#KVERS[@]} -gt 0 ] ||
	{ log "no kernel matches '$KVER_SEL' (have: ${ALL_KVERS[*]})"; exit 2; }

mkdir -p "$LOGDIR"
RESULTS=()	# "PASS [kver] name" / "FAIL [kver] name: reason"
# test runs: KFENCE guards a sample of slab objects (docs/tests.md)
VM_KFENCE="kfence.sample_interval=10"
# The console from a kernel's first trouble on, printed again just before
# the totals: CI logs are often read from their end.
CONSOLE_TROUBLE=()
CONSOLE_TROUBLE_LINES=60
# register dumps and code bytes, left out of that: the trace is what tells
CONSOLE_REGISTERS='(RSP|RAX|RDX|RBP|R10|R13|FS|CS|CR2|DR0|DR3|DR6|PKRU): |Code: '

# --- initramfs ---------------------------------------------------------------

# Copy an executable and every shared library it needs (per ldd) into $1,
# keeping the host paths so the dynamic loader and RUNPATHs find them.
copy_with_libs() {
	local root=$1 bin=$2 lib
	install -D -m 0755 "$bin" "$root$bin"
	for lib in $(ldd "$bin" | awk '/=> \//{print $3} /^\t\//{print $1}'); do
		[ -e "$root$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$root$lib"
	done
}

# The part of the initramfs that does not change between runs: busybox, tools,
# libraries, kernel modules.  Cached per kernel as a gzip'd cpio; the kernel
# accepts several concatenated cpio archives, so nvmev.ko and the guest scripts
# go into a second small archive appended at boot time.
build_base_initrd() {
	local kver=$1 out=$2 kroot=$CACHE/kernels/$1
	local stage=$CACHE/stage-$kver
	local m path mods

	rm -rf "$stage"
	mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,mnt,run,guest}

	# busybox provides the shell and coreutils; real tools below override
	# its applets because /usr/sbin and /usr/bin come first in PATH.
	install -m 0755 /bin/busybox "$stage/bin/busybox"
	for m in $(/bin/busybox --list); do
		[ -e "$stage/bin/$m" ] || ln -s busybox "$stage/bin/$m"
	done

	# bash and uuidgen: the user's store_retrieve.sh runs as written
	local tools=(/usr/sbin/nvme /usr/bin/fio /usr/bin/kmod
		     /usr/sbin/mke2fs /usr/sbin/e2fsck /usr/sbin/filefrag
		     /usr/sbin/mkfs.xfs /usr/sbin/xfs_repair
		     /usr/sbin/blkzone /usr/sbin/mkfs.f2fs /usr/sbin/fsck.f2fs
		     /bin/bash /usr/bin/uuidgen)
	for m in "${tools[@]}"; do
		[ -x "$m" ] || m=$(readlink -f "$(command -v "$(basename "$m")")")
		copy_with_libs "$stage" "$m"
	done
	ln -sf mke2fs "$stage/usr/sbin/mkfs.ext4"
	ln -sf e2fsck "$stage/usr/sbin/fsck.ext4"
	# kmod (not busybox) for module handling: same messages as on a real system
	for m in insmod rmmod modprobe lsmod modinfo depmod; do
		ln -sf ../bin/kmod "$stage/usr/sbin/$m"
	done
	[ -e /etc/mke2fs.conf ] && cp /etc/mke2fs.conf "$stage/etc/"
	echo "root:x:0:0:root:/:/bin/sh" >"$stage/etc/passwd"

	# Kernel modules with their dependencies (and soft dependencies such as
	# crc32c for ext4), resolved by modprobe against the extracted image.
	# Built-in ones print "builtin ..." and need nothing.  Optional ones may
	# not exist on a given kernel.
	mods=$(for m in nvme nvme-core null_blk ext4 xfs f2fs crc32c_generic crc32c-intel; do
		modprobe -d "$kroot" -S "$kver" --show-depends "$m" 2>/dev/null
	done | awk '$1 == "insmod" {print $2}' | sort -u)
	local kmods=lib/modules/$kver
	for path in $mods; do
		local rel=${path#"$kroot"/}
		install -D -m 0644 "$path" "$stage/$rel"
		# busybox/kmod could cope with .ko.xz, but plain .ko keeps the guest simple
		case "$rel" in
		*.xz) xz -d -f "$stage/$rel" ;;
		*.zst) zstd -q -d --rm -f "$stage/$rel" ;;
		*.gz) gzip -d -f "$stage/$rel" ;;
		esac
	done
	for m in modules.builtin modules.builtin.modinfo modules.order; do
		[ -e "$kroot/$kmods/$m" ] && cp "$kroot/$kmods/$m" "$stage/$kmods/"
	done
	depmod -b "$stage" "$kver"

	(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet) |
		gzip -1 >"$out.tmp" && mv "$out.tmp" "$out"
	rm -rf "$stage"
}

# Small archive with what changes between runs: the module, the guest
# scripts, the test tools (kvtool and xfertool built static, so they need no
# libraries).
build_overlay_initrd() {
	local ko=$1 out=$2 stage=$OWN/overlay
	rm -rf "$stage"
	mkdir -p "$stage/guest" "$stage/usr/bin"
	install -m 0755 "$GUEST_DIR/init" "$stage/init"
	cp "$GUEST_DIR"/*.sh "$stage/guest/"
	cp -r "$GUEST_DIR/compat" "$stage/guest/"
	install -m 0755 "$REPO/scripts/kv" "$stage/usr/bin/kv"
	install -m 0755 "$REPO/scripts/store_retrieve.sh" "$stage/guest/"
	# as in the tree, so it finds /nvmev.ko as it finds the built module
	install -D -m 0755 "$REPO/scripts/nvmev-load" "$stage/scripts/nvmev-load"
	ln -s ../../scripts/nvmev-load "$stage/usr/bin/nvmev-load"
	gcc -O2 -Wall -Wextra -Werror -static -o "$stage/usr/bin/kvtool" \
		"$GUEST_DIR/kvtool.c" || return 1
	gcc -O2 -Wall -Wextra -Werror -static -o "$stage/usr/bin/xfertool" \
		"$GUEST_DIR/xfertool.c" || return 1
	[ -n "$ko" ] && cp "$ko" "$stage/nvmev.ko"
	# tools of ours the guest runs, built here against the same libc
	make -s -C "$REPO/tools/fdp" >/dev/null &&
		install -D -m 0755 "$REPO/tools/fdp/nvmev-fdp-hotcold" \
			"$stage/usr/bin/nvmev-fdp-hotcold"
	(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet) |
		gzip -1 >"$out"
	rm -rf "$stage"
}

# --- module build --------------------------------------------------------------

# The kernel headers of $1, as setup.sh unpacked them.
kdir() { echo "$CACHE/kernels/$1/usr/src/linux-headers-$1"; }

# Build nvmev.ko for $1 and copy it to $2.  Each kernel builds in a copy of
# the sources of its own, $OWN/build-KVER: kbuild rebuilds every object when
# the kernel changes, so one shared tree was rebuilt whole for each kernel
# on every run.  cp -p keeps the times, so only what changed is rebuilt.
build_module() {
	local kver=$1 dst=$2 blog=$LOGDIR/build-$1.log bdir=$OWN/build-$1
	rm -f "$dst"
	log "[$kver] building nvmev.ko (log: $blog)"
	mkdir -p "$bdir"
	rm -f "$bdir"/*.[ch]
	cp -p "$REPO"/*.[ch] "$REPO"/Kbuild "$bdir"/
	if ! make -C "$(kdir "$kver")" M="$bdir" modules >"$blog" 2>&1; then
		tail -n 30 "$blog" >&2
		return 1
	fi
	# guard against a stale nvmev.ko from another kernel
	local vm
	vm=$(modinfo -F vermagic "$bdir/nvmev.ko" 2>/dev/null | awk '{print $1}')
	if [ "$vm" != "$kver" ]; then
		log "[$kver] nvmev.ko has vermagic '$vm'"
		return 1
	fi
	cp "$bdir/nvmev.ko" "$dst"
}

# --- QEMU ----------------------------------------------------------------------

# Boot kernel $1 in mode $2 with initrd $3.  Guest reports go to $4 (ttyS1),
# the console to $5.
boot_vm() {
	local kver=$1 mode=$2 initrd=$3 res=$4 con=$5
	local kernel=$CACHE/kernels/$kver/boot/vmlinuz-$kver
	# tsc=reliable: under TCG the guest finds its vCPUs' TSCs out of sync
	# and falls back to the HPET, whose every read is an emulated MMIO
	# access under QEMU's global lock; clock reads in nvmev's (and fio's)
	# hot paths then dominate every figure.  Real machines have a stable
	# TSC, and QEMU derives all vCPUs' TSCs from one clock.
	local append="console=ttyS0 memmap=$MEMMAP tsc=reliable panic=-1 nvmev_mode=$mode"
	# not for the bench: its figures go without KFENCE
	[ "$mode" = test ] && append+=" $VM_KFENCE"
	[ -n "$TESTS_SEL" ] && append+=" nvmev_tests=$(echo $TESTS_SEL | tr ' ' ',')"
	[ -n "${TEST_TIMEOUT:-}" ] && append+=" nvmev_test_timeout=$TEST_TIMEOUT"
	# extra guest kernel arguments, e.g. debugging options
	[ -n "${NVMEV_VM_APPEND:-}" ] && append+=" $NVMEV_VM_APPEND"
	local args=(-machine q35 -cpu max -accel tcg -m 4G -smp 2 -no-reboot
		    -kernel "$kernel" -initrd "$initrd" -append "$append")

	if [ "$mode" = bench ]; then
		# QEMU's own emulated NVMe, for reference figures
		local img=$CACHE/qemu-nvme.img
		[ -e "$img" ] || truncate -s 1G "$img"
		args+=(-drive "file=$img,if=none,id=qn,format=raw"
		       -device "nvme,drive=qn,serial=qemu")
	fi

	if [ "$mode" = shell ]; then
		# interactive: the console on this terminal (no monitor: Ctrl-C quits QEMU)
		qemu-system-x86_64 "${args[@]}" -display none -monitor none -serial stdio \
			-chardev "file,id=res,path=$res" -device isa-serial,chardev=res
		return
	fi

	: >"$res"
	: >"$con"
	timeout "$QEMU_TIMEOUT" qemu-system-x86_64 "${args[@]}" \
		-display none -monitor none -serial "file:$con" \
		-chardev "file,id=res,path=$res" -device isa-serial,chardev=res \
		</dev/null &
	local qpid=$!
	# show the guest's report lines as they come
	tail -n +1 -F --pid="$qpid" "$res" 2>/dev/null | sed -u 's/\r$//' |
		grep --line-buffered -v -e "^$SENTINEL" -e "^RUN " | sed -u "s/^/[$kver] /" &
	local tpid=$!
	wait "$qpid"
	local rc=$?
	wait "$tpid" 2>/dev/null
	[ "$rc" = 124 ] && log "[$kver] QEMU timed out after ${QEMU_TIMEOUT}s"
	return "$rc"
}

# --- one kernel ----------------------------------------------------------------

run_kernel() {
	local kver=$1 mode=$2
	local work=$OWN/work/$kver
	# named by this script's contents, which define it: worktrees sharing
	# a cache with different versions of it each keep their own
	local base
	base=$CACHE/initrd-base-$kver-$(md5sum <"$0" | cut -c1-12).cpio.gz
	local res=$LOGDIR/results-$kver-$mode.txt con=$LOGDIR/console-$kver-$mode.log
	mkdir -p "$work"

	if ! build_module "$kver" "$work/nvmev.ko"; then
		RESULTS+=("FAIL [$kver] build: make KDIR=$(kdir "$kver") failed (see $LOGDIR/build-$kver.log)")
		return
	fi

	# rebuild the base archive when the extracted kernel changes
	if [ ! -s "$base" ] || [ "$CACHE/kernels/$kver/.stamp" -nt "$base" ]; then
		log "[$kver] packing base initramfs"
		build_base_initrd "$kver" "$base" || { RESULTS+=("FAIL [$kver] initramfs: could not build it"); return; }
		# keep the newest few, for the other trees' versions of this script
		ls -t "$CACHE"/initrd-base-"$kver"-*.cpio.gz | tail -n +5 | xargs -r rm -f
	fi
	build_overlay_initrd "$work/nvmev.ko" "$work/overlay.cpio.gz" ||
		{ RESULTS+=("FAIL [$kver] initramfs: could not build the overlay"); return; }
	cat "$base" "$work/overlay.cpio.gz" >"$work/initrd.img"

	log "[$kver] booting QEMU ($mode; console: $con)"
	local t0=$SECONDS
	boot_vm "$kver" "$mode" "$work/initrd.img" "$res" "$con"
	log "[$kver] VM ran $((SECONDS - t0)) s"
	[ "$mode" = shell ] && return

	local lines
	lines=$(tr -d '\r' <"$res")
	if [ "$mode" = test ]; then
		local n=0 line running=
		while IFS= read -r line; do
			case "$line" in
			"RUN "*)
				running=${line#RUN } ;;
			"PASS "*|"FAIL "*)
				RESULTS+=("${line%% *} [$kver] ${line#* }")
				running=
				n=$((n + 1)) ;;
			esac
		done <<<"$lines"
		# a test that started but never reported: the VM died or hung in it
		[ -n "$running" ] && RESULTS+=("FAIL [$kver] $running: the VM stopped during this test (see $con)")
		[ "$n" -gt 0 ] || RESULTS+=("FAIL [$kver] vm: no test results")
		# Second line of defence: the guest cannot always read its own log
		# (e.g. once slab memory is corrupted), but the console has it all.
		# Only what happened after init started counts.
		local trouble bad
		trouble=$(tr -d '\r' <"$con" | sed -n '/^init: mode=/,$p' |
			  grep -E -A $CONSOLE_TROUBLE_LINES -m 1 "$DMESG_BAD")
		bad=$(head -n 1 <<<"$trouble")
		if [ -n "$bad" ] && ! grep -q "^FAIL .*: kernel: " <<<"$lines"; then
			RESULTS+=("FAIL [$kver] console: kernel log has: ${bad#\[*\] }")
		fi
		[ -n "$bad" ] &&
			CONSOLE_TROUBLE+=("--- [$kver] console from its first trouble ---"
					  "$(grep -Ev "$CONSOLE_REGISTERS" <<<"$trouble")")
	fi
	if ! grep -q "^$SENTINEL" <<<"$lines"; then
		RESULTS+=("FAIL [$kver] vm: guest did not finish (no $SENTINEL); console tail follows")
		tail -n 40 "$con" | tr -d '\r' >&2
	fi
}

for k in "${KVERS[@]}"; do
	# one VM at a time per cache (see the top)
	exec {lock_fd}>"$CACHE/vm.lock"
	if ! flock -n "$lock_fd"; then
		log "[$k] waiting for another run's VM to finish ($CACHE/vm.lock)"
		flock "$lock_fd"
	fi
	run_kernel "$k" "$MODE"
	exec {lock_fd}>&-
done

[ "$MODE" = shell ] && exit 0

pass=0 fail=0
echo
for r in "${RESULTS[@]}"; do
	echo "$r"
	case "$r" in PASS*) pass=$((pass + 1)) ;; *) fail=$((fail + 1)) ;; esac
done
if [ "$MODE" = test ]; then
	for r in "${CONSOLE_TROUBLE[@]}"; do
		echo "$r"
	done
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
