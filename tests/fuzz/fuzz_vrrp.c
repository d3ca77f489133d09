// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the VRRP advertisement codec, kmod/vrrp_pkt.c,
 * built as it is outside the kernel.
 *
 * Input: one control byte, [a TTL byte], the pseudo-header's source and
 * destination addresses (4 bytes each for IPv4, 16 for IPv6), then the
 * VRRP message handed to vrrp_decode(). Control byte:
 *   bit 0	IPv6 (else IPv4)
 *   bit 1	checksum mode VRRP_CSUM_NO_PSEUDO (else VRRP_CSUM_PSEUDO)
 *   bits 2-3	1: force version 2 and type advertisement, 2: version 3
 *   bit 4	set the address count to what the length implies
 *   bit 5	put the correct checksum in (so most inputs get past it)
 *   bit 6	a TTL byte follows (else 255)
 * The message is copied into a malloc'd buffer of exactly its length, so
 * ASan reports any read past len.
 *
 * Invariants checked beyond "no crash":
 *  - vrrp_csum() equals an independent RFC 1071 checksum over the RFC
 *    9568 / RFC 3768 pseudo-header layouts.
 *  - vrrp_decode() returns a known reason (never VRRP_DROP_PEER), and
 *    one with a name.
 *  - The checksum mode matters only for v3 over IPv4: otherwise both modes
 *    give the same verdict; "checksum-variant" means the other mode gets
 *    past the checksum; a v3 IPv4 message OK in one mode is OK or
 *    "checksum-variant" in the other.
 *  - A decoded message has consistent fields: version 2 (IPv4) or 3,
 *    length vrrp_pkt_len(), interval 1..4095 cs (v2: whole seconds),
 *    addrs inside the buffer, IPv6 first address link-local.
 *  - It re-encodes with vrrp_encode() into an exactly-sized buffer to a
 *    message that decodes to the same fields and addresses, and whose
 *    bytes equal the original's but for the checksum, the v3 reserved
 *    bits and the v2 authentication data; one byte less is -EMSGSIZE.
 *  - vrrp_encode() of fields taken from the input fails with -EINVAL
 *    exactly when the wire format cannot carry them (or the packet's
 *    family is not the IP header's); otherwise it returns
 *    vrrp_pkt_len() and the result decodes to the same fields (IPv6
 *    without a link-local first address: "linklocal").
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>

#include "vrrp_pkt.h"
#include "fuzz.h"

#define C_IPV6		0x01
#define C_NO_PSEUDO	0x02
#define C_VERSION	0x0c
#define C_FIX_NADDR	0x10
#define C_FIX_CSUM	0x20
#define C_TTL		0x40

/* RFC 1071 over a pseudo-header built byte by byte, then the message. */
static u16 ref_csum(const u8 *msg, size_t len, const struct vrrp_ip *ip,
		    u8 version, enum vrrp_csum_mode mode)
{
	unsigned int alen = ip->family == AF_INET6 ? 16 : 4;
	u8 ph[40];
	size_t plen = 0, i;
	u32 sum = 0;

	if (version == 3 &&
	    (ip->family == AF_INET6 || mode == VRRP_CSUM_PSEUDO)) {
		memcpy(ph, ip->saddr, alen);
		memcpy(ph + alen, ip->daddr, alen);
		plen = 2 * alen;
		if (ip->family == AF_INET6) {
			/* upper-layer length (32 bits), 3 zeros, next header */
			ph[plen++] = len >> 24;
			ph[plen++] = len >> 16;
			ph[plen++] = len >> 8;
			ph[plen++] = len;
			ph[plen++] = 0;
			ph[plen++] = 0;
			ph[plen++] = 0;
			ph[plen++] = VRRP_PROTO;
		} else {
			/* zero, protocol, length (16 bits) */
			ph[plen++] = 0;
			ph[plen++] = VRRP_PROTO;
			ph[plen++] = len >> 8;
			ph[plen++] = len;
		}
	}
	for (i = 0; i < plen; i += 2)
		sum += ph[i] << 8 | ph[i + 1];
	for (i = 0; i < len; i++)
		sum += i % 2 ? msg[i] : msg[i] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static bool same_fields(const struct vrrp_pkt *a, const struct vrrp_pkt *b)
{
	return a->version == b->version && a->vrid == b->vrid &&
	       a->priority == b->priority && a->naddr == b->naddr &&
	       a->interval_cs == b->interval_cs && a->family == b->family &&
	       !memcmp(a->addrs, b->addrs,
		       (size_t)a->naddr * vrrp_addr_len(a->family));
}

/* A decoded message: its fields, then re-encode it and decode that. */
static void check_decoded(const u8 *msg, size_t len, const struct vrrp_ip *ip,
			  enum vrrp_csum_mode mode, const struct vrrp_pkt *p)
{
	unsigned int alen = vrrp_addr_len(ip->family), i;
	struct vrrp_pkt q;
	u8 *enc;
	int n;

	CHECK(p->version == 3 || (p->version == 2 && ip->family == AF_INET));
	CHECK(p->family == ip->family);
	CHECK(len == vrrp_pkt_len(p->version, p->family, p->naddr));
	CHECK(p->addrs == msg + VRRP_HDR_LEN);
	if (p->version == 3)
		CHECK(p->interval_cs >= 1 &&
		      p->interval_cs <= VRRP_V3_MAX_INT_CS);
	else
		CHECK(p->interval_cs % 100 == 0 && p->interval_cs >= 100 &&
		      p->interval_cs <= VRRP_V2_MAX_INT_S * 100);
	if (ip->family == AF_INET6)
		CHECK(p->naddr >= 1 && p->addrs[0] == 0xfe &&
		      (p->addrs[1] & 0xc0) == 0x80);

	enc = malloc(len);
	CHECK(enc);
	n = vrrp_encode(enc, len, p, ip, mode);
	CHECK(n == (int)len);
	CHECK(vrrp_decode(enc, len, ip, mode, &q) == VRRP_OK);
	CHECK(same_fields(p, &q));
	CHECK(vrrp_csum(enc, len, ip, p->version, mode) == 0);
	for (i = 0; i < len; i++) {
		u8 mask = 0xff;

		if (i == 6 || i == 7)
			continue;	/* checksum */
		if (i == 4 && p->version == 3)
			mask = 0x0f;	/* reserved bits of the interval */
		if (p->version == 2 && i >= VRRP_HDR_LEN + p->naddr * alen)
			continue;	/* authentication data */
		CHECK((msg[i] & mask) == (enc[i] & mask));
	}
	free(enc);

	/* One byte short: refused, and nothing written past the buffer. */
	enc = malloc(len - 1);
	CHECK(enc);
	CHECK(vrrp_encode(enc, len - 1, p, ip, mode) == -EMSGSIZE);
	free(enc);
}

/* Encode fields taken from the message's bytes, whatever they are. */
static void check_encode(const u8 *msg, size_t len, const struct vrrp_ip *ip,
			 enum vrrp_csum_mode mode)
{
	unsigned int alen = vrrp_addr_len(ip->family);
	struct vrrp_pkt p, q;
	size_t avail, elen;
	bool valid;
	u8 *enc;
	int n;

	if (len < VRRP_HDR_LEN)
		return;
	avail = (len - VRRP_HDR_LEN) / alen;
	p.version = msg[0] >> 4;
	p.vrid = msg[1];
	p.priority = msg[2];
	p.naddr = msg[3] < avail ? msg[3] : (avail > 255 ? 255 : avail);
	p.interval_cs = havs_get_be16(msg + 4);
	p.family = ip->family;
	p.addrs = msg + VRRP_HDR_LEN;

	if (p.version == 3)
		valid = p.interval_cs >= 1 &&
			p.interval_cs <= VRRP_V3_MAX_INT_CS;
	else if (p.version == 2)
		valid = p.family == AF_INET && p.interval_cs % 100 == 0 &&
			p.interval_cs >= 100 &&
			p.interval_cs <= VRRP_V2_MAX_INT_S * 100;
	else
		valid = false;

	elen = vrrp_pkt_len(p.version, p.family, p.naddr);
	enc = malloc(elen);
	CHECK(enc);
	/* The packet's family must be the IP header's, and 4 or 6. */
	p.family = ip->family == AF_INET ? AF_INET6 : AF_INET;
	CHECK(vrrp_encode(enc, elen, &p, ip, mode) == -EINVAL);
	p.family = ip->family;
	n = vrrp_encode(enc, elen, &p, ip, mode);
	if (!valid) {
		CHECK(n == -EINVAL);
		free(enc);
		return;
	}
	CHECK(n == (int)elen);
	if (ip->family == AF_INET6 &&
	    (!p.naddr || p.addrs[0] != 0xfe || (p.addrs[1] & 0xc0) != 0x80)) {
		CHECK(vrrp_decode(enc, elen, ip, mode, &q) ==
		      VRRP_DROP_LINKLOCAL);
	} else {
		CHECK(vrrp_decode(enc, elen, ip, mode, &q) == VRRP_OK);
		CHECK(same_fields(&p, &q));
	}
	free(enc);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct vrrp_ip ip = { .ttl = VRRP_TTL };
	enum vrrp_csum_mode mode, other;
	enum vrrp_drop r, r2;
	struct vrrp_pkt p;
	unsigned int alen;
	u8 addrs[32], ctl, version, *msg;
	size_t len;

	if (size < 1)
		return 0;
	ctl = *data++;
	size--;
	ip.family = ctl & C_IPV6 ? AF_INET6 : AF_INET;
	mode = ctl & C_NO_PSEUDO ? VRRP_CSUM_NO_PSEUDO : VRRP_CSUM_PSEUDO;
	other = mode == VRRP_CSUM_PSEUDO ? VRRP_CSUM_NO_PSEUDO :
		VRRP_CSUM_PSEUDO;
	if (ctl & C_TTL) {
		if (size < 1)
			return 0;
		ip.ttl = *data++;
		size--;
	}
	alen = vrrp_addr_len(ip.family);
	if (size < 2 * alen)
		return 0;
	memcpy(addrs, data, 2 * alen);
	ip.saddr = addrs;
	ip.daddr = addrs + alen;
	data += 2 * alen;
	size -= 2 * alen;

	len = size;
	msg = malloc(len ? len : 1);
	CHECK(msg);
	if (len)
		memcpy(msg, data, len);
	if (len >= 1 && (ctl & C_VERSION) >> 2 == 1)
		msg[0] = 2 << 4 | VRRP_TYPE_ADVERT;
	else if (len >= 1 && (ctl & C_VERSION) >> 2 == 2)
		msg[0] = 3 << 4 | VRRP_TYPE_ADVERT;
	version = len ? msg[0] >> 4 : 0;
	if (len >= VRRP_HDR_LEN && (ctl & C_FIX_NADDR)) {
		size_t body = len - VRRP_HDR_LEN;

		if (version == 2 && body >= VRRP_V2_AUTH_LEN)
			body -= VRRP_V2_AUTH_LEN;
		if (body % alen == 0 && body / alen <= 255)
			msg[3] = body / alen;
	}
	if (len >= VRRP_HDR_LEN && (ctl & C_FIX_CSUM)) {
		msg[6] = 0;
		msg[7] = 0;
		havs_put_be16(msg + 6, vrrp_csum(msg, len, &ip, version, mode));
	}

	CHECK(vrrp_csum(msg, len, &ip, version, mode) ==
	      ref_csum(msg, len, &ip, version, mode));
	CHECK(vrrp_csum(msg, len, &ip, version, other) ==
	      ref_csum(msg, len, &ip, version, other));

	r = vrrp_decode(msg, len, &ip, mode, &p);
	CHECK((unsigned int)r < __VRRP_DROP_MAX && r != VRRP_DROP_PEER);
	CHECK(strcmp(vrrp_drop_name(r), "unknown"));
	CHECK(!strcmp(vrrp_drop_name(__VRRP_DROP_MAX), "unknown"));
	r2 = vrrp_decode(msg, len, &ip, other, &p);
	if (ip.family == AF_INET6 || version != 3)
		CHECK(r2 == r);
	if (r == VRRP_DROP_CSUM_VARIANT)
		CHECK(r2 != VRRP_DROP_CHECKSUM && r2 != VRRP_DROP_CSUM_VARIANT);
	if (r == VRRP_OK && ip.family == AF_INET && version == 3)
		CHECK(r2 == VRRP_OK || r2 == VRRP_DROP_CSUM_VARIANT);

	r = vrrp_decode(msg, len, &ip, mode, &p);
	if (r == VRRP_OK)
		check_decoded(msg, len, &ip, mode, &p);
	if (ip.ttl == VRRP_TTL)
		check_encode(msg, len, &ip, mode);
	free(msg);
	return 0;
}
