// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the configuration file parser, tools/conf.c (with
 * the command line parsers of tools/parse.c under it).
 *
 * Input: the bytes of a havs.conf file, given to conf_parse_opts() in a
 * malloc'd buffer of exactly that size (so ASan reports a read past it).
 * Errors go to /dev/null (printed all the same, carets and all).
 *
 * include and define are read as havsadm reads them, but includes are
 * confined to a directory made once per process (conf_read_opts.root),
 * which holds a few files the dictionary names: one that defines, one
 * that includes another, one that includes itself, a glob's worth. Every
 * other path is refused. The schedulers are checked as apply checks them.
 *
 * Invariants checked beyond "no crash":
 *  - Errors are counted: a file is accepted only with 0 errors.
 *  - An accepted file printed with conf_print() parses again with no
 *    error, to a model that prints the same (printing is a fixed point
 *    after one round), and conf_diff() of the two is empty: what 'show
 *    config' prints applies as a no-op.
 *  - conf_diff() of the file against an empty state gives command lines
 *    that split back into words (conf_split()), one per object at least.
 *  - What is printed has neither include nor define (they are resolved on
 *    input), and reads back with include and define off.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "conf.h"
#include "fuzz.h"

const char *prog = "fuzz_conf";

void errmsg(const char *fmt, ...)
{
	(void)fmt;
}

static FILE *devnull;
static char incdir[64] = "/tmp/fuzz_conf.XXXXXX";
static struct conf_read_opts opts = { .known_scheds = true };
static const struct conf_read_opts plain = { .known_scheds = true, .no_meta = true };

static void put(const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", incdir, name);
	f = fopen(path, "w");
	CHECK(f);
	fputs(text, f);
	CHECK(!fclose(f));
}

static const char *const files[] = {
	"a.conf", "b.conf", "d.conf", "loop.conf", "conf.d/1.conf",
	"conf.d/2.conf", "conf.d", "",
};

static void cleanup(void)
{
	char path[128];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", incdir, files[i]);
		remove(path);
	}
}

/* The directory includes are confined to, and its files (once). */
static void setup(void)
{
	char d[128];

	devnull = fopen("/dev/null", "w");
	CHECK(devnull && mkdtemp(incdir));
	atexit(cleanup);
	snprintf(d, sizeof(d), "%s/conf.d", incdir);
	CHECK(!mkdir(d, 0700));
	put("a.conf", "track a\n");
	put("b.conf", "include \"a.conf\"\ntrack b down\n");
	put("d.conf", "define D = 10.0.0.1\ndefine W = weight 2\n");
	put("loop.conf", "include \"loop.conf\"\n");
	put("conf.d/1.conf", "service tcp 10.0.0.1:80\n  server 10.0.1.1:80\n");
	put("conf.d/2.conf", "vrrp dev eth0 vrid 9 address 10.0.0.9\n");
	opts.dir = incdir;
	opts.root = incdir;
}

static char *print(const struct conf *cf)
{
	size_t len = 0;
	char *out = NULL;
	FILE *f = open_memstream(&out, &len);

	CHECK(f);
	conf_print(f, cf);
	CHECK(!fclose(f));
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf a = { 0 }, b = { 0 }, c = { 0 }, none = { 0 };
	struct conf_actions d;
	char *text, *p1, *p2;

	if (!devnull)
		setup();
	text = malloc(size ? size : 1);
	CHECK(text);
	memcpy(text, data, size);
	if (conf_parse_opts(&a, "fuzz.conf", text, size, &opts, devnull)) {
		conf_free(&a);
		free(text);
		return 0;
	}
	/* what the kernel would report: every object pinned */
	for (unsigned int i = 0; i < a.ntracks; i++)
		a.tracks[i].pinned = true;
	p1 = print(&a);
	CHECK(strncmp(p1, "include ", 8) && strncmp(p1, "define ", 7) &&
	      !strstr(p1, "\ninclude ") && !strstr(p1, "\ndefine "));
	CHECK(conf_parse_opts(&b, "printed", p1, strlen(p1), &plain, devnull) == 0);
	for (unsigned int i = 0; i < b.ntracks; i++)
		b.tracks[i].pinned = true;
	p2 = print(&b);
	CHECK(conf_parse_opts(&c, "again", p2, strlen(p2), &plain, devnull) == 0);
	for (unsigned int i = 0; i < c.ntracks; i++)
		c.tracks[i].pinned = true;
	CHECK(conf_diff(&b, &c, &d) == 0);
	CHECK(d.n == 0);
	conf_actions_free(&d);
	CHECK(conf_diff(&a, &b, &d) == 0);
	CHECK(d.n == 0);
	conf_actions_free(&d);
	/* from nothing: a command per object at least, each splits back */
	CHECK(conf_diff(&a, &none, &d) == 0);
	CHECK(d.n >= a.nvrrps + a.nsvcs);
	for (unsigned int i = 0; i < d.n; i++) {
		char **w;
		int n;

		CHECK(conf_split(d.lines[i], &w, &n) == 0 && n >= 2);
		conf_words_free(w, n);
	}
	conf_actions_free(&d);
	free(p1);
	free(p2);
	conf_free(&a);
	conf_free(&b);
	conf_free(&c);
	free(text);
	return 0;
}
