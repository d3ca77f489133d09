/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VRRP advertisement codec: RFC 9568 (obsoletes RFC 5798) version 3 over
 * IPv4 and IPv6, RFC 3768 version 2 over IPv4. Pure functions over byte
 * buffers: no sk_buff, no allocation, usable from softirq and from
 * userspace fuzz targets.
 */
#ifndef _HAVS_VRRP_PKT_H
#define _HAVS_VRRP_PKT_H

#include "portable.h"

#define VRRP_PROTO		112	/* IP protocol number (shared with CARP) */
#define VRRP_TTL		255	/* required TTL / hop limit */
#define VRRP_TYPE_ADVERT	1
#define VRRP_HDR_LEN		8
/* the longest valid message: v3, 255 IPv6 addresses (v2 adds 8 to 255 IPv4) */
#define VRRP_MAX_LEN		(VRRP_HDR_LEN + 255 * 16)
#define VRRP_V2_AUTH_LEN	8	/* RFC 3768 authentication data */
#define VRRP_PRIO_STOP		0	/* master is leaving */
#define VRRP_PRIO_OWNER		255	/* address owner */
#define VRRP_V3_MAX_INT_CS	4095	/* 12-bit field, centiseconds */
#define VRRP_V2_MAX_INT_S	255	/* 8-bit field, seconds */
#define CARP_HDR_LEN		36	/* BSD CARP, same protocol number */

/* How the VRRPv3 checksum covers IPv4 (RFC 9568 section 5.2.8). */
enum vrrp_csum_mode {
	VRRP_CSUM_PSEUDO = 0,	/* RFC 5798/9568: with the IPv4 pseudo-header */
	VRRP_CSUM_NO_PSEUDO,	/* without, as keepalived's v3_checksum_as_v2 */
};

/*
 * Why a received packet was dropped. Every value is a counter per
 * instance (or per namespace when no instance matched); keep the names in
 * vrrp_drop_name() and the UAPI in step.
 */
enum vrrp_drop {
	VRRP_OK = 0,
	VRRP_DROP_TTL,		/* TTL / hop limit not 255 */
	VRRP_DROP_TRUNCATED,	/* shorter than the header */
	VRRP_DROP_CARP,		/* a BSD CARP packet, not VRRP */
	VRRP_DROP_VERSION,	/* not 3 (or 2 over IPv4) */
	VRRP_DROP_TYPE,		/* not an advertisement */
	VRRP_DROP_LENGTH,	/* address count disagrees with the length */
	VRRP_DROP_CHECKSUM,	/* bad checksum */
	VRRP_DROP_CSUM_VARIANT,	/* checksum good only in the other v3 IPv4 mode */
	VRRP_DROP_INTERVAL,	/* advertisement interval 0 */
	VRRP_DROP_AUTH,		/* v2 authentication type other than 0 */
	VRRP_DROP_LINKLOCAL,	/* IPv6: first address not link-local */
	VRRP_DROP_PEER,		/* not from a unicast peer (never by decode) */
	__VRRP_DROP_MAX,
};

/**
 * struct vrrp_pkt - a decoded (or to be encoded) advertisement
 * @version: 2 or 3
 * @vrid: virtual router id, 1..255 (0 is decoded as is; callers match it)
 * @priority: 0..255
 * @naddr: number of addresses at @addrs
 * @interval_cs: advertisement interval in centiseconds (v2: seconds * 100)
 * @family: AF_INET or AF_INET6
 * @addrs: @naddr addresses of 4 or 16 bytes each, network order
 */
struct vrrp_pkt {
	u8 version;
	u8 vrid;
	u8 priority;
	u8 naddr;
	u16 interval_cs;
	u16 family;
	const u8 *addrs;
};

/**
 * struct vrrp_ip - the IP header fields the codec needs
 * @family: AF_INET or AF_INET6
 * @ttl: TTL or hop limit as received
 * @saddr: source address (4 or 16 bytes)
 * @daddr: destination address (4 or 16 bytes)
 */
struct vrrp_ip {
	u16 family;
	u8 ttl;
	const u8 *saddr;
	const u8 *daddr;
};

static inline unsigned int vrrp_addr_len(u16 family)
{
	return family == AF_INET6 ? 16 : 4;
}

/* Size of an advertisement carrying @naddr addresses. */
static inline unsigned int vrrp_pkt_len(u8 version, u16 family, u8 naddr)
{
	return VRRP_HDR_LEN + naddr * vrrp_addr_len(family) +
	       (version == 2 ? VRRP_V2_AUTH_LEN : 0);
}

enum vrrp_drop vrrp_decode(const u8 *buf, size_t len, const struct vrrp_ip *ip,
			   enum vrrp_csum_mode mode, struct vrrp_pkt *pkt);
int vrrp_encode(u8 *buf, size_t size, const struct vrrp_pkt *pkt,
		const struct vrrp_ip *ip, enum vrrp_csum_mode mode);
u16 vrrp_csum(const u8 *buf, size_t len, const struct vrrp_ip *ip,
	      u8 version, enum vrrp_csum_mode mode);
const char *vrrp_drop_name(enum vrrp_drop reason);

#endif /* _HAVS_VRRP_PKT_H */
