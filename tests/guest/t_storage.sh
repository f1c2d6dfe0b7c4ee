# Where namespaces keep their data: storage=reserved|sparse|none, and
# namespaces larger than the reserved memory.
# Each function t_NAME is a test; run_tests (lib.sh) runs them.

# Field $1 of the namespace's debugfs storage file ("name value" lines).
storage_stat() {
	sed -n "s/^$1 //p" "$(nvmev_debugfs)/ns${2:-1}/storage"
}

# Loads nvmev with namespaces=$1 (more parameters after), sets CTRL and NS.
load_storage() {
	local spec=$1
	shift
	unload_nvmev
	load_nvmev namespaces="$spec" "$@" || fail "insmod namespaces=$spec $* failed"
}

# A 64 GiB sparse namespace in a 4 GiB guest with 1 GiB reserved: ext4,
# 1 GiB of files, remount, checksums read back from the device.
t_storage_sparse_fs() {
	local i used nuse
	load_storage conv:64G:970pro:sparse sparse_max=2G
	grep radix_tree_node /proc/slabinfo
	[ "$(cat /sys/block/$NS/size)" -eq $((64 << 21)) ] ||
		fail "the disk has $(cat /sys/block/$NS/size) sectors, not 64 GiB"
	[ "$(storage_stat storage)" = sparse ] || fail "debugfs says storage $(storage_stat storage)"
	mkfs.ext4 -q -F "/dev/$NS" || fail "mkfs.ext4 on 64 GiB sparse failed"
	mount -t ext4 "/dev/$NS" /mnt || fail "mount failed"
	i=0
	while [ $i -lt 16 ]; do
		dd if=/dev/urandom of=/mnt/f$i bs=1M count=64 2>/dev/null ||
			fail "writing /mnt/f$i failed"
		i=$((i + 1))
	done
	(cd /mnt && sha256sum f* >/tmp/sum1)
	umount /mnt || fail "umount failed"
	used=$(storage_stat used_bytes)
	cat "$(nvmev_debugfs)/ns1/storage"
	grep radix_tree_node /proc/slabinfo
	echo "sparse pages in use after 1 GiB of files: $((used >> 20)) MiB"
	[ "$used" -ge $((1 << 30)) ] || fail "only $used bytes of pages for 1 GiB of files"
	[ "$used" -lt $((2 << 30)) ] || fail "$used bytes of pages for 1 GiB of files"
	nuse=$(nvme id-ns "/dev/$NS" | field nuse)
	echo "NUSE $nuse LBAs, NSFEAT $(nvme id-ns "/dev/$NS" | field nsfeat)"
	[ "$((nuse * 512))" -eq "$used" ] || fail "NUSE $nuse LBAs, the pages hold $used bytes"
	echo 3 >/proc/sys/vm/drop_caches
	e2fsck -fn "/dev/$NS" >/tmp/fsck.out 2>&1 || { cat /tmp/fsck.out; fail "e2fsck found problems"; }
	mount -t ext4 "/dev/$NS" /mnt || fail "second mount failed"
	(cd /mnt && sha256sum f* >/tmp/sum2)
	umount /mnt
	cmp -s /tmp/sum1 /tmp/sum2 || { diff /tmp/sum1 /tmp/sum2; fail "checksums differ after remount"; }
	echo "$(wc -l </tmp/sum1) files of 64 MiB match"
}

# fio verify over a 16 GiB sparse namespace; deallocating it all, Write
# Zeroes and Format give the pages back, and the LBAs read as zeroes.
t_storage_sparse_verify() {
	local used
	load_storage conv:16G:970pro:sparse
	run_fio sparse-verify --rw=randwrite $MIXED_BS --iodepth=16 \
		--ioengine=libaio --io_size=192m $FIO_VERIFY
	used=$(storage_stat used_bytes)
	echo "pages in use: $((used >> 20)) MiB"
	[ "$used" -gt 0 ] || fail "no pages in use after fio"
	blkdiscard "/dev/$NS" || fail "blkdiscard failed"
	used=$(storage_stat used_bytes)
	[ "$used" -eq 0 ] || fail "$used bytes still in use after deallocating everything"
	check_zero_at 0 "after deallocate"
	check_zero_at $((16 << 21 - 8)) "after deallocate"
	check_io_at $((8 << 21))
	nvme write-zeroes "/dev/$NS" -s $((8 << 21)) -c 7 >/dev/null 2>&1 ||
		fail "write-zeroes failed"
	check_zero_at $((8 << 21)) "after write-zeroes"
	[ "$(storage_stat used_bytes)" -eq 0 ] || fail "write-zeroes of a whole page kept it"
	check_io_at $((2 << 21))
	nvme format "/dev/$NS" --lbaf=0 --ses=0 --force >/dev/null || fail "format failed"
	[ "$(storage_stat used_bytes)" -eq 0 ] || fail "format kept $(storage_stat used_bytes) bytes of pages"
	check_zero_at $((2 << 21)) "after format"
}

# Past sparse_max a write fails with Capacity Exceeded, old data stays,
# and once space is deallocated writes work again.
t_storage_sparse_cap() {
	local before msg
	load_storage conv:8G:970pro:sparse sparse_max=64M
	head -c $((40 << 20)) /dev/urandom >/tmp/keep
	dd if=/tmp/keep of="/dev/$NS" bs=1M oflag=direct 2>/dev/null || fail "writing 40 MiB failed"
	before=$(dmesg | wc -l)
	dd if=/dev/urandom of="/dev/$NS" bs=1M count=40 seek=4096 oflag=direct 2>/dev/null &&
		fail "writing 80 MiB under sparse_max=64M succeeded"
	msg=$(dmesg | tail -n +$((before + 1)) | grep 'nvmev:.*sparse_max' | head -n 1)
	[ -n "$msg" ] || fail "no dmesg line naming sparse_max"
	echo "$msg"
	head -c 4096 /dev/urandom >/tmp/pat
	expect_nvme_error 'capacity exceeded|0x4081|0x81' \
		nvme write "/dev/$NS" -s $((6 << 21)) -c 7 -z 4096 -d /tmp/pat
	echo 3 >/proc/sys/vm/drop_caches
	head -c $((40 << 20)) "/dev/$NS" | cmp -s - /tmp/keep ||
		fail "the 40 MiB written first changed"
	blkdiscard -o $((4 << 30)) -l $((1 << 30)) "/dev/$NS" || fail "blkdiscard failed"
	check_io_at $((6 << 21))
	[ "$(storage_stat device_used_bytes)" -le $((64 << 20)) ] ||
		fail "pages in use beyond sparse_max: $(storage_stat device_used_bytes)"
}

# storage=none keeps nothing and says so; the timing runs as usual.
t_storage_none() {
	local vs
	load_storage conv:256G:970pro:none
	[ "$(cat /sys/block/$NS/size)" -eq $((256 << 21)) ] || fail "the disk is not 256 GiB"
	head -c 4096 /dev/urandom >/tmp/pat
	nvme write "/dev/$NS" -s 1000 -c 7 -z 4096 -d /tmp/pat >/dev/null 2>&1 ||
		fail "write failed"
	check_zero_at 1000 "on a none namespace"
	nvme id-ns "/dev/$NS" -b >/tmp/idns || fail "id-ns failed"
	vs=$(tail -c +3841 /tmp/idns | tr -d '\0' | head -c 100)
	echo "Identify Namespace, vendor specific: $vs"
	echo "$vs" | grep -q 'storage=none' || fail "Identify does not say storage=none"
	[ "$(storage_stat storage)" = none ] || fail "debugfs says storage $(storage_stat storage)"
	run_fio none-write --rw=randwrite --bs=64k --iodepth=16 --ioengine=libaio \
		--io_size=512m
}

# Several kinds side by side, and the reserved one keeps its data.
t_storage_mixed() {
	local ns2 ns3
	load_storage conv:256M,conv:32G:970pro:sparse,conv:128G:p4500:none
	ns2=$(wait_ns 2) || fail "namespace 2 has no disk"
	ns3=$(wait_ns 3) || fail "namespace 3 has no disk"
	[ "$(cat /sys/block/$ns3/size)" -eq $((128 << 21)) ] || fail "namespace 3 is not 128 GiB"
	check_io_at 100
	NS=$ns2 check_io_at 100
	[ "$(storage_stat storage 2)" = sparse ] || fail "namespace 2 not sparse"
	[ "$(storage_stat storage 3)" = none ] || fail "namespace 3 not none"
	nvme id-ctrl "/dev/$CTRL" | grep -i tnvmcap
}

t_storage_params() {
	unload_nvmev
	bad_param "$NVMEV_PARAMS storage=paper" storage
	bad_param "$NVMEV_PARAMS namespaces=conv:1G:970pro:paper" namespaces
	bad_param "$NVMEV_PARAMS namespaces=conv::970pro:sparse" namespaces
	bad_param "$NVMEV_PARAMS namespaces=conv:1G:970pro:sparse:x" namespaces
	bad_param "$NVMEV_PARAMS sparse_max=1T" sparse_max
	bad_param "$NVMEV_PARAMS sparse_max=1K" sparse_max
	bad_param "$NVMEV_PARAMS ftl=kv namespaces=kv:1G:970pro:sparse" storage=reserved
	# An FTL map that would not leave the RAM for anything else
	bad_param "$NVMEV_PARAMS namespaces=conv:1T:p4500:none map_unit_kib=4" map_unit_kib
	bad_param "$NVMEV_PARAMS namespaces=conv:8T:p4500:none" map_unit_kib
}

# A 1 TiB none namespace keeps the p4500's real blocks (576 pages) and,
# started full (prefill=1) with 2% spare, has GC collecting its 864 MiB
# lines under random writes within a minute; WAF and GC counters readable.
t_storage_none_gc() {
	local runs waf
	load_storage conv:1T:p4500:none prefill=1 op_percent=2
	echo "geometry: $(ftl_stat geometry)"
	ftl_stat geometry | grep -q ' 576 pages/block' ||
		fail "geometry '$(ftl_stat geometry)' has not the p4500's 576 pages/block"
	[ "$(ftl_stat valid_units)" -gt 0 ] || fail "prefill=1 left nothing mapped"
	run_fio none-gc --rw=randwrite --bs=1m --iodepth=16 --ioengine=libaio \
		--time_based --runtime=60
	runs=$(stat_num gc_runs) || exit 1
	waf=$(ftl_stat waf)
	echo "after 60 s: gc_runs $runs, waf $waf, free_lines $(ftl_stat free_lines) of $(ftl_stat total_lines), host_write_units $(ftl_stat host_write_units)"
	[ "$runs" -gt 0 ] || fail "no GC after 60 s of random writes on a full 1 TiB"
	case "$waf" in
	1.000|0.*|'') fail "waf '$waf' with GC running" ;;
	esac
}

# A zoned namespace on sparse pages: data written to a zone reads back,
# and a zone reset gives its pages back.
t_storage_zns_sparse() {
	local zsze
	load_storage zns:32G:970pro:sparse
	[ "$(cat /sys/block/$NS/queue/zoned)" = host-managed ] || fail "not zoned"
	zsze=$(($(cat /sys/block/$NS/queue/chunk_sectors) * 512))
	head -c $((4 << 20)) /dev/urandom >/tmp/zdata
	dd if=/tmp/zdata of="/dev/$NS" bs=1M seek=$((zsze >> 20)) oflag=direct 2>/dev/null ||
		fail "writing zone 1 failed"
	echo 3 >/proc/sys/vm/drop_caches
	dd if="/dev/$NS" bs=1M skip=$((zsze >> 20)) count=4 iflag=direct 2>/dev/null |
		cmp -s - /tmp/zdata || fail "zone 1 reads back other data"
	[ "$(storage_stat used_bytes)" -eq $((4 << 20)) ] ||
		fail "$(storage_stat used_bytes) bytes of pages for 4 MiB written"
	blkzone reset -o $((zsze >> 9)) -c 1 "/dev/$NS" || fail "blkzone reset failed"
	[ "$(storage_stat used_bytes)" -eq 0 ] ||
		fail "a reset zone keeps $(storage_stat used_bytes) bytes of pages"
}
