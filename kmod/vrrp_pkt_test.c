// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for vrrp_pkt.c: round trips, checksums against bytes built by
 * an independent implementation, and every class of malformed packet.
 */

#include <kunit/test.h>
#include <linux/in6.h>
#include <linux/socket.h>

#include "vrrp_pkt.h"

/*
 * Reference advertisements, checksums computed by a separate Python
 * implementation of RFC 1071 over the RFC 9568 / RFC 3768 layouts:
 *   v2: VRID 51, prio 100, 192.0.2.100, 1 s, 192.0.2.1 -> 224.0.0.18
 *   v3 IPv4: VRID 51, prio 100, 192.0.2.100 + .101, 100 cs, same addresses,
 *     with and without the IPv4 pseudo-header
 *   v3 IPv6: VRID 7, prio 200, fe80::1 + 2001:db8::100, 100 cs,
 *     fe80::a -> ff02::12
 */
static const u8 pkt_v2[] = {
	0x21, 0x33, 0x64, 0x01, 0x00, 0x01, 0xb8, 0x65,
	0xc0, 0x00, 0x02, 0x64, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
};

static const u8 pkt_v3_ipv4[] = {
	0x31, 0x33, 0x64, 0x02, 0x00, 0x64, 0x43, 0x07,
	0xc0, 0x00, 0x02, 0x64, 0xc0, 0x00, 0x02, 0x65,
};

static const u8 pkt_v3_ipv4_nopseudo[] = {
	0x31, 0x33, 0x64, 0x02, 0x00, 0x64, 0xe5, 0x9b,
	0xc0, 0x00, 0x02, 0x64, 0xc0, 0x00, 0x02, 0x65,
};

static const u8 pkt_v3_ipv6[] = {
	0x31, 0x07, 0xc8, 0x02, 0x00, 0x64, 0xdb, 0x1e,
	0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
};

static const u8 src4[4] = { 192, 0, 2, 1 };
static const u8 mcast4[4] = { 224, 0, 0, 18 };
static const u8 src6[16] = { 0xfe, 0x80, [15] = 0x0a };
static const u8 mcast6[16] = { 0xff, 0x02, [15] = 0x12 };

static const struct vrrp_ip ip4 = {
	.family = AF_INET, .ttl = 255, .saddr = src4, .daddr = mcast4,
};

static const struct vrrp_ip ip6 = {
	.family = AF_INET6, .ttl = 255, .saddr = src6, .daddr = mcast6,
};

static void expect_same(struct kunit *test, const u8 *a, const u8 *b,
			size_t len)
{
	KUNIT_EXPECT_EQ_MSG(test, memcmp(a, b, len), 0,
			    "encoded bytes differ from the reference");
}

static void havs_vrrp_pkt_decode_reference(struct kunit *test)
{
	struct vrrp_pkt p;

	KUNIT_ASSERT_EQ(test, vrrp_decode(pkt_v2, sizeof(pkt_v2), &ip4,
					  VRRP_CSUM_PSEUDO, &p), VRRP_OK);
	KUNIT_EXPECT_EQ(test, p.version, 2);
	KUNIT_EXPECT_EQ(test, p.vrid, 51);
	KUNIT_EXPECT_EQ(test, p.priority, 100);
	KUNIT_EXPECT_EQ(test, p.naddr, 1);
	KUNIT_EXPECT_EQ(test, p.interval_cs, 100);
	KUNIT_EXPECT_PTR_EQ(test, p.addrs, &pkt_v2[8]);

	KUNIT_ASSERT_EQ(test, vrrp_decode(pkt_v3_ipv4, sizeof(pkt_v3_ipv4),
					  &ip4, VRRP_CSUM_PSEUDO, &p), VRRP_OK);
	KUNIT_EXPECT_EQ(test, p.version, 3);
	KUNIT_EXPECT_EQ(test, p.naddr, 2);
	KUNIT_EXPECT_EQ(test, p.interval_cs, 100);
	KUNIT_EXPECT_EQ(test, p.family, AF_INET);

	KUNIT_ASSERT_EQ(test, vrrp_decode(pkt_v3_ipv4_nopseudo,
					  sizeof(pkt_v3_ipv4_nopseudo), &ip4,
					  VRRP_CSUM_NO_PSEUDO, &p), VRRP_OK);

	KUNIT_ASSERT_EQ(test, vrrp_decode(pkt_v3_ipv6, sizeof(pkt_v3_ipv6),
					  &ip6, VRRP_CSUM_PSEUDO, &p), VRRP_OK);
	KUNIT_EXPECT_EQ(test, p.vrid, 7);
	KUNIT_EXPECT_EQ(test, p.priority, 200);
	KUNIT_EXPECT_EQ(test, p.family, AF_INET6);
	/* IPv6 always uses the pseudo-header, whatever the IPv4 mode says. */
	KUNIT_EXPECT_EQ(test, vrrp_decode(pkt_v3_ipv6, sizeof(pkt_v3_ipv6),
					  &ip6, VRRP_CSUM_NO_PSEUDO, &p), VRRP_OK);
}

static void havs_vrrp_pkt_encode_reference(struct kunit *test)
{
	u8 buf[64];
	struct vrrp_pkt p = {
		.version = 2, .vrid = 51, .priority = 100, .naddr = 1,
		.interval_cs = 100, .family = AF_INET, .addrs = &pkt_v2[8],
	};

	KUNIT_ASSERT_EQ(test, vrrp_encode(buf, sizeof(buf), &p, &ip4,
					  VRRP_CSUM_PSEUDO), (int)sizeof(pkt_v2));
	expect_same(test, buf, pkt_v2, sizeof(pkt_v2));

	p.version = 3;
	p.naddr = 2;
	p.addrs = &pkt_v3_ipv4[8];
	KUNIT_ASSERT_EQ(test, vrrp_encode(buf, sizeof(buf), &p, &ip4,
					  VRRP_CSUM_PSEUDO), (int)sizeof(pkt_v3_ipv4));
	expect_same(test, buf, pkt_v3_ipv4, sizeof(pkt_v3_ipv4));
	KUNIT_ASSERT_EQ(test, vrrp_encode(buf, sizeof(buf), &p, &ip4,
					  VRRP_CSUM_NO_PSEUDO),
			(int)sizeof(pkt_v3_ipv4_nopseudo));
	expect_same(test, buf, pkt_v3_ipv4_nopseudo,
		    sizeof(pkt_v3_ipv4_nopseudo));

	p.vrid = 7;
	p.priority = 200;
	p.family = AF_INET6;
	p.addrs = &pkt_v3_ipv6[8];
	KUNIT_ASSERT_EQ(test, vrrp_encode(buf, sizeof(buf), &p, &ip6,
					  VRRP_CSUM_PSEUDO), (int)sizeof(pkt_v3_ipv6));
	expect_same(test, buf, pkt_v3_ipv6, sizeof(pkt_v3_ipv6));
}

/* Every (version, family, count, interval) the format allows round trips. */
static void havs_vrrp_pkt_round_trip(struct kunit *test)
{
	static const u16 intervals[] = { 1, 99, 100, 2500, 4095 };
	u8 addrs[16 * 20], buf[16 * 20 + 16];
	const struct vrrp_ip *ips[] = { &ip4, &ip6 };
	unsigned int i, f, n, iv;
	struct vrrp_pkt in, out;
	int len;

	for (i = 0; i < sizeof(addrs); i++)
		addrs[i] = i * 7 + 1;
	/* Over IPv6 the first address is link-local, so there is one. */
	addrs[0] = 0xfe;
	addrs[1] = 0x80;

	for (f = 0; f < 2; f++) {
		for (n = ips[f]->family == AF_INET6 ? 5 : 0; n <= 20; n += 5) {
			for (iv = 0; iv < ARRAY_SIZE(intervals); iv++) {
				in = (struct vrrp_pkt){
					.version = 3, .vrid = 200 + n,
					.priority = 10 * n, .naddr = n,
					.interval_cs = intervals[iv],
					.family = ips[f]->family, .addrs = addrs,
				};
				len = vrrp_encode(buf, sizeof(buf), &in, ips[f],
						  VRRP_CSUM_PSEUDO);
				KUNIT_ASSERT_GT(test, len, 0);
				KUNIT_ASSERT_EQ(test,
						vrrp_decode(buf, len, ips[f],
							    VRRP_CSUM_PSEUDO, &out),
						VRRP_OK);
				KUNIT_EXPECT_EQ(test, out.vrid, in.vrid);
				KUNIT_EXPECT_EQ(test, out.priority, in.priority);
				KUNIT_EXPECT_EQ(test, out.naddr, in.naddr);
				KUNIT_EXPECT_EQ(test, out.interval_cs,
						in.interval_cs);
				KUNIT_EXPECT_EQ(test, memcmp(out.addrs, addrs,
							     n * vrrp_addr_len(in.family)), 0);
			}
		}
	}

	/* v2: whole seconds, 1 to 255. */
	for (iv = 1; iv <= 255; iv += 127) {
		in = (struct vrrp_pkt){
			.version = 2, .vrid = 1, .priority = 255, .naddr = 3,
			.interval_cs = iv * 100, .family = AF_INET,
			.addrs = addrs,
		};
		len = vrrp_encode(buf, sizeof(buf), &in, &ip4, VRRP_CSUM_PSEUDO);
		KUNIT_ASSERT_EQ(test, len, 8 + 3 * 4 + 8);
		KUNIT_ASSERT_EQ(test, vrrp_decode(buf, len, &ip4,
						  VRRP_CSUM_PSEUDO, &out), VRRP_OK);
		KUNIT_EXPECT_EQ(test, out.interval_cs, iv * 100);
	}
}

static enum vrrp_drop decode_mod(const u8 *ref, size_t len,
				 const struct vrrp_ip *ip, size_t off, u8 val)
{
	struct vrrp_pkt p;
	u8 buf[64];

	memcpy(buf, ref, len);
	if (off < len)
		buf[off] = val;
	return vrrp_decode(buf, len, ip, VRRP_CSUM_PSEUDO, &p);
}

static void havs_vrrp_pkt_malformed(struct kunit *test)
{
	struct vrrp_ip ip = ip4;
	struct vrrp_pkt p;
	u8 buf[64];
	size_t len;

	/* TTL / hop limit other than 255 (a packet from off-link). */
	ip.ttl = 254;
	KUNIT_EXPECT_EQ(test, vrrp_decode(pkt_v3_ipv4, sizeof(pkt_v3_ipv4), &ip,
					  VRRP_CSUM_PSEUDO, &p), VRRP_DROP_TTL);
	ip.ttl = 255;

	/* Every length shorter than the header. */
	for (len = 0; len < VRRP_HDR_LEN; len++)
		KUNIT_EXPECT_EQ(test, vrrp_decode(pkt_v3_ipv4, len, &ip4,
						  VRRP_CSUM_PSEUDO, &p),
				VRRP_DROP_TRUNCATED);

	/* Address count against length: one byte short, one over, and a count
	 * that claims more addresses than the packet holds.
	 */
	KUNIT_EXPECT_EQ(test, vrrp_decode(pkt_v3_ipv4, sizeof(pkt_v3_ipv4) - 1,
					  &ip4, VRRP_CSUM_PSEUDO, &p),
			VRRP_DROP_LENGTH);
	memcpy(buf, pkt_v3_ipv4, sizeof(pkt_v3_ipv4));
	buf[sizeof(pkt_v3_ipv4)] = 0;
	KUNIT_EXPECT_EQ(test, vrrp_decode(buf, sizeof(pkt_v3_ipv4) + 1, &ip4,
					  VRRP_CSUM_PSEUDO, &p), VRRP_DROP_LENGTH);
	KUNIT_EXPECT_EQ(test, decode_mod(pkt_v3_ipv4, sizeof(pkt_v3_ipv4), &ip4,
					 3, 255), VRRP_DROP_LENGTH);
	KUNIT_EXPECT_EQ(test, decode_mod(pkt_v3_ipv4, sizeof(pkt_v3_ipv4), &ip4,
					 3, 1), VRRP_DROP_LENGTH);
	/* v2 without its authentication data. */
	KUNIT_EXPECT_EQ(test, vrrp_decode(pkt_v2, sizeof(pkt_v2) - 8, &ip4,
					  VRRP_CSUM_PSEUDO, &p), VRRP_DROP_LENGTH);

	/* Versions: 0, 1, 4, 15; v2 over IPv6. */
	KUNIT_EXPECT_EQ(test, decode_mod(pkt_v3_ipv4, sizeof(pkt_v3_ipv4), &ip4,
					 0, 0x01), VRRP_DROP_VERSION);
	KUNIT_EXPECT_EQ(test, decode_mod(pkt_v3_ipv4, sizeof(pkt_v3_ipv4), &ip4,
					 0, 0x11), VRRP_DROP_VERSION);
	KUNIT_EXPECT_EQ(test, decode_mod(pkt_v3_ipv4, sizeof(pkt_v3_ipv4), &ip4,
					 0, 0x41), VRRP_DROP_VERSION);
	KUNIT_EXPECT_EQ(test, decode_mod(pkt_v3_ipv4, sizeof(pkt_v3_ipv4), &ip4,
					 0, 0xf1), VRRP_DROP_VERSION);
	KUNIT_EXPECT_EQ(test, decode_mod(pkt_v3_ipv6, sizeof(pkt_v3_ipv6), &ip6,
					 0, 0x21), VRRP_DROP_VERSION);

	/* Types other than advertisement. */
	KUNIT_EXPECT_EQ(test, decode_mod(pkt_v3_ipv4, sizeof(pkt_v3_ipv4), &ip4,
					 0, 0x30), VRRP_DROP_TYPE);
	KUNIT_EXPECT_EQ(test, decode_mod(pkt_v3_ipv4, sizeof(pkt_v3_ipv4), &ip4,
					 0, 0x32), VRRP_DROP_TYPE);

	/* Any flipped bit breaks the checksum. */
	for (len = 1; len < sizeof(pkt_v3_ipv4); len++) {
		if (len == 3)
			continue;	/* the count: a length error */
		KUNIT_EXPECT_EQ_MSG(test,
				    decode_mod(pkt_v3_ipv4, sizeof(pkt_v3_ipv4),
					       &ip4, len, pkt_v3_ipv4[len] ^ 0x10),
				    VRRP_DROP_CHECKSUM, "byte %zu", len);
	}
	KUNIT_EXPECT_EQ(test, decode_mod(pkt_v3_ipv6, sizeof(pkt_v3_ipv6), &ip6,
					 20, 0x55), VRRP_DROP_CHECKSUM);
	/* The pseudo-header covers the addresses: another source fails. */
	ip.saddr = mcast4;
	KUNIT_EXPECT_EQ(test, vrrp_decode(pkt_v3_ipv4, sizeof(pkt_v3_ipv4), &ip,
					  VRRP_CSUM_PSEUDO, &p), VRRP_DROP_CHECKSUM);
	ip.saddr = src4;

	/* The other IPv4 checksum variant is told apart, both ways. */
	KUNIT_EXPECT_EQ(test, vrrp_decode(pkt_v3_ipv4_nopseudo,
					  sizeof(pkt_v3_ipv4_nopseudo), &ip4,
					  VRRP_CSUM_PSEUDO, &p),
			VRRP_DROP_CSUM_VARIANT);
	KUNIT_EXPECT_EQ(test, vrrp_decode(pkt_v3_ipv4, sizeof(pkt_v3_ipv4), &ip4,
					  VRRP_CSUM_NO_PSEUDO, &p),
			VRRP_DROP_CSUM_VARIANT);
}

/* Fields that need a valid checksum to reach: fix it up after changing. */
static enum vrrp_drop decode_fixed(const u8 *ref, size_t len,
				   const struct vrrp_ip *ip, size_t off, u8 val)
{
	struct vrrp_pkt p;
	u8 buf[64];

	memcpy(buf, ref, len);
	buf[off] = val;
	buf[6] = 0;
	buf[7] = 0;
	havs_put_be16(buf + 6, vrrp_csum(buf, len, ip, buf[0] >> 4,
					 VRRP_CSUM_PSEUDO));
	return vrrp_decode(buf, len, ip, VRRP_CSUM_PSEUDO, &p);
}

static void havs_vrrp_pkt_fields(struct kunit *test)
{
	struct vrrp_pkt p;
	u8 buf[64];

	/* v3 interval 0; reserved bits set are ignored. */
	KUNIT_EXPECT_EQ(test, decode_fixed(pkt_v3_ipv4, sizeof(pkt_v3_ipv4),
					   &ip4, 5, 0), VRRP_DROP_INTERVAL);
	KUNIT_EXPECT_EQ(test, decode_fixed(pkt_v3_ipv4, sizeof(pkt_v3_ipv4),
					   &ip4, 4, 0xf0), VRRP_OK);
	memcpy(buf, pkt_v3_ipv4, sizeof(pkt_v3_ipv4));
	buf[4] = 0xff;
	buf[5] = 0xff;
	buf[6] = 0;
	buf[7] = 0;
	havs_put_be16(buf + 6, vrrp_csum(buf, sizeof(pkt_v3_ipv4), &ip4, 3,
					 VRRP_CSUM_PSEUDO));
	KUNIT_ASSERT_EQ(test, vrrp_decode(buf, sizeof(pkt_v3_ipv4), &ip4,
					  VRRP_CSUM_PSEUDO, &p), VRRP_OK);
	KUNIT_EXPECT_EQ(test, p.interval_cs, 4095);

	/* v2: interval 0 and authentication types 1 (text) and 2 (AH). */
	KUNIT_EXPECT_EQ(test, decode_fixed(pkt_v2, sizeof(pkt_v2), &ip4, 5, 0),
			VRRP_DROP_INTERVAL);
	KUNIT_EXPECT_EQ(test, decode_fixed(pkt_v2, sizeof(pkt_v2), &ip4, 4, 1),
			VRRP_DROP_AUTH);
	KUNIT_EXPECT_EQ(test, decode_fixed(pkt_v2, sizeof(pkt_v2), &ip4, 4, 2),
			VRRP_DROP_AUTH);

	/* Priority 0 (master leaving) and 255 (owner) decode as they are. */
	KUNIT_ASSERT_EQ(test, decode_fixed(pkt_v3_ipv4, sizeof(pkt_v3_ipv4),
					   &ip4, 2, 0), VRRP_OK);
	KUNIT_ASSERT_EQ(test, decode_fixed(pkt_v3_ipv4, sizeof(pkt_v3_ipv4),
					   &ip4, 2, 255), VRRP_OK);

	/* IPv6: the first address must be link-local (fe80::/10). */
	KUNIT_EXPECT_EQ(test, decode_fixed(pkt_v3_ipv6, sizeof(pkt_v3_ipv6),
					   &ip6, 8, 0x20), VRRP_DROP_LINKLOCAL);
	KUNIT_EXPECT_EQ(test, decode_fixed(pkt_v3_ipv6, sizeof(pkt_v3_ipv6),
					   &ip6, 9, 0xc0), VRRP_DROP_LINKLOCAL);
	KUNIT_EXPECT_EQ(test, decode_fixed(pkt_v3_ipv6, sizeof(pkt_v3_ipv6),
					   &ip6, 9, 0xbf), VRRP_OK);
	/* ... so an IPv6 advert without addresses is dropped too. */
	memcpy(buf, pkt_v3_ipv6, VRRP_HDR_LEN);
	buf[3] = 0;
	KUNIT_EXPECT_EQ(test, decode_fixed(buf, VRRP_HDR_LEN, &ip6, 3, 0),
			VRRP_DROP_LINKLOCAL);
	/* Over IPv4 no such rule: v3 with no address is valid. */
	memcpy(buf, pkt_v3_ipv4, VRRP_HDR_LEN);
	KUNIT_EXPECT_EQ(test, decode_fixed(buf, VRRP_HDR_LEN, &ip4, 3, 0),
			VRRP_OK);
}

static void havs_vrrp_pkt_carp(struct kunit *test)
{
	struct vrrp_pkt p;
	u8 carp[CARP_HDR_LEN] = {
		0x21, 5, 0, 7, 0, 1,	/* v2 advert, vhid 5, authlen 7 */
	};

	KUNIT_EXPECT_EQ(test, vrrp_decode(carp, sizeof(carp), &ip4,
					  VRRP_CSUM_PSEUDO, &p), VRRP_DROP_CARP);
	KUNIT_EXPECT_EQ(test, vrrp_decode(carp, sizeof(carp), &ip6,
					  VRRP_CSUM_PSEUDO, &p), VRRP_DROP_CARP);
	/* A VRRPv2 packet with seven addresses is 44 bytes: never CARP. */
	KUNIT_EXPECT_NE(test, vrrp_pkt_len(2, AF_INET, 7), (unsigned int)CARP_HDR_LEN);
}

static void havs_vrrp_pkt_encode_rejects(struct kunit *test)
{
	u8 addrs[16] = {}, buf[64];
	struct vrrp_pkt p = {
		.version = 3, .vrid = 1, .priority = 100, .naddr = 1,
		.interval_cs = 100, .family = AF_INET, .addrs = addrs,
	};

	KUNIT_EXPECT_EQ(test, vrrp_encode(buf, 11, &p, &ip4, 0), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, vrrp_encode(buf, 12, &p, &ip4, 0), 12);
	KUNIT_EXPECT_EQ(test, vrrp_encode(buf, sizeof(buf), &p, &ip6, 0), -EINVAL);
	p.interval_cs = 0;
	KUNIT_EXPECT_EQ(test, vrrp_encode(buf, sizeof(buf), &p, &ip4, 0), -EINVAL);
	p.interval_cs = 4096;
	KUNIT_EXPECT_EQ(test, vrrp_encode(buf, sizeof(buf), &p, &ip4, 0), -EINVAL);
	p.version = 2;
	p.interval_cs = 150;
	KUNIT_EXPECT_EQ(test, vrrp_encode(buf, sizeof(buf), &p, &ip4, 0), -EINVAL);
	p.interval_cs = 25600;
	KUNIT_EXPECT_EQ(test, vrrp_encode(buf, sizeof(buf), &p, &ip4, 0), -EINVAL);
	p.interval_cs = 100;
	p.family = AF_INET6;
	KUNIT_EXPECT_EQ(test, vrrp_encode(buf, sizeof(buf), &p, &ip6, 0), -EINVAL);
	p.version = 4;
	p.family = AF_INET;
	KUNIT_EXPECT_EQ(test, vrrp_encode(buf, sizeof(buf), &p, &ip4, 0), -EINVAL);
}

static void havs_vrrp_pkt_drop_names(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < __VRRP_DROP_MAX; i++) {
		KUNIT_EXPECT_NOT_NULL(test, vrrp_drop_name(i));
		KUNIT_EXPECT_STRNEQ(test, vrrp_drop_name(i), "unknown");
	}
	KUNIT_EXPECT_STREQ(test, vrrp_drop_name(__VRRP_DROP_MAX), "unknown");
	KUNIT_EXPECT_STREQ(test, vrrp_drop_name(-1), "unknown");
}

static struct kunit_case havs_vrrp_pkt_cases[] = {
	KUNIT_CASE(havs_vrrp_pkt_decode_reference),
	KUNIT_CASE(havs_vrrp_pkt_encode_reference),
	KUNIT_CASE(havs_vrrp_pkt_round_trip),
	KUNIT_CASE(havs_vrrp_pkt_malformed),
	KUNIT_CASE(havs_vrrp_pkt_fields),
	KUNIT_CASE(havs_vrrp_pkt_carp),
	KUNIT_CASE(havs_vrrp_pkt_encode_rejects),
	KUNIT_CASE(havs_vrrp_pkt_drop_names),
	{}
};

static struct kunit_suite havs_vrrp_pkt_suite = {
	.name = "havs_vrrp_pkt",
	.test_cases = havs_vrrp_pkt_cases,
};

kunit_test_suite(havs_vrrp_pkt_suite);
