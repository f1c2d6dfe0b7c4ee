# The controller: queue commands, Abort, features, asynchronous events,
# tracepoints, logs, controller resets.
# Each function t_NAME is a test; run_tests (lib.sh) runs them.

# Controller resets (CC.EN 1 -> 0 -> 1): idle, then under a verifying fio,
# whose in-flight commands the driver retries after the reset.
t_ctrl_reset() {
	need_dev || fail "device not available"
	local i=0 p
	while [ $i -lt 3 ]; do
		nvme reset "/dev/$CTRL" || fail "nvme reset $i failed"
		wait_live
		check_io_at 0
		i=$((i + 1))
	done
	fio --name=reset --filename="/dev/$NS" --direct=1 --eta=never --ioengine=io_uring \
		--rw=randwrite --bs=4k --iodepth=32 --size=96M $FIO_VERIFY >/tmp/reset.out 2>&1 &
	p=$!
	for i in 1 2 3; do
		sleep 2
		nvme reset "/dev/$CTRL" || fail "nvme reset under load failed"
		wait_live
	done
	i=0
	while kill -0 $p 2>/dev/null; do
		i=$((i + 1))
		[ $i -le 240 ] || { kill -9 $p; fail "fio still running 240 s after the resets"; }
		sleep 1
	done
	wait $p
	local rc=$?
	cat /tmp/reset.out
	[ $rc -eq 0 ] || fail "fio across resets exit $rc: $(grep -iE 'err|verify' /tmp/reset.out | head -n 1)"
}

# Queue commands the spec says must fail, sent next to the driver's own queues
# (QIDs 1 and 2, the only ones Set Features Number of Queues granted).
t_queue_errors() {
	need_dev || fail "device not available"
	# Create I/O CQ with QID 0, the admin queue's
	expect_nvme_error 'invalid queue identifier|0x4101' \
		nvme admin-passthru "/dev/$CTRL" --opcode=0x05 --cdw10=0x00ff0000 --cdw11=1
	# Create I/O CQ 1, which exists
	expect_nvme_error 'invalid queue identifier|0x4101' \
		nvme admin-passthru "/dev/$CTRL" --opcode=0x05 --cdw10=0x00ff0001 --cdw11=1
	# Delete I/O SQ 9, which does not exist
	expect_nvme_error 'invalid queue identifier|0x4101' \
		nvme admin-passthru "/dev/$CTRL" --opcode=0x00 --cdw10=9
	# Delete I/O CQ 1 while SQ 1 still completes into it
	expect_nvme_error 'invalid queue deletion|0x410c' \
		nvme admin-passthru "/dev/$CTRL" --opcode=0x04 --cdw10=1
	check_io_at 0
}

# Abort completes, saying "not aborted": commands are fetched at once.
t_abort() {
	need_dev || fail "device not available"
	local out
	out=$(nvme admin-passthru "/dev/$CTRL" --opcode=0x08 --cdw10=0x00010001 2>&1) ||
		fail "abort failed: $out"
	echo "$out"
	echo "$out" | grep -qi 'result: *0x0*1$' || fail "abort result is not 1 (not aborted): $out"
}

t_features() {
	need_dev || fail "device not available"
	local v
	# temperature threshold: set, read back, default (WCTEMP 343 K)
	nvme set-feature "/dev/$CTRL" --feature-id=4 --value=350 || fail "set temperature threshold"
	v=$(feature_value 4)
	[ $((0x$v)) -eq 350 ] || fail "temperature threshold reads $v, want 350"
	v=$(feature_value 4 --sel=1)
	[ $((0x$v)) -eq 343 ] || fail "default temperature threshold $v, want 343"
	expect_nvme_error 'not saveable|0x410d' \
		nvme set-feature "/dev/$CTRL" --feature-id=4 --value=350 --save
	# a threshold below the sensor's 313 K raises SMART's temperature warning
	nvme set-feature "/dev/$CTRL" --feature-id=4 --value=300 || fail "set threshold 300"
	v=$(nvme smart-log "/dev/$CTRL" | field critical_warning)
	[ $((v & 2)) -eq 2 ] || fail "critical_warning '$v' lacks the temperature bit"
	nvme set-feature "/dev/$CTRL" --feature-id=4 --value=343 || fail "restore threshold"
	v=$(nvme smart-log "/dev/$CTRL" | field critical_warning)
	[ $((v)) -eq 0 ] || fail "critical_warning '$v' after restoring the threshold"
	# volatile write cache off and on
	nvme set-feature "/dev/$CTRL" --feature-id=6 --value=0 || fail "disable write cache"
	[ $((0x$(feature_value 6))) -eq 0 ] || fail "write cache still enabled"
	nvme set-feature "/dev/$CTRL" --feature-id=6 --value=1 || fail "enable write cache"
	# Number of Queues once I/O queues exist: Command Sequence Error (6.12's
	# driver already refuses this passthrough itself, EACCES)
	expect_nvme_error 'sequence|0x400c|permission denied' \
		nvme set-feature "/dev/$CTRL" --feature-id=7 --value=0x00010001
	# power state 1 does not exist (NPSS 0)
	expect_nvme_error 'invalid field|0x4002' \
		nvme set-feature "/dev/$CTRL" --feature-id=2 --value=1
	# the mandatory ones a 1.4 controller has
	for v in 5 8 0xa 0xb; do
		nvme get-feature "/dev/$CTRL" --feature-id=$v >/dev/null || fail "get-feature $v"
	done
	nvme get-feature "/dev/$CTRL" --feature-id=9 --cdw11=1 >/dev/null || fail "get-feature 9"
	nvme get-feature "/dev/$CTRL" --feature-id=0xe >/dev/null || fail "get-feature timestamp"
}

# An AER completes when an event happens, not before: here the temperature
# crossing a threshold, with temperature warnings enabled.
t_async_event() {
	need_dev || fail "device not available"
	local t i=0 aec
	t=$(tracefs)
	echo >"$t/trace"
	echo 1 >"$t/events/nvmev/nvmev_admin/enable"
	sleep 2
	grep -q 'opcode=0xc ' "$t/trace" && fail "an AER completed without an event: $(grep 'opcode=0xc ' "$t/trace")"
	aec=$((0x$(feature_value 0xb)))
	echo "async event configuration: $aec (the driver enables namespace notices: 256)"
	nvme set-feature "/dev/$CTRL" --feature-id=0xb --value=$((aec | 2)) ||
		fail "enable temperature events"
	nvme set-feature "/dev/$CTRL" --feature-id=4 --value=300 || fail "set threshold 300"
	# SMART / health (1), temperature threshold (1), log page 02h
	until grep -q 'opcode=0xc status=0x0 result=0x20101' "$t/trace"; do
		i=$((i + 1))
		[ $i -le 20 ] || fail "no AER completion after the threshold was crossed"
		sleep 0.5
	done
	grep 'opcode=0xc ' "$t/trace"
	nvme set-feature "/dev/$CTRL" --feature-id=4 --value=343 || fail "restore threshold"
	nvme set-feature "/dev/$CTRL" --feature-id=0xb --value=$aec || fail "restore event configuration"
	nvme smart-log "/dev/$CTRL" >/dev/null || fail "smart-log"
	echo 0 >"$t/events/nvmev/nvmev_admin/enable"
}

t_tracepoints() {
	need_dev || fail "device not available"
	local t
	t=$(tracefs)
	echo >"$t/trace"
	echo 1 >"$t/events/nvmev/enable"
	check_io_at 64
	echo 0 >"$t/events/nvmev/enable"
	grep 'nvmev_io' "$t/trace" | head -n 4
	grep -q 'nvmev_io_submit: .*opcode=0x1 .*length=2048 status=0x0' "$t/trace" ||
		fail "no nvmev_io_submit event for the write"
	grep -q 'nvmev_io_submit: .*opcode=0x2 ' "$t/trace" || fail "no nvmev_io_submit event for the read"
	[ "$(grep -c 'nvmev_io_complete: ' "$t/trace")" -ge 2 ] || fail "no nvmev_io_complete events"
}

t_logs() {
	need_dev || fail "device not available"
	local before after w0 w1 d0 d1
	# commands supported and effects: exactly what is implemented
	nvme get-log "/dev/$CTRL" --log-id=5 --log-len=4096 --raw-binary >/tmp/effects ||
		fail "effects log"
	nvme effects-log "/dev/$CTRL" || fail "nvme effects-log"
	[ "$(effects_dword /tmp/effects 6)" = 1 ] || fail "Identify not marked supported"
	[ "$(effects_dword /tmp/effects $((0x3f)))" = 0 ] || fail "opcode 3fh marked supported"
	[ "$(effects_dword /tmp/effects $((256 + 1)))" = 3 ] || fail "Write: want CSUPP|LBCC"
	[ "$(effects_dword /tmp/effects $((256 + 2)))" = 1 ] || fail "Read: want CSUPP"
	[ "$(effects_dword /tmp/effects $((256 + 0x7f)))" = 0 ] || fail "I/O opcode 7fh marked supported"
	# error information: a failed command adds an entry
	before=$(nvme error-log "/dev/$CTRL" -e 1 | field error_count)
	nvme admin-passthru "/dev/$CTRL" --opcode=0x3f >/dev/null 2>&1
	nvme error-log "/dev/$CTRL" -e 1 >/tmp/errlog || fail "error-log"
	after=$(field error_count </tmp/errlog)
	[ $((after)) -eq $((before + 1)) ] || fail "error_count $before -> $after"
	grep -q 'status_field.*0x4001' /tmp/errlog || fail "newest error is not Invalid Opcode"
	# SMART counters follow the host's writes: 2 MiB = 4096 sectors = 5 units
	w0=$(nvme smart-log "/dev/$CTRL" | field host_write_commands | tr -d ',')
	d0=$(nvme smart-log "/dev/$CTRL" | field 'DataUnitsWritten' | awk '{print $1}' | tr -d ',')
	dd if=/dev/zero of="/dev/$NS" bs=1M count=2 oflag=direct 2>/dev/null || fail "dd"
	w1=$(nvme smart-log "/dev/$CTRL" | field host_write_commands | tr -d ',')
	d1=$(nvme smart-log "/dev/$CTRL" | field 'DataUnitsWritten' | awk '{print $1}' | tr -d ',')
	[ $((w1)) -gt $((w0)) ] || fail "host_write_commands $w0 -> $w1"
	[ $((d1 - d0)) -ge 4 ] && [ $((d1 - d0)) -le 5 ] || fail "data units written $d0 -> $d1"
	nvme fw-log "/dev/$CTRL" | grep -q '1.0' || fail "firmware slot log lacks revision 1.0"
	nvme ns-descs "/dev/$NS" >/tmp/descs || fail "ns-descs"
	cat /tmp/descs
	grep -qi nguid /tmp/descs && grep -qi csi /tmp/descs || fail "ns-descs lacks nguid or csi"
}
