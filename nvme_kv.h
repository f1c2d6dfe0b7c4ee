/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Key-value commands: the two layouts ftl=kv understands, as plain
 * constants, so that the module, the kv FTL, the userspace tests and the
 * guest's kvtool all share one definition.
 *
 * kv_layout=samsung: the vendor layout of Samsung's KV-SSD, which NVMeVirt
 * and the user's store_retrieve.sh use.  Vendor opcodes on an NVM
 * namespace (so /dev/nvmeXnY exists); the key in CDW12-CDW15.
 *
 * kv_layout=nvme: the NVMe Key Value Command Set 1.0 (CSI 01h).  The key
 * in CDW2, CDW3, CDW14 and CDW15.
 *
 * In both, a key is up to 16 bytes; byte i of the key is byte i of the
 * key dwords laid out one after the other in little-endian order (so key
 * byte 0 is bits 7:0 of the first key dword).  CDW10 is a length in bytes
 * (the value's for Store, the host buffer's for Retrieve and the lists),
 * CDW11 bits 7:0 the key length in bytes (1-16) and bits 15:8 options.
 */
#ifndef NVMEV_NVME_KV_H
#define NVMEV_NVME_KV_H

#define KV_MAX_KEY_LEN			16

/* kv_layout=samsung opcodes (vendor specific range 80h-FFh) */
#define KV_SAMSUNG_OPC_STORE		0x81
#define KV_SAMSUNG_OPC_RETRIEVE		0x90
#define KV_SAMSUNG_OPC_DELETE		0xa1
#define KV_SAMSUNG_OPC_ITER_REQ		0xb1
#define KV_SAMSUNG_OPC_ITER_READ	0xb2
#define KV_SAMSUNG_OPC_EXIST		0xb3

/* kv_layout=nvme opcodes (NVMe KV Command Set 1.0); Flush is 00h */
#define KV_NVME_OPC_STORE		0x01
#define KV_NVME_OPC_RETRIEVE		0x02
#define KV_NVME_OPC_LIST		0x06
#define KV_NVME_OPC_DELETE		0x10
#define KV_NVME_OPC_EXIST		0x14

/* Command Set Identifier of the Key Value Command Set */
#define KV_NVME_CSI			0x01

/* CDW11: key length and options */
#define KV_CDW11_KEY_LEN(cdw11)		((cdw11) & 0xff)
#define KV_CDW11_OPTIONS(cdw11)		(((cdw11) >> 8) & 0xff)
/* Store options (CDW11 bits 15:8), the spec's Store Option field */
#define KV_STORE_OPT_IF_EXISTS		0x01	/* only overwrite a key */
#define KV_STORE_OPT_IF_ABSENT		0x02	/* never overwrite a key */
#define KV_STORE_OPT_NO_COMPRESS	0x04	/* nothing is compressed */
#define KV_STORE_OPTS_KNOWN		(KV_STORE_OPT_IF_EXISTS | \
					 KV_STORE_OPT_IF_ABSENT | \
					 KV_STORE_OPT_NO_COMPRESS)

/*
 * kv_layout=samsung iterators.  Iterate Request: CDW11 bits 7:0 the
 * handle (to close), bits 15:8 the option; CDW12 the prefix, CDW13 the
 * bitmask it applies to the key's first four bytes.  Its completion's
 * dword 0 is the new handle.  Iterate Read: CDW10 the host buffer size,
 * CDW11 bits 7:0 the handle; the data is a key list (below) and dword 0
 * the number of keys in it, 0 once the iterator is exhausted.
 */
#define KV_CDW11_HANDLE(cdw11)		((cdw11) & 0xff)
#define KV_ITER_OPT_OPEN		0x01
#define KV_ITER_OPT_CLOSE		0x02
#define KV_MAX_ITERATORS		16
#define KV_ITER_PREFIX_BYTES		4

/*
 * A key list (List data, Iterate Read data): a 4-byte count of the keys
 * in it, then per key a 2-byte length and the key's bytes, padded so the
 * next entry starts on a 4-byte boundary.  All little endian.
 */
#define KV_LIST_COUNT_BYTES		4
#define KV_LIST_KEY_LEN_BYTES		2
#define KV_LIST_ALIGN			4

/* Generic status values of the KV Command Set (status code type 0) */
#define KV_SC_CAPACITY_EXCEEDED		0x81
#define KV_SC_INVALID_VALUE_SIZE	0x85
#define KV_SC_INVALID_KEY_SIZE		0x86
#define KV_SC_KEY_NOT_FOUND		0x87
#define KV_SC_KEY_EXISTS		0x89

#endif /* NVMEV_NVME_KV_H */
