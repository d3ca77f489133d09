// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the dns, tls and smtp probes' protocol code,
 * kmod/probe_proto.c, built as it is outside the kernel.
 *
 * Input: byte 0 picks the protocol (its value modulo 3) and flags:
 *   0 dns	byte 1: expected rcode (low 4 bits), bit 4 an IPv4 answer
 *		is expected, bit 5 an IPv6 one; bytes 2-17 the address;
 *		then a NUL-terminated name (at most 300 bytes) and the
 *		reply. The query is made for the name (its id is the
 *		reply's first two bytes when there are two).
 *   1 tls	then a NUL-terminated SNI and the reply
 *   2 smtp	then the replies
 *
 * Every reply is fed whole and a byte at a time (each piece copied into
 * a malloc'd buffer of exactly its size, so ASan sees reads past it).
 *
 * Invariants beyond "no crash":
 *  - dns: a query that is made is 12 + name + 2 + 4 bytes, and the
 *    query itself turned into a reply (QR set, rcode 0) is good when no
 *    address is expected; a verdict is NOT_OURS or an error code; a good
 *    reply with an expected address holds that address.
 *  - tls: a ClientHello fits HAVS_TLS_HELLO_MAX, its record and
 *    handshake lengths add up; whole and bytewise feeds agree.
 *  - smtp: whole and bytewise feeds agree on the commands asked for and
 *    the verdict; a good verdict comes only after QUIT was asked for.
 */
#include <stdlib.h>

#include "probe_proto.h"
#include "fuzz.h"

static void fuzz_dns(const u8 *d, size_t n)
{
	struct havs_dns_expect e = {};
	u8 q[HAVS_DNS_QUERY_MAX], self[HAVS_DNS_QUERY_MAX];
	char name[301];
	size_t i = 0;
	int len, r;
	u16 code;
	u8 *copy;

	if (n < 18)
		return;
	e.rcode = d[1] & 0xf;
	e.af = d[1] & 0x10 ? AF_INET : d[1] & 0x20 ? AF_INET6 : 0;
	memcpy(e.addr, d + 2, 16);
	d += 18;
	n -= 18;
	while (i < n && i < sizeof(name) - 1 && d[i]) {
		name[i] = d[i];
		i++;
	}
	name[i] = '\0';
	if (i < n)
		i++;
	d += i;
	n -= i;
	len = havs_dns_query(q, sizeof(q), n >= 2 ? havs_get_be16(d) : 0,
			     name, 1);
	if (len < 0)
		return;
	CHECK(len <= HAVS_DNS_QUERY_MAX);
	CHECK((size_t)len == 12 + (strcmp(name, ".") ?
		strlen(name) - (name[strlen(name) - 1] == '.') + 1 : 0) + 1 + 4);
	/* the query as its own reply: the same question, NOERROR */
	memcpy(self, q, len);
	self[2] |= 0x80;
	if (!e.af && !e.rcode)
		CHECK(havs_dns_reply(q, len, self, len, &e, &code) == HAVS_PROBE_E_NONE);
	copy = malloc(n ? n : 1);
	memcpy(copy, d, n);
	r = havs_dns_reply(q, len, copy, n, &e, &code);
	CHECK(r == HAVS_DNS_NOT_OURS || (r >= 0 && r < __HAVS_PROBE_E_MAX));
	CHECK(code <= 15);
	if (r == HAVS_PROBE_E_NONE && e.af) {
		size_t alen = e.af == AF_INET ? 4 : 16;
		bool found = false;

		for (i = 0; i + alen <= n && !found; i++)
			found = !memcmp(copy + i, e.addr, alen);
		CHECK(found);
	}
	free(copy);
}

static int tls_feed_copy(struct havs_tls_reader *r, const u8 *d, size_t n,
			 u16 *code)
{
	u8 *copy = malloc(n ? n : 1);
	int v;

	memcpy(copy, d, n);
	v = havs_tls_feed(r, copy, n, code);
	free(copy);
	return v;
}

static void fuzz_tls(const u8 *d, size_t n)
{
	u8 hello[HAVS_TLS_HELLO_MAX], rnd[32] = { 1 };
	struct havs_tls_reader a, b;
	int va, vb = HAVS_PROTO_MORE;
	u16 ca, cb = 0;
	char sni[300];
	size_t i = 0;
	int len;

	while (i < n && i < sizeof(sni) - 1 && d[i]) {
		sni[i] = d[i];
		i++;
	}
	sni[i] = '\0';
	if (i < n)
		i++;
	d += i;
	n -= i;
	len = havs_tls_client_hello(hello, sizeof(hello), sni, rnd, rnd, rnd);
	CHECK(len > 0 || strlen(sni) > 253);
	if (len > 0) {
		CHECK(havs_get_be16(hello + 3) + 5 == len);
		CHECK(((hello[6] << 16) | havs_get_be16(hello + 7)) + 9 == len);
	}
	havs_tls_init(&a);
	havs_tls_init(&b);
	va = tls_feed_copy(&a, d, n, &ca);
	for (i = 0; i < n && vb == HAVS_PROTO_MORE; i++)
		vb = tls_feed_copy(&b, d + i, 1, &cb);
	CHECK(va == vb);
	CHECK(va == HAVS_PROTO_MORE || (va >= 0 && va < __HAVS_PROBE_E_MAX));
	if (va == HAVS_PROBE_E_TLS_ALERT)
		CHECK(ca == cb);
	CHECK(va != HAVS_PROBE_E_NONE || (n >= 6 && d[0] == 22 && d[5] == 2));
}

/* the commands asked for (as digits) and the verdict, in @log */
static int smtp_run(const u8 *d, size_t n, size_t piece, char *log,
		    size_t loglen)
{
	struct havs_smtp s;
	size_t off = 0, used, k = 0;
	int v = HAVS_PROTO_MORE;
	u16 code;
	u8 cmd;

	havs_smtp_init(&s);
	while (off < n && v == HAVS_PROTO_MORE) {
		size_t len = n - off < piece ? n - off : piece;
		u8 *copy = malloc(len);

		memcpy(copy, d + off, len);
		v = havs_smtp_feed(&s, copy, len, &used, &cmd, &code);
		free(copy);
		CHECK(used <= len);
		if (cmd != HAVS_SMTP_NONE && k < loglen - 1)
			log[k++] = '0' + cmd;
		/* a command is asked for after a whole line */
		CHECK(cmd == HAVS_SMTP_NONE || d[off + used - 1] == '\n');
		off += used;
	}
	log[k] = '\0';
	if (v == HAVS_PROTO_MORE)
		v = 100 + havs_smtp_eof(&s);
	return v;
}

static void fuzz_smtp(const u8 *d, size_t n)
{
	char la[64], lb[64];
	int va, vb;

	va = smtp_run(d, n, n ? n : 1, la, sizeof(la));
	vb = smtp_run(d, n, 1, lb, sizeof(lb));
	CHECK(va == vb);
	CHECK(!strcmp(la, lb));
	if (va == HAVS_PROBE_E_NONE || va == 100 + HAVS_PROBE_E_NONE)
		CHECK(strchr(la, '0' + HAVS_SMTP_QUIT));
}

int LLVMFuzzerTestOneInput(const u8 *d, size_t n)
{
	if (!n)
		return 0;
	switch (d[0] % 3) {
	case 0:
		fuzz_dns(d, n);
		break;
	case 1:
		fuzz_tls(d + 1, n - 1);
		break;
	default:
		fuzz_smtp(d + 1, n - 1);
	}
	return 0;
}
