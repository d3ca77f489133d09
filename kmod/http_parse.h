/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HTTP/1.x reply parser for the HTTP health probe. A streaming state
 * machine over bytes: no allocation, no recursion, O(1) memory, O(n) time,
 * every byte looked at once. Pure code, usable from softirq and from
 * userspace fuzz targets and tests.
 *
 * Leniency: bare LF is accepted wherever CRLF ends a line (many servers
 * and embedded stacks send it, and a probe that closes after one reply
 * cannot be smuggled into). A CR not followed by LF is an error, as are
 * obsolete header folding, whitespace before a header's colon, a NUL in
 * a line, an invalid or conflicting Content-Length and bad chunk framing.
 * Transfer-Encoding overrides Content-Length (RFC 9112 6.3); a
 * Transfer-Encoding whose final coding is not chunked means the body runs
 * until the server closes.
 */
#ifndef _HAVS_HTTP_PARSE_H
#define _HAVS_HTTP_PARSE_H

#include "portable.h"
#include "uapi/linux/havs.h"

#define HAVS_HTTP_MAX_RANGES	8	/* accepted status code ranges */
#define HAVS_HTTP_NEEDLE_MAX	128	/* body substring, bytes */
#define HAVS_HTTP_LINE_MAX	8192	/* one status/header/chunk line, CRLF included */
#define HAVS_HTTP_MAX_HEADERS	100	/* header lines in one header block */
#define HAVS_HTTP_MAX_BYTES	(1024 * 1024)	/* upper bound of @max_bytes */
#define HAVS_HTTP_DEF_BYTES	65536	/* default of @max_bytes */
#define HAVS_HTTP_REASON_LEN	96	/* reason string, NUL included */

/* havs_http_feed() and havs_http_eof() return these or a negative errno. */
enum {
	HAVS_HTTP_MORE = 0,	/* the verdict needs more bytes */
	HAVS_HTTP_DONE = 1,	/* the verdict is ready; stop reading */
};

/**
 * struct havs_http_range - status codes @lo..@hi, both included
 * @lo: 100..599
 * @hi: @lo..599
 */
struct havs_http_range {
	u16 lo;
	u16 hi;
};

/**
 * struct havs_http_expect - what makes a reply healthy
 * @codes: accepted status codes, @ncodes ranges (default 200-299)
 * @ncodes: 1..HAVS_HTTP_MAX_RANGES
 * @needle_len: 0 (no body check) .. HAVS_HTTP_NEEDLE_MAX
 * @no_body: the request was HEAD: no reply has a body
 * @max_bytes: most bytes of the reply read, framing included
 * @needle: the body must contain these bytes
 * @fail: KMP failure table of @needle
 *
 * Set up with havs_http_expect_init() and the setters below, which keep
 * the fields consistent; read-only for the parsers that use it, and it
 * must outlive them.
 */
struct havs_http_expect {
	struct havs_http_range codes[HAVS_HTTP_MAX_RANGES];
	u8 ncodes;
	u8 needle_len;
	bool no_body;
	u32 max_bytes;
	u8 needle[HAVS_HTTP_NEEDLE_MAX];
	u8 fail[HAVS_HTTP_NEEDLE_MAX];
};

/**
 * struct havs_http_parser - the state of one reply being parsed
 * @e: the expectations
 * @num: Content-Length, status code or chunk size being read
 * @clen: Content-Length agreed so far
 * @left: body or chunk bytes still to come
 * @total: bytes consumed
 * @line: bytes in the current line
 * @result: HAVS_HTTP_MORE, HAVS_HTTP_DONE or -errno
 * @status: status code of the last status line
 * @nhdr: header lines in this header block
 * @state: where in the reply
 * @sub: position in a literal, a header name or a token
 * @hdr: the header names the current one may still be
 * @match: bytes of the needle matched
 * @flags: what has been seen
 * @error: the verdict as an &enum havs_probe_error
 * @reason: the verdict in words
 *
 * Fixed size, no allocation, nothing to free; all fields private: use the
 * functions below.
 */
struct havs_http_parser {
	const struct havs_http_expect *e;
	u64 num;
	u64 clen;
	u64 left;
	u32 total;
	u32 line;
	int result;
	u16 status;
	u16 nhdr;
	u8 state;
	u8 sub;
	u8 hdr;
	u8 match;
	u8 flags;
	u8 error;
	char reason[HAVS_HTTP_REASON_LEN];
};

void havs_http_expect_init(struct havs_http_expect *e);
int havs_http_expect_parse_codes(struct havs_http_expect *e, const char *spec,
				 size_t len);
int havs_http_expect_set_needle(struct havs_http_expect *e, const void *needle,
				size_t len);
int havs_http_expect_set_max_bytes(struct havs_http_expect *e, u32 max_bytes);
size_t havs_http_expect_format_codes(const struct havs_http_expect *e,
				     char *buf, size_t size);
bool havs_http_code_accepted(const struct havs_http_expect *e, u16 status);

void havs_http_init(struct havs_http_parser *p,
		    const struct havs_http_expect *e);
int havs_http_feed(struct havs_http_parser *p, const u8 *buf, size_t len);
int havs_http_eof(struct havs_http_parser *p);

int havs_http_result(const struct havs_http_parser *p);
u16 havs_http_status(const struct havs_http_parser *p);
u8 havs_http_error(const struct havs_http_parser *p);
bool havs_http_status_ok(const struct havs_http_parser *p);
bool havs_http_body_ok(const struct havs_http_parser *p);
bool havs_http_ok(const struct havs_http_parser *p);
const char *havs_http_reason(const struct havs_http_parser *p);

#endif /* _HAVS_HTTP_PARSE_H */
