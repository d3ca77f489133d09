// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the configuration file parser, tools/conf.c (with
 * the command line parsers of tools/parse.c under it).
 *
 * Input: the bytes of a havs.conf file, given to conf_parse() in a
 * malloc'd buffer of exactly that size (so ASan reports a read past it).
 * Errors go to /dev/null.
 *
 * Invariants checked beyond "no crash":
 *  - Errors are counted: a file is accepted only with 0 errors.
 *  - An accepted file printed with conf_print() parses again with no
 *    error, to a model that prints the same (printing is a fixed point
 *    after one round), and conf_diff() of the two is empty: what 'show
 *    config' prints applies as a no-op.
 *  - conf_diff() of the file against an empty state gives command lines
 *    that split back into words (conf_split()), one per object at least.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <string.h>

#include "conf.h"
#include "fuzz.h"

const char *prog = "fuzz_conf";

void errmsg(const char *fmt, ...)
{
	(void)fmt;
}

static FILE *devnull;

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
		devnull = fopen("/dev/null", "w");
	text = malloc(size ? size : 1);
	CHECK(text);
	memcpy(text, data, size);
	if (conf_parse(&a, "fuzz.conf", text, size, devnull)) {
		conf_free(&a);
		free(text);
		return 0;
	}
	/* what the kernel would report: every object pinned */
	for (unsigned int i = 0; i < a.ntracks; i++)
		a.tracks[i].pinned = true;
	p1 = print(&a);
	CHECK(conf_parse(&b, "printed", p1, strlen(p1), devnull) == 0);
	for (unsigned int i = 0; i < b.ntracks; i++)
		b.tracks[i].pinned = true;
	p2 = print(&b);
	CHECK(conf_parse(&c, "again", p2, strlen(p2), devnull) == 0);
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
