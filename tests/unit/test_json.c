// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit test of havsadm's JSON writer (tools/json.c): names from the
 * kernel may hold any byte but NUL (an interface name may hold control
 * characters and bytes that are not UTF-8), and -j must stay valid JSON.
 * Each case is checked against the exact text, and all of them, as one
 * array, are handed to a JSON parser (python3's json module) that rejects
 * invalid UTF-8 and raw control characters.
 *
 * Build: cc -std=gnu11 -Wall -Wextra -Werror -o test_json \
 *	tests/unit/test_json.c tools/json.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/havsadm.h"

static const struct {
	const char *name, *in, *want;
} cases[] = {
	{ "plain ASCII", "eth0", "\"eth0\"" },
	{ "empty", "", "\"\"" },
	{ "quote and backslash", "a\"b\\c", "\"a\\\"b\\\\c\"" },
	{ "newline, tab, return", "a\nb\tc\rd", "\"a\\nb\\tc\\rd\"" },
	{ "other control characters", "\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"" },
	{ "escape (an interface named with a terminal sequence)", "\x1b[31mred",
	  "\"\\u001b[31mred\"" },
	{ "UTF-8 kept: 2, 3 and 4 bytes", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
	  "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"" },
	{ "a lone continuation byte", "a\x80z", "\"a\\ufffdz\"" },
	{ "a Latin-1 byte (not UTF-8)", "caf\xe9", "\"caf\\ufffd\"" },
	{ "0xff and 0xfe", "\xff\xfe", "\"\\ufffd\\ufffd\"" },
	{ "a sequence cut short by the end", "ab\xe2\x82", "\"ab\\ufffd\\ufffd\"" },
	{ "a sequence cut short by ASCII", "\xe2\x82x", "\"\\ufffd\\ufffdx\"" },
	{ "overlong '/' (C0 AF)", "\xc0\xaf", "\"\\ufffd\\ufffd\"" },
	{ "overlong 3 bytes (E0 80 AF)", "\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"" },
	{ "a UTF-16 surrogate (ED A0 80)", "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"" },
	{ "above U+10FFFF (F4 90 80 80)", "\xf4\x90\x80\x80",
	  "\"\\ufffd\\ufffd\\ufffd\\ufffd\"" },
	{ "F5 and above never start a sequence", "\xf5\x80\x80\x80",
	  "\"\\ufffd\\ufffd\\ufffd\\ufffd\"" },
	{ "the largest code point kept", "\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\"" },
	{ "every kind in one name", "\xff\x01\"\\\xc3\xa9\x80" "ab\n\xe2\x82\xac\x7f",
	  "\"\\ufffd\\u0001\\\"\\\\\xc3\xa9\\ufffdab\\n\xe2\x82\xac\\u007f\"" },
};

#define N (sizeof(cases) / sizeof(cases[0]))

static char *render(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		exit(1);
	json_str(f, s);
	fclose(f);
	return buf;
}

int main(void)
{
	unsigned int failed = 0, i;
	char cmd[512];
	FILE *py;
	int rc;

	for (i = 0; i < N; i++) {
		char *got = render(cases[i].in);

		if (strcmp(got, cases[i].want)) {
			printf("not ok unit: json_str: %s # got %s\n", cases[i].name, got);
			failed++;
		} else {
			printf("ok unit: json_str: %s\n", cases[i].name);
		}
		free(got);
	}

	/* Every output, as one document, through a strict parser. */
	snprintf(cmd, sizeof(cmd),
		 "python3 -c 'import json, sys; "
		 "d = json.loads(sys.stdin.buffer.read().decode(\"utf-8\", \"strict\")); "
		 "assert isinstance(d, list) and len(d) == %zu, d'", N);
	py = popen(cmd, "w");
	if (!py) {
		printf("not ok unit: json_str: every case parses as JSON # cannot run python3\n");
		return 1;
	}
	fputc('[', py);
	for (i = 0; i < N; i++) {
		if (i)
			fputc(',', py);
		json_str(py, cases[i].in);
	}
	fputs("]\n", py);
	rc = pclose(py);
	if (rc) {
		printf("not ok unit: json_str: every case parses as JSON (python3 json, strict UTF-8) # parser exit status %d\n",
		       rc);
		failed++;
	} else {
		printf("ok unit: json_str: every case parses as JSON (python3 json, strict UTF-8)\n");
	}
	return failed ? 1 : 0;
}
