// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpattack: craft and send hostile VRRP packets at a havs router.
 *
 *   vrrpattack IFNAME [--v3 VRID] [--v2 VRID:SECS] [--v6 VRID]
 *       [--peer VRID] [--free VRID] [--below PRIO] [--each N]
 *       [--random N] [--seed S] [--pcap FILE] > expected.json
 *
 * From a packet socket on IFNAME, frames to the VRRP multicast groups
 * (224.0.0.18, ff02::12) aimed at a router whose instances are given:
 *   --v3 VRID       VRRPv3 over IPv4, multicast
 *   --v2 VRID:SECS  VRRPv2 over IPv4, advertising every SECS seconds
 *   --v6 VRID       VRRPv3 over IPv6
 *   --peer VRID     VRRPv3 over IPv4 with unicast peers (we are not one)
 *   --free VRID     a VRID the router has no instance for
 * Every crafted packet has one defect (or none, with a priority below
 * --below, so the router must keep its state) and an expected counter: the
 * instance's drop reason, its "adverts_received", or the namespace's
 * vrrp_rx_short / vrrp_rx_no_instance (havsadm stats). --each N packets per
 * class (64 distinct ones, sent round and round); then --random N mutations
 * of valid adverts (4096 distinct; flipped bytes, cut or grown, checksum
 * redone or not), whose counter is not known in advance but must be one of
 * the above: send them on their own (--each 0) to check that every one was
 * counted. Prints what it sent, as JSON; vrrpattack.jq compares a router's
 * counters before and after with it.
 *
 * The packets are those of the Python injector this replaces, byte for
 * byte: the generator is Python's (MT19937, seeded and drawn the way
 * random.Random does), and every draw is made in the same order. A given
 * seed therefore always sends the same packets. --pcap FILE writes the
 * frames to FILE (pcap) instead of sending them, and needs no IFNAME
 * privileges: tshark can dissect it.
 *
 * Packets go out in batches (sendmmsg) from one process: under emulation
 * a packet per system call is what the receiving kernel can take anyway,
 * and the sender should cost nothing beside it.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define PROTO_VRRP	112
#define POOL		64	/* distinct packets per crafted class */
#define RANDOM_POOL	4096	/* distinct random packets */
#define MSG_MAX		1400	/* largest VRRP message we build */
#define FRAME_MAX	(14 + 40 + MSG_MAX)
#define BATCH		256	/* frames per sendmmsg() */
#define MAX_VRIDS	16

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;

static const u8 mac4[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x12 };
static const u8 mac6[6] = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x12 };
static const u8 src_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x66 };
static const u8 src4[4] = { 10, 0, 0, 66 };
static const u8 mcast4[4] = { 224, 0, 0, 18 };
static const u8 src6[16] = { 0xfe, 0x80, [15] = 0x66 };
static const u8 mcast6[16] = { 0xff, 0x02, [15] = 0x12 };

static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("vrrpattack: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/*
 * Python's random.Random: MT19937 seeded by init_by_array() with the
 * seed's 32-bit words, and the way randrange(), choice() and random()
 * draw from it (Lib/random.py, Modules/_randommodule.c).
 */
#define MT_N	624
#define MT_M	397

static struct {
	u32 mt[MT_N];
	int i;
} rng;

static void mt_init(u32 s)
{
	int i;

	rng.mt[0] = s;
	for (i = 1; i < MT_N; i++)
		rng.mt[i] = 1812433253U * (rng.mt[i - 1] ^ (rng.mt[i - 1] >> 30)) + i;
	rng.i = MT_N;
}

static void mt_seed(unsigned long long seed)
{
	u32 key[2] = { (u32)seed, (u32)(seed >> 32) };
	int len = key[1] ? 2 : 1;
	int i = 1, j = 0, k;

	mt_init(19650218U);
	for (k = len > MT_N ? len : MT_N; k; k--) {
		rng.mt[i] = (rng.mt[i] ^ ((rng.mt[i - 1] ^ (rng.mt[i - 1] >> 30)) *
					  1664525U)) + key[j] + j;
		i++;
		j++;
		if (i >= MT_N) {
			rng.mt[0] = rng.mt[MT_N - 1];
			i = 1;
		}
		if (j >= len)
			j = 0;
	}
	for (k = MT_N - 1; k; k--) {
		rng.mt[i] = (rng.mt[i] ^ ((rng.mt[i - 1] ^ (rng.mt[i - 1] >> 30)) *
					  1566083941U)) - i;
		i++;
		if (i >= MT_N) {
			rng.mt[0] = rng.mt[MT_N - 1];
			i = 1;
		}
	}
	rng.mt[0] = 0x80000000U;
}

static u32 mt_next(void)
{
	static const u32 mag01[2] = { 0, 0x9908b0dfU };
	u32 y;
	int k;

	if (rng.i >= MT_N) {
		for (k = 0; k < MT_N; k++) {
			y = (rng.mt[k] & 0x80000000U) |
			    (rng.mt[(k + 1) % MT_N] & 0x7fffffffU);
			rng.mt[k] = rng.mt[(k + MT_M) % MT_N] ^ (y >> 1) ^ mag01[y & 1];
		}
		rng.i = 0;
	}
	y = rng.mt[rng.i++];
	y ^= y >> 11;
	y ^= (y << 7) & 0x9d2c5680U;
	y ^= (y << 15) & 0xefc60000U;
	y ^= y >> 18;
	return y;
}

/* random._randbelow(n), n >= 1: k = n.bit_length() bits, until < n */
static u32 randbelow(u32 n)
{
	int k = 32 - __builtin_clz(n);
	u32 r;

	do
		r = mt_next() >> (32 - k);
	while (r >= n);
	return r;
}

/* randrange(lo, hi), hi > lo */
static u32 randrange(u32 lo, u32 hi)
{
	return lo + randbelow(hi - lo);
}

#define choice(a) ((a)[randbelow(sizeof(a) / sizeof((a)[0]))])

/* random(): 53 bits, from two draws */
static double random_double(void)
{
	u32 a = mt_next() >> 5, b = mt_next() >> 6;

	return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

/* The Internet checksum of @len bytes; an odd length is padded with 0. */
static u16 csum(const u8 *p, unsigned int len)
{
	u32 s = 0;
	unsigned int i;

	for (i = 0; i + 1 < len; i += 2)
		s += (p[i] << 8) | p[i + 1];
	if (len & 1)
		s += p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s & 0xffff;
}

/* The checksum of @msg behind the IPv4 or IPv6 pseudo-header. */
static u16 csum_pseudo(int fam, const u8 *msg, unsigned int len)
{
	u8 buf[40 + MSG_MAX + 64];
	unsigned int h;

	if (fam == 4) {
		memcpy(buf, src4, 4);
		memcpy(buf + 4, mcast4, 4);
		buf[8] = 0;
		buf[9] = PROTO_VRRP;
		buf[10] = len >> 8;
		buf[11] = len;
		h = 12;
	} else {
		memcpy(buf, src6, 16);
		memcpy(buf + 16, mcast6, 16);
		buf[32] = len >> 24;
		buf[33] = len >> 16;
		buf[34] = len >> 8;
		buf[35] = len;
		buf[36] = buf[37] = buf[38] = 0;
		buf[39] = PROTO_VRRP;
		h = 40;
	}
	if (h + len > sizeof(buf))
		die("message of %u bytes too long", len);
	memcpy(buf + h, msg, len);
	return csum(buf, h + len);
}

struct msg {
	unsigned int len;
	u8 b[MSG_MAX];
};

enum csum_mode { CS_GOOD, CS_BAD, CS_V2STYLE };

struct advert {
	int fam, vrid, prio;
	const u8 *addrs;	/* naddrs addresses of the family, packed */
	int naddrs;
	int version;		/* 3 by default */
	int type;		/* 1 by default */
	int interval;		/* 10 by default */
	int auth;
	int count;		/* -1: naddrs */
	enum csum_mode csum;
};

#define ADVERT(f, v, p, a, n) \
	{ .fam = (f), .vrid = (v), .prio = (p), .addrs = (a), .naddrs = (n), \
	  .version = 3, .type = 1, .interval = 10, .count = -1 }

/* An advertisement, as vrrp() of the Python injector built it. */
static void vrrp_msg(const struct advert *a, struct msg *m)
{
	unsigned int alen = a->fam == 4 ? 4 : 16;
	unsigned int body = a->naddrs * alen;
	int n = a->count < 0 ? a->naddrs : a->count;
	u16 c;

	m->b[1] = a->vrid;
	m->b[2] = a->prio;
	m->b[3] = n;
	if (a->version == 2) {
		m->b[0] = (2 << 4) | a->type;
		m->b[4] = a->auth;
		m->b[5] = a->interval;
		m->len = 8 + body + 8;
		memset(m->b + 8 + body, 0, 8);
	} else {
		m->b[0] = (a->version << 4) | a->type;
		m->b[4] = (a->interval & 0xfff) >> 8;
		m->b[5] = a->interval & 0xff;
		m->len = 8 + body;
	}
	m->b[6] = m->b[7] = 0;
	memcpy(m->b + 8, a->addrs, body);
	if (a->version == 2 || a->csum == CS_V2STYLE)
		c = csum(m->b, m->len);
	else
		c = csum_pseudo(a->fam, m->b, m->len);
	if (a->csum == CS_BAD)
		c ^= 0x5a5a;
	m->b[6] = c >> 8;
	m->b[7] = c;
}

struct frame {
	unsigned int len;
	u8 b[FRAME_MAX];
};

/* @m behind an Ethernet and an IP header to the VRRP group, from us. */
static void frame(struct frame *f, int fam, const u8 *m, unsigned int len,
		  int ttl)
{
	u8 *ip = f->b + 14;
	u16 c;

	memcpy(f->b + 6, src_mac, 6);
	if (fam == 4) {
		memcpy(f->b, mac4, 6);
		f->b[12] = 0x08;
		f->b[13] = 0x00;
		ip[0] = 0x45;
		ip[1] = 0xc0;
		ip[2] = (20 + len) >> 8;
		ip[3] = 20 + len;
		ip[4] = ip[5] = 0;
		ip[6] = 0x40;
		ip[7] = 0;
		ip[8] = ttl;
		ip[9] = PROTO_VRRP;
		ip[10] = ip[11] = 0;
		memcpy(ip + 12, src4, 4);
		memcpy(ip + 16, mcast4, 4);
		c = csum(ip, 20);
		ip[10] = c >> 8;
		ip[11] = c;
		memcpy(ip + 20, m, len);
		f->len = 14 + 20 + len;
	} else {
		memcpy(f->b, mac6, 6);
		f->b[12] = 0x86;
		f->b[13] = 0xdd;
		ip[0] = 0x60;
		ip[1] = ip[2] = ip[3] = 0;
		ip[4] = len >> 8;
		ip[5] = len;
		ip[6] = PROTO_VRRP;
		ip[7] = ttl;
		memcpy(ip + 8, src6, 16);
		memcpy(ip + 24, mcast6, 16);
		memcpy(ip + 40, m, len);
		f->len = 14 + 40 + len;
	}
}

static void frame_advert(struct frame *f, const struct advert *a, int ttl)
{
	struct msg m;

	vrrp_msg(a, &m);
	frame(f, a->fam, m.b, m.len, ttl);
}

static void addr4(u8 *a, int vrid)
{
	a[0] = 10;
	a[1] = 0;
	a[2] = 0;
	a[3] = vrid;
}

static void addr6(u8 *a, int vrid)	/* fe80::<vrid in hex> */
{
	memset(a, 0, 16);
	a[0] = 0xfe;
	a[1] = 0x80;
	a[14] = vrid >> 8;
	a[15] = vrid;
}

/* The crafted classes, in the order they are sent. */
enum kind {
	V3_TTL, V3_CARP, V3_VERSION, V3_GETS_V2, V3_TYPE, V3_COUNT, V3_CSUM,
	V3_CSUM_VARIANT, V3_INTERVAL0, V3_LOWER, V3_255_ADDRS, V4_SHORT,
	V2_AUTH, V2_INTERVAL, V2_CSUM, V2_GETS_V3, V2_LOWER,
	V6_TTL, V6_LINKLOCAL, V6_CSUM, V6_COUNT, V6_GETS_V2, V6_LOWER,
	PEER_254, PEER_0, FREE_V4, FREE_V6,
};

static const struct kind_desc {
	const char *name;
	const char *family;	/* of the instance; NULL: the namespace's */
	const char *counter;
} kinds[] = {
	[V3_TTL] = { "v3 ttl below 255", "inet", "ttl" },
	[V3_CARP] = { "v3 carp", "inet", "carp" },
	[V3_VERSION] = { "v3 bad version", "inet", "version" },
	[V3_GETS_V2] = { "v2 advert to a v3 instance", "inet", "version" },
	[V3_TYPE] = { "v3 bad type", "inet", "type" },
	[V3_COUNT] = { "v3 count beyond the packet", "inet", "length" },
	[V3_CSUM] = { "v3 bad checksum", "inet", "checksum" },
	[V3_CSUM_VARIANT] = { "v3 checksum of the other variant", "inet",
			      "checksum_variant" },
	[V3_INTERVAL0] = { "v3 interval 0", "inet", "interval" },
	[V3_LOWER] = { "v3 collision, lower priority", "inet",
		       "adverts_received" },
	[V3_255_ADDRS] = { "v3 collision, 255 addresses", "inet",
			   "adverts_received" },
	[V4_SHORT] = { "IPv4 VRRP shorter than a header", NULL,
		       "vrrp_rx_short" },
	[V2_AUTH] = { "v2 authentication", "inet", "auth" },
	[V2_INTERVAL] = { "v2 other interval", "inet", "interval" },
	[V2_CSUM] = { "v2 bad checksum", "inet", "checksum" },
	[V2_GETS_V3] = { "v3 advert to a v2 instance", "inet", "version" },
	[V2_LOWER] = { "v2 collision, lower priority", "inet",
		       "adverts_received" },
	[V6_TTL] = { "v6 hop limit below 255", "inet6", "ttl" },
	[V6_LINKLOCAL] = { "v6 first address not link-local", "inet6",
			   "linklocal" },
	[V6_CSUM] = { "v6 bad checksum", "inet6", "checksum" },
	[V6_COUNT] = { "v6 count beyond the packet", "inet6", "length" },
	[V6_GETS_V2] = { "v2 over IPv6", "inet6", "version" },
	[V6_LOWER] = { "v6 collision, lower priority", "inet6",
		       "adverts_received" },
	[PEER_254] = { "spoofed priority 254 from a non-peer", "inet", "peer" },
	[PEER_0] = { "spoofed priority 0 from a non-peer", "inet", "peer" },
	[FREE_V4] = { "valid advert for a VRID without instance", NULL,
		      "vrrp_rx_no_instance" },
	[FREE_V6] = { "valid IPv6 advert for a VRID without instance", NULL,
		      "vrrp_rx_no_instance" },
};

struct class {
	enum kind kind;
	int vrid, secs;
};

static int below = 100;

static int low(void)
{
	return randrange(1, below);
}

/* One packet of class @c (draws from the generator as the Python did). */
static void build(const struct class *c, struct frame *f)
{
	static const int bad_versions[] = { 0, 1, 4, 7, 15 };
	static const int bad_types[] = { 0, 2, 3, 9, 15 };
	static const int auths[] = { 1, 2, 254 };
	static const int v2_intervals[] = { 0, 2, 3, 255 };
	static const u8 not_ll[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	u8 a4[4], a6[16], many[255 * 4], m[64];
	int v = c->vrid, other[4], nother = 0;
	unsigned int i, n;
	struct advert a;

	addr4(a4, v);
	addr6(a6, v);
	switch (c->kind) {
	case V3_TTL:
		a = (struct advert)ADVERT(4, v, low(), a4, 1);
		frame_advert(f, &a, randrange(0, 255));
		return;
	case V3_CARP:
		m[0] = 0x21;
		m[1] = v;
		m[2] = 0;
		m[3] = 7;
		for (i = 0; i < 32; i++)
			m[4 + i] = randbelow(256);
		frame(f, 4, m, 36, 255);
		return;
	case V3_VERSION:
		a = (struct advert)ADVERT(4, v, low(), a4, 1);
		a.version = choice(bad_versions);
		break;
	case V3_GETS_V2:
		a = (struct advert)ADVERT(4, v, low(), a4, 1);
		a.version = 2;
		a.interval = 1;
		break;
	case V3_TYPE:
		a = (struct advert)ADVERT(4, v, low(), a4, 1);
		a.type = choice(bad_types);
		break;
	case V3_COUNT:
		a = (struct advert)ADVERT(4, v, low(), a4, 1);
		a.count = randrange(2, 256);
		break;
	case V3_CSUM:
		a = (struct advert)ADVERT(4, v, low(), a4, 1);
		a.csum = CS_BAD;
		break;
	case V3_CSUM_VARIANT:
		a = (struct advert)ADVERT(4, v, low(), a4, 1);
		a.csum = CS_V2STYLE;
		break;
	case V3_INTERVAL0:
		a = (struct advert)ADVERT(4, v, low(), a4, 1);
		a.interval = 0;
		break;
	case V3_LOWER:
		a = (struct advert)ADVERT(4, v, low(), a4, 1);
		a.interval = randrange(1, 4096);
		break;
	case V3_255_ADDRS:
		for (i = 0; i < 255; i++) {
			many[4 * i] = 10;
			many[4 * i + 1] = 1;
			many[4 * i + 2] = i / 250;
			many[4 * i + 3] = i % 250;
		}
		a = (struct advert)ADVERT(4, v, low(), many, 255);
		break;
	case V4_SHORT:
		m[0] = 0x31;
		m[1] = v;
		n = randrange(0, 6);
		for (i = 0; i < n; i++)
			m[2 + i] = randbelow(256);
		frame(f, 4, m, 2 + n, 255);
		return;
	case V2_AUTH:
		a = (struct advert)ADVERT(4, v, low(), a4, 1);
		a.version = 2;
		a.interval = c->secs;
		a.auth = choice(auths);
		break;
	case V2_INTERVAL:
		a = (struct advert)ADVERT(4, v, low(), a4, 1);
		a.version = 2;
		for (i = 0; i < 4; i++)
			if (v2_intervals[i] != c->secs)
				other[nother++] = v2_intervals[i];
		a.interval = other[randbelow(nother)];
		break;
	case V2_CSUM:
		a = (struct advert)ADVERT(4, v, low(), a4, 1);
		a.version = 2;
		a.interval = c->secs;
		a.csum = CS_BAD;
		break;
	case V2_GETS_V3:
		a = (struct advert)ADVERT(4, v, low(), a4, 1);
		break;
	case V2_LOWER:
		a = (struct advert)ADVERT(4, v, low(), a4, 1);
		a.version = 2;
		a.interval = c->secs;
		break;
	case V6_TTL:
		a = (struct advert)ADVERT(6, v, low(), a6, 1);
		frame_advert(f, &a, randrange(0, 255));
		return;
	case V6_LINKLOCAL:
		a = (struct advert)ADVERT(6, v, low(), not_ll, 1);
		break;
	case V6_CSUM:
		a = (struct advert)ADVERT(6, v, low(), a6, 1);
		a.csum = CS_BAD;
		break;
	case V6_COUNT:
		a = (struct advert)ADVERT(6, v, low(), a6, 1);
		a.count = randrange(2, 256);
		break;
	case V6_GETS_V2:
		a = (struct advert)ADVERT(6, v, low(), a6, 1);
		a.version = 2;
		a.interval = 1;
		break;
	case V6_LOWER:
		a = (struct advert)ADVERT(6, v, low(), a6, 1);
		break;
	case PEER_254:
	case FREE_V4:
		a = (struct advert)ADVERT(4, v, 254, a4, 1);
		break;
	case PEER_0:
		a = (struct advert)ADVERT(4, v, 0, a4, 1);
		break;
	case FREE_V6:
		a = (struct advert)ADVERT(6, v, 254, a6, 1);
		break;
	default:
		die("unknown class %d", c->kind);
	}
	frame_advert(f, &a, 255);
}

struct target {
	int fam, version, vrid, secs;
};

/*
 * A valid advert for one of the instances, then damaged. The priority byte
 * stays below --below so that no mutation can be a legitimate takeover
 * (which would be right, not a bug).
 */
static void random_packet(const struct target *t, int nt, struct frame *f)
{
	const struct target *tg = &t[randbelow(nt)];
	u8 addr[16], grow[64];
	unsigned int i, n, ops, pos;
	struct advert a;
	struct msg m;
	u16 c;

	if (tg->fam == 4)
		addr4(addr, tg->vrid);
	else
		addr6(addr, tg->vrid);
	a = (struct advert)ADVERT(tg->fam, tg->vrid, low(), addr, 1);
	a.version = tg->version;
	a.interval = tg->secs ? tg->secs : 10;
	vrrp_msg(&a, &m);
	for (ops = randrange(1, 6); ops; ops--) {
		switch (randbelow(4)) {
		case 0:
			if (!m.len)
				break;	/* the Python fell through to a no-op */
			/* msg[i] = v: the value is drawn before the index */
			c = randbelow(256);
			m.b[randbelow(m.len)] = c;
			break;
		case 1:
			m.len = randbelow(m.len + 1);
			break;
		case 2:
			n = randbelow(64);
			for (i = 0; i < n; i++)
				grow[i] = randbelow(256);
			if (m.len + n > MSG_MAX)
				die("random message too long");
			memcpy(m.b + m.len, grow, n);
			m.len += n;
			break;
		default:
			if (!m.len)
				break;
			/* msg[i] ^= v: the index is drawn first */
			pos = randbelow(m.len);
			m.b[pos] ^= 1 << randbelow(8);
			break;
		}
	}
	if (m.len > 2 && m.b[2] > below - 1)
		m.b[2] = below - 1;
	if (m.len >= 8 && random_double() < 0.5) {
		m.b[6] = m.b[7] = 0;
		if (tg->version == 2 || random_double() < 0.2)
			c = csum(m.b, m.len);
		else
			c = csum_pseudo(tg->fam, m.b, m.len);
		m.b[6] = c >> 8;
		m.b[7] = c;
	}
	frame(f, tg->fam, m.b, m.len, 255);
}

/* Where the frames go: a packet socket, or a pcap file. */
static int sock = -1;
static FILE *pcap;

static void pcap_open(const char *path)
{
	static const u32 hdr[6] = { 0xa1b2c3d4, 2 | (4 << 16), 0, 0, 65535, 1 };

	pcap = fopen(path, "wb");
	if (!pcap || fwrite(hdr, sizeof(hdr), 1, pcap) != 1)
		die("%s: %s", path, strerror(errno));
}

static void sock_open(const char *ifname)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };

	sll.sll_ifindex = if_nametoindex(ifname);
	if (!sll.sll_ifindex)
		die("%s: %s", ifname, strerror(errno));
	sock = socket(AF_PACKET, SOCK_RAW, 0);
	if (sock < 0)
		die("packet socket: %s", strerror(errno));
	if (bind(sock, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		die("bind to %s: %s", ifname, strerror(errno));
}

/* Send @count frames: pool[0], pool[1], ... round and round. */
static void send_pool(const struct frame *pool, unsigned int npool,
		      unsigned long count)
{
	static struct mmsghdr mm[BATCH];
	static struct iovec iov[BATCH];
	unsigned long i = 0;
	unsigned int b, n;
	int r, k;

	while (i < count) {
		n = count - i < BATCH ? count - i : BATCH;
		for (b = 0; b < n; b++) {
			const struct frame *f = &pool[(i + b) % npool];

			iov[b].iov_base = (void *)f->b;
			iov[b].iov_len = f->len;
			memset(&mm[b], 0, sizeof(mm[b]));
			mm[b].msg_hdr.msg_iov = &iov[b];
			mm[b].msg_hdr.msg_iovlen = 1;
		}
		if (pcap) {
			for (b = 0; b < n; b++) {
				u32 rec[4] = { 0, 0, iov[b].iov_len, iov[b].iov_len };

				if (fwrite(rec, sizeof(rec), 1, pcap) != 1 ||
				    fwrite(iov[b].iov_base, iov[b].iov_len, 1,
					   pcap) != 1)
					die("pcap: %s", strerror(errno));
			}
			i += n;
			continue;
		}
		for (b = 0; b < n; b += r) {
			r = sendmmsg(sock, mm + b, n - b, 0);
			if (r < 0 && errno == EINTR) {
				r = 0;
				continue;
			}
			if (r <= 0)
				die("send: %s", r < 0 ? strerror(errno) : "nothing sent");
			for (k = 0; k < r; k++)
				if (mm[b + k].msg_len != iov[b + k].iov_len)
					die("send: %u of %zu bytes", mm[b + k].msg_len,
					    iov[b + k].iov_len);
		}
		i += n;
	}
}

static long num(const char *opt, const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		die("--%s: bad number '%s'", opt, s);
	return v;
}

static void usage(void)
{
	fputs("usage: vrrpattack IFNAME [--v3 VRID] [--v2 VRID:SECS] [--v6 VRID]\n"
	      "    [--peer VRID] [--free VRID] [--below PRIO] [--each N]\n"
	      "    [--random N] [--seed S] [--pcap FILE] > expected.json\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	int v3[MAX_VRIDS], v6[MAX_VRIDS], peer[MAX_VRIDS], freev[MAX_VRIDS];
	int v2[MAX_VRIDS][2], nv3 = 0, nv2 = 0, nv6 = 0, npeer = 0, nfree = 0;
	static struct class classes[MAX_VRIDS * (FREE_V6 + 1)];	/* each kind, each VRID */
	static struct frame pool[RANDOM_POOL];
	struct target targets[4 * MAX_VRIDS];
	long each = 1000, nrandom = 0, seed = 1;
	const char *pcap_path = NULL, *sep;
	unsigned long sent = 0;
	int ncl = 0, nt = 0, i, j;
	struct timespec t0, t1;
	unsigned int npool;

	if (argc < 2 || argv[1][0] == '-')
		usage();
	for (i = 2; i < argc; i += 2) {
		const char *opt = argv[i] + 2, *val = argv[i + 1];

		if (strncmp(argv[i], "--", 2) || !val)
			usage();
		if ((!strcmp(opt, "v3") && nv3 == MAX_VRIDS) ||
		    (!strcmp(opt, "v2") && nv2 == MAX_VRIDS) ||
		    (!strcmp(opt, "v6") && nv6 == MAX_VRIDS) ||
		    (!strcmp(opt, "peer") && npeer == MAX_VRIDS) ||
		    (!strcmp(opt, "free") && nfree == MAX_VRIDS))
			die("--%s: at most %d", opt, MAX_VRIDS);
		if (!strcmp(opt, "v3")) {
			v3[nv3++] = num(opt, val, 1, 255);
		} else if (!strcmp(opt, "v6")) {
			v6[nv6++] = num(opt, val, 1, 255);
		} else if (!strcmp(opt, "peer")) {
			peer[npeer++] = num(opt, val, 1, 255);
		} else if (!strcmp(opt, "free")) {
			freev[nfree++] = num(opt, val, 1, 255);
		} else if (!strcmp(opt, "v2")) {
			char vrid[8];

			sep = strchr(val, ':');
			if (!sep || sep - val >= (long)sizeof(vrid))
				die("--v2: VRID:SECS, not '%s'", val);
			memcpy(vrid, val, sep - val);
			vrid[sep - val] = 0;
			v2[nv2][0] = num(opt, vrid, 1, 255);
			v2[nv2++][1] = num(opt, sep + 1, 1, 255);
		} else if (!strcmp(opt, "below")) {
			below = num(opt, val, 2, 255);
		} else if (!strcmp(opt, "each")) {
			each = num(opt, val, 0, 1L << 40);
		} else if (!strcmp(opt, "random")) {
			nrandom = num(opt, val, 0, 1L << 40);
		} else if (!strcmp(opt, "seed")) {
			seed = num(opt, val, 0, 0xffffffffL);
		} else if (!strcmp(opt, "pcap")) {
			pcap_path = val;
		} else {
			die("unknown option --%s", opt);
		}
	}

	for (i = 0; i < nv3; i++)
		for (j = V3_TTL; j <= V4_SHORT; j++)
			classes[ncl++] = (struct class){ j, v3[i], 0 };
	for (i = 0; i < nv2; i++)
		for (j = V2_AUTH; j <= V2_LOWER; j++)
			classes[ncl++] = (struct class){ j, v2[i][0], v2[i][1] };
	for (i = 0; i < nv6; i++)
		for (j = V6_TTL; j <= V6_LOWER; j++)
			classes[ncl++] = (struct class){ j, v6[i], 0 };
	for (i = 0; i < npeer; i++)
		for (j = PEER_254; j <= PEER_0; j++)
			classes[ncl++] = (struct class){ j, peer[i], 0 };
	for (i = 0; i < nfree; i++)
		for (j = FREE_V4; j <= FREE_V6; j++)
			classes[ncl++] = (struct class){ j, freev[i], 0 };
	for (i = 0; i < nv3; i++)
		targets[nt++] = (struct target){ 4, 3, v3[i], 0 };
	for (i = 0; i < nv2; i++)
		targets[nt++] = (struct target){ 4, 2, v2[i][0], v2[i][1] };
	for (i = 0; i < nv6; i++)
		targets[nt++] = (struct target){ 6, 3, v6[i], 0 };
	for (i = 0; i < npeer; i++)
		targets[nt++] = (struct target){ 4, 3, peer[i], 0 };
	if (nrandom && !nt)
		die("--random needs an instance to aim at");

	mt_seed(seed);
	if (pcap_path)
		pcap_open(pcap_path);
	else
		sock_open(argv[1]);

	printf("{\"classes\": [");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; each && i < ncl; i++) {
		const struct kind_desc *k = &kinds[classes[i].kind];

		npool = each < POOL ? each : POOL;
		for (j = 0; j < (int)npool; j++)
			build(&classes[i], &pool[j]);
		send_pool(pool, npool, each);
		printf("%s{\"name\": \"%s\", \"instance\": ", i ? ", " : "", k->name);
		if (k->family)
			printf("\"%s/%d\"", k->family, classes[i].vrid);
		else
			printf("null");
		printf(", \"counter\": \"%s\", \"count\": %ld, \"distinct\": %u}",
		       k->counter, each, npool);
		sent += each;
	}
	npool = nrandom < RANDOM_POOL ? nrandom : RANDOM_POOL;
	for (j = 0; j < (int)npool; j++)
		random_packet(targets, nt, &pool[j]);
	if (nrandom)
		send_pool(pool, npool, nrandom);
	sent += nrandom;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("], \"random\": %ld, \"sent\": %lu, \"random_distinct\": %u, "
	       "\"seconds\": %.2f}\n", nrandom, sent, npool,
	       (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	if (pcap && fclose(pcap))
		die("pcap: %s", strerror(errno));
	return fflush(stdout) ? 1 : 0;
}
