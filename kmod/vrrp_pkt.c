// SPDX-License-Identifier: GPL-2.0
/*
 * VRRP advertisement codec (RFC 9568 v3, RFC 3768 v2). See vrrp_pkt.h.
 *
 * This file must build in userspace too (fuzz targets, host tests): it
 * includes only portable.h and the kernel's own compat where needed.
 */

#include "vrrp_pkt.h"

#ifdef __KERNEL__
#include "compat.h"
#else
#define EXPORT_SYMBOL_IF_KUNIT(sym)
#endif

/* Add @len bytes at @p as big-endian 16-bit words to a one's complement sum. */
static u32 csum_add(u32 sum, const u8 *p, size_t len)
{
	while (len > 1) {
		sum += havs_get_be16(p);
		p += 2;
		len -= 2;
	}
	if (len)
		sum += (u32)p[0] << 8;
	return sum;
}

static u16 csum_fold(u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (u16)~sum;
}

/**
 * vrrp_csum() - Internet checksum of a VRRP message, as the RFCs define it
 * @buf: the VRRP message
 * @len: its length (at most 65535)
 * @ip: addresses for the pseudo-header
 * @version: 2 (no pseudo-header) or 3
 * @mode: for v3 over IPv4, whether the pseudo-header is included
 *
 * Computed over @buf as it is: zero the checksum field to compute one; a
 * message with a correct checksum in place sums to 0.
 *
 * Return: the checksum, host order.
 */
u16 vrrp_csum(const u8 *buf, size_t len, const struct vrrp_ip *ip,
	      u8 version, enum vrrp_csum_mode mode)
{
	unsigned int alen = vrrp_addr_len(ip->family);
	u32 sum = 0;

	if (version == 3 &&
	    (ip->family == AF_INET6 || mode == VRRP_CSUM_PSEUDO)) {
		sum = csum_add(sum, ip->saddr, alen);
		sum = csum_add(sum, ip->daddr, alen);
		/* IPv4: zero, protocol, length; IPv6: 32-bit length, next header. */
		sum += VRRP_PROTO + (u32)len;
	}
	return csum_fold(csum_add(sum, buf, len));
}
EXPORT_SYMBOL_IF_KUNIT(vrrp_csum);

/*
 * BSD CARP uses protocol 112 too, with a fixed 36-byte header whose version
 * is 2 and whose fourth byte (authlen) is 7. A VRRPv2 message with seven
 * addresses is 44 bytes long, so the combination is never VRRP.
 */
static bool is_carp(const u8 *buf, size_t len)
{
	return len == CARP_HDR_LEN && buf[0] >> 4 == 2 && buf[3] == 7;
}

/**
 * vrrp_decode() - validate and decode a received advertisement
 * @buf: the VRRP message (IP payload)
 * @len: its length
 * @ip: the IP header fields it arrived with
 * @mode: expected checksum variant for v3 over IPv4
 * @pkt: filled on success; @pkt->addrs points into @buf
 *
 * Checks, in order: TTL/hop limit 255, length, CARP, version (3, or 2 over
 * IPv4), type, address count against the length, checksum, interval and
 * (v2) authentication type, and that an IPv6 advertisement's first address
 * is link-local (fe80::/10). VRID and addresses are the caller's to match.
 *
 * Return: %VRRP_OK or the reason to drop the packet.
 */
enum vrrp_drop vrrp_decode(const u8 *buf, size_t len, const struct vrrp_ip *ip,
			   enum vrrp_csum_mode mode, struct vrrp_pkt *pkt)
{
	u8 version, naddr;
	u16 interval;

	if (ip->ttl != VRRP_TTL)
		return VRRP_DROP_TTL;
	if (len < VRRP_HDR_LEN)
		return VRRP_DROP_TRUNCATED;
	if (is_carp(buf, len))
		return VRRP_DROP_CARP;

	version = buf[0] >> 4;
	if (version != 3 && !(version == 2 && ip->family == AF_INET))
		return VRRP_DROP_VERSION;
	if ((buf[0] & 0x0f) != VRRP_TYPE_ADVERT)
		return VRRP_DROP_TYPE;
	naddr = buf[3];
	if (len != vrrp_pkt_len(version, ip->family, naddr))
		return VRRP_DROP_LENGTH;

	if (vrrp_csum(buf, len, ip, version, mode)) {
		enum vrrp_csum_mode other = mode == VRRP_CSUM_PSEUDO ?
			VRRP_CSUM_NO_PSEUDO : VRRP_CSUM_PSEUDO;

		if (version == 3 && ip->family == AF_INET &&
		    !vrrp_csum(buf, len, ip, version, other))
			return VRRP_DROP_CSUM_VARIANT;
		return VRRP_DROP_CHECKSUM;
	}

	if (version == 3) {
		/* The top four bits are reserved: ignored on receipt. */
		interval = havs_get_be16(buf + 4) & VRRP_V3_MAX_INT_CS;
	} else {
		if (buf[4])
			return VRRP_DROP_AUTH;
		interval = buf[5] * 100;
	}
	if (!interval)
		return VRRP_DROP_INTERVAL;
	/* RFC 9568 5.2.9: over IPv6 the first address is link-local. */
	if (ip->family == AF_INET6 &&
	    (!naddr || buf[VRRP_HDR_LEN] != 0xfe ||
	     (buf[VRRP_HDR_LEN + 1] & 0xc0) != 0x80))
		return VRRP_DROP_LINKLOCAL;

	pkt->version = version;
	pkt->vrid = buf[1];
	pkt->priority = buf[2];
	pkt->naddr = naddr;
	pkt->interval_cs = interval;
	pkt->family = ip->family;
	pkt->addrs = buf + VRRP_HDR_LEN;
	return VRRP_OK;
}
EXPORT_SYMBOL_IF_KUNIT(vrrp_decode);

/**
 * vrrp_encode() - build an advertisement
 * @buf: output buffer
 * @size: its size
 * @pkt: what to send; @pkt->family must equal @ip->family
 * @ip: source and destination, for the checksum
 * @mode: checksum variant for v3 over IPv4
 *
 * Return: the message length, -EMSGSIZE if @buf is too small, or -EINVAL
 * for something the wire format cannot carry (v2 over IPv6, a v2 interval
 * that is not whole seconds from 1 to 255, a v3 interval outside 1..4095).
 */
int vrrp_encode(u8 *buf, size_t size, const struct vrrp_pkt *pkt,
		const struct vrrp_ip *ip, enum vrrp_csum_mode mode)
{
	unsigned int alen = vrrp_addr_len(pkt->family);
	unsigned int len;

	if (pkt->family != ip->family ||
	    (pkt->family != AF_INET && pkt->family != AF_INET6))
		return -EINVAL;
	if (pkt->version == 3) {
		if (!pkt->interval_cs || pkt->interval_cs > VRRP_V3_MAX_INT_CS)
			return -EINVAL;
	} else if (pkt->version == 2) {
		if (pkt->family != AF_INET || pkt->interval_cs % 100 ||
		    !pkt->interval_cs ||
		    pkt->interval_cs > VRRP_V2_MAX_INT_S * 100)
			return -EINVAL;
	} else {
		return -EINVAL;
	}

	len = vrrp_pkt_len(pkt->version, pkt->family, pkt->naddr);
	if (len > size)
		return -EMSGSIZE;

	buf[0] = pkt->version << 4 | VRRP_TYPE_ADVERT;
	buf[1] = pkt->vrid;
	buf[2] = pkt->priority;
	buf[3] = pkt->naddr;
	if (pkt->version == 3) {
		havs_put_be16(buf + 4, pkt->interval_cs);
	} else {
		buf[4] = 0;	/* authentication type: none */
		buf[5] = pkt->interval_cs / 100;
	}
	buf[6] = 0;
	buf[7] = 0;
	memcpy(buf + VRRP_HDR_LEN, pkt->addrs, (size_t)pkt->naddr * alen);
	if (pkt->version == 2)
		memset(buf + VRRP_HDR_LEN + pkt->naddr * alen, 0,
		       VRRP_V2_AUTH_LEN);
	havs_put_be16(buf + 6, vrrp_csum(buf, len, ip, pkt->version, mode));
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(vrrp_encode);

static const char * const vrrp_drop_names[__VRRP_DROP_MAX] = {
	[VRRP_OK] = "ok",
	[VRRP_DROP_TTL] = "ttl",
	[VRRP_DROP_TRUNCATED] = "truncated",
	[VRRP_DROP_CARP] = "carp",
	[VRRP_DROP_VERSION] = "version",
	[VRRP_DROP_TYPE] = "type",
	[VRRP_DROP_LENGTH] = "length",
	[VRRP_DROP_CHECKSUM] = "checksum",
	[VRRP_DROP_CSUM_VARIANT] = "checksum-variant",
	[VRRP_DROP_INTERVAL] = "interval",
	[VRRP_DROP_AUTH] = "auth",
	[VRRP_DROP_LINKLOCAL] = "linklocal",
	[VRRP_DROP_PEER] = "peer",
};

/* Short stable name of a drop reason, as havsadm and counters show it. */
const char *vrrp_drop_name(enum vrrp_drop reason)
{
	if ((unsigned int)reason >= __VRRP_DROP_MAX)
		return "unknown";
	return vrrp_drop_names[reason];
}
EXPORT_SYMBOL_IF_KUNIT(vrrp_drop_name);
