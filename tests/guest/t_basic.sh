# The basics: the controller and its namespace as nvme-cli sees them, and
# data written and read back.
# Each function t_NAME is a test; run_tests (lib.sh) runs them.

t_nvme_list() {
	need_dev || fail "device not available"
	local out
	out=$(nvme list 2>&1)
	echo "$out"
	echo "$out" | grep "/dev/$NS" | grep -q nvmev || fail "nvme list has no /dev/$NS with model nvmev"
}

t_id_ctrl() {
	need_dev || fail "device not available"
	nvme id-ctrl "/dev/$CTRL" >/tmp/idc 2>&1 || fail "nvme id-ctrl failed: $(tail -n 1 /tmp/idc)"
	cat /tmp/idc
	local mn vid sn nn
	mn=$(field mn </tmp/idc) vid=$(field vid </tmp/idc)
	sn=$(field sn </tmp/idc) nn=$(field nn </tmp/idc)
	echo "$mn" | grep -q nvmev || fail "mn '$mn' does not contain nvmev"
	[ -n "$vid" ] && [ $((vid)) -ne 0 ] || fail "vid is '$vid'"
	[ -n "$sn" ] || fail "sn is empty"
	[ -n "$nn" ] && [ $((nn)) -ge 1 ] || fail "nn is '$nn'"
}

t_id_ns() {
	need_dev || fail "device not available"
	nvme id-ns "/dev/$NS" >/tmp/idn 2>&1 || fail "nvme id-ns failed: $(tail -n 1 /tmp/idn)"
	cat /tmp/idn
	local nsze ncap flbas idx lbads sectors lbs
	nsze=$(field nsze </tmp/idn) ncap=$(field ncap </tmp/idn) flbas=$(field flbas </tmp/idn)
	sectors=$(cat /sys/block/$NS/size)
	lbs=$(cat /sys/block/$NS/queue/logical_block_size)
	[ "$lbs" = 512 ] || fail "logical_block_size is $lbs"
	# the block layer counts 512 B sectors; with 512 B LBAs they equal nsze
	[ $((nsze)) -eq "$sectors" ] || fail "nsze $nsze != sysfs size $sectors"
	[ $((ncap)) -eq "$sectors" ] || fail "ncap $ncap != sysfs size $sectors"
	[ "$sectors" -gt $((1000 * 1024 * 2)) ] && [ "$sectors" -le $((1024 * 1024 * 2)) ] ||
		fail "capacity $sectors sectors is not just under 1 GiB"
	idx=$(($((flbas)) & 0xf))
	lbads=$(grep "^lbaf *$idx *:" /tmp/idn | sed -n 's/.*lbads:\([0-9]*\).*/\1/p')
	[ "$lbads" = 9 ] || fail "format $idx has lbads '$lbads', want 9 (512 B)"
	grep "^lbaf *$idx *:" /tmp/idn | grep -q "in use" || fail "lbaf $idx not marked in use"
}

t_write_read() {
	need_dev || fail "device not available"
	echo wtf | nvme write "/dev/$NS" -z 2048 -s 128 || fail "nvme write failed"
	local got
	got=$(nvme read "/dev/$NS" -z 2048 -s 128 2>/dev/null | head -c 3)
	[ "$got" = wtf ] || fail "read back '$got' instead of 'wtf'"
	check_io_at 1000
	# the last four LBAs
	check_io_at $(($(cat /sys/block/$NS/size) - 4))
}
