// SPDX-License-Identifier: GPL-2.0
/*
 * --plot=BASE.png: draws a run with gnuplot.  Writes BASE.cdf.dat (the
 * latency distribution of reads and of writes over the measured window),
 * BASE.time.dat (the FTL's write amplification and garbage collection over
 * the whole run) and BASE.gp (the gnuplot script that draws them), then
 * runs gnuplot.  The three files stay beside the picture, to redraw it or
 * use the figures elsewhere.
 */
#include <limits.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim.h"

#define GNUPLOT			"gnuplot"
#define PNG_SUFFIX		".png"
#define PLOT_WIDTH_PX		1000
#define PANEL_HEIGHT_PX		450
/* the latency CDF's x axis is logarithmic from this max / min on */
#define LOG_SCALE_MIN_SPAN	10
/* the x range around a latency that never varies, as a share of it */
#define CONSTANT_MARGIN		0.1

static const char *const op_names[] = { "read", "write" };

bool sim_plot_wants(const char *png)
{
	size_t len = strlen(png), suffix = strlen(PNG_SUFFIX);

	if (len > suffix && len < PATH_MAX &&
	    !strcmp(png + len - suffix, PNG_SUFFIX))
		return true;
	fprintf(stderr, "nvmev-sim: --plot=%s: want a FILE.png\n", png);
	return false;
}

int sim_plot_available(void)
{
	const char *path = getenv("PATH");
	char dir[PATH_MAX];

	while (path && *path) {
		size_t len = strcspn(path, ":");

		/* an empty entry is the current directory */
		snprintf(dir, sizeof(dir), "%.*s/%s", (int)len,
			 len ? path : ".", GNUPLOT);
		if (!access(dir, X_OK))
			return 0;
		path += len + (path[len] == ':');
	}
	fprintf(stderr, "nvmev-sim: --plot needs %s, which is not on the PATH (Debian: apt-get install gnuplot-nox)\n",
		GNUPLOT);
	return -1;
}

/* @s as a gnuplot string: single quotes, a quote inside doubled. */
static void gp_string(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputc('\'', f);
		fputc(*s, f);
	}
	fputc('\'', f);
}

static FILE *create(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		fprintf(stderr, "nvmev-sim: --plot: cannot write %s: %s\n",
			path, strerror(errno));
	return f;
}

static int close_checked(FILE *f, const char *path)
{
	if (ferror(f) | fclose(f)) {
		fprintf(stderr, "nvmev-sim: --plot: writing %s failed\n", path);
		return -1;
	}
	return 0;
}

/* One gnuplot data block per operation that has samples. */
static int write_cdf(const char *path, const struct sim_result *res)
{
	FILE *f = create(path);
	bool first = true;
	int op;

	if (!f)
		return -1;
	fprintf(f, "# latency_us fraction_of_commands_done\n");
	for (op = 0; op < 2; op++) {
		if (!res->lat[op].count)
			continue;
		/* two blank lines separate gnuplot's "index" blocks */
		fprintf(f, "%s# %s\n", first ? "" : "\n\n", op_names[op]);
		lat_write_cdf(&res->lat[op], f);
		first = false;
	}
	return close_checked(f, path);
}

/* NAND units over host units from @a to @b; < 0 if the host wrote nothing. */
static double waf_between(const struct ftl_stats *a, const struct ftl_stats *b)
{
	u64 host = b->host_write_units - a->host_write_units;

	return host ? (double)(b->nand_write_units - a->nand_write_units) /
		      host : -1;
}

/*
 * Per sample: seconds since the run began, WAF since then, WAF over the
 * interval, GC runs per second in it ("?" where the host wrote nothing).
 * Returns whether the host wrote anything, or -1 on error.
 */
static int write_time(const char *path, const struct sim_trace *trace)
{
	const struct sim_sample *s0 = &trace->samples[0];
	FILE *f = create(path);
	bool any_waf = false;
	u32 i;

	if (!f)
		return -1;
	fprintf(f, "# time_s waf_so_far waf_interval gc_runs_per_s\n");
	for (i = 1; i < trace->nr; i++) {
		const struct sim_sample *prev = &trace->samples[i - 1];
		const struct sim_sample *s = &trace->samples[i];
		double dt = (double)(s->now_ns - prev->now_ns) / SIM_NS_PER_SEC;
		double so_far = waf_between(&s0->stats, &s->stats);
		double interval = waf_between(&prev->stats, &s->stats);

		fprintf(f, "%.9f ", (double)(s->now_ns - s0->now_ns) /
			SIM_NS_PER_SEC);
		if (so_far >= 0)
			fprintf(f, "%.4f ", so_far);
		else
			fprintf(f, "? ");
		if (interval >= 0)
			fprintf(f, "%.4f ", interval);
		else
			fprintf(f, "? ");
		if (dt > 0)
			fprintf(f, "%.1f\n", (s->stats.gc_runs -
					      prev->stats.gc_runs) / dt);
		else
			fprintf(f, "?\n");
		any_waf |= so_far >= 0;
	}
	if (close_checked(f, path))
		return -1;
	return any_waf;
}

static void write_cdf_panel(FILE *f, const char *cdf,
			    const struct sim_result *res)
{
	bool log_x, first = true;
	u64 lo = UINT64_MAX, hi = 0;
	int op, block = 0;

	for (op = 0; op < 2; op++) {
		if (!res->lat[op].count)
			continue;
		lo = env_min(lo, res->lat[op].min_ns);
		hi = env_max(hi, res->lat[op].max_ns);
	}
	/*
	 * A log scale for latencies that span decades (a zero has no place
	 * on one; less than a decade would show no tick at all)
	 */
	log_x = lo > 0 && hi / LOG_SCALE_MIN_SPAN >= lo;
	fprintf(f, "set title 'Latency CDF (measured window)'\n");
	fprintf(f, "set xlabel 'latency (us)%s'\n", log_x ? ", log scale" : "");
	fprintf(f, "set ylabel 'fraction of commands'\n");
	fprintf(f, "%s\n", log_x ? "set logscale x" : "unset logscale x");
	fprintf(f, "set yrange [0:1.05]\nset key bottom right\nset grid\n");
	/* a constant latency is a vertical line: keep it off the border */
	fprintf(f, "set offsets graph 0.03, graph 0.03, 0, 0\n");
	/* one latency for all: an x range around it, not gnuplot's warning */
	if (lo == hi)
		fprintf(f, "set xrange [%.3f:%.3f]\n",
			lo ? lo * (1 - CONSTANT_MARGIN) / 1000.0 : -1.0,
			lo ? hi * (1 + CONSTANT_MARGIN) / 1000.0 : 1.0);
	fprintf(f, "plot ");
	for (op = 0; op < 2; op++) {
		if (!res->lat[op].count)
			continue;
		fprintf(f, "%s", first ? "" : ", \\\n     ");
		gp_string(f, cdf);
		fprintf(f, " index %d with steps lw 2 title '%s, %llu commands'",
			block++, op_names[op],
			(unsigned long long)res->lat[op].count);
		first = false;
	}
	fprintf(f, "\n");
}

static void write_time_panel(FILE *f, const char *data,
			     const struct sim_result *res)
{
	const struct sim_trace *trace = res->trace;
	double warmup_s = (double)(res->start_ns - trace->samples[0].now_ns) /
			  SIM_NS_PER_SEC;

	fprintf(f, "unset logscale x\nset autoscale x\nset offsets 0, 0, 0, 0\n");
	fprintf(f, "set title 'Write amplification and garbage collection over the run'\n");
	fprintf(f, "set xlabel 'simulated time (s)'\n");
	fprintf(f, "set ylabel 'WAF (NAND writes / host writes)'\n");
	fprintf(f, "set y2label 'GC runs per simulated second'\n");
	fprintf(f, "set ytics nomirror\nset y2tics\n");
	fprintf(f, "set yrange [0:*]\nset y2range [0:*]\nset key below\nset bmargin 5\n");
	if (warmup_s > 0)
		fprintf(f, "set arrow from %.9f, graph 0 to %.9f, graph 1 nohead dashtype 2\n"
			"set label 'warmup ends' at %.9f, graph 0.97 offset 0.5, 0\n",
			warmup_s, warmup_s, warmup_s);
	fprintf(f, "plot ");
	gp_string(f, data);
	fprintf(f, " using 1:4 axes x1y2 with impulses lc rgb 'gray60' title 'GC runs/s'");
	fprintf(f, ", \\\n     '' using 1:3 with lines title 'WAF per interval'");
	fprintf(f, ", \\\n     '' using 1:2 with lines lw 2 title 'WAF since the run began'\n");
}

static int run_gnuplot(const char *script)
{
	pid_t pid;
	int status;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		perror("nvmev-sim: fork");
		return -1;
	}
	if (!pid) {
		execlp(GNUPLOT, GNUPLOT, script, (char *)NULL);
		fprintf(stderr, "nvmev-sim: cannot run %s: %s\n", GNUPLOT,
			strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("nvmev-sim: waitpid");
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "nvmev-sim: %s %s failed\n", GNUPLOT, script);
		return -1;
	}
	return 0;
}

int sim_plot(const char *png, const char *title, const struct sim_result *res)
{
	char base[PATH_MAX], cdf[PATH_MAX + 16], data[PATH_MAX + 16];
	char script[PATH_MAX + 16];
	size_t base_len;
	bool time_panel = false;
	struct stat st;
	FILE *f;
	int ret;

	if (!sim_plot_wants(png))
		return -1;
	base_len = strlen(png) - strlen(PNG_SUFFIX);
	memcpy(base, png, base_len);
	base[base_len] = '\0';
	snprintf(cdf, sizeof(cdf), "%s.cdf.dat", base);
	if (write_cdf(cdf, res))
		return -1;
	/* WAF and GC over time, when the FTL counts them and there were writes */
	if (res->have_stats && res->trace && res->trace->nr > 1) {
		snprintf(data, sizeof(data), "%s.time.dat", base);
		ret = write_time(data, res->trace);
		if (ret < 0)
			return -1;
		time_panel = ret;
		if (!time_panel)
			unlink(data);
	}
	snprintf(script, sizeof(script), "%s.gp", base);
	f = create(script);
	if (!f)
		return -1;
	fprintf(f, "# nvmev-sim --plot: gnuplot %s redraws ", script);
	gp_string(f, png);
	fprintf(f, "\nset terminal pngcairo size %d,%d noenhanced font ',10'\n",
		PLOT_WIDTH_PX, PANEL_HEIGHT_PX * (time_panel ? 2 : 1));
	fprintf(f, "set output ");
	gp_string(f, png);
	fprintf(f, "\nset datafile missing '?'\n");
	fprintf(f, "set multiplot layout %d, 1 title ", time_panel ? 2 : 1);
	gp_string(f, title);
	fprintf(f, "\n");
	write_cdf_panel(f, cdf, res);
	if (time_panel)
		write_time_panel(f, data, res);
	fprintf(f, "unset multiplot\n");
	if (close_checked(f, script) || run_gnuplot(script))
		return -1;
	if (stat(png, &st) || !st.st_size) {
		fprintf(stderr, "nvmev-sim: gnuplot wrote no %s\n", png);
		return -1;
	}
	return 0;
}
