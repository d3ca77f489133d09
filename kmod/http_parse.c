// SPDX-License-Identifier: GPL-2.0
/*
 * HTTP/1.x reply parser for the HTTP health probe. See http_parse.h.
 *
 * One state machine over single bytes: whatever the pieces a reply comes
 * in, the same bytes go through the same states, so every split gives the
 * same verdict. Nothing is buffered but the state itself.
 *
 * This file must build in userspace too (fuzz targets, host tests): it
 * includes only portable.h and the kernel's own compat where needed.
 */

#include "http_parse.h"

#ifdef __KERNEL__
#include "compat.h"
#else
#define EXPORT_SYMBOL_IF_KUNIT(sym)
#define fallthrough __attribute__((__fallthrough__))
#endif

enum {
	ST_VERSION,	/* "HTTP/1." */
	ST_MINOR,	/* '0' or '1' */
	ST_SP,		/* one SP before the code */
	ST_CODE,	/* three digits */
	ST_AFTER_CODE,	/* SP and a reason, or end of line */
	ST_REASON,
	ST_LINE_START,	/* a header line or the empty line */
	ST_NAME,
	ST_VALUE,	/* a header we do not look at */
	ST_CL_PRE,	/* Content-Length: before a number */
	ST_CL_DIGITS,
	ST_CL_POST,	/* after a number: OWS, ',' or end of line */
	ST_TE,		/* Transfer-Encoding: a list of codings */
	ST_BODY_LEN,	/* Content-Length body */
	ST_BODY_CLOSE,	/* body until the server closes */
	ST_CHUNK_SIZE,
	ST_CHUNK_WS,	/* BWS after the size */
	ST_CHUNK_EXT,	/* chunk extensions, ignored */
	ST_CHUNK_DATA,
	ST_CHUNK_END,	/* CRLF after the data */
	ST_DONE,	/* verdict or error: nothing more is read */
};

/* p->flags */
#define F_CR		0x01	/* a CR was read, LF must follow */
#define F_HAVE_CL	0x02	/* a Content-Length header was seen */
#define F_TE		0x04	/* a Transfer-Encoding header was seen */
#define F_CHUNKED	0x08	/* ... whose last coding so far is chunked */
#define F_TOKEN		0x10	/* inside a transfer-coding token */
#define F_FINAL		0x20	/* the final response's headers are complete */
#define F_FOUND		0x40	/* the needle was found in the body */
#define F_HDR_FLAGS	(F_HAVE_CL | F_TE | F_CHUNKED | F_TOKEN)

/* p->hdr: the header names the current name may still be */
#define H_CL		0x01
#define H_TE		0x02

static const char http_version[] = "HTTP/1.";
static const char cl_name[] = "content-length";
static const char te_name[] = "transfer-encoding";
static const char chunked[] = "chunked";

/* Content-Length: more than 19 digits would overflow u64. */
#define CL_MAX_BEFORE_DIGIT	1000000000000000000ULL

/* Reason strings without numbers; the others are built in p->reason. */
static const char r_status_line[] = "malformed status line";
static const char r_header[] = "malformed header line";
static const char r_cl[] = "malformed Content-Length";
static const char r_cl_conflict[] = "conflicting Content-Length";
static const char r_chunk[] = "malformed chunk size";
static const char r_chunk_end[] = "malformed chunk end";
static const char r_cr[] = "CR not followed by LF";
static const char r_nul[] = "NUL byte in a header or chunk line";
static const char r_line[] = "header line too long";
static const char r_chunk_line[] = "chunk size line too long";
static const char r_headers[] = "too many headers";
static const char r_empty[] = "empty reply";
static const char r_truncated[] = "truncated reply";

/* Bounded string builder with snprintf's return convention. */
struct sbuf {
	char *buf;
	size_t size;
	size_t len;
};

static void sb_ch(struct sbuf *s, char c)
{
	if (s->len + 1 < s->size)
		s->buf[s->len] = c;
	s->len++;
}

static void sb_str(struct sbuf *s, const char *str)
{
	while (*str)
		sb_ch(s, *str++);
}

static void sb_uint(struct sbuf *s, u32 v)
{
	char d[10];
	int n = 0;

	do {
		d[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (n)
		sb_ch(s, d[--n]);
}

static size_t sb_end(struct sbuf *s)
{
	if (s->size)
		s->buf[s->len < s->size ? s->len : s->size - 1] = '\0';
	return s->len;
}

static bool is_digit(u8 c)
{
	return c >= '0' && c <= '9';
}

static bool is_ows(u8 c)
{
	return c == ' ' || c == '\t';
}

static u8 to_lower(u8 c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int hex_val(u8 c)
{
	if (is_digit(c))
		return c - '0';
	c = to_lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* RFC 9110 5.6.2 tchar */
static bool is_tchar(u8 c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c))
		return true;
	switch (c) {
	case '!': case '#': case '$': case '%': case '&': case '\'':
	case '*': case '+': case '-': case '.': case '^': case '_':
	case '`': case '|': case '~':
		return true;
	}
	return false;
}

/**
 * havs_http_expect_init() - the default expectations
 * @e: to initialise
 *
 * Status 200-299, no body check, at most HAVS_HTTP_DEF_BYTES read, a GET.
 */
void havs_http_expect_init(struct havs_http_expect *e)
{
	memset(e, 0, sizeof(*e));
	e->codes[0].lo = 200;
	e->codes[0].hi = 299;
	e->ncodes = 1;
	e->max_bytes = HAVS_HTTP_DEF_BYTES;
}
EXPORT_SYMBOL_IF_KUNIT(havs_http_expect_init);

/* Exactly three digits, 100..599, at spec[*i]. */
static bool parse_code(const char *spec, size_t len, size_t *i, u16 *code)
{
	unsigned int v = 0, n;

	if (len - *i < 3)
		return false;
	for (n = 0; n < 3; n++) {
		u8 c = spec[*i + n];

		if (!is_digit(c))
			return false;
		v = v * 10 + (c - '0');
	}
	if (v < 100 || v > 599)
		return false;
	*i += 3;
	*code = v;
	return true;
}

/**
 * havs_http_expect_parse_codes() - set the accepted status codes
 * @e: expectations to update
 * @spec: "200", "200-299", "200,301-302": comma-separated codes or
 *	ranges of codes, each code exactly three digits in 100..599, no
 *	spaces, at most HAVS_HTTP_MAX_RANGES items
 * @len: length of @spec, which need not be NUL-terminated
 *
 * @e is changed only on success.
 *
 * Return: 0, or -EINVAL if @spec is anything else.
 */
int havs_http_expect_parse_codes(struct havs_http_expect *e, const char *spec,
				 size_t len)
{
	struct havs_http_range r[HAVS_HTTP_MAX_RANGES];
	unsigned int n = 0;
	size_t i = 0;

	if (!spec)
		return -EINVAL;
	for (;;) {
		if (n == HAVS_HTTP_MAX_RANGES)
			return -EINVAL;
		if (!parse_code(spec, len, &i, &r[n].lo))
			return -EINVAL;
		r[n].hi = r[n].lo;
		if (i < len && spec[i] == '-') {
			i++;
			if (!parse_code(spec, len, &i, &r[n].hi) ||
			    r[n].hi < r[n].lo)
				return -EINVAL;
		}
		n++;
		if (i == len)
			break;
		if (spec[i] != ',')
			return -EINVAL;
		i++;
	}
	memcpy(e->codes, r, n * sizeof(r[0]));
	e->ncodes = n;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(havs_http_expect_parse_codes);

/**
 * havs_http_expect_set_needle() - require a substring of the body
 * @e: expectations to update
 * @needle: bytes the decoded body must contain (any bytes, NUL too)
 * @len: 0 (no body check) .. HAVS_HTTP_NEEDLE_MAX
 *
 * Copies @needle and computes its KMP failure table.
 *
 * Return: 0, or -EINVAL if @len is too long (@e is then unchanged).
 */
int havs_http_expect_set_needle(struct havs_http_expect *e, const void *needle,
				size_t len)
{
	const u8 *s = needle;
	unsigned int i, k = 0;

	if (len > HAVS_HTTP_NEEDLE_MAX || (len && !needle))
		return -EINVAL;
	memset(e->needle, 0, sizeof(e->needle));
	memset(e->fail, 0, sizeof(e->fail));
	if (len)
		memcpy(e->needle, s, len);
	/* fail[i]: longest proper prefix of needle[0..i] that is its suffix */
	for (i = 1; i < len; i++) {
		while (k && s[i] != s[k])
			k = e->fail[k - 1];
		if (s[i] == s[k])
			k++;
		e->fail[i] = k;
	}
	e->needle_len = len;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(havs_http_expect_set_needle);

/**
 * havs_http_expect_set_max_bytes() - bound the bytes read of a reply
 * @e: expectations to update
 * @max_bytes: 1..HAVS_HTTP_MAX_BYTES, status line, headers and chunk
 *	framing included
 *
 * Return: 0, or -EINVAL if out of range.
 */
int havs_http_expect_set_max_bytes(struct havs_http_expect *e, u32 max_bytes)
{
	if (!max_bytes || max_bytes > HAVS_HTTP_MAX_BYTES)
		return -EINVAL;
	e->max_bytes = max_bytes;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(havs_http_expect_set_max_bytes);

static void format_codes(struct sbuf *s, const struct havs_http_expect *e)
{
	unsigned int i;

	for (i = 0; i < e->ncodes && i < HAVS_HTTP_MAX_RANGES; i++) {
		if (i)
			sb_ch(s, ',');
		sb_uint(s, e->codes[i].lo);
		if (e->codes[i].hi != e->codes[i].lo) {
			sb_ch(s, '-');
			sb_uint(s, e->codes[i].hi);
		}
	}
}

/**
 * havs_http_expect_format_codes() - the accepted codes as a spec string
 * @e: expectations
 * @buf: where to write, NUL-terminated if @size is not 0
 * @size: size of @buf; 64 bytes always suffice
 *
 * The result parses back with havs_http_expect_parse_codes().
 *
 * Return: the length of the whole string, as snprintf().
 */
size_t havs_http_expect_format_codes(const struct havs_http_expect *e,
				     char *buf, size_t size)
{
	struct sbuf s = { .buf = buf, .size = size };

	format_codes(&s, e);
	return sb_end(&s);
}
EXPORT_SYMBOL_IF_KUNIT(havs_http_expect_format_codes);

/**
 * havs_http_code_accepted() - whether a status code is accepted
 * @e: expectations
 * @status: status code
 *
 * Return: true if @status is in one of the ranges of @e.
 */
bool havs_http_code_accepted(const struct havs_http_expect *e, u16 status)
{
	unsigned int i;

	for (i = 0; i < e->ncodes && i < HAVS_HTTP_MAX_RANGES; i++)
		if (status >= e->codes[i].lo && status <= e->codes[i].hi)
			return true;
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(havs_http_code_accepted);

/**
 * havs_http_init() - start parsing a reply
 * @p: parser state
 * @e: expectations, which must stay valid and unchanged while @p is used
 */
void havs_http_init(struct havs_http_parser *p,
		    const struct havs_http_expect *e)
{
	struct sbuf s = { .buf = p->reason, .size = sizeof(p->reason) };

	memset(p, 0, sizeof(*p));
	p->e = e;
	p->state = ST_VERSION;
	p->result = HAVS_HTTP_MORE;
	p->error = HAVS_PROBE_E_HTTP_INCOMPLETE;
	sb_str(&s, "incomplete reply");
	sb_end(&s);
}
EXPORT_SYMBOL_IF_KUNIT(havs_http_init);

static void set_reason(struct havs_http_parser *p, const char *reason)
{
	struct sbuf s = { .buf = p->reason, .size = sizeof(p->reason) };

	sb_str(&s, reason);
	sb_end(&s);
}

static void fail(struct havs_http_parser *p, int err, u8 error,
		 const char *reason)
{
	p->result = err;
	p->error = error;
	p->state = ST_DONE;
	set_reason(p, reason);
}

static void fail_too_big(struct havs_http_parser *p)
{
	struct sbuf s = { .buf = p->reason, .size = sizeof(p->reason) };

	p->result = -EMSGSIZE;
	p->error = HAVS_PROBE_E_HTTP_TOO_BIG;
	p->state = ST_DONE;
	sb_str(&s, "reply larger than ");
	sb_uint(&s, p->e->max_bytes);
	sb_str(&s, " bytes");
	sb_end(&s);
}

/* Shown of the needle in the reason, at most; the rest becomes "...". */
#define NEEDLE_SHOWN	40

/* The verdict is ready: the final status is known, and the body if wanted. */
static void done(struct havs_http_parser *p)
{
	const struct havs_http_expect *e = p->e;
	struct sbuf s = { .buf = p->reason, .size = sizeof(p->reason) };
	unsigned int i;

	p->result = HAVS_HTTP_DONE;
	p->state = ST_DONE;
	if (!havs_http_code_accepted(e, p->status)) {
		p->error = HAVS_PROBE_E_HTTP_STATUS;
		sb_str(&s, "status ");
		sb_uint(&s, p->status);
		sb_str(&s, " not in ");
		format_codes(&s, e);
	} else if (e->needle_len && !(p->flags & F_FOUND)) {
		p->error = HAVS_PROBE_E_HTTP_BODY;
		sb_str(&s, "body does not contain \"");
		for (i = 0; i < e->needle_len && i < NEEDLE_SHOWN; i++) {
			u8 c = e->needle[i];

			sb_ch(&s, c >= 0x20 && c < 0x7f ? c : '.');
		}
		sb_str(&s, e->needle_len > NEEDLE_SHOWN ? "...\"" : "\"");
	} else {
		p->error = HAVS_PROBE_E_NONE;
		sb_str(&s, "ok");
	}
	sb_end(&s);
}

/* One byte of the decoded body; true when the needle has been found. */
static bool body_byte(struct havs_http_parser *p, u8 c)
{
	const struct havs_http_expect *e = p->e;
	unsigned int m = p->match;

	while (m && e->needle[m] != c)
		m = e->fail[m - 1];
	if (e->needle[m] == c)
		m++;
	p->match = m;
	if (m < e->needle_len)
		return false;
	p->flags |= F_FOUND;
	done(p);
	return true;
}

static void status_byte(struct havs_http_parser *p, u8 c)
{
	switch (p->state) {
	case ST_VERSION:
		if (c != http_version[p->sub])
			break;
		if (++p->sub == sizeof(http_version) - 1)
			p->state = ST_MINOR;
		return;
	case ST_MINOR:
		if (c != '0' && c != '1')
			break;
		p->state = ST_SP;
		return;
	case ST_SP:
		if (c != ' ')
			break;
		p->state = ST_CODE;
		p->sub = 0;
		p->num = 0;
		return;
	case ST_CODE:
		if (!is_digit(c))
			break;
		p->num = p->num * 10 + (c - '0');
		if (++p->sub < 3)
			return;
		if (p->num < 100 || p->num > 599)
			break;
		p->status = p->num;
		p->state = ST_AFTER_CODE;
		return;
	case ST_AFTER_CODE:
		if (c == ' ') {
			p->state = ST_REASON;
			return;
		}
		if (c != '\n')
			break;
		fallthrough;
	case ST_REASON:
		if (c == '\n') {
			p->state = ST_LINE_START;
			p->nhdr = 0;
			p->flags &= ~F_HDR_FLAGS;
		}
		return;
	}
	fail(p, -EBADMSG, HAVS_PROBE_E_HTTP_STATUS_LINE, r_status_line);
}

/* The empty line after the headers. */
static void headers_end(struct havs_http_parser *p)
{
	const struct havs_http_expect *e = p->e;

	if (p->status < 200 && p->status != 101) {
		/* 1xx interim: the final response follows. */
		p->state = ST_VERSION;
		p->sub = 0;
		return;
	}
	p->flags |= F_FINAL;
	if (!e->needle_len || !havs_http_code_accepted(e, p->status) ||
	    e->no_body || p->status < 200 || p->status == 204 ||
	    p->status == 304) {
		done(p);
		return;
	}
	if (p->flags & F_TE) {
		p->state = (p->flags & F_CHUNKED) ? ST_CHUNK_SIZE : ST_BODY_CLOSE;
		p->sub = 0;
		p->num = 0;
	} else if (p->flags & F_HAVE_CL) {
		if (!p->clen) {
			done(p);
			return;
		}
		p->left = p->clen;
		p->state = ST_BODY_LEN;
	} else {
		p->state = ST_BODY_CLOSE;
	}
}

static void name_byte(struct havs_http_parser *p, u8 c)
{
	u8 lc = to_lower(c);

	if (p->sub >= sizeof(cl_name) - 1 || lc != cl_name[p->sub])
		p->hdr &= ~H_CL;
	if (p->sub >= sizeof(te_name) - 1 || lc != te_name[p->sub])
		p->hdr &= ~H_TE;
	if (p->sub < 255)
		p->sub++;
}

/* A Content-Length value has been read; false if it conflicts. */
static bool cl_value(struct havs_http_parser *p)
{
	if ((p->flags & F_HAVE_CL) && p->clen != p->num) {
		fail(p, -EBADMSG, HAVS_PROBE_E_HTTP_CL_CONFLICT, r_cl_conflict);
		return false;
	}
	p->flags |= F_HAVE_CL;
	p->clen = p->num;
	return true;
}

static void te_token_end(struct havs_http_parser *p)
{
	if (!(p->flags & F_TOKEN))
		return;
	p->flags &= ~(F_TOKEN | F_CHUNKED);
	if (p->sub == sizeof(chunked) - 1)
		p->flags |= F_CHUNKED;
}

static void header_byte(struct havs_http_parser *p, u8 c)
{
	switch (p->state) {
	case ST_LINE_START:
		if (c == '\n') {
			headers_end(p);
			return;
		}
		if (!is_tchar(c))	/* obs-fold too */
			break;
		if (++p->nhdr > HAVS_HTTP_MAX_HEADERS) {
			fail(p, -EMSGSIZE, HAVS_PROBE_E_HTTP_HEADERS, r_headers);
			return;
		}
		p->hdr = H_CL | H_TE;
		p->sub = 0;
		p->state = ST_NAME;
		name_byte(p, c);
		return;
	case ST_NAME:
		if (is_tchar(c)) {
			name_byte(p, c);
			return;
		}
		if (c != ':')
			break;
		if ((p->hdr & H_CL) && p->sub == sizeof(cl_name) - 1) {
			p->state = ST_CL_PRE;
		} else if ((p->hdr & H_TE) && p->sub == sizeof(te_name) - 1) {
			p->flags |= F_TE;
			p->state = ST_TE;
		} else {
			p->state = ST_VALUE;
		}
		return;
	case ST_VALUE:
		if (c == '\n')
			p->state = ST_LINE_START;
		return;
	case ST_CL_PRE:
		if (is_ows(c))
			return;
		if (!is_digit(c)) {
			fail(p, -EBADMSG, HAVS_PROBE_E_HTTP_CONTENT_LENGTH, r_cl);
			return;
		}
		p->num = c - '0';
		p->state = ST_CL_DIGITS;
		return;
	case ST_CL_DIGITS:
		if (is_digit(c)) {
			if (p->num >= CL_MAX_BEFORE_DIGIT) {
				fail(p, -EBADMSG, HAVS_PROBE_E_HTTP_CONTENT_LENGTH, r_cl);
				return;
			}
			p->num = p->num * 10 + (c - '0');
			return;
		}
		if (!cl_value(p))
			return;
		p->state = ST_CL_POST;
		fallthrough;
	case ST_CL_POST:
		if (is_ows(c))
			return;
		if (c == ',')
			p->state = ST_CL_PRE;
		else if (c == '\n')
			p->state = ST_LINE_START;
		else
			fail(p, -EBADMSG, HAVS_PROBE_E_HTTP_CONTENT_LENGTH, r_cl);
		return;
	case ST_TE:
		if (c == '\n' || c == ',' || is_ows(c)) {
			te_token_end(p);
			if (c == '\n')
				p->state = ST_LINE_START;
			return;
		}
		if (!(p->flags & F_TOKEN)) {
			p->flags |= F_TOKEN;
			p->sub = 0;
		}
		if (p->sub < sizeof(chunked) - 1 && to_lower(c) == chunked[p->sub])
			p->sub++;
		else
			p->sub = 0xff;
		return;
	}
	fail(p, -EBADMSG, HAVS_PROBE_E_HTTP_HEADER, r_header);
}

static void chunk_byte(struct havs_http_parser *p, u8 c)
{
	int d;

	switch (p->state) {
	case ST_CHUNK_SIZE:
		d = hex_val(c);
		if (d >= 0) {
			if (p->num >> 60)
				break;
			p->num = p->num << 4 | d;
			p->sub = 1;
			return;
		}
		if (!p->sub)
			break;
		fallthrough;
	case ST_CHUNK_WS:
		if (is_ows(c)) {
			p->state = ST_CHUNK_WS;
			return;
		}
		if (c == ';') {
			p->state = ST_CHUNK_EXT;
			return;
		}
		if (c != '\n')
			break;
		fallthrough;
	case ST_CHUNK_EXT:
		if (c != '\n')
			return;
		if (!p->num) {	/* last-chunk: the body ends, trailers unread */
			done(p);
			return;
		}
		p->left = p->num;
		p->state = ST_CHUNK_DATA;
		return;
	case ST_CHUNK_END:
		if (c != '\n') {
			fail(p, -EBADMSG, HAVS_PROBE_E_HTTP_CHUNK_END, r_chunk_end);
			return;
		}
		p->state = ST_CHUNK_SIZE;
		p->sub = 0;
		p->num = 0;
		return;
	}
	fail(p, -EBADMSG, HAVS_PROBE_E_HTTP_CHUNK, r_chunk);
}

static void step(struct havs_http_parser *p, u8 c)
{
	switch (p->state) {
	case ST_BODY_LEN:
		if (!body_byte(p, c) && !--p->left)
			done(p);
		return;
	case ST_BODY_CLOSE:
		body_byte(p, c);
		return;
	case ST_CHUNK_DATA:
		if (!body_byte(p, c) && !--p->left)
			p->state = ST_CHUNK_END;
		return;
	}

	/* A line: of the status, a header, or chunk framing. */
	if (++p->line > HAVS_HTTP_LINE_MAX) {
		if (p->state >= ST_CHUNK_SIZE)
			fail(p, -EMSGSIZE, HAVS_PROBE_E_HTTP_CHUNK_LINE, r_chunk_line);
		else
			fail(p, -EMSGSIZE, HAVS_PROBE_E_HTTP_LINE, r_line);
		return;
	}
	if (p->flags & F_CR) {
		p->flags &= ~F_CR;
		if (c != '\n') {
			fail(p, -EBADMSG, HAVS_PROBE_E_HTTP_CR, r_cr);
			return;
		}
	} else if (c == '\r') {
		p->flags |= F_CR;
		return;
	} else if (!c) {
		fail(p, -EBADMSG, HAVS_PROBE_E_HTTP_NUL, r_nul);
		return;
	}
	if (c == '\n')
		p->line = 0;

	if (p->state <= ST_REASON)
		status_byte(p, c);
	else if (p->state <= ST_TE)
		header_byte(p, c);
	else
		chunk_byte(p, c);
}

/**
 * havs_http_feed() - parse the next bytes of the reply
 * @p: parser state
 * @buf: bytes as received
 * @len: how many
 *
 * Bytes after the verdict are not looked at. Feeding after an error or a
 * verdict returns the same again.
 *
 * Return: HAVS_HTTP_MORE, HAVS_HTTP_DONE, -EBADMSG for a malformed reply,
 * -EMSGSIZE for one over a size bound.
 */
int havs_http_feed(struct havs_http_parser *p, const u8 *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len && p->result == HAVS_HTTP_MORE; i++) {
		if (p->total >= p->e->max_bytes) {
			fail_too_big(p);
			break;
		}
		p->total++;
		step(p, buf[i]);
	}
	return p->result;
}
EXPORT_SYMBOL_IF_KUNIT(havs_http_feed);

/**
 * havs_http_eof() - the server closed the connection
 * @p: parser state
 *
 * Ends a body delimited by the close; anywhere else before a verdict, the
 * reply is truncated.
 *
 * Return: HAVS_HTTP_DONE or a negative errno, as havs_http_feed().
 */
int havs_http_eof(struct havs_http_parser *p)
{
	if (p->result != HAVS_HTTP_MORE)
		return p->result;
	if (p->state == ST_BODY_CLOSE)
		done(p);
	else if (p->total)
		fail(p, -EBADMSG, HAVS_PROBE_E_HTTP_TRUNCATED, r_truncated);
	else
		fail(p, -EBADMSG, HAVS_PROBE_E_HTTP_EMPTY, r_empty);
	return p->result;
}
EXPORT_SYMBOL_IF_KUNIT(havs_http_eof);

/**
 * havs_http_result() - the last value havs_http_feed() or _eof() returned
 * @p: parser state
 *
 * Return: HAVS_HTTP_MORE, HAVS_HTTP_DONE or a negative errno.
 */
int havs_http_result(const struct havs_http_parser *p)
{
	return p->result;
}
EXPORT_SYMBOL_IF_KUNIT(havs_http_result);

/**
 * havs_http_status() - status code of the last status line read
 * @p: parser state
 *
 * Return: 100..599 (an interim 1xx until the final status line), or 0 if
 * no status code was read.
 */
u16 havs_http_status(const struct havs_http_parser *p)
{
	return p->status;
}
EXPORT_SYMBOL_IF_KUNIT(havs_http_status);

/**
 * havs_http_status_ok() - whether the final status is accepted
 * @p: parser state
 *
 * Return: true once the final response's headers are read and its
 * status is in the accepted ranges.
 */
bool havs_http_status_ok(const struct havs_http_parser *p)
{
	return (p->flags & F_FINAL) && havs_http_code_accepted(p->e, p->status);
}
EXPORT_SYMBOL_IF_KUNIT(havs_http_status_ok);

/**
 * havs_http_body_ok() - whether the body check passed
 * @p: parser state
 *
 * Return: true if no needle is set or the body contained it.
 */
bool havs_http_body_ok(const struct havs_http_parser *p)
{
	return !p->e->needle_len || (p->flags & F_FOUND);
}
EXPORT_SYMBOL_IF_KUNIT(havs_http_body_ok);

/**
 * havs_http_ok() - whether the reply is healthy
 * @p: parser state
 *
 * Return: true if the verdict is ready, the status accepted and the body
 * check passed.
 */
bool havs_http_ok(const struct havs_http_parser *p)
{
	return p->result == HAVS_HTTP_DONE && havs_http_status_ok(p) &&
	       havs_http_body_ok(p);
}
EXPORT_SYMBOL_IF_KUNIT(havs_http_ok);

/**
 * havs_http_reason() - the verdict in words, for dmesg
 * @p: parser state
 *
 * "ok", "incomplete reply", "status 503 not in 200-299", "body does not
 * contain \"ok\"", "truncated reply", "reply larger than 65536 bytes"...
 *
 * Return: a NUL-terminated string in @p, valid until @p changes.
 */
const char *havs_http_reason(const struct havs_http_parser *p)
{
	return p->reason;
}
EXPORT_SYMBOL_IF_KUNIT(havs_http_reason);

/**
 * havs_http_error() - the verdict as a code, for netlink
 * @p: parser state
 *
 * Return: an &enum havs_probe_error: %HAVS_PROBE_E_NONE for a reply that
 * passed, %HAVS_PROBE_E_HTTP_INCOMPLETE before a verdict, else what
 * havs_http_reason() says in words.
 */
u8 havs_http_error(const struct havs_http_parser *p)
{
	return p->error;
}
EXPORT_SYMBOL_IF_KUNIT(havs_http_error);
