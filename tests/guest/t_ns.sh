# Namespaces: the namespaces= parameter, Identify, Namespace Management
# and Attachment, namespaces of several FTLs and command sets, where created
# namespaces go, Format to other LBA formats and with erase.
# Each function t_NAME is a test; run_tests (lib.sh) runs them.

# Namespace Management and Attachment statuses (command specific, type 1),
# Format's and the generic ones they share: libnvme's names or the codes.
NVME_INVALID_FORMAT='invalid format|0x410a'
NVME_INVALID_NS='invalid namespace or format|0x400b'
NVME_NS_NO_CAPACITY='insufficient capacity|0x4115'
NVME_NS_ID_UNAVAILABLE='identifier unavailable|0x4116'
NVME_NS_ATTACHED='namespace already attached|0x4118'
NVME_NS_NOT_ATTACHED='namespace not attached|0x411a'
NVME_THIN_PROV='thin provisioning not supported|0x411b'
NVME_CTRL_LIST_INVALID='controller list invalid|0x411c'
NVME_CSI_UNSUPPORTED='command set (is )?not supported|0x4129'

# The storage behind the namespaces with memmap_size=1G: BAR0 takes 1 MiB.
NS_STORAGE=$(((1024 - 1) << 20))
MIB=1048576

# Wait (bounded) until namespace $1 of $CTRL has no block device: neither
# in sysfs nor /dev/$2 (its name while it was there, if it had one).
wait_ns_gone() {
	local i=0
	while ctrl_ns_n "$CTRL" "$1" >/dev/null || { [ -n "$2" ] && [ -e "/dev/$2" ]; }; do
		i=$((i + 1))
		[ $i -le 60 ] || return 1
		sleep 0.5
	done
}

# The generic char device of the namespace with NSID $1 (all a KV Command
# Set namespace has): ng<C>n<N> with the N of its (maybe hidden) disk.
ng_dev() {
	local d
	for d in /sys/class/nvme/"$CTRL"/nvme*n*; do
		[ "$(cat "$d/nsid" 2>/dev/null)" = "$1" ] || continue
		echo "/dev/ng${CTRL#nvme}n${d##*n}"
		return 0
	done
	return 1
}

# Wait (bounded) until namespace $1 of $CTRL has its generic char device;
# prints its name.
wait_ng() {
	local i=0 d
	until d=$(ng_dev "$1") && [ -c "$d" ]; do
		i=$((i + 1))
		[ $i -le 60 ] || return 1
		sleep 0.5
	done
	echo "$d"
}

# Namespace $1 of $CTRL must have no usable block device: for a command set
# it does not know, the driver adds a hidden disk (no block interface).
check_no_blockdev() {
	local d
	d=$(ctrl_ns_n "$CTRL" "$1") || return 0
	[ ! -e "/sys/block/$d" ] || [ "$(cat "/sys/block/$d/hidden")" = 1 ] ||
		fail "namespace $1 has a block device $d ($2)"
}

# Wait (bounded) until device node $1 is gone.
wait_gone() {
	local i=0
	while [ -e "$1" ]; do
		i=$((i + 1))
		[ $i -le 60 ] || return 1
		sleep 0.5
	done
}

# Load nvmev with namespaces=$1 (more parameters after); sets CTRL and NS,
# namespace 1's block device (wait_nvmev's nvme<S>n1 may be another one).
load_ns() {
	local spec=$1 i=0
	shift
	unload_nvmev
	insmod /nvmev.ko $NVMEV_PARAMS namespaces="$spec" "$@" ||
		fail "insmod namespaces=$spec $* failed: $(dmesg | grep nvmev: | tail -n 1)"
	until CTRL=$(nvmev_ctrl) && [ -c "/dev/$CTRL" ]; do
		i=$((i + 1))
		[ $i -le 60 ] || fail "no nvmev controller 30 s after insmod"
		sleep 0.5
	done
	NS=$(wait_ns 1) || fail "no block device for namespace 1 30 s after insmod"
}

# Field $1 of Identify Controller (commas dropped).
idc_field() { nvme id-ctrl "/dev/$CTRL" | field "$1" | tr -d ','; }

# Field $2 of Identify Namespace of NSID $1 (more id-ns options after).
idns_field() {
	local nsid=$1 f=$2
	shift 2
	nvme id-ns "/dev/$CTRL" -n "$nsid" "$@" | field "$f"
}

# The unallocated capacity must be $1 bytes; $2 says when.
check_unvmcap() {
	local u
	u=$(idc_field unvmcap)
	[ "$u" = "$1" ] || fail "unvmcap $u $2, want $1"
}

# The NSIDs or controller IDs of an nvme-cli list ("[   0]:0x1" lines) in
# file $1, decimal, on one line.
list_ids() {
	sed -n 's/^\[ *[0-9]*\]: *\(0x[0-9a-fA-F]*\).*/\1/p' "$1" |
		while read -r n; do echo $((n)); done | tr '\n' ' ' | sed 's/ $//'
}

# nvme $1 (list-ns or list-ctrl, options after $2) must list exactly $2.
check_listed() {
	local cmd=$1 want=$2 got
	shift 2
	nvme "$cmd" "/dev/$CTRL" "$@" >/tmp/ids 2>&1 || fail "$cmd $*: $(tail -n 1 /tmp/ids)"
	got=$(list_ids /tmp/ids)
	[ "$got" = "$want" ] || fail "$cmd $* lists '$got', want '$want'"
}
check_list_ns() { check_listed list-ns "$@"; }
check_list_ctrl() { check_listed list-ctrl "$@"; }

# create-ns of $1 LBAs (NSZE = NCAP) in LBA format $2, more options after:
# sets NSID to the one nvme-cli reports.
nsm_create() {
	local nsze=$1 flbas=$2 out
	shift 2
	out=$(nvme create-ns "/dev/$CTRL" -s "$nsze" -c "$nsze" -f "$flbas" "$@" 2>&1) ||
		fail "create-ns -s $nsze -c $nsze -f $flbas $*: $out"
	echo "$out"
	NSID=$(echo "$out" | sed -n 's/.*created nsid: *\([0-9]*\).*/\1/p')
	[ -n "$NSID" ] || fail "create-ns printed no NSID: $out"
}

# attach-ns of namespace $1 to controller 1, then its block device: sets
# NSDEV.  With $2 = ng, the generic char device instead (KV namespaces).
nsm_attach() {
	local out
	out=$(nvme attach-ns "/dev/$CTRL" -n "$1" -c 1 2>&1) || fail "attach-ns -n $1 -c 1: $out"
	if [ "${2:-}" = ng ]; then
		NSDEV=$(wait_ng "$1") || fail "no generic char device for namespace $1 30 s after attach-ns"
	else
		NSDEV=$(wait_ns "$1") || fail "no block device for namespace $1 30 s after attach-ns"
	fi
}

# detach-ns of namespace $1 from controller 1; its device must go.
nsm_detach() {
	local out d ng
	d=$(ctrl_ns_n "$CTRL" "$1") ng=$(ng_dev "$1")
	out=$(nvme detach-ns "/dev/$CTRL" -n "$1" -c 1 2>&1) || fail "detach-ns -n $1 -c 1: $out"
	wait_ns_gone "$1" "$d" || fail "namespace $1's block device $d still there 30 s after detach-ns"
	[ -z "$ng" ] || wait_gone "$ng" || fail "$ng still there 30 s after detach-ns"
}

nsm_delete() {
	local out
	out=$(nvme delete-ns "/dev/$CTRL" -n "$1" 2>&1) || fail "delete-ns -n $1: $out"
}

# $1 MiB of random data, kept in file $2, written with direct I/O at MiB
# $3 of block device $4.
put_pattern() {
	head -c $(($1 * MIB)) /dev/urandom >"$2"
	dd if="$2" of="/dev/$4" bs=64k seek=$(($3 * 16)) oflag=direct 2>/dev/null ||
		fail "writing $1 MiB at MiB $3 of /dev/$4 failed"
}

# The data of file $1 must be at MiB $2 of block device $3 (direct reads).
check_pattern() {
	dd if="/dev/$3" bs=64k skip=$(($2 * 16)) count=$(($(wc -c <"$1") / 65536)) \
		iflag=direct 2>/dev/null | cmp -s - "$1" ||
		fail "/dev/$3 at MiB $2 does not hold what was written ($4)"
}

# Every byte of block device $1 must read as zero; $2 says when.
check_all_zero() {
	local n
	n=$(dd if="/dev/$1" bs=1M iflag=direct 2>/dev/null | tr -d '\0' | wc -c)
	[ "$n" = 0 ] || fail "$n non-zero bytes on /dev/$1 $2"
}

# Write and read back the last LBA of block device $1 with nvme-cli.
check_last_lba() {
	local lbs nlb
	lbs=$(cat /sys/block/$1/queue/logical_block_size)
	nlb=$(($(cat /sys/block/$1/size) * 512 / lbs))
	head -c "$lbs" /dev/urandom >/tmp/last
	nvme write "/dev/$1" -s $((nlb - 1)) -c 0 -z "$lbs" -d /tmp/last >/dev/null 2>&1 ||
		fail "nvme write of LBA $((nlb - 1)) ($lbs B) of /dev/$1 failed"
	rm -f /tmp/back
	nvme read "/dev/$1" -s $((nlb - 1)) -c 0 -z "$lbs" -d /tmp/back >/dev/null 2>&1 ||
		fail "nvme read of LBA $((nlb - 1)) of /dev/$1 failed"
	cmp -s /tmp/last /tmp/back || fail "last LBA of /dev/$1 reads back differently"
}

# Counter $2 of namespace $1's FTL statistics (debugfs ns<N>/stats).
ns_stat() { sed -n "s/^$2: *//p" "$(nvmev_debugfs)/ns$1/stats" | head -n 1; }

# Three namespaces of three FTLs from the parameter, each with its size and
# profile, each working: block I/O on conv and fdp, FDP on the fdp one,
# keys on the kv one; what is left stays unallocated.
t_ns_param() {
	local n2 n3 d u1 u2 nsid
	load_ns conv:256M,fdp:256M:p4500,kv:128M
	check_list_ns "1 2 3"
	check_list_ns "1 2 3" --all
	for nsid in 1:256 2:256 3:128; do
		[ $(($(idns_field ${nsid%:*} nsze))) -eq $((${nsid#*:} * MIB / 512)) ] ||
			fail "namespace ${nsid%:*}: nsze $(idns_field ${nsid%:*} nsze), want ${nsid#*:} MiB of 512 B"
	done
	n2=$(wait_ns 2) || fail "no block device for namespace 2"
	n3=$(wait_ns 3) || fail "no block device for namespace 3 (kv, samsung layout)"
	echo "namespaces: $NS $n2 $n3"
	[ "$(cat /sys/block/$n2/size)" = $((256 * MIB / 512)) ] || fail "/dev/$n2 size $(cat /sys/block/$n2/size)"
	check_unvmcap $((NS_STORAGE - 640 * MIB)) "with 640 MiB in namespaces"
	[ "$(idc_field tnvmcap)" = $NS_STORAGE ] || fail "tnvmcap $(idc_field tnvmcap), want $NS_STORAGE"
	# each its own statistics and profile; the old files are namespace 1's
	d=$(nvmev_debugfs)
	for nsid in 1 2 3; do
		[ -r "$d/ns$nsid/stats" ] && [ -e "$d/ns$nsid/inject" ] || fail "no $d/ns$nsid/stats or inject"
	done
	[ -r "$d/stats" ] && [ -e "$d/inject" ] || fail "no $d/stats or $d/inject"
	cat "$d/ns2/stats"
	ns_stat 1 profile | grep -q "^$(cat /sys/module/nvmev/parameters/profile)" ||
		fail "namespace 1 profile '$(ns_stat 1 profile)', not the profile= default"
	ns_stat 2 profile | grep -q '^p4500' || fail "namespace 2 profile '$(ns_stat 2 profile)', want p4500"
	[ -n "$(ns_stat 2 fdp_ru_bytes)" ] || fail "namespace 2's stats are not the fdp FTL's"
	# writes to namespace 2 count there, not in namespace 1
	u1=$(ns_stat 1 host_write_units) u2=$(ns_stat 2 host_write_units)
	dd if=/dev/urandom of="/dev/$n2" bs=64k count=16 oflag=direct 2>/dev/null || fail "dd to /dev/$n2"
	[ "$(ns_stat 2 host_write_units)" = $((u2 + 256)) ] ||
		fail "namespace 2 host_write_units $u2 -> $(ns_stat 2 host_write_units) after 1 MiB, want +256"
	[ "$(ns_stat 1 host_write_units)" = "$u1" ] ||
		fail "namespace 1 host_write_units $u1 -> $(ns_stat 1 host_write_units) after writing namespace 2"
	[ "$(sed -n 's/^host_write_units: *//p' "$d/stats")" = "$u1" ] ||
		fail "top-level stats are not namespace 1's"
	# block I/O on conv and fdp, to the last LBA
	check_io_at 0
	check_io_at $(($(cat /sys/block/$NS/size) - 4))
	put_pattern 1 /tmp/p2 100 "$n2"
	NS=$n2 check_io_at $((256 * MIB / 512 - 4))
	check_pattern /tmp/p2 100 "$n2" "namespace 2"
	# FDP on namespace 2 (endurance group 1)
	nvme fdp configs "/dev/$CTRL" -e 1 >/tmp/fdpc 2>&1 || fail "nvme fdp configs -e 1: $(tail -n 1 /tmp/fdpc)"
	grep -q '^Number of Reclaim Unit Handles:' /tmp/fdpc || fail "fdp configs: $(head -n 3 /tmp/fdpc)"
	nvme fdp status "/dev/$n2" >/dev/null || fail "nvme fdp status /dev/$n2 failed"
	# keys on namespace 3
	export KV_DEV=/dev/$n3 KV_NSID=3
	echo "value three" | kv_ok put key3
	[ "$(kv get key3)" = "value three" ] || fail "kv get key3 on namespace 3: '$(kv get key3)'"
	[ "$(kv list)" = key3 ] || fail "kv list on namespace 3: $(kv list | tr '\n' ' ')"
	[ "$(ns_stat 3 keys)" = 1 ] || fail "namespace 3 stats say $(ns_stat 3 keys) keys, want 1"
	unload_nvmev || fail "rmmod failed"
}

# Every bad namespaces= value fails insmod, naming the parameter.
t_ns_bad_params() {
	local i=0 spec= n
	unload_nvmev || fail "rmmod failed"
	bad_param "$NVMEV_PARAMS namespaces=bogus:256M" namespaces	# unknown FTL
	bad_param "$NVMEV_PARAMS namespaces=conv:abc" namespaces	# bad size
	bad_param "$NVMEV_PARAMS namespaces=conv:-1M" namespaces
	bad_param "$NVMEV_PARAMS namespaces=conv:600M,simple:600M" namespaces	# more than 1023 MiB
	bad_param "$NVMEV_PARAMS namespaces=conv:1024M" namespaces
	while [ $i -lt 17 ]; do
		spec=$spec${spec:+,}conv:16M
		i=$((i + 1))
	done
	bad_param "$NVMEV_PARAMS namespaces=$spec" namespaces	# 17 namespaces
	bad_param "$NVMEV_PARAMS namespaces=fdp:256M,fdp:256M" namespaces
	bad_param "$NVMEV_PARAMS namespaces=conv:8M" namespaces	# under 16 MiB
	bad_param "$NVMEV_PARAMS namespaces=conv:1010M,simple" namespaces	# a share of 13 MiB
	bad_param "$NVMEV_PARAMS namespaces=conv:256M:bogus" namespaces	# unknown profile
	# the limits themselves are fine: all the storage, 16 of 16 MiB
	load_ns conv:1023M
	[ $(($(idns_field 1 nsze))) -eq $((NS_STORAGE / 512)) ] || fail "conv:1023M: nsze $(idns_field 1 nsze)"
	check_unvmcap 0 "with all the storage in namespace 1"
	load_ns "${spec#conv:16M,}"
	check_list_ns "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16"
	n=$(wait_ns 16) || fail "no block device for namespace 16"
	NS=$n check_io_at 0
	check_unvmcap $((NS_STORAGE - 256 * MIB)) "with 16 namespaces of 16 MiB"
	# sizes left out share what the others leave
	load_ns conv:256M,simple,kv:
	n=$(($(idns_field 2 nsze)))
	[ "$n" -eq $(($(idns_field 3 nsze))) ] || fail "shares of 2 and 3 differ: $n, $(idns_field 3 nsze)"
	[ $((n * 512)) -ge $(((NS_STORAGE - 256 * MIB) / 2 - MIB)) ] &&
		[ $((n * 512)) -le $(((NS_STORAGE - 256 * MIB) / 2)) ] ||
		fail "namespace 2's share is $((n * 512)) B of $((NS_STORAGE - 256 * MIB)) left for two"
	unload_nvmev || fail "rmmod failed"
}

# What Identify says about namespaces: management supported, 16 NSIDs, the
# capacities; list-ns of attached and allocated ones, list-ctrl.
t_ns_identify() {
	local idc=/tmp/idc op n3
	load_ns conv:256M,simple:256M
	nvme id-ctrl "/dev/$CTRL" >$idc || fail "id-ctrl"
	grep -E '^(oacs|cntlid|nn|tnvmcap|unvmcap) ' $idc
	[ $(($(field oacs <$idc) & (1 << 3))) -ne 0 ] || fail "oacs $(field oacs <$idc): Namespace Management (bit 3) clear"
	[ "$(field nn <$idc)" = 16 ] || fail "nn $(field nn <$idc), want 16"
	[ $(($(field cntlid <$idc))) -eq 1 ] || fail "cntlid $(field cntlid <$idc), want 1"
	[ "$(field tnvmcap <$idc | tr -d ,)" = $NS_STORAGE ] || fail "tnvmcap $(field tnvmcap <$idc), want $NS_STORAGE"
	[ "$(field unvmcap <$idc | tr -d ,)" = $((NS_STORAGE - 512 * MIB)) ] ||
		fail "unvmcap $(field unvmcap <$idc), want $((NS_STORAGE - 512 * MIB))"
	# Namespace Management (0Dh), Attachment (15h): supported, NCC and NIC
	nvme get-log "/dev/$CTRL" --log-id=5 --log-len=4096 --raw-binary >/tmp/effects || fail "effects log"
	for op in 0x0d 0x15; do
		[ $(($(effects_dword /tmp/effects $((op))) & 0xd)) -eq $((0xd)) ] ||
			fail "admin opcode $op: effects $(effects_dword /tmp/effects $((op))), want CSUPP|NCC|NIC (0xd)"
	done
	check_list_ns "1 2"
	check_list_ns "1 2" --all
	check_list_ns "2" -n 2	# nvme-cli sends NSID 1: the ones above it
	check_list_ctrl "1"
	check_list_ctrl "1" -n 1
	check_list_ctrl "1" -n 2
	# a namespace created but not attached: allocated, not active
	nsm_create $((64 * MIB / 512)) 0
	[ "$NSID" = 3 ] || fail "create-ns gave NSID $NSID, want 3"
	check_unvmcap $((NS_STORAGE - 576 * MIB)) "after creating 64 MiB"
	check_list_ns "1 2"
	check_list_ns "1 2 3" --all
	check_list_ctrl "" -n 3
	ctrl_ns_n "$CTRL" 3 && fail "namespace 3 has a block device before attach-ns"
	[ $(($(idns_field 3 nsze --force))) -eq $((64 * MIB / 512)) ] ||
		fail "id-ns -n 3 --force: nsze $(idns_field 3 nsze --force), want $((64 * MIB / 512))"
	[ $(($(idns_field 2 nsze --force))) -eq $((256 * MIB / 512)) ] ||
		fail "id-ns -n 2 --force: nsze $(idns_field 2 nsze --force)"
	# Identify Namespace (CNS 00h) of an inactive NSID: zero filled
	nvme id-ns "/dev/$CTRL" -n 3 >/tmp/idn 2>&1 || fail "id-ns -n 3 (inactive): $(tail -n 1 /tmp/idn)"
	[ $(($(field nsze </tmp/idn))) -eq 0 ] || fail "id-ns -n 3 while detached: nsze $(field nsze </tmp/idn), want 0"
	nsm_attach 3
	n3=$NSDEV
	check_list_ns "1 2 3"
	check_list_ctrl "1" -n 3
	[ "$(cat /sys/block/$n3/size)" = $((64 * MIB / 512)) ] || fail "/dev/$n3 size $(cat /sys/block/$n3/size)"
	[ $(($(idns_field 3 nsze))) -eq $((64 * MIB / 512)) ] || fail "id-ns -n 3 attached: nsze $(idns_field 3 nsze)"
	nsm_detach 3
	check_list_ns "1 2"
	check_list_ctrl "" -n 3
	nsm_delete 3
	check_list_ns "1 2" --all
	check_unvmcap $((NS_STORAGE - 512 * MIB)) "after deleting namespace 3"
	check_io_at 0
	unload_nvmev || fail "rmmod failed"
}

# create, attach, write, detach, attach (the data is still there), detach,
# delete; three times, the second with 4 KiB LBAs, the third deleting an
# attached namespace; then deleting every namespace at once.
t_ns_mgmt_cycle() {
	local u0 c lbaf lbs nsze d t i
	load_ns conv:512M
	u0=$((NS_STORAGE - 512 * MIB))
	check_unvmcap $u0 "at load"
	check_io_at 0
	cp /tmp/pat /tmp/pat.ns1
	t=$(tracefs)
	echo >"$t/trace"
	echo 1 >"$t/events/nvmev/nvmev_admin/enable"
	for c in 1 2 3; do
		lbaf=0 lbs=512
		[ $c = 2 ] && lbaf=1 lbs=4096
		nsze=$((128 * MIB / lbs))
		nsm_create $nsze $lbaf
		[ "$NSID" = 2 ] || fail "cycle $c: create-ns gave NSID $NSID, want 2 (the lowest free)"
		check_unvmcap $((u0 - 128 * MIB)) "in cycle $c after creating 128 MiB"
		[ $(($(idns_field 2 nsze --force))) -eq $nsze ] ||
			fail "cycle $c: nsze $(idns_field 2 nsze --force), want $nsze"
		nsm_attach 2
		d=$NSDEV
		[ "$(cat /sys/block/$d/queue/logical_block_size)" = $lbs ] ||
			fail "cycle $c: /dev/$d logical_block_size $(cat /sys/block/$d/queue/logical_block_size), want $lbs"
		[ "$(cat /sys/block/$d/size)" = $((128 * MIB / 512)) ] || fail "cycle $c: /dev/$d size $(cat /sys/block/$d/size)"
		if [ $c = 1 ]; then
			# the Namespace Attribute Changed notice (log page 04h)
			i=0
			until grep -q 'opcode=0xc status=0x0 result=0x40002' "$t/trace"; do
				i=$((i + 1))
				[ $i -le 20 ] || fail "no Namespace Attribute Changed event (AER result 0x40002) after attach-ns"
				sleep 0.5
			done
			grep 'opcode=0xc ' "$t/trace"
			echo 0 >"$t/events/nvmev/nvmev_admin/enable"
		fi
		# new namespaces read as zeroes
		[ "$(dd if=/dev/$d bs=64k count=16 iflag=direct 2>/dev/null | tr -d '\0' | wc -c)" = 0 ] ||
			fail "cycle $c: a new namespace does not read as zeroes"
		put_pattern 4 /tmp/pc 0 "$d"
		put_pattern 1 /tmp/pc.end 127 "$d"
		check_pattern /tmp/pc 0 "$d" "cycle $c"
		check_last_lba "$d"
		cp /tmp/last /tmp/last.c
		nsm_detach 2
		check_list_ns "1"
		check_list_ns "1 2" --all
		nsm_attach 2
		d=$NSDEV
		check_pattern /tmp/pc 0 "$d" "cycle $c, after detach and attach"
		nsze=$(($(cat /sys/block/$d/size) * 512 / lbs))
		rm -f /tmp/back
		nvme read "/dev/$d" -s $((nsze - 1)) -c 0 -z $lbs -d /tmp/back >/dev/null 2>&1 &&
			cmp -s /tmp/back /tmp/last.c || fail "cycle $c: last LBA lost across detach and attach"
		if [ $c = 3 ]; then
			# deleting an attached namespace detaches it first
			nsm_delete 2
			wait_ns_gone 2 "$d" || fail "cycle 3: /dev/$d still there after delete-ns of it attached"
		else
			nsm_detach 2
			nsm_delete 2
		fi
		check_list_ns "1" --all
		check_unvmcap $u0 "after cycle $c"
	done
	rm -f /tmp/back
	nvme read "/dev/$NS" -s 0 -c 3 -z 2048 -d /tmp/back >/dev/null 2>&1 && cmp -s /tmp/back /tmp/pat.ns1 ||
		fail "namespace 1's data changed during the cycles"
	# delete-ns of every namespace (NSID ffffffffh), the attached ones too
	nsm_create $((64 * MIB / 512)) 0
	nsm_create $((32 * MIB / 4096)) 1
	[ "$NSID" = 3 ] || fail "second create-ns gave NSID $NSID, want 3"
	nsm_attach 2
	d=$NSDEV
	nsm_delete 0xffffffff
	wait_ns_gone 1 "$NS" || fail "/dev/$NS still there after deleting all namespaces"
	wait_ns_gone 2 "$d" || fail "/dev/$d still there after deleting all namespaces"
	check_list_ns "" --all
	check_unvmcap $NS_STORAGE "after deleting all namespaces"
	# NSID 1 is free again: all the storage in one
	nsm_create $((NS_STORAGE / 512)) 0
	[ "$NSID" = 1 ] || fail "create-ns after deleting all gave NSID $NSID, want 1"
	check_unvmcap 0 "with all the storage in a new namespace"
	nsm_attach 1
	NS=$NSDEV check_io_at 0
	unload_nvmev || fail "rmmod failed"
}

# Every status of Namespace Management and Attachment; namespace 1 works
# throughout.
t_ns_mgmt_errors() {
	local n i u
	load_ns conv:256M
	u=$((NS_STORAGE - 256 * MIB))
	n=$((64 * MIB / 512))
	# create-ns
	expect_nvme_error "$NVME_THIN_PROV" nvme create-ns "/dev/$CTRL" -s $n -c $((n / 2)) -f 0
	expect_nvme_error "$NVME_INVALID_FIELD" nvme create-ns "/dev/$CTRL" -s $n -c $((n * 2)) -f 0
	expect_nvme_error "$NVME_INVALID_FIELD" nvme create-ns "/dev/$CTRL" -s $n -c $n -f 0 -m 1
	expect_nvme_error "$NVME_INVALID_FIELD" nvme create-ns "/dev/$CTRL" -s 0 -c 0 -f 0
	expect_nvme_error "$NVME_INVALID_FORMAT" nvme create-ns "/dev/$CTRL" -s $n -c $n -f 2
	expect_nvme_error "$NVME_NS_NO_CAPACITY" \
		nvme create-ns "/dev/$CTRL" -s $(((u + MIB) / 512)) -c $(((u + MIB) / 512)) -f 0
	expect_nvme_error "$NVME_NS_NO_CAPACITY" \
		nvme create-ns "/dev/$CTRL" -s $(((u + MIB) / 4096)) -c $(((u + MIB) / 4096)) -f 1
	expect_nvme_error "$NVME_INVALID_FIELD" \
		nvme create-ns "/dev/$CTRL" -s $((8 * MIB / 512)) -c $((8 * MIB / 512)) -f 0
	check_unvmcap $u "after failed create-ns"
	check_list_ns "1" --all
	# exactly what is left fits
	nsm_create $((u / 512)) 0
	check_unvmcap 0 "with everything allocated"
	expect_nvme_error "$NVME_NS_NO_CAPACITY" \
		nvme create-ns "/dev/$CTRL" -s $((16 * MIB / 512)) -c $((16 * MIB / 512)) -f 0
	nsm_delete "$NSID"
	# attach-ns, detach-ns
	expect_nvme_error "$NVME_NS_ATTACHED" nvme attach-ns "/dev/$CTRL" -n 1 -c 1
	expect_nvme_error "$NVME_CTRL_LIST_INVALID" nvme detach-ns "/dev/$CTRL" -n 1 -c 2
	nsm_create $n 0
	[ "$NSID" = 2 ] || fail "create-ns gave NSID $NSID, want 2"
	expect_nvme_error "$NVME_NS_NOT_ATTACHED" nvme detach-ns "/dev/$CTRL" -n 2 -c 1
	expect_nvme_error "$NVME_CTRL_LIST_INVALID" nvme attach-ns "/dev/$CTRL" -n 2 -c 2
	expect_nvme_error "$NVME_CTRL_LIST_INVALID" nvme attach-ns "/dev/$CTRL" -n 2 -c 1,2
	check_list_ns "1"
	expect_nvme_error "$NVME_INVALID_FIELD" nvme attach-ns "/dev/$CTRL" -n 9 -c 1	# unallocated
	expect_nvme_error "$NVME_INVALID_NS" nvme attach-ns "/dev/$CTRL" -n 17 -c 1
	# NSID 0 (nvme-cli will not send it): a controller list of one, ID 1
	printf '\001\000\001\000' >/tmp/ctrllist
	head -c 4092 /dev/zero >>/tmp/ctrllist
	expect_nvme_error "$NVME_INVALID_NS" nvme admin-passthru "/dev/$CTRL" --opcode=0x15 \
		--namespace-id=0 --cdw10=0 --data-len=4096 -w --input-file=/tmp/ctrllist
	nvme admin-passthru "/dev/$CTRL" --opcode=0x15 --namespace-id=2 --cdw10=0 \
		--data-len=4096 -w --input-file=/tmp/ctrllist >/dev/null 2>&1 ||
		fail "attach of namespace 2 by admin-passthru failed"
	wait_ns 2 >/dev/null || fail "no block device after attaching namespace 2 by admin-passthru"
	expect_nvme_error "$NVME_NS_ATTACHED" nvme attach-ns "/dev/$CTRL" -n 2 -c 1
	nsm_detach 2
	nsm_delete 2
	# delete-ns of an unallocated namespace
	expect_nvme_error "$NVME_INVALID_FIELD" nvme delete-ns "/dev/$CTRL" -n 2
	expect_nvme_error "$NVME_INVALID_FIELD" nvme delete-ns "/dev/$CTRL" -n 16
	# every NSID in use
	i=2
	while [ $i -le 16 ]; do
		nsm_create $((16 * MIB / 512)) 0 >/dev/null
		[ "$NSID" = $i ] || fail "create-ns gave NSID $NSID, want $i"
		i=$((i + 1))
	done
	check_unvmcap $((u - 15 * 16 * MIB)) "with 15 namespaces of 16 MiB"
	expect_nvme_error "$NVME_NS_ID_UNAVAILABLE" \
		nvme create-ns "/dev/$CTRL" -s $((16 * MIB / 512)) -c $((16 * MIB / 512)) -f 0
	check_list_ns "1"
	# a freed NSID in the middle is the next one given
	nsm_delete 9
	nsm_create $((16 * MIB / 512)) 0
	[ "$NSID" = 9 ] || fail "create-ns after deleting 9 gave NSID $NSID, want 9"
	i=2
	while [ $i -le 16 ]; do
		nsm_delete $i
		i=$((i + 1))
	done
	check_unvmcap $u "after deleting them"
	# KV namespaces only with kv_layout=nvme
	expect_nvme_error "$NVME_CSI_UNSUPPORTED" nvme create-ns "/dev/$CTRL" -s $n -c $n -f 0 --csi=1
	check_list_ns "1" --all
	check_io_at 0
	unload_nvmev || fail "rmmod failed"
}

# fio checks its data on two namespaces of two FTLs at once, then on a
# namespace created and attached while namespace 1 is busy.
t_ns_fio_two() {
	local n2 p rc
	load_ns conv:400M,simple:400M
	n2=$(wait_ns 2) || fail "no block device for namespace 2"
	fio --direct=1 --ioengine=io_uring --rw=randwrite --bs=4k --iodepth=16 --size=64M \
		$FIO_VERIFY --eta=never --output=/tmp/fio.out \
		--name=ns1 --filename="/dev/$NS" --name=ns2 --filename="/dev/$n2"
	rc=$?
	cat /tmp/fio.out
	[ $rc -eq 0 ] || fail "fio on both namespaces exit $rc: $(grep -iE 'err|verify|bad' /tmp/fio.out | head -n 1)"
	[ "$(grep -c 'err= *0' /tmp/fio.out)" = 2 ] || fail "fio on both: $(grep 'err=' /tmp/fio.out | tr '\n' ' ')"
	# namespace 1 busy, verifying as it goes
	fio --name=bg --filename="/dev/$NS" --direct=1 --ioengine=io_uring --rw=randwrite \
		--bs=4k --iodepth=16 --offset=128M --size=128M --time_based --runtime=45 \
		--verify=crc32c --verify_backlog=1024 --verify_fatal=1 --verify_dump=0 \
		--eta=never >/tmp/bg.out 2>&1 &
	p=$!
	sleep 3
	kill -0 $p 2>/dev/null || { cat /tmp/bg.out; fail "fio on namespace 1 ended at once"; }
	nsm_create $((128 * MIB / 512)) 0
	nsm_attach "$NSID"
	NS=$NSDEV run_fio newns --ioengine=libaio --rw=randwrite $MIXED_BS --iodepth=16 \
		--size=64M $FIO_VERIFY
	kill -0 $p 2>/dev/null || fail "fio on namespace 1 ended before the new namespace's"
	wait $p
	rc=$?
	cat /tmp/bg.out
	[ $rc -eq 0 ] || fail "fio on namespace 1 exit $rc: $(grep -iE 'err|verify|bad' /tmp/bg.out | head -n 1)"
	grep -q 'err= *[1-9]' /tmp/bg.out && fail "fio on namespace 1: $(grep 'err=' /tmp/bg.out | head -n 1)"
	nsm_detach "$NSID"
	nsm_delete "$NSID"
	unload_nvmev || fail "rmmod failed"
}

# The Commands Supported and Effects log of Command Set $1 into /tmp/effects.
ns_effects_log() {
	nvme admin-passthru "/dev/$CTRL" --opcode=0x02 --namespace-id=0xffffffff \
		--cdw10=$(((4096 / 4 - 1) << 16 | 5)) --cdw14=$(($1 << 24)) \
		--data-len=4096 -r -b >/tmp/effects
}

# kv_layout=nvme: a KV Command Set namespace beside a block one, from the
# parameter and from create-ns --csi=1; each its own keys.
t_ns_kinds() {
	local kv2 kv3
	load_ns conv:256M,kv:256M kv_layout=nvme
	kv2=$(wait_ng 2) || fail "no generic char device for the KV namespace"
	check_no_blockdev 2 "a KV namespace"
	check_list_ns "1 2"
	nvme ns-descs "/dev/$CTRL" --namespace-id=2 >/tmp/descs || fail "ns-descs -n 2"
	grep -qiE 'csi *: *(0x)?0*1$' /tmp/descs || fail "namespace 2's descriptors do not say CSI 1"
	nvme ns-descs "/dev/$CTRL" --namespace-id=1 >/tmp/descs || fail "ns-descs -n 1"
	grep -qiE 'csi *: *(0x)?0*1$' /tmp/descs && fail "namespace 1's descriptors say CSI 1"
	nvme admin-passthru "/dev/$CTRL" --opcode=0x06 --namespace-id=2 --cdw10=5 \
		--cdw11=$((1 << 24)) --data-len=4096 -r -b >/tmp/idkv || fail "identify KV namespace 2"
	[ "$(od -An -tu8 -N 8 /tmp/idkv | tr -d ' ')" -gt 0 ] || fail "KV namespace 2 size 0"
	check_io_at 0
	# the effects log of each Command Set lists its own I/O opcodes:
	# Dataset Management (09h) is NVM's, List (06h) KV's
	ns_effects_log 0 && [ "$(effects_dword /tmp/effects $((256 + 9)))" != 0 ] &&
		[ "$(effects_dword /tmp/effects $((256 + 6)))" = 0 ] ||
		fail "the NVM effects log lacks 09h or has 06h"
	ns_effects_log 1 && [ "$(effects_dword /tmp/effects $((256 + 9)))" = 0 ] &&
		[ "$(effects_dword /tmp/effects $((256 + 6)))" != 0 ] ||
		fail "the KV effects log has 09h or lacks 06h"
	# the Zoned Namespace set is offered, with no namespace of it here: an
	# empty I/O half; CSI 3 is no set at all
	ns_effects_log 2 && [ "$(effects_dword /tmp/effects $((256 + 1)))" = 0 ] ||
		fail "the zoned effects log lists Write without a zoned namespace"
	expect_nvme_error "$NVME_INVALID_FIELD" ns_effects_log 3
	export KV_LAYOUT=nvme KV_DEV=$kv2 KV_NSID=2
	echo "in two" | kv_ok put k2
	[ "$(kv get k2)" = "in two" ] || fail "kv get k2 on namespace 2: '$(kv get k2)'"
	# one more, made at run time: the KV create data gives NSZE in bytes
	nsm_create $((128 * MIB)) 0 --csi=1
	[ "$NSID" = 3 ] || fail "create-ns --csi=1 gave NSID $NSID, want 3"
	nsm_attach 3 ng
	kv3=$NSDEV
	check_no_blockdev 3 "a KV namespace made by create-ns --csi=1"
	nvme ns-descs "/dev/$CTRL" --namespace-id=3 >/tmp/descs || fail "ns-descs -n 3"
	grep -qiE 'csi *: *(0x)?0*1$' /tmp/descs || fail "namespace 3's descriptors do not say CSI 1"
	export KV_DEV=$kv3 KV_NSID=3
	kv list >/tmp/keys || fail "kv list on namespace 3"
	[ -s /tmp/keys ] && fail "namespace 3 has keys at once: $(cat /tmp/keys)"
	echo "in three" | kv_ok put k3
	[ "$(kv get k3)" = "in three" ] || fail "kv get k3 on namespace 3"
	kv exists k2 && fail "namespace 3 has namespace 2's key"
	export KV_DEV=$kv2 KV_NSID=2
	[ "$(kv list)" = k2 ] || fail "namespace 2 lists $(kv list | tr '\n' ' ')"
	nsm_detach 3
	nsm_delete 3
	check_io_at 0
	unload_nvmev || fail "rmmod failed"
}

# Where created namespaces go: first fit in whole granules (4 KiB).  A
# hole left by a deleted namespace takes a namespace its size, not a bigger
# one, even with that much free in all; every NSID freed is taken again,
# lowest first.
# create-ns of $1 MiB of 512 B LBAs, which must get NSID $2.
ns_space_create() {
	nsm_create $(($1 * MIB / 512)) 0 >/dev/null
	[ "$NSID" = "$2" ] || fail "the $1 MiB namespace is nsid $NSID, want $2"
}

t_ns_space() {
	local n d last
	unload_nvmev
	load_nvmev namespaces=conv:256M || fail "insmod failed"
	check_unvmcap $((767 * MIB)) "at load"
	ns_space_create 256 2
	ns_space_create 256 3
	ns_space_create 255 4
	check_unvmcap 0 "after filling"
	expect_nvme_error 'Insufficient Capacity|0x4115' \
		nvme create-ns "/dev/$CTRL" -s 32768 -c 32768 -f 0
	nvme delete-ns "/dev/$CTRL" -n 2 || fail "delete-ns 2"
	nvme delete-ns "/dev/$CTRL" -n 4 || fail "delete-ns 4"
	check_unvmcap $((511 * MIB)) "with a hole and a tail"
	# 511 MiB free, in a 256 MiB hole and the 255 MiB at the end
	expect_nvme_error 'Insufficient Capacity|0x4115' \
		nvme create-ns "/dev/$CTRL" -s $((257 * 2048)) -c $((257 * 2048)) -f 0
	ns_space_create 256 2	# the hole
	ns_space_create 255 4	# the tail
	for n in 2 3 4; do
		nvme attach-ns "/dev/$CTRL" -n $n -c 1 >/dev/null || fail "attach-ns $n"
	done
	# each namespace its own data, at both ends
	for n in 1 2 3 4; do
		d=$(wait_ns $n) || fail "no block device for namespace $n"
		last=$(($(cat /sys/block/$d/size) / 8 - 1))
		head -c 4096 /dev/urandom >/tmp/ns$n
		dd if=/tmp/ns$n of=/dev/$d bs=4096 oflag=direct 2>/dev/null ||
			fail "write to namespace $n"
		dd if=/tmp/ns$n of=/dev/$d bs=4096 oflag=direct seek=$last 2>/dev/null ||
			fail "write to namespace $n's end"
	done
	for n in 1 2 3 4; do
		d=$(wait_ns $n) || fail "no block device for namespace $n"
		last=$(($(cat /sys/block/$d/size) / 8 - 1))
		dd if=/dev/$d of=/tmp/back bs=4096 count=1 iflag=direct 2>/dev/null
		cmp -s /tmp/ns$n /tmp/back || fail "namespace $n's first block differs"
		dd if=/dev/$d of=/tmp/back bs=4096 count=1 iflag=direct skip=$last 2>/dev/null
		cmp -s /tmp/ns$n /tmp/back || fail "namespace $n's last block differs"
	done
	nvme delete-ns "/dev/$CTRL" -n 0xffffffff || fail "delete-ns of every namespace"
	[ -z "$(nvme list-ns "/dev/$CTRL" --all)" ] || fail "namespaces left: $(nvme list-ns "/dev/$CTRL" --all)"
	check_unvmcap $((1023 * MIB)) "after deleting all"
	wait_ns_gone 1 || fail "namespace 1's block device is still there"
	unload_nvmev || fail "rmmod failed"
}

# $1 = the LBA format that id-ns of namespace $2 must have in use (of two).
check_lbaf() {
	local idn=/tmp/idn.$2
	nvme id-ns "/dev/$CTRL" -n "$2" >$idn || fail "id-ns -n $2"
	grep -E '^(nsze|nlbaf|flbas|lbaf) ' $idn
	[ "$(field nlbaf <$idn)" = 1 ] || fail "namespace $2: nlbaf $(field nlbaf <$idn), want 1 (two formats)"
	[ $(($(field flbas <$idn) & 0xf)) -eq "$1" ] || fail "namespace $2: flbas $(field flbas <$idn), want format $1"
	grep '^lbaf *0 *:' $idn | grep -q 'lbads:9 ' || fail "namespace $2: lbaf 0 is not 512 B"
	grep '^lbaf *1 *:' $idn | grep -q 'lbads:12 ' || fail "namespace $2: lbaf 1 is not 4 KiB"
	grep "^lbaf *$1 *:" $idn | grep -q 'in use' || fail "namespace $2: lbaf $1 not marked in use"
	grep "^lbaf *$((1 - $1)) *:" $idn | grep -q 'in use' && fail "namespace $2: lbaf $((1 - $1)) marked in use"
	return 0
}

# Wait (bounded) until block device $1 has $2-byte logical blocks.
wait_lbs() {
	local i=0
	while [ "$(cat /sys/block/$1/queue/logical_block_size 2>/dev/null)" != "$2" ]; do
		i=$((i + 1))
		[ $i -le 60 ] || fail "/dev/$1 logical_block_size $(cat /sys/block/$1/queue/logical_block_size) 30 s after format, want $2"
		sleep 0.5
	done
}

# ext4 on block device $1: files written, checked by e2fsck and read back
# after a remount (fs_roundtrip for a namespace other than wait_nvmev's).
ext4_roundtrip() {
	mkfs.ext4 -q -F "/dev/$1" || fail "mkfs.ext4 /dev/$1 failed"
	mount -t ext4 "/dev/$1" /mnt || fail "mount /dev/$1 failed"
	dd if=/dev/urandom of=/mnt/big bs=1M count=16 2>/dev/null || fail "writing /mnt/big failed"
	head -c 12345 /dev/urandom >/mnt/small || fail "writing /mnt/small failed"
	(cd /mnt && sha256sum big small) >/tmp/sum1
	umount /mnt || fail "umount failed"
	e2fsck -fn "/dev/$1" >/tmp/fsck.out 2>&1 || { cat /tmp/fsck.out; fail "e2fsck -fn found problems"; }
	mount -t ext4 "/dev/$1" /mnt || fail "second mount failed"
	(cd /mnt && sha256sum big small) >/tmp/sum2
	umount /mnt || fail "second umount failed"
	cmp -s /tmp/sum1 /tmp/sum2 || fail "files differ after a remount"
}

# Format NVM to 4 KiB LBAs and back; a file system on 4 KiB LBAs; the
# other namespace keeps its format and data.
t_format_lbaf() {
	local n2
	load_ns conv:256M,simple:256M
	n2=$(wait_ns 2) || fail "no block device for namespace 2"
	check_lbaf 0 1
	check_lbaf 0 2
	put_pattern 2 /tmp/p2 10 "$n2"
	nvme format "/dev/$NS" --lbaf=1 --force || fail "nvme format -l 1 failed"
	wait_ns 1 >/dev/null || fail "no namespace 1 after format"
	wait_lbs "$NS" 4096
	check_lbaf 1 1
	[ $(($(idns_field 1 nsze))) -eq $((256 * MIB / 4096)) ] ||
		fail "nsze $(idns_field 1 nsze) after format to 4 KiB, want $((256 * MIB / 4096))"
	[ "$(cat /sys/block/$NS/size)" = $((256 * MIB / 512)) ] || fail "size $(cat /sys/block/$NS/size) after format"
	[ $(($(idns_field 1 nvmcap))) -eq $((256 * MIB)) ] ||
		fail "nvmcap $(idns_field 1 nvmcap), want $((256 * MIB))"
	check_last_lba "$NS"
	ext4_roundtrip "$NS"
	[ "$(cat /sys/block/$NS/queue/logical_block_size)" = 4096 ] || fail "logical_block_size changed"
	# namespace 2 as it was
	check_lbaf 0 2
	[ "$(cat /sys/block/$n2/queue/logical_block_size)" = 512 ] || fail "namespace 2 is not 512 B any more"
	check_pattern /tmp/p2 10 "$n2" "namespace 2 after formatting namespace 1"
	expect_nvme_error "$NVME_INVALID_FORMAT" nvme format "/dev/$NS" --lbaf=2 --force
	# LBAF 17: bits 5:4 in LBAFU (CDW10 bits 13:12) make it no format at all
	expect_nvme_error "$NVME_INVALID_FORMAT" nvme admin-passthru "/dev/$CTRL" \
		--opcode=0x80 --namespace-id=1 --cdw10=$((1 << 12 | 1))
	check_lbaf 1 1
	nvme format "/dev/$NS" --lbaf=0 --force || fail "nvme format -l 0 failed"
	wait_ns 1 >/dev/null || fail "no namespace 1 after format back"
	wait_lbs "$NS" 512
	check_lbaf 0 1
	[ $(($(idns_field 1 nsze))) -eq $((256 * MIB / 512)) ] || fail "nsze $(idns_field 1 nsze) after format to 512 B"
	check_io_at 0
	check_io_at $((256 * MIB / 512 - 4))
	unload_nvmev || fail "rmmod failed"
}

# Format with user data erase: the namespace reads as zeroes, the other
# keeps its data; crypto erase is not supported.
t_format_erase() {
	local n2
	load_ns conv:128M,simple:128M
	n2=$(wait_ns 2) || fail "no block device for namespace 2"
	put_pattern 2 /tmp/p1 0 "$NS"
	put_pattern 1 /tmp/p1.end 127 "$NS"
	put_pattern 2 /tmp/p2 0 "$n2"
	put_pattern 1 /tmp/p2.end 127 "$n2"
	expect_nvme_error "$NVME_INVALID_FIELD" nvme format "/dev/$n2" --ses=2 --force
	check_pattern /tmp/p2 0 "$n2" "after a refused crypto erase"
	nvme format "/dev/$n2" --ses=1 --force || fail "nvme format --ses=1 of namespace 2 failed"
	n2=$(wait_ns 2) || fail "no namespace 2 after format"
	check_all_zero "$n2" "after format --ses=1"
	check_pattern /tmp/p1 0 "$NS" "namespace 1 after formatting namespace 2"
	check_pattern /tmp/p1.end 127 "$NS" "namespace 1's end after formatting namespace 2"
	NS=$n2 check_io_at 100
	# the conv namespace too, with a new format at once
	nvme format "/dev/$NS" --ses=1 --lbaf=1 --force || fail "nvme format --ses=1 --lbaf=1 of namespace 1 failed"
	wait_ns 1 >/dev/null || fail "no namespace 1 after format"
	wait_lbs "$NS" 4096
	check_all_zero "$NS" "after format --ses=1 --lbaf=1"
	put_pattern 2 /tmp/p1 64 "$NS"
	check_pattern /tmp/p1 64 "$NS" "after format --ses=1 --lbaf=1"
	unload_nvmev || fail "rmmod failed"
}

# ---------------------------------------------- delete-all, rescan, granules

# Delete with NSID FFFFFFFFh also when there is nothing to delete, and the
# controller through a reset, a PCI rescan, and a remove and rescan, which
# brings it back (maybe under another name): its namespaces and their data
# are where they were.
t_ns_delete_all_rescan() {
	local pci serial d i
	load_ns conv:256M
	pci=$(readlink -f "/sys/class/nvme/$CTRL/device")
	serial=$(cat "/sys/class/nvme/$CTRL/serial")
	nsm_delete 0xffffffff
	wait_ns_gone 1 "$NS" || fail "/dev/$NS still there after deleting all namespaces"
	nsm_delete 0xffffffff
	check_list_ns "" --all
	check_unvmcap $NS_STORAGE "after deleting all namespaces twice"
	nsm_create $((64 * MIB / 512)) 0
	nsm_attach "$NSID"
	put_pattern 1 /tmp/pdel 0 "$NSDEV"
	nvme reset "/dev/$CTRL" || fail "reset"
	wait_live
	echo 1 >/sys/bus/pci/rescan || fail "PCI rescan"
	wait_live
	d=$(wait_ns 1) || fail "no block device for namespace 1 after reset and rescan"
	check_pattern /tmp/pdel 0 "$d" "after reset and rescan"
	nsm_delete 0xffffffff
	wait_ns_gone 1 "$d" || fail "/dev/$d still there after deleting all namespaces"
	check_list_ns "" --all
	nsm_create $((64 * MIB / 512)) 0
	nsm_attach "$NSID"
	put_pattern 1 /tmp/pdel 0 "$NSDEV"
	# the function goes, and comes back with a rescan
	echo 1 >"$pci/remove" || fail "remove $pci"
	i=0
	while nvmev_ctrl >/dev/null; do
		i=$((i + 1))
		[ $i -le 60 ] || fail "controller still there 30 s after removing $pci"
		sleep 0.5
	done
	echo 1 >/sys/bus/pci/rescan || fail "PCI rescan"
	i=0
	until CTRL=$(nvmev_ctrl) && [ -c "/dev/$CTRL" ] && [ "$(cat /sys/class/nvme/$CTRL/serial)" = "$serial" ]; do
		i=$((i + 1))
		[ $i -le 60 ] || fail "no controller with serial $serial 30 s after the rescan: $(dmesg | grep -E 'nvme|pci 1' | tail -n 3)"
		sleep 0.5
	done
	wait_live
	echo "controller back as $CTRL at $(readlink -f /sys/class/nvme/$CTRL/device)"
	d=$(wait_ns 1) || fail "no block device for namespace 1 after remove and rescan"
	check_pattern /tmp/pdel 0 "$d" "after remove and rescan"
	nsm_delete 0xffffffff
	wait_ns_gone 1 "$d" || fail "/dev/$d still there after deleting all namespaces"
	nsm_delete 0xffffffff
	check_list_ns "" --all
	check_unvmcap $NS_STORAGE "at the end"
	unload_nvmev || fail "rmmod failed"
}

# Namespace granularity: CTRATT bit 7, and Identify CNS 16h with one
# descriptor for every LBA format, sizes and capacities in 4 KiB; NN
# namespaces of TNVMCAP / NN, rounded down to that, all fit, and each
# keeps its data beside its neighbours.
NS_GRANULE=4096
t_ns_granularity() {
	local tnvmcap nn size nsze i d15 d16 last
	load_ns conv:256M
	[ $(($(idc_field ctratt) & 1 << 7)) -ne 0 ] || fail "CTRATT $(idc_field ctratt) lacks Namespace Granularity"
	nvme admin-passthru "/dev/$CTRL" --opcode=6 --cdw10=0x16 --data-len=4096 -r -b >/tmp/gran ||
		fail "Identify CNS 16h"
	[ "$(le_at /tmp/gran 0 4) $(le_at /tmp/gran 4 1) $(le_at /tmp/gran 32 8) $(le_at /tmp/gran 40 8)" = "0 0 $NS_GRANULE $NS_GRANULE" ] ||
		fail "granularity list: attributes, NOD, NSZEG, NCAPG $(le_at /tmp/gran 0 4) $(le_at /tmp/gran 4 1) $(le_at /tmp/gran 32 8) $(le_at /tmp/gran 40 8)"
	[ -z "$(od -An -tx1 -v -j 48 /tmp/gran | tr -d ' 0\n')" ] ||
		fail "granularity list past descriptor 0 not zero"
	nvme id-ns-granularity "/dev/$CTRL" | tee /tmp/gran.txt
	grep -q "Namespace Size Granularity *: *0x1000" /tmp/gran.txt ||
		fail "nvme id-ns-granularity shows no 4 KiB size granularity"
	nsm_delete 0xffffffff
	wait_ns_gone 1 "$NS" || fail "/dev/$NS still there after deleting all namespaces"
	# a size that is not whole granules takes its last one whole
	nsm_create $((16 * MIB / 512 + 1)) 0
	check_unvmcap $((NS_STORAGE - 16 * MIB - NS_GRANULE)) "with 16 MiB and 512 B"
	nsm_delete "$NSID"
	tnvmcap=$(idc_field tnvmcap)
	nn=$(idc_field nn)
	size=$((tnvmcap / nn / NS_GRANULE * NS_GRANULE))
	nsze=$((size / 512))
	echo "TNVMCAP $tnvmcap: $nn namespaces of $size bytes ($nsze LBAs)"
	i=1
	while [ $i -le $nn ]; do
		nsm_create $nsze 0 >/dev/null
		[ "$NSID" = $i ] || fail "create-ns $i of $nsze LBAs gave NSID $NSID"
		i=$((i + 1))
	done
	check_unvmcap $((tnvmcap - nn * size)) "with $nn namespaces"
	[ $((tnvmcap - nn * size)) -lt $NS_GRANULE ] || fail "more than a granule left"
	# neighbours in the storage: the end of 15 and the start of 16
	nsm_attach 15
	d15=$NSDEV
	nsm_attach 16
	d16=$NSDEV
	last=$((nsze / 8 - 1))
	head -c 4096 /dev/urandom >/tmp/g15
	head -c 4096 /dev/urandom >/tmp/g16
	dd if=/tmp/g15 of=/dev/$d15 bs=4096 seek=$last oflag=direct 2>/dev/null || fail "write to namespace 15's end"
	dd if=/tmp/g16 of=/dev/$d16 bs=4096 oflag=direct 2>/dev/null || fail "write to namespace 16's start"
	dd if=/dev/$d15 bs=4096 skip=$last count=1 iflag=direct 2>/dev/null | cmp -s - /tmp/g15 ||
		fail "namespace 15's last block differs"
	dd if=/dev/$d16 bs=4096 count=1 iflag=direct 2>/dev/null | cmp -s - /tmp/g16 ||
		fail "namespace 16's first block differs"
	check_last_lba "$d16"
	nsm_delete 0xffffffff
	check_unvmcap "$tnvmcap" "after deleting them"
	unload_nvmev || fail "rmmod failed"
}

# Not in ALL_TESTS: they must FAIL (or stop the VM), to show that the harness
# notices.  tests/vm/run.sh --tests "self_warn self_fail self_hang self_panic"
