// SPDX-License-Identifier: GPL-2.0
/*
 * havsadm announce add|set|del|show: announcements, devices of link kind
 * havs whose carrier the module keeps on only while the tracked objects
 * they name are up and no drain is set (kmod/DESIGN.md, Announcements).
 * A routing daemon (FRR, BIRD) announces the device's addresses while it
 * is up. `add` creates the device when it does not exist, makes it an
 * announcement, gives it the addresses and brings it up; any failure
 * undoes what was created. `del` removes both.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_addr.h>
#include <netlink/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/cache.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>

#include "conf.h"
#include "prom.h"
#include "../kmod/uapi/linux/havs.h"

#define ANNOUNCE_ALL (AN_DEV | AN_ADDR | AN_TRACK | AN_DRAIN)

static int announce_usage_err(const char *sub, const char *err)
{
	errmsg("announce %s: %s; see 'havsadm announce --help'", sub, err);
	return EXIT_USAGE;
}

/* Create the device @name of kind havs. Its ifindex, or 0 (said why). */
static int announce_link_create(const char *name)
{
	struct rtnl_link *link;
	struct nl_sock *sk;
	int err, ifindex = 0;

	err = rtnl_open(&sk);
	if (err) {
		errmsg("cannot open a route netlink socket: %s", nl_geterror(err));
		return 0;
	}
	link = rtnl_link_alloc();
	if (!link) {
		errmsg("out of memory");
		nl_socket_free(sk);
		return 0;
	}
	rtnl_link_set_name(link, name);
	err = rtnl_link_set_type(link, HAVS_LINK_KIND);
	if (!err)
		err = rtnl_link_add(sk, link, NLM_F_CREATE | NLM_F_EXCL);
	if (err)
		errmsg("announce add: cannot create device %s of kind havs: %s",
		       name, nl_geterror(err));
	else if (!(ifindex = if_nametoindex(name)))
		errmsg("announce add: device %s vanished after creation", name);
	rtnl_link_put(link);
	nl_socket_free(sk);
	return ifindex;
}

/* Bring @ifindex up (@up) or delete it (!@up). EXIT_*. */
static int announce_link_op(int ifindex, const char *name, bool up)
{
	int err = link_up_or_delete(ifindex, up);

	if (err)
		errmsg(up ? "cannot bring %s up: %s" : "cannot remove device %s: %s",
		       name, nl_geterror(err));
	return err ? EXIT_FAIL : EXIT_OK;
}

struct announce_sync {
	const struct announce_conf *c;
	int ifindex;
	bool present[ANNOUNCE_MAX_VIPS];
	struct nl_sock *sk;
	int err;
};

static bool announce_is_ll6(const struct nl_addr *a)
{
	const uint8_t *b = nl_addr_get_binary_addr(a);

	return nl_addr_get_family(a) == AF_INET6 && b[0] == 0xfe &&
	       (b[1] & 0xc0) == 0x80;
}

/* An address of the device: keep it if listed, else remove it. */
static void announce_sync_one(struct nl_object *obj, void *arg)
{
	struct rtnl_addr *a = (struct rtnl_addr *)obj;
	struct announce_sync *s = arg;
	struct nl_addr *local = rtnl_addr_get_local(a);
	unsigned int i;
	int af;

	if (rtnl_addr_get_ifindex(a) != s->ifindex || !local || s->err)
		return;
	af = nl_addr_get_family(local);
	/* the kernel's own link-local address is not ours to manage */
	if (announce_is_ll6(local) && !(rtnl_addr_get_flags(a) & IFA_F_NODAD))
		return;
	for (i = 0; i < s->c->naddr; i++) {
		if (s->c->af[i] == af &&
		    !memcmp(nl_addr_get_binary_addr(local), s->c->addrs[i],
			    af == AF_INET6 ? 16 : 4)) {
			s->present[i] = true;
			return;
		}
	}
	s->err = rtnl_addr_delete(s->sk, a, 0);
}

/* Make the addresses of @ifindex those of @c (rtnetlink). EXIT_*. */
static int announce_addrs_sync(int ifindex, const struct announce_conf *c)
{
	struct announce_sync s = { .c = c, .ifindex = ifindex };
	char buf[INET6_ADDRSTRLEN];
	struct nl_cache *cache;
	unsigned int i;
	int err;

	err = rtnl_open(&s.sk);
	if (err) {
		errmsg("cannot open a route netlink socket: %s", nl_geterror(err));
		return EXIT_FAIL;
	}
	err = rtnl_addr_alloc_cache(s.sk, &cache);
	if (!err) {
		nl_cache_foreach(cache, announce_sync_one, &s);
		nl_cache_free(cache);
		err = s.err;
	}
	for (i = 0; !err && i < c->naddr; i++) {
		unsigned int alen = c->af[i] == AF_INET6 ? 16 : 4;
		struct rtnl_addr *a;
		struct nl_addr *local;

		if (s.present[i])
			continue;
		a = rtnl_addr_alloc();
		local = nl_addr_build(c->af[i], c->addrs[i], alen);
		if (!a || !local) {
			err = -NLE_NOMEM;
		} else {
			nl_addr_set_prefixlen(local, alen * 8);
			rtnl_addr_set_ifindex(a, ifindex);
			rtnl_addr_set_local(a, local);
			rtnl_addr_set_flags(a, IFA_F_NOPREFIXROUTE |
					    (c->af[i] == AF_INET6 ? IFA_F_NODAD : 0));
			err = rtnl_addr_add(s.sk, a, NLM_F_CREATE | NLM_F_EXCL);
			if (err)
				errmsg("cannot add address %s to %s: %s",
				       inet_ntop(c->af[i], c->addrs[i], buf, sizeof(buf)),
				       c->dev, nl_geterror(err));
		}
		nl_addr_put(local);
		rtnl_addr_put(a);
		if (err)
			break;
	}
	nl_socket_free(s.sk);
	if (err && i == 0)
		errmsg("cannot set the addresses of %s: %s", c->dev, nl_geterror(err));
	return err ? EXIT_FAIL : EXIT_OK;
}

struct announce_req {
	const struct announce_conf *c;
	unsigned int ifindex;
	unsigned int fields;	/* AN_* to send */
};

static int announce_build(struct nl_msg *msg, const void *arg)
{
	const struct announce_req *r = arg;
	const struct announce_conf *c = r->c;
	struct nlattr *nest, *list, *t;
	unsigned int i;

	nest = nla_nest_start(msg, HAVS_A_ANNOUNCE | NLA_F_NESTED);
	if (!nest || nla_put_u32(msg, HAVS_ANNOUNCE_A_IFINDEX, r->ifindex))
		return -1;
	if (r->fields & AN_ADDR) {
		list = nla_nest_start(msg, HAVS_ANNOUNCE_A_VIPS | NLA_F_NESTED);
		if (!list)
			return -1;
		for (i = 0; i < c->naddr; i++)
			if (havs_put_addr(msg, HAVS_ANNOUNCE_A_VIP4, HAVS_ANNOUNCE_A_VIP6,
					  c->af[i], c->addrs[i]))
				return -1;
		nla_nest_end(msg, list);
	}
	if (r->fields & AN_TRACK) {
		list = nla_nest_start(msg, HAVS_ANNOUNCE_A_TRACKS | NLA_F_NESTED);
		if (!list)
			return -1;
		for (i = 0; i < c->ntracks; i++) {
			t = nla_nest_start(msg, HAVS_ANNOUNCE_A_TRACK | NLA_F_NESTED);
			if (!t || nla_put_string(msg, HAVS_TRACK_A_NAME, c->tracks[i]))
				return -1;
			nla_nest_end(msg, t);
		}
		nla_nest_end(msg, list);
	}
	if ((r->fields & AN_DRAIN) &&
	    nla_put_u8(msg, HAVS_ANNOUNCE_A_DRAIN, c->drain))
		return -1;
	nla_nest_end(msg, nest);
	return 0;
}

static int announce_parse_args(const char *sub, struct announce_conf *c,
			       unsigned int allowed, int argc, char **argv)
{
	char err[256];

	memset(c, 0, sizeof(*c));
	if (announce_conf_parse(c, argc, argv, allowed, err, sizeof(err))) {
		errmsg("announce %s: %s; see 'havsadm announce --help'", sub, err);
		return EXIT_USAGE;
	}
	if (!(c->set & AN_DEV))
		return announce_usage_err(sub, "dev NAME is required");
	return EXIT_OK;
}

static int announce_add(const struct opts *o, int argc, char **argv)
{
	struct announce_req r = { .fields = ANNOUNCE_ALL };
	struct announce_conf c;
	char what[64];
	bool created = false;
	int rc;

	(void)o;
	rc = announce_parse_args("add", &c, ANNOUNCE_ALL, argc, argv);
	if (rc)
		return rc;
	r.c = &c;
	snprintf(what, sizeof(what), "announce add dev %s", c.dev);
	r.ifindex = if_nametoindex(c.dev);
	if (!r.ifindex) {
		r.ifindex = announce_link_create(c.dev);
		if (!r.ifindex)
			return EXIT_FAIL;
		created = true;
	}
	/* the kernel checks the device's kind, the objects and the addresses */
	rc = nl_run(havs_nl_open, HAVS_CMD_ANNOUNCE_NEW, 0, what, announce_build,
		    &r, NULL, NULL);
	if (rc)
		goto undo_dev;
	rc = announce_addrs_sync(r.ifindex, &c);
	if (!rc)
		rc = announce_link_op(r.ifindex, c.dev, true);
	if (!rc)
		return EXIT_OK;
	r.fields = 0;
	nl_run(havs_nl_open, HAVS_CMD_ANNOUNCE_DEL, 0, what, announce_build, &r,
	       NULL, NULL);
undo_dev:
	if (created)
		announce_link_op(r.ifindex, c.dev, false);
	return rc;
}

static int announce_set(const struct opts *o, int argc, char **argv)
{
	struct announce_req r = { 0 };
	struct announce_conf c;
	char what[64];
	int rc;

	(void)o;
	rc = announce_parse_args("set", &c, ANNOUNCE_ALL, argc, argv);
	if (rc)
		return rc;
	if (!(c.set & ~AN_DEV))
		return announce_usage_err("set", "nothing to change (address, track-object, drain)");
	r.c = &c;
	r.fields = c.set;
	r.ifindex = if_nametoindex(c.dev);
	if (!r.ifindex) {
		parse_err_word = NULL;
		errmsg("announce set: dev \"%s\": no such interface", c.dev);
		return EXIT_FAIL;
	}
	snprintf(what, sizeof(what), "announce set dev %s", c.dev);
	rc = nl_run(havs_nl_open, HAVS_CMD_ANNOUNCE_SET, 0, what, announce_build,
		    &r, NULL, NULL);
	if (!rc && (c.set & AN_ADDR))
		rc = announce_addrs_sync(r.ifindex, &c);
	return rc;
}

static int announce_del(const struct opts *o, int argc, char **argv)
{
	struct announce_req r = { 0 };
	struct announce_conf c;
	char what[64];
	int rc;

	(void)o;
	rc = announce_parse_args("del", &c, AN_DEV, argc, argv);
	if (rc)
		return rc;
	r.c = &c;
	r.ifindex = if_nametoindex(c.dev);
	if (!r.ifindex) {
		errmsg("announce del: dev \"%s\": no such interface", c.dev);
		return EXIT_FAIL;
	}
	snprintf(what, sizeof(what), "announce del dev %s", c.dev);
	rc = nl_run(havs_nl_open, HAVS_CMD_ANNOUNCE_DEL, 0, what, announce_build,
		    &r, NULL, NULL);
	if (rc)
		return rc;
	return announce_link_op(r.ifindex, c.dev, false);
}

static struct nla_policy announce_policy[HAVS_ANNOUNCE_A_MAX + 1] = {
	[HAVS_ANNOUNCE_A_IFINDEX] = { .type = NLA_U32 },
	[HAVS_ANNOUNCE_A_IFNAME] = { .type = NLA_NUL_STRING, .maxlen = 16 },
	[HAVS_ANNOUNCE_A_VIPS] = { .type = NLA_NESTED },
	[HAVS_ANNOUNCE_A_TRACKS] = { .type = NLA_NESTED },
	[HAVS_ANNOUNCE_A_DRAIN] = { .type = NLA_U8 },
	[HAVS_ANNOUNCE_A_CARRIER] = { .type = NLA_U8 },
	[HAVS_ANNOUNCE_A_REASON] = { .type = NLA_U8 },
	[HAVS_ANNOUNCE_A_CAUSE] = { .type = NLA_NUL_STRING, .maxlen = TRACK_NAME_MAX + 1 },
	[HAVS_ANNOUNCE_A_CHANGES] = { .type = NLA_U32 },
	[HAVS_ANNOUNCE_A_LAST_CHANGE] = { .type = NLA_U64 },
};

static struct nla_policy announce_track_policy[HAVS_TRACK_A_MAX + 1] = {
	[HAVS_TRACK_A_NAME] = { .type = NLA_NUL_STRING, .maxlen = TRACK_NAME_MAX + 1 },
	[HAVS_TRACK_A_UP] = { .type = NLA_U8 },
};

/* One announcement from a reply or an event (@tb: top-level attributes). */
int announce_parse_msg(struct nlattr **tb, struct announce_info *out)
{
	struct nlattr *t[HAVS_ANNOUNCE_A_MAX + 1], *tt[HAVS_TRACK_A_MAX + 1];
	struct announce_info *a = out;
	struct nlattr *x;
	int rem;

	memset(a, 0, sizeof(*a));
	if (!tb[HAVS_A_ANNOUNCE] ||
	    nla_parse_nested(t, HAVS_ANNOUNCE_A_MAX, tb[HAVS_A_ANNOUNCE], announce_policy) ||
	    !t[HAVS_ANNOUNCE_A_IFINDEX] || !t[HAVS_ANNOUNCE_A_IFNAME])
		return -1;
	a->ifindex = nla_get_u32(t[HAVS_ANNOUNCE_A_IFINDEX]);
	snprintf(a->c.dev, sizeof(a->c.dev), "%.*s", nla_len(t[HAVS_ANNOUNCE_A_IFNAME]),
		 (char *)nla_data(t[HAVS_ANNOUNCE_A_IFNAME]));
	a->c.set = ANNOUNCE_ALL;
	a->c.drain = t[HAVS_ANNOUNCE_A_DRAIN] && nla_get_u8(t[HAVS_ANNOUNCE_A_DRAIN]);
	a->carrier = t[HAVS_ANNOUNCE_A_CARRIER] && nla_get_u8(t[HAVS_ANNOUNCE_A_CARRIER]);
	a->reason = t[HAVS_ANNOUNCE_A_REASON] ? nla_get_u8(t[HAVS_ANNOUNCE_A_REASON]) : 0;
	if (t[HAVS_ANNOUNCE_A_CAUSE])
		snprintf(a->cause, sizeof(a->cause), "%.*s",
			 nla_len(t[HAVS_ANNOUNCE_A_CAUSE]),
			 (char *)nla_data(t[HAVS_ANNOUNCE_A_CAUSE]));
	a->changes = t[HAVS_ANNOUNCE_A_CHANGES] ? nla_get_u32(t[HAVS_ANNOUNCE_A_CHANGES]) : 0;
	a->last_change = t[HAVS_ANNOUNCE_A_LAST_CHANGE] ?
			 nla_get_u64(t[HAVS_ANNOUNCE_A_LAST_CHANGE]) : 0;
	if (t[HAVS_ANNOUNCE_A_VIPS]) {
		nla_for_each_nested(x, t[HAVS_ANNOUNCE_A_VIPS], rem) {
			int af = nla_type(x) == HAVS_ANNOUNCE_A_VIP6 ? AF_INET6 : AF_INET;

			if (a->c.naddr == ANNOUNCE_MAX_VIPS ||
			    nla_len(x) != (af == AF_INET6 ? 16 : 4))
				return -1;
			memset(a->c.addrs[a->c.naddr], 0, 16);
			memcpy(a->c.addrs[a->c.naddr], nla_data(x), nla_len(x));
			a->c.af[a->c.naddr++] = af;
		}
	}
	if (t[HAVS_ANNOUNCE_A_TRACKS]) {
		nla_for_each_nested(x, t[HAVS_ANNOUNCE_A_TRACKS], rem) {
			if (a->c.ntracks == ANNOUNCE_MAX_TRACKS ||
			    nla_parse_nested(tt, HAVS_TRACK_A_MAX, x, announce_track_policy) ||
			    !tt[HAVS_TRACK_A_NAME])
				return -1;
			snprintf(a->c.tracks[a->c.ntracks], TRACK_NAME_MAX + 1, "%.*s",
				 nla_len(tt[HAVS_TRACK_A_NAME]),
				 (char *)nla_data(tt[HAVS_TRACK_A_NAME]));
			a->track_up[a->c.ntracks++] = tt[HAVS_TRACK_A_UP] &&
						      nla_get_u8(tt[HAVS_TRACK_A_UP]);
		}
	}
	return 0;
}

/* "tracked object down: web", "drained", ... */
void announce_why(char *buf, size_t len, const struct announce_info *info)
{
	const struct announce_info *a = info;

	snprintf(buf, len, "%s%s%s", announce_reason_text(a->reason),
		 a->cause[0] ? ": " : "", a->cause);
}

void announce_print(FILE *f, const struct announce_info *info, bool json)
{
	const struct announce_info *a = info;
	char buf[INET6_ADDRSTRLEN], why[96];
	unsigned int i;

	announce_why(why, sizeof(why), info);
	if (json) {
		fprintf(f, "{\"dev\":");
		json_str(f, a->c.dev);
		fprintf(f, ",\"ifindex\":%u,\"announced\":%s,\"drain\":%s,\"reason\":",
			a->ifindex, a->carrier ? "true" : "false",
			a->c.drain ? "true" : "false");
		json_str(f, announce_reason_name(a->reason));
		fprintf(f, ",\"why\":");
		json_str(f, why);
		if (a->cause[0]) {
			fprintf(f, ",\"cause\":");
			json_str(f, a->cause);
		}
		fprintf(f, ",\"changes\":%u,\"last_change_ns\":%" PRIu64 ",\"addresses\":[",
			a->changes, a->last_change ?
			boottime_to_realtime_ns(a->last_change) : 0);
		for (i = 0; i < a->c.naddr; i++) {
			fprintf(f, "%s", i ? "," : "");
			json_str(f, inet_ntop(a->c.af[i], a->c.addrs[i], buf, sizeof(buf)));
		}
		fprintf(f, "],\"tracks\":[");
		for (i = 0; i < a->c.ntracks; i++) {
			fprintf(f, "%s{\"name\":", i ? "," : "");
			json_str(f, a->c.tracks[i]);
			fprintf(f, ",\"up\":%s}", a->track_up[i] ? "true" : "false");
		}
		fprintf(f, "]}");
		return;
	}
	fprintf(f, "%s %s", a->c.dev, a->carrier ? "announced" : "withdrawn");
	for (i = 0; i < a->c.naddr; i++)
		fprintf(f, " address %s",
			inet_ntop(a->c.af[i], a->c.addrs[i], buf, sizeof(buf)));
	for (i = 0; i < a->c.ntracks; i++)
		fprintf(f, " track-object %s (%s)", a->c.tracks[i],
			a->track_up[i] ? "up" : "down");
	if (a->c.drain)
		fprintf(f, " drain on");
	fprintf(f, " changes %u (%s)\n", a->changes, why);
}

struct announce_show {
	const struct opts *o;
	unsigned int count;
};

static int announce_on_show(struct nlattr **tb, void *arg)
{
	struct announce_show *s = arg;
	struct announce_info a;

	if (announce_parse_msg(tb, &a)) {
		errmsg("announce show: malformed announcement from the kernel");
		return EXIT_FAIL;
	}
	if (s->o->json && s->count)
		printf(",");
	announce_print(stdout, &a, s->o->json);
	s->count++;
	return EXIT_OK;
}

static int announce_show(const struct opts *o, int argc, char **argv)
{
	struct announce_show s = { .o = o };
	struct announce_req r = { 0 };
	struct announce_conf c = { 0 };
	int rc;

	if (argc) {
		rc = announce_parse_args("show", &c, AN_DEV, argc, argv);
		if (rc)
			return rc;
		r.ifindex = if_nametoindex(c.dev);
		if (!r.ifindex) {
			errmsg("announce show: dev \"%s\": no such interface", c.dev);
			return EXIT_FAIL;
		}
	}
	r.c = &c;
	if (o->json)
		printf("[");
	rc = nl_run(havs_nl_open, HAVS_CMD_ANNOUNCE_GET, argc ? 0 : NLM_F_DUMP,
		    "announce show", argc ? announce_build : NULL, &r,
		    announce_on_show, &s);
	if (o->json)
		printf("]\n");
	return rc;
}

static int announce_on_conf(struct nlattr **tb, void *arg)
{
	struct conf_announce *e;
	struct announce_info a;

	if (announce_parse_msg(tb, &a)) {
		errmsg("announce: malformed announcement from the kernel");
		return EXIT_FAIL;
	}
	e = conf_announce_add(arg);
	if (!e) {
		errmsg("out of memory");
		return EXIT_FAIL;
	}
	e->c = a.c;
	return EXIT_OK;
}

/* Every announcement of the namespace into @cf. */
int announce_conf_load(struct conf *cf)
{
	return nl_run(havs_nl_open, HAVS_CMD_ANNOUNCE_GET, NLM_F_DUMP,
		      "announce show", NULL, NULL, announce_on_conf, cf);
}

static int announce_on_prom(struct nlattr **tb, void *arg)
{
	struct announce_info a;
	char lab[64];

	(void)arg;
	if (announce_parse_msg(tb, &a)) {
		errmsg("stats: malformed announcement from the kernel");
		return EXIT_FAIL;
	}
	lab[0] = '\0';
	prom_label(lab, sizeof(lab), "dev", a.c.dev);
	if (prom_add(PROM_ANNOUNCE_UP, lab, a.carrier) ||
	    prom_add(PROM_ANNOUNCE_DRAIN, lab, a.c.drain) ||
	    prom_add(PROM_ANNOUNCE_CHANGES, lab, a.changes) ||
	    prom_add(PROM_ANNOUNCE_LAST_CHANGE, lab,
		     a.last_change ? boottime_to_realtime_ns(a.last_change) / 1e9 : 0)) {
		errmsg("out of memory");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* havs_announce_* metrics (stats --prometheus). */
int announce_prometheus(void)
{
	return nl_run(havs_nl_open, HAVS_CMD_ANNOUNCE_GET, NLM_F_DUMP,
		      "stats", NULL, NULL, announce_on_prom, NULL);
}

static const struct cmd announce_cmds[] = {
	{ .name = "add", .run = announce_add,
	  .usage = "dev NAME [address A]... [track-object NAME]... [drain on|off]",
	  .summary = "make NAME (created, of kind havs, if missing) an announcement: its addresses are routed here while every object is up and it is not drained" },
	{ .name = "set", .run = announce_set,
	  .usage = "dev NAME [address A]... [track-object NAME]... [drain on|off]",
	  .summary = "change an announcement: each setting given replaces the old one" },
	{ .name = "del", .run = announce_del, .usage = "dev NAME",
	  .summary = "withdraw and remove an announcement and its device" },
	{ .name = "show", .run = announce_show, .usage = "[dev NAME]",
	  .summary = "show announcements, whether they are announced and why",
	  .json = true },
	{ .name = NULL },
};

int cmd_announce(const struct opts *o, int argc, char **argv)
{
	return cmd_dispatch("announce", announce_cmds,
			    "The objects must exist (havsadm track set, or a service's check ... track).\n",
			    announce_show, o, argc, argv);
}
