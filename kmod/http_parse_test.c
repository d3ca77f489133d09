// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for http_parse.c. Every reply of the table is parsed whole,
 * a byte at a time and split in two at every position (or at 64 positions
 * for the long ones), and each way must give the same verdict.
 */

#include <kunit/test.h>
#include <linux/string.h>

#include "http_parse.h"

/**
 * struct http_case - one reply and the verdict it must get
 * @name: for failure messages
 * @codes: accepted codes spec, NULL for the default 200-299
 * @needle: body substring, NULL for none
 * @max_bytes: size bound, 0 for the default
 * @no_body: the request was HEAD
 * @reply: the bytes
 * @len: their number, 0 for strlen(@reply)
 * @eof: the server closes after @reply
 * @result: HAVS_HTTP_MORE, _DONE or -errno
 * @status: havs_http_status() afterwards
 * @ok: havs_http_ok() afterwards
 * @reason: havs_http_reason() afterwards
 */
struct http_case {
	const char *name;
	const char *codes;
	const char *needle;
	u32 max_bytes;
	bool no_body;
	const char *reply;
	size_t len;
	bool eof;
	int result;
	u16 status;
	bool ok;
	const char *reason;
};

#define MORE	HAVS_HTTP_MORE
#define DONE	HAVS_HTTP_DONE

static const char ok200[] = "HTTP/1.1 200 OK\r\n";
#define OK200 "HTTP/1.1 200 OK\r\n"
#define CHUNKED OK200 "Transfer-Encoding: chunked\r\n\r\n"

static const struct http_case cases[] = {
	/* Good replies. */
	{ "1.1 CL, no needle", NULL, NULL, 0, false,
	  OK200 "Content-Length: 2\r\n\r\nok", 0, false, DONE, 200, true, "ok" },
	{ "1.0 no reason, no needle", NULL, NULL, 0, false,
	  "HTTP/1.0 204\r\nServer: x\r\n\r\n", 0, false, DONE, 204, true, "ok" },
	{ "1.0 close-delimited, found", NULL, "ok", 0, false,
	  "HTTP/1.0 200 OK\r\nServer: x\r\n\r\nall ok here", 0, false,
	  DONE, 200, true, "ok" },
	{ "close-delimited, absent", NULL, "ok", 0, false,
	  "HTTP/1.0 200 OK\r\n\r\nall is well", 0, true,
	  DONE, 200, false, "body does not contain \"ok\"" },
	{ "close-delimited, no close yet", NULL, "ok", 0, false,
	  "HTTP/1.0 200 OK\r\n\r\nall is well", 0, false,
	  MORE, 200, false, "incomplete reply" },
	{ "CL, found", NULL, "world", 0, false,
	  OK200 "content-length:11\r\n\r\nhello world", 0, false,
	  DONE, 200, true, "ok" },
	{ "CL, found at the end", NULL, "world", 0, false,
	  OK200 "Content-Length: 11\r\n\r\nhello world", 0, true,
	  DONE, 200, true, "ok" },
	{ "CL, absent, ends without close", NULL, "ok", 0, false,
	  OK200 "Content-Length: 5 \r\n\r\nhelloXXXX", 0, false,
	  DONE, 200, false, "body does not contain \"ok\"" },
	{ "CL 0, needle", NULL, "ok", 0, false,
	  OK200 "Content-Length: 0\r\n\r\n", 0, false,
	  DONE, 200, false, "body does not contain \"ok\"" },
	{ "CL agreeing duplicates", NULL, "ok", 0, false,
	  OK200 "Content-Length: 2, 2\r\nContent-Length:\t2\r\n\r\nok", 0,
	  false, DONE, 200, true, "ok" },
	{ "chunked, needle across chunks", NULL, "status: healthy", 0, false,
	  CHUNKED "4\r\nstat\r\n7;ext=1;x=\"y\"\r\nus: hea\r\n4 \r\nlthy\r\n"
	  "0\r\nTrailer: x\r\n\r\n", 0, false, DONE, 200, true, "ok" },
	{ "chunked, absent, trailers not read", NULL, "healthy", 0, false,
	  CHUNKED "A\r\n0123456789\r\n000\r\nbad trailer", 0, false,
	  DONE, 200, false, "body does not contain \"healthy\"" },
	{ "chunked, upper case names and hex", NULL, "XyZ", 0, false,
	  OK200 "TRANSFER-ENCODING: gzip, Chunked\r\n\r\n"
	  "1a\r\nabcdefghijklmnopqrstuvwXyZ\r\n0\r\n\r\n", 0, false,
	  DONE, 200, true, "ok" },
	{ "TE overrides CL", NULL, "abc", 0, false,
	  OK200 "Content-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n"
	  "3\r\nabc\r\n0\r\n\r\n", 0, false, DONE, 200, true, "ok" },
	{ "TE not chunked: until close", NULL, "zz", 0, false,
	  OK200 "Transfer-Encoding: chunked, gzip\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
	  0, true, DONE, 200, false, "body does not contain \"zz\"" },
	{ "bare LF", NULL, "ok", 0, false,
	  "HTTP/1.1 200 OK\nContent-Length: 2\n\nok", 0, false,
	  DONE, 200, true, "ok" },
	{ "bare LF chunked", NULL, "ok", 0, false,
	  "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n2\nok\n0\n\n", 0,
	  false, DONE, 200, true, "ok" },
	{ "KMP restarts", NULL, "aab", 0, false,
	  OK200 "\r\naaaab", 0, false, DONE, 200, true, "ok" },
	{ "KMP overlapping", NULL, "abacabab", 0, false,
	  OK200 "\r\nabacabacabab", 0, false, DONE, 200, true, "ok" },
	{ "bytes after the verdict ignored", NULL, NULL, 0, false,
	  OK200 "\r\n\x01\x02garbage\r\r\r", 0, true, DONE, 200, true, "ok" },
	{ "100 Continue then 200", NULL, NULL, 0, false,
	  "HTTP/1.1 100 Continue\r\n\r\n"
	  "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\nContent-Length: 9\r\n\r\n"
	  OK200 "Content-Length: 0\r\n\r\n", 0, false, DONE, 200, true, "ok" },
	{ "100 Continue then 503", NULL, NULL, 0, false,
	  "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Busy\r\n\r\n", 0, false,
	  DONE, 503, false, "status 503 not in 200-299" },
	{ "100 Continue only", NULL, NULL, 0, false,
	  "HTTP/1.1 100 Continue\r\n\r\n", 0, true,
	  -EBADMSG, 100, false, "truncated reply" },
	{ "204 has no body", "200-204", "ok", 0, false,
	  "HTTP/1.1 204 No Content\r\nContent-Length: 2\r\n\r\nok", 0, false,
	  DONE, 204, false, "body does not contain \"ok\"" },
	{ "HEAD has no body", NULL, "ok", 0, true,
	  OK200 "Content-Length: 2\r\n\r\nok", 0, false,
	  DONE, 200, false, "body does not contain \"ok\"" },

	/* Status ranges. */
	{ "503 default range", NULL, NULL, 0, false,
	  "HTTP/1.1 503 Service Unavailable\r\n\r\n", 0, false,
	  DONE, 503, false, "status 503 not in 200-299" },
	{ "302 in a list", "200,301-302", NULL, 0, false,
	  "HTTP/1.1 302 Found\r\nLocation: /\r\n\r\n", 0, false,
	  DONE, 302, true, "ok" },
	{ "303 not in a list", "200,301-302", NULL, 0, false,
	  "HTTP/1.1 303 See Other\r\n\r\n", 0, false,
	  DONE, 303, false, "status 303 not in 200,301-302" },
	{ "404 accepted", "404", NULL, 0, false,
	  "HTTP/1.0 404 Not Found\r\n\r\n", 0, false, DONE, 404, true, "ok" },
	{ "status before body", NULL, "ok", 0, false,
	  "HTTP/1.1 500 Oops\r\nContent-Length: 2\r\n\r\nok", 0, false,
	  DONE, 500, false, "status 500 not in 200-299" },

	/* Malformed status lines. */
	{ "HTTP/2", NULL, NULL, 0, false, "HTTP/2 200\r\n\r\n", 0, false,
	  -EBADMSG, 0, false, "malformed status line" },
	{ "HTTP/1.2", NULL, NULL, 0, false, "HTTP/1.2 200 OK\r\n\r\n", 0,
	  false, -EBADMSG, 0, false, "malformed status line" },
	{ "lower case", NULL, NULL, 0, false, "http/1.1 200 OK\r\n\r\n", 0,
	  false, -EBADMSG, 0, false, "malformed status line" },
	{ "2-digit code", NULL, NULL, 0, false, "HTTP/1.1 20 OK\r\n\r\n", 0,
	  false, -EBADMSG, 0, false, "malformed status line" },
	{ "4-digit code", NULL, NULL, 0, false, "HTTP/1.1 2000 OK\r\n\r\n", 0,
	  false, -EBADMSG, 200, false, "malformed status line" },
	{ "code 600", NULL, NULL, 0, false, "HTTP/1.1 600 OK\r\n\r\n", 0,
	  false, -EBADMSG, 0, false, "malformed status line" },
	{ "code 099", NULL, NULL, 0, false, "HTTP/1.1 099 OK\r\n\r\n", 0,
	  false, -EBADMSG, 0, false, "malformed status line" },
	{ "letters", NULL, NULL, 0, false, "HTTP/1.1 2x0 OK\r\n\r\n", 0,
	  false, -EBADMSG, 0, false, "malformed status line" },
	{ "no SP", NULL, NULL, 0, false, "HTTP/1.1200 OK\r\n\r\n", 0, false,
	  -EBADMSG, 0, false, "malformed status line" },
	{ "two SP", NULL, NULL, 0, false, "HTTP/1.1  200 OK\r\n\r\n", 0, false,
	  -EBADMSG, 0, false, "malformed status line" },
	{ "leading empty line", NULL, NULL, 0, false,
	  "\r\nHTTP/1.1 200 OK\r\n\r\n", 0, false,
	  -EBADMSG, 0, false, "malformed status line" },
	{ "missing CRLF then EOF", NULL, NULL, 0, false, "HTTP/1.1 200 OK", 0,
	  true, -EBADMSG, 200, false, "truncated reply" },
	{ "headers unfinished then EOF", NULL, NULL, 0, false,
	  OK200 "Server: x\r\n", 0, true,
	  -EBADMSG, 200, false, "truncated reply" },
	{ "empty reply", NULL, NULL, 0, false, "", 0, true,
	  -EBADMSG, 0, false, "empty reply" },
	{ "not HTTP", NULL, NULL, 0, false, "SSH-2.0-OpenSSH_9.2\r\n", 0,
	  false, -EBADMSG, 0, false, "malformed status line" },

	/* Malformed headers. */
	{ "CR without LF", NULL, NULL, 0, false,
	  OK200 "Server: x\rContent-Length: 2\r\n\r\n", 0, false,
	  -EBADMSG, 200, false, "CR not followed by LF" },
	{ "NUL in a header", NULL, NULL, 0, false,
	  OK200 "Server: a\0b\r\n\r\n", sizeof(OK200 "Server: a\0b\r\n\r\n") - 1,
	  false, -EBADMSG, 200, false, "NUL byte in a header or chunk line" },
	{ "space before colon", NULL, NULL, 0, false,
	  OK200 "Content-Length : 2\r\n\r\nok", 0, false,
	  -EBADMSG, 200, false, "malformed header line" },
	{ "obs-fold", NULL, NULL, 0, false,
	  OK200 "Server: x\r\n y\r\n\r\n", 0, false,
	  -EBADMSG, 200, false, "malformed header line" },
	{ "no colon", NULL, NULL, 0, false, OK200 "Server\r\n\r\n", 0, false,
	  -EBADMSG, 200, false, "malformed header line" },
	{ "CL overflow", NULL, NULL, 0, false,
	  OK200 "Content-Length: 99999999999999999999\r\n\r\n", 0, false,
	  -EBADMSG, 200, false, "malformed Content-Length" },
	{ "CL biggest", NULL, "x", 0, false,
	  OK200 "Content-Length: 9999999999999999999\r\n\r\nx", 0, false,
	  DONE, 200, true, "ok" },
	{ "CL non-digit", NULL, NULL, 0, false,
	  OK200 "Content-Length: 12a\r\n\r\n", 0, false,
	  -EBADMSG, 200, false, "malformed Content-Length" },
	{ "CL negative", NULL, NULL, 0, false,
	  OK200 "Content-Length: -1\r\n\r\n", 0, false,
	  -EBADMSG, 200, false, "malformed Content-Length" },
	{ "CL empty", NULL, NULL, 0, false,
	  OK200 "Content-Length: \r\n\r\n", 0, false,
	  -EBADMSG, 200, false, "malformed Content-Length" },
	{ "CL trailing comma", NULL, NULL, 0, false,
	  OK200 "Content-Length: 2,\r\n\r\n", 0, false,
	  -EBADMSG, 200, false, "malformed Content-Length" },
	{ "CL two numbers", NULL, NULL, 0, false,
	  OK200 "Content-Length: 2 2\r\n\r\n", 0, false,
	  -EBADMSG, 200, false, "malformed Content-Length" },
	{ "CL conflicting", NULL, NULL, 0, false,
	  OK200 "Content-Length: 5\r\nContent-Length: 6\r\n\r\n", 0, false,
	  -EBADMSG, 200, false, "conflicting Content-Length" },
	{ "CL conflicting list", NULL, NULL, 0, false,
	  OK200 "Content-Length: 5,6\r\n\r\n", 0, false,
	  -EBADMSG, 200, false, "conflicting Content-Length" },
	{ "Content-Lengthy is another header", NULL, "ok", 0, false,
	  OK200 "Content-Lengthy: x\r\nContent-Lengt: y\r\nContent-Length: 2\r\n"
	  "\r\nok", 0, false, DONE, 200, true, "ok" },

	/* Chunk framing. */
	{ "chunk size overflow", NULL, "x", 0, false,
	  CHUNKED "10000000000000000\r\n", 0, false,
	  -EBADMSG, 200, false, "malformed chunk size" },
	{ "chunk size garbage", NULL, "x", 0, false, CHUNKED "zz\r\n", 0,
	  false, -EBADMSG, 200, false, "malformed chunk size" },
	{ "chunk size empty", NULL, "x", 0, false, CHUNKED "\r\n", 0, false,
	  -EBADMSG, 200, false, "malformed chunk size" },
	{ "chunk size 0x", NULL, "x", 0, false, CHUNKED "0x5\r\n", 0, false,
	  -EBADMSG, 200, false, "malformed chunk size" },
	{ "chunk size negative", NULL, "x", 0, false, CHUNKED "-5\r\n", 0,
	  false, -EBADMSG, 200, false, "malformed chunk size" },
	{ "chunk longer than its size", NULL, "x", 0, false,
	  CHUNKED "3\r\nabcd\r\n", 0, false,
	  -EBADMSG, 200, false, "malformed chunk end" },

	/* Truncated bodies. */
	{ "CL truncated", NULL, "ok", 0, false,
	  OK200 "Content-Length: 10\r\n\r\nshort", 0, true,
	  -EBADMSG, 200, false, "truncated reply" },
	{ "chunk truncated", NULL, "ok", 0, false,
	  CHUNKED "10\r\nshort", 0, true,
	  -EBADMSG, 200, false, "truncated reply" },
	{ "chunked without last chunk", NULL, "ok", 0, false,
	  CHUNKED "5\r\nshort\r\n", 0, true,
	  -EBADMSG, 200, false, "truncated reply" },

	/* Size bound. */
	{ "oversize body", NULL, "needle", 64, false,
	  OK200 "\r\n0123456789012345678901234567890123456789012345678901234",
	  0, false, -EMSGSIZE, 200, false, "reply larger than 64 bytes" },
	{ "exactly at the bound", NULL, "needle", 64, false,
	  OK200 "\r\n012345678901234567890123456789012345678901234", 0, true,
	  DONE, 200, false, "body does not contain \"needle\"" },
	{ "found before the bound", NULL, "needle", 64, false,
	  OK200 "\r\n012345678901234567890123456789012345678needle", 0, false,
	  DONE, 200, true, "ok" },
	{ "oversize headers", NULL, NULL, 32, false,
	  OK200 "Server: 0123456789abcdef\r\n\r\n", 0, false,
	  -EMSGSIZE, 200, false, "reply larger than 32 bytes" },
};

/**
 * struct http_ctx - per test allocations, off the stack
 * @e: expectations
 * @p: parser
 * @ref: the verdict of the whole reply
 */
struct http_ctx {
	struct havs_http_expect e;
	struct havs_http_parser p;
	struct havs_http_parser ref;
};

static void setup_expect(struct kunit *test, struct havs_http_expect *e,
			 const struct http_case *c)
{
	int r;

	havs_http_expect_init(e);
	if (c->codes) {
		r = havs_http_expect_parse_codes(e, c->codes, strlen(c->codes));
		KUNIT_ASSERT_EQ(test, r, 0);
	}
	if (c->needle) {
		r = havs_http_expect_set_needle(e, c->needle, strlen(c->needle));
		KUNIT_ASSERT_EQ(test, r, 0);
	}
	if (c->max_bytes) {
		r = havs_http_expect_set_max_bytes(e, c->max_bytes);
		KUNIT_ASSERT_EQ(test, r, 0);
	}
	e->no_body = c->no_body;
}

/* Feed @buf in pieces as below, then maybe report the close. */
static int feed_split(struct havs_http_parser *p,
		      const struct havs_http_expect *e, const u8 *buf,
		      size_t len, size_t cut, size_t step, bool eof)
{
	size_t off = 0, n;
	int r = HAVS_HTTP_MORE;

	havs_http_init(p, e);
	/* One piece up to @cut, then pieces of @step (0: the rest at once). */
	n = cut;
	while (off < len) {
		if (n > len - off)
			n = len - off;
		r = havs_http_feed(p, buf + off, n);
		off += n;
		n = step ? step : len - off;
	}
	if (eof)
		r = havs_http_eof(p);
	return r;
}

static bool same_verdict(const struct havs_http_parser *a,
			 const struct havs_http_parser *b)
{
	return havs_http_result(a) == havs_http_result(b) &&
	       havs_http_status(a) == havs_http_status(b) &&
	       havs_http_ok(a) == havs_http_ok(b) &&
	       havs_http_status_ok(a) == havs_http_status_ok(b) &&
	       havs_http_body_ok(a) == havs_http_body_ok(b) &&
	       havs_http_error(a) == havs_http_error(b) &&
	       !strcmp(havs_http_reason(a), havs_http_reason(b));
}

/* The code netlink sends for a verdict that dmesg words as @reason. */
static int code_of_reason(const char *reason)
{
	static const struct {
		const char *text;
		u8 code;
	} exact[] = {
		{ "ok", HAVS_PROBE_E_NONE },
		{ "incomplete reply", HAVS_PROBE_E_HTTP_INCOMPLETE },
		{ "malformed status line", HAVS_PROBE_E_HTTP_STATUS_LINE },
		{ "malformed header line", HAVS_PROBE_E_HTTP_HEADER },
		{ "malformed Content-Length", HAVS_PROBE_E_HTTP_CONTENT_LENGTH },
		{ "conflicting Content-Length", HAVS_PROBE_E_HTTP_CL_CONFLICT },
		{ "malformed chunk size", HAVS_PROBE_E_HTTP_CHUNK },
		{ "malformed chunk end", HAVS_PROBE_E_HTTP_CHUNK_END },
		{ "CR not followed by LF", HAVS_PROBE_E_HTTP_CR },
		{ "NUL byte in a header or chunk line", HAVS_PROBE_E_HTTP_NUL },
		{ "header line too long", HAVS_PROBE_E_HTTP_LINE },
		{ "chunk size line too long", HAVS_PROBE_E_HTTP_CHUNK_LINE },
		{ "too many headers", HAVS_PROBE_E_HTTP_HEADERS },
		{ "empty reply", HAVS_PROBE_E_HTTP_EMPTY },
		{ "truncated reply", HAVS_PROBE_E_HTTP_TRUNCATED },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(exact); i++)
		if (!strcmp(reason, exact[i].text))
			return exact[i].code;
	if (!strncmp(reason, "status ", 7))
		return HAVS_PROBE_E_HTTP_STATUS;
	if (!strncmp(reason, "body does not contain ", 22))
		return HAVS_PROBE_E_HTTP_BODY;
	if (!strncmp(reason, "reply larger than ", 18))
		return HAVS_PROBE_E_HTTP_TOO_BIG;
	return -1;
}

/*
 * Parse @buf whole and check the verdict, then byte by byte and split in
 * two at every position (or 64 of them if long) and compare.
 */
static void check_reply(struct kunit *test, struct http_ctx *x,
			const char *name, const u8 *buf, size_t len, bool eof,
			int result, u16 status, bool ok, const char *reason)
{
	size_t cut, stride = len > 1024 ? len / 64 : 1;
	int r;

	r = feed_split(&x->ref, &x->e, buf, len, len, 0, eof);
	KUNIT_EXPECT_EQ_MSG(test, r, result, "%s", name);
	KUNIT_EXPECT_EQ_MSG(test, havs_http_result(&x->ref), result, "%s", name);
	KUNIT_EXPECT_EQ_MSG(test, havs_http_status(&x->ref), status, "%s", name);
	KUNIT_EXPECT_EQ_MSG(test, havs_http_ok(&x->ref), ok, "%s", name);
	KUNIT_EXPECT_STREQ_MSG(test, havs_http_reason(&x->ref), reason,
			       "%s", name);
	KUNIT_EXPECT_EQ_MSG(test, (int)havs_http_error(&x->ref),
			    code_of_reason(reason), "%s: the code of \"%s\"",
			    name, reason);
	if (result == HAVS_HTTP_DONE)
		KUNIT_EXPECT_EQ_MSG(test, havs_http_ok(&x->ref),
				    havs_http_status_ok(&x->ref) &&
				    havs_http_body_ok(&x->ref), "%s", name);

	feed_split(&x->p, &x->e, buf, len, 1, 1, eof);
	if (!same_verdict(&x->p, &x->ref))
		KUNIT_FAIL(test, "%s: byte by byte: %d \"%s\"", name,
			   havs_http_result(&x->p), havs_http_reason(&x->p));
	for (cut = 0; cut <= len; cut += stride) {
		feed_split(&x->p, &x->e, buf, len, cut, 0, eof);
		if (!same_verdict(&x->p, &x->ref)) {
			KUNIT_FAIL(test, "%s: split at %zu: %d \"%s\"", name,
				   cut, havs_http_result(&x->p),
				   havs_http_reason(&x->p));
			return;
		}
	}
	/* Bytes fed after a verdict change nothing. */
	if (result != HAVS_HTTP_MORE) {
		KUNIT_EXPECT_EQ_MSG(test, havs_http_feed(&x->ref, buf, len),
				    result, "%s", name);
		KUNIT_EXPECT_EQ_MSG(test, havs_http_eof(&x->ref), result,
				    "%s", name);
		KUNIT_EXPECT_STREQ_MSG(test, havs_http_reason(&x->ref), reason,
				       "%s", name);
	}
}

static void havs_http_replies(struct kunit *test)
{
	struct http_ctx *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, x);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct http_case *c = &cases[i];

		setup_expect(test, &x->e, c);
		check_reply(test, x, c->name, (const u8 *)c->reply,
			    c->len ? c->len : strlen(c->reply), c->eof,
			    c->result, c->status, c->ok, c->reason);
	}
}

/* A reply with a header line of @vlen value bytes, then @nhdr short ones. */
static u8 *build_reply(struct kunit *test, size_t vlen, unsigned int nhdr,
		       size_t *len)
{
	size_t size = sizeof(ok200) + vlen + 16 + nhdr * 8 + 8, n = 0;
	unsigned int i;
	u8 *buf = kunit_kzalloc(test, size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(buf, ok200, sizeof(ok200) - 1);
	n = sizeof(ok200) - 1;
	if (vlen) {
		memcpy(buf + n, "X: ", 3);
		memset(buf + n + 3, 'v', vlen);
		n += 3 + vlen;
		memcpy(buf + n, "\r\n", 2);
		n += 2;
	}
	for (i = 0; i < nhdr; i++) {
		memcpy(buf + n, "A: b\r\n", 6);
		n += 6;
	}
	memcpy(buf + n, "\r\n", 2);
	*len = n + 2;
	return buf;
}

static void havs_http_limits(struct kunit *test)
{
	struct http_ctx *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	size_t len;
	u8 *buf;

	KUNIT_ASSERT_NOT_NULL(test, x);
	havs_http_expect_init(&x->e);

	/* "X: " + value + CRLF: at most HAVS_HTTP_LINE_MAX bytes. */
	buf = build_reply(test, HAVS_HTTP_LINE_MAX - 5, 0, &len);
	check_reply(test, x, "longest header line", buf, len, false,
		    HAVS_HTTP_DONE, 200, true, "ok");
	buf = build_reply(test, HAVS_HTTP_LINE_MAX - 4, 0, &len);
	check_reply(test, x, "header line too long", buf, len, false,
		    -EMSGSIZE, 200, false, "header line too long");
	buf = build_reply(test, 0, HAVS_HTTP_MAX_HEADERS, &len);
	check_reply(test, x, "most headers", buf, len, false,
		    HAVS_HTTP_DONE, 200, true, "ok");
	buf = build_reply(test, 0, HAVS_HTTP_MAX_HEADERS + 1, &len);
	check_reply(test, x, "too many headers", buf, len, false,
		    -EMSGSIZE, 200, false, "too many headers");

	/* The bound on the whole reply also covers headers. */
	KUNIT_ASSERT_EQ(test, havs_http_expect_set_max_bytes(&x->e, 4096), 0);
	buf = build_reply(test, 5000, 0, &len);
	check_reply(test, x, "oversize header", buf, len, false,
		    -EMSGSIZE, 200, false, "reply larger than 4096 bytes");
}

/* A needle split over many one-byte chunks, and a long needle. */
static void havs_http_needle(struct kunit *test)
{
	static const char body[] = CHUNKED "1\r\nh\r\n1\r\ne\r\n1;a=b\r\nl\r\n"
		"1\r\nl\r\n1\r\no\r\n0\r\n\r\n";
	struct http_ctx *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	char needle[HAVS_HTTP_NEEDLE_MAX + 1];
	size_t n;
	u8 *buf;
	int r;

	KUNIT_ASSERT_NOT_NULL(test, x);
	havs_http_expect_init(&x->e);
	KUNIT_ASSERT_EQ(test, havs_http_expect_set_needle(&x->e, "hello", 5), 0);
	check_reply(test, x, "one-byte chunks", (const u8 *)body,
		    strlen(body), false, HAVS_HTTP_DONE, 200, true, "ok");
	KUNIT_ASSERT_EQ(test, havs_http_expect_set_needle(&x->e, "helo", 4), 0);
	check_reply(test, x, "one-byte chunks, absent", (const u8 *)body,
		    strlen(body), false, HAVS_HTTP_DONE, 200, false,
		    "body does not contain \"helo\"");

	/* The longest needle, found at the end of a long body. */
	memset(needle, 'a', sizeof(needle));
	needle[HAVS_HTTP_NEEDLE_MAX - 1] = 'b';
	r = havs_http_expect_set_needle(&x->e, needle, sizeof(needle));
	KUNIT_EXPECT_EQ(test, r, -EINVAL);
	KUNIT_EXPECT_EQ(test, x->e.needle_len, 4);
	r = havs_http_expect_set_needle(&x->e, needle, HAVS_HTTP_NEEDLE_MAX);
	KUNIT_ASSERT_EQ(test, r, 0);
	n = sizeof(ok200) - 1 + 2 + 300 + HAVS_HTTP_NEEDLE_MAX;
	buf = kunit_kzalloc(test, n, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(buf, OK200 "\r\n", sizeof(ok200) + 1);
	memset(buf + sizeof(ok200) + 1, 'a', 300);
	memcpy(buf + n - HAVS_HTTP_NEEDLE_MAX, needle, HAVS_HTTP_NEEDLE_MAX);
	check_reply(test, x, "longest needle", buf, n, false,
		    HAVS_HTTP_DONE, 200, true, "ok");
	/* Absent: the reason shows its first 40 bytes. */
	check_reply(test, x, "longest needle, absent", buf, n - 1, true,
		    HAVS_HTTP_DONE, 200, false,
		    "body does not contain \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\"");

	/* Binary needle, shown with dots. */
	KUNIT_ASSERT_EQ(test, havs_http_expect_set_needle(&x->e, "a\0\n", 3), 0);
	check_reply(test, x, "binary needle", (const u8 *)OK200 "\r\nxa\0\n",
		    sizeof(OK200 "\r\nxa\0\n") - 1, false, HAVS_HTTP_DONE, 200,
		    true, "ok");
	check_reply(test, x, "binary needle, absent",
		    (const u8 *)OK200 "\r\nxa\0", sizeof(OK200 "\r\nxa\0") - 1,
		    true, HAVS_HTTP_DONE, 200, false,
		    "body does not contain \"a..\"");

	KUNIT_EXPECT_EQ(test, havs_http_expect_set_needle(&x->e, NULL, 0), 0);
	KUNIT_EXPECT_EQ(test, x->e.needle_len, 0);
	KUNIT_EXPECT_EQ(test, havs_http_expect_set_needle(&x->e, NULL, 1),
			-EINVAL);
}

static void havs_http_codes_spec(struct kunit *test)
{
	static const char * const good[] = {
		"200", "200-299", "200,301-302", "100-599", "599", "100",
		"200,201,202,203,204,205,206,207", "404-404", "200,200",
		"301-302,200",
	};
	static const char * const bad[] = {
		"", ",", "200,", ",200", "200,,201", "20", "2000", "0200",
		"099", "600", "200-600", "299-200", "200-", "-200",
		"200-299-300", " 200", "200 ", "200, 201", "2x0", "+200",
		"200,201,202,203,204,205,206,207,208", "99999999999999999999",
		"200;201", "200\n",
	};
	static const char eight[] =
		"100-101,102-103,104-105,106-107,108-109,110-111,112-113,114-115";
	struct havs_http_expect *e = kunit_kzalloc(test, sizeof(*e), GFP_KERNEL);
	char buf[64];
	unsigned int i;
	int r;

	KUNIT_ASSERT_NOT_NULL(test, e);
	for (i = 0; i < ARRAY_SIZE(good); i++) {
		havs_http_expect_init(e);
		r = havs_http_expect_parse_codes(e, good[i], strlen(good[i]));
		KUNIT_EXPECT_EQ_MSG(test, r, 0, "\"%s\"", good[i]);
		/* Formats back to the same string. */
		havs_http_expect_format_codes(e, buf, sizeof(buf));
		if (strcmp(good[i], "404-404"))
			KUNIT_EXPECT_STREQ(test, buf, good[i]);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		havs_http_expect_init(e);
		r = havs_http_expect_parse_codes(e, bad[i], strlen(bad[i]));
		KUNIT_EXPECT_EQ_MSG(test, r, -EINVAL, "\"%s\"", bad[i]);
		/* Unchanged on failure. */
		KUNIT_EXPECT_EQ(test, e->ncodes, 1);
		KUNIT_EXPECT_EQ(test, e->codes[0].lo, 200);
		KUNIT_EXPECT_EQ(test, e->codes[0].hi, 299);
	}
	/* A NUL inside the length, and @len shorter than the string. */
	KUNIT_EXPECT_EQ(test, havs_http_expect_parse_codes(e, "200\0", 4),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, havs_http_expect_parse_codes(e, "200-299", 5),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, havs_http_expect_parse_codes(e, "200-299", 3), 0);
	KUNIT_EXPECT_EQ(test, e->codes[0].hi, 200);
	KUNIT_EXPECT_EQ(test, havs_http_expect_parse_codes(e, NULL, 0), -EINVAL);

	KUNIT_EXPECT_EQ(test, havs_http_expect_parse_codes(e, "200,301-302", 11),
			0);
	KUNIT_EXPECT_TRUE(test, havs_http_code_accepted(e, 200));
	KUNIT_EXPECT_FALSE(test, havs_http_code_accepted(e, 201));
	KUNIT_EXPECT_FALSE(test, havs_http_code_accepted(e, 300));
	KUNIT_EXPECT_TRUE(test, havs_http_code_accepted(e, 301));
	KUNIT_EXPECT_TRUE(test, havs_http_code_accepted(e, 302));
	KUNIT_EXPECT_FALSE(test, havs_http_code_accepted(e, 303));

	/* Eight full ranges fit the buffer; a short one truncates. */
	r = havs_http_expect_parse_codes(e, eight, strlen(eight));
	KUNIT_ASSERT_EQ(test, r, 0);
	KUNIT_EXPECT_EQ(test, havs_http_expect_format_codes(e, buf, sizeof(buf)),
			63);
	KUNIT_EXPECT_EQ(test, havs_http_expect_format_codes(e, buf, 4), 63);
	KUNIT_EXPECT_STREQ(test, buf, "100");

	KUNIT_EXPECT_EQ(test, havs_http_expect_set_max_bytes(e, 0), -EINVAL);
	r = havs_http_expect_set_max_bytes(e, HAVS_HTTP_MAX_BYTES + 1);
	KUNIT_EXPECT_EQ(test, r, -EINVAL);
	r = havs_http_expect_set_max_bytes(e, HAVS_HTTP_MAX_BYTES);
	KUNIT_EXPECT_EQ(test, r, 0);
	KUNIT_EXPECT_EQ(test, e->max_bytes, HAVS_HTTP_MAX_BYTES);
}

/* The accessors before anything is read, and after a 1xx only. */
static void havs_http_progress(struct kunit *test)
{
	static const u8 cont[] = "HTTP/1.1 100 Continue\r\n\r\n";
	struct http_ctx *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, x);
	havs_http_expect_init(&x->e);
	havs_http_init(&x->p, &x->e);
	KUNIT_EXPECT_EQ(test, havs_http_result(&x->p), HAVS_HTTP_MORE);
	KUNIT_EXPECT_EQ(test, havs_http_status(&x->p), 0);
	KUNIT_EXPECT_FALSE(test, havs_http_ok(&x->p));
	KUNIT_EXPECT_FALSE(test, havs_http_status_ok(&x->p));
	KUNIT_EXPECT_STREQ(test, havs_http_reason(&x->p), "incomplete reply");
	KUNIT_EXPECT_EQ(test, havs_http_feed(&x->p, NULL, 0), HAVS_HTTP_MORE);
	KUNIT_EXPECT_EQ(test, havs_http_feed(&x->p, cont, sizeof(cont) - 1),
			HAVS_HTTP_MORE);
	KUNIT_EXPECT_EQ(test, havs_http_status(&x->p), 100);
	KUNIT_EXPECT_FALSE(test, havs_http_status_ok(&x->p));
	KUNIT_EXPECT_FALSE(test, havs_http_ok(&x->p));
}

static struct kunit_case havs_http_cases[] = {
	KUNIT_CASE(havs_http_replies),
	KUNIT_CASE(havs_http_limits),
	KUNIT_CASE(havs_http_needle),
	KUNIT_CASE(havs_http_codes_spec),
	KUNIT_CASE(havs_http_progress),
	{}
};

static struct kunit_suite havs_http_suite = {
	.name = "havs_http",
	.test_cases = havs_http_cases,
};

kunit_test_suite(havs_http_suite);
