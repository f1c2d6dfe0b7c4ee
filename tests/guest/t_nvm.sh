# The optional NVM commands: what is advertised, Compare, Write
# Uncorrectable, Verify, Copy.
# Each function t_NAME is a test; run_tests (lib.sh) runs them.

# What Identify and the effects log advertise is exactly what there is:
# ONCS Compare, Write Uncorrectable, DSM, Write Zeroes, Timestamp, Verify
# and Copy (1cfh); OACS Format and Get LBA Status; Copy format 0; the LBA
# Status Information notice; and each new command's effects.
t_nvm_advertised() {
	local op
	need_dev || fail "device not available"
	nvme id-ctrl "/dev/$CTRL" >/tmp/idc || fail "id-ctrl"
	grep -E '^(oncs|oacs|ocfs|oaes) ' /tmp/idc
	[ $(($(field oncs </tmp/idc))) -eq $((0x1cf)) ] || fail "oncs $(field oncs </tmp/idc), want 0x1cf"
	[ $(($(field oacs </tmp/idc) & ~(1 << 5))) -eq $((1 << 1 | 1 << 3 | 1 << 9)) ] ||
		fail "oacs $(field oacs </tmp/idc), want Format, Namespace Management and Get LBA Status"
	[ $(($(field ocfs </tmp/idc))) -eq 1 ] || fail "ocfs $(field ocfs </tmp/idc), want 1"
	[ $(($(field oaes </tmp/idc))) -eq $((1 << 8 | 1 << 13 | 1 << 27)) ] ||
		fail "oaes $(field oaes </tmp/idc), want namespace, LBA status and zone descriptor changed notices"
	nvme get-log "/dev/$CTRL" --log-id=5 --log-len=4096 --raw-binary >/tmp/effects ||
		fail "effects log"
	# I/O: Write Uncorrectable and Copy change data; Compare and Verify not
	for op in 0x04:3 0x05:1 0x0c:1 0x19:3; do
		[ "$(effects_dword /tmp/effects $((256 + ${op%:*})))" = "${op#*:}" ] ||
			fail "I/O opcode ${op%:*}: effects $(effects_dword /tmp/effects $((256 + ${op%:*}))), want ${op#*:}"
	done
	for op in 0x0d 0x0e 0x11 0x15 0x1a; do
		[ "$(effects_dword /tmp/effects $((256 + op)))" = 0 ] || fail "I/O opcode $op marked supported"
	done
	# Admin: Namespace Management and Attachment change the inventory (NIC)
	# and namespaces' capabilities (NCC), so the host rescans after them
	for op in 0x0d 0x15; do
		[ "$(effects_dword /tmp/effects $op)" = $((1 | 1 << 2 | 1 << 3)) ] ||
			fail "admin opcode $op: effects $(effects_dword /tmp/effects $op), want CSUPP NCC NIC"
	done
}

# $1 LBAs of the byte $2, into file $3: data whose every byte is known.
fill_file() { head -c $(($1 * 512)) /dev/zero | tr '\0' "$2" >"$3"; }

# Compare: the data written matches; one differing byte is a Compare
# Failure, logged at the LBA that holds it.
t_compare() {
	need_dev || fail "device not available"
	fill_file 4 a /tmp/aaaa
	nvme write "/dev/$NS" -s 3000 -c 3 -z 2048 -d /tmp/aaaa >/dev/null || fail "write"
	nvme compare "/dev/$NS" -s 3000 -c 3 -z 2048 -d /tmp/aaaa ||
		fail "compare with the data written failed"
	{ head -c 1800 /tmp/aaaa; printf b; tail -c 247 /tmp/aaaa; } >/tmp/aaab
	expect_nvme_error 'compare failure|0x4285' \
		nvme compare "/dev/$NS" -s 3000 -c 3 -z 2048 -d /tmp/aaab
	# byte 1800 is in the fourth LBA, 3003
	[ $(($(newest_error_lba))) -eq 3003 ] || fail "error log LBA $(newest_error_lba), want 3003"
	# a compare reads: past the end is out of range, the device still works
	expect_nvme_error 'LBA out of range|0x4080' \
		nvme compare "/dev/$NS" -s $(cat /sys/block/$NS/size) -c 0 -z 512 -d /tmp/aaaa
	check_io_at 3000
}

# Write Uncorrectable: reads, compares and verifies of the LBAs fail with
# Unrecovered Read Error, the neighbours read; Write, Write Zeroes and a
# deallocate each make them readable again.
t_write_uncor() {
	need_dev || fail "device not available"
	check_io_at 5000	# /tmp/pat at LBAs 5000-5003
	cp /tmp/pat /tmp/pat5000
	nvme write-uncor "/dev/$NS" -s 5001 -c 1 || fail "write-uncor of 5001-5002 failed"
	expect_nvme_error "$NVME_READ_ERROR" \
		nvme read "/dev/$NS" -s 5000 -c 3 -z 2048 -d /tmp/back
	[ $(($(newest_error_lba))) -eq 5001 ] || fail "error log LBA $(newest_error_lba), want 5001"
	expect_nvme_error "$NVME_READ_ERROR" \
		nvme compare "/dev/$NS" -s 5002 -c 0 -z 512 -d /tmp/pat5000
	expect_nvme_error "$NVME_READ_ERROR" nvme verify "/dev/$NS" -s 4990 -c 20
	read_lbas 5000 1
	head -c 512 /tmp/pat5000 | cmp -s - /tmp/back || fail "LBA 5000 changed"
	read_lbas 5003 1
	tail -c 512 /tmp/pat5000 | cmp -s - /tmp/back || fail "LBA 5003 changed"
	# a write heals what it writes, and only that
	fill_file 1 w /tmp/w1
	nvme write "/dev/$NS" -s 5001 -c 0 -z 512 -d /tmp/w1 >/dev/null || fail "write of 5001"
	read_lbas 5001 1
	cmp -s /tmp/w1 /tmp/back || fail "LBA 5001 is not what was written over the mark"
	expect_nvme_error "$NVME_READ_ERROR" nvme read "/dev/$NS" -s 5002 -c 0 -z 512 -d /tmp/back
	nvme write-zeroes "/dev/$NS" -s 5002 -c 0 || fail "write-zeroes of 5002"
	read_lbas 5000 4
	{ head -c 512 /tmp/pat5000; cat /tmp/w1; head -c 512 /dev/zero; tail -c 512 /tmp/pat5000; } |
		cmp -s - /tmp/back || fail "LBAs 5000-5003 wrong after healing"
	nvme verify "/dev/$NS" -s 4990 -c 20 || fail "verify after healing failed"
	# a deallocated mark reads as zeroes
	nvme write-uncor "/dev/$NS" -s 5010 -c 7 || fail "write-uncor of 5010-5017"
	nvme dsm "/dev/$NS" --ad --slbs=5010 --blocks=8 || fail "dsm --ad of 5010-5017"
	check_zero_at 5010 "after deallocating marked LBAs"
	# past the end
	expect_nvme_error 'LBA out of range|0x4080' \
		nvme write-uncor "/dev/$NS" -s $(cat /sys/block/$NS/size) -c 0
	check_io_at 5000
}

# Verify reads without moving data: the whole of 32 MiB in one command, the
# spec's errors for a range past the end and for PRACT set.
t_verify() {
	local nsze
	need_dev || fail "device not available"
	nsze=$(cat /sys/block/$NS/size)
	nvme verify "/dev/$NS" -s 0 -c 65535 || fail "verify of 65536 LBAs failed"
	nvme verify "/dev/$NS" -s $((nsze - 1)) -c 0 || fail "verify of the last LBA failed"
	expect_nvme_error 'LBA out of range|0x4080' nvme verify "/dev/$NS" -s $((nsze - 1)) -c 1
	expect_nvme_error "$NVME_INVALID_FIELD" nvme verify "/dev/$NS" -s 0 -c 0 -p 8
	check_io_at 0
}

NVME_SIZE_LIMIT='size limit|0x4183'

# Copy: ranges land one after the other at SDLBA, overlapping ones as
# memmove() would have them.
t_copy() {
	need_dev || fail "device not available"
	fill_file 4 a /tmp/a4
	fill_file 2 b /tmp/b2
	nvme write "/dev/$NS" -s 6000 -c 3 -z 2048 -d /tmp/a4 >/dev/null || fail "write a"
	nvme write "/dev/$NS" -s 6100 -c 1 -z 1024 -d /tmp/b2 >/dev/null || fail "write b"
	nvme copy "/dev/$NS" --sdlba=6200 --slbs=6100,6000 --blocks=1,3 || fail "copy of 2 ranges failed"
	read_lbas 6200 6
	cat /tmp/b2 /tmp/a4 | cmp -s - /tmp/back || fail "LBAs 6200-6205 are not b b a a a a"
	read_lbas 6000 4
	cmp -s /tmp/a4 /tmp/back || fail "the source changed"
	# onto itself, two LBAs further: 6000-6001 stay, 6002-6005 become a
	nvme write "/dev/$NS" -s 6004 -c 1 -z 1024 -d /tmp/b2 >/dev/null || fail "write b at 6004"
	nvme copy "/dev/$NS" --sdlba=6002 --slbs=6000 --blocks=3 || fail "overlapping copy failed"
	read_lbas 6000 6
	fill_file 6 a /tmp/a6
	cmp -s /tmp/a6 /tmp/back || fail "LBAs 6000-6005 are not all a after the overlapping copy"
	# the limits it advertises, and the copy of the most a range may hold
	nvme id-ns "/dev/$NS" >/tmp/idn || fail "id-ns"
	grep -E '^(mssrl|mcl|msrc) ' /tmp/idn
	[ "$(field mssrl </tmp/idn) $(field mcl </tmp/idn) $(field msrc </tmp/idn)" = "2048 8192 127" ] ||
		fail "mssrl mcl msrc are '$(field mssrl </tmp/idn) $(field mcl </tmp/idn) $(field msrc </tmp/idn)'"
	[ $(($(nvme id-ctrl "/dev/$CTRL" | field ocfs) & 1)) -eq 1 ] || fail "ocfs lacks format 0"
	dd if=/dev/urandom of=/tmp/mib bs=1M count=1 2>/dev/null
	# (through the block layer: a 1 MiB passthrough buffer may need more
	# segments than the driver takes)
	dd if=/tmp/mib of="/dev/$NS" bs=1M seek=4 oflag=direct 2>/dev/null || fail "dd to LBA 8192"
	nvme copy "/dev/$NS" --sdlba=16384 --slbs=8192 --blocks=2047 || fail "copy of 2048 LBAs failed"
	dd if="/dev/$NS" of=/tmp/back bs=1M skip=8 count=1 iflag=direct 2>/dev/null || fail "dd"
	cmp -s /tmp/mib /tmp/back || fail "the 1 MiB copy differs"
}

# A Copy of $1 source ranges of $2 LBAs each (0's based NLB) to LBA
# 40000, through passthrough: more ranges than nvme-cli will build.
copy_passthru() {
	local i=0
	: >/tmp/ranges
	while [ $i -lt "$1" ]; do
		# format 0: 8 reserved bytes, SLBA, NLB, the rest reserved
		{ head -c 8 /dev/zero; printf "$(printf '\\%03o\\%03o' $((i & 0xff)) $((i >> 8)))"
		  head -c 6 /dev/zero; printf "$(printf '\\%03o\\%03o' $(($2 & 0xff)) $(($2 >> 8)))"
		  head -c 14 /dev/zero; } >>/tmp/ranges
		i=$((i + 1))
	done
	nvme io-passthru "/dev/$NS" --opcode=0x19 --namespace-id=1 --cdw10=40000 \
		--cdw12=$(($1 - 1)) --data-len=$(($1 * 32)) -w -i /tmp/ranges
}

# Copy's errors: the spec's status for each limit, an unsupported format,
# ranges past the end; a source that cannot be read stops the copy there.
t_copy_errors() {
	local nsze
	need_dev || fail "device not available"
	nsze=$(cat /sys/block/$NS/size)
	copy_passthru 128 0 || fail "a copy of 128 ranges (MSRC + 1) failed"
	expect_nvme_error "$NVME_SIZE_LIMIT" copy_passthru 129 0
	expect_nvme_error "$NVME_SIZE_LIMIT" \
		nvme copy "/dev/$NS" --sdlba=40000 --slbs=0 --blocks=2048
	expect_nvme_error "$NVME_SIZE_LIMIT" copy_passthru 5 2047	# 10240 > MCL
	copy_passthru 4 2047 || fail "a copy of MCL LBAs failed"
	expect_nvme_error "$NVME_INVALID_FIELD" \
		nvme copy "/dev/$NS" --sdlba=40000 --slbs=0 --blocks=0 --format=1
	expect_nvme_error 'LBA out of range|0x4080' \
		nvme copy "/dev/$NS" --sdlba=$((nsze - 1)) --slbs=0 --blocks=1
	expect_nvme_error 'LBA out of range|0x4080' \
		nvme copy "/dev/$NS" --sdlba=0 --slbs=$((nsze - 1)) --blocks=1
	# range 0 copies, range 1 is unreadable: the copy stops there
	fill_file 2 c /tmp/c2
	nvme write "/dev/$NS" -s 7000 -c 1 -z 1024 -d /tmp/c2 >/dev/null || fail "write c"
	nvme write-zeroes "/dev/$NS" -s 7100 -c 3 || fail "write-zeroes 7100"
	nvme write-uncor "/dev/$NS" -s 7011 -c 0 || fail "write-uncor 7011"
	expect_nvme_error "$NVME_READ_ERROR" \
		nvme copy "/dev/$NS" --sdlba=7100 --slbs=7000,7010 --blocks=1,1
	[ $(($(newest_error_lba))) -eq 7011 ] || fail "error log LBA $(newest_error_lba), want 7011"
	read_lbas 7100 4
	{ cat /tmp/c2; head -c 1024 /dev/zero; } | cmp -s - /tmp/back ||
		fail "not just range 0 copied"
	# the copy's destination is written, so a mark there heals
	nvme write-uncor "/dev/$NS" -s 7102 -c 1 || fail "write-uncor 7102"
	nvme copy "/dev/$NS" --sdlba=7102 --slbs=7000 --blocks=1 || fail "copy over marks"
	read_lbas 7100 4
	cat /tmp/c2 /tmp/c2 | cmp -s - /tmp/back || fail "the copy over marked LBAs did not heal them"
	check_io_at 0
}

# ------------------------------------------- host buffers, delete-all, granules

# Host buffers where xfertool puts them: LEN bytes at byte OFFSET of
# page-aligned memory, the rest guarded.  Offsets: a page's start, an odd
# byte and a dword near it, an odd byte mid-page, and the last dword of a
# page, from which every buffer but a 4-byte one crosses into the next page.
# Linux maps dword-aligned buffers of whole dwords as they are (PRP1 at
# that offset) and copies the others through a page of its own.
HOSTBUF_OFFSETS="0 1 4 0x7fe 0xffc"

# xfertool $1 (admin|io) on device $2, buffer at $3 of $4 bytes, the
# command after; its data in /tmp/hb.  It must succeed.
hostbuf() {
	local kind=$1 dev=$2 off=$3 len=$4
	shift 4
	xfertool "$kind" "$dev" "$off" "$len" "$@" >/tmp/hb 2>/tmp/hb.err ||
		fail "xfertool $kind $off $len $*: exit $? ($(tail -n 1 /tmp/hb.err))"
}

# The first $1 bytes of /tmp/hb must be those of file $2; $3 says what.
hostbuf_check() {
	head -c "$1" /tmp/hb >/tmp/hb.got
	head -c "$1" "$2" >/tmp/hb.want
	cmp -s /tmp/hb.got /tmp/hb.want ||
		fail "$3: got $(od -An -tx1 /tmp/hb.got | head -n 2 | tr -s ' \n' ' ')"
}

# The Timestamp feature's milliseconds (bytes 5:0 of 8) in /tmp/hb.
hostbuf_ms() { echo $(($(le_at /tmp/hb 0 8) & 0xffffffffffff)); }

# xfertool with a buffer shorter than the command moves, ending before
# the page does: the host gave no PRP2 for the rest, so Data Transfer
# Error, with what fits in PRP1's page moved and nothing past it.
hostbuf_short() {
	local rc
	xfertool "$@" >/dev/null 2>/tmp/hb.err
	rc=$?
	[ $rc = 1 ] && grep -q 'status 0x4 ' /tmp/hb.err ||
		fail "xfertool $* with a short buffer: exit $rc ($(tail -n 1 /tmp/hb.err)), want Data Transfer Error"
}

# Small buffers at odd offsets, for every command that moves data: the
# controller moves what the command says (Get LBA Status MNDW, Get Log
# Page NUMD, a feature's size, Identify's 4 KiB, NLB's blocks) wherever
# the PRPs put it, no byte more; a host buffer shorter than that is the
# host's mistake, answered with Data Transfer Error when PRPs run out.
t_host_buffers() {
	local off len l a ts t0 now
	need_dev_uninjected
	# Get LBA Status, both actions, of the 8 LBAs from 12000: MNDW is the
	# buffer in dwords less one
	nvme write-uncor "/dev/$NS" -s 12000 -c 7 || fail "write-uncor"
	# NLSD 1, CMPC 2 (done), DSLBA 12000, NLB 7 (0's based), status 3
	printf '\001\000\000\000\002\000\000\000\340\056\000\000\000\000\000\000\007\000\000\000\000\003\000\000' >/tmp/lbas.full
	head -c 4096 /dev/zero >>/tmp/lbas.full
	# room for no descriptor: NLSD 0, CMPC 1 (stopped at MNDW)
	printf '\000\000\000\000\001\000\000\000' >/tmp/lbas.none
	for a in 0x10 0x11; do
		for off in $HOSTBUF_OFFSETS; do
			for len in 4 8 36 4095; do
				l=$((len / 4 * 4))
				hostbuf admin "/dev/$CTRL" $off $len 0x86 1 12000 0 $((len / 4 - 1)) $((a << 24 | 8))
				if [ $l -ge 24 ]; then
					hostbuf_check $l /tmp/lbas.full "Get LBA Status $a, $len B at $off"
				else
					hostbuf_check $l /tmp/lbas.none "Get LBA Status $a, $len B at $off"
				fi
			done
		done
	done
	nvme write-zeroes "/dev/$NS" -s 12000 -c 7 || fail "write-zeroes"
	# nvme-cli 2.3's get-lba-status (libnvme 1.3) sends no buffer (PRP1
	# 0): refused, and dmesg says why
	if ! nvme get-lba-status "/dev/$CTRL" -n 1 --start-lba=0 --max-dw=8 --action=17 >/tmp/hb 2>&1; then
		grep -qi 'Data Transfer Error' /tmp/hb || fail "get-lba-status: $(tail -n 1 /tmp/hb)"
		dmesg | grep -q 'nvmev: opcode 0x86: .*(PRP1 0x0, ' ||
			fail "no dmesg line names get-lba-status' missing buffer"
	fi
	# Get Log Page of the effects log (it holds still): NUMD from the
	# buffer, in dwords; nvme-cli's own short buffers too
	nvme get-log "/dev/$CTRL" --log-id=5 --log-len=4096 -b >/tmp/hb.ref || fail "effects log"
	for off in $HOSTBUF_OFFSETS; do
		for len in 4 8 36 4095; do
			hostbuf admin "/dev/$CTRL" $off $len 0x02 0xffffffff $(((len / 4 - 1) << 16 | 5))
			hostbuf_check $((len / 4 * 4)) /tmp/hb.ref "log 05h, $len B at $off"
		done
	done
	for len in 4 8 36 4095; do
		nvme get-log "/dev/$CTRL" --log-id=5 --log-len=$len -b >/tmp/hb ||
			fail "nvme get-log --log-len=$len"
		hostbuf_check $((len / 4 * 4)) /tmp/hb.ref "nvme get-log --log-len=$len"
	done
	# Identify: always 4 KiB; a buffer of 4095 is copied through a page
	nvme id-ctrl "/dev/$CTRL" -b >/tmp/hb.ref || fail "id-ctrl"
	for off in $HOSTBUF_OFFSETS; do
		for len in 4095 4096; do
			hostbuf admin "/dev/$CTRL" $off $len 0x06 0 1
			hostbuf_check $len /tmp/hb.ref "Identify, $len B at $off"
		done
	done
	hostbuf_short admin "/dev/$CTRL" 0xffc 4 0x06 0 1
	# Timestamp, 8 bytes: read across a page boundary, set from one
	nvme get-feature "/dev/$CTRL" -f 0x0e >/dev/null || fail "nvme get-feature -f 0x0e"
	hostbuf admin "/dev/$CTRL" 0 8 0x0a 0 0x0e
	t0=$(hostbuf_ms)
	for off in $HOSTBUF_OFFSETS; do
		for len in 8 36 4095; do
			hostbuf admin "/dev/$CTRL" $off $len 0x0a 0 0x0e
			ts=$(hostbuf_ms)
			[ "$ts" -ge "$t0" ] && [ "$ts" -lt $((t0 + 600000)) ] ||
				fail "timestamp $ts with $len B at $off, $t0 before"
		done
	done
	# 10^12 ms, little endian
	printf '\000\020\245\324\350\000\000\000' >/tmp/ts.set
	hostbuf admin "/dev/$CTRL" 0xffc 8 0x09 0 0x0e </tmp/ts.set
	hostbuf admin "/dev/$CTRL" 0x7fe 8 0x0a 0 0x0e
	ts=$(hostbuf_ms)
	[ "$ts" -ge 1000000000000 ] && [ "$ts" -lt 1000000600000 ] ||
		fail "timestamp $ts after setting 10^12 from a buffer across pages"
	# Read and Write of one LBA: into buffers at least that big, and a
	# short one
	head -c 512 /dev/urandom >/tmp/hb.ref
	for off in $HOSTBUF_OFFSETS; do
		hostbuf io "/dev/$NS" $off 512 0x01 1 0 0 0 </tmp/hb.ref
		for len in 512 4095; do
			hostbuf io "/dev/$NS" $off $len 0x02 1 0 0 0
			hostbuf_check 512 /tmp/hb.ref "Read, $len B at $off after Write at $off"
		done
	done
	nvme io-passthru "/dev/$NS" --opcode=2 --namespace-id=1 --data-len=4095 -r -b >/tmp/hb ||
		fail "io-passthru read of one LBA into 4095 bytes"
	hostbuf_check 512 /tmp/hb.ref "io-passthru, 4095 B"
	hostbuf_short io "/dev/$NS" 0xffc 4 0x02 1 0 0 0
	# the timestamp the driver sets at a reset
	nvme reset "/dev/$CTRL" || fail "reset"
	wait_live
	now=$(date +%s)
	hostbuf admin "/dev/$CTRL" 0 8 0x0a 0 0x0e
	ts=$(($(hostbuf_ms) / 1000))
	[ "$ts" -ge $((now - 60)) ] && [ "$ts" -le $((now + 60)) ] ||
		fail "timestamp $ts s after the reset, host time $now s"
}
