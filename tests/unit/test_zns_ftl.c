// SPDX-License-Identifier: GPL-2.0
/*
 * The zoned FTL: every zone state transition, valid and not, and Select
 * All; implicit opens and the least recently used implicit close; open
 * and active limits; the write pointer, zone boundaries and Zone Append;
 * Read Only and Offline zones and the Changed Zone List; Report Zones'
 * filters and counts; the ZRWA; parameter checks; and timing: a reset
 * costs an erase, sequential writes reach the profile's program bandwidth
 * with one zone open or many, and WAF is exactly 1.
 */
#include <unistd.h>
#include "unit.h"
#include "flash_util.h"
#include "zns_ftl.h"

/* 970pro at 256 MiB: 3 MiB lines, so 3 MiB zones 4 MiB apart, 85 of them. */
#define ZNS_CAPACITY		(256 * MIB)
#define ZONE_CAP		(3 * MIB)
#define ZONE_SIZE		(4 * MIB)
#define NR_ZONES		85
#define BLK			(4 * KIB)
#define PU			(32 * KIB)	/* 2 planes x 16 KiB */
#define ZSTART(zi)		((u64)(zi) * ZONE_SIZE)

static struct ftl_params zns_params(u64 capacity)
{
	return flash_params("970pro", capacity);
}

static const struct ftl_zns_ops *zops(void)
{
	return zns_ftl_ops.zns;
}

/* A write (or append) of @length at @offset; *@at is where it went. */
static enum zns_result zwrite_at(void *ftl, u64 offset, u64 length,
				 bool append, u64 now, u64 *done, u64 *at)
{
	struct zns_io io = {
		.write = true,
		.append = append,
		.offset = offset,
		.length = length,
		.now_ns = now,
	};
	enum zns_result res = zops()->io(ftl, &io);

	if (done)
		*done = io.done_ns;
	if (at)
		*at = io.written_at;
	return res;
}

static enum zns_result zwrite(void *ftl, u64 offset, u64 length)
{
	return zwrite_at(ftl, offset, length, false, 0, NULL, NULL);
}

static enum zns_result zmanage(void *ftl, enum zns_action action, u64 offset,
			       bool all, bool zrwa, u64 now, u64 *done)
{
	struct zns_mgmt m = {
		.action = action,
		.offset = offset,
		.select_all = all,
		.zrwa = zrwa,
		.now_ns = now,
	};
	enum zns_result res = zops()->manage(ftl, &m);

	if (done)
		*done = m.done_ns;
	return res;
}

static enum zns_result zact(void *ftl, enum zns_action action, u32 zi)
{
	return zmanage(ftl, action, ZSTART(zi), false, false, 0, NULL);
}

static struct zns_zone_desc zdesc(void *ftl, u32 zi, u32 lba_shift)
{
	struct zns_zone_desc d = { 0 };
	struct zns_report r = {
		.first_zone = zi,
		.option = ZNS_LIST_ALL,
		.lba_shift = lba_shift,
		.descs = &d,
		.max_descs = 1,
	};

	zops()->report(ftl, &r);
	return d;
}

static u8 zstate(void *ftl, u32 zi)
{
	return zdesc(ftl, zi, 0).state;
}

static struct zns_counters zcounters(void *ftl)
{
	struct zns_counters c;

	zns_ftl_counters(ftl, &c);
	return c;
}

static struct ftl_stats zstats(void *ftl)
{
	struct ftl_stats s;

	memset(&s, 0, sizeof(s));
	zns_ftl_ops.stats(ftl, &s);
	return s;
}

static void zns_geometry_defaults(void)
{
	struct ftl_params p = zns_params(ZNS_CAPACITY);
	void *ftl = zns_ftl_ops.create(&p);
	struct ftl_zns_config cfg;
	u64 contiguous;

	CHECK(ftl);
	zops()->config(ftl, &cfg);
	CHECK_EQ_OR(cfg.zone_capacity, ZONE_CAP, out);
	CHECK_EQ_OR(cfg.zone_size, ZONE_SIZE, out);
	CHECK_EQ_OR(cfg.nr_zones, NR_ZONES, out);
	CHECK_EQ_OR(cfg.max_open, ZNS_DEFAULT_MAX_OPEN_ZONES, out);
	CHECK_EQ_OR(cfg.max_active, ZNS_DEFAULT_MAX_ACTIVE_ZONES, out);
	CHECK_EQ_OR(cfg.zrwa_size, 0, out);
	CHECK_EQ_OR(cfg.zrwa_flush_granularity, PU, out);
	CHECK_EQ_OR(cfg.store_bytes, (u64)NR_ZONES * ZONE_CAP, out);
	/* A zone is one line of the flash. */
	CHECK_EQ_OR((u64)zns_ftl_ssd(ftl)->geo.units_per_line * BLK, ZONE_CAP,
		    out);
	CHECK_EQ_OR(zops()->store_offset(ftl, ZSTART(2) + 100, &contiguous),
		    2 * ZONE_CAP + 100, out);
	CHECK_EQ_OR(contiguous, ZONE_CAP - 100, out);
	CHECK_EQ_OR(zops()->store_offset(ftl, ZSTART(2) + ZONE_CAP + 512,
					 &contiguous), ZNS_NO_STORE, out);
	CHECK_EQ_OR(contiguous, ZONE_SIZE - ZONE_CAP - 512, out);
out:
	zns_ftl_ops.destroy(ftl);
}

/* A zone_capacity below a line leaves the rest of it; above, takes two. */
static void zns_geometry_overrides(void)
{
	struct ftl_params p = zns_params(ZNS_CAPACITY);
	struct ftl_zns_config cfg;
	void *ftl;

	p.zone_size = 1 * MIB;
	ftl = zns_ftl_ops.create(&p);
	CHECK(ftl);
	zops()->config(ftl, &cfg);
	CHECK_EQ_OR(cfg.zone_capacity, 1 * MIB, out);
	CHECK_EQ_OR(cfg.nr_zones, 256, out);
	CHECK_OR(zns_ftl_ssd(ftl)->geo.lines >= 256, out);
	zns_ftl_ops.destroy(ftl);

	p.zone_size = 8 * MIB;
	p.zone_capacity = 5 * MIB;
	ftl = zns_ftl_ops.create(&p);
	CHECK(ftl);
	zops()->config(ftl, &cfg);
	CHECK_EQ_OR(cfg.nr_zones, 256 / 5, out);
	CHECK_OR(zns_ftl_ssd(ftl)->geo.lines >= 2 * (256 / 5), out);
	/* Fill one zone over its two lines. */
	CHECK_EQ_OR(zwrite(ftl, 8 * MIB, 5 * MIB), ZNS_OK, out);
	CHECK_EQ_OR(zstate(ftl, 1), ZNS_ZSF, out);
out:
	zns_ftl_ops.destroy(ftl);
}

/*
 * Creates a zoned FTL that must be refused, into @msg what it logged
 * (stderr goes to a temporary file meanwhile).  False if it was accepted.
 */
static bool zns_refused(const struct ftl_params *p, char *msg, size_t size)
{
	FILE *log = tmpfile();
	int saved;
	void *ftl;
	size_t n;

	msg[0] = '\0';
	if (!log)
		return !flash_create_quiet(&zns_ftl_ops, p);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	dup2(fileno(log), STDERR_FILENO);
	ftl = zns_ftl_ops.create(p);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(log);
	n = fread(msg, 1, size - 1, log);
	msg[n] = '\0';
	fclose(log);
	if (ftl)
		zns_ftl_ops.destroy(ftl);
	return !ftl;
}

static void zns_rejects_bad_params(void)
{
	static const struct {
		s64 size, cap, zrwa;
		int open, active;
		const char *says;	/* what the log line starts with */
	} bad[] = {
		{ 3 * MIB, -1, -1, -1, -1,
		  "zone_size=3M: must be a power of two" },
		{ 0, -1, -1, -1, -1, "zone_size=0:" },
		{ 2 * KIB, -1, -1, -1, -1, "zone_size=2K:" },
		{ 4 * MIB, 5 * MIB, -1, -1, -1,
		  "zone_capacity=5M: larger than zone_size=4M" },
		{ -1, 3 * MIB + 512, -1, -1, -1,
		  "zone_capacity=3146240: must be a positive multiple of 4K" },
		{ -1, 0, -1, -1, -1, "zone_capacity=0:" },
		{ 512 * MIB, 300 * MIB, -1, -1, -1,
		  "zone_capacity=300M: the namespace holds" },
		{ -1, -1, -1, 8, 4,
		  "max_open_zones=8: more than max_active_zones=4" },
		{ -1, -1, -1, -1, NR_ZONES + 1,
		  "max_active_zones=86: must be 0..85" },
		{ -1, -1, -1, -2, -1, "max_open_zones=-2:" },
		{ -1, -1, 48 * KIB, -1, -1,
		  "zrwa=48K: must be a multiple of the program unit (32K" },
		{ -1, -1, 6 * MIB, -1, -1, "zrwa=6M:" },
		{ -1, -1, -4 * KIB, -1, -1, "zrwa=-4096:" },
	};
	struct ftl_params p;
	char msg[256];
	u32 i;

	for (i = 0; i < ARRAY_LEN(bad); i++) {
		p = zns_params(ZNS_CAPACITY);
		p.zone_size = bad[i].size;
		p.zone_capacity = bad[i].cap;
		p.zrwa = bad[i].zrwa;
		p.max_open_zones = bad[i].open;
		p.max_active_zones = bad[i].active;
		if (!zns_refused(&p, msg, sizeof(msg))) {
			unit_fail(__FILE__, __LINE__, "case %u accepted", i);
			return;
		}
		if (strncmp(msg, "nvmev: ", 7) ||
		    strncmp(msg + 7, bad[i].says, strlen(bad[i].says))) {
			unit_fail(__FILE__, __LINE__, "case %u logged '%s'", i,
				  msg);
			return;
		}
	}
	p = zns_params(ZNS_CAPACITY);
	p.fdp_ruhs = 4;
	CHECK(!flash_create_quiet(&zns_ftl_ops, &p));
	/* 64K zones of 16 GiB, each on a line of its own: too many. */
	p = zns_params(16 * GIB);
	p.zone_capacity = 64 * KIB;
	CHECK(zns_refused(&p, msg, sizeof(msg)));
	CHECK(strstr(msg, "zone_capacity=64K: 262144 zones each on a line"));
}

/* Implicit open, the write pointer, boundaries, filling up. */
static void zns_write_pointer(void)
{
	struct ftl_params p = zns_params(ZNS_CAPACITY);
	void *ftl = zns_ftl_ops.create(&p);
	struct zns_zone_desc d;
	char text[4096];

	CHECK(ftl);
	CHECK_EQ_OR(zwrite(ftl, ZSTART(1) + BLK, BLK), ZNS_INVALID_WRITE, out);
	CHECK_EQ_OR(zstate(ftl, 1), ZNS_ZSE, out);
	CHECK_EQ_OR(zwrite(ftl, ZSTART(1), 8 * BLK), ZNS_OK, out);
	CHECK_EQ_OR(zstate(ftl, 1), ZNS_ZSIO, out);
	d = zdesc(ftl, 1, NVMEV_LBA_SHIFT);
	CHECK_EQ_OR(d.wp, (ZSTART(1) + 8 * BLK) >> NVMEV_LBA_SHIFT, out);
	CHECK_EQ_OR(zwrite(ftl, ZSTART(1), BLK), ZNS_INVALID_WRITE, out);
	CHECK_EQ_OR(zwrite(ftl, ZSTART(1) + 9 * BLK, BLK), ZNS_INVALID_WRITE,
		    out);
	/* 512-byte LBAs are fine: the pointer moves in bytes. */
	CHECK_EQ_OR(zwrite(ftl, ZSTART(1) + 8 * BLK, 512), ZNS_OK, out);
	CHECK_EQ_OR(zwrite(ftl, ZSTART(1) + 8 * BLK + 512, BLK - 512), ZNS_OK,
		    out);
	/* Past the capacity, or into the next zone. */
	CHECK_EQ_OR(zwrite(ftl, ZSTART(1) + 9 * BLK, ZONE_CAP), ZNS_BOUNDARY,
		    out);
	CHECK_EQ_OR(zwrite(ftl, ZSTART(1) + 9 * BLK, ZONE_CAP - 9 * BLK),
		    ZNS_OK, out);
	CHECK_EQ_OR(zstate(ftl, 1), ZNS_ZSF, out);
	CHECK_EQ_OR(zdesc(ftl, 1, 0).wp, ZSTART(1) + ZONE_CAP, out);
	CHECK_EQ_OR(zwrite(ftl, ZSTART(1) + ZONE_CAP, BLK), ZNS_FULL, out);
	CHECK_EQ_OR(zwrite(ftl, ZSTART(NR_ZONES), BLK), ZNS_LBA_RANGE, out);
	CHECK_EQ_OR(zwrite(ftl, ZSTART(2), 0), ZNS_INVALID_FIELD, out);
	CHECK_EQ_OR(zcounters(ftl).open, 0, out);
	CHECK_EQ_OR(zcounters(ftl).active, 0, out);
	CHECK_EQ_OR(zcounters(ftl).fills, 1, out);
	/* The debugfs report counts zones by state. */
	CHECK_OR(zns_ftl_ops.show(ftl, 0, text, sizeof(text)) > 0, out);
	CHECK_OR(strstr(text, "\nzones_full: 1\n"), out);
	CHECK_OR(strstr(text, "\nzones_empty: 84\n"), out);
	CHECK_OR(strstr(text, "\nrejected: 7\n"), out);
out:
	zns_ftl_ops.destroy(ftl);
}

/* Brings zone @zi to @state from Empty. */
static bool zns_reach(void *ftl, u32 zi, u8 state)
{
	bool notify;

	switch (state) {
	case ZNS_ZSE:
		return true;
	case ZNS_ZSIO:
		return zwrite(ftl, ZSTART(zi), BLK) == ZNS_OK;
	case ZNS_ZSEO:
		return zact(ftl, ZNS_ACT_OPEN, zi) == ZNS_OK;
	case ZNS_ZSC:
		return zwrite(ftl, ZSTART(zi), BLK) == ZNS_OK &&
		       zact(ftl, ZNS_ACT_CLOSE, zi) == ZNS_OK;
	case ZNS_ZSF:
		return zwrite(ftl, ZSTART(zi), BLK) == ZNS_OK &&
		       zact(ftl, ZNS_ACT_FINISH, zi) == ZNS_OK;
	case ZNS_ZSRO:
	case ZNS_ZSO:
		return zwrite(ftl, ZSTART(zi), BLK) == ZNS_OK &&
		       zops()->set_state(ftl, zi, state, &notify) == ZNS_OK;
	default:
		return false;
	}
}

static const u8 all_states[] = {
	ZNS_ZSE, ZNS_ZSIO, ZNS_ZSEO, ZNS_ZSC, ZNS_ZSF, ZNS_ZSRO, ZNS_ZSO,
};

#define BAD	0xff	/* Invalid Zone State Transition, state unchanged */

/* Every action from every state: the state after it, or BAD. */
static void zns_every_transition(void)
{
	static const struct {
		enum zns_action action;
		u8 to[ARRAY_LEN(all_states)];
	} table[] = {
		{ ZNS_ACT_OPEN, { ZNS_ZSEO, ZNS_ZSEO, ZNS_ZSEO, ZNS_ZSEO,
				  BAD, BAD, BAD } },
		{ ZNS_ACT_CLOSE, { BAD, ZNS_ZSC, ZNS_ZSC, ZNS_ZSC,
				   BAD, BAD, BAD } },
		{ ZNS_ACT_FINISH, { ZNS_ZSF, ZNS_ZSF, ZNS_ZSF, ZNS_ZSF,
				    ZNS_ZSF, BAD, BAD } },
		{ ZNS_ACT_RESET, { ZNS_ZSE, ZNS_ZSE, ZNS_ZSE, ZNS_ZSE,
				   ZNS_ZSE, BAD, BAD } },
		{ ZNS_ACT_OFFLINE, { BAD, BAD, BAD, BAD, BAD,
				     ZNS_ZSO, ZNS_ZSO } },
	};
	struct ftl_params p = zns_params(ZNS_CAPACITY);
	u32 a, s;

	for (a = 0; a < ARRAY_LEN(table); a++) {
		for (s = 0; s < ARRAY_LEN(all_states); s++) {
			void *ftl = zns_ftl_ops.create(&p);
			u8 want = table[a].to[s];
			enum zns_result res;
			struct zns_counters c;

			CHECK(ftl);
			if (!zns_reach(ftl, 3, all_states[s])) {
				zns_ftl_ops.destroy(ftl);
				unit_fail(__FILE__, __LINE__,
					  "could not reach state %x",
					  all_states[s]);
				return;
			}
			res = zact(ftl, table[a].action, 3);
			c = zcounters(ftl);
			if ((want == BAD) != (res == ZNS_INVALID_TRANSITION) ||
			    (want != BAD && res != ZNS_OK) ||
			    zstate(ftl, 3) != (want == BAD ? all_states[s] :
					       want) ||
			    c.open != c.in_state[ZNS_ZSIO] +
				      c.in_state[ZNS_ZSEO] ||
			    c.active != c.open + c.in_state[ZNS_ZSC]) {
				unit_fail(__FILE__, __LINE__,
					  "action %x from state %x: result %d, state %x, open %u, active %u",
					  table[a].action, all_states[s], res,
					  zstate(ftl, 3), c.open, c.active);
				zns_ftl_ops.destroy(ftl);
				return;
			}
			zns_ftl_ops.destroy(ftl);
		}
	}
}

/* Writes to explicitly opened or closed zones; bad Zone Management. */
static void zns_write_opens_and_bad_commands(void)
{
	struct ftl_params p = zns_params(ZNS_CAPACITY);
	void *ftl = zns_ftl_ops.create(&p);

	CHECK(ftl);
	CHECK_EQ_OR(zact(ftl, ZNS_ACT_OPEN, 0), ZNS_OK, out);
	CHECK_EQ_OR(zwrite(ftl, 0, BLK), ZNS_OK, out);
	CHECK_EQ_OR(zstate(ftl, 0), ZNS_ZSEO, out);
	CHECK_EQ_OR(zact(ftl, ZNS_ACT_CLOSE, 0), ZNS_OK, out);
	CHECK_EQ_OR(zwrite(ftl, BLK, BLK), ZNS_OK, out);
	CHECK_EQ_OR(zstate(ftl, 0), ZNS_ZSIO, out);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_OPEN, BLK, false, false, 0, NULL),
		    ZNS_INVALID_FIELD, out);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_OPEN, ZSTART(NR_ZONES), false, false,
			    0, NULL), ZNS_LBA_RANGE, out);
	CHECK_EQ_OR(zmanage(ftl, 0x7, 0, false, false, 0, NULL),
		    ZNS_INVALID_FIELD, out);
	/* No ZRWA configured. */
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_OPEN, ZSTART(1), false, true, 0, NULL),
		    ZNS_INVALID_ZONE_OP, out);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_ZRWA_FLUSH, BLK, false, false, 0,
			    NULL), ZNS_INVALID_ZONE_OP, out);
out:
	zns_ftl_ops.destroy(ftl);
}

static void zns_lru_implicit_close(void)
{
	struct ftl_params p = zns_params(ZNS_CAPACITY);
	void *ftl;

	p.max_open_zones = 3;
	ftl = zns_ftl_ops.create(&p);
	CHECK(ftl);
	CHECK_EQ_OR(zwrite(ftl, ZSTART(0), BLK), ZNS_OK, out);
	CHECK_EQ_OR(zwrite(ftl, ZSTART(1), BLK), ZNS_OK, out);
	CHECK_EQ_OR(zwrite(ftl, ZSTART(2), BLK), ZNS_OK, out);
	CHECK_EQ_OR(zwrite(ftl, ZSTART(0) + BLK, BLK), ZNS_OK, out);
	/* Zone 1 is the least recently written now. */
	CHECK_EQ_OR(zwrite(ftl, ZSTART(3), BLK), ZNS_OK, out);
	CHECK_EQ_OR(zstate(ftl, 1), ZNS_ZSC, out);
	CHECK_EQ_OR(zstate(ftl, 0), ZNS_ZSIO, out);
	CHECK_EQ_OR(zstate(ftl, 2), ZNS_ZSIO, out);
	/* Writing zone 1 again closes zone 2, then zone 0. */
	CHECK_EQ_OR(zwrite(ftl, ZSTART(1) + BLK, BLK), ZNS_OK, out);
	CHECK_EQ_OR(zstate(ftl, 2), ZNS_ZSC, out);
	CHECK_EQ_OR(zact(ftl, ZNS_ACT_OPEN, 4), ZNS_OK, out);
	CHECK_EQ_OR(zstate(ftl, 0), ZNS_ZSC, out);
	CHECK_EQ_OR(zcounters(ftl).implicit_closes, 3, out);
	/* Only explicitly opened zones left to close: none is closed. */
	CHECK_EQ_OR(zact(ftl, ZNS_ACT_OPEN, 5), ZNS_OK, out);
	CHECK_EQ_OR(zact(ftl, ZNS_ACT_OPEN, 6), ZNS_OK, out);
	CHECK_EQ_OR(zstate(ftl, 3), ZNS_ZSC, out);
	CHECK_EQ_OR(zwrite(ftl, ZSTART(7), BLK), ZNS_TOO_MANY_OPEN, out);
	CHECK_EQ_OR(zact(ftl, ZNS_ACT_OPEN, 7), ZNS_TOO_MANY_OPEN, out);
	CHECK_EQ_OR(zwrite(ftl, ZSTART(0) + 2 * BLK, BLK), ZNS_TOO_MANY_OPEN,
		    out);
	CHECK_EQ_OR(zstate(ftl, 7), ZNS_ZSE, out);
	CHECK_EQ_OR(zcounters(ftl).open, 3, out);
out:
	zns_ftl_ops.destroy(ftl);
}

static void zns_too_many_active(void)
{
	struct ftl_params p = zns_params(ZNS_CAPACITY);
	void *ftl;

	p.max_active_zones = 2;
	ftl = zns_ftl_ops.create(&p);
	CHECK(ftl);
	CHECK_EQ_OR(zops()->config ? 1 : 0, 1, out);
	CHECK_EQ_OR(zwrite(ftl, ZSTART(0), BLK), ZNS_OK, out);
	CHECK_EQ_OR(zwrite(ftl, ZSTART(1), BLK), ZNS_OK, out);
	CHECK_EQ_OR(zact(ftl, ZNS_ACT_CLOSE, 0), ZNS_OK, out);
	CHECK_EQ_OR(zwrite(ftl, ZSTART(2), BLK), ZNS_TOO_MANY_ACTIVE, out);
	CHECK_EQ_OR(zact(ftl, ZNS_ACT_OPEN, 2), ZNS_TOO_MANY_ACTIVE, out);
	/* Closed zones are still active; a finished one is not. */
	CHECK_EQ_OR(zact(ftl, ZNS_ACT_FINISH, 0), ZNS_OK, out);
	CHECK_EQ_OR(zwrite(ftl, ZSTART(2), BLK), ZNS_OK, out);
	CHECK_EQ_OR(zcounters(ftl).active, 2, out);
	CHECK_EQ_OR(zcounters(ftl).rejected, 2, out);
out:
	zns_ftl_ops.destroy(ftl);
}

static void zns_append(void)
{
	struct ftl_params p = zns_params(ZNS_CAPACITY);
	void *ftl = zns_ftl_ops.create(&p);
	u64 at = 0;

	CHECK(ftl);
	CHECK_EQ_OR(zwrite_at(ftl, ZSTART(5), 3 * BLK, true, 0, NULL, &at),
		    ZNS_OK, out);
	CHECK_EQ_OR(at, ZSTART(5), out);
	CHECK_EQ_OR(zwrite_at(ftl, ZSTART(5), BLK, true, 0, NULL, &at),
		    ZNS_OK, out);
	CHECK_EQ_OR(at, ZSTART(5) + 3 * BLK, out);
	CHECK_EQ_OR(zstate(ftl, 5), ZNS_ZSIO, out);
	CHECK_EQ_OR(zwrite_at(ftl, ZSTART(5) + BLK, BLK, true, 0, NULL, &at),
		    ZNS_INVALID_FIELD, out);
	CHECK_EQ_OR(zwrite_at(ftl, ZSTART(5), ZONE_CAP, true, 0, NULL, &at),
		    ZNS_BOUNDARY, out);
	CHECK_EQ_OR(zwrite_at(ftl, ZSTART(5), ZONE_CAP - 4 * BLK, true, 0,
			      NULL, &at), ZNS_OK, out);
	CHECK_EQ_OR(zstate(ftl, 5), ZNS_ZSF, out);
	CHECK_EQ_OR(zwrite_at(ftl, ZSTART(5), BLK, true, 0, NULL, &at),
		    ZNS_FULL, out);
out:
	zns_ftl_ops.destroy(ftl);
}

static void zns_finish_empty_and_reset_full(void)
{
	struct ftl_params p = zns_params(ZNS_CAPACITY);
	void *ftl = zns_ftl_ops.create(&p);
	const struct ssd_geometry *g;
	struct ftl_stats s;

	CHECK(ftl);
	g = &zns_ftl_ssd(ftl)->geo;
	CHECK_EQ_OR(zact(ftl, ZNS_ACT_FINISH, 0), ZNS_OK, out);
	CHECK_EQ_OR(zstate(ftl, 0), ZNS_ZSF, out);
	CHECK_EQ_OR(zdesc(ftl, 0, 0).wp, ZONE_CAP, out);
	s = zstats(ftl);
	CHECK_EQ_OR(s.nand_write_units, 0, out);
	CHECK_EQ_OR(zact(ftl, ZNS_ACT_RESET, 0), ZNS_OK, out);
	CHECK_EQ_OR(zstats(ftl).erases, 0, out);
	/* A full zone: every block of its line is erased. */
	CHECK_EQ_OR(zwrite(ftl, ZSTART(1), ZONE_CAP), ZNS_OK, out);
	CHECK_EQ_OR(zact(ftl, ZNS_ACT_RESET, 1), ZNS_OK, out);
	CHECK_EQ_OR(zstate(ftl, 1), ZNS_ZSE, out);
	CHECK_EQ_OR(zdesc(ftl, 1, 0).wp, ZSTART(1), out);
	s = zstats(ftl);
	CHECK_EQ_OR(s.erases, (u64)g->dies * g->planes_per_die, out);
	CHECK_EQ_OR(s.erased_bytes, ZONE_CAP, out);
	/* Two program units written, padded: two dies to erase. */
	CHECK_EQ_OR(zwrite(ftl, ZSTART(1), PU + BLK), ZNS_OK, out);
	CHECK_EQ_OR(zact(ftl, ZNS_ACT_FINISH, 1), ZNS_OK, out);
	CHECK_EQ_OR(zcounters(ftl).pad_units, PU / BLK - 1, out);
	CHECK_EQ_OR(zact(ftl, ZNS_ACT_RESET, 1), ZNS_OK, out);
	CHECK_EQ_OR(zstats(ftl).erases - s.erases, 2 * g->planes_per_die, out);
	CHECK_EQ_OR(zcounters(ftl).resets, 3, out);
out:
	zns_ftl_ops.destroy(ftl);
}

static void zns_select_all(void)
{
	struct ftl_params p = zns_params(ZNS_CAPACITY);
	struct zns_counters c;
	void *ftl;
	u32 s;

	p.max_open_zones = 6;
	p.max_active_zones = 8;
	ftl = zns_ftl_ops.create(&p);
	CHECK(ftl);
	/* Zone 10 + s in all_states[s]. */
	for (s = 0; s < ARRAY_LEN(all_states); s++)
		CHECK_OR(zns_reach(ftl, 10 + s, all_states[s]), out);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_CLOSE, 0, true, false, 0, NULL),
		    ZNS_OK, out);
	CHECK_EQ_OR(zstate(ftl, 11), ZNS_ZSC, out);
	CHECK_EQ_OR(zstate(ftl, 12), ZNS_ZSC, out);
	CHECK_EQ_OR(zstate(ftl, 10), ZNS_ZSE, out);
	CHECK_EQ_OR(zstate(ftl, 14), ZNS_ZSF, out);
	/* Three closed zones and four open ones are more than six. */
	CHECK_OR(zns_reach(ftl, 20, ZNS_ZSEO) && zns_reach(ftl, 21, ZNS_ZSEO) &&
		 zns_reach(ftl, 22, ZNS_ZSEO) && zns_reach(ftl, 23, ZNS_ZSEO),
		 out);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_OPEN, 0, true, false, 0, NULL),
		    ZNS_TOO_MANY_OPEN, out);
	CHECK_EQ_OR(zstate(ftl, 11), ZNS_ZSC, out);
	/* Six closed zones fit. */
	CHECK_EQ_OR(zact(ftl, ZNS_ACT_FINISH, 23), ZNS_OK, out);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_CLOSE, 0, true, false, 0, NULL),
		    ZNS_OK, out);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_OPEN, 0, true, false, 0, NULL),
		    ZNS_OK, out);
	c = zcounters(ftl);
	CHECK_EQ_OR(c.in_state[ZNS_ZSEO], 6, out);
	CHECK_EQ_OR(c.in_state[ZNS_ZSC], 0, out);
	CHECK_EQ_OR(zstate(ftl, 10), ZNS_ZSE, out);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_OPEN, 0, true, true, 0, NULL),
		    ZNS_INVALID_FIELD, out);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_ZRWA_FLUSH, 0, true, false, 0, NULL),
		    ZNS_INVALID_FIELD, out);
	CHECK_EQ_OR(zmanage(ftl, 0x10, 0, true, false, 0, NULL),
		    ZNS_INVALID_FIELD, out);
	/* Finish takes every active zone, not the empty one. */
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_FINISH, 0, true, false, 0, NULL),
		    ZNS_OK, out);
	c = zcounters(ftl);
	CHECK_EQ_OR(c.in_state[ZNS_ZSF], 8, out);
	CHECK_EQ_OR(c.active, 0, out);
	CHECK_EQ_OR(zstate(ftl, 10), ZNS_ZSE, out);
	/* Reset leaves Read Only and Offline zones alone. */
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_RESET, 0, true, false, 0, NULL),
		    ZNS_OK, out);
	c = zcounters(ftl);
	CHECK_EQ_OR(c.in_state[ZNS_ZSE], NR_ZONES - 2, out);
	CHECK_EQ_OR(c.in_state[ZNS_ZSRO], 1, out);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_OFFLINE, 0, true, false, 0, NULL),
		    ZNS_OK, out);
	CHECK_EQ_OR(zcounters(ftl).in_state[ZNS_ZSO], 2, out);
out:
	zns_ftl_ops.destroy(ftl);
}

static void zns_read_only_offline_and_changes(void)
{
	struct ftl_params p = zns_params(ZNS_CAPACITY);
	u32 changed[ZNS_CHANGED_ZONES_MAX];
	struct zns_io rd = { .offset = ZSTART(2), .length = BLK };
	bool notify, overflow;
	void *ftl;
	u32 i;

	p.zone_capacity = 256 * KIB;
	p.zone_size = ZONE_SIZE;
	ftl = zns_ftl_ops.create(&p);
	CHECK(ftl);
	CHECK_OR(zns_reach(ftl, 2, ZNS_ZSIO), out);
	CHECK_EQ_OR(zops()->set_state(ftl, 2, ZNS_ZSRO, &notify), ZNS_OK, out);
	CHECK_OR(notify, out);
	CHECK_EQ_OR(zcounters(ftl).open, 0, out);
	CHECK_EQ_OR(zdesc(ftl, 2, 0).wp, ~0ULL, out);
	CHECK_EQ_OR(zops()->io(ftl, &rd), ZNS_OK, out);
	CHECK_EQ_OR(zwrite(ftl, ZSTART(2) + BLK, BLK), ZNS_READ_ONLY, out);
	CHECK_EQ_OR(zops()->set_state(ftl, 2, ZNS_ZSRO, &notify),
		    ZNS_INVALID_TRANSITION, out);
	CHECK_EQ_OR(zops()->set_state(ftl, 2, ZNS_ZSF, &notify),
		    ZNS_INVALID_FIELD, out);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_OFFLINE, ZSTART(2), false, false,
			    0, NULL), ZNS_OK, out);
	CHECK_EQ_OR(zops()->io(ftl, &rd), ZNS_OFFLINE, out);
	CHECK_EQ_OR(zwrite(ftl, ZSTART(2), BLK), ZNS_OFFLINE, out);
	/* Zone 3 goes offline directly; the list already had an entry. */
	CHECK_EQ_OR(zops()->set_state(ftl, 3, ZNS_ZSO, &notify), ZNS_OK, out);
	CHECK_OR(!notify, out);
	CHECK_EQ_OR(zops()->changed_zones(ftl, changed, &overflow, false), 2,
		    out);
	CHECK_OR(!overflow && changed[0] == 2 && changed[1] == 3, out);
	CHECK_EQ_OR(zops()->changed_zones(ftl, changed, &overflow, true), 2,
		    out);
	CHECK_EQ_OR(zops()->changed_zones(ftl, changed, &overflow, true), 0,
		    out);
	/* More changes than the log holds. */
	for (i = 10; i < 10 + ZNS_CHANGED_ZONES_MAX + 1; i++)
		CHECK_EQ_OR(zops()->set_state(ftl, i, ZNS_ZSRO, &notify),
			    ZNS_OK, out);
	CHECK_EQ_OR(zops()->changed_zones(ftl, changed, &overflow, true),
		    ZNS_CHANGED_ZONES_MAX, out);
	CHECK_OR(overflow, out);
	CHECK_EQ_OR(zops()->set_state(ftl, 10, ZNS_ZSO, &notify), ZNS_OK, out);
	CHECK_OR(notify, out);
out:
	zns_ftl_ops.destroy(ftl);
}

static void zns_report_filters(void)
{
	struct ftl_params p = zns_params(ZNS_CAPACITY);
	struct zns_zone_desc d[4];
	struct zns_report r = { .descs = d, .max_descs = ARRAY_LEN(d) };
	void *ftl = zns_ftl_ops.create(&p);
	u32 s;

	CHECK(ftl);
	for (s = 0; s < ARRAY_LEN(all_states); s++)
		CHECK_OR(zns_reach(ftl, 10 + s, all_states[s]), out);
	CHECK_OR(zns_reach(ftl, 30, ZNS_ZSC), out);
	r.option = ZNS_LIST_ALL;
	CHECK_EQ_OR(zops()->report(ftl, &r), ZNS_OK, out);
	CHECK_EQ_OR(r.nr_descs, 4, out);
	CHECK_EQ_OR(r.nr_matching, NR_ZONES, out);
	r.first_zone = 12;
	r.lba_shift = 12;
	CHECK_EQ_OR(zops()->report(ftl, &r), ZNS_OK, out);
	CHECK_EQ_OR(r.nr_matching, NR_ZONES - 12, out);
	CHECK_EQ_OR(d[0].zslba, ZSTART(12) >> 12, out);
	CHECK_EQ_OR(d[0].zcap, ZONE_CAP >> 12, out);
	CHECK_EQ_OR(d[0].state, ZNS_ZSEO, out);
	CHECK_EQ_OR(d[0].type, ZNS_ZT_SEQ_WRITE_REQUIRED, out);
	CHECK_EQ_OR(d[1].wp, (ZSTART(13) + BLK) >> 12, out);
	/* Each state alone: zone 10 + s, and the second closed zone. */
	for (s = 1; s < ARRAY_LEN(all_states); s++) {
		static const enum zns_report_option opt[] = {
			ZNS_LIST_ZSE, ZNS_LIST_ZSIO, ZNS_LIST_ZSEO,
			ZNS_LIST_ZSC, ZNS_LIST_ZSF, ZNS_LIST_ZSRO,
			ZNS_LIST_ZSO,
		};

		r.first_zone = 0;
		r.option = opt[s];
		CHECK_EQ_OR(zops()->report(ftl, &r), ZNS_OK, out);
		CHECK_EQ_OR(r.nr_matching, all_states[s] == ZNS_ZSC ? 2 : 1,
			    out);
		CHECK_EQ_OR(d[0].zslba, ZSTART(10 + s) >> 12, out);
		CHECK_EQ_OR(d[0].state, all_states[s], out);
	}
	r.option = ZNS_LIST_ZSE;
	r.max_descs = 0;
	CHECK_EQ_OR(zops()->report(ftl, &r), ZNS_OK, out);
	CHECK_EQ_OR(r.nr_descs, 0, out);
	CHECK_EQ_OR(r.nr_matching, NR_ZONES - 7, out);
	r.option = 8;
	CHECK_EQ_OR(zops()->report(ftl, &r), ZNS_INVALID_FIELD, out);
	r.option = ZNS_LIST_ALL;
	r.first_zone = NR_ZONES;
	CHECK_EQ_OR(zops()->report(ftl, &r), ZNS_LBA_RANGE, out);
out:
	zns_ftl_ops.destroy(ftl);
}

#define ZRWA		(2 * PU)

static void zns_zrwa_window(void)
{
	struct ftl_params p = zns_params(ZNS_CAPACITY);
	struct ftl_zns_config cfg;
	struct ftl_stats s, s0;
	void *ftl;
	u64 z0 = ZSTART(0), off;

	p.zrwa = ZRWA;
	ftl = zns_ftl_ops.create(&p);
	CHECK(ftl);
	zops()->config(ftl, &cfg);
	CHECK_EQ_OR(cfg.zrwa_size, ZRWA, out);
	/* Off the flush granule, or full: no ZRWA. */
	CHECK_OR(zns_reach(ftl, 1, ZNS_ZSIO), out);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_OPEN, ZSTART(1), false, true, 0, NULL),
		    ZNS_NO_ZRWA, out);
	CHECK_OR(zns_reach(ftl, 3, ZNS_ZSF), out);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_OPEN, ZSTART(3), false, true, 0, NULL),
		    ZNS_INVALID_TRANSITION, out);
	/* On it, a closed zone gets one too. */
	CHECK_EQ_OR(zwrite(ftl, ZSTART(4), PU), ZNS_OK, out);
	CHECK_EQ_OR(zact(ftl, ZNS_ACT_CLOSE, 4), ZNS_OK, out);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_OPEN, ZSTART(4), false, true, 0, NULL),
		    ZNS_OK, out);
	CHECK_EQ_OR(zdesc(ftl, 4, 0).attrs, ZNS_ZA_ZRWAV, out);
	CHECK_EQ_OR(zwrite(ftl, ZSTART(4) + PU + BLK, BLK), ZNS_OK, out);
	CHECK_EQ_OR(zact(ftl, ZNS_ACT_RESET, 4), ZNS_OK, out);
	s0 = zstats(ftl);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_OPEN, z0, false, true, 0, NULL),
		    ZNS_OK, out);
	CHECK_EQ_OR(zstate(ftl, 0), ZNS_ZSEO, out);
	CHECK_EQ_OR(zdesc(ftl, 0, 0).attrs, ZNS_ZA_ZRWAV, out);
	/* Anywhere in the window, in any order; the pointer stays. */
	CHECK_EQ_OR(zwrite(ftl, z0 + PU, BLK), ZNS_OK, out);
	CHECK_EQ_OR(zwrite(ftl, z0, BLK), ZNS_OK, out);
	CHECK_EQ_OR(zwrite(ftl, z0, BLK), ZNS_OK, out);
	CHECK_EQ_OR(zdesc(ftl, 0, 0).wp, z0, out);
	CHECK_EQ_OR(zwrite_at(ftl, z0, BLK, true, 0, NULL, NULL),
		    ZNS_INVALID_ZONE_OP, out);
	CHECK_EQ_OR(zwrite(ftl, z0 + 2 * ZRWA, BLK), ZNS_INVALID_WRITE, out);
	/* Past the window: flushed just enough, in whole granules. */
	CHECK_EQ_OR(zwrite(ftl, z0 + ZRWA, BLK), ZNS_OK, out);
	CHECK_EQ_OR(zdesc(ftl, 0, 0).wp, z0 + PU, out);
	CHECK_EQ_OR(zcounters(ftl).zrwa_implicit_flushes, 1, out);
	CHECK_EQ_OR(zwrite(ftl, z0, BLK), ZNS_INVALID_WRITE, out);
	/* Explicit flushes: whole granules inside the window only. */
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_ZRWA_FLUSH, z0 + PU + BLK, false,
			    false, 0, NULL), ZNS_INVALID_FIELD, out);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_ZRWA_FLUSH, z0 + PU + ZRWA + PU,
			    false, false, 0, NULL), ZNS_BOUNDARY, out);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_ZRWA_FLUSH, z0 + PU, false, false, 0,
			    NULL), ZNS_BOUNDARY, out);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_ZRWA_FLUSH, z0 + 2 * PU, false,
			    false, 0, NULL), ZNS_OK, out);
	CHECK_EQ_OR(zdesc(ftl, 0, 0).wp, z0 + 2 * PU, out);
	/*
	 * The flash programs the committed units, holes included, once:
	 * four host writes (one a rewrite), two program units.
	 */
	s = zstats(ftl);
	CHECK_EQ_OR(s.host_write_units - s0.host_write_units, 4, out);
	CHECK_EQ_OR(s.nand_write_units - s0.nand_write_units, 2 * PU / BLK,
		    out);
	/* Closing keeps the area; a flush or a write opens the zone again. */
	CHECK_EQ_OR(zact(ftl, ZNS_ACT_CLOSE, 0), ZNS_OK, out);
	CHECK_EQ_OR(zwrite(ftl, z0 + 2 * PU + BLK, BLK), ZNS_OK, out);
	CHECK_EQ_OR(zstate(ftl, 0), ZNS_ZSIO, out);
	CHECK_EQ_OR(zact(ftl, ZNS_ACT_CLOSE, 0), ZNS_OK, out);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_ZRWA_FLUSH, z0 + 3 * PU, false,
			    false, 0, NULL), ZNS_OK, out);
	CHECK_EQ_OR(zstate(ftl, 0), ZNS_ZSIO, out);
	CHECK_EQ_OR(zcounters(ftl).zrwa, 1, out);
	CHECK_EQ_OR(zact(ftl, ZNS_ACT_FINISH, 0), ZNS_OK, out);
	CHECK_EQ_OR(zdesc(ftl, 0, 0).attrs, 0, out);
	CHECK_EQ_OR(zcounters(ftl).zrwa, 0, out);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_ZRWA_FLUSH, z0 + 3 * PU, false,
			    false, 0, NULL), ZNS_INVALID_FIELD, out);
	/* A flush up to the capacity fills the zone. */
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_OPEN, ZSTART(2), false, true, 0,
			    NULL), ZNS_OK, out);
	for (off = 0; off < ZONE_CAP; off += ZRWA)
		CHECK_EQ_OR(zwrite(ftl, ZSTART(2) + off, ZRWA), ZNS_OK, out);
	CHECK_EQ_OR(zdesc(ftl, 2, 0).wp, ZSTART(2) + ZONE_CAP - ZRWA, out);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_ZRWA_FLUSH, ZSTART(2) + ZONE_CAP,
			    false, false, 0, NULL), ZNS_OK, out);
	CHECK_EQ_OR(zstate(ftl, 2), ZNS_ZSF, out);
out:
	zns_ftl_ops.destroy(ftl);
}

/* Rewrites in the area stay in the buffer: the flash programs them once. */
static void zns_zrwa_rewrites_cost_no_flash(void)
{
	struct ftl_params p = zns_params(ZNS_CAPACITY);
	struct ftl_stats s;
	void *ftl;
	u32 i;

	p.zrwa = ZRWA;
	ftl = zns_ftl_ops.create(&p);
	CHECK(ftl);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_OPEN, 0, false, true, 0, NULL),
		    ZNS_OK, out);
	for (i = 0; i < 16; i++)
		CHECK_EQ_OR(zwrite(ftl, (i % 2) * BLK, BLK), ZNS_OK, out);
	CHECK_EQ_OR(zstats(ftl).nand_write_units, 0, out);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_ZRWA_FLUSH, PU, false, false, 0,
			    NULL), ZNS_OK, out);
	s = zstats(ftl);
	CHECK_EQ_OR(s.host_write_units, 16, out);
	CHECK_EQ_OR(s.nand_write_units, PU / BLK, out);
out:
	zns_ftl_ops.destroy(ftl);
}

/* Reset waits for the zone's programs, then erases its dies at once. */
static void zns_reset_costs_an_erase(void)
{
	struct ftl_params p = zns_params(ZNS_CAPACITY);
	void *ftl = zns_ftl_ops.create(&p);
	const struct ssd *ssd;
	u64 now, done = 0;

	CHECK(ftl);
	ssd = zns_ftl_ssd(ftl);
	CHECK_EQ_OR(zwrite_at(ftl, 0, ZONE_CAP, false, 0, &done, NULL), ZNS_OK,
		    out);
	now = 10 * NS_PER_SEC;	/* long after every program */
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_RESET, 0, false, false, now, &done),
		    ZNS_OK, out);
	CHECK_EQ_OR(done - now, ssd->prof.fw_read_ns + ssd->erase_ns, out);
	now += NS_PER_SEC;
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_RESET, 0, false, false, now, &done),
		    ZNS_OK, out);
	CHECK_EQ_OR(done - now, ssd->prof.fw_read_ns, out);
	/* Right after its last write, the erase waits for the programs. */
	CHECK_EQ_OR(zwrite_at(ftl, 0, ZONE_CAP, false, now, &done, NULL),
		    ZNS_OK, out);
	CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_RESET, 0, false, false, done, &now),
		    ZNS_OK, out);
	CHECK_OR(now - done > ssd->erase_ns + ssd->prof.nand_prog_ns[0], out);
out:
	zns_ftl_ops.destroy(ftl);
}

/*
 * A closed loop of @qd writes of @bs, @zones zones written at once in turn
 * (each sequentially, zone after zone), until @bytes are written.  Returns
 * MB/s.
 */
static u64 zns_seq_mbps(void *ftl, u32 zones, u32 qd, u64 bs, u64 bytes,
			u64 zone_cap, u64 zone_size)
{
	u64 done[QD_MAX], next[64], now = 0, last = 0, written = 0;
	u32 slot, k, turn = 0;
	u64 i;

	for (k = 0; k < zones; k++)
		next[k] = (u64)k * zone_size;
	for (i = 0; written < bytes; i++) {
		u64 *wp = &next[turn];

		if (i < qd) {
			slot = (u32)i;
		} else {
			for (slot = 0, k = 1; k < qd; k++)
				if (done[k] < done[slot])
					slot = k;
			now = env_max(now, done[slot]);
		}
		if (zwrite_at(ftl, *wp, bs, false, now, &done[slot], NULL) !=
		    ZNS_OK)
			return 0;
		last = env_max(last, done[slot]);
		written += bs;
		*wp += bs;
		/* A full zone: go on in the next one this writer owns. */
		if (*wp % zone_size == zone_cap)
			*wp += zone_size - zone_cap + (u64)(zones - 1) *
			       zone_size;
		turn = (turn + 1) % zones;
	}
	return written * 1000 / last;
}

/*
 * The profile's sequential write bandwidth: every die programs a unit per
 * mean program time (MLC alternates its page types), unless PCIe or the
 * channels are slower.
 */
static u64 zns_expected_mbps(const struct ssd *ssd)
{
	const struct ssd_profile *pr = &ssd->prof;
	u64 pu_bytes = (u64)ssd->geo.units_per_pu * BLK, prog = 0, flash;
	u32 i;

	for (i = 0; i < pr->cell_bits; i++)
		prog += pr->nand_prog_ns[i];
	flash = (u64)ssd->geo.dies * pu_bytes * 1000 * pr->cell_bits / prog;
	flash = env_min(flash, (u64)pr->channel_mbps * ssd->geo.channels);
	return env_min(flash, (u64)pr->pcie_mbps);
}

#define BW_CAPACITY	(2 * GIB)
#define BW_BYTES	(1 * GIB)
#define BW_TOLERANCE	10	/* percent */

static bool zns_bandwidth_case(const char *profile, u32 zones, u64 bs)
{
	struct ftl_params p = flash_params(profile, BW_CAPACITY);
	void *ftl = zns_ftl_ops.create(&p);
	struct ftl_zns_config cfg;
	u64 mbps, want;
	struct ftl_stats s;

	if (!ftl)
		return FAIL_FALSE("%s: create failed", profile);
	zops()->config(ftl, &cfg);
	mbps = zns_seq_mbps(ftl, zones, 32, bs, BW_BYTES, cfg.zone_capacity,
			    cfg.zone_size);
	want = zns_expected_mbps(zns_ftl_ssd(ftl));
	s = zstats(ftl);
	zns_ftl_ops.destroy(ftl);
	if (mbps * 100 < want * (100 - BW_TOLERANCE) ||
	    mbps * 100 > want * (100 + BW_TOLERANCE))
		return FAIL_FALSE("%s, %u zones, bs %llu: %llu MB/s, expected %llu",
				  profile, zones, bs, mbps, want);
	/* Whole zones written, and the last one's units programmed or not. */
	if (s.nand_write_units > s.host_write_units)
		return FAIL_FALSE("%s: nand %llu > host %llu", profile,
				  s.nand_write_units, s.host_write_units);
	return true;
}

static void zns_sequential_bandwidth(void)
{
	CHECK(zns_bandwidth_case("970pro", 1, 128 * KIB));
	CHECK(zns_bandwidth_case("970pro", 8, 128 * KIB));
	CHECK(zns_bandwidth_case("970pro", 14, 16 * KIB));
	CHECK(zns_bandwidth_case("p4500", 1, 128 * KIB));
	CHECK(zns_bandwidth_case("p4500", 8, 128 * KIB));
}

/* Zones filled and reset over and over: the flash writes what the host did. */
static void zns_waf_is_one(void)
{
	struct ftl_params p = zns_params(ZNS_CAPACITY);
	void *ftl = zns_ftl_ops.create(&p);
	struct ftl_stats s;
	u64 now = 0, done;
	u32 round, zi;

	CHECK(ftl);
	for (round = 0; round < 3; round++) {
		for (zi = 0; zi < NR_ZONES; zi++) {
			u64 off;

			for (off = 0; off < ZONE_CAP; off += 64 * KIB) {
				CHECK_EQ_OR(zwrite_at(ftl, ZSTART(zi) + off,
						      64 * KIB, false, now,
						      &done, NULL), ZNS_OK,
					    out);
				now = done;
			}
		}
		CHECK_EQ_OR(zmanage(ftl, ZNS_ACT_RESET, 0, true, false, now,
				    &done), ZNS_OK, out);
		now = done;
	}
	s = zstats(ftl);
	CHECK_EQ_OR(s.host_write_units, 3ULL * NR_ZONES * ZONE_CAP / BLK, out);
	CHECK_EQ_OR(s.nand_write_units, s.host_write_units, out);
	CHECK_EQ_OR(s.gc_copied_units, 0, out);
	CHECK_EQ_OR(zcounters(ftl).resets, 3 * NR_ZONES, out);
out:
	zns_ftl_ops.destroy(ftl);
}

/* Reads: zeroes past the pointer cost no flash; written data does. */
static void zns_reads(void)
{
	struct ftl_params p = zns_params(ZNS_CAPACITY);
	void *ftl = zns_ftl_ops.create(&p);
	struct zns_io rd = { .length = BLK };
	const struct ssd *ssd;
	u64 done;

	CHECK(ftl);
	ssd = zns_ftl_ssd(ftl);
	CHECK_EQ_OR(zwrite_at(ftl, 0, ZONE_CAP, false, 0, &done, NULL), ZNS_OK,
		    out);
	rd.now_ns = 10 * NS_PER_SEC;
	CHECK_EQ_OR(zops()->io(ftl, &rd), ZNS_OK, out);
	CHECK_EQ_OR(rd.done_ns - rd.now_ns,
		    ssd_read_latency_ns(ssd, 0), out);
	rd.offset = ZSTART(1);
	rd.now_ns += NS_PER_SEC;
	CHECK_EQ_OR(zops()->io(ftl, &rd), ZNS_OK, out);
	CHECK_EQ_OR(rd.done_ns - rd.now_ns, ssd->prof.fw_read_ns +
		    chmodel_xfer_ns(&ssd->pcie_to_host, BLK), out);
	/* Across a zone boundary, and past the namespace. */
	rd.offset = ZONE_SIZE - BLK;
	rd.length = 2 * BLK;
	CHECK_EQ_OR(zops()->io(ftl, &rd), ZNS_OK, out);
	rd.offset = ZSTART(NR_ZONES) - BLK;
	CHECK_EQ_OR(zops()->io(ftl, &rd), ZNS_LBA_RANGE, out);
out:
	zns_ftl_ops.destroy(ftl);
}

const struct unit_test zns_ftl_tests[] = {
	UNIT_TEST(zns_geometry_defaults),
	UNIT_TEST(zns_geometry_overrides),
	UNIT_TEST(zns_rejects_bad_params),
	UNIT_TEST(zns_write_pointer),
	UNIT_TEST(zns_every_transition),
	UNIT_TEST(zns_write_opens_and_bad_commands),
	UNIT_TEST(zns_lru_implicit_close),
	UNIT_TEST(zns_too_many_active),
	UNIT_TEST(zns_append),
	UNIT_TEST(zns_finish_empty_and_reset_full),
	UNIT_TEST(zns_select_all),
	UNIT_TEST(zns_read_only_offline_and_changes),
	UNIT_TEST(zns_report_filters),
	UNIT_TEST(zns_zrwa_window),
	UNIT_TEST(zns_zrwa_rewrites_cost_no_flash),
	UNIT_TEST(zns_reset_costs_an_erase),
	UNIT_TEST(zns_reads),
	UNIT_TEST(zns_sequential_bandwidth),
	UNIT_TEST(zns_waf_is_one),
	UNIT_END,
};
