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

#include "havsadm.h"

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
 * Parse a duration into centiseconds: "1s", "100ms", "1.5s", "2" (seconds).
 * Must be a whole number of 10 ms. Returns 0, -EINVAL or -ERANGE.
 */
int parse_duration_cs(const char *s, unsigned long min, unsigned long max,
		      unsigned long *out)
{
	unsigned long whole = 0, frac = 0, fdigits = 0, ms;
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
		ms = whole;
	} else if (!strcmp(p, "s") || !*p) {
		ms = whole * 1000 + frac;
	} else {
		return -EINVAL;
	}
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

	for (i = 0; i < argc; i += 2) {
		const char *key = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		unsigned int flag;

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
	if (c->version == 2 && c->interval_cs % 100)
		ERR("version 2 intervals are whole seconds");
	if (c->version == 2 && c->family == AF_INET6)
		ERR("version 2 is IPv4 only: IPv6 instances use version 3");
	if (c->npeers && c->naddr && c->peer_family != c->family)
		ERR("the peers must be of the addresses' family (%s)",
		    c->family == AF_INET6 ? "IPv6" : "IPv4");
	return 0;
}
