// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the HTTP probe's status code spec ("200-299",
 * "200,301-302"): havs_http_expect_parse_codes() and
 * havs_http_expect_format_codes() of kmod/http_parse.c, and the check
 * havsadm makes of the same spec before sending it (tools/parse.c).
 *
 * Input: the spec, as is: it is copied into a malloc'd buffer of exactly
 * its size, not NUL-terminated, so ASan reports any read past it.
 *
 * Invariants checked beyond "no crash":
 *  - The spec is accepted exactly when an independent reference parser
 *    accepts it (comma-separated items, each NNN or NNN-NNN, codes
 *    100..599, low <= high, at most HAVS_HTTP_MAX_RANGES items), and
 *    then accepts the same codes (0..999 and 65535 tried).
 *  - Refused, it leaves the expectation unchanged.
 *  - Accepted, format_codes() fits in 64 bytes, and its output parses
 *    back to the same set of codes and formats to the same string.
 *  - format_codes() follows snprintf: the same length whatever the size,
 *    a NUL-terminated prefix in a short buffer, nothing written past it.
 *  - havsadm ("check set ... type http status SPEC") accepts the spec
 *    exactly when the kernel does, so a spec it lets through is never
 *    refused by the module.
 */
#include <stdio.h>
#include <stdlib.h>

#include "http_parse.h"
#include "havsadm.h"
#include "fuzz.h"

#define NCODES	1000
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Three digits at s[0..2], 100..599, or -1. */
static int ref_code(const char *s, size_t len)
{
	int v;

	if (len != 3 || s[0] < '0' || s[0] > '9' || s[1] < '0' ||
	    s[1] > '9' || s[2] < '0' || s[2] > '9')
		return -1;
	v = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
	return v >= 100 && v <= 599 ? v : -1;
}

/* The reference: split on ',', then on '-'. */
static bool ref_parse(const char *spec, size_t len, bool set[NCODES])
{
	size_t start = 0, end, dash;
	unsigned int items = 0;
	int lo, hi, c;

	memset(set, 0, NCODES * sizeof(bool));
	for (;;) {
		for (end = start; end < len && spec[end] != ','; end++)
			;
		if (++items > HAVS_HTTP_MAX_RANGES)
			return false;
		for (dash = start; dash < end && spec[dash] != '-'; dash++)
			;
		lo = ref_code(spec + start, dash - start);
		hi = lo;
		if (dash < end)
			hi = ref_code(spec + dash + 1, end - dash - 1);
		if (lo < 0 || hi < 0 || hi < lo)
			return false;
		for (c = lo; c <= hi; c++)
			set[c] = true;
		if (end == len)
			return true;
		start = end + 1;
	}
}

static void check_set(const struct havs_http_expect *e,
		      const bool set[NCODES])
{
	unsigned int c, i;

	CHECK(e->ncodes >= 1 && e->ncodes <= HAVS_HTTP_MAX_RANGES);
	for (i = 0; i < e->ncodes; i++)
		CHECK(e->codes[i].lo >= 100 &&
		      e->codes[i].lo <= e->codes[i].hi &&
		      e->codes[i].hi <= 599);
	for (c = 0; c < NCODES; c++)
		CHECK(havs_http_code_accepted(e, c) == set[c]);
	CHECK(!havs_http_code_accepted(e, 65535));
}

/* snprintf's convention, into exactly-sized heap buffers. */
static void check_format(const struct havs_http_expect *e, const char *full,
			 size_t flen)
{
	size_t sizes[] = { 0, 1, 2, flen / 2, flen, flen + 1 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t size = sizes[i], n;
		char *buf = malloc(size ? size : 1);

		CHECK(buf);
		CHECK(havs_http_expect_format_codes(e, buf, size) == flen);
		if (size) {
			n = flen < size - 1 ? flen : size - 1;
			CHECK(buf[n] == '\0');
			CHECK(!memcmp(buf, full, n));
		}
		free(buf);
	}
}

/* havsadm's verdict on "type http status SPEC". */
static bool havsadm_accepts(const char *spec)
{
	char type[] = "type", http[] = "http", status[] = "status";
	char *argv[4] = { type, http, status, NULL };
	struct check_conf c = { .type = 0 };
	char err[256];
	size_t len = strlen(spec);
	bool ok;

	argv[3] = malloc(len + 1);
	CHECK(argv[3]);
	memcpy(argv[3], spec, len + 1);
	ok = !check_conf_parse(&c, 4, argv, err, sizeof(err));
	CHECK(memchr(err, 0, sizeof(err)) || ok);
	if (ok)
		CHECK(!strcmp(c.codes, spec));
	free(argv[3]);
	return ok;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct havs_http_expect e, before, again;
	static bool set[NCODES];
	char *spec, *str;
	char out[64], out2[64];
	size_t n, n2;
	bool ok;

	spec = malloc(size ? size : 1);
	CHECK(spec);
	memcpy(spec, data, size);

	havs_http_expect_init(&e);
	before = e;
	ok = !havs_http_expect_parse_codes(&e, spec, size);
	CHECK(ok == ref_parse(spec, size, set));
	if (!ok) {
		CHECK(!memcmp(&before, &e, sizeof(e)));
	} else {
		check_set(&e, set);
		n = havs_http_expect_format_codes(&e, out, sizeof(out));
		CHECK(n < sizeof(out) && strlen(out) == n);
		check_format(&e, out, n);
		havs_http_expect_init(&again);
		CHECK(!havs_http_expect_parse_codes(&again, out, n));
		check_set(&again, set);
		n2 = havs_http_expect_format_codes(&again, out2, sizeof(out2));
		CHECK(n2 == n && !strcmp(out, out2));
	}

	/* havsadm, given the same spec as a command line word. */
	if (!memchr(spec, 0, size)) {
		str = malloc(size + 1);
		CHECK(str);
		memcpy(str, spec, size);
		str[size] = '\0';
		CHECK(havsadm_accepts(str) == (ok && size <= CHECK_CODES_MAX));
		free(str);
	}
	free(spec);
	return 0;
}
