// SPDX-License-Identifier: GPL-2.0
/*
 * The virtual PCI side: a host bridge and bus of our own whose single
 * function is an NVMe controller.  Config space is an array with a write
 * mask, so BAR sizing and capability bits behave like hardware; BAR0 sits
 * at the start of the reserved region, and MSI-X messages the host programs
 * into the table there are delivered as the interrupts they describe.
 */
#define pr_fmt(fmt) "nvmev: " fmt

#include <linux/pci.h>
#include <linux/bitmap.h>
#include <asm/apic.h>
#include <asm/msi.h>
#include "nvmev.h"

#define NVMEV_CFG_MSIX_CAP	0x40
#define NVMEV_CFG_REVISION	0x01
#define NVMEV_BAR0_FLAGS	(PCI_BASE_ADDRESS_SPACE_MEMORY | \
				 PCI_BASE_ADDRESS_MEM_TYPE_64)
#define NVMEV_FLAT_LOGICAL_MAX	8	/* xAPIC flat mode: one bit per CPU */

static struct nvmev_dev *bus_to_nvmev(struct pci_bus *bus)
{
	return container_of((struct pci_sysdata *)bus->sysdata,
			    struct nvmev_dev, sysdata);
}

static void cfg_set(u8 *space, int where, u32 val, int size)
{
	int i;

	for (i = 0; i < size; i++)
		space[where + i] = val >> (8 * i);
}

static u32 cfg_get(const u8 *space, int where, int size)
{
	u32 val = 0;
	int i;

	for (i = 0; i < size; i++)
		val |= (u32)space[where + i] << (8 * i);
	return val;
}

static int nvmev_cfg_read(struct pci_bus *bus, unsigned int devfn, int where,
			  int size, u32 *val)
{
	struct nvmev_dev *dev = bus_to_nvmev(bus);
	unsigned long flags;

	if (devfn != 0 || where < 0 || where + size > PCI_CFG_SPACE_SIZE) {
		*val = ~0U;
		return PCIBIOS_DEVICE_NOT_FOUND;
	}
	raw_spin_lock_irqsave(&dev->cfg_lock, flags);
	*val = cfg_get(dev->pci_cfg, where, size);
	raw_spin_unlock_irqrestore(&dev->cfg_lock, flags);
	return PCIBIOS_SUCCESSFUL;
}

static int nvmev_cfg_write(struct pci_bus *bus, unsigned int devfn, int where,
			   int size, u32 val)
{
	struct nvmev_dev *dev = bus_to_nvmev(bus);
	unsigned long flags;
	int i;

	if (devfn != 0 || where < 0 || where + size > PCI_CFG_SPACE_SIZE)
		return PCIBIOS_DEVICE_NOT_FOUND;
	raw_spin_lock_irqsave(&dev->cfg_lock, flags);
	for (i = 0; i < size; i++) {
		u8 mask = dev->pci_wmask[where + i];
		u8 byte = val >> (8 * i);

		dev->pci_cfg[where + i] = (dev->pci_cfg[where + i] & ~mask) |
				      (byte & mask);
	}
	raw_spin_unlock_irqrestore(&dev->cfg_lock, flags);
	return PCIBIOS_SUCCESSFUL;
}

static struct pci_ops nvmev_pci_ops = {
	.read = nvmev_cfg_read,
	.write = nvmev_cfg_write,
};

static void nvmev_cfg_init(struct nvmev_dev *dev)
{
	u8 *cfg = dev->pci_cfg, *wmask = dev->pci_wmask;
	u64 bar = dev->cfg.mem_start;
	int msix = NVMEV_CFG_MSIX_CAP;

	cfg_set(cfg, PCI_VENDOR_ID, NVMEV_PCI_VENDOR_ID, 2);
	cfg_set(cfg, PCI_DEVICE_ID, NVMEV_PCI_DEVICE_ID, 2);
	cfg_set(cfg, PCI_STATUS, PCI_STATUS_CAP_LIST, 2);
	cfg_set(cfg, PCI_CLASS_REVISION,
		NVMEV_PCI_CLASS_NVME << 8 | NVMEV_CFG_REVISION, 4);
	cfg_set(cfg, PCI_HEADER_TYPE, PCI_HEADER_TYPE_NORMAL, 1);
	cfg_set(cfg, PCI_BASE_ADDRESS_0, lower_32_bits(bar) | NVMEV_BAR0_FLAGS,
		4);
	cfg_set(cfg, PCI_BASE_ADDRESS_1, upper_32_bits(bar), 4);
	cfg_set(cfg, PCI_SUBSYSTEM_VENDOR_ID, NVMEV_PCI_VENDOR_ID, 2);
	cfg_set(cfg, PCI_SUBSYSTEM_ID, NVMEV_PCI_DEVICE_ID, 2);
	cfg_set(cfg, PCI_CAPABILITY_LIST, msix, 1);

	cfg_set(cfg, msix + PCI_CAP_LIST_ID, PCI_CAP_ID_MSIX, 1);
	cfg_set(cfg, msix + PCI_MSIX_FLAGS, NVMEV_MSIX_VECTORS - 1, 2);
	cfg_set(cfg, msix + PCI_MSIX_TABLE, NVMEV_MSIX_TABLE_OFFSET, 4);
	cfg_set(cfg, msix + PCI_MSIX_PBA, NVMEV_MSIX_PBA_OFFSET, 4);

	/* What the host may change; everything else is read-only. */
	cfg_set(wmask, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
		PCI_COMMAND_INTX_DISABLE, 2);
	cfg_set(wmask, PCI_CACHE_LINE_SIZE, 0xff, 1);
	cfg_set(wmask, PCI_LATENCY_TIMER, 0xff, 1);
	cfg_set(wmask, PCI_BASE_ADDRESS_0,
		(u32)~(NVMEV_BAR_SIZE - 1) & PCI_BASE_ADDRESS_MEM_MASK, 4);
	cfg_set(wmask, PCI_BASE_ADDRESS_1, ~0U, 4);
	cfg_set(wmask, PCI_INTERRUPT_LINE, 0xff, 1);
	cfg_set(wmask, msix + PCI_MSIX_FLAGS,
		PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL, 2);
}

/* MSI-X table entries start masked, as after a reset. */
static void nvmev_msix_table_init(struct nvmev_dev *dev)
{
	int i;

	for (i = 0; i < NVMEV_MSIX_VECTORS; i++) {
		void *entry = dev->bar + NVMEV_MSIX_TABLE_OFFSET +
			      i * PCI_MSIX_ENTRY_SIZE;

		memset(entry, 0, PCI_MSIX_ENTRY_SIZE);
		WRITE_ONCE(*(u32 *)(entry + PCI_MSIX_ENTRY_VECTOR_CTRL),
			   PCI_MSIX_ENTRY_CTRL_MASKBIT);
		dev->msix_cpu[i] = -1;
	}
	memset(dev->bar + NVMEV_MSIX_PBA_OFFSET, 0,
	       BITS_TO_LONGS(NVMEV_MSIX_VECTORS) * sizeof(long));
}

/*
 * The CPU an x86 MSI address names.  Linux programs either physical
 * destination mode (an APIC ID) or, with xAPIC flat logical mode on up to
 * eight CPUs, a bitmap with one bit per CPU number.
 */
static int nvmev_msi_dest_cpu(u32 addr_lo)
{
	struct x86_msi_addr_lo addr;
	unsigned int cpu;
	u32 dest;

	BUILD_BUG_ON(sizeof(addr) != sizeof(addr_lo));
	memcpy(&addr, &addr_lo, sizeof(addr));
	/*
	 * Outside the interrupt window the write is no interrupt at all: the
	 * kernel zeroes an entry's message when it frees the vector.
	 */
	if (addr.base_address != X86_MSI_BASE_ADDRESS_LOW)
		return -1;
	dest = addr.destid_0_7 | (addr.virt_destid_8_14 << 8);

	if (addr.dest_mode_logical) {
		if (!dest || __ffs(dest) >= NVMEV_FLAT_LOGICAL_MAX)
			return -1;
		cpu = __ffs(dest);
		return cpu_online(cpu) ? cpu : -1;
	}
	for_each_online_cpu(cpu)
		if (cpu_physical_id(cpu) == dest)
			return cpu;
	return -1;
}

static bool nvmev_msix_masked(struct nvmev_dev *dev, u16 vector, u16 ctrl)
{
	void *entry = dev->bar + NVMEV_MSIX_TABLE_OFFSET +
		      vector * PCI_MSIX_ENTRY_SIZE;

	return (ctrl & PCI_MSIX_FLAGS_MASKALL) ||
	       (READ_ONCE(*(u32 *)(entry + PCI_MSIX_ENTRY_VECTOR_CTRL)) &
		PCI_MSIX_ENTRY_CTRL_MASKBIT);
}

static void nvmev_pba_set(struct nvmev_dev *dev, u16 vector, bool pending)
{
	unsigned long *pba = dev->bar + NVMEV_MSIX_PBA_OFFSET;

	assign_bit(vector, pba, pending);
	assign_bit(vector, dev->irq_pending, pending);
}

/*
 * Called with cfg_lock held, MSI-X enabled and the vector unmasked.  The
 * host masks an entry while it rewrites it: a message read while that
 * happened is not sent, the vector stays pending instead.
 */
static void nvmev_msix_deliver(struct nvmev_dev *dev, u16 vector, u16 ctrl)
{
	void *entry = dev->bar + NVMEV_MSIX_TABLE_OFFSET +
		      vector * PCI_MSIX_ENTRY_SIZE;
	u32 addr = READ_ONCE(*(u32 *)(entry + PCI_MSIX_ENTRY_LOWER_ADDR));
	u32 data = READ_ONCE(*(u32 *)(entry + PCI_MSIX_ENTRY_DATA));
	struct x86_msi_data msg;

	/* Pairs with the host's write of the mask bit after the message. */
	smp_rmb();
	if (nvmev_msix_masked(dev, vector, ctrl)) {
		nvmev_pba_set(dev, vector, true);
		return;
	}
	memcpy(&msg, &data, sizeof(msg));
	if (dev->msix_addr[vector] != addr || dev->msix_cpu[vector] < 0) {
		dev->msix_addr[vector] = addr;
		dev->msix_cpu[vector] = nvmev_msi_dest_cpu(addr);
	}
	/*
	 * A vector below the external ones would enter an exception's handler
	 * (8 is a double fault): it only comes from a freed or half-written
	 * entry, which a real device's write could not turn into a CPU trap.
	 */
	if (dev->msix_cpu[vector] < 0 || msg.vector < FIRST_EXTERNAL_VECTOR) {
		if (addr)
			pr_warn_ratelimited("MSI-X vector %u: no interrupt for address %#x data %#x\n",
					    vector, addr, data);
		return;
	}
	apic->send_IPI(dev->msix_cpu[vector], msg.vector);
}

/*
 * Raises a completion queue's interrupt.  A masked vector keeps its
 * interrupt pending (PBA) until the host unmasks it; without MSI-X there is
 * no interrupt to raise (this function has no INTx pin).
 */
void nvmev_signal_irq(struct nvmev_dev *dev, u16 vector)
{
	unsigned long flags;
	u16 ctrl;

	if (vector >= NVMEV_MSIX_VECTORS)
		return;
	raw_spin_lock_irqsave(&dev->cfg_lock, flags);
	ctrl = cfg_get(dev->pci_cfg, NVMEV_CFG_MSIX_CAP + PCI_MSIX_FLAGS, 2);
	if (ctrl & PCI_MSIX_FLAGS_ENABLE) {
		if (nvmev_msix_masked(dev, vector, ctrl))
			nvmev_pba_set(dev, vector, true);
		else
			nvmev_msix_deliver(dev, vector, ctrl);
	}
	raw_spin_unlock_irqrestore(&dev->cfg_lock, flags);
}

/* The dispatcher calls this while vectors are pending. */
void nvmev_retry_pending_irqs(struct nvmev_dev *dev)
{
	unsigned long flags;
	unsigned int vector;
	u16 ctrl;

	raw_spin_lock_irqsave(&dev->cfg_lock, flags);
	ctrl = cfg_get(dev->pci_cfg, NVMEV_CFG_MSIX_CAP + PCI_MSIX_FLAGS, 2);
	for_each_set_bit(vector, dev->irq_pending, NVMEV_MSIX_VECTORS) {
		if (!(ctrl & PCI_MSIX_FLAGS_ENABLE)) {
			nvmev_pba_set(dev, vector, false);
		} else if (!nvmev_msix_masked(dev, vector, ctrl)) {
			nvmev_pba_set(dev, vector, false);
			nvmev_msix_deliver(dev, vector, ctrl);
		}
	}
	raw_spin_unlock_irqrestore(&dev->cfg_lock, flags);
}

/*
 * The kernel gives a device it finds on a rescan a BAR from address space
 * it may hand out, which the reserved region is not: our function, removed
 * through sysfs and found again, would get none and never come back.  Its
 * BAR is where it always is, so it is claimed there as the device is added,
 * before the scan gets to assigning it, at load and on every rescan alike.
 */
static int nvmev_pci_notify(struct notifier_block *nb, unsigned long action,
			    void *data)
{
	struct nvmev_dev *dev = container_of(nb, struct nvmev_dev,
					     pci_notifier);
	struct pci_dev *pdev = to_pci_dev(data);

	if (!dev->bus || pdev->bus != dev->bus)
		return NOTIFY_DONE;
	switch (action) {
	case BUS_NOTIFY_ADD_DEVICE:
		dev->pdev = pdev;
		/* A failure is logged by the PCI core, naming the BAR. */
		pci_claim_resource(pdev, 0);
		return NOTIFY_OK;
	case BUS_NOTIFY_DEL_DEVICE:
		dev->pdev = NULL;
		return NOTIFY_OK;
	default:
		return NOTIFY_DONE;
	}
}

int nvmev_pci_create(struct nvmev_dev *dev)
{
	LIST_HEAD(resources);
	struct pci_bus *bus;
	int ret;

	raw_spin_lock_init(&dev->cfg_lock);
	nvmev_cfg_init(dev);
	nvmev_msix_table_init(dev);

	dev->bar_res.name = "nvmev BAR";
	dev->bar_res.start = dev->cfg.mem_start;
	dev->bar_res.end = dev->cfg.mem_start + NVMEV_BAR_SIZE - 1;
	dev->bar_res.flags = IORESOURCE_MEM;
	ret = insert_resource(&iomem_resource, &dev->bar_res);
	if (ret) {
		pr_err("memmap_start: %pa is already in use\n",
		       &dev->cfg.mem_start);
		return ret;
	}
	dev->busn_res.name = "nvmev bus";
	dev->busn_res.start = 0;
	dev->busn_res.end = 0;
	dev->busn_res.flags = IORESOURCE_BUS;
	pci_add_resource(&resources, &dev->bar_res);
	pci_add_resource(&resources, &dev->busn_res);

	/* Above any real domain, and past ones VMD may have taken. */
	dev->sysdata.domain = NVMEV_PCI_DOMAIN_BASE;
	while (pci_find_bus(dev->sysdata.domain, 0))
		dev->sysdata.domain++;
	dev->sysdata.node = cpu_to_node(dev->cfg.dispatcher_cpu);

	dev->pci_notifier.notifier_call = nvmev_pci_notify;
	ret = bus_register_notifier(&pci_bus_type, &dev->pci_notifier);
	if (ret) {
		pci_free_resource_list(&resources);
		remove_resource(&dev->bar_res);
		return ret;
	}
	pci_lock_rescan_remove();
	bus = pci_create_root_bus(NULL, 0, &nvmev_pci_ops, &dev->sysdata,
				  &resources);
	if (!bus) {
		pci_unlock_rescan_remove();
		bus_unregister_notifier(&pci_bus_type, &dev->pci_notifier);
		pci_free_resource_list(&resources);
		remove_resource(&dev->bar_res);
		return -ENOMEM;
	}
	dev->bus = bus;
	pci_scan_child_bus(bus);
	pci_bus_add_devices(bus);
	pci_unlock_rescan_remove();

	if (!dev->pdev) {
		nvmev_pci_remove(dev);
		return -ENODEV;
	}
	pr_info("NVMe controller at PCI %s, BAR0 %pR\n", pci_name(dev->pdev),
		&dev->bar_res);
	return 0;
}

void nvmev_pci_remove(struct nvmev_dev *dev)
{
	if (!dev->bus)
		return;
	pci_lock_rescan_remove();
	pci_stop_root_bus(dev->bus);
	pci_remove_root_bus(dev->bus);
	dev->bus = NULL;
	pci_unlock_rescan_remove();
	bus_unregister_notifier(&pci_bus_type, &dev->pci_notifier);
	remove_resource(&dev->bar_res);
}
