// SPDX-License-Identifier: GPL-2.0
/*
 * xfertool: one NVMe passthrough command whose data buffer is LEN bytes
 * at byte OFFSET into page-aligned memory, so the test VM can hand the
 * controller small buffers that start anywhere in a page or cross into
 * the next one (nvme-cli's admin-passthru and io-passthru allocate whole
 * pages, page aligned).
 *
 *   xfertool admin|io DEV OFFSET LEN OPCODE NSID CDW10 [CDW11 .. CDW15]
 *
 * The opcode's two low bits give the direction, as in the spec: 01b
 * sends the LEN bytes read from stdin, 10b writes the LEN bytes received
 * to stdout.  Every byte around the buffer is filled with a guard
 * pattern that must survive the command: a controller that moves more
 * than the command asks for is caught.
 *
 * Exit status: 0 success; 1 an NVMe status (printed on stderr as
 * "status 0xN"); 2 a usage or system error; 3 the guard was overwritten.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/nvme_ioctl.h>

#define PAGE_BYTES		4096
/* Room for any OFFSET + LEN within two pages, and a page of guard. */
#define AREA_PAGES		3
#define GUARD_BYTE		0xa5
#define OPC_DIR_MASK		0x3
#define OPC_DIR_TO_CTRL		0x1
#define OPC_DIR_TO_HOST		0x2
#define NR_CDWS			6	/* CDW10 to CDW15 */
#define EXIT_NVME_STATUS	1
#define EXIT_USAGE		2
#define EXIT_GUARD		3

static void usage(void)
{
	fprintf(stderr,
		"usage: xfertool admin|io DEV OFFSET LEN OPCODE NSID CDW10 [CDW11 .. CDW15]\n");
	exit(EXIT_USAGE);
}

static unsigned long number(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || end == s) {
		fprintf(stderr, "xfertool: '%s' is not a number\n", s);
		exit(EXIT_USAGE);
	}
	return v;
}

static void io_all(int fd, uint8_t *p, size_t len, int to_fd)
{
	while (len) {
		ssize_t n = to_fd ? write(fd, p, len) : read(fd, p, len);

		if (n <= 0) {
			fprintf(stderr, "xfertool: %s: %s\n",
				to_fd ? "write" : "read",
				n ? strerror(errno) : "short input");
			exit(EXIT_USAGE);
		}
		p += n;
		len -= n;
	}
}

int main(int argc, char **argv)
{
	size_t area = AREA_PAGES * PAGE_BYTES, offset, len, i;
	struct nvme_passthru_cmd c = { 0 };
	uint32_t *cdw = &c.cdw10;
	unsigned long request;
	uint8_t *mem, *buf;
	int fd, ret, arg;

	if (argc < 8 || argc > 7 + NR_CDWS)
		usage();
	if (!strcmp(argv[1], "admin"))
		request = NVME_IOCTL_ADMIN_CMD;
	else if (!strcmp(argv[1], "io"))
		request = NVME_IOCTL_IO_CMD;
	else
		usage();
	offset = number(argv[3]);
	len = number(argv[4]);
	if (!len || offset + len > area - PAGE_BYTES) {
		fprintf(stderr, "xfertool: OFFSET + LEN must be within %d pages\n",
			AREA_PAGES - 1);
		return EXIT_USAGE;
	}
	c.opcode = number(argv[5]);
	c.nsid = number(argv[6]);
	for (arg = 7; arg < argc; arg++)
		cdw[arg - 7] = number(argv[arg]);

	mem = mmap(NULL, area, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (mem == MAP_FAILED) {
		perror("xfertool: mmap");
		return EXIT_USAGE;
	}
	memset(mem, GUARD_BYTE, area);
	buf = mem + offset;
	if ((c.opcode & OPC_DIR_MASK) == OPC_DIR_TO_CTRL)
		io_all(STDIN_FILENO, buf, len, 0);
	c.addr = (uintptr_t)buf;
	c.data_len = len;

	fd = open(argv[2], O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "xfertool: %s: %s\n", argv[2], strerror(errno));
		return EXIT_USAGE;
	}
	ret = ioctl(fd, request, &c);
	if (ret < 0) {
		fprintf(stderr, "xfertool: ioctl: %s\n", strerror(errno));
		return EXIT_USAGE;
	}
	fprintf(stderr, "status %#x result %#x\n", ret, c.result);
	for (i = 0; i < area; i++) {
		if (i == offset) {
			i += len - 1;
			continue;
		}
		if (mem[i] != GUARD_BYTE) {
			fprintf(stderr,
				"xfertool: byte %zu of the area (buffer at %zu, %zu bytes) was overwritten\n",
				i, offset, len);
			return EXIT_GUARD;
		}
	}
	if (ret)
		return EXIT_NVME_STATUS;
	if ((c.opcode & OPC_DIR_MASK) == OPC_DIR_TO_HOST)
		io_all(STDOUT_FILENO, buf, len, 1);
	return 0;
}
