# SPDX-License-Identifier: GPL-2.0
# make            build nvmev.ko for the running kernel (or KDIR=...)
# make unit       userspace unit tests of the model code (ASan/UBSan)
# make test       unit tests, then the VM suite on Debian's 6.1 and 6.12
#                 (KVER=... for one kernel)
# make demo       boot a VM and show the device at work
# make bench      the figures: nvmev vs null_blk in one VM run
#                 (BENCH_IDLE=poll: the guest's idle vCPUs poll, not halt)
# make sim        build the offline simulator, tools/sim/nvmev-sim
# make sim-check  every preset's data-sheet targets through the simulator

KDIR ?= /lib/modules/$(shell uname -r)/build

all: module

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

# Not kbuild's clean: it deletes every *.ko under the tree, the test VM's
# kernels in .cache/vm included.  The module's sources are all up here.
MODULE_PRODUCTS := *.o *.ko *.mod *.mod.c .*.cmd .*.d Module.symvers modules.order

clean:
	rm -f $(MODULE_PRODUCTS)
	$(MAKE) -C tests/unit clean
	$(MAKE) -C tools/sim clean

unit:
	$(MAKE) -C tests/unit run

vmtest:
	tests/vm/run.sh test

test:
	tests/run.sh

demo:
	tests/vm/run.sh demo

bench:
	tests/vm/run.sh bench

sim:
	$(MAKE) -C tools/sim

sim-check:
	$(MAKE) -C tools/sim check

.PHONY: all module clean unit vmtest test demo bench sim sim-check
