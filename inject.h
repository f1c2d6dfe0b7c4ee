/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Error injection for file-system and application research: bad LBAs,
 * random read and write errors at a rate per million commands, and
 * commands that never complete.  debugfs's inject file sets them with
 * text commands (inject_apply()) and shows them (inject_show()); the
 * dispatcher asks, for each command in submission order, whether it fails
 * or hangs.  Pure logic on ftl_env.h, so it is unit-tested in userspace.
 */
#ifndef NVMEV_INJECT_H
#define NVMEV_INJECT_H

#include "ftl_env.h"

/* Rates are per million commands. */
#define INJECT_PPM		1000000U
/* Ranges a list holds at most (merged: adjacent ranges count as one). */
#define INJECT_MAX_RANGES	1024U
/* The random sequence starts here unless "seed" says otherwise. */
#define INJECT_DEFAULT_SEED	1ULL
/* Longest line inject_show() writes, and the most text it writes. */
#define INJECT_LINE_MAX		64U
#define INJECT_SHOW_MAX		((2 * INJECT_MAX_RANGES + 8) * INJECT_LINE_MAX)

struct inject_range {
	u64 slba;
	u64 nlb;
};

/* Disjoint, not adjacent, sorted by LBA. */
struct inject_ranges {
	u32 nr;
	struct inject_range r[INJECT_MAX_RANGES];
};

/*
 * The settings.  Once the dispatcher may see them they never change: a
 * change is a new copy, published in their place.
 */
struct inject_cfg {
	u32 read_ppm;		/* reads failing with Unrecovered Read Error */
	u32 write_ppm;		/* writes failing with Write Fault */
	u32 timeout_ppm;	/* commands never completed */
	u64 seed;
	/*
	 * Numbers the caller gives each new copy, always growing: the random
	 * sequence starts over from the seed whenever it changes, and
	 * bad_gen is the copy that last added bad LBAs.
	 */
	u64 gen;
	u64 bad_gen;
	struct inject_ranges bad;	/* reads and writes fail */
	struct inject_ranges timeout;	/* commands touching them hang */
};

/* What the deciding thread keeps between commands. */
struct inject_state {
	u64 rng;
	u64 gen;		/* of the settings the sequence follows */
	/* Injected so far */
	u64 read_errors;
	u64 write_errors;
	u64 timeouts;
};

/* A copy of @cfg, or the defaults when it is NULL; NULL without memory. */
struct inject_cfg *inject_cfg_dup(const struct inject_cfg *cfg);
void inject_cfg_free(struct inject_cfg *cfg);
/* Whether @cfg injects nothing and keeps the default seed. */
bool inject_cfg_idle(const struct inject_cfg *cfg);

/*
 * Applies one line of commands to @cfg:
 *
 *   bad SLBA NLB        reads of these LBAs fail, and so do writes
 *   good SLBA NLB       they are bad no more
 *   timeout SLBA NLB    commands that touch them never complete
 *   read_ppm N          N reads in a million fail (0 to 1000000)
 *   write_ppm N         N writes in a million fail
 *   timeout_ppm N       N commands in a million never complete
 *   seed N              where the random sequence starts
 *   clear               everything back to the defaults
 *
 * Empty lines and lines starting with '#' do nothing.  On a bad line
 * returns a negative errno and says why in @err; @cfg may then be half
 * changed, so apply lines to a copy.
 */
int inject_apply(struct inject_cfg *cfg, const char *line, char *err,
		 size_t err_size);
/*
 * The settings as lines inject_apply() takes back (the defaults for NULL);
 * returns the length.
 */
int inject_show(const struct inject_cfg *cfg, char *buf, size_t size);

/*
 * The decisions, for the thread that owns @st.  The first LBA of [@slba,
 * @slba + @nlb) whose read (or write) fails, or @slba + @nlb if none does.
 */
u64 inject_read_error(const struct inject_cfg *cfg, struct inject_state *st,
		      u64 slba, u64 nlb);
u64 inject_write_error(const struct inject_cfg *cfg, struct inject_state *st,
		       u64 slba, u64 nlb);
/*
 * Whether a command never completes; @ranged: it names [@slba, @slba +
 * @nlb), which the timeout ranges apply to.
 */
bool inject_timeout(const struct inject_cfg *cfg, struct inject_state *st,
		    bool ranged, u64 slba, u64 nlb);

/* The first bad LBA in [@slba, @slba + @nlb), or @slba + @nlb. */
u64 inject_find_bad(const struct inject_cfg *cfg, u64 slba, u64 nlb);
/* Where the run of bad LBAs that starts at @lba (bad) ends. */
u64 inject_bad_end(const struct inject_cfg *cfg, u64 lba);
/* Bad LBAs in all. */
u64 inject_bad_count(const struct inject_cfg *cfg);

#endif /* NVMEV_INJECT_H */
