// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the health probes' HTTP/1.x reply parser,
 * kmod/http_parse.c, built as it is outside the kernel.
 *
 * Input: the expectation, then the reply.
 *   byte 0	flags: bit 0 HEAD (no_body), bit 1 a status spec follows,
 *		bit 2 a needle follows, bit 3 a max_bytes follows, bit 4 the
 *		server closes after the reply (havs_http_eof())
 *   [3 bytes]	max_bytes, big-endian (out of range values are refused)
 *   [n, n bytes]	status spec for havs_http_expect_parse_codes()
 *   [n, n bytes]	needle (over HAVS_HTTP_NEEDLE_MAX is refused)
 *   n, n bytes	piece sizes, used in turn (0: an empty feed)
 *   the rest	the reply
 *
 * The reply is parsed three times: whole, in the pieces above, and one
 * byte at a time, each piece copied into a malloc'd buffer of exactly its
 * size, so ASan reports any read past a piece.
 *
 * Invariants checked beyond "no crash":
 *  - The three parses agree: result, status, ok, status_ok, body_ok and
 *    the reason string.
 *  - Bytes fed after a verdict or an error change nothing.
 *  - A refused setter (bad spec, long needle, bad max_bytes) leaves the
 *    expectation unchanged.
 *  - result is MORE, DONE, -EBADMSG or -EMSGSIZE, and not MORE after
 *    havs_http_eof(); status is 0 or 100..599; no more than max_bytes
 *    bytes are consumed; the reason is NUL-terminated in its buffer.
 *  - DONE means the final status is known: status_ok() is whether the
 *    status is accepted; ok() is DONE && status_ok() && body_ok(), and
 *    holds exactly when the reason is "ok".
 */
#include <stdio.h>
#include <stdlib.h>

#include "http_parse.h"
#include "fuzz.h"

#define F_HEAD		0x01
#define F_CODES		0x02
#define F_NEEDLE	0x04
#define F_MAX		0x08
#define F_EOF		0x10

#define MAX_PIECES	16

struct input {
	const u8 *p;
	size_t left;
};

static bool take(struct input *in, size_t n, const u8 **out)
{
	if (in->left < n)
		return false;
	*out = in->p;
	in->p += n;
	in->left -= n;
	return true;
}

/* A length byte, then up to that many bytes (fewer if the input ends). */
static bool take_field(struct input *in, const u8 **out, size_t *len)
{
	const u8 *n;

	if (!take(in, 1, &n))
		return false;
	*len = *n < in->left ? *n : in->left;
	return take(in, *len, out);
}

/* Feed @len bytes from an exactly-sized heap copy. */
static int feed(struct havs_http_parser *p, const u8 *buf, size_t len)
{
	u8 *copy = malloc(len ? len : 1);
	int r;

	CHECK(copy);
	memcpy(copy, buf, len);
	r = havs_http_feed(p, copy, len);
	free(copy);
	return r;
}

static void check_one(const struct havs_http_parser *p,
		      const struct havs_http_expect *e, bool eof)
{
	int r = havs_http_result(p);
	u16 st = havs_http_status(p);
	const char *reason = havs_http_reason(p);

	CHECK(r == HAVS_HTTP_MORE || r == HAVS_HTTP_DONE || r == -EBADMSG ||
	      r == -EMSGSIZE);
	CHECK(!eof || r != HAVS_HTTP_MORE);
	CHECK(st == 0 || (st >= 100 && st <= 599));
	CHECK(p->total <= e->max_bytes);
	CHECK(memchr(p->reason, 0, sizeof(p->reason)));
	CHECK(reason == p->reason);
	if (r == HAVS_HTTP_DONE) {
		CHECK(st == 101 || st >= 200);
		CHECK(havs_http_status_ok(p) ==
		      havs_http_code_accepted(e, st));
	}
	CHECK(havs_http_ok(p) == (r == HAVS_HTTP_DONE &&
				  havs_http_status_ok(p) &&
				  havs_http_body_ok(p)));
	CHECK(havs_http_ok(p) == !strcmp(reason, "ok"));
	if (havs_http_ok(p))
		CHECK(havs_http_code_accepted(e, st));
}

static void check_same(const struct havs_http_parser *a,
		       const struct havs_http_parser *b)
{
	CHECK(havs_http_result(a) == havs_http_result(b));
	CHECK(havs_http_status(a) == havs_http_status(b));
	CHECK(havs_http_ok(a) == havs_http_ok(b));
	CHECK(havs_http_status_ok(a) == havs_http_status_ok(b));
	CHECK(havs_http_body_ok(a) == havs_http_body_ok(b));
	CHECK(!strcmp(havs_http_reason(a), havs_http_reason(b)));
}

static void setup(struct havs_http_expect *e, u8 flags, struct input *in)
{
	struct havs_http_expect before;
	const u8 *f;
	size_t n;

	havs_http_expect_init(e);
	e->no_body = flags & F_HEAD;
	if ((flags & F_MAX) && take(in, 3, &f)) {
		u32 max = f[0] << 16 | f[1] << 8 | f[2];

		before = *e;
		if (havs_http_expect_set_max_bytes(e, max)) {
			CHECK(!max || max > HAVS_HTTP_MAX_BYTES);
			CHECK(!memcmp(&before, e, sizeof(*e)));
		} else {
			CHECK(e->max_bytes == max);
		}
	}
	if ((flags & F_CODES) && take_field(in, &f, &n)) {
		char *spec = malloc(n ? n : 1);

		CHECK(spec);
		memcpy(spec, f, n);
		before = *e;
		if (havs_http_expect_parse_codes(e, spec, n))
			CHECK(!memcmp(&before, e, sizeof(*e)));
		free(spec);
	}
	if ((flags & F_NEEDLE) && take_field(in, &f, &n)) {
		u8 *needle = malloc(n ? n : 1);

		CHECK(needle);
		memcpy(needle, f, n);
		before = *e;
		if (havs_http_expect_set_needle(e, needle, n)) {
			CHECK(n > HAVS_HTTP_NEEDLE_MAX);
			CHECK(!memcmp(&before, e, sizeof(*e)));
		} else {
			CHECK(e->needle_len == n);
		}
		free(needle);
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static const u8 more[] = "HTTP/1.1 200 OK\r\n\r\n";
	struct havs_http_parser whole, parts, bytes, after;
	struct input in = { data, size };
	struct havs_http_expect e;
	const u8 *flags, *sizes, *reply;
	size_t nsizes, len, off, k;
	bool eof;
	u8 *one;

	if (!take(&in, 1, &flags))
		return 0;
	eof = *flags & F_EOF;
	setup(&e, *flags, &in);
	if (!take_field(&in, &sizes, &nsizes))
		nsizes = 0;
	if (nsizes > MAX_PIECES)
		nsizes = MAX_PIECES;
	reply = in.p;
	len = in.left;

	havs_http_init(&whole, &e);
	check_one(&whole, &e, false);
	feed(&whole, reply, len);
	if (eof)
		havs_http_eof(&whole);
	check_one(&whole, &e, eof);

	havs_http_init(&parts, &e);
	for (off = 0, k = 0; off < len; k++) {
		size_t n = nsizes ? sizes[k % nsizes] : len;

		if (!n) {
			feed(&parts, reply + off, 0);
			n = 1;
		}
		if (n > len - off)
			n = len - off;
		feed(&parts, reply + off, n);
		off += n;
		check_one(&parts, &e, false);
	}
	if (eof)
		havs_http_eof(&parts);
	check_one(&parts, &e, eof);
	check_same(&whole, &parts);

	/* One heap byte, reused: a read past it is still caught. */
	one = malloc(1);
	CHECK(one);
	havs_http_init(&bytes, &e);
	for (off = 0; off < len; off++) {
		*one = reply[off];
		havs_http_feed(&bytes, one, 1);
	}
	free(one);
	if (eof)
		havs_http_eof(&bytes);
	check_one(&bytes, &e, eof);
	check_same(&whole, &bytes);

	/* After a verdict or an error, nothing more is looked at. */
	if (havs_http_result(&whole) != HAVS_HTTP_MORE) {
		after = whole;
		feed(&after, more, sizeof(more) - 1);
		havs_http_eof(&after);
		check_same(&whole, &after);
		CHECK(after.total == whole.total);
	}
	return 0;
}
