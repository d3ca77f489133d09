// SPDX-License-Identifier: GPL-2.0
/*
 * Command line helpers. Kept free of libnl so the host unit tests and the
 * fuzz targets link them on their own.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <netinet/in.h>
#include <stdio.h>

#include <linux/ip_vs.h>

#include "havsadm.h"
#include "../kmod/uapi/linux/havs.h"

/*
 * Find @word in @table: an exact name, or a prefix that matches exactly one
 * name (as iproute2 accepts "ip addr"). NULL when unknown or ambiguous.
 */
const struct cmd *cmd_lookup(const struct cmd *table, const char *word)
{
	const struct cmd *found = NULL;
	size_t len = strlen(word);

	if (!len)
		return NULL;
	for (const struct cmd *c = table; c->name; c++) {
		if (!strcmp(c->name, word))
			return c;
		if (!strncmp(c->name, word, len)) {
			if (found)
				return NULL;
			found = c;
		}
	}
	return found;
}

/*
 * Parse a decimal number in [min, max]. No sign, no spaces, no hex, no
 * trailing text. Returns 0, -EINVAL (not a number) or -ERANGE.
 */
int parse_uint(const char *s, unsigned long min, unsigned long max,
	       unsigned long *out)
{
	unsigned long v;
	char *end;

	if (!s || !isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

/* A decimal integer, optionally negative, within [min, max]. */
int parse_int(const char *s, long min, long max, long *out)
{
	const char *d = s && *s == '-' ? s + 1 : s;
	long v;
	char *end;

	if (!d || !isdigit((unsigned char)d[0]))
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

/* Tracked object names: 1..31 of [A-Za-z0-9_.:-], as the kernel wants. */
bool track_name_ok(const char *s)
{
	size_t len = strlen(s);

	if (!len || len > TRACK_NAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("_.:-", s[i]))
			return false;
	return true;
}

bool is_help_flag(const char *s)
{
	return !strcmp(s, "-h") || !strcmp(s, "--help") || !strcmp(s, "help");
}

/*
 * A duration in milliseconds: "100ms", "1s", "1.5s", "2" (seconds), and
 * with @minutes "2m" and "1h". Returns 0, -EINVAL or -ERANGE (absurdly
 * large).
 */
static int duration_ms(const char *s, bool minutes, unsigned long *out)
{
	unsigned long whole = 0, frac = 0, fdigits = 0;
	const char *p = s;

	if (!s || !isdigit((unsigned char)*p))
		return -EINVAL;
	for (; isdigit((unsigned char)*p); p++) {
		whole = whole * 10 + (*p - '0');
		if (whole > 1000000000UL)
			return -ERANGE;
	}
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		for (; isdigit((unsigned char)*p); p++) {
			if (fdigits++ >= 3)
				return -EINVAL;	/* finer than 1 ms */
			frac = frac * 10 + (*p - '0');
		}
		while (fdigits++ < 3)
			frac *= 10;
	}
	if (!strcmp(p, "ms")) {
		if (frac)
			return -EINVAL;
		*out = whole;
	} else if (!strcmp(p, "s") || !*p) {
		*out = whole * 1000 + frac;
	} else if (minutes && !strcmp(p, "m")) {
		*out = (whole * 1000 + frac) * 60;
	} else if (minutes && !strcmp(p, "h")) {
		if (whole > 1000000UL)
			return -ERANGE;
		*out = (whole * 1000 + frac) * 3600;
	} else {
		return -EINVAL;
	}
	return 0;
}

/*
 * Parse a duration into centiseconds: "1s", "100ms", "1.5s", "2" (seconds).
 * Must be a whole number of 10 ms. Returns 0, -EINVAL or -ERANGE.
 */
int parse_duration_cs(const char *s, unsigned long min, unsigned long max,
		      unsigned long *out)
{
	unsigned long ms;
	int err = duration_ms(s, false, &ms);

	if (err)
		return err;
	if (ms % 10)
		return -EINVAL;
	if (ms / 10 < min || ms / 10 > max)
		return -ERANGE;
	*out = ms / 10;
	return 0;
}

void vrrp_conf_defaults(struct vrrp_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->version = 3;
	c->priority = 100;
	c->interval_cs = 100;
	c->preempt = true;
	c->accept = true;
	c->family = AF_INET;
}

static int parse_ipv4(const char *s, uint8_t out[4])
{
	unsigned long part;
	const char *p = s;
	char *end;
	int i;

	for (i = 0; i < 4; i++) {
		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		errno = 0;
		part = strtoul(p, &end, 10);
		if (errno || part > 255 || end - p > 3 ||
		    (end - p > 1 && *p == '0'))
			return -EINVAL;
		out[i] = (uint8_t)part;
		if (i < 3 && *end != '.')
			return -EINVAL;
		p = end + 1;
	}
	return *end ? -EINVAL : 0;
}

/* the word an error of the parsers below is about (see havsadm.h) */
const char *parse_err_word;

#define ERR(...) do { snprintf(err, errlen, __VA_ARGS__); return -EINVAL; } while (0)

/*
 * Parse "KEY VALUE" pairs of a VRRP instance into @c. @allowed is the set
 * of VF_* keys this command takes. On error, @err says what is wrong in
 * words the user typed.
 */
int vrrp_conf_parse(struct vrrp_conf *c, int argc, char **argv,
		    unsigned int allowed, char *err, size_t errlen)
{
	unsigned long v;
	int i;

	parse_err_word = NULL;
	for (i = 0; i < argc; i += 2) {
		const char *key = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		unsigned int flag;

		parse_err_word = key;
		if (!strcmp(key, "dev"))
			flag = VF_DEV;
		else if (!strcmp(key, "vrid"))
			flag = VF_VRID;
		else if (!strcmp(key, "address"))
			flag = VF_ADDR;
		else if (!strcmp(key, "priority"))
			flag = VF_PRIO;
		else if (!strcmp(key, "interval"))
			flag = VF_INTERVAL;
		else if (!strcmp(key, "version"))
			flag = VF_VERSION;
		else if (!strcmp(key, "preempt"))
			flag = VF_PREEMPT;
		else if (!strcmp(key, "preempt-delay"))
			flag = VF_PDELAY;
		else if (!strcmp(key, "checksum"))
			flag = VF_CSUM;
		else if (!strcmp(key, "name"))
			flag = VF_NAME;
		else if (!strcmp(key, "accept"))
			flag = VF_ACCEPT;
		else if (!strcmp(key, "family"))
			flag = VF_FAMILY;
		else if (!strcmp(key, "peer"))
			flag = VF_PEER;
		else if (!strcmp(key, "track-dev") || !strcmp(key, "track-object"))
			flag = VF_TRACK;
		else if (!strcmp(key, "weight"))
			flag = VF_WEIGHT;
		else if (!strcmp(key, "sync-group"))
			flag = VF_SYNC;
		else
			ERR("unknown keyword \"%s\"", key);
		if (!(allowed & flag))
			ERR("\"%s\" is not accepted here", key);
		if (!val)
			ERR("\"%s\" needs a value", key);
		if ((c->set & flag) && flag != VF_ADDR && flag != VF_PEER &&
		    flag != VF_TRACK && flag != VF_WEIGHT)
			ERR("\"%s\" given twice", key);
		c->set |= flag;
		parse_err_word = val;

		switch (flag) {
		case VF_DEV:
		case VF_NAME:
			if (!*val || strlen(val) > 15 || strchr(val, '/') ||
			    strchr(val, ' '))
				ERR("\"%s\" is not a valid interface name", val);
			strcpy(flag == VF_DEV ? c->dev : c->name, val);
			break;
		case VF_VRID:
			if (parse_uint(val, 1, 255, &v))
				ERR("vrid \"%s\": expected 1 to 255", val);
			c->vrid = v;
			break;
		case VF_ADDR: {
			int fam = AF_INET;

			if (c->naddr == VRRP_MAX_VIPS)
				ERR("at most %d addresses", VRRP_MAX_VIPS);
			if (parse_ipv4(val, c->addrs[c->naddr])) {
				fam = AF_INET6;
				if (strchr(val, '%') ||
				    inet_pton(AF_INET6, val, c->addrs[c->naddr]) != 1)
					ERR("address \"%s\": expected an IPv4 or IPv6 address", val);
			}
			if (c->naddr && fam != c->family)
				ERR("address %s: an instance's addresses are all IPv4 or all IPv6", val);
			c->family = fam;
			for (unsigned int j = 0; j < c->naddr; j++)
				if (!memcmp(c->addrs[j], c->addrs[c->naddr],
					    fam == AF_INET6 ? 16 : 4))
					ERR("address %s given twice", val);
			if (fam == AF_INET6 && !c->naddr &&
			    !(c->addrs[0][0] == 0xfe && (c->addrs[0][1] & 0xc0) == 0x80))
				ERR("address %s: the first address of an IPv6 instance must be link-local (fe80::/10, RFC 9568)", val);
			c->naddr++;
			break;
		}
		case VF_PRIO:
			if (parse_uint(val, 1, 255, &v))
				ERR("priority \"%s\": expected 1 to 255 (255: address owner)", val);
			c->priority = v;
			break;
		case VF_INTERVAL:
			if (parse_duration_cs(val, 1, 4095, &v))
				ERR("interval \"%s\": expected 10ms to 40.95s in steps of 10ms", val);
			c->interval_cs = v;
			break;
		case VF_VERSION:
			if (parse_uint(val, 2, 3, &v))
				ERR("version \"%s\": expected 2 or 3", val);
			c->version = v;
			break;
		case VF_PREEMPT:
			if (strcmp(val, "on") && strcmp(val, "off"))
				ERR("preempt \"%s\": expected on or off", val);
			c->preempt = !strcmp(val, "on");
			break;
		case VF_PDELAY:
			if (parse_duration_cs(val, 0, 360000, &v))
				ERR("preempt-delay \"%s\": expected 0 to 3600s in steps of 10ms", val);
			c->preempt_delay_cs = v;
			break;
		case VF_CSUM:
			if (strcmp(val, "rfc") && strcmp(val, "v2"))
				ERR("checksum \"%s\": expected rfc or v2", val);
			c->csum_v2 = !strcmp(val, "v2");
			break;
		case VF_PEER: {
			uint8_t *a = c->peers[c->npeers];
			int fam = AF_INET;

			if (c->npeers == VRRP_MAX_PEERS)
				ERR("at most %d peers", VRRP_MAX_PEERS);
			if (parse_ipv4(val, a)) {
				fam = AF_INET6;
				if (strchr(val, '%') || inet_pton(AF_INET6, val, a) != 1)
					ERR("peer \"%s\": expected an IPv4 or IPv6 address", val);
			}
			if (fam == AF_INET ? a[0] >= 224 || !a[0] || !memcmp(a, "\xff\xff\xff\xff", 4) :
			    a[0] == 0xff || !memcmp(a, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16))
				ERR("peer %s: expected a unicast address", val);
			if (c->npeers && fam != c->peer_family)
				ERR("peer %s: peers are all IPv4 or all IPv6", val);
			for (unsigned int j = 0; j < c->npeers; j++)
				if (!memcmp(c->peers[j], a, fam == AF_INET6 ? 16 : 4))
					ERR("peer %s given twice", val);
			c->peer_family = fam;
			c->npeers++;
			break;
		}
		case VF_TRACK: {
			struct vrrp_track_conf *t = &c->tracks[c->ntracks];
			bool is_dev = !strcmp(key, "track-dev");

			if (c->ntracks == VRRP_MAX_TRACKS)
				ERR("at most %d tracked interfaces and objects", VRRP_MAX_TRACKS);
			if (is_dev ? !*val || strlen(val) > 15 || strchr(val, '/') ||
				     strchr(val, ' ') : !track_name_ok(val))
				ERR(is_dev ? "track-dev \"%s\" is not a valid interface name" :
				    "track-object \"%s\": names are 1 to 31 characters of A-Z a-z 0-9 _ . : -",
				    val);
			for (unsigned int j = 0; j < c->ntracks; j++)
				if (c->tracks[j].is_dev == is_dev &&
				    !strcmp(c->tracks[j].name, val))
					ERR("%s %s given twice", key, val);
			memset(t, 0, sizeof(*t));
			t->is_dev = is_dev;
			strcpy(t->name, val);
			c->ntracks++;
			break;
		}
		case VF_WEIGHT: {
			long w;
			struct vrrp_track_conf *t;

			if (!c->ntracks)
				ERR("weight follows the track-dev or track-object it applies to");
			t = &c->tracks[c->ntracks - 1];
			if (t->has_weight)
				ERR("weight given twice for %s", t->name);
			if (parse_int(val, -254, 254, &w))
				ERR("weight \"%s\": expected -254 to 254 (0: fault while down)", val);
			t->weight = w;
			t->has_weight = true;
			break;
		}
		case VF_SYNC:
			if (!track_name_ok(val))
				ERR("sync-group \"%s\": names are 1 to 31 characters of A-Z a-z 0-9 _ . : -", val);
			strcpy(c->sync_group, val);
			break;
		case VF_FAMILY:
			if (strcmp(val, "inet") && strcmp(val, "inet6"))
				ERR("family \"%s\": expected inet or inet6", val);
			c->family = strcmp(val, "inet6") ? AF_INET : AF_INET6;
			break;
		case VF_ACCEPT:
			if (strcmp(val, "on") && strcmp(val, "off"))
				ERR("accept \"%s\": expected on or off", val);
			c->accept = !strcmp(val, "on");
			break;
		}
	}
	parse_err_word = NULL;
	if (c->version == 2 && c->interval_cs % 100)
		ERR("version 2 intervals are whole seconds");
	if (c->version == 2 && c->family == AF_INET6)
		ERR("version 2 is IPv4 only: IPv6 instances use version 3");
	if (c->npeers && c->naddr && c->peer_family != c->family)
		ERR("the peers must be of the addresses' family (%s)",
		    c->family == AF_INET6 ? "IPv6" : "IPv4");
	return 0;
}

/*
 * Parse "KEY VALUE" pairs of an announcement into @c: dev NAME, address A
 * (repeated), track-object NAME (repeated), drain on|off. @allowed is the
 * set of AN_* keys this command takes; @err says what is wrong.
 */
int announce_conf_parse(struct announce_conf *c, int argc, char **argv,
			unsigned int allowed, char *err, size_t errlen)
{
	int i;

	parse_err_word = NULL;
	for (i = 0; i < argc; i += 2) {
		const char *key = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		unsigned int flag;

		parse_err_word = key;
		if (!strcmp(key, "dev"))
			flag = AN_DEV;
		else if (!strcmp(key, "address"))
			flag = AN_ADDR;
		else if (!strcmp(key, "track-object"))
			flag = AN_TRACK;
		else if (!strcmp(key, "drain"))
			flag = AN_DRAIN;
		else
			ERR("unknown keyword \"%s\"", key);
		if (!(allowed & flag))
			ERR("\"%s\" is not accepted here", key);
		if (!val)
			ERR("\"%s\" needs a value", key);
		if ((c->set & flag) && flag != AN_ADDR && flag != AN_TRACK)
			ERR("\"%s\" given twice", key);
		c->set |= flag;
		parse_err_word = val;

		switch (flag) {
		case AN_DEV:
			if (!*val || strlen(val) > 15 || strchr(val, '/') ||
			    strchr(val, ' '))
				ERR("\"%s\" is not a valid interface name", val);
			strcpy(c->dev, val);
			break;
		case AN_ADDR: {
			uint8_t *a = c->addrs[c->naddr];
			int fam = AF_INET;

			if (c->naddr == ANNOUNCE_MAX_VIPS)
				ERR("at most %d addresses", ANNOUNCE_MAX_VIPS);
			memset(a, 0, 16);
			if (parse_ipv4(val, a)) {
				fam = AF_INET6;
				if (strchr(val, '%') || inet_pton(AF_INET6, val, a) != 1)
					ERR("address \"%s\": expected an IPv4 or IPv6 address", val);
			}
			for (unsigned int j = 0; j < c->naddr; j++)
				if (c->af[j] == fam && !memcmp(c->addrs[j], a, 16))
					ERR("address %s given twice", val);
			c->af[c->naddr++] = fam;
			break;
		}
		case AN_TRACK:
			if (!track_name_ok(val))
				ERR("track-object \"%s\": names are 1 to 31 characters of A-Z a-z 0-9 _ . : -", val);
			if (c->ntracks == ANNOUNCE_MAX_TRACKS)
				ERR("at most %d tracked objects", ANNOUNCE_MAX_TRACKS);
			for (unsigned int j = 0; j < c->ntracks; j++)
				if (!strcmp(c->tracks[j], val))
					ERR("track-object %s given twice", val);
			strcpy(c->tracks[c->ntracks++], val);
			break;
		case AN_DRAIN:
			if (strcmp(val, "on") && strcmp(val, "off"))
				ERR("drain \"%s\": expected on or off", val);
			c->drain = !strcmp(val, "on");
			break;
		}
	}
	parse_err_word = NULL;
	return 0;
}

/*
 * A duration in milliseconds: "500ms", "2s", "1.5s", "2m", or a bare
 * number of seconds, in [min, max] ms.
 */
int parse_duration_ms(const char *s, unsigned long min, unsigned long max,
		      unsigned long *out)
{
	unsigned long ms;
	int err = duration_ms(s, true, &ms);

	if (err)
		return err;
	if (ms < min || ms > max)
		return -ERANGE;
	*out = ms;
	return 0;
}

/* "10.0.0.1:80" or "[2001:db8::1]:80" */
int parse_addr_port(const char *s, int *af, uint8_t addr[16],
		    unsigned int *port)
{
	char buf[64];
	const char *colon;
	unsigned long p;
	size_t len;

	if (*s == '[') {
		const char *end = strchr(s, ']');

		if (!end || end[1] != ':')
			return -EINVAL;
		len = end - s - 1;
		colon = end + 1;
		s++;
		*af = AF_INET6;
	} else {
		colon = strchr(s, ':');
		if (!colon || strchr(colon + 1, ':'))
			return -EINVAL;
		len = colon - s;
		*af = AF_INET;
	}
	if (len == 0 || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	memset(addr, 0, 16);
	if (strchr(buf, '%') || inet_pton(*af, buf, addr) != 1)
		return -EINVAL;
	if (parse_uint(colon + 1, 1, 65535, &p))
		return -EINVAL;
	*port = p;
	return 0;
}

/*
 * A real server: ADDR:PORT, or for a fwmark service, whose servers have no
 * port of their own (IPVS gives them port 0, as ipvsadm -a -f does), also
 * ADDR, ADDR:0, [ADDR] or [ADDR]:0 (port 0).
 */
int parse_server_addr(const char *s, bool fwmark, int *af, uint8_t addr[16],
		      unsigned int *port)
{
	char buf[INET6_ADDRSTRLEN + 4];
	size_t len = strlen(s);

	if (!parse_addr_port(s, af, addr, port))
		return 0;
	if (!fwmark || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len + 1);
	if (buf[0] == '[') {
		if (len > 4 && !strcmp(buf + len - 3, "]:0"))
			len -= 2;
		if (len < 3 || buf[len - 1] != ']')
			return -EINVAL;
		buf[len - 1] = '\0';
		*af = AF_INET6;
	} else if (strchr(buf, ':') && strchr(buf, ':') == strrchr(buf, ':')) {
		if (len < 3 || strcmp(buf + len - 2, ":0"))
			return -EINVAL;
		buf[len - 2] = '\0';
		*af = AF_INET;
	} else {
		*af = strchr(buf, ':') ? AF_INET6 : AF_INET;
	}
	memset(addr, 0, 16);
	if (strchr(buf, '%') ||
	    inet_pton(*af, buf + (buf[0] == '['), addr) != 1)
		return -EINVAL;
	*port = 0;
	return 0;
}

const char *server_addr_usage(bool fwmark)
{
	return fwmark ? "expected ADDR[:PORT] (IPv6: [ADDR][:PORT]; no port: 0)" :
			"expected ADDR:PORT (IPv6: [ADDR]:PORT)";
}

const char *proto_name(unsigned int protocol)
{
	switch (protocol) {
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_SCTP:
		return "sctp";
	}
	return "?";
}

static const char *const check_types[] = {
	"tcp", "http", "udp", "external", "dns", "tls", "smtp",
};

#define N_CHECK_TYPES (sizeof(check_types) / sizeof(check_types[0]))
_Static_assert(N_CHECK_TYPES == __HAVS_CHECK_TYPE_MAX,
	       "a name for every check type");

struct dns_word {
	const char *name;
	unsigned int v;
};

static const struct dns_word dns_qtypes[] = {
	{ "A", 1 }, { "NS", 2 }, { "CNAME", 5 }, { "SOA", 6 }, { "PTR", 12 },
	{ "MX", 15 }, { "TXT", 16 }, { "AAAA", 28 },
	{ NULL, 0 }
}, dns_rcodes[] = {
	{ "NOERROR", 0 }, { "FORMERR", 1 }, { "SERVFAIL", 2 },
	{ "NXDOMAIN", 3 }, { "NOTIMP", 4 }, { "REFUSED", 5 },
	{ NULL, 0 }
};

/* a name of @t (any case) or a number in [min, max] */
static int dns_word_parse(const struct dns_word *t, const char *s,
			  unsigned long min, unsigned long max, unsigned int *out)
{
	unsigned long v;

	for (; t->name; t++)
		if (!strcasecmp(s, t->name)) {
			*out = t->v;
			return 0;
		}
	if (parse_uint(s, min, max, &v))
		return -EINVAL;
	*out = v;
	return 0;
}

/* the name of @v in @t, or the number in @buf */
static const char *dns_word_name(const struct dns_word *t, char *buf,
				 size_t len, unsigned int v)
{
	for (; t->name; t++)
		if (t->v == v)
			return t->name;
	snprintf(buf, len, "%u", v);
	return buf;
}

int dns_qtype_parse(const char *s, unsigned int *out)
{
	return dns_word_parse(dns_qtypes, s, 1, 65535, out);
}

const char *dns_qtype_name(char *buf, size_t len, unsigned int qtype)
{
	return dns_word_name(dns_qtypes, buf, len, qtype);
}

int dns_rcode_parse(const char *s, unsigned int *out)
{
	return dns_word_parse(dns_rcodes, s, 0, 15, out);
}

const char *dns_rcode_name(char *buf, size_t len, unsigned int rcode)
{
	return dns_word_name(dns_rcodes, buf, len, rcode);
}

/*
 * A DNS name as the module encodes it (kmod/probe_proto.c): labels of 1
 * to 63 printable characters separated by dots, at most 253 characters
 * without the optional final dot; "." alone is the root.
 */
bool dns_name_ok(const char *s)
{
	size_t n = strlen(s), label = 0;

	if (!strcmp(s, "."))
		return true;
	if (n && s[n - 1] == '.')
		n--;
	if (!n || n > 253)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (!label)
				return false;
			label = 0;
		} else if (!isgraph((unsigned char)s[i]) || ++label > 63) {
			return false;
		}
	}
	return label > 0;
}

const char *check_type_name(unsigned int type)
{
	return type < N_CHECK_TYPES ? check_types[type] : "?";
}

#define SERR(...) do { snprintf(err, errlen, __VA_ARGS__); return -EINVAL; } while (0)

/*
 * A service at the front of argv: "tcp|udp|sctp ADDR:PORT" or
 * "fwmark N [inet6]". Consumes what it parsed.
 */
int svc_key_parse(struct svc_key *k, int *argc, char ***argv, char *err,
		  size_t errlen)
{
	char **av = *argv;
	unsigned long v;

	memset(k, 0, sizeof(*k));
	parse_err_word = *argc ? av[0] : NULL;
	if (*argc < 2)
		SERR("expected a service: tcp|udp|sctp ADDR:PORT or fwmark MARK [inet6]");
	if (!strcmp(av[0], "fwmark")) {
		parse_err_word = av[1];
		if (parse_uint(av[1], 1, 0xffffffffUL, &v))
			SERR("fwmark \"%s\": expected 1 to 4294967295", av[1]);
		k->fwmark = v;
		k->af = AF_INET;
		*argc -= 2;
		*argv += 2;
		if (*argc && !strcmp(av[2], "inet6")) {
			k->af = AF_INET6;
			*argc -= 1;
			*argv += 1;
		}
		parse_err_word = NULL;
		return 0;
	}
	if (!strcmp(av[0], "tcp"))
		k->protocol = IPPROTO_TCP;
	else if (!strcmp(av[0], "udp"))
		k->protocol = IPPROTO_UDP;
	else if (!strcmp(av[0], "sctp"))
		k->protocol = IPPROTO_SCTP;
	else
		SERR("\"%s\": expected a service: tcp|udp|sctp ADDR:PORT or fwmark MARK [inet6]", av[0]);
	parse_err_word = av[1];
	if (parse_addr_port(av[1], &k->af, k->addr, &k->port))
		SERR("\"%s\": expected ADDR:PORT (IPv6: [ADDR]:PORT)", av[1]);
	*argc -= 2;
	*argv += 2;
	parse_err_word = NULL;
	return 0;
}

static bool graph_only(const char *s)
{
	for (; *s; s++)
		if (!isgraph((unsigned char)*s))
			return false;
	return true;
}

/* Items of a status spec the module takes (HAVS_HTTP_MAX_RANGES). */
#define CHECK_CODES_ITEMS 8

static int codes_ok(const char *s)
{
	unsigned long lo, hi;
	unsigned int items = 0;
	char *end;

	if (!*s)
		return 0;
	for (;;) {
		if (++items > CHECK_CODES_ITEMS)
			return 0;
		/* codes are exactly three digits, as in a status line */
		if (!isdigit((unsigned char)*s))
			return 0;
		lo = strtoul(s, &end, 10);
		if (end - s != 3)
			return 0;
		hi = lo;
		if (*end == '-') {
			s = end + 1;
			if (!isdigit((unsigned char)*s))
				return 0;
			hi = strtoul(s, &end, 10);
			if (end - s != 3)
				return 0;
		}
		if (lo < 100 || hi > 599 || lo > hi)
			return 0;
		if (!*end)
			return 1;
		if (*end != ',')
			return 0;
		s = end + 1;
	}
}

/* check settings after the service: KEY VALUE pairs */
/* the settings of check set, for the word without a value */
static bool check_key_known(const char *key)
{
	static const char *const keys[] = {
		"type", "port", "interval", "timeout", "retry", "rise", "fall",
		"initial", "slowstart", "track", "track-min", "sorry", "conns",
		"path", "host", "status", "expect", "payload",
		"name", "qtype", "rcode", "answer", "sni", "helo-name",
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(key, keys[i]))
			return true;
	return false;
}

int check_conf_parse(struct check_conf *c, int argc, char **argv, char *err,
		     size_t errlen)
{
	unsigned long v;

	parse_err_word = NULL;
	for (int i = 0; i < argc; i += 2) {
		const char *key = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		unsigned int bit;

		parse_err_word = val ? val : key;
		if (!val && !check_key_known(key))
			SERR("unknown setting \"%s\"", key);
		if (!val)
			SERR("\"%s\" needs a value", key);
		if (!strcmp(key, "type")) {
			unsigned int t;

			for (t = 0; t < N_CHECK_TYPES; t++)
				if (!strcmp(val, check_types[t]))
					break;
			if (t == N_CHECK_TYPES)
				SERR("type \"%s\": expected tcp, http, udp, dns, tls, smtp or external", val);
			c->type = t;
			bit = CF_TYPE;
		} else if (!strcmp(key, "port")) {
			if (parse_uint(val, 1, 65535, &v))
				SERR("port \"%s\": expected 1 to 65535", val);
			c->port = v;
			bit = CF_PORT;
		} else if (!strcmp(key, "interval")) {
			if (parse_duration_ms(val, 100, 3600000, &c->interval_ms))
				SERR("interval \"%s\": expected 100ms to 1h, e.g. 5s", val);
			bit = CF_INTERVAL;
		} else if (!strcmp(key, "timeout")) {
			if (parse_duration_ms(val, 10, 600000, &c->timeout_ms))
				SERR("timeout \"%s\": expected 10ms to 10m, e.g. 2s", val);
			bit = CF_TIMEOUT;
		} else if (!strcmp(key, "retry")) {
			if (parse_duration_ms(val, 10, 3600000, &c->retry_ms))
				SERR("retry \"%s\": expected 10ms to 1h", val);
			bit = CF_RETRY;
		} else if (!strcmp(key, "slowstart")) {
			if (parse_duration_ms(val, 0, 3600000, &c->slowstart_ms))
				SERR("slowstart \"%s\": expected 0 to 1h", val);
			bit = CF_SLOWSTART;
		} else if (!strcmp(key, "rise") || !strcmp(key, "fall")) {
			if (parse_uint(val, 1, 100, &v))
				SERR("%s \"%s\": expected 1 to 100", key, val);
			if (key[0] == 'r')
				c->rise = v;
			else
				c->fall = v;
			bit = key[0] == 'r' ? CF_RISE : CF_FALL;
		} else if (!strcmp(key, "initial")) {
			if (strcmp(val, "up") && strcmp(val, "down"))
				SERR("initial \"%s\": expected up or down", val);
			c->initial_up = !strcmp(val, "up");
			bit = CF_INITIAL;
		} else if (!strcmp(key, "path")) {
			if (val[0] != '/' || !graph_only(val) ||
			    strlen(val) > CHECK_PATH_MAX)
				SERR("path \"%s\": expected /..., at most %d characters, no spaces", val, CHECK_PATH_MAX);
			strcpy(c->path, val);
			bit = CF_PATH;
		} else if (!strcmp(key, "host")) {
			if (!*val || !graph_only(val) || strlen(val) > CHECK_HOST_MAX)
				SERR("host \"%s\": expected a name without spaces, at most %d characters", val, CHECK_HOST_MAX);
			strcpy(c->host, val);
			bit = CF_HOST;
		} else if (!strcmp(key, "status")) {
			if (strlen(val) > CHECK_CODES_MAX || !codes_ok(val))
				SERR("status \"%s\": expected up to %d codes 100-599 or ranges, e.g. 200,301-302", val, CHECK_CODES_ITEMS);
			strcpy(c->codes, val);
			bit = CF_CODES;
		} else if (!strcmp(key, "expect")) {
			if (!*val || strlen(val) > CHECK_BODY_MAX)
				SERR("expect: 1 to %d bytes of body text", CHECK_BODY_MAX);
			strcpy(c->body, val);
			c->body_len = strlen(val);
			bit = CF_BODY;
		} else if (!strcmp(key, "track")) {
			if (!track_name_ok(val))
				SERR("track \"%s\": names are 1 to 31 characters of A-Z a-z 0-9 _ . : -", val);
			strcpy(c->track, val);
			bit = CF_TRACK;
		} else if (!strcmp(key, "track-min")) {
			if (parse_uint(val, 1, 65535, &v))
				SERR("track-min \"%s\": expected 1 to 65535", val);
			c->track_min = v;
			bit = CF_TRACK_MIN;
		} else if (!strcmp(key, "conns")) {
			if (strcmp(val, "keep") && strcmp(val, "expire"))
				SERR("conns \"%s\": expected keep or expire", val);
			c->expire = !strcmp(val, "expire");
			bit = CF_CONNS;
		} else if (!strcmp(key, "sorry")) {
			if (parse_server_addr(val, c->svc.fwmark, &c->sorry.af,
					      c->sorry.addr, &c->sorry.port))
				SERR("sorry \"%s\": %s", val,
				     server_addr_usage(c->svc.fwmark));
			bit = CF_SORRY;
		} else if (!strcmp(key, "payload")) {
			if (strlen(val) > CHECK_PAYLOAD_MAX)
				SERR("payload: at most %d bytes", CHECK_PAYLOAD_MAX);
			strcpy(c->payload, val);
			c->payload_len = strlen(val);
			bit = CF_PAYLOAD;
		} else if (!strcmp(key, "name")) {
			if (!dns_name_ok(val))
				SERR("name \"%s\": expected a DNS name, labels of 1 to 63 characters, at most 253", val);
			strcpy(c->dns_name, val);
			bit = CF_NAME;
		} else if (!strcmp(key, "qtype")) {
			if (dns_qtype_parse(val, &c->qtype))
				SERR("qtype \"%s\": expected A, AAAA, NS, MX, TXT, SOA, CNAME, PTR or 1 to 65535", val);
			bit = CF_QTYPE;
		} else if (!strcmp(key, "rcode")) {
			if (dns_rcode_parse(val, &c->rcode))
				SERR("rcode \"%s\": expected NOERROR, FORMERR, SERVFAIL, NXDOMAIN, NOTIMP, REFUSED or 0 to 15", val);
			bit = CF_RCODE;
		} else if (!strcmp(key, "answer")) {
			c->answer_af = strchr(val, ':') ? AF_INET6 : AF_INET;
			if (inet_pton(c->answer_af, val, c->answer) != 1)
				SERR("answer \"%s\": expected an IPv4 or IPv6 address", val);
			bit = CF_ANSWER;
		} else if (!strcmp(key, "sni") || !strcmp(key, "helo-name")) {
			if (!dns_name_ok(val) || !strcmp(val, "."))
				SERR("%s \"%s\": expected a host name, at most 253 characters", key, val);
			strcpy(key[0] == 's' ? c->sni : c->helo, val);
			bit = key[0] == 's' ? CF_SNI : CF_HELO;
		} else {
			parse_err_word = key;
			SERR("unknown setting \"%s\"", key);
		}
		parse_err_word = key;
		if (c->set & bit)
			SERR("\"%s\" given twice", key);
		c->set |= bit;
	}
	parse_err_word = NULL;
	if ((c->set & (CF_PATH | CF_HOST | CF_CODES | CF_BODY)) &&
	    c->type != HAVS_CHECK_HTTP)
		SERR("path, host, status and expect are for type http");
	if ((c->set & CF_PAYLOAD) && c->type != HAVS_CHECK_UDP)
		SERR("payload is for type udp");
	if ((c->set & (CF_NAME | CF_QTYPE | CF_RCODE | CF_ANSWER)) &&
	    c->type != HAVS_CHECK_DNS)
		SERR("name, qtype, rcode and answer are for type dns");
	if (c->type == HAVS_CHECK_DNS && !(c->set & CF_NAME))
		SERR("type dns needs a name to ask for (name NAME)");
	if ((c->set & CF_SNI) && c->type != HAVS_CHECK_TLS)
		SERR("sni is for type tls");
	if ((c->set & CF_HELO) && c->type != HAVS_CHECK_SMTP)
		SERR("helo-name is for type smtp");
	if ((c->set & CF_TRACK_MIN) && !(c->set & CF_TRACK))
		SERR("track-min needs track NAME");
	if ((c->set & CF_SORRY) && c->sorry.af != c->svc.af)
		SERR("the sorry server is of the service's address family");
	if ((c->set & CF_TIMEOUT) && (c->set & CF_INTERVAL) &&
	    c->timeout_ms >= c->interval_ms)
		SERR("the timeout must be shorter than the interval");
	return 0;
}

static const struct {
	const char *name;
	unsigned int flag;
} methods[] = {
	{ "nat", IP_VS_CONN_F_MASQ },
	{ "dr", IP_VS_CONN_F_DROUTE },
	{ "tun", IP_VS_CONN_F_TUNNEL },
	{ "local", IP_VS_CONN_F_LOCALNODE },
};

/* "nat", "dr", "tun", "local" for IPVS's forwarding method flags. */
const char *method_name(unsigned int flag)
{
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (methods[i].flag == (flag & IP_VS_CONN_F_FWD_MASK))
			return methods[i].name;
	return "?";
}

/*
 * "SERVICE [scheduler NAME] [persistent SECONDS]" (service add|set and the
 * configuration file's service statement). Returns 0 or -EINVAL with @err.
 */
int svc_conf_parse(struct svc_conf *c, int argc, char **argv, char *err,
		   size_t errlen)
{
	unsigned long v;

	memset(c, 0, sizeof(*c));
	if (svc_key_parse(&c->key, &argc, &argv, err, errlen))
		return -EINVAL;
	for (int i = 0; i < argc; i += 2) {
		const char *key = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		parse_err_word = key;
		if (!strcmp(key, "consistent")) {
			if (c->has_consistent)
				SERR("\"%s\" given twice", key);
			/* "consistent", "consistent on", "consistent off" */
			c->has_consistent = true;
			c->consistent = !val || strcmp(val, "off");
			if (!val || (strcmp(val, "on") && strcmp(val, "off")))
				i--;
			continue;
		}
		if (!val && strcmp(key, "scheduler") && strcmp(key, "persistent"))
			SERR("unknown setting \"%s\"", key);
		if (!val)
			SERR("\"%s\" needs a value", key);
		if (!strcmp(key, "scheduler") ? c->has_sched :
		    !strcmp(key, "persistent") && c->has_persist)
			SERR("\"%s\" given twice", key);
		parse_err_word = val;
		if (!strcmp(key, "scheduler")) {
			if (!*val || strlen(val) >= sizeof(c->sched) || strchr(val, '/'))
				SERR("scheduler \"%s\": a name of at most %d characters",
				     val, SCHED_NAME_MAX);
			snprintf(c->sched, sizeof(c->sched), "%s", val);
			c->has_sched = true;
		} else if (!strcmp(key, "persistent")) {
			if (parse_uint(val, 0, 2678400, &v))
				SERR("persistent \"%s\": 0 (off) to 2678400 seconds", val);
			c->persist_s = v;
			c->has_persist = true;
		} else {
			parse_err_word = key;
			SERR("unknown setting \"%s\"", key);
		}
	}
	if (c->consistent && c->key.protocol == IPPROTO_UDP)
		SERR("consistent: IPVS schedules a UDP packet without an entry already: nothing to set");
	if (c->consistent && c->has_sched && !sched_is_consistent(c->sched)) {
		parse_err_word = c->sched;
		SERR("consistent: scheduler \"%s\" picks a server from its own state (weights, connection counts), which another director does not share: a mid-flow packet would go to another server; use havs_mh, havs_sh, mh or sh",
		     c->sched);
	}
	parse_err_word = NULL;
	return 0;
}

bool sched_is_consistent(const char *sched)
{
	return !strcmp(sched, "havs_mh") || !strcmp(sched, "havs_sh") ||
	       !strcmp(sched, "mh") || !strcmp(sched, "sh");
}

/*
 * "SERVICE ADDR:PORT [weight W] [method M] [uthreshold N] [lthreshold N]"
 * (server add|set|del). Returns 0 or -EINVAL with @err.
 */
int srv_conf_parse(struct srv_conf *c, int argc, char **argv, char *err,
		   size_t errlen)
{
	unsigned long v;

	memset(c, 0, sizeof(*c));
	if (svc_key_parse(&c->svc, &argc, &argv, err, errlen))
		return -EINVAL;
	parse_err_word = argc ? argv[0] : NULL;
	if (!argc)
		SERR("expected the server as %s",
		     server_addr_usage(c->svc.fwmark) + strlen("expected "));
	if (parse_server_addr(argv[0], c->svc.fwmark, &c->srv.af, c->srv.addr,
			      &c->srv.port))
		SERR("server \"%s\": %s", argv[0], server_addr_usage(c->svc.fwmark));
	argc--;
	argv++;
	for (int i = 0; i < argc; i += 2) {
		const char *key = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		bool *seen = !strcmp(key, "weight") ? &c->has_weight :
			     !strcmp(key, "method") ? &c->has_method :
			     !strcmp(key, "uthreshold") ? &c->has_uthr :
			     !strcmp(key, "lthreshold") ? &c->has_lthr : NULL;

		parse_err_word = key;
		if (!seen)
			SERR("unknown setting \"%s\"", key);
		if (!val)
			SERR("\"%s\" needs a value", key);
		if (*seen)
			SERR("\"%s\" given twice", key);
		parse_err_word = val;
		if (!strcmp(key, "weight")) {
			if (parse_uint(val, 0, 2147483647UL, &v))
				SERR("weight \"%s\": 0 to 2147483647", val);
			c->weight = v;
			c->has_weight = true;
		} else if (!strcmp(key, "method")) {
			size_t m;

			for (m = 0; m < sizeof(methods) / sizeof(methods[0]); m++)
				if (!strcmp(val, methods[m].name))
					break;
			if (m == sizeof(methods) / sizeof(methods[0]))
				SERR("method \"%s\": nat, dr, tun or local", val);
			c->method = methods[m].flag;
			c->has_method = true;
		} else if (!strcmp(key, "uthreshold") || !strcmp(key, "lthreshold")) {
			if (parse_uint(val, 0, 2147483647UL, &v))
				SERR("%s \"%s\": 0 (none) to 2147483647", key, val);
			if (key[0] == 'u') {
				c->uthr = v;
				c->has_uthr = true;
			} else {
				c->lthr = v;
				c->has_lthr = true;
			}
		} else {
			parse_err_word = key;
			SERR("unknown setting \"%s\"", key);
		}
	}
	parse_err_word = NULL;
	return 0;
}

void sync_conf_defaults(struct sync_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->family = AF_INET;
	c->port = SYNC_DEFAULT_PORT;
	c->ttl = SYNC_DEFAULT_TTL;
}

/*
 * Parse the "KEY VALUE" pairs of an IPVS connection sync into @c: what
 * IPVS would take silently and get wrong is refused here, with the word.
 */
int sync_conf_parse(struct sync_conf *c, int argc, char **argv,
		    unsigned int allowed, char *err, size_t errlen)
{
	unsigned long v;
	int i;

	parse_err_word = NULL;
	for (i = 0; i < argc; i += 2) {
		const char *key = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		unsigned int flag;

		parse_err_word = key;
		if (!strcmp(key, "dev"))
			flag = SF_DEV;
		else if (!strcmp(key, "id"))
			flag = SF_ID;
		else if (!strcmp(key, "group"))
			flag = SF_GROUP;
		else if (!strcmp(key, "port"))
			flag = SF_PORT;
		else if (!strcmp(key, "ttl"))
			flag = SF_TTL;
		else if (!strcmp(key, "maxlen"))
			flag = SF_MAXLEN;
		else if (!strcmp(key, "instance"))
			flag = SF_INSTANCE;
		else if (!strcmp(key, "sync-group"))
			flag = SF_SYNC_GROUP;
		else
			ERR("unknown keyword \"%s\"", key);
		if (!(allowed & flag))
			ERR("\"%s\" is not accepted here", key);
		if (c->set & flag)
			ERR("\"%s\" given twice", key);
		if ((flag & (SF_INSTANCE | SF_SYNC_GROUP)) &&
		    (c->set & (SF_INSTANCE | SF_SYNC_GROUP)))
			ERR("\"%s\": sync follows one instance or one sync group, not both",
			    key);
		if (!val)
			ERR("\"%s\" needs a value", key);
		parse_err_word = val;
		c->set |= flag;
		switch (flag) {
		case SF_DEV:
			if (!*val || strlen(val) >= sizeof(c->dev) ||
			    strchr(val, '/') || strchr(val, ' '))
				ERR("dev \"%s\": not an interface name", val);
			strcpy(c->dev, val);
			break;
		case SF_ID:
			if (parse_uint(val, 0, 255, &v))
				ERR("id \"%s\": expected a sync id, 0 to 255", val);
			c->id = v;
			break;
		case SF_GROUP:
			if (parse_ipv4(val, c->group) == 0) {
				c->family = AF_INET;
				if ((c->group[0] & 0xf0) != 0xe0)
					ERR("group \"%s\": not a multicast address (IPv4: 224.0.0.0/4)",
					    val);
			} else if (!strchr(val, '%') &&
				   inet_pton(AF_INET6, val, c->group) == 1) {
				c->family = AF_INET6;
				if (c->group[0] != 0xff)
					ERR("group \"%s\": not a multicast address (IPv6: ff00::/8)",
					    val);
			} else {
				ERR("group \"%s\": expected an IPv4 or IPv6 multicast address",
				    val);
			}
			break;
		case SF_PORT:
			if (parse_uint(val, 1, 65535, &v))
				ERR("port \"%s\": expected 1 to 65535", val);
			c->port = v;
			break;
		case SF_TTL:
			if (parse_uint(val, 1, 255, &v))
				ERR("ttl \"%s\": expected 1 to 255", val);
			c->ttl = v;
			break;
		case SF_MAXLEN:
			if (parse_uint(val, SYNC_MIN_MAXLEN, 65507, &v))
				ERR("maxlen \"%s\": expected %u to 65507 bytes of UDP payload",
				    val, SYNC_MIN_MAXLEN);
			c->maxlen = v;
			break;
		default:	/* SF_INSTANCE, SF_SYNC_GROUP */
			if (!track_name_ok(val))
				ERR("%s \"%s\": names are 1 to 31 characters of A-Z a-z 0-9 _ . : -",
				    key, val);
			if (flag == SF_INSTANCE && strlen(val) > 15)
				ERR("instance \"%s\": an instance is named by its macvlan (at most 15 characters)",
				    val);
			strcpy(c->follow, val);
			c->follow_group = flag == SF_SYNC_GROUP;
			break;
		}
	}
	parse_err_word = NULL;
	return 0;
}
