# bench mode: figures, not a test (sourced by init after lib.sh).
#
# Part 1, IOPS.
# 4 KiB random reads and writes, QD32, io_uring, direct, for:
#   nvmev with no modelled latency (ftl=simple read_ns=0 write_ns=0 bandwidth_mbps=0),
#   and its reads again with the host's Interrupt Coalescing set
#   null_blk (memory backed, irqmode=0: completed inline on the submitting
#   CPU) - the ceiling for a block device in this VM
#   null_blk again with nvmev loaded but idle - the cost of nvmev's threads
#   QEMU's own emulated NVMe, for reference
# In TCG every figure is far below real hardware; the ratios are what matter.

BENCH_RUNTIME=${BENCH_RUNTIME:-8}
BENCH_ROUNDS=${BENCH_ROUNDS:-3}
# The module's defaults (dispatcher and its worker on the last CPU), no
# modelled latency: what the emulator itself costs.
BENCH_NVMEV="memmap_start=0x140000000 memmap_size=1G ftl=simple read_ns=0 write_ns=0 bandwidth_mbps=0"
NULL_BLK="nr_devices=1 memory_backed=1 gb=1"

# A line as each measurement starts, on stderr (not into the figure a
# caller captures), so that a long run shows where it is.
bench_step() { echo "bench: [$(cut -d' ' -f1 /proc/uptime) s] $*" >&2; }

# IOPS of one fio run: $1 = device, $2 = randread|randwrite
iops() {
	bench_step "fio $2 4k QD32 on $1"
	fio --name=b --filename="$1" --direct=1 --ioengine=io_uring --iodepth=32 \
		--rw="$2" --bs=4k --size=512M --time_based --runtime="$BENCH_RUNTIME" \
		--ramp_time=2 --minimal 2>/dev/null |
		terse_iops "$([ "$2" = randread ] && echo r || echo w)"
}

# Interrupt Coalescing (Feature 08h) for the QD32 row that sets it: THR 15
# (16 entries) and TIME 1 (100 us).  Linux never sets it; a host that
# wants throughput over latency does, on a real SSD as here.
BENCH_COALESCE=0x010f

# IOPS of QD32 randread on nvmev ($1 = Interrupt Coalescing's value),
# followed by the interrupts per command of the run (ramp included) in $IRQ_FILE.
IRQ_FILE=/tmp/bench-irqs
nvmev_read_iops() {
	local irqs ios io
	nvme set-feature "/dev/$CTRL" --feature-id=8 --value="$1" >/dev/null
	irqs=$(ctrl_io_irqs) ios=$(ns_ios)
	io=$(iops "/dev/$NS" randread)
	irqs=$(($(ctrl_io_irqs) - irqs)) ios=$(($(ns_ios) - ios))
	echo "$irqs $ios" | awk '{ printf " %.2f", $2 ? $1 / $2 : 0 }' >>"$IRQ_FILE"
	echo "$io"
}

# median of the numbers in $@
median() { printf "%s\n" "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR + 1) / 2)]}'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

row() { printf "%-40s %10s %10s\n" "$@"; }

# The three configurations alternate within each round, so that drifts in
# the TCG host's speed hit them alike; each figure is the median of the rounds.
bench() {
	local round nr= nw= ir= iw= br= bw= cr= ni= nc= qr qw qdev
	echo "nvmev bench: kernel $(uname -r), $(nproc) vCPUs (TCG), fio 4k QD32 io_uring direct," \
		"${BENCH_RUNTIME}s per run, median of $BENCH_ROUNDS rounds"
	# BENCH_IDLE=poll (tests/vm/run.sh): idle vCPUs spin instead of halting
	echo "guest idle: $(grep -o 'idle=[a-z]*' /proc/cmdline || echo 'halt (default)')"
	profile_one_command
	echo
	modprobe null_blk $NULL_BLK irqmode=0 || { echo "null_blk did not load"; return 1; }
	for round in $(seq "$BENCH_ROUNDS"); do
		insmod /nvmev.ko $BENCH_NVMEV && wait_nvmev || { echo "nvmev did not load"; return 1; }
		[ "$round" = 1 ] && dmesg | grep 'nvmev: .*worker' | tail -n 1
		: >"$IRQ_FILE"
		nr="$nr $(nvmev_read_iops 0)" nw="$nw $(iops "/dev/$NS" randwrite)"
		cr="$cr $(nvmev_read_iops $BENCH_COALESCE)"
		ni="$ni $(cut -d' ' -f2 "$IRQ_FILE")" nc="$nc $(cut -d' ' -f3 "$IRQ_FILE")"
		# null_blk while nvmev is loaded but idle
		sleep 2
		ir="$ir $(iops /dev/nullb0 randread)" iw="$iw $(iops /dev/nullb0 randwrite)"
		rmmod nvmev
		br="$br $(iops /dev/nullb0 randread)" bw="$bw $(iops /dev/nullb0 randwrite)"
		echo "round $round: nvmev$nr /$nw  coalesced$cr  null_blk idle-nvmev$ir /$iw" \
			" null_blk$br /$bw  interrupts per read$ni, coalesced$nc"
	done
	rmmod null_blk
	nr=$(median $nr) nw=$(median $nw) ir=$(median $ir) iw=$(median $iw) cr=$(median $cr)
	ni=$(median $ni) nc=$(median $nc)
	br=$(median $br) bw=$(median $bw)

	qdev=
	for c in /sys/class/nvme/nvme*; do
		case "$(cat "$c/model" 2>/dev/null)" in
		*QEMU*) qdev=/dev/$(ctrl_ns "$(basename "$c")") ;;
		esac
	done
	if [ -n "$qdev" ]; then
		qr=$(iops "$qdev" randread) qw=$(iops "$qdev" randwrite)
	fi

	echo
	row "device" "randread" "randwrite"
	row "nvmev (no modelled latency)" "$nr" "$nw"
	row "null_blk memory_backed, irqmode=0" "$br" "$bw"
	row "nvmev / null_blk" "$(ratio "$nr" "$br")" "$(ratio "$nw" "$bw")"
	row "  interrupts per read" "$ni" ""
	row "nvmev, Interrupt Coalescing $BENCH_COALESCE" "$cr" ""
	row "  / null_blk" "$(ratio "$cr" "$br")" ""
	row "  interrupts per read" "$nc" ""
	row "null_blk, nvmev loaded and idle" "$ir" "$iw"
	row "  idle nvmev / no nvmev" "$(ratio "$ir" "$br")" "$(ratio "$iw" "$bw")"
	[ -n "$qdev" ] && row "QEMU nvme ($qdev, one run)" "$qr" "$qw"
	echo "(IOPS)"
	echo
	latency_bench "$qdev"
}

# Part 2, latency.  fio 4 KiB random reads at QD1 (psync, on CPU 0) on
# conv with each profile, on the simple FTL with no modelled latency (the
# VM's own cost per command), and on the simple FTL with the profile's
# model latency as a fixed delay; and, as references that complete with an
# interrupt too, null_blk's timer mode with no latency and QEMU's NVMe.
# A guest vCPU that idles while it waits
# costs more under TCG to wake than one that is answered at once, so conv
# is judged against the fixed device of the same latency: equal figures
# mean the host sees exactly the model's latency.
LAT_MIB=64
# The model's mean 4 KiB read at QD1 (ssd_read_latency_ns over the page
# types, as tools/sim reports it): firmware + sense + channel + PCIe.
LAT_MODEL_NS_970PRO=63184
LAT_MODEL_NS_P4500=76441

# The zero-latency run is repeated with the dispatcher on fio's own CPU
# (cpus=0): the command then never crosses to the other vCPU, which under
# TCG has to be running on the host (or woken from HLT) to take it.
#
# fio's options for QD1 with interrupts (psync: the submitter sleeps until
# its completion interrupt) and with polled queues (io_uring hipri: it
# polls the completion queue and takes no interrupt)
QD1_IRQ="--ioengine=psync"
QD1_POLL="--ioengine=io_uring --iodepth=1 --hipri"

# mean latency in us (submission to completion: fio's lat, not clat, which
# with io_uring leaves out the submission) of QD1 4 KiB random reads on $1
# with fio options $2
qd1_fio_us() {
	fio --name=lat --filename="$1" --direct=1 $2 --rw=randread \
		--bs=4k --size=${LAT_MIB}M --time_based --runtime="$BENCH_RUNTIME" \
		--cpus_allowed=0 --minimal 2>/dev/null |
		awk -F';' '{ printf "%.1f", $40 }'
}

# mean latency in us of QD1 reads (fio options $1) on nvmev loaded with the rest
qd1_nvmev_us() {
	local how=$1
	shift
	bench_step "fio randread 4k QD1 ($how) on nvmev $*"
	insmod /nvmev.ko memmap_start=0x140000000 memmap_size=1G "$@" && wait_nvmev ||
		{ echo 0; return 1; }
	fio --name=fill --filename="/dev/$NS" --direct=1 --ioengine=libaio --rw=write \
		--bs=128k --iodepth=8 --size=${LAT_MIB}M >/dev/null
	nvme flush "/dev/$NS" >/dev/null
	sleep 1		# every program done: reads come from flash, not the buffer
	qd1_fio_us "/dev/$NS" "$how"
	rmmod nvmev
}

qd1_clat_us() { qd1_nvmev_us "$QD1_IRQ" "$@"; }

# The same on nvmev with one polled I/O queue (nvme poll_queues=1 while it
# probes the device), the reads with hipri.
qd1_polled_us() {
	local old
	old=$(cat /sys/module/nvme/parameters/poll_queues)
	echo 1 >/sys/module/nvme/parameters/poll_queues
	qd1_nvmev_us "$QD1_POLL" "$@"
	echo "$old" >/sys/module/nvme/parameters/poll_queues
}

# mean latency in us of QD1 reads (fio options $1) on null_blk loaded with the rest
qd1_null_blk_us() {
	local how=$1
	shift
	bench_step "fio randread 4k QD1 ($how) on null_blk $*"
	modprobe null_blk $NULL_BLK "$@" || { echo 0; return 1; }
	fio --name=fill --filename=/dev/nullb0 --direct=1 --ioengine=libaio --rw=write \
		--bs=128k --iodepth=8 --size=${LAT_MIB}M >/dev/null
	qd1_fio_us /dev/nullb0 "$how"
	rmmod null_blk
}

latency_row() {
	printf "%-40s %10s %10s %10s\n" "$@"
}

minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a - b }'; }

# $1: QEMU's own NVMe namespace, if there is one
latency_bench() {
	local qdev=$1 round zero= same= p45= f45= p97= f97= poll= nz= np= nt= n0=
	local z sz c4 x4 c9 x9 pz bz bp bt b0 qz
	local simple="ftl=simple write_ns=0 bandwidth_mbps=0"
	echo "QD1 4 KiB random read latency (fio, mean lat), median of $BENCH_ROUNDS rounds"
	for round in $(seq "$BENCH_ROUNDS"); do
		zero="$zero $(qd1_clat_us $simple read_ns=0)"
		nz="$nz $(qd1_null_blk_us "$QD1_IRQ" irqmode=0)"
		same="$same $(qd1_clat_us $simple read_ns=0 cpus=0)"
		poll="$poll $(qd1_polled_us $simple read_ns=0)"
		np="$np $(qd1_null_blk_us "$QD1_POLL" irqmode=0 poll_queues=1)"
		p45="$p45 $(qd1_clat_us profile=p4500)"
		f45="$f45 $(qd1_clat_us $simple read_ns=$LAT_MODEL_NS_P4500)"
		p97="$p97 $(qd1_clat_us profile=970pro)"
		f97="$f97 $(qd1_clat_us $simple read_ns=$LAT_MODEL_NS_970PRO)"
		nt="$nt $(qd1_null_blk_us "$QD1_IRQ" irqmode=2 \
			completion_nsec=$LAT_MODEL_NS_970PRO)"
		n0="$n0 $(qd1_null_blk_us "$QD1_IRQ" irqmode=2 completion_nsec=0)"
		echo "round $round: simple-0$zero  cpus=0$same  null_blk$nz  polled$poll  null_blk-polled$np" \
			" p4500$p45  fixed$f45  970pro$p97  fixed$f97  null_blk-timer$nt" \
			" null_blk-timer-0$n0"
	done
	z=$(median $zero) c4=$(median $p45) x4=$(median $f45) c9=$(median $p97) x9=$(median $f97)
	pz=$(median $poll) bz=$(median $nz) bp=$(median $np) bt=$(median $nt)
	sz=$(median $same) b0=$(median $n0)
	if [ -n "$qdev" ]; then
		bench_step "fio randread 4k QD1 ($QD1_IRQ) on QEMU's NVMe"
		qz=$(qd1_fio_us "$qdev" "$QD1_IRQ")
	fi
	echo "psync on CPU 0, interrupts:"
	latency_row "" "VM mean" "minus VM" "vs fixed"
	latency_row "simple, no modelled latency" "$z" "0" ""
	latency_row "conv p4500 (model 76.4, data sheet 77)" "$c4" "$(minus "$c4" "$z")" \
		"$(minus "$c4" "$x4")"
	latency_row "simple, fixed 76.4" "$x4" "$(minus "$x4" "$z")" ""
	latency_row "conv 970pro (model 63.2)" "$c9" "$(minus "$c9" "$z")" "$(minus "$c9" "$x9")"
	latency_row "simple, fixed 63.2" "$x9" "$(minus "$x9" "$z")" ""
	echo "(us)"
	echo "against null_blk ($NULL_BLK), same rounds:"
	latency_row "" "nvmev" "null_blk" "ratio"
	latency_row "no latency, psync (null_blk irqmode=0)" "$z" "$bz" "$(ratio "$z" "$bz")"
	latency_row "  the same, dispatcher on fio's CPU" "$sz" "$bz" "$(ratio "$sz" "$bz")"
	latency_row "no latency, polled queue, io_uring hipri" "$pz" "$bp" "$(ratio "$pz" "$bp")"
	latency_row "fixed 63.2, psync (null_blk irqmode=2)" "$x9" "$bt" "$(ratio "$x9" "$bt")"
	echo "interrupt-driven references at no latency, psync:"
	latency_row "null_blk timer mode (irqmode=2), 0 ns" "$z" "$b0" "$(ratio "$z" "$b0")"
	[ -n "$qdev" ] && latency_row "QEMU's NVMe ($qdev, one run)" "$z" "$qz" "$(ratio "$z" "$qz")"
	echo "(us, mean lat)"
}

# Part 3 (tests/vm/run.sh kvbench): ftl=kv put and get ops/s with 16-byte
# keys, beside block writes and reads of the same sizes on conv (64 B
# values beside 512 B blocks, the smallest there are), in the same run.
# kvtool issues every command through the same passthrough ioctl at QD1,
# so the figures differ only by what the device does; both FTLs model the
# default profile (970pro).  Gets and reads cycle over 1024 keys or block
# ranges that a pass of puts or writes stored first, so they reach the
# flash (or the write buffer) in both.  Medians of BENCH_ROUNDS rounds.
KV_BENCH_SIZES=${KV_BENCH_SIZES:-"64 4096 65536"}
KV_BENCH_SECONDS=${KV_BENCH_SECONDS:-5}
KV_BENCH_PARAMS="memmap_start=0x140000000 memmap_size=1G"

# ops/s of kvtool bench $1 (op) $2 (bytes) on nvmev loaded with the rest
kv_bench_run() {
	local op=$1 bytes=$2
	shift 2
	bench_step "kvtool $op of $bytes B on nvmev $*"
	insmod /nvmev.ko $KV_BENCH_PARAMS "$@" && wait_nvmev || { echo 0; return 1; }
	kvtool "/dev/$NS" bench "$op" "$bytes" "$KV_BENCH_SECONDS" || echo 0
	rmmod nvmev
}

kv_bench() {
	local round size put get wr rd
	echo "nvmev kv bench: kernel $(uname -r), $(nproc) vCPUs (TCG), QD1 passthrough ioctls," \
		"${KV_BENCH_SECONDS}s per run, median of $BENCH_ROUNDS rounds (ops/s)"
	for size in $KV_BENCH_SIZES; do
		put= get= wr= rd=
		for round in $(seq "$BENCH_ROUNDS"); do
			put="$put $(kv_bench_run put "$size" ftl=kv)"
			wr="$wr $(kv_bench_run write "$size" ftl=conv)"
			get="$get $(kv_bench_run get "$size" ftl=kv)"
			rd="$rd $(kv_bench_run read "$size" ftl=conv)"
			echo "$size B round $round: put$put  write$wr  get$get  read$rd"
		done
		eval "put_$size=$(median $put) wr_$size=$(median $wr)"
		eval "get_$size=$(median $get) rd_$size=$(median $rd)"
	done
	echo
	printf "%-10s %12s %12s %12s %12s\n" "value" "kv put" "block write" "kv get" "block read"
	for size in $KV_BENCH_SIZES; do
		eval "printf '%-10s %12s %12s %12s %12s\n' '$size B' \$put_$size \$wr_$size \$get_$size \$rd_$size"
	done
	echo "(ops/s; block I/O of 64 B values is 512 B, one block)"
}

# Part 0, what one command costs (first; the tracer is off again before
# any figure is measured).  With nvmev's defaults and no modelled latency,
# the function tracer counts, over PROFILE_IOS QD1 reads (psync on CPU 0),
# each CPU's calls of the functions that read the clock, send IPIs, wake
# tasks or yield, per command.  The tracer is switched on and off only
# while nvmev is not loaded: under TCG, patching the text of a function
# that a vCPU runs in a tight loop (the dispatcher's) can crash the guest
# (an int3 oops), so nvmev's own functions are named with :mod:, for
# ftrace to patch them as the module loads.
PROFILE_IOS=500
PROFILE_FUNCS="ktime_get ktime_get_with_offset read_tsc read_hpet
	native_send_call_func_single_ipi x2apic_send_IPI default_send_IPI_single
	default_send_IPI_single_phys __x2apic_send_IPI_dest
	try_to_wake_up __cond_resched schedule nvme_setup_cmd nvme_irq nvme_poll
	set_next_task_idle
	nvmev_io_submit:mod:nvmev nvmev_cq_post:mod:nvmev
	nvmev_signal_irq:mod:nvmev nvmev_inline_workers_step:mod:nvmev"
TRACEFS=/sys/kernel/tracing

# Where one command's time goes, from the same trace: the mean time from
# nvme_setup_cmd on fio's CPU 0 (the host driver builds the command; it
# rings the doorbell a little later) to nvmev_io_submit (the dispatcher
# has fetched it), on to nvmev_signal_irq (data moved, CQE posted), on to
# nvme_irq on CPU 0 - split by whether CPU 0 had gone idle in between
# (set_next_task_idle), when the interrupt has to wake a halted vCPU - and
# on to fio's next command.  The tracer's own cost is in every figure.
profile_stages() {
	grep -v '^#' $TRACEFS/trace | awk '{
		for (i = 1; i <= NF; i++)
			if ($i ~ /^\[[0-9]+\]$/) cpu = substr($i, 2, length($i) - 2) + 0
		for (i = 1; i <= NF; i++)
			if ($i ~ /:$/ && $(i + 1) !~ /^</) {
				fn = $(i + 1)
				t = substr($i, 1, length($i) - 1) * 1000000
				break
			}
		if (fn == "schedule" && $1 ~ /^nvmev_dispatch/) {
			sleeps++
		} else if (fn == "nvme_setup_cmd" && cpu == 0) {
			if (irq) { s["4 nvme_irq -> next nvme_setup_cmd"] += t - irq; n["4 nvme_irq -> next nvme_setup_cmd"]++ }
			setup = t; submit = signal = irq = idle = 0
		} else if (fn == "set_next_task_idle" && cpu == 0 && setup && !signal) {
			idle = 1
		} else if (fn == "nvmev_io_submit" && setup && !submit) {
			submit = t; s["1 nvme_setup_cmd -> nvmev_io_submit"] += t - setup; n["1 nvme_setup_cmd -> nvmev_io_submit"]++
		} else if (fn == "nvmev_signal_irq" && submit && !signal) {
			signal = t; s["2 nvmev_io_submit -> nvmev_signal_irq"] += t - submit; n["2 nvmev_io_submit -> nvmev_signal_irq"]++
		} else if (fn == "nvme_irq" && cpu == 0 && signal && !irq) {
			irq = t
			k = idle ? "3 -> nvme_irq, CPU 0 had gone idle" : "3 -> nvme_irq, CPU 0 still busy"
			s[k] += t - signal; n[k]++
		}
	} END {
		for (k in s)
			printf "  %-44s %5d %8.1f\n", k, n[k], s[k] / n[k]
		printf "  %-44s %5d\n", "dispatcher sleeps (schedule)", sleeps
	}' | sort
	echo "  (stage, commands, mean us)"
}

profile_one_command() {
	local f
	echo "Per command, $PROFILE_IOS QD1 4k reads (psync, CPU 0) on nvmev $BENCH_NVMEV," \
		"clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource):"
	[ -e $TRACEFS/trace ] || mount -t tracefs nodev $TRACEFS
	bench_step "function trace of $PROFILE_IOS reads"
	echo 0 >$TRACEFS/tracing_on
	echo 16384 >$TRACEFS/buffer_size_kb
	: >$TRACEFS/set_ftrace_filter
	for f in $PROFILE_FUNCS; do
		echo "$f" >>$TRACEFS/set_ftrace_filter 2>/dev/null
	done
	echo function >$TRACEFS/current_tracer
	insmod /nvmev.ko $BENCH_NVMEV && wait_nvmev || { echo "nvmev did not load"; return 1; }
	: >$TRACEFS/trace
	echo 1 >$TRACEFS/tracing_on
	fio --name=prof --filename="/dev/$NS" --direct=1 --ioengine=psync --rw=randread \
		--bs=4k --size=${LAT_MIB}M --number_ios=$PROFILE_IOS --cpus_allowed=0 \
		>/dev/null 2>&1
	echo 0 >$TRACEFS/tracing_on
	grep -m1 '^# entries-in-buffer' $TRACEFS/trace
	# "task-pid [cpu] flags time: func <-caller": calls per function and CPU
	grep -v '^#' $TRACEFS/trace |
		awk -v n="$PROFILE_IOS" '{
			for (i = 1; i <= NF; i++)
				if ($i ~ /^\[[0-9]+\]$/) cpu = $i
			for (i = 1; i <= NF; i++)
				if ($i ~ /:$/ && $(i + 1) !~ /^</) { fn = $(i + 1); break }
			c[fn " cpu" substr(cpu, 2, length(cpu) - 2)]++
		} END {
			for (k in c)
				printf "  %-44s %9d %8.2f\n", k, c[k], c[k] / n
		}' | sort
	echo "  (function and CPU, calls, calls per command)"
	profile_stages
	rmmod nvmev		# before the tracer goes: see above
	echo nop >$TRACEFS/current_tracer
	: >$TRACEFS/set_ftrace_filter
	: >$TRACEFS/trace
	echo 1408 >$TRACEFS/buffer_size_kb
}
