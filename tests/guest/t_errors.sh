# The spec's status for bad commands, and the device working after them.
# Each function t_NAME is a test; run_tests (lib.sh) runs them.

t_err_io_opcode() {
	need_dev || fail "device not available"
	expect_nvme_error 'invalid.*opcode|INVALID_OPCODE' \
		nvme io-passthru "/dev/$NS" --opcode=0x7f --namespace-id=1
	check_io_at 0
}

t_err_nsid() {
	need_dev || fail "device not available"
	# Identify Namespace for namespace 17, past NN (16).
	# (An I/O command with a wrong NSID cannot be sent from Linux: the kernel
	# rejects passthrough whose nsid differs from the namespace's, EINVAL.)
	expect_nvme_error 'invalid namespace|INVALID_NS' \
		nvme id-ns "/dev/$CTRL" --namespace-id=17
	# Namespace 5 is a valid NSID with no namespace: all zeroes.
	[ "$(nvme id-ns "/dev/$CTRL" --namespace-id=5 | field nsze)" = 0 ] ||
		fail "id-ns of namespace 5, which does not exist, is not all zeroes"
	nvme id-ns "/dev/$CTRL" --namespace-id=1 >/dev/null || fail "id-ns of namespace 1 fails"
	check_io_at 0
}

t_err_lba_range() {
	need_dev || fail "device not available"
	local nsze
	nsze=$(cat /sys/block/$NS/size)
	expect_nvme_error 'LBA out of range|LBA_RANGE' \
		nvme read "/dev/$NS" -s "$nsze" -c 0 -z 512 -d /tmp/past_end
	# a 2-block read whose second block is past the end
	expect_nvme_error 'LBA out of range|LBA_RANGE' \
		nvme read "/dev/$NS" -s $((nsze - 1)) -c 1 -z 1024 -d /tmp/past_end
	# the device still works, including its last LBA
	check_io_at 0
	check_io_at $((nsze - 4))
}

t_err_admin_opcode() {
	need_dev || fail "device not available"
	expect_nvme_error 'invalid.*opcode|INVALID_OPCODE' \
		nvme admin-passthru "/dev/$CTRL" --opcode=0x3f
	nvme id-ctrl "/dev/$CTRL" >/dev/null || fail "id-ctrl fails after the bad command"
}

t_err_log_page() {
	need_dev || fail "device not available"
	# 0x50 is a reserved log identifier
	expect_nvme_error 'invalid log page|invalid field|INVALID_LOG_PAGE|INVALID_FIELD' \
		nvme get-log "/dev/$CTRL" --log-id=0x50 --log-len=512
	nvme smart-log "/dev/$CTRL" || fail "smart-log fails"
}

t_err_feature() {
	need_dev || fail "device not available"
	# 0x50 is a reserved feature identifier
	expect_nvme_error 'invalid field|INVALID_FIELD|not changeable|not saveable' \
		nvme get-feature "/dev/$CTRL" --feature-id=0x50
	expect_nvme_error 'invalid field|INVALID_FIELD|not changeable|not saveable' \
		nvme set-feature "/dev/$CTRL" --feature-id=0x50 --value=1
	# a known one still works: number of queues (0x07)
	nvme get-feature "/dev/$CTRL" --feature-id=0x07 || fail "get-feature 0x07 fails"
}
