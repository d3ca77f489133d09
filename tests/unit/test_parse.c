// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for havsadm's command-line helpers (tools/parse.c,
 * tools/json.c). Prints one "ok"/"not ok" line per test; exit 1 on failure.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/havsadm.h"

const char *prog = "test_parse";
static int failed, total;
static const char *current;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "  %s:%d: %s: failed: %s\n", __FILE__,	\
			__LINE__, current, #cond);			\
		ok = 0;							\
	}								\
} while (0)

static int dummy(const struct opts *o, int argc, char **argv)
{
	(void)o; (void)argc; (void)argv;
	return 0;
}

static const struct cmd table[] = {
	{ "version", dummy, "", "" },
	{ "vrrp", dummy, "", "" },
	{ "service", dummy, "", "" },
	{ "server", dummy, "", "" },
	{ NULL, NULL, NULL, NULL },
};

static int t_cmd_lookup(void)
{
	int ok = 1;

	CHECK(cmd_lookup(table, "version") == &table[0]);
	CHECK(cmd_lookup(table, "vrrp") == &table[1]);
	CHECK(cmd_lookup(table, "vr") == &table[1]);
	CHECK(cmd_lookup(table, "ver") == &table[0]);
	/* "v" and "ser" are ambiguous, "serv" too; "servi" is not. */
	CHECK(cmd_lookup(table, "v") == NULL);
	CHECK(cmd_lookup(table, "ser") == NULL);
	CHECK(cmd_lookup(table, "servi") == &table[2]);
	/* An exact name wins over being a prefix of a longer one. */
	CHECK(cmd_lookup(table, "server") == &table[3]);
	CHECK(cmd_lookup(table, "") == NULL);
	CHECK(cmd_lookup(table, "versions") == NULL);
	CHECK(cmd_lookup(table, "bogus") == NULL);
	return ok;
}

static int t_parse_uint(void)
{
	unsigned long v = 7;
	int ok = 1;

	CHECK(parse_uint("0", 0, 10, &v) == 0 && v == 0);
	CHECK(parse_uint("10", 0, 10, &v) == 0 && v == 10);
	CHECK(parse_uint("4294967295", 0, ULONG_MAX, &v) == 0 && v == 4294967295UL);
	v = 7;
	CHECK(parse_uint("11", 0, 10, &v) == -ERANGE && v == 7);
	CHECK(parse_uint("0", 1, 10, &v) == -ERANGE && v == 7);
	CHECK(parse_uint("99999999999999999999999", 0, ULONG_MAX, &v) == -ERANGE);
	CHECK(parse_uint("", 0, 10, &v) == -EINVAL);
	CHECK(parse_uint("-1", 0, 10, &v) == -EINVAL);
	CHECK(parse_uint("+1", 0, 10, &v) == -EINVAL);
	CHECK(parse_uint(" 1", 0, 10, &v) == -EINVAL);
	CHECK(parse_uint("1 ", 0, 10, &v) == -EINVAL);
	CHECK(parse_uint("0x10", 0, 100, &v) == -EINVAL);
	CHECK(parse_uint("1e3", 0, 10000, &v) == -EINVAL);
	CHECK(parse_uint(NULL, 0, 10, &v) == -EINVAL);
	CHECK(v == 7);
	return ok;
}

static int t_help_flag(void)
{
	int ok = 1;

	CHECK(is_help_flag("-h"));
	CHECK(is_help_flag("--help"));
	CHECK(is_help_flag("help"));
	CHECK(!is_help_flag("-H"));
	CHECK(!is_help_flag("--he"));
	return ok;
}

static int json_is(const char *in, const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int same;

	json_str(f, in);
	fclose(f);
	same = !strcmp(buf, want);
	if (!same)
		fprintf(stderr, "  json_str(%s) = %s, want %s\n", in, buf, want);
	free(buf);
	return same;
}

static int t_json_str(void)
{
	int ok = 1;

	CHECK(json_is("plain", "\"plain\""));
	CHECK(json_is("", "\"\""));
	CHECK(json_is("a\"b\\c", "\"a\\\"b\\\\c\""));
	CHECK(json_is("tab\tnl\ncr\r", "\"tab\\tnl\\ncr\\r\""));
	CHECK(json_is("\x01\x1f", "\"\\u0001\\u001f\""));
	CHECK(json_is("caf\xc3\xa9", "\"caf\xc3\xa9\""));
	return ok;
}

static void run(const char *name, int (*fn)(void))
{
	current = name;
	total++;
	if (fn()) {
		printf("ok unit: havsadm %s\n", name);
	} else {
		printf("not ok unit: havsadm %s\n", name);
		failed++;
	}
}

int main(void)
{
	run("cmd_lookup (exact, unique prefix, ambiguous)", t_cmd_lookup);
	run("parse_uint (range, garbage, overflow)", t_parse_uint);
	run("is_help_flag", t_help_flag);
	run("json_str escaping", t_json_str);
	return failed ? 1 : 0;
}
