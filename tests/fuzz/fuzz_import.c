// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for havsadm import-keepalived (tools/import_keepalived.c):
 * the keepalived.conf tokenizer and the translation to havs.conf.
 *
 * Input: the bytes of a keepalived.conf, translated in memory (includes are
 * not followed: KA_NO_INCLUDE) with the output and the reports in memory
 * streams.
 *
 * Invariants checked beyond "no crash" (and no leak, ASan):
 *  - ka_import() returns 0 or 1; on 1 (not parsed) it wrote nothing on the
 *    output and one message on the errors.
 *  - Every line on the errors starts with "fuzz.conf:LINE: " (a report
 *    names the line of the directive).
 *  - The output read back as havs.conf (havs.conf(5): statements start a
 *    line, blank-led lines continue them, # comments, "..." words with \"
 *    and \\) is made of statements every one of which havsadm's parsers
 *    take: vrrp through vrrp_conf_parse() and the rules of vrrp add;
 *    service through svc_key_parse(); its server and check sub-statements
 *    (continuation lines starting with those words) through
 *    parse_addr_port() and check_conf_parse() with that service
 *    (ka_statement_ok()); no line is longer than 4095 characters.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "havsadm.h"
#include "import_keepalived.h"
#include "fuzz.h"

#define MAX_WORDS 512

/* Split one havs.conf line into words (appended); false at a bad quote. */
static bool words_of(char *line, char **w, int *n)
{
	char *p = line, *o;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			return true;
		CHECK(*n < MAX_WORDS);
		if (*p == '"') {
			o = w[(*n)++] = ++p;
			for (;;) {
				if (!*p)
					return false;
				if (*p == '\\' && (p[1] == '"' || p[1] == '\\')) {
					*o++ = p[1];
					p += 2;
					continue;
				}
				if (*p == '"')
					break;
				*o++ = *p++;
			}
			p++;
			CHECK(!*p || *p == ' ' || *p == '\t');
			*o = '\0';
			if (*p)
				p++;
			continue;
		}
		w[(*n)++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = '\0';
	}
}

static void check_statement(struct ka_stmt_ctx *ctx, char **w, int n)
{
	char err[256];

	if (!n)
		return;
	if (ka_statement_ok(ctx, n, w, err, sizeof(err))) {
		fprintf(stderr, "refused statement (%s):", err);
		for (int i = 0; i < n; i++)
			fprintf(stderr, " [%s]", w[i]);
		fputc('\n', stderr);
		CHECK(0);
	}
}

/* Read the output back as havs.conf and check every statement. */
static void check_output(char *out)
{
	static char *w[MAX_WORDS];
	struct ka_stmt_ctx ctx = { 0 };
	bool in_service = false;
	int n = 0;

	for (char *line = out, *next; line && *line; line = next) {
		char *nl = strchr(line, '\n');
		bool cont;
		int before;

		CHECK(nl);		/* every line ends */
		*nl = '\0';
		next = nl + 1;
		CHECK(strlen(line) <= 4095);
		cont = line[0] == ' ' || line[0] == '\t';
		before = n;
		if (!cont) {
			check_statement(&ctx, w, n);
			n = 0;
			before = 0;
		}
		CHECK(words_of(line, w, &n));
		if (n == before)
			continue;	/* blank or comment */
		if (!cont) {
			in_service = !strcmp(w[0], "service");
			continue;
		}
		/* a service's server or check starts a sub-statement */
		if (in_service && (!strcmp(w[before], "server") ||
				   !strcmp(w[before], "check"))) {
			check_statement(&ctx, w, before);
			memmove(w, w + before, sizeof(char *) * (size_t)(n - before));
			n -= before;
		}
		CHECK(before || cont);
	}
	check_statement(&ctx, w, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *out = NULL, *err = NULL;
	size_t olen = 0, elen = 0;
	FILE *fo = open_memstream(&out, &olen), *fe = open_memstream(&err, &elen);
	int rc;

	CHECK(fo && fe);
	rc = ka_import("fuzz.conf", (const char *)data, size, KA_NO_INCLUDE, fo, fe);
	CHECK(rc == 0 || rc == 1);
	fclose(fo);
	fclose(fe);
	if (rc) {
		CHECK(!olen);
		CHECK(elen && err[elen - 1] == '\n');
		CHECK(!strncmp(err, "fuzz.conf:", 10));
	} else {
		for (char *l = err; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
			unsigned int line;
			int used = 0;

			CHECK(sscanf(l, "fuzz.conf:%u: %n", &line, &used) == 1 && used);
			CHECK(line >= 1);
		}
		check_output(out);
	}
	free(out);
	free(err);
	return 0;
}
