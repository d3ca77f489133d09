// SPDX-License-Identifier: GPL-2.0
/*
 * The application protocols of the dns, tls and smtp health probes. See
 * probe_proto.h.
 *
 * This file must build in userspace too (fuzz targets, host tests): it
 * includes only portable.h and the kernel's own compat where needed.
 */

#include "probe_proto.h"

#ifdef __KERNEL__
#include "compat.h"
#else
#define EXPORT_SYMBOL_IF_KUNIT(sym)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define DNS_HDR_LEN	12
#define DNS_F_QR	0x8000
#define DNS_F_TC	0x0200
#define DNS_F_RD	0x0100
#define DNS_OPCODE(f)	(((f) >> 11) & 0xf)
#define DNS_CLASS_IN	1
#define DNS_TYPE_A	HAVS_DNS_QTYPE_A
#define DNS_TYPE_AAAA	HAVS_DNS_QTYPE_AAAA

/* letters compare without case in DNS names (RFC 4343) */
static u8 proto_lower(u8 c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/*
 * The query for @name (dotted, an optional final dot; "." is the root)
 * and @qtype into @buf, recursion desired: its length, or -EINVAL for a
 * name that is not labels of 1 to 63 printable characters, at most 253
 * characters in all, or -ENOSPC if @size is too small.
 */
int havs_dns_query(u8 *buf, size_t size, u16 id, const char *name, u16 qtype)
{
	size_t n = strlen(name), i, o, label;

	if (n == 1 && name[0] == '.')
		n = 0;
	else if (n && name[n - 1] == '.')
		n--;
	if ((!n && name[0] != '.') || n > 253)
		return -EINVAL;
	if (size < DNS_HDR_LEN + n + 2 + 4)
		return -ENOSPC;
	havs_put_be16(buf, id);
	havs_put_be16(buf + 2, DNS_F_RD);
	havs_put_be16(buf + 4, 1);
	memset(buf + 6, 0, 6);
	/* each label's length byte, then its characters */
	o = DNS_HDR_LEN;
	label = 0;
	for (i = 0; i < n; i++) {
		u8 c = name[i];

		if (c == '.') {
			if (!label)
				return -EINVAL;
			buf[o] = label;
			o += label + 1;
			label = 0;
			continue;
		}
		if (c <= 0x20 || c >= 0x7f || ++label > 63)
			return -EINVAL;
		buf[o + label] = c;
	}
	if (n) {
		if (!label)
			return -EINVAL;
		buf[o] = label;
		o += label + 1;
	}
	buf[o++] = 0;
	havs_put_be16(buf + o, qtype);
	havs_put_be16(buf + o + 2, DNS_CLASS_IN);
	return o + 4;
}
EXPORT_SYMBOL_IF_KUNIT(havs_dns_query);

/* skip a name at @*pos of @p (labels, maybe ending in a pointer) */
static int proto_dns_skip_name(const u8 *p, size_t len, size_t *pos)
{
	size_t i = *pos;

	for (;;) {
		if (i >= len)
			return -1;
		if (!p[i]) {
			*pos = i + 1;
			return 0;
		}
		if ((p[i] & 0xc0) == 0xc0) {
			if (i + 2 > len)
				return -1;
			*pos = i + 2;
			return 0;
		}
		if (p[i] & 0xc0)
			return -1;
		i += 1 + p[i];
	}
}

/*
 * The verdict on @reply to the query @query (as havs_dns_query() made
 * it): HAVS_DNS_NOT_OURS for a datagram of another transaction (another
 * id, or not a reply), or an enum havs_probe_error; *@code is the rcode.
 * A reply is good when it answers the same question (names compared
 * without case) with the expected rcode and, if an address is expected,
 * an A or AAAA record of class IN in the answer section has it.
 */
int havs_dns_reply(const u8 *query, size_t qlen, const u8 *reply,
		   size_t len, const struct havs_dns_expect *e, u16 *code)
{
	size_t qdlen = qlen - DNS_HDR_LEN, pos, i;
	u16 flags, qdcount, ancount;

	*code = 0;
	if (len < DNS_HDR_LEN || qlen <= DNS_HDR_LEN)
		return len < 2 || qlen < 2 ||
		       havs_get_be16(reply) != havs_get_be16(query) ?
		       HAVS_DNS_NOT_OURS : HAVS_PROBE_E_DNS_MALFORMED;
	flags = havs_get_be16(reply + 2);
	if (havs_get_be16(reply) != havs_get_be16(query) || !(flags & DNS_F_QR))
		return HAVS_DNS_NOT_OURS;
	if (DNS_OPCODE(flags))
		return HAVS_PROBE_E_DNS_MALFORMED;
	*code = flags & 0xf;
	qdcount = havs_get_be16(reply + 4);
	ancount = havs_get_be16(reply + 6);
	pos = DNS_HDR_LEN;
	if (qdcount > 1)
		return HAVS_PROBE_E_DNS_QUESTION;
	if (qdcount == 1) {
		if (len < DNS_HDR_LEN + qdlen)
			return HAVS_PROBE_E_DNS_MALFORMED;
		/* the name in any case (RFC 4343); type and class exactly */
		for (i = 0; i < qdlen - 4; i++)
			if (proto_lower(reply[pos + i]) !=
			    proto_lower(query[DNS_HDR_LEN + i]))
				return HAVS_PROBE_E_DNS_QUESTION;
		if (memcmp(reply + pos + qdlen - 4, query + qlen - 4, 4))
			return HAVS_PROBE_E_DNS_QUESTION;
		pos += qdlen;
	} else {
		/*
		 * Only an error may leave the question out (FORMERR, ...), and
		 * such a reply never passes: without the question, only the
		 * 16-bit id says it answers ours.
		 */
		return *code != e->rcode ? HAVS_PROBE_E_DNS_RCODE :
					   HAVS_PROBE_E_DNS_QUESTION;
	}
	if (*code != e->rcode)
		return HAVS_PROBE_E_DNS_RCODE;
	if (!e->af)
		return HAVS_PROBE_E_NONE;
	if (flags & DNS_F_TC)
		return HAVS_PROBE_E_DNS_TRUNCATED;
	for (i = 0; i < ancount; i++) {
		u16 type, class, rdlen;

		if (proto_dns_skip_name(reply, len, &pos) || pos + 10 > len)
			return HAVS_PROBE_E_DNS_MALFORMED;
		type = havs_get_be16(reply + pos);
		class = havs_get_be16(reply + pos + 2);
		rdlen = havs_get_be16(reply + pos + 8);
		pos += 10;
		if (pos + rdlen > len)
			return HAVS_PROBE_E_DNS_MALFORMED;
		if (class == DNS_CLASS_IN &&
		    ((e->af == AF_INET && type == DNS_TYPE_A && rdlen == 4) ||
		     (e->af == AF_INET6 && type == DNS_TYPE_AAAA && rdlen == 16)) &&
		    !memcmp(reply + pos, e->addr, rdlen))
			return HAVS_PROBE_E_NONE;
		pos += rdlen;
	}
	return HAVS_PROBE_E_DNS_ANSWER;
}
EXPORT_SYMBOL_IF_KUNIT(havs_dns_reply);

/* --- TLS ---------------------------------------------------------------- */

#define TLS_REC_HANDSHAKE	22
#define TLS_REC_ALERT		21
#define TLS_HS_CLIENT_HELLO	1
#define TLS_HS_SERVER_HELLO	2
#define TLS_REC_MAX		(16384 + 2048)

/*
 * TLS 1.3 suites first, then ECDHE with AES-GCM and ChaCha20 for 1.2,
 * then plain RSA key exchange for old servers.
 */
static const u16 proto_tls_suites[] = {
	0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9,
	0xcca8, 0x009c, 0x009d, 0x002f, 0x0035,
};

static const u16 proto_tls_groups[] = { 0x001d, 0x0017, 0x0018 };

static const u16 proto_tls_sigalgs[] = {
	0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501,
	0x0601, 0x0807,
};

struct proto_out {
	u8 *p;
	size_t size;
	size_t n;
	bool over;
};

static void proto_put(struct proto_out *o, const void *d, size_t len)
{
	if (o->over || o->size - o->n < len) {
		o->over = true;
		return;
	}
	memcpy(o->p + o->n, d, len);
	o->n += len;
}

static void proto_put8(struct proto_out *o, u8 v)
{
	proto_put(o, &v, 1);
}

static void proto_put16(struct proto_out *o, u16 v)
{
	u8 b[2];

	havs_put_be16(b, v);
	proto_put(o, b, 2);
}

/* a length of @bytes bytes at @at, of everything written after it */
static void proto_fix_len(struct proto_out *o, size_t at, int bytes)
{
	size_t v = o->n - at - bytes;
	int i;

	if (o->over)
		return;
	for (i = bytes - 1; i >= 0; i--, v >>= 8)
		o->p[at + i] = v & 0xff;
}

/*
 * A ClientHello offering TLS 1.3 and 1.2 in one record into @buf, with
 * a server_name of @sni unless it is empty, and an X25519 key share of
 * @key_share (any 32 bytes: the probe never completes the handshake):
 * its length, or -ENOSPC, or -EINVAL for an SNI of over 253 characters.
 */
int havs_tls_client_hello(u8 *buf, size_t size, const char *sni,
			  const u8 random[32], const u8 session[32],
			  const u8 key_share[32])
{
	struct proto_out o = { .p = buf, .size = size };
	size_t rec, hs, ext, at, sni_len = strlen(sni), i;

	if (sni_len > 253)
		return -EINVAL;
	proto_put8(&o, TLS_REC_HANDSHAKE);
	proto_put16(&o, 0x0301);	/* as TLS 1.3 clients send it */
	rec = o.n;
	proto_put16(&o, 0);
	proto_put8(&o, TLS_HS_CLIENT_HELLO);
	hs = o.n;
	proto_put(&o, "\0\0", 3);
	proto_put16(&o, 0x0303);
	proto_put(&o, random, 32);
	proto_put8(&o, 32);
	proto_put(&o, session, 32);
	proto_put16(&o, sizeof(proto_tls_suites));
	for (i = 0; i < ARRAY_SIZE(proto_tls_suites); i++)
		proto_put16(&o, proto_tls_suites[i]);
	proto_put8(&o, 1);	/* compression: null */
	proto_put8(&o, 0);
	ext = o.n;
	proto_put16(&o, 0);
	if (sni_len) {
		proto_put16(&o, 0x0000);
		proto_put16(&o, sni_len + 5);
		proto_put16(&o, sni_len + 3);
		proto_put8(&o, 0);	/* host_name */
		proto_put16(&o, sni_len);
		proto_put(&o, sni, sni_len);
	}
	proto_put16(&o, 0x000a);	/* supported_groups */
	proto_put16(&o, sizeof(proto_tls_groups) + 2);
	proto_put16(&o, sizeof(proto_tls_groups));
	for (i = 0; i < ARRAY_SIZE(proto_tls_groups); i++)
		proto_put16(&o, proto_tls_groups[i]);
	proto_put16(&o, 0x000b);	/* ec_point_formats: uncompressed */
	proto_put16(&o, 2);
	proto_put8(&o, 1);
	proto_put8(&o, 0);
	proto_put16(&o, 0x000d);	/* signature_algorithms */
	proto_put16(&o, sizeof(proto_tls_sigalgs) + 2);
	proto_put16(&o, sizeof(proto_tls_sigalgs));
	for (i = 0; i < ARRAY_SIZE(proto_tls_sigalgs); i++)
		proto_put16(&o, proto_tls_sigalgs[i]);
	proto_put16(&o, 0x002b);	/* supported_versions: 1.3, 1.2 */
	proto_put16(&o, 5);
	proto_put8(&o, 4);
	proto_put16(&o, 0x0304);
	proto_put16(&o, 0x0303);
	proto_put16(&o, 0x0033);	/* key_share: X25519 */
	at = o.n;
	proto_put16(&o, 0);
	proto_put16(&o, 36);
	proto_put16(&o, 0x001d);
	proto_put16(&o, 32);
	proto_put(&o, key_share, 32);
	proto_fix_len(&o, at, 2);
	proto_put16(&o, 0xff01);	/* renegotiation_info: empty */
	proto_put16(&o, 1);
	proto_put8(&o, 0);
	if (o.over)
		return -ENOSPC;
	proto_fix_len(&o, ext, 2);
	proto_fix_len(&o, hs, 3);
	proto_fix_len(&o, rec, 2);
	return o.n;
}
EXPORT_SYMBOL_IF_KUNIT(havs_tls_client_hello);

void havs_tls_init(struct havs_tls_reader *r)
{
	r->n = 0;
}
EXPORT_SYMBOL_IF_KUNIT(havs_tls_init);

/*
 * The verdict on the first record of the reply, as early as its bytes
 * allow: HAVS_PROTO_MORE, HAVS_PROBE_E_NONE for a handshake record that
 * starts with a ServerHello (a HelloRetryRequest is one too), or why not;
 * *@code is an alert's description. Bytes after a verdict are not read.
 */
int havs_tls_feed(struct havs_tls_reader *r, const u8 *buf, size_t len,
		  u16 *code)
{
	u16 rlen;

	*code = 0;
	while (len && r->n < sizeof(r->hdr)) {
		r->hdr[r->n++] = *buf++;
		len--;
		/* a server speaking another protocol shows it at once */
		if (r->n == 1 && r->hdr[0] != TLS_REC_HANDSHAKE &&
		    r->hdr[0] != TLS_REC_ALERT)
			return r->hdr[0] >= 20 && r->hdr[0] <= 24 ?
			       HAVS_PROBE_E_TLS_UNEXPECTED :
			       HAVS_PROBE_E_TLS_NOT_TLS;
		if (r->n == 2 && r->hdr[1] != 3)
			return HAVS_PROBE_E_TLS_NOT_TLS;
		if (r->n == 5) {
			rlen = havs_get_be16(r->hdr + 3);
			if (!rlen || rlen > TLS_REC_MAX)
				return HAVS_PROBE_E_TLS_NOT_TLS;
			if (rlen < 2 ||
			    (r->hdr[0] == TLS_REC_HANDSHAKE && rlen < 4))
				return HAVS_PROBE_E_TLS_UNEXPECTED;
		}
		if (r->n == 6 && r->hdr[0] == TLS_REC_HANDSHAKE)
			return r->hdr[5] == TLS_HS_SERVER_HELLO ?
			       HAVS_PROBE_E_NONE : HAVS_PROBE_E_TLS_UNEXPECTED;
		if (r->n == 7) {
			*code = r->hdr[6];
			return HAVS_PROBE_E_TLS_ALERT;
		}
	}
	return HAVS_PROTO_MORE;
}
EXPORT_SYMBOL_IF_KUNIT(havs_tls_feed);

/* --- SMTP --------------------------------------------------------------- */

void havs_smtp_init(struct havs_smtp *s)
{
	memset(s, 0, sizeof(*s));
	s->stage = HAVS_SMTP_NONE;
}
EXPORT_SYMBOL_IF_KUNIT(havs_smtp_init);

/* a whole reply of code @code came: the command to send, or a verdict */
static int proto_smtp_reply(struct havs_smtp *s, u8 *cmd, u16 *code)
{
	u8 stage = s->stage;

	*code = s->code;
	s->lines = 0;
	s->code = 0;
	switch (stage) {
	case HAVS_SMTP_NONE:
		if (*code != 220)
			return HAVS_PROBE_E_SMTP_BANNER;
		*cmd = HAVS_SMTP_EHLO;
		break;
	case HAVS_SMTP_EHLO:
	case HAVS_SMTP_HELO:
		if (*code == 250) {
			*cmd = HAVS_SMTP_QUIT;
		} else if (stage == HAVS_SMTP_EHLO && *code >= 500 &&
			   *code <= 504) {
			/* a server without ESMTP (RFC 5321 3.2) */
			*cmd = HAVS_SMTP_HELO;
		} else {
			return HAVS_PROBE_E_SMTP_HELO;
		}
		break;
	default:
		/* whatever it says to QUIT: the greeting was good */
		return HAVS_PROBE_E_NONE;
	}
	s->stage = *cmd;
	return HAVS_PROTO_MORE;
}

/*
 * Read replies from @buf: HAVS_PROTO_MORE to read on, with *@cmd the
 * command to send first (HAVS_SMTP_NONE: none), or a verdict; *@used is
 * how many bytes were read (the rest is fed after the command is sent);
 * *@code the code of the last whole reply. Lines end in LF (a CR before
 * it is not required); a multi-line reply is lines of "CODE-text" ended
 * by one "CODE text", all with the same code.
 */
int havs_smtp_feed(struct havs_smtp *s, const u8 *buf, size_t len,
		   size_t *used, u8 *cmd, u16 *code)
{
	size_t i;
	int r;

	*cmd = HAVS_SMTP_NONE;
	*code = 0;
	for (i = 0; i < len; i++) {
		u8 c = buf[i];

		if (s->pos < 3) {
			/* 1-5, 0-5, 0-9 (RFC 5321 4.2) */
			if (c < (s->pos ? '0' : '1') ||
			    c > (s->pos == 1 ? '5' : s->pos ? '9' : '5'))
				goto bad;
			s->cur = s->cur * 10 + (c - '0');
			s->pos++;
			continue;
		}
		if (s->pos == 3) {
			/* every line of a reply has its code */
			if (!s->lines)
				s->code = s->cur;
			else if (s->cur != s->code)
				goto bad;
			s->cur = 0;
			if (c == '-')
				s->cont = true;
			else if (c == ' ' || c == '\r' || c == '\n')
				s->cont = false;
			else
				goto bad;
		}
		if (c != '\n') {
			if (++s->pos > HAVS_SMTP_LINE_MAX)
				goto bad;
			continue;
		}
		s->pos = 0;
		if (++s->lines > HAVS_SMTP_LINES_MAX)
			goto bad;
		if (s->cont)
			continue;
		r = proto_smtp_reply(s, cmd, code);
		if (r != HAVS_PROTO_MORE || *cmd != HAVS_SMTP_NONE) {
			*used = i + 1;
			return r;
		}
	}
	*used = len;
	return HAVS_PROTO_MORE;
bad:
	*used = i;
	return HAVS_PROBE_E_SMTP_MALFORMED;
}
EXPORT_SYMBOL_IF_KUNIT(havs_smtp_feed);

/* the server closed: good only after QUIT */
int havs_smtp_eof(const struct havs_smtp *s)
{
	return s->stage == HAVS_SMTP_QUIT ? HAVS_PROBE_E_NONE :
	       HAVS_PROBE_E_CLOSED_EARLY;
}
EXPORT_SYMBOL_IF_KUNIT(havs_smtp_eof);
