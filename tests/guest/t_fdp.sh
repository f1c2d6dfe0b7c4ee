# Flexible Data Placement (ftl=fdp): Identify, directives, logs,
# placement, updates, features, garbage collection, endurance, WAF, and
# nothing of it without ftl=fdp.
# Each function t_NAME is a test; run_tests (lib.sh) runs them.

# ftl=fdp on a 256 MiB namespace (BAR0 takes the region's first MiB): two
# reclaim groups of eight handles, the last two persistently isolated.  Two
# groups make PIDs carry the group in bit 15 (RGIF 1).
FDP_PARAMS="memmap_size=257M ftl=fdp fdp_rgs=2 fdp_ruhs=8 fdp_persistent_ruhs=2"
FDP_GROUP_SHIFT=15

# FDP's admin (Directive Send/Receive) and I/O (I/O Management) opcodes
# must all have effects log dword $1: 1 supported, 0 absent.
fdp_effects_are() {
	local op
	nvme get-log "/dev/$CTRL" --log-id=5 --log-len=4096 --raw-binary >/tmp/effects ||
		fail "effects log"
	for op in 0x19 0x1a; do
		[ "$(effects_dword /tmp/effects $((op)))" = "$1" ] ||
			fail "admin opcode $op: effects $(effects_dword /tmp/effects $((op))), want $1"
	done
	for op in 0x12 0x1d; do
		[ "$(effects_dword /tmp/effects $((256 + op)))" = "$1" ] ||
			fail "I/O opcode $op: effects $(effects_dword /tmp/effects $((256 + op))), want $1"
	done
}

load_fdp() {
	unload_nvmev
	load_nvmev $FDP_PARAMS "$@" ||
		fail "insmod $FDP_PARAMS $* failed: $(dmesg | grep nvmev: | tail -n 1)"
}

# The PID of placement handle $2 in reclaim group $1.
fdp_pid() { echo $(($1 << FDP_GROUP_SHIFT | $2)); }

# Logical blocks in a reclaim unit: the FTL's RU size in 512 B blocks.
fdp_ru_blocks() { echo $(($(stat_num fdp_ru_bytes) / 512)); }

# `nvme fdp status` (I/O Management Receive) into /tmp/ruhs.
fdp_status() { nvme fdp status "/dev/$NS" >/tmp/ruhs || fail "nvme fdp status failed"; }

# RUAMW of PID $1 in /tmp/ruhs.
ruamw() {
	awk -v pid="$1" '/^Placement Identifier/ { p = $3; sub(/;/, "", p) }
		/RUAMW/ && p == pid { print $NF; exit }' /tmp/ruhs
}

# The FDP events log, raw, into file $1: host events, or with $2 = ctrl the
# controller's.
fdp_events() {
	local host=--host-events
	[ "${2:-host}" = host ] || host=
	nvme fdp events "/dev/$CTRL" -e 1 -b $host >"$1" || fail "nvme fdp events failed"
}

# Field of event $2 (0: the oldest) in events log file $1: type, flags, pid,
# nsid, rgid, ruhid, and for Media Reallocated, mr_flags, nlbam, lba.
FDP_EVENT_HEADER=64
FDP_EVENT_BYTES=64
fdp_event() {
	local at=$((FDP_EVENT_HEADER + $2 * FDP_EVENT_BYTES))
	case "$3" in
	type) le_at "$1" $at 1 ;;
	flags) le_at "$1" $((at + 1)) 1 ;;
	pid) le_at "$1" $((at + 2)) 2 ;;
	nsid) le_at "$1" $((at + 12)) 4 ;;
	mr_flags) le_at "$1" $((at + 16)) 1 ;;
	nlbam) le_at "$1" $((at + 18)) 2 ;;
	lba) le_at "$1" $((at + 20)) 8 ;;
	rgid) le_at "$1" $((at + 32)) 2 ;;
	ruhid) le_at "$1" $((at + 34)) 1 ;;
	esac
}

fdp_event_count() { le_at "$1" 0 4; }

# Event $2 of log $1 must be of type $3 for PID $4 in group $5, handle $6,
# with every flag (PID, NSID, group and handle valid) and NSID 1.
FDP_EVENT_FLAGS_ALL=7
check_fdp_event() {
	local f=$1 i=$2 got want
	got="$(fdp_event "$f" "$i" type) $(fdp_event "$f" "$i" flags) $(fdp_event "$f" "$i" pid)"
	got="$got $(fdp_event "$f" "$i" nsid) $(fdp_event "$f" "$i" rgid) $(fdp_event "$f" "$i" ruhid)"
	want="$3 $FDP_EVENT_FLAGS_ALL $4 1 $5 $6"
	[ "$got" = "$want" ] ||
		fail "event $i (type flags pid nsid rgid ruhid) is '$got', want '$want'"
}

# Write $3 blocks (a multiple of 8: whole 4 KiB units) of random data at
# LBA $1 with placement identifier $2, kept in /tmp/w.$1 to read back.
fdp_write() {
	head -c $(($3 * 512)) /dev/urandom >"/tmp/w.$1"
	nvme write "/dev/$NS" -s "$1" -c $(($3 - 1)) -z $(($3 * 512)) -d "/tmp/w.$1" \
		-T 2 -S "$2" >/dev/null || fail "write of $3 blocks at $1 with PID $2 failed"
}

fdp_read_back() {
	local n=$(($(wc -c <"/tmp/w.$1") / 512))
	rm -f /tmp/back
	nvme read "/dev/$NS" -s "$1" -c $((n - 1)) -z $((n * 512)) -d /tmp/back >/dev/null 2>&1 ||
		fail "read at LBA $1 failed"
	cmp -s "/tmp/w.$1" /tmp/back || fail "data at LBA $1 differs from what was written"
}

# Identify: FDP supported, one endurance group; directives; the effects log
# lists the directive and I/O Management commands.
t_fdp_identify() {
	local ctratt oacs
	load_fdp
	nvme id-ctrl "/dev/$CTRL" >/tmp/idc || fail "id-ctrl"
	ctratt=$(field ctratt </tmp/idc) oacs=$(field oacs </tmp/idc)
	echo "ctratt $ctratt oacs $oacs endgidmax $(field endgidmax </tmp/idc)"
	[ $((ctratt & (1 << 19))) -ne 0 ] || fail "ctratt $ctratt: FDP supported (bit 19) clear"
	[ $((ctratt & (1 << 4))) -ne 0 ] || fail "ctratt $ctratt: endurance groups (bit 4) clear"
	[ $((oacs & (1 << 5))) -ne 0 ] || fail "oacs $oacs: directives (bit 5) clear"
	[ "$(field endgidmax </tmp/idc)" = 1 ] || fail "endgidmax is not 1"
	[ "$(nvme id-ns "/dev/$NS" | field endgid)" = 1 ] || fail "id-ns endgid is not 1"
	fdp_effects_are 1	# supported, no other effect
}

# Data Placement is on by default; disabled, the directive fields are
# ignored and writes go to handle 0 of group 0.
t_fdp_directives() {
	local full
	load_fdp
	full=$(fdp_ru_blocks) || exit 1
	# Return Parameters: supported, enabled, persistent maps: Identify and
	# Data Placement (bits 0 and 2) in each
	nvme dir-receive "/dev/$NS" -D 0 -O 1 -b >/tmp/dirs || fail "dir-receive"
	[ "$(le_at /tmp/dirs 0 1) $(le_at /tmp/dirs 32 1) $(le_at /tmp/dirs 64 1)" = "5 5 5" ] ||
		fail "directive maps $(le_at /tmp/dirs 0 1) $(le_at /tmp/dirs 32 1) $(le_at /tmp/dirs 64 1), want 5 5 5"
	# a directive type that is not enabled
	expect_nvme_error "$NVME_INVALID_FIELD" \
		nvme write "/dev/$NS" -s 0 -c 7 -z 4096 -d /dev/zero -T 5 -S 1
	nvme dir-send "/dev/$NS" -D 0 -O 1 -T 2 -e 0 || fail "disabling Data Placement failed"
	nvme dir-receive "/dev/$NS" -D 0 -O 1 -b >/tmp/dirs || fail "dir-receive"
	[ "$(le_at /tmp/dirs 32 1)" = 1 ] || fail "enabled map $(le_at /tmp/dirs 32 1) after disabling, want 1"
	fdp_write 0 1 8
	nvme write "/dev/$NS" -s 8 -c 7 -z 4096 -d /dev/zero -T 5 -S 1 >/dev/null ||
		fail "a write with DTYPE 5 failed with no directive enabled"
	fdp_status
	[ "$(ruamw 0)" = $((full - 16)) ] && [ "$(ruamw 1)" = "$full" ] ||
		fail "with Data Placement disabled PID 0/1 RUAMW $(ruamw 0)/$(ruamw 1), want $((full - 16))/$full"
	nvme dir-send "/dev/$NS" -D 0 -O 1 -T 2 -e 1 || fail "enabling Data Placement failed"
	fdp_write 16 1 8
	fdp_status
	[ "$(ruamw 1)" = $((full - 8)) ] || fail "PID 1 RUAMW $(ruamw 1) after re-enabling, want $((full - 8))"
	# Streams, Identify itself, NSID FFFFFFFFh, Data Placement operations
	# (as passthrough: nvme-cli checks some of these itself) Enable Directive
	# for Streams and for Identify off, Return Parameters of Data Placement
	expect_nvme_error "$NVME_INVALID_FIELD" nvme admin-passthru "/dev/$CTRL" \
		--opcode=0x19 --namespace-id=1 --cdw11=0x1 --cdw12=0x101
	expect_nvme_error "$NVME_INVALID_FIELD" nvme admin-passthru "/dev/$CTRL" \
		--opcode=0x19 --namespace-id=1 --cdw11=0x1 --cdw12=0
	expect_nvme_error "$NVME_INVALID_FIELD" nvme admin-passthru "/dev/$CTRL" \
		--opcode=0x1a --namespace-id=1 --cdw10=0x3ff --cdw11=0x201 --data-len=4096 -r
	expect_nvme_error 'invalid namespace|0x400b' \
		nvme dir-send "/dev/$CTRL" -n 0xffffffff -D 0 -O 1 -T 2 -e 1
	fdp_read_back 0
	fdp_read_back 16
}

# Configurations, handle usage and statistics logs.
t_fdp_logs() {
	local ru hbmw mbmw
	load_fdp
	ru=$(stat_num fdp_ru_bytes) || exit 1
	nvme fdp configs "/dev/$CTRL" -e 1 >/tmp/configs || fail "nvme fdp configs failed"
	cat /tmp/configs
	# RGIF 1, a volatile write cache, valid
	grep -q '^FDP Attributes: 0x91$' /tmp/configs || fail "FDP attributes not 0x91"
	grep -q '^Number of Reclaim Groups: 2$' /tmp/configs || fail "not 2 reclaim groups"
	grep -q '^Number of Reclaim Unit Handles: 8$' /tmp/configs || fail "not 8 handles"
	grep -q '^Number of Namespaces Supported: 1$' /tmp/configs || fail "not 1 namespace"
	grep -q "^Reclaim Unit Nominal Size: $ru$" /tmp/configs || fail "RUNS is not the FTL's $ru"
	[ "$(grep -c ': Initially Isolated$' /tmp/configs)" = 6 ] &&
		[ "$(grep -c ': Persistently Isolated$' /tmp/configs)" = 2 ] &&
		grep -q '^  \[7\]: Persistently Isolated$' /tmp/configs ||
		fail "handle types are not 6 initially then 2 persistently isolated"
	# raw: one configuration, sizes, MAXPIDS = 16 PIDs - 1
	nvme fdp configs "/dev/$CTRL" -e 1 -b >/tmp/configs.bin || fail "nvme fdp configs -b"
	[ "$(le_at /tmp/configs.bin 0 2) $(le_at /tmp/configs.bin 4 4) $(le_at /tmp/configs.bin 16 2)" = "0 112 96" ] ||
		fail "NUMFDPC SZE DSZE $(le_at /tmp/configs.bin 0 2) $(le_at /tmp/configs.bin 4 4) $(le_at /tmp/configs.bin 16 2), want 0 112 96"
	[ "$(le_at /tmp/configs.bin 26 2)" = 15 ] || fail "MAXPIDS $(le_at /tmp/configs.bin 26 2), want 15"
	nvme fdp usage "/dev/$CTRL" -e 1 >/tmp/usage || fail "nvme fdp usage failed"
	cat /tmp/usage
	[ "$(grep -c 'Attributes: 0x1 (Host Specified)' /tmp/usage)" = 8 ] ||
		fail "not 8 host specified handles"
	# every FDP log is of endurance group 1 only
	expect_nvme_error "$NVME_INVALID_FIELD" nvme get-log "/dev/$CTRL" --log-id=0x20 --lsi=2 --log-len=512
	# statistics: nothing yet, then exactly the bytes the host wrote
	nvme fdp stats "/dev/$CTRL" -e 1 >/tmp/stats || fail "nvme fdp stats failed"
	cat /tmp/stats
	grep -q '(HBMW): 0$' /tmp/stats || fail "HBMW not 0 before any write"
	dd if=/dev/urandom of="/dev/$NS" bs=64k count=16 oflag=direct 2>/dev/null || fail "dd"
	fdp_write 4096 3 24
	nvme flush "/dev/$NS" || fail "flush"
	nvme fdp stats "/dev/$CTRL" -e 1 >/tmp/stats || fail "nvme fdp stats failed"
	cat /tmp/stats
	hbmw=$(sed -n 's/.*(HBMW): //p' /tmp/stats) mbmw=$(sed -n 's/.*(MBMW): //p' /tmp/stats)
	[ "$hbmw" = $((1048576 + 24 * 512)) ] || fail "HBMW $hbmw after 1 MiB + 12 KiB, want $((1048576 + 24 * 512))"
	[ "$hbmw" = $(($(stat_num host_write_units) * 4096)) ] || fail "HBMW $hbmw is not host_write_units x 4 KiB"
	[ "$mbmw" = $(($(stat_num nand_write_units) * 4096)) ] || fail "MBMW $mbmw is not nand_write_units x 4 KiB"
	[ "$mbmw" -ge "$hbmw" ] || fail "MBMW $mbmw < HBMW $hbmw after a flush"
}

# Writes to each handle of each group land there: RUAMW drops by exactly
# the blocks written, and the data reads back.
t_fdp_placement() {
	local full rg ph pid n
	load_fdp
	full=$(fdp_ru_blocks) || exit 1
	fdp_status
	cat /tmp/ruhs
	[ "$(grep -c '^Placement Identifier' /tmp/ruhs)" = 16 ] || fail "not 16 PIDs in the status"
	for rg in 0 1; do
		for ph in 0 1 2 3 4 5 6 7; do
			pid=$(fdp_pid $rg $ph)
			[ "$(ruamw $pid)" = "$full" ] || fail "PID $pid RUAMW $(ruamw $pid), want $full"
			# each handle its own amount: 8 to 128 blocks
			fdp_write $(((rg * 8 + ph) * 2048)) $pid $(((rg * 8 + ph + 1) * 8))
		done
	done
	fdp_status
	cat /tmp/ruhs
	for rg in 0 1; do
		for ph in 0 1 2 3 4 5 6 7; do
			pid=$(fdp_pid $rg $ph) n=$(((rg * 8 + ph + 1) * 8))
			[ "$(ruamw $pid)" = $((full - n)) ] ||
				fail "PID $pid RUAMW $(ruamw $pid) after $n blocks, want $((full - n))"
			fdp_read_back $(((rg * 8 + ph) * 2048))
		done
	done
	# a short I/O Management Receive buffer gets the header and what fits
	nvme io-passthru "/dev/$NS" --opcode=0x12 --namespace-id=1 --cdw10=1 --cdw11=11 \
		--data-len=48 -r -b >/tmp/ruhs.bin 2>/dev/null || fail "io-passthru RUH status"
	[ "$(le_at /tmp/ruhs.bin 14 2) $(le_at /tmp/ruhs.bin 16 2) $(le_at /tmp/ruhs.bin 24 8)" = "16 0 $((full - 8))" ] ||
		fail "short status: NRUHSD PID RUAMW $(le_at /tmp/ruhs.bin 14 2) $(le_at /tmp/ruhs.bin 16 2) $(le_at /tmp/ruhs.bin 24 8)"
	expect_nvme_error "$NVME_INVALID_FIELD" nvme io-passthru "/dev/$NS" --opcode=0x12 \
		--namespace-id=1 --cdw10=2 --cdw11=3 --data-len=16 -r
}

# Update moves a handle to an empty reclaim unit; leaving a unit written
# but not full is a host event.
t_fdp_update() {
	local full pid_a pid_b
	load_fdp
	full=$(fdp_ru_blocks) || exit 1
	pid_a=$(fdp_pid 0 3) pid_b=$(fdp_pid 1 1)
	fdp_write 0 $pid_a 8
	fdp_write 8 $pid_b 16
	fdp_status
	[ "$(ruamw $pid_a) $(ruamw $pid_b)" = "$((full - 8)) $((full - 16))" ] || fail "RUAMW before the update"
	nvme fdp update "/dev/$NS" -p $pid_a,$pid_b || fail "nvme fdp update $pid_a,$pid_b failed"
	fdp_status
	[ "$(ruamw $pid_a) $(ruamw $pid_b)" = "$full $full" ] ||
		fail "RUAMW $(ruamw $pid_a) $(ruamw $pid_b) after the update, want $full $full"
	nvme fdp events "/dev/$CTRL" -e 1 -E
	fdp_events /tmp/ev
	[ "$(fdp_event_count /tmp/ev)" = 2 ] || fail "$(fdp_event_count /tmp/ev) host events, want 2"
	check_fdp_event /tmp/ev 0 0 $pid_a 0 3
	check_fdp_event /tmp/ev 1 0 $pid_b 1 1
	# a handle whose unit holds nothing: no event
	nvme fdp update "/dev/$NS" -p $(fdp_pid 0 5) || fail "update of an unwritten handle failed"
	fdp_events /tmp/ev
	[ "$(fdp_event_count /tmp/ev)" = 2 ] || fail "an update of an empty unit made an event"
	# handle 8 does not exist; 17 PIDs are more than MAXPIDS + 1 = 16
	expect_nvme_error "$NVME_INVALID_FIELD" nvme fdp update "/dev/$NS" -p 1,8
	expect_nvme_error "$NVME_INVALID_FIELD" nvme fdp update "/dev/$NS" -p 0,1,2,3,4,5,6,7,0,1,2,3,4,5,6,7,0
	nvme fdp update "/dev/$NS" -p 0,1,2,3,4,5,6,7,0,1,2,3,4,5,6,7 || fail "an update of 16 PIDs failed"
	fdp_read_back 0
	fdp_read_back 8
}

# A PID that names no handle does not fail the write (NVMe Base 2.x
# 8.1.12.3): it goes to handle 0 of group 0, and an Invalid Placement
# Identifier host event records it, unless the handle has that event off.
t_fdp_invalid_pid() {
	local full
	load_fdp
	full=$(fdp_ru_blocks) || exit 1
	fdp_write 0 9 8			# group 0, handle 9
	fdp_write 64 $(fdp_pid 1 10) 16
	fdp_read_back 0
	fdp_read_back 64
	fdp_status
	[ "$(ruamw 0)" = $((full - 24)) ] || fail "PID 0 RUAMW $(ruamw 0), want $((full - 24))"
	nvme fdp events "/dev/$CTRL" -e 1 -E
	fdp_events /tmp/ev
	[ "$(fdp_event_count /tmp/ev)" = 2 ] || fail "$(fdp_event_count /tmp/ev) host events, want 2"
	check_fdp_event /tmp/ev 0 3 9 0 0
	check_fdp_event /tmp/ev 1 3 $(fdp_pid 1 10) 0 0
	fdp_events /tmp/ctrl ctrl
	[ "$(fdp_event_count /tmp/ctrl)" = 0 ] || fail "controller events without GC"
	# off on handle 0, the one invalid PIDs fall back to
	nvme fdp set-events "/dev/$NS" -p 0 -t 3 || fail "set-events disabling type 3"
	nvme get-feature "/dev/$NS" -f 0x1e --cdw11=0x30000 -H >/tmp/feat || fail "get-feature 0x1e"
	cat /tmp/feat
	grep -q 'Invalid Placement Identifier *: Not Enabled' /tmp/feat || fail "type 3 still enabled"
	fdp_write 128 9 8
	fdp_read_back 128
	fdp_events /tmp/ev
	[ "$(fdp_event_count /tmp/ev)" = 2 ] || fail "an event with type 3 disabled"
	nvme fdp set-events "/dev/$NS" -p 0 -t 3 -e || fail "set-events enabling type 3"
	fdp_write 136 9 8
	fdp_events /tmp/ev
	[ "$(fdp_event_count /tmp/ev)" = 3 ] || fail "no event with type 3 enabled again"
}

# The FDP feature (1Dh) cannot change while the namespace exists; FDP
# Events (1Eh) per handle, kept across a controller reset.
t_fdp_features() {
	local v
	load_fdp
	nvme get-feature "/dev/$CTRL" -f 0x1d --cdw11=1 -H >/tmp/feat || fail "get-feature 0x1d"
	cat /tmp/feat
	grep -q 'Current value:0x00000001' /tmp/feat && grep -q '(FDPE) *: Yes' /tmp/feat &&
		grep -q 'Configuration Index : 0' /tmp/feat || fail "FDP not enabled with index 0"
	expect_nvme_error "$NVME_INVALID_FIELD" nvme get-feature "/dev/$CTRL" -f 0x1d --cdw11=2
	# what is there succeeds, saved or not; anything else is a sequence error
	nvme set-feature "/dev/$CTRL" -f 0x1d --value=1 --cdw12=1 || fail "set-feature 0x1d to its value"
	nvme set-feature "/dev/$CTRL" -f 0x1d --value=1 --cdw12=1 --save || fail "set-feature 0x1d --save"
	expect_nvme_error "$NVME_SEQUENCE_ERROR" nvme set-feature "/dev/$CTRL" -f 0x1d --value=1 --cdw12=0
	expect_nvme_error "$NVME_SEQUENCE_ERROR" nvme set-feature "/dev/$CTRL" -f 0x1d --value=1 --cdw12=0x101
	expect_nvme_error "$NVME_INVALID_FIELD" nvme set-feature "/dev/$CTRL" -f 0x1d --value=0 --cdw12=1
	# events of handle 2: all three on, in type order
	nvme get-feature "/dev/$NS" -f 0x1e --cdw11=0x30002 -b >/tmp/fev || fail "get-feature 0x1e"
	v=$(od -An -tx1 -N 6 /tmp/fev | tr -s ' ')
	[ "$v" = " 00 01 03 01 80 01" ] || fail "FDP events of handle 2 are '$v'"
	nvme fdp set-events "/dev/$NS" -p 2 -t 0,0x80 || fail "set-events disabling 0 and 0x80"
	nvme reset "/dev/$CTRL" || fail "reset"
	wait_live
	nvme get-feature "/dev/$NS" -f 0x1e --cdw11=0x30002 -b >/tmp/fev || fail "get-feature 0x1e"
	v=$(od -An -tx1 -N 6 /tmp/fev | tr -s ' ')
	[ "$v" = " 00 00 03 01 80 00" ] || fail "FDP events of handle 2 after disabling and a reset are '$v'"
	nvme get-feature "/dev/$NS" -f 0x1e --cdw11=0x30002 --sel=1 -b >/tmp/fev || fail "default 0x1e"
	v=$(od -An -tx1 -N 6 /tmp/fev | tr -s ' ')
	[ "$v" = " 00 01 03 01 80 01" ] || fail "default FDP events '$v'"
	# other handles keep theirs
	nvme get-feature "/dev/$NS" -f 0x1e --cdw11=0x30001 -b >/tmp/fev || fail "get-feature 0x1e"
	[ "$(od -An -tx1 -N 6 /tmp/fev | tr -s ' ')" = " 00 01 03 01 80 01" ] || fail "handle 1 changed"
	expect_nvme_error "$NVME_INVALID_FIELD" nvme get-feature "/dev/$NS" -f 0x1e --cdw11=0x30008
	expect_nvme_error "$NVME_INVALID_FIELD" nvme fdp set-events "/dev/$NS" -p 8 -t 3
	expect_nvme_error "$NVME_INVALID_FIELD" nvme fdp set-events "/dev/$NS" -p 0 -t 5 -e
}

# Garbage collection moving data a handle wrote: Media Reallocated events
# with the LBAs moved; the statistics count what the flash did.  A 32 MiB
# namespace fills in seconds.
FDP_GC_MIB=32

t_fdp_gc() {
	local n i nsze ru mbe
	unload_nvmev
	load_nvmev memmap_size=$((FDP_GC_MIB + 1))M ftl=fdp fdp_ruhs=4 ||
		fail "insmod failed: $(dmesg | grep nvmev: | tail -n 1)"
	nsze=$(cat /sys/block/$NS/size)
	run_fio fdpgc --ioengine=libaio --rw=randwrite --bs=4k --iodepth=16 --norandommap \
		--io_size=$((3 * FDP_GC_MIB))M $FIO_VERIFY
	cat "$(nvmev_debugfs)/stats"
	nvme fdp events "/dev/$CTRL" -e 1 | head -n 9
	fdp_events /tmp/ctrl ctrl
	n=$(fdp_event_count /tmp/ctrl)
	[ "$n" -gt 0 ] || fail "no controller events after GC ran $(ftl_stat gc_runs) times"
	for i in 0 $((n - 1)); do
		# writes without a directive: handle 0 of group 0
		check_fdp_event /tmp/ctrl $i $((0x80)) 0 0 0
		[ "$(fdp_event /tmp/ctrl $i mr_flags)" = 1 ] || fail "event $i: LBA not valid"
		[ "$(fdp_event /tmp/ctrl $i nlbam)" -gt 0 ] || fail "event $i: no LBAs moved"
		[ "$(fdp_event /tmp/ctrl $i lba)" -lt "$nsze" ] || fail "event $i: LBA past the end"
	done
	fdp_events /tmp/ev
	[ "$(fdp_event_count /tmp/ev)" = 0 ] || fail "host events without updates or bad PIDs"
	# erased: a reclaim unit per GC run
	ru=$(stat_num fdp_ru_bytes) || exit 1
	nvme fdp stats "/dev/$CTRL" -e 1 >/tmp/stats || fail "nvme fdp stats failed"
	cat /tmp/stats
	mbe=$(sed -n 's/.*(MBE): //p' /tmp/stats)
	[ "$mbe" = $(($(stat_num gc_runs) * ru)) ] || fail "MBE $mbe is not gc_runs x $ru"
	grep -q "(HBMW): $(($(stat_num host_write_units) * 4096))$" /tmp/stats || fail "HBMW"
	# with Media Reallocated off on handle 0, GC goes on silently
	nvme fdp set-events "/dev/$NS" -p 0 -t 0x80 || fail "set-events disabling 0x80"
	cp /tmp/ctrl /tmp/ctrl.before
	run_fio fdpgc2 --ioengine=libaio --rw=randwrite --bs=4k --iodepth=16 --norandommap \
		--io_size=$((2 * FDP_GC_MIB))M $FIO_VERIFY
	fdp_events /tmp/ctrl ctrl
	cmp -s /tmp/ctrl /tmp/ctrl.before || fail "controller events with Media Reallocated disabled"
	unload_nvmev || fail "rmmod failed"
}

# Placement does not get in the way of plain I/O: fio verify and a file
# system on the FDP namespace.
t_fdp_fio_fs() {
	load_fdp
	run_fio fdpmix --ioengine=io_uring --rw=randwrite $MIXED_BS --iodepth=16 --size=64M $FIO_VERIFY
	fs_roundtrip ext4 "e2fsck -fn"
	unload_nvmev || fail "rmmod failed"
}

# Without ftl=fdp nothing of FDP is advertised or answered.
t_fdp_absent() {
	local ctratt lid out
	unload_nvmev
	load_nvmev || fail "insmod failed"
	nvme id-ctrl "/dev/$CTRL" >/tmp/idc || fail "id-ctrl"
	ctratt=$(field ctratt </tmp/idc)
	[ $((ctratt & (1 << 19 | 1 << 4))) -eq 0 ] || fail "ctratt $ctratt advertises FDP or endurance groups"
	[ $(($(field oacs </tmp/idc) & (1 << 5))) -eq 0 ] || fail "oacs advertises directives"
	[ "$(field endgidmax </tmp/idc)" = 0 ] || fail "endgidmax is not 0"
	[ "$(nvme id-ns "/dev/$NS" | field endgid)" = 0 ] || fail "id-ns endgid is not 0"
	out=$(nvme fdp configs "/dev/$CTRL" -e 1 2>&1) && fail "nvme fdp configs succeeded: $out"
	for lid in 0x09 0x20 0x21 0x22 0x23; do
		expect_nvme_error "$NVME_INVALID_LOG_PAGE" \
			nvme get-log "/dev/$CTRL" --log-id=$lid --lsi=1 --log-len=64
	done
	expect_nvme_error "$NVME_INVALID_FIELD" nvme get-feature "/dev/$CTRL" -f 0x1d --cdw11=1
	expect_nvme_error "$NVME_INVALID_FIELD" nvme fdp set-events "/dev/$NS" -p 0 -t 3
	expect_nvme_error "$NVME_INVALID_OPCODE" nvme dir-receive "/dev/$NS" -D 0 -O 1
	expect_nvme_error "$NVME_INVALID_OPCODE" nvme fdp status "/dev/$NS"
	expect_nvme_error "$NVME_INVALID_OPCODE" nvme fdp update "/dev/$NS" -p 0
	fdp_effects_are 0
	# no directive is enabled: the directive fields are ignored
	nvme write "/dev/$NS" -s 0 -c 7 -z 4096 -d /dev/zero -T 2 -S 1 >/dev/null ||
		fail "a write with DTYPE 2 failed"
	nvme write "/dev/$NS" -s 0 -c 7 -z 4096 -d /dev/zero -T 5 -S 1 >/dev/null ||
		fail "a write with DTYPE 5 failed"
}

# Endurance Group Information (09h) of endurance group 1: the host's and
# the flash's writes in SMART data units, the commands, the capacity.
t_fdp_endurance() {
	local log=/tmp/endurance.bin units
	load_fdp
	dd if=/dev/urandom of="/dev/$NS" bs=64k count=16 oflag=direct 2>/dev/null || fail "dd"
	nvme flush "/dev/$NS" || fail "flush"
	nvme get-log "/dev/$CTRL" --log-id=0x09 --lsi=1 --log-len=512 --raw-binary >$log ||
		fail "endurance group log"
	# 1 MiB: 2048 sectors of 512 B, 3 data units of 1000 sectors
	[ "$(le_at $log 64 8)" = 3 ] || fail "data units written $(le_at $log 64 8), want 3"
	units=$(( ($(stat_num nand_write_units) * 8 + 999) / 1000 ))
	[ "$(le_at $log 80 8)" = "$units" ] ||
		fail "media units written $(le_at $log 80 8), want $units (nand_write_units)"
	[ "$(le_at $log 112 8)" -ge 16 ] || fail "host write commands $(le_at $log 112 8) < 16"
	[ "$(le_at $log 160 8)" = "$(blockdev --getsize64 "/dev/$NS")" ] ||
		fail "total capacity $(le_at $log 160 8), not the namespace's"
	[ "$(le_at $log 3 1)" = 100 ] || fail "available spare $(le_at $log 3 1)"
	expect_nvme_error "$NVME_INVALID_FIELD" \
		nvme get-log "/dev/$CTRL" --log-id=0x09 --lsi=2 --log-len=512
}
# Hot and cold data on placement handles of their own, then the same writes
# without directives, at 90% use: the WAF between two reads of the FDP
# statistics log (nvmev-fdp-hotcold, tools/fdp).
FDP_WAF_MIB=256
t_fdp_waf() {
	local out separate mixed
	unload_nvmev
	load_nvmev ftl=fdp memmap_size=$((FDP_WAF_MIB + 1))M || fail "insmod failed"
	out=$(nvmev-fdp-hotcold "/dev/$NS" 2>&1) || fail "nvmev-fdp-hotcold: $out"
	echo "$out"
	separate=$(echo "$out" | sed -n 's/^waf=//p')
	unload_nvmev
	load_nvmev ftl=fdp memmap_size=$((FDP_WAF_MIB + 1))M || fail "insmod failed"
	out=$(nvmev-fdp-hotcold --no-placement "/dev/$NS" 2>&1) ||
		fail "nvmev-fdp-hotcold --no-placement: $out"
	echo "$out"
	mixed=$(echo "$out" | sed -n 's/^waf=//p')
	echo "fdp_waf: hot/cold on two handles $separate, without directives $mixed"
	awk -v s="$separate" -v m="$mixed" 'BEGIN { exit !(s < 1.2 && m > 1.5) }' ||
		fail "WAF $separate with placement, $mixed without: want < 1.2 and > 1.5"
	unload_nvmev
}

t_fdp_bad_params() {
	unload_nvmev || fail "rmmod failed"
	bad_param "$NVMEV_PARAMS ftl=fdp fdp_ruhs=0" fdp_ruhs
	bad_param "$NVMEV_PARAMS ftl=fdp fdp_rgs=0" fdp_rgs
	bad_param "$NVMEV_PARAMS ftl=fdp fdp_ruhs=8 fdp_persistent_ruhs=9" fdp_persistent_ruhs
	bad_param "$NVMEV_PARAMS ftl=conv fdp_ruhs=4" fdp_ruhs
	bad_param "$NVMEV_PARAMS ftl=simple fdp_rgs=2" fdp_rgs
	bad_param "$NVMEV_PARAMS fdp_persistent_ruhs=1" fdp_persistent_ruhs	# conv, the default
	load_nvmev ftl=fdp || fail "insmod ftl=fdp with default FDP parameters failed"
	nvme fdp configs "/dev/$CTRL" -e 1 | grep -q '^Number of Reclaim Unit Handles: 8$' ||
		fail "not the default 8 handles"
	unload_nvmev || fail "rmmod failed"
}
