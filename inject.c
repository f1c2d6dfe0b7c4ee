// SPDX-License-Identifier: GPL-2.0
/*
 * Error injection: the settings, their text form, and the per-command
 * decisions.  See inject.h.
 */
#include "inject.h"

/* Words in a command line: the command and up to two numbers. */
#define INJECT_MAX_WORDS	3
#define INJECT_WORD_MAX		32

/*
 * splitmix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014): seedable with any value, and good enough that
 * the low rates come out as asked.
 */
#define SPLITMIX_GAMMA		0x9e3779b97f4a7c15ULL
#define SPLITMIX_MUL1		0xbf58476d1ce4e5b9ULL
#define SPLITMIX_MUL2		0x94d049bb133111ebULL
#define SPLITMIX_SHIFT1		30
#define SPLITMIX_SHIFT2		27
#define SPLITMIX_SHIFT3		31

static u64 rng_next(struct inject_state *st)
{
	u64 z = (st->rng += SPLITMIX_GAMMA);

	z = (z ^ (z >> SPLITMIX_SHIFT1)) * SPLITMIX_MUL1;
	z = (z ^ (z >> SPLITMIX_SHIFT2)) * SPLITMIX_MUL2;
	return z ^ (z >> SPLITMIX_SHIFT3);
}

/*
 * True for @ppm commands in a million.  The top 32 bits of a draw scaled
 * to [0, INJECT_PPM) by a multiplication: no division, and no bias worth
 * the name at these rates.
 */
static bool roll(const struct inject_cfg *cfg, struct inject_state *st,
		 u32 ppm)
{
	if (!ppm)
		return false;
	if (st->gen != cfg->gen) {
		st->gen = cfg->gen;
		st->rng = cfg->seed;
	}
	return ((rng_next(st) >> 32) * INJECT_PPM) >> 32 < ppm;
}

/* ---- range lists ---- */

static u64 range_end(const struct inject_range *r)
{
	return r->slba + r->nlb;
}

/* The first range that ends after @lba, or the number of ranges. */
static u32 ranges_first_after(const struct inject_ranges *list, u64 lba)
{
	u32 lo = 0, hi = list->nr;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (range_end(&list->r[mid]) <= lba)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first LBA of [@slba, @end) in a range, or @end. */
static u64 ranges_find(const struct inject_ranges *list, u64 slba, u64 end)
{
	u32 i = ranges_first_after(list, slba);

	if (i == list->nr || list->r[i].slba >= end)
		return end;
	return env_max(slba, list->r[i].slba);
}

/* Adds [@slba, @end), merged with every range it overlaps or touches. */
static int ranges_add(struct inject_ranges *list, u64 slba, u64 end)
{
	u32 i = 0, j;

	while (i < list->nr && range_end(&list->r[i]) < slba)
		i++;
	for (j = i; j < list->nr && list->r[j].slba <= end; j++) {
		slba = env_min(slba, list->r[j].slba);
		end = env_max(end, range_end(&list->r[j]));
	}
	if (i == j) {
		if (list->nr == INJECT_MAX_RANGES)
			return -ENOSPC;
		memmove(&list->r[i + 1], &list->r[i],
			(list->nr - i) * sizeof(list->r[0]));
		list->nr++;
	} else {
		/* r[i] becomes the merged range; r[i + 1, j) go. */
		memmove(&list->r[i + 1], &list->r[j],
			(list->nr - j) * sizeof(list->r[0]));
		list->nr -= j - i - 1;
	}
	list->r[i].slba = slba;
	list->r[i].nlb = end - slba;
	return 0;
}

/* Takes [@slba, @end) out, splitting the range it falls inside of. */
static int ranges_remove(struct inject_ranges *list, u64 slba, u64 end)
{
	u32 i = ranges_first_after(list, slba);

	while (i < list->nr && list->r[i].slba < end) {
		struct inject_range *r = &list->r[i];
		u64 r_end = range_end(r);

		if (r->slba < slba && r_end > end) {
			if (list->nr == INJECT_MAX_RANGES)
				return -ENOSPC;
			memmove(&list->r[i + 2], &list->r[i + 1],
				(list->nr - i - 1) * sizeof(list->r[0]));
			list->nr++;
			r->nlb = slba - r->slba;
			list->r[i + 1].slba = end;
			list->r[i + 1].nlb = r_end - end;
			return 0;
		}
		if (r->slba < slba) {
			r->nlb = slba - r->slba;
			i++;
		} else if (r_end > end) {
			r->slba = end;
			r->nlb = r_end - end;
			i++;
		} else {
			memmove(r, r + 1, (list->nr - i - 1) * sizeof(*r));
			list->nr--;
		}
	}
	return 0;
}

/* ---- settings ---- */

static void cfg_defaults(struct inject_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->seed = INJECT_DEFAULT_SEED;
}

struct inject_cfg *inject_cfg_dup(const struct inject_cfg *cfg)
{
	struct inject_cfg *copy = env_zalloc(sizeof(*copy));

	if (!copy)
		return NULL;
	if (cfg)
		memcpy(copy, cfg, sizeof(*copy));
	else
		cfg_defaults(copy);
	return copy;
}

void inject_cfg_free(struct inject_cfg *cfg)
{
	env_free(cfg);
}

bool inject_cfg_idle(const struct inject_cfg *cfg)
{
	return !cfg->read_ppm && !cfg->write_ppm && !cfg->timeout_ppm &&
	       !cfg->bad.nr && !cfg->timeout.nr &&
	       cfg->seed == INJECT_DEFAULT_SEED;
}

/* ---- the text form ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Splits @line into at most INJECT_MAX_WORDS words; -EINVAL past that. */
static int split_words(const char *line, char words[][INJECT_WORD_MAX],
		       u32 *nr)
{
	*nr = 0;
	for (;;) {
		u32 len = 0;

		while (is_space(*line))
			line++;
		if (!*line)
			return 0;
		if (*nr == INJECT_MAX_WORDS)
			return -EINVAL;
		while (*line && !is_space(*line)) {
			if (len == INJECT_WORD_MAX - 1)
				return -EINVAL;
			words[*nr][len++] = *line++;
		}
		words[(*nr)++][len] = '\0';
	}
}

/* A decimal or 0x-prefixed number, the whole word. */
static int parse_u64(const char *word, u64 *out)
{
	const char *p = word;
	u32 base = 10;
	u64 v = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (!*p)
		return -EINVAL;
	for (; *p; p++) {
		u32 digit;

		if (*p >= '0' && *p <= '9')
			digit = *p - '0';
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			digit = *p - 'a' + 10;
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			digit = *p - 'A' + 10;
		else
			return -EINVAL;
		if (v > env_div_u64(~0ULL - digit, base))
			return -ERANGE;
		v = v * base + digit;
	}
	*out = v;
	return 0;
}

enum inject_cmd {
	CMD_BAD,
	CMD_GOOD,
	CMD_TIMEOUT,
	CMD_READ_PPM,
	CMD_WRITE_PPM,
	CMD_TIMEOUT_PPM,
	CMD_SEED,
	CMD_CLEAR,
};

static const struct {
	const char *name;
	u32 args;
} commands[] = {
	[CMD_BAD] = { "bad", 2 },
	[CMD_GOOD] = { "good", 2 },
	[CMD_TIMEOUT] = { "timeout", 2 },
	[CMD_READ_PPM] = { "read_ppm", 1 },
	[CMD_WRITE_PPM] = { "write_ppm", 1 },
	[CMD_TIMEOUT_PPM] = { "timeout_ppm", 1 },
	[CMD_SEED] = { "seed", 1 },
	[CMD_CLEAR] = { "clear", 0 },
};

#define NR_COMMANDS	(sizeof(commands) / sizeof(commands[0]))

static int apply_range(struct inject_cfg *cfg, enum inject_cmd cmd,
		       u64 slba, u64 nlb, char *err, size_t err_size)
{
	int ret;

	if (!nlb || slba + nlb < slba) {
		env_snprintf(err, err_size, "%s %llu %llu: an empty or wrapping range",
			     commands[cmd].name, slba, nlb);
		return -EINVAL;
	}
	switch (cmd) {
	case CMD_BAD:
		ret = ranges_add(&cfg->bad, slba, slba + nlb);
		if (!ret)
			cfg->bad_gen = cfg->gen;
		break;
	case CMD_GOOD:
		ret = ranges_remove(&cfg->bad, slba, slba + nlb);
		break;
	default:
		ret = ranges_add(&cfg->timeout, slba, slba + nlb);
		break;
	}
	if (ret)
		env_snprintf(err, err_size, "%s %llu %llu: more than %u ranges",
			     commands[cmd].name, slba, nlb, INJECT_MAX_RANGES);
	return ret;
}

static int apply_rate(u32 *rate, const char *name, u64 value, char *err,
		      size_t err_size)
{
	if (value > INJECT_PPM) {
		env_snprintf(err, err_size, "%s %llu: at most %u", name, value,
			     INJECT_PPM);
		return -ERANGE;
	}
	*rate = (u32)value;
	return 0;
}

int inject_apply(struct inject_cfg *cfg, const char *line, char *err,
		 size_t err_size)
{
	char words[INJECT_MAX_WORDS][INJECT_WORD_MAX];
	u64 args[INJECT_MAX_WORDS - 1];
	u32 nr, cmd, i;
	u64 gen = cfg->gen;

	while (is_space(*line))
		line++;
	if (!*line || *line == '#')
		return 0;
	if (split_words(line, words, &nr)) {
		env_snprintf(err, err_size, "'%.*s': too many or too long words",
			     (int)INJECT_LINE_MAX, line);
		return -EINVAL;
	}
	for (cmd = 0; cmd < NR_COMMANDS; cmd++)
		if (!strcmp(words[0], commands[cmd].name))
			break;
	if (cmd == NR_COMMANDS) {
		env_snprintf(err, err_size,
			     "'%s': unknown (bad, good, timeout, read_ppm, write_ppm, timeout_ppm, seed, clear)",
			     words[0]);
		return -EINVAL;
	}
	if (nr - 1 != commands[cmd].args) {
		env_snprintf(err, err_size, "%s takes %u number(s)",
			     commands[cmd].name, commands[cmd].args);
		return -EINVAL;
	}
	for (i = 1; i < nr; i++) {
		if (parse_u64(words[i], &args[i - 1])) {
			env_snprintf(err, err_size, "%s: '%s' is not a number",
				     commands[cmd].name, words[i]);
			return -EINVAL;
		}
	}

	switch (cmd) {
	case CMD_BAD:
	case CMD_GOOD:
	case CMD_TIMEOUT:
		return apply_range(cfg, cmd, args[0], args[1], err, err_size);
	case CMD_READ_PPM:
		return apply_rate(&cfg->read_ppm, "read_ppm", args[0], err,
				  err_size);
	case CMD_WRITE_PPM:
		return apply_rate(&cfg->write_ppm, "write_ppm", args[0], err,
				  err_size);
	case CMD_TIMEOUT_PPM:
		return apply_rate(&cfg->timeout_ppm, "timeout_ppm", args[0],
				  err, err_size);
	case CMD_SEED:
		cfg->seed = args[0];
		return 0;
	default:
		cfg_defaults(cfg);
		cfg->gen = gen;
		return 0;
	}
}

static int show_ranges(const struct inject_ranges *list, const char *name,
		       char *buf, size_t size)
{
	int len = 0;
	u32 i;

	for (i = 0; i < list->nr; i++)
		len += env_snprintf(buf + len, size - len, "%s %llu %llu\n",
				    name, list->r[i].slba, list->r[i].nlb);
	return len;
}

static int show_rates(u32 read_ppm, u32 write_ppm, u32 timeout_ppm, u64 seed,
		      char *buf, size_t size)
{
	return env_snprintf(buf, size,
			    "read_ppm %u\nwrite_ppm %u\ntimeout_ppm %u\nseed %llu\n",
			    read_ppm, write_ppm, timeout_ppm, seed);
}

int inject_show(const struct inject_cfg *cfg, char *buf, size_t size)
{
	int len;

	if (!cfg)
		return show_rates(0, 0, 0, INJECT_DEFAULT_SEED, buf, size);
	len = show_rates(cfg->read_ppm, cfg->write_ppm, cfg->timeout_ppm,
			 cfg->seed, buf, size);
	len += show_ranges(&cfg->bad, "bad", buf + len, size - len);
	len += show_ranges(&cfg->timeout, "timeout", buf + len, size - len);
	return len;
}

/* ---- decisions ---- */

u64 inject_find_bad(const struct inject_cfg *cfg, u64 slba, u64 nlb)
{
	return ranges_find(&cfg->bad, slba, slba + nlb);
}

u64 inject_bad_end(const struct inject_cfg *cfg, u64 lba)
{
	u32 i = ranges_first_after(&cfg->bad, lba);

	return i < cfg->bad.nr ? range_end(&cfg->bad.r[i]) : lba;
}

u64 inject_bad_count(const struct inject_cfg *cfg)
{
	u64 n = 0;
	u32 i;

	for (i = 0; i < cfg->bad.nr; i++)
		n += cfg->bad.r[i].nlb;
	return n;
}

/* A bad LBA fails it first; else the dice, failing it at its start. */
static u64 media_error(const struct inject_cfg *cfg, struct inject_state *st,
		       u64 slba, u64 nlb, u32 ppm, u64 *count)
{
	u64 bad = inject_find_bad(cfg, slba, nlb);

	if (bad == slba + nlb && roll(cfg, st, ppm))
		bad = slba;
	if (bad < slba + nlb)
		(*count)++;
	return bad;
}

u64 inject_read_error(const struct inject_cfg *cfg, struct inject_state *st,
		      u64 slba, u64 nlb)
{
	return media_error(cfg, st, slba, nlb, cfg->read_ppm,
			   &st->read_errors);
}

u64 inject_write_error(const struct inject_cfg *cfg, struct inject_state *st,
		       u64 slba, u64 nlb)
{
	return media_error(cfg, st, slba, nlb, cfg->write_ppm,
			   &st->write_errors);
}

bool inject_timeout(const struct inject_cfg *cfg, struct inject_state *st,
		    bool ranged, u64 slba, u64 nlb)
{
	bool hang = ranged && ranges_find(&cfg->timeout, slba, slba + nlb) <
			      slba + nlb;

	if (!hang)
		hang = roll(cfg, st, cfg->timeout_ppm);
	if (hang)
		st->timeouts++;
	return hang;
}
