/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The application protocols of the dns, tls and smtp health probes: what
 * a probe sends and what it makes of the replies. Pure code over buffers
 * (no socket, no allocation, no recursion), bounded by the lengths given,
 * usable in the kernel and in userspace fuzz targets and tests.
 *
 * Every verdict is an enum havs_probe_error: HAVS_PROBE_E_NONE is a good
 * reply; a code that goes with it (DNS rcode, TLS alert, SMTP reply code)
 * is returned beside it.
 */
#ifndef _HAVS_PROBE_PROTO_H
#define _HAVS_PROBE_PROTO_H

#include "portable.h"
#include "uapi/linux/havs.h"

/* a query: header, a name of at most 255 bytes on the wire, type, class */
#define HAVS_DNS_QUERY_MAX	(12 + 255 + 4)
#define HAVS_DNS_NOT_OURS	(-1)	/* another transaction: keep waiting */
/* the query types whose answers an expected address is compared with */
#define HAVS_DNS_QTYPE_A	1
#define HAVS_DNS_QTYPE_AAAA	28
/* the most of a reply over TCP read, its two length bytes included */
#define HAVS_DNS_TCP_MAX	4096

int havs_dns_query(u8 *buf, size_t size, u16 id, const char *name,
		   u16 qtype);

/**
 * struct havs_dns_expect - what makes a DNS reply good
 * @rcode: the rcode it must have (0..15)
 * @af: 0: the rcode decides; AF_INET or AF_INET6: a record of the answer
 *	section of type A or AAAA must also hold @addr
 * @addr: 4 or 16 bytes
 */
struct havs_dns_expect {
	u8 rcode;
	u8 af;
	u8 addr[16];
};

int havs_dns_reply(const u8 *query, size_t qlen, const u8 *reply,
		   size_t len, const struct havs_dns_expect *e, u16 *code);

/* TLS: a ClientHello, and a reader of the first record of the reply */
#define HAVS_TLS_HELLO_MAX	512

int havs_tls_client_hello(u8 *buf, size_t size, const char *sni,
			  const u8 random[32], const u8 session[32],
			  const u8 key_share[32]);

enum {
	HAVS_PROTO_MORE = -1,	/* the verdict needs more bytes */
};

/**
 * struct havs_tls_reader - the first bytes of a TLS reply
 * @n: bytes of @hdr filled
 * @hdr: record header (5 bytes) and the first two of its fragment
 */
struct havs_tls_reader {
	u8 n;
	u8 hdr[7];
};

void havs_tls_init(struct havs_tls_reader *r);
int havs_tls_feed(struct havs_tls_reader *r, const u8 *buf, size_t len,
		  u16 *code);

/* SMTP: the client's side of banner, EHLO (or HELO), QUIT */
/* characters of a reply line before its LF (RFC 5321 says 512 with CRLF) */
#define HAVS_SMTP_LINE_MAX	1000
#define HAVS_SMTP_LINES_MAX	100	/* lines of one multi-line reply */

enum havs_smtp_cmd {
	HAVS_SMTP_NONE,
	HAVS_SMTP_EHLO,
	HAVS_SMTP_HELO,
	HAVS_SMTP_QUIT,
};

/**
 * struct havs_smtp - the dialogue so far
 * @stage: the reply awaited: the banner, or that of the last command
 * @pos: characters of the current line read
 * @lines: lines of the current reply read
 * @cur: the code of the current line, as its digits come
 * @code: the reply code of the current reply
 * @cont: the current line goes on after this one ('-')
 */
struct havs_smtp {
	u8 stage;
	u16 pos;
	u16 lines;
	u16 cur;
	u16 code;
	bool cont;
};

void havs_smtp_init(struct havs_smtp *s);
int havs_smtp_feed(struct havs_smtp *s, const u8 *buf, size_t len,
		   size_t *used, u8 *cmd, u16 *code);
int havs_smtp_eof(const struct havs_smtp *s);

#endif /* _HAVS_PROBE_PROTO_H */
