# demo mode: show nvmev at work (sourced by init after lib.sh).

step() { echo; echo "### $*"; }

demo() {
	echo "nvmev demo on Linux $(uname -r), $(nproc) vCPUs"

	local params="memmap_start=0x140000000 memmap_size=1G"

	step "insmod /nvmev.ko $params"
	insmod /nvmev.ko $params || { dmesg | grep nvmev | tail; return 1; }
	wait_nvmev || { echo "no device appeared"; dmesg | tail -n 20; return 1; }
	dmesg | grep -E 'nvmev:|nvme nvme' | tail -n 6

	step "nvme list"
	nvme list

	step "nvme id-ctrl /dev/$CTRL (excerpt)"
	nvme id-ctrl "/dev/$CTRL" | grep -E '^(vid|sn|mn|fr|mdts|nn|sqes|cqes) '

	step "echo wtf | nvme write /dev/$NS -z 2048 -s 128; nvme read ..."
	echo wtf | nvme write "/dev/$NS" -z 2048 -s 128
	nvme read "/dev/$NS" -z 2048 -s 128 2>/dev/null | head -c 16 | hexdump -C

	step "fio: 4 KiB random reads, QD32, io_uring, 5 s (under QEMU's TCG: the emulator's speed, not the model's)"
	fio --name=demo --filename="/dev/$NS" --direct=1 --ioengine=io_uring --iodepth=32 \
		--rw=randread --bs=4k --time_based --runtime=5 | grep -E 'IOPS| lat \(usec\): min'

	step "mkfs.ext4, mount, write a file"
	mkfs.ext4 -q -F "/dev/$NS" && mount "/dev/$NS" /mnt &&
		dd if=/dev/urandom of=/mnt/hello bs=1M count=8 2>/dev/null && sync &&
		df -h /mnt && ls -l /mnt && sha256sum /mnt/hello
	umount /mnt

	step "cat $(nvmev_debugfs)/stats"
	echo "(a 1 GiB namespace gets smaller blocks, so that GC still has 512 lines;"
	echo " a sparse or none namespace of the drive's size keeps the real ones: docs/storage.md)"
	cat "$(nvmev_debugfs)/stats"

	step "rmmod nvmev"
	rmmod nvmev && echo "removed; nvme controllers left: $(ls /sys/class/nvme 2>/dev/null | tr '\n' ' ' | grep . || echo none)"
	echo
	echo "demo done"
}
