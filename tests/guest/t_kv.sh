# The kv FTL: the user's script, keys and values, errors, a full device,
# the NVMe KV Command Set layout, reloads.
# Each function t_NAME is a test; run_tests (lib.sh) runs them.

# The user's store_retrieve.sh, as written, on /dev/nvme0n1.  The VM runs as
# root and has nvme-cli 2.3: compat/ gives it sudo and drops -v (see there).
t_kv_store_retrieve() {
	local key val i=0
	load_kv || fail "insmod ftl=kv failed: $(dmesg | grep nvmev: | tail -n 1)"
	[ "$NS" = nvme0n1 ] || fail "the namespace is $NS, the script wants nvme0n1"
	while [ $i -lt 3 ]; do
		kv list >/tmp/keys.before || fail "kv list failed"
		PATH=/guest/compat:$PATH bash /guest/store_retrieve.sh >/tmp/sr.out 2>&1 ||
			{ cat /tmp/sr.out; fail "store_retrieve.sh failed: $(tail -n 1 /tmp/sr.out)"; }
		i=$((i + 1))
	done
	cat /tmp/sr.out
	grep -q 'opcode *: *90' /tmp/sr.out || fail "no retrieve (opcode 90h) shown"
	# Three 15-byte keys, each the first 15 hex digits of its 36-byte UUID.
	kv list >/tmp/keys || fail "kv list failed"
	[ "$(wc -l </tmp/keys)" = 3 ] || fail "$(wc -l </tmp/keys) keys listed, want 3"
	while read -r key; do
		val=$(kv get "$key") || fail "kv get $key failed"
		[ ${#key} = 15 ] && [ ${#val} = 36 ] || fail "key '$key' value '$val'"
		[ "$(echo -n "$val" | tr -d - | head -c 15)" = "$key" ] ||
			fail "key '$key' holds '$val'"
	done </tmp/keys
	# The last run's retrieve showed its value: the dump's first text column.
	key=$(grep -vxFf /tmp/keys.before /tmp/keys)
	val=$(kv get "$key")
	grep -q "^0000: .*\"$(echo -n "$val" | head -c 16)\"" /tmp/sr.out ||
		fail "the retrieve did not show '$val'"
}

# Keys of every length 1-16 are distinct and hold their own values; a
# key's length is part of it ("ab" and "abc" are two keys).
t_kv_script() {
	local all=abcdefghijklmnop len key
	load_kv || fail "insmod ftl=kv failed"
	len=1
	while [ $len -le 16 ]; do
		key=$(echo "$all" | head -c $len)
		echo "value of $key" | kv_ok put "$key"
		len=$((len + 1))
	done
	len=1
	while [ $len -le 16 ]; do
		key=$(echo "$all" | head -c $len)
		[ "$(kv get "$key")" = "value of $key" ] || fail "key '$key' holds '$(kv get "$key")'"
		len=$((len + 1))
	done
	[ "$(kv list | sort | tr '\n' ' ')" = "$(len=1; while [ $len -le 16 ]; do echo "$all" | head -c $len; echo; len=$((len + 1)); done | sort | tr '\n' ' ')" ] ||
		fail "kv list: $(kv list | tr '\n' ' ')"
	kv_ok exists ab
	kv_ok del ab
	kv exists ab && fail "ab exists after kv del"
	[ $? = 1 ] || fail "kv exists of a deleted key: status $?"
	[ "$(kv get abc)" = "value of abc" ] || fail "deleting ab changed abc"
	kv get ab >/dev/null 2>&1
	[ $? = 1 ] || fail "kv get of a deleted key did not say 'no such key'"
	# a value of 200 KiB, from a file, through a PRP list
	head -c 204800 /dev/urandom >/tmp/big
	kv_ok put big /tmp/big
	kv get big >/tmp/big.back || fail "kv get big failed"
	cmp -s /tmp/big /tmp/big.back || fail "200 KiB value read back differs"
	# an empty value
	kv_ok put empty /dev/null
	[ "$(kv get empty | wc -c)" = 0 ] || fail "empty value not empty"
	cat "$(nvmev_debugfs)/stats"
	[ "$(ftl_stat keys)" = 17 ] || fail "stats say $(ftl_stat keys) keys, want 17"
}

t_kv_random() {
	load_kv || fail "insmod ftl=kv failed"
	kvtool "$KVDEV" random 10000 1 || fail "kvtool random failed"
	cat "$(nvmev_debugfs)/stats"
}

# $1 = expected status (an ERE), then an nvme io-passthru command line
kv_status() {
	local pat=$1
	shift
	expect_nvme_error "$pat" nvme io-passthru "$KVDEV" --namespace-id=1 "$@"
}

# Every bad input gets its status, and the device keeps working.
t_kv_errors() {
	local out
	load_kv || fail "insmod ftl=kv failed"
	echo -n 0123456789 >/tmp/ten
	# key lengths 0 and 17: Invalid Key Size (86h)
	kv_status '0x4086|key size' --opcode=0x81 --cdw10=10 --cdw11=0 \
		--data-len=10 --input-file=/tmp/ten -w
	kv_status '0x4086|key size' --opcode=0x81 --cdw10=10 --cdw11=17 \
		--data-len=10 --input-file=/tmp/ten -w
	kv_status '0x4086|key size' --opcode=0x90 --cdw10=10 --cdw11=0 --data-len=10 -r
	kv_status '0x4086|key size' --opcode=0xa1 --cdw11=255
	# a value over MDTS (1 MiB): Invalid Value Size (85h)
	kv_status '0x4085|value size' --opcode=0x81 --cdw10=1048577 --cdw11=1 \
		--cdw12=0x61 --data-len=10 --input-file=/tmp/ten -w
	# no such key: KV Key Does Not Exist (87h), for each command
	kv_status '0x4087|not exist' --opcode=0x90 --cdw10=10 --cdw11=4 \
		--cdw12=0x656e6f6e --data-len=10 -r
	kv_status '0x4087|not exist' --opcode=0xa1 --cdw11=4 --cdw12=0x656e6f6e
	kv_status '0x4087|not exist' --opcode=0xb3 --cdw11=4 --cdw12=0x656e6f6e
	# store options: only if it exists (bit 8) / only if absent (bit 9)
	kv_status '0x4087|not exist' --opcode=0x81 --cdw10=10 --cdw11=$((1 << 8 | 4)) \
		--cdw12=0x656e6f6e --data-len=10 --input-file=/tmp/ten -w
	nvme io-passthru "$KVDEV" --namespace-id=1 --opcode=0x81 --cdw10=10 \
		--cdw11=$((2 << 8 | 4)) --cdw12=0x796b656b --data-len=10 \
		--input-file=/tmp/ten -w >/dev/null 2>&1 || fail "store if absent of a new key failed"
	kv_status '0x4089|key exists' --opcode=0x81 --cdw10=10 --cdw11=$((2 << 8 | 4)) \
		--cdw12=0x796b656b --data-len=10 --input-file=/tmp/ten -w
	kv_status '0x4002|invalid field' --opcode=0x81 --cdw10=10 --cdw11=$((3 << 8 | 4)) \
		--cdw12=0x796b656b --data-len=10 --input-file=/tmp/ten -w
	# a retrieve into a short buffer: what fits, and the whole length in dword 0
	out=$(nvme io-passthru "$KVDEV" --namespace-id=1 --opcode=0x90 --cdw10=4 \
		--cdw11=4 --cdw12=0x796b656b --data-len=4 -r -b 2>/tmp/err) ||
		fail "short retrieve failed: $(cat /tmp/err)"
	cat /tmp/err
	[ "$out" = 0123 ] || fail "short retrieve returned '$out'"
	grep -qi 'result: *0x0*a\b' /tmp/err || fail "short retrieve's dword 0 is not 10: $(cat /tmp/err)"
	# opcodes the layout does not have, and block writes
	kv_status 'invalid.*opcode|0x4001' --opcode=0x99
	kv_status 'invalid.*opcode|0x4001' --opcode=0x01 --cdw12=0 --data-len=512 \
		--input-file=/tmp/ten -w
	# an iterator that was never opened
	kv_status '0x4002|invalid field' --opcode=0xb2 --cdw10=4096 --cdw11=9 \
		--data-len=4096 -r
	# block reads of the namespace find zeroes
	[ "$(head -c 4096 "/dev/$NS" | tr -d '\0' | wc -c)" = 0 ] ||
		fail "block read of the kv namespace is not zeroes"
	# still working
	echo hello | kv_ok put after-errors
	[ "$(kv get after-errors)" = hello ] || fail "kv get after the errors"
}

# A small namespace filled until capacity exceeded, by bytes and then by
# keys: nothing stored before is lost, and emptied it fills again as much.
t_kv_fill() {
	load_kv memmap_size=24M || fail "insmod ftl=kv memmap_size=24M failed"
	cat "$(nvmev_debugfs)/stats"
	kvtool "$KVDEV" fill 262144 || fail "fill with 256 KiB values"
	kvtool "$KVDEV" fill 0 | tee /tmp/fill.out || fail "fill with empty values"
	grep -q "round 0: $(ftl_stat max_keys) values" /tmp/fill.out ||
		fail "the key limit is $(ftl_stat max_keys), not what filled"
	cat "$(nvmev_debugfs)/stats"
	[ "$(ftl_stat compactions)$(ftl_stat segments_freed_empty)" != 00 ] ||
		fail "no space was reclaimed"
}

# The NVMe KV Command Set: a CSI 01h namespace, which the driver offers as
# its generic char device only; Identify answers for it; the same store.
t_kv_nvme_layout() {
	load_kv kv_layout=nvme || fail "no /dev/ng*n1 with kv_layout=nvme: $(dmesg | tail -n 3)"
	dmesg | grep -i nvme | tail -n 5
	ls -l /dev/ng* /dev/nvme*
	nvme ns-descs "/dev/$CTRL" --namespace-id=1 | tee /tmp/descs || fail "ns-descs"
	grep -qiE 'csi *: *(0x)?0*1$' /tmp/descs || fail "ns-descs do not say CSI 1"
	# Identify, CNS 05h CSI 01h: the KV namespace data
	nvme admin-passthru "/dev/$CTRL" --opcode=0x06 --namespace-id=1 --cdw10=5 \
		--cdw11=$((1 << 24)) --data-len=4096 -r -b >/tmp/idkv ||
		fail "identify KV namespace failed"
	[ "$(od -An -tu2 -j 72 -N 2 /tmp/idkv | tr -d ' ')" = 16 ] || fail "KV format: key length not 16"
	[ "$(od -An -tu4 -j 76 -N 4 /tmp/idkv | tr -d ' ')" = 1048576 ] || fail "KV format: value length not 1 MiB"
	[ "$(od -An -tu8 -N 8 /tmp/idkv | tr -d ' ')" -gt 0 ] || fail "KV namespace size 0"
	export KV_LAYOUT=nvme KV_DEV=$KVDEV
	echo "nvme layout" | kv_ok put k1
	echo "nvme layout 2" | kv_ok put k12
	[ "$(kv get k1)" = "nvme layout" ] || fail "kv get k1: '$(kv get k1)'"
	[ "$(kv list | sort | tr '\n' ' ')" = "k1 k12 " ] || fail "kv list: $(kv list | tr '\n' ' ')"
	kv_ok del k1
	kv exists k1 && fail "k1 exists after del"
	kvtool -l nvme "$KVDEV" random 3000 2 || fail "kvtool random, nvme layout"
	# the spec's key dwords: CDW2, CDW3, CDW14, CDW15
	echo -n 0123456789 >/tmp/ten
	nvme io-passthru "$KVDEV" --namespace-id=1 --opcode=0x01 --cdw10=10 --cdw11=16 \
		--cdw2=0x61616161 --cdw3=0x62626262 --cdw14=0x63636363 --cdw15=0x64646464 \
		--data-len=10 --input-file=/tmp/ten -w || fail "spec store"
	[ "$(kv get aaaabbbbccccdddd)" = 0123456789 ] || fail "the key is not read from CDW2/3/14/15"
}

# insmod / rmmod cycles with stores in between, both layouts: each load
# starts empty, and nothing leaks or warns.
t_kv_reload() {
	local i=1 layout
	while [ $i -le 6 ]; do
		layout=samsung
		[ $((i % 2)) = 0 ] && layout=nvme
		load_kv kv_layout=$layout || fail "cycle $i: insmod ftl=kv kv_layout=$layout"
		KV_LAYOUT=$layout KV_DEV=$KVDEV kv list >/tmp/keys || fail "cycle $i: kv list"
		[ -s /tmp/keys ] && fail "cycle $i: keys left from before: $(cat /tmp/keys)"
		echo "cycle $i" | KV_LAYOUT=$layout KV_DEV=$KVDEV kv_ok put cycle
		[ "$(KV_LAYOUT=$layout KV_DEV=$KVDEV kv get cycle)" = "cycle $i" ] ||
			fail "cycle $i: value"
		cat "$(nvmev_debugfs)/stats" >/dev/null || fail "cycle $i: stats"
		unload_nvmev || fail "cycle $i: rmmod"
		i=$((i + 1))
	done
}
