// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for probe_proto.c: DNS queries and replies built by hand
 * from RFC 1035's layout, TLS records, SMTP dialogues fed whole and a
 * byte at a time.
 */

#include <kunit/test.h>
#include <linux/in.h>
#include <linux/string.h>

#include "probe_proto.h"

/* "www.example.com" A, id 0x1234, as RFC 1035 4.1 lays it out */
static const u8 dns_q[] = {
	0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
	3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
	0, 1, 0, 1,
};

static void havs_dns_query_wire(struct kunit *test)
{
	u8 q[HAVS_DNS_QUERY_MAX];
	char long_label[70];
	int len;

	len = havs_dns_query(q, sizeof(q), 0x1234, "www.example.com", 1);
	KUNIT_ASSERT_EQ(test, len, (int)sizeof(dns_q));
	KUNIT_EXPECT_EQ(test, memcmp(q, dns_q, len), 0);
	/* the final dot changes nothing */
	KUNIT_EXPECT_EQ(test, havs_dns_query(q, sizeof(q), 0x1234,
					     "www.example.com.", 1), len);
	KUNIT_EXPECT_EQ(test, memcmp(q, dns_q, len), 0);
	/* the root: an empty name */
	KUNIT_EXPECT_EQ(test, havs_dns_query(q, sizeof(q), 1, ".", 2), 17);
	KUNIT_EXPECT_EQ(test, q[12], 0);
	KUNIT_EXPECT_EQ(test, q[14], 2);
	KUNIT_EXPECT_EQ(test, havs_dns_query(q, sizeof(q), 1, "", 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, havs_dns_query(q, sizeof(q), 1, "a..b", 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, havs_dns_query(q, sizeof(q), 1, ".a", 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, havs_dns_query(q, sizeof(q), 1, "a b", 1), -EINVAL);
	memset(long_label, 'x', 64);
	long_label[64] = '\0';
	KUNIT_EXPECT_EQ(test, havs_dns_query(q, sizeof(q), 1, long_label, 1), -EINVAL);
	long_label[63] = '\0';
	KUNIT_EXPECT_EQ(test, havs_dns_query(q, sizeof(q), 1, long_label, 1),
			12 + 65 + 4);
	KUNIT_EXPECT_EQ(test, havs_dns_query(q, 20, 1, "www.example.com", 1),
			-ENOSPC);
}

/* a reply to dns_q: @flags, then @an answers of @rr each */
static size_t dns_reply(u8 *buf, u16 flags, const u8 *rr, size_t rrlen,
			int an)
{
	size_t n = sizeof(dns_q);
	int i;

	memcpy(buf, dns_q, n);
	buf[2] = flags >> 8;
	buf[3] = flags & 0xff;
	buf[7] = an;
	for (i = 0; i < an; i++, n += rrlen)
		memcpy(buf + n, rr, rrlen);
	return n;
}

static void havs_dns_replies(struct kunit *test)
{
	/* www.example.com CNAME (pointer), then A 192.0.2.7 */
	static const u8 cname[] = {
		0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 4, 1, 'x', 0xc0, 16,
	};
	static const u8 a[] = {
		0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 7,
	};
	struct havs_dns_expect e = {};
	u8 r[256];
	size_t n;
	u16 code;

	n = dns_reply(r, 0x8180, a, sizeof(a), 1);
	KUNIT_EXPECT_EQ(test, havs_dns_reply(dns_q, sizeof(dns_q), r, n, &e, &code),
			HAVS_PROBE_E_NONE);
	e.af = AF_INET;
	memcpy(e.addr, "\xc0\x00\x02\x07", 4);
	KUNIT_EXPECT_EQ(test, havs_dns_reply(dns_q, sizeof(dns_q), r, n, &e, &code),
			HAVS_PROBE_E_NONE);
	/* the address after a CNAME */
	memcpy(r + sizeof(dns_q), cname, sizeof(cname));
	memcpy(r + sizeof(dns_q) + sizeof(cname), a, sizeof(a));
	r[7] = 2;
	KUNIT_EXPECT_EQ(test, havs_dns_reply(dns_q, sizeof(dns_q), r,
					     n + sizeof(cname), &e, &code),
			HAVS_PROBE_E_NONE);
	/* another address */
	e.addr[3] = 8;
	KUNIT_EXPECT_EQ(test, havs_dns_reply(dns_q, sizeof(dns_q), r,
					     n + sizeof(cname), &e, &code),
			HAVS_PROBE_E_DNS_ANSWER);
	/* an answer cut short */
	KUNIT_EXPECT_EQ(test, havs_dns_reply(dns_q, sizeof(dns_q), r, n - 1, &e,
					     &code),
			HAVS_PROBE_E_DNS_MALFORMED);
	/* truncated, an address expected */
	n = dns_reply(r, 0x8380, a, sizeof(a), 0);
	KUNIT_EXPECT_EQ(test, havs_dns_reply(dns_q, sizeof(dns_q), r, n, &e, &code),
			HAVS_PROBE_E_DNS_TRUNCATED);
	/* NXDOMAIN, unless expected */
	e.af = 0;
	n = dns_reply(r, 0x8183, a, sizeof(a), 0);
	KUNIT_EXPECT_EQ(test, havs_dns_reply(dns_q, sizeof(dns_q), r, n, &e, &code),
			HAVS_PROBE_E_DNS_RCODE);
	KUNIT_EXPECT_EQ(test, code, 3);
	e.rcode = 3;
	KUNIT_EXPECT_EQ(test, havs_dns_reply(dns_q, sizeof(dns_q), r, n, &e, &code),
			HAVS_PROBE_E_NONE);
	e.rcode = 0;
	/* the question in other case is the same question (RFC 4343) */
	n = dns_reply(r, 0x8180, a, sizeof(a), 0);
	r[13] = 'W';
	KUNIT_EXPECT_EQ(test, havs_dns_reply(dns_q, sizeof(dns_q), r, n, &e, &code),
			HAVS_PROBE_E_NONE);
	r[13] = 'v';
	KUNIT_EXPECT_EQ(test, havs_dns_reply(dns_q, sizeof(dns_q), r, n, &e, &code),
			HAVS_PROBE_E_DNS_QUESTION);
	/* type 97 asked, 65 answered: 'a' and 'A' as bytes, not a name */
	{
		u8 q97[64];
		int ql = havs_dns_query(q97, sizeof(q97), 7, "www.example.com", 97);

		KUNIT_ASSERT_GT(test, ql, 4);
		memcpy(r, q97, ql);
		r[2] = 0x81;
		r[3] = 0x80;
		KUNIT_EXPECT_EQ(test, havs_dns_reply(q97, ql, r, ql, &e, &code),
				HAVS_PROBE_E_NONE);
		r[ql - 3] = 65;
		KUNIT_EXPECT_EQ(test, havs_dns_reply(q97, ql, r, ql, &e, &code),
				HAVS_PROBE_E_DNS_QUESTION);
	}
	/* no question: never a pass, even with the rcode expected */
	n = dns_reply(r, 0x8183, a, sizeof(a), 0);
	r[5] = 0;
	e.rcode = 3;
	KUNIT_EXPECT_EQ(test, havs_dns_reply(dns_q, sizeof(dns_q), r, 12, &e, &code),
			HAVS_PROBE_E_DNS_QUESTION);
	e.rcode = 0;
	KUNIT_EXPECT_EQ(test, havs_dns_reply(dns_q, sizeof(dns_q), r, 12, &e, &code),
			HAVS_PROBE_E_DNS_RCODE);
	/* another id, a query: not ours */
	n = dns_reply(r, 0x8180, a, sizeof(a), 0);
	r[1] = 0x35;
	KUNIT_EXPECT_EQ(test, havs_dns_reply(dns_q, sizeof(dns_q), r, n, &e, &code),
			HAVS_DNS_NOT_OURS);
	n = dns_reply(r, 0x0100, a, sizeof(a), 0);
	KUNIT_EXPECT_EQ(test, havs_dns_reply(dns_q, sizeof(dns_q), r, n, &e, &code),
			HAVS_DNS_NOT_OURS);
	KUNIT_EXPECT_EQ(test, havs_dns_reply(dns_q, sizeof(dns_q), r, 1, &e, &code),
			HAVS_DNS_NOT_OURS);
	/* ours, but shorter than a header */
	n = dns_reply(r, 0x8180, a, sizeof(a), 0);
	KUNIT_EXPECT_EQ(test, havs_dns_reply(dns_q, sizeof(dns_q), r, 11, &e, &code),
			HAVS_PROBE_E_DNS_MALFORMED);
	/* REFUSED without the question */
	n = dns_reply(r, 0x8185, a, sizeof(a), 0);
	r[5] = 0;
	KUNIT_EXPECT_EQ(test, havs_dns_reply(dns_q, sizeof(dns_q), r, 12, &e, &code),
			HAVS_PROBE_E_DNS_RCODE);
	KUNIT_EXPECT_EQ(test, code, 5);
}

static void havs_tls_hello(struct kunit *test)
{
	static const u8 rnd[32] = { 1, 2, 3 };
	u8 h[HAVS_TLS_HELLO_MAX];
	char sni[260];
	int len;

	len = havs_tls_client_hello(h, sizeof(h), "", rnd, rnd, rnd);
	KUNIT_ASSERT_GT(test, len, 0);
	KUNIT_EXPECT_EQ(test, h[0], 22);
	KUNIT_EXPECT_EQ(test, (h[3] << 8 | h[4]) + 5, len);
	KUNIT_EXPECT_EQ(test, h[5], 1);
	KUNIT_EXPECT_EQ(test, (h[6] << 16 | h[7] << 8 | h[8]) + 9, len);
	KUNIT_EXPECT_EQ(test, h[9], 3);
	KUNIT_EXPECT_EQ(test, h[10], 3);
	/* no server_name: the extensions start with supported_groups */
	KUNIT_EXPECT_EQ(test, h[11 + 32 + 33 + 2 + 26 + 2 + 2], 0);
	KUNIT_EXPECT_EQ(test, h[11 + 32 + 33 + 2 + 26 + 2 + 3], 0x0a);
	KUNIT_EXPECT_EQ(test, havs_tls_client_hello(h, sizeof(h), "example.org",
						    rnd, rnd, rnd), len + 20);
	memset(sni, 'a', 253);
	sni[253] = '\0';
	KUNIT_EXPECT_GT(test, havs_tls_client_hello(h, sizeof(h), sni, rnd, rnd,
						    rnd), len);
	sni[253] = 'a';
	sni[254] = '\0';
	KUNIT_EXPECT_EQ(test, havs_tls_client_hello(h, sizeof(h), sni, rnd, rnd,
						    rnd), -EINVAL);
	KUNIT_EXPECT_EQ(test, havs_tls_client_hello(h, 100, "", rnd, rnd, rnd),
			-ENOSPC);
}

/* feed @d whole and a byte at a time: both verdicts must be @want */
static void tls_expect(struct kunit *test, const u8 *d, size_t n, int want,
		       u16 want_code)
{
	struct havs_tls_reader r;
	int v = HAVS_PROTO_MORE;
	size_t i;
	u16 code;

	havs_tls_init(&r);
	KUNIT_EXPECT_EQ(test, havs_tls_feed(&r, d, n, &code), want);
	if (want == HAVS_PROBE_E_TLS_ALERT)
		KUNIT_EXPECT_EQ(test, code, want_code);
	havs_tls_init(&r);
	for (i = 0; i < n && v == HAVS_PROTO_MORE; i++)
		v = havs_tls_feed(&r, d + i, 1, &code);
	KUNIT_EXPECT_EQ(test, v, want);
}

static void havs_tls_replies(struct kunit *test)
{
	static const u8 sh[] = { 22, 3, 3, 0, 0x5a, 2, 0, 0, 0x56, 3, 3 };
	static const u8 cert[] = { 22, 3, 3, 0, 0x5a, 11, 0, 0, 0x56 };
	static const u8 alert[] = { 21, 3, 3, 0, 2, 2, 40 };
	static const u8 ccs[] = { 20, 3, 3, 0, 1, 1 };
	static const u8 short_hs[] = { 22, 3, 3, 0, 3, 2, 0, 0 };
	static const u8 huge[] = { 22, 3, 3, 0x48, 1, 2 };
	static const u8 v2[] = { 22, 2, 0, 0, 4 };

	tls_expect(test, sh, sizeof(sh), HAVS_PROBE_E_NONE, 0);
	tls_expect(test, sh, 5, HAVS_PROTO_MORE, 0);
	tls_expect(test, cert, sizeof(cert), HAVS_PROBE_E_TLS_UNEXPECTED, 0);
	tls_expect(test, alert, sizeof(alert), HAVS_PROBE_E_TLS_ALERT, 40);
	tls_expect(test, ccs, sizeof(ccs), HAVS_PROBE_E_TLS_UNEXPECTED, 0);
	tls_expect(test, short_hs, sizeof(short_hs), HAVS_PROBE_E_TLS_UNEXPECTED, 0);
	tls_expect(test, huge, sizeof(huge), HAVS_PROBE_E_TLS_NOT_TLS, 0);
	tls_expect(test, v2, sizeof(v2), HAVS_PROBE_E_TLS_NOT_TLS, 0);
	tls_expect(test, (const u8 *)"HTTP/1.1 400 Bad Request\r\n", 26,
		   HAVS_PROBE_E_TLS_NOT_TLS, 0);
	tls_expect(test, (const u8 *)"220 mx ESMTP\r\n", 14,
		   HAVS_PROBE_E_TLS_NOT_TLS, 0);
}

/*
 * Run an SMTP dialogue over @d in pieces of @piece bytes: the commands
 * asked for as digits into @cmds, the verdict (HAVS_PROTO_MORE if none
 * before the bytes ran out).
 */
static int smtp_run(const char *d, size_t piece, char *cmds, u16 *code)
{
	size_t n = strlen(d), off = 0, used, k = 0;
	int v = HAVS_PROTO_MORE;
	struct havs_smtp s;
	u8 cmd;

	havs_smtp_init(&s);
	while (off < n && v == HAVS_PROTO_MORE) {
		size_t len = min(n - off, piece);

		v = havs_smtp_feed(&s, (const u8 *)d + off, len, &used, &cmd, code);
		if (cmd != HAVS_SMTP_NONE)
			cmds[k++] = '0' + cmd;
		off += used;
	}
	cmds[k] = '\0';
	return v;
}

struct smtp_case {
	const char *name;
	const char *replies;
	const char *cmds;	/* 1 EHLO, 2 HELO, 3 QUIT */
	int verdict;
	u16 code;
};

static const struct smtp_case smtp_cases[] = {
	{ "EHLO", "220 mx ESMTP\r\n250-mx\r\n250-SIZE 10\r\n250 8BITMIME\r\n221 bye\r\n",
	  "13", HAVS_PROBE_E_NONE, 221 },
	{ "bare LF, code alone", "220\n250\n221\n", "13", HAVS_PROBE_E_NONE, 221 },
	{ "HELO fallback", "220 old\r\n502 no\r\n250 ok\r\n221 bye\r\n", "123",
	  HAVS_PROBE_E_NONE, 221 },
	{ "multi-line banner", "220-mx\r\n220-hello\r\n220 go\r\n250 ok\r\n221 x\r\n",
	  "13", HAVS_PROBE_E_NONE, 221 },
	{ "banner 554", "554 no service\r\n", "", HAVS_PROBE_E_SMTP_BANNER, 554 },
	{ "EHLO 421", "220 mx\r\n421 bye\r\n", "1", HAVS_PROBE_E_SMTP_HELO, 421 },
	{ "HELO refused", "220 mx\r\n500 x\r\n550 no\r\n", "12",
	  HAVS_PROBE_E_SMTP_HELO, 550 },
	{ "mixed codes", "220-a\r\n221 b\r\n", "", HAVS_PROBE_E_SMTP_MALFORMED, 0 },
	{ "text", "HTTP/1.1 400\r\n", "", HAVS_PROBE_E_SMTP_MALFORMED, 0 },
	{ "bad separator", "220+x\r\n", "", HAVS_PROBE_E_SMTP_MALFORMED, 0 },
	{ "code 600", "600 x\r\n", "", HAVS_PROBE_E_SMTP_MALFORMED, 0 },
	{ "no QUIT reply yet", "220 mx\r\n250 ok\r\n", "13", HAVS_PROTO_MORE, 0 },
};

static void havs_smtp_dialogues(struct kunit *test)
{
	char whole[8], bytes[8];
	u16 cw = 0, cb = 0;
	size_t i;
	int v;

	for (i = 0; i < ARRAY_SIZE(smtp_cases); i++) {
		const struct smtp_case *c = &smtp_cases[i];

		v = smtp_run(c->replies, 4096, whole, &cw);
		KUNIT_EXPECT_EQ_MSG(test, v, c->verdict, "%s", c->name);
		KUNIT_EXPECT_STREQ_MSG(test, whole, c->cmds, "%s", c->name);
		if (c->code)
			KUNIT_EXPECT_EQ_MSG(test, cw, c->code, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, smtp_run(c->replies, 1, bytes, &cb), v,
				    "%s, a byte at a time", c->name);
		KUNIT_EXPECT_STREQ_MSG(test, bytes, whole, "%s", c->name);
	}
}

static void havs_smtp_limits(struct kunit *test)
{
	struct havs_smtp s;
	static u8 line[HAVS_SMTP_LINE_MAX + 8];
	size_t used;
	u16 code;
	u8 cmd;
	int i;

	/* a line of HAVS_SMTP_LINE_MAX characters with its LF is taken */
	memset(line, 'x', sizeof(line));
	memcpy(line, "220 ", 4);
	line[HAVS_SMTP_LINE_MAX] = '\n';
	havs_smtp_init(&s);
	KUNIT_EXPECT_EQ(test, havs_smtp_feed(&s, line, HAVS_SMTP_LINE_MAX + 1,
					     &used, &cmd, &code), HAVS_PROTO_MORE);
	KUNIT_EXPECT_EQ(test, cmd, HAVS_SMTP_EHLO);
	/* one more is not */
	line[HAVS_SMTP_LINE_MAX] = 'x';
	line[HAVS_SMTP_LINE_MAX + 1] = '\n';
	havs_smtp_init(&s);
	KUNIT_EXPECT_EQ(test, havs_smtp_feed(&s, line, HAVS_SMTP_LINE_MAX + 2,
					     &used, &cmd, &code),
			HAVS_PROBE_E_SMTP_MALFORMED);
	/* at most HAVS_SMTP_LINES_MAX lines in a reply */
	havs_smtp_init(&s);
	for (i = 0; i < HAVS_SMTP_LINES_MAX; i++)
		KUNIT_EXPECT_EQ(test, havs_smtp_feed(&s, (const u8 *)"220-x\n", 6, &used, &cmd,
						     &code), HAVS_PROTO_MORE);
	KUNIT_EXPECT_EQ(test, havs_smtp_feed(&s, (const u8 *)"220 x\n", 6, &used, &cmd, &code),
			HAVS_PROBE_E_SMTP_MALFORMED);
	/* closed: good only after QUIT */
	havs_smtp_init(&s);
	KUNIT_EXPECT_EQ(test, havs_smtp_eof(&s), HAVS_PROBE_E_CLOSED_EARLY);
	havs_smtp_feed(&s, (const u8 *)"220 a\n250 b\n", 12, &used, &cmd, &code);
	KUNIT_EXPECT_EQ(test, used, 6);
	KUNIT_EXPECT_EQ(test, havs_smtp_eof(&s), HAVS_PROBE_E_CLOSED_EARLY);
	havs_smtp_feed(&s, (const u8 *)"250 b\n", 6, &used, &cmd, &code);
	KUNIT_EXPECT_EQ(test, cmd, HAVS_SMTP_QUIT);
	KUNIT_EXPECT_EQ(test, havs_smtp_eof(&s), HAVS_PROBE_E_NONE);
}

static struct kunit_case havs_proto_cases[] = {
	KUNIT_CASE(havs_dns_query_wire),
	KUNIT_CASE(havs_dns_replies),
	KUNIT_CASE(havs_tls_hello),
	KUNIT_CASE(havs_tls_replies),
	KUNIT_CASE(havs_smtp_dialogues),
	KUNIT_CASE(havs_smtp_limits),
	{}
};

static struct kunit_suite havs_proto_suite = {
	.name = "havs_probe_proto",
	.test_cases = havs_proto_cases,
};

kunit_test_suite(havs_proto_suite);
