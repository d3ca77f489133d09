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
 *  - ka_import() returns KA_OK, KA_UNREAD or KA_NOTHING; on KA_UNREAD (not
 *    parsed) it wrote nothing on the output and one message on the errors,
 *    on KA_NOTHING nothing on the output and a last line
 *    "fuzz.conf: nothing translated: ...".
 *  - Every other line on the errors starts with "fuzz.conf:LINE: " (a
 *    report names the line of the directive), and the lines come in the
 *    order of their line numbers (no includes here: one file).
 *  - The output is a havs.conf that havsadm apply reads without a single
 *    error (conf_parse(), tools/conf.c: every statement through the same
 *    parsers as the command line, no object twice, no line over 4095
 *    characters), and every line of it ends.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "import_keepalived.h"
#include "fuzz.h"

/* Read the output back as apply does: not one error. */
static void check_output(const char *out, size_t len)
{
	struct conf cf = { 0 };
	int errors;

	CHECK(!len || out[len - 1] == '\n');	/* every line ends */
	errors = conf_parse(&cf, "imported", out, len, stderr);
	CHECK(errors == 0);
	conf_free(&cf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *out = NULL, *err = NULL;
	size_t olen = 0, elen = 0;
	FILE *fo = open_memstream(&out, &olen), *fe = open_memstream(&err, &elen);
	int rc;

	CHECK(fo && fe);
	rc = ka_import("fuzz.conf", (const char *)data, size, KA_NO_INCLUDE, "fuzz",
		       fo, fe);
	CHECK(rc == KA_OK || rc == KA_UNREAD || rc == KA_NOTHING);
	fclose(fo);
	fclose(fe);
	if (rc == KA_UNREAD) {
		CHECK(!olen);
		CHECK(elen && err[elen - 1] == '\n');
		CHECK(!strncmp(err, "fuzz.conf:", 10));
	} else {
		unsigned int prev = 0;

		CHECK(!elen || err[elen - 1] == '\n');
		for (char *l = err; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
			unsigned int line;
			int used = 0;

			if (rc == KA_NOTHING && !strchr(l, '\n')[1]) {
				CHECK(!strncmp(l, "fuzz.conf: nothing translated: ", 31));
				break;
			}
			CHECK(sscanf(l, "fuzz.conf:%u: %n", &line, &used) == 1 && used);
			CHECK(line >= 1 && line >= prev);
			prev = line;
		}
		if (rc == KA_NOTHING)
			CHECK(!olen && elen);
		else
			check_output(out, olen);
	}
	free(out);
	free(err);
	return 0;
}
