// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for the module's HTTP reply parser (kmod/http_parse.c, built
 * here as it is, outside the kernel): a few replies, then random replies
 * and random mutations of them, each fed whole and in random pieces, which
 * must give the same verdict. Meant to run under ASan and UBSan. Prints
 * one "ok"/"not ok" line per test; exit 1 on failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_parse.h"

#define UNIT_NAME "http_parse"
#include "unit.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int parse_whole(struct havs_http_parser *p,
		       const struct havs_http_expect *e, const char *s, int eof)
{
	havs_http_init(p, e);
	havs_http_feed(p, (const unsigned char *)s, strlen(s));
	return eof ? havs_http_eof(p) : havs_http_result(p);
}

static int t_replies(void)
{
	struct havs_http_expect e;
	struct havs_http_parser p;
	int ok = 1;

	havs_http_expect_init(&e);
	CHECK(parse_whole(&p, &e, "HTTP/1.1 200 OK\r\n\r\n", 0) ==
	      HAVS_HTTP_DONE);
	CHECK(havs_http_ok(&p) && havs_http_status(&p) == 200);
	CHECK(parse_whole(&p, &e, "HTTP/1.0 503 Busy\n\n", 0) ==
	      HAVS_HTTP_DONE);
	CHECK(!havs_http_ok(&p));
	CHECK(!strcmp(havs_http_reason(&p), "status 503 not in 200-299"));
	CHECK(parse_whole(&p, &e, "HTTP/2 200\r\n\r\n", 0) == -EBADMSG);
	CHECK(!strcmp(havs_http_reason(&p), "malformed status line"));

	CHECK(havs_http_expect_set_needle(&e, "alive", 5) == 0);
	CHECK(parse_whole(&p, &e, "HTTP/1.1 200 OK\r\n"
			  "Transfer-Encoding: chunked\r\n\r\n"
			  "3\r\nali\r\n2;x\r\nve\r\n0\r\n\r\n", 0) ==
	      HAVS_HTTP_DONE);
	CHECK(havs_http_ok(&p));
	CHECK(parse_whole(&p, &e, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n"
			  "\r\ndead", 0) == HAVS_HTTP_DONE);
	CHECK(!havs_http_ok(&p));
	CHECK(!strcmp(havs_http_reason(&p), "body does not contain \"alive\""));
	CHECK(parse_whole(&p, &e, "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n"
			  "\r\ndead", 1) == -EBADMSG);
	CHECK(!strcmp(havs_http_reason(&p), "truncated reply"));

	CHECK(havs_http_expect_parse_codes(&e, "200,301-302", 11) == 0);
	CHECK(havs_http_expect_parse_codes(&e, "200,", 4) == -EINVAL);
	CHECK(havs_http_expect_parse_codes(&e, "0200", 4) == -EINVAL);
	return ok;
}

static unsigned int rnd_state = 12345;

static unsigned int rnd(unsigned int n)
{
	rnd_state = rnd_state * 1103515245 + 12345;
	return (rnd_state >> 8) % n;
}

static const char *const seeds[] = {
	"HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello alive",
	"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\n\r\nstill alive",
	"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	"4\r\nxali\r\n3;a=b\r\nve!\r\nA\r\n0123456789\r\n0\r\nT: x\r\n\r\n",
	"HTTP/1.1 302 Found\nContent-Length: 2, 2\nLocation: /\n\nok",
	"HTTP/1.1 204 No Content\r\n\r\n",
};

/* Alphabet the mutations draw from: the bytes the parser cares about. */
static const char alphabet[] = "\r\n\t :;,-0123456789aAfFzHTP/.\"\xff";

static void same(const struct havs_http_parser *a,
		 const struct havs_http_parser *b, int *ok,
		 const unsigned char *buf, size_t len)
{
	if (havs_http_result(a) == havs_http_result(b) &&
	    havs_http_status(a) == havs_http_status(b) &&
	    havs_http_ok(a) == havs_http_ok(b) &&
	    !strcmp(havs_http_reason(a), havs_http_reason(b)))
		return;
	fprintf(stderr, "  %s: split verdicts differ: %d \"%s\" vs %d \"%s\" on \"%.*s\"\n",
		current, havs_http_result(a), havs_http_reason(a),
		havs_http_result(b), havs_http_reason(b), (int)len, buf);
	*ok = 0;
}

static int t_random(void)
{
	struct havs_http_expect e;
	struct havs_http_parser whole, parts;
	unsigned char buf[512];
	int ok = 1;
	unsigned int iter;

	for (iter = 0; iter < 50000 && ok; iter++) {
		const char *seed = seeds[rnd(ARRAY_SIZE(seeds))];
		size_t len = strlen(seed), off, n, i, muts = rnd(4);
		int eof = rnd(2);

		memcpy(buf, seed, len);
		for (i = 0; i < muts; i++) {
			size_t at = rnd(len + 1);

			switch (rnd(3)) {
			case 0:		/* replace */
				if (at < len && rnd(4))
					buf[at] = alphabet[rnd(sizeof(alphabet) - 1)];
				else if (at < len)
					buf[at] = rnd(256);
				break;
			case 1:		/* insert */
				if (len < sizeof(buf)) {
					memmove(buf + at + 1, buf + at, len - at);
					buf[at] = alphabet[rnd(sizeof(alphabet) - 1)];
					len++;
				}
				break;
			default:	/* delete */
				if (at < len) {
					memmove(buf + at, buf + at + 1, len - at - 1);
					len--;
				}
			}
		}
		havs_http_expect_init(&e);
		switch (rnd(3)) {
		case 0:
			havs_http_expect_set_needle(&e, "alive", 5);
			break;
		case 1:
			havs_http_expect_set_needle(&e, "ok", 2);
			break;
		}
		if (rnd(4) == 0)
			havs_http_expect_set_max_bytes(&e, 1 + rnd(80));
		e.no_body = rnd(8) == 0;

		/* Whole, from a heap copy of exactly @len bytes for ASan. */
		{
			unsigned char *copy = malloc(len ? len : 1);

			memcpy(copy, buf, len);
			havs_http_init(&whole, &e);
			havs_http_feed(&whole, copy, len);
			if (eof)
				havs_http_eof(&whole);
			free(copy);
		}
		havs_http_init(&parts, &e);
		for (off = 0; off < len; off += n) {
			unsigned char *piece;

			n = 1 + rnd(len - off < 8 ? len - off : 8);
			piece = malloc(n);
			memcpy(piece, buf + off, n);
			havs_http_feed(&parts, piece, n);
			free(piece);
		}
		if (eof)
			havs_http_eof(&parts);
		same(&whole, &parts, &ok, buf, len);
		CHECK(havs_http_result(&whole) == HAVS_HTTP_DONE ||
		      havs_http_result(&whole) == HAVS_HTTP_MORE ||
		      havs_http_result(&whole) == -EBADMSG ||
		      havs_http_result(&whole) == -EMSGSIZE);
		CHECK(!eof || havs_http_result(&whole) != HAVS_HTTP_MORE);
		CHECK(strlen(havs_http_reason(&whole)) < HAVS_HTTP_REASON_LEN);
	}
	return ok;
}

int main(void)
{
	run("replies (status, chunked, needle, truncated, codes)", t_replies);
	run("random mutations, split anywhere, same verdict", t_random);
	return failed ? 1 : 0;
}
