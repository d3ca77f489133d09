// SPDX-License-Identifier: GPL-2.0
/*
 * havsadm vrrp add|del|show: VRRP instances. `add` creates the macvlan that
 * carries the virtual MAC and the addresses (see kmod/DESIGN.md), then the
 * instance; any failure undoes what was created, so nothing is left half
 * configured. `del` removes both.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/if_link.h>
#include <netlink/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/macvlan.h>

#include "conf.h"
#include "prom.h"
#include "../kmod/uapi/linux/havs.h"

static const char *const state_names[] = { "INIT", "BACKUP", "MASTER", "FAULT" };

const char *vrrp_state_name(unsigned int s)
{
	return s < 4 ? state_names[s] : "UNKNOWN";
}

static const char *const stat_names[] = {
	[HAVS_VRRP_S_ADV_TX] = "adverts_sent",
	[HAVS_VRRP_S_ADV_RX] = "adverts_received",
	[HAVS_VRRP_S_TX_ERRORS] = "tx_errors",
	[HAVS_VRRP_S_TRANSITIONS] = "transitions",
	[HAVS_VRRP_S_LAST_TRANSITION] = "last_transition_ns",
	[HAVS_VRRP_S_DROP_TTL] = "ttl",
	[HAVS_VRRP_S_DROP_TRUNCATED] = "truncated",
	[HAVS_VRRP_S_DROP_CARP] = "carp",
	[HAVS_VRRP_S_DROP_VERSION] = "version",
	[HAVS_VRRP_S_DROP_TYPE] = "type",
	[HAVS_VRRP_S_DROP_LENGTH] = "length",
	[HAVS_VRRP_S_DROP_CHECKSUM] = "checksum",
	[HAVS_VRRP_S_DROP_CSUM_VARIANT] = "checksum_variant",
	[HAVS_VRRP_S_DROP_INTERVAL] = "interval",
	[HAVS_VRRP_S_DROP_AUTH] = "auth",
	[HAVS_VRRP_S_DROP_LINKLOCAL] = "linklocal",
	[HAVS_VRRP_S_DROP_PEER] = "peer",
	[HAVS_VRRP_S_GATED] = "gated",
	[HAVS_VRRP_S_GARP] = "garp",
};

/* Every counter the kernel reports has a name here. */
_Static_assert(sizeof(stat_names) / sizeof(stat_names[0]) == HAVS_VRRP_S_PAD,
	       "a counter of enum havs_vrrp_stat has no name");

/* a route netlink socket (announce.c too); a libnl error */
int rtnl_open(struct nl_sock **sk)
{
	int err;

	*sk = nl_socket_alloc();
	if (!*sk)
		return -NLE_NOMEM;
	err = nl_connect(*sk, NETLINK_ROUTE);
	if (err)
		nl_socket_free(*sk);
	return err;
}

/* 00:00:5e:00:01:VRID (IPv4) or 00:00:5e:00:02:VRID (IPv6), RFC 9568 7.3 */
static void vmac_of(unsigned int vrid, int family, uint8_t mac[6])
{
	static const uint8_t prefix[4] = { 0x00, 0x00, 0x5e, 0x00 };

	memcpy(mac, prefix, 4);
	mac[4] = family == AF_INET6 ? 0x02 : 0x01;
	mac[5] = vrid;
}

const char *vrrp_family_name(unsigned int family)
{
	return family == AF_INET6 ? "inet6" : family == AF_INET ? "inet" : "unknown";
}

static unsigned int addr_len(int family)
{
	return family == AF_INET6 ? 16 : 4;
}

static const char *addr_str(int family, const uint8_t *a, char *buf,
			    size_t len)
{
	return inet_ntop(family, a, buf, len) ? buf : "?";
}

static int write_sysctl(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");
	int ok;

	if (!f)
		return -errno;
	ok = fputs(val, f) >= 0;
	return fclose(f) == 0 && ok ? 0 : -EIO;
}

/**
 * link_up_or_delete() - bring the link @ifindex up (@up) or delete it
 * @ifindex: the link
 * @up: up, or delete
 *
 * For vrrp.c's macvlans and announce.c's devices. Return: 0 or a libnl
 * error (the caller says what it was doing).
 */
int link_up_or_delete(int ifindex, bool up)
{
	struct rtnl_link *req;
	struct nl_sock *sk;
	int err;

	err = rtnl_open(&sk);
	if (err)
		return err;
	req = rtnl_link_alloc();
	if (req) {
		rtnl_link_set_ifindex(req, ifindex);
		if (up) {
			rtnl_link_set_flags(req, IFF_UP);
			err = rtnl_link_change(sk, req, req, 0);
		} else {
			err = rtnl_link_delete(sk, req);
		}
		rtnl_link_put(req);
	} else {
		err = -NLE_NOMEM;
	}
	nl_socket_free(sk);
	return err;
}

/* Remove the macvlan @ifindex; best effort, says so when it fails. */
static void remove_vdev(int ifindex, const char *name)
{
	int err = link_up_or_delete(ifindex, false);

	if (err)
		errmsg("could not remove interface %s: %s", name, nl_geterror(err));
}

/* Set net.ipv{4,6}.conf.@dev.@key, saying so when it cannot. */
static int conf_sysctl(const char *dev, const char *key, const char *val)
{
	char path[128];
	int err;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/%s", dev, key);
	err = write_sysctl(path, val);
	if (err)
		errmsg("cannot set %s to %s: %s", path, val, strerror(-err));
	return err;
}

/*
 * Create the macvlan "name" on "dev" with the virtual MAC and the
 * addresses as host addresses (/32, /128) without prefix routes, down:
 * vdev_up() follows once the instance (and so its gate) exists, so that a
 * backup never announces the addresses. Every director has the same macvlan, so it must not generate or
 * defend addresses of its own: an IPv4 instance's macvlan has IPv6 off; an
 * IPv6 one has no automatic link-local address (addr_gen_mode none), no
 * SLAAC (accept_ra, autoconf 0) and its addresses skip duplicate address
 * detection. These settings belong to the macvlan and go with it.
 * Returns its ifindex or an EXIT_* code as a negative number.
 */
static int create_vdev(const struct vrrp_conf *c, int parent)
{
	struct rtnl_link *link = NULL;
	struct nl_addr *lladdr = NULL;
	struct nl_sock *sk;
	char addr[INET6_ADDRSTRLEN];
	uint8_t mac[6];
	int err, ifindex = 0;
	unsigned int i;

	err = rtnl_open(&sk);
	if (err) {
		errmsg("cannot open a route netlink socket: %s", nl_geterror(err));
		return -EXIT_FAIL;
	}
	link = rtnl_link_macvlan_alloc();
	vmac_of(c->vrid, c->family, mac);
	lladdr = nl_addr_build(AF_LLC, mac, 6);
	if (!link || !lladdr) {
		err = -NLE_NOMEM;
		goto fail;
	}
	rtnl_link_set_name(link, c->name);
	rtnl_link_set_link(link, parent);
	rtnl_link_set_addr(link, lladdr);
	rtnl_link_macvlan_set_mode(link, rtnl_link_macvlan_str2mode("bridge"));
	err = rtnl_link_add(sk, link, NLM_F_CREATE | NLM_F_EXCL);
	if (err) {
		errmsg("cannot create macvlan %s on %s: %s", c->name, c->dev,
		       nl_geterror(err));
		goto out;
	}
	ifindex = if_nametoindex(c->name);
	if (!ifindex) {
		errmsg("macvlan %s vanished after creation", c->name);
		goto out;
	}
	if (c->family == AF_INET6) {
		if (conf_sysctl(c->name, "addr_gen_mode", "1") ||
		    conf_sysctl(c->name, "accept_ra", "0") ||
		    conf_sysctl(c->name, "autoconf", "0") ||
		    conf_sysctl(c->name, "accept_dad", "0"))
			goto undo;
	} else if (conf_sysctl(c->name, "disable_ipv6", "1") == -ENOENT) {
		/* IPv6 not in this kernel: nothing to turn off. */
	}

	for (i = 0; i < c->naddr; i++) {
		unsigned int alen = addr_len(c->family);
		struct rtnl_addr *a = rtnl_addr_alloc();
		struct nl_addr *local = nl_addr_build(c->family, c->addrs[i], alen);

		if (!a || !local) {
			err = -NLE_NOMEM;
		} else {
			nl_addr_set_prefixlen(local, alen * 8);
			rtnl_addr_set_ifindex(a, ifindex);
			rtnl_addr_set_local(a, local);
			rtnl_addr_set_flags(a, IFA_F_NOPREFIXROUTE |
					    (c->family == AF_INET6 ? IFA_F_NODAD : 0));
			err = rtnl_addr_add(sk, a, NLM_F_CREATE | NLM_F_EXCL);
		}
		nl_addr_put(local);
		rtnl_addr_put(a);
		if (err) {
			errmsg("cannot add address %s to %s: %s",
			       addr_str(c->family, c->addrs[i], addr, sizeof(addr)),
			       c->name, nl_geterror(err));
			goto undo;
		}
	}
	goto out;
undo:
	remove_vdev(ifindex, c->name);
	ifindex = 0;
	goto out;
fail:
	errmsg("out of memory");
out:
	nl_addr_put(lladdr);
	rtnl_link_put(link);
	nl_socket_free(sk);
	return ifindex ? ifindex : -EXIT_FAIL;
}

static int vdev_up(int ifindex, const char *name)
{
	int err = link_up_or_delete(ifindex, true);

	if (err)
		errmsg("cannot bring %s up: %s", name, nl_geterror(err));
	return err ? EXIT_FAIL : EXIT_OK;
}

static struct nlattr *nest_start(struct nl_msg *msg, int type)
{
	return nla_nest_start(msg, type | NLA_F_NESTED);
}

/* What the instance tracks; interfaces resolved in vrrp_add(). */
static int put_tracks(struct nl_msg *msg, const struct vrrp_conf *c)
{
	struct nlattr *tracks, *t;
	unsigned int i;

	tracks = nest_start(msg, HAVS_VRRP_A_TRACKS);
	if (!tracks)
		return -1;
	for (i = 0; i < c->ntracks; i++) {
		t = nest_start(msg, HAVS_VRRP_A_TRACK);
		if (!t)
			return -1;
		if (c->tracks[i].is_dev)
			NLA_PUT_U32(msg, HAVS_TRACK_A_IFINDEX,
				    if_nametoindex(c->tracks[i].name));
		else
			NLA_PUT_STRING(msg, HAVS_TRACK_A_NAME, c->tracks[i].name);
		NLA_PUT_S32(msg, HAVS_TRACK_A_WEIGHT, c->tracks[i].weight);
		nla_nest_end(msg, t);
	}
	nla_nest_end(msg, tracks);
	return 0;
nla_put_failure:
	return -1;
}

/* Put the instance's identity (and, for `add`, its settings). */
static int put_instance(struct nl_msg *msg, const struct vrrp_conf *c,
			int ifindex, int vdev, bool settings)
{
	struct nlattr *nest, *vips;
	unsigned int i;

	nest = nest_start(msg, HAVS_A_VRRP);
	if (!nest)
		return -1;
	NLA_PUT_U32(msg, HAVS_VRRP_A_IFINDEX, ifindex);
	NLA_PUT_U8(msg, HAVS_VRRP_A_VRID, c->vrid);
	NLA_PUT_U16(msg, HAVS_VRRP_A_FAMILY, c->family);
	if (settings) {
		NLA_PUT_U32(msg, HAVS_VRRP_A_VDEV, vdev);
		NLA_PUT_U8(msg, HAVS_VRRP_A_VERSION, c->version);
		NLA_PUT_U8(msg, HAVS_VRRP_A_PRIORITY, c->priority);
		NLA_PUT_U16(msg, HAVS_VRRP_A_INTERVAL, c->interval_cs);
		NLA_PUT_U8(msg, HAVS_VRRP_A_PREEMPT, c->preempt);
		NLA_PUT_U32(msg, HAVS_VRRP_A_PREEMPT_DELAY, c->preempt_delay_cs);
		NLA_PUT_U8(msg, HAVS_VRRP_A_CSUM_NO_PSEUDO, c->csum_v2);
		NLA_PUT_U8(msg, HAVS_VRRP_A_ACCEPT, c->accept);
		vips = nest_start(msg, HAVS_VRRP_A_VIPS);
		if (!vips)
			return -1;
		for (i = 0; i < c->naddr; i++)
			if (havs_put_addr(msg, HAVS_VRRP_A_VIP4, HAVS_VRRP_A_VIP6,
					  c->family, c->addrs[i]))
				return -1;
		nla_nest_end(msg, vips);
		if (c->ntracks && put_tracks(msg, c))
			return -1;
		if (c->sync_group[0])
			NLA_PUT_STRING(msg, HAVS_VRRP_A_SYNC_GROUP, c->sync_group);
		if (c->npeers) {
			vips = nest_start(msg, HAVS_VRRP_A_PEERS);
			if (!vips)
				return -1;
			for (i = 0; i < c->npeers; i++)
				if (havs_put_addr(msg, HAVS_VRRP_A_PEER4,
						  HAVS_VRRP_A_PEER6, c->family,
						  c->peers[i]))
					return -1;
			nla_nest_end(msg, vips);
		}
	}
	nla_nest_end(msg, nest);
	return 0;
nla_put_failure:
	return -1;
}

static int request_instance(struct havs_nl *h, uint8_t cmd, int flags,
			    const struct vrrp_conf *c, int ifindex, int vdev,
			    bool settings, const char *what,
			    int (*parse)(struct nlattr **tb, void *arg), void *arg)
{
	struct nl_msg *msg = havs_nl_msg(h, cmd, flags);

	if (!msg || (c && put_instance(msg, c, ifindex, vdev, settings))) {
		nlmsg_free(msg);
		errmsg("out of memory");
		return EXIT_FAIL;
	}
	return havs_nl_request(h, msg, what, parse, arg);
}

static int usage_err(const char *sub, const char *err)
{
	errmsg("vrrp %s: %s; see 'havsadm vrrp --help'", sub, err);
	return EXIT_USAGE;
}

static int resolve_dev(const struct vrrp_conf *c, const char *sub)
{
	int ifindex = if_nametoindex(c->dev);

	if (!ifindex)
		errmsg("vrrp %s: no interface \"%s\"", sub, c->dev);
	return ifindex;
}

/*
 * The answer to an add or a delete was lost (ENOBUFS: the kernel had no
 * memory for it), after the kernel carried it out or not: look, so that
 * the macvlan is kept or removed to match.
 */
static int answer_lost(struct havs_nl *h, struct vrrp_conf *c, int ifindex,
		       bool want, const char *what)
{
	int rc;

	h->quiet = true;
	rc = request_instance(h, HAVS_CMD_VRRP_GET, 0, c, ifindex, 0, false,
			      what, NULL, NULL);
	h->quiet = false;
	if (rc == EXIT_OK && want)
		return EXIT_OK;
	if (rc != EXIT_OK && h->last_errno == ENOENT && !want)
		return EXIT_OK;
	if (rc == EXIT_OK || h->last_errno == ENOENT)
		errmsg("%s: the answer was lost (out of memory) and the change was not made",
		       what);
	else
		errmsg("%s: the answer was lost (out of memory), and whether the change was made is not known: %s",
		       what, h->last_errno ? strerror(h->last_errno) : "no answer");
	return EXIT_FAIL;
}

static int vrrp_add(const struct opts *o, int argc, char **argv)
{
	struct vrrp_conf c;
	struct havs_nl h;
	char err[160];
	int parent, vdev, rc;

	(void)o;
	vrrp_conf_defaults(&c);
	if (vrrp_conf_parse(&c, argc, argv, ~0u, err, sizeof(err)))
		return usage_err("add", err);
	if ((c.set & (VF_DEV | VF_VRID | VF_ADDR)) != (VF_DEV | VF_VRID | VF_ADDR))
		return usage_err("add", "dev, vrid and at least one address are required");
	if (!(c.set & VF_NAME) &&
	    snprintf(c.name, sizeof(c.name), "vr%u%s.%s", c.vrid,
		     c.family == AF_INET6 ? "v6" : "", c.dev) >= (int)sizeof(c.name))
		return usage_err("add", "the default macvlan name is too long for this interface: give one with 'name'");
	parent = resolve_dev(&c, "add");
	if (!parent)
		return EXIT_FAIL;
	for (unsigned int i = 0; i < c.ntracks; i++) {
		if (c.tracks[i].is_dev && !if_nametoindex(c.tracks[i].name)) {
			errmsg("vrrp add: no interface \"%s\" to track", c.tracks[i].name);
			return EXIT_FAIL;
		}
	}

	/* Module first: no interface is created if havs is not there. */
	rc = havs_nl_open(&h);
	if (rc)
		return rc;
	/* Nor when the instance exists: its macvlan must stay as it is. */
	h.quiet = true;
	rc = request_instance(&h, HAVS_CMD_VRRP_GET, 0, &c, parent, 0, false,
			      "vrrp add", NULL, NULL);
	if (rc == EXIT_OK || h.last_errno != ENOENT) {
		if (rc == EXIT_OK)
			errmsg("vrrp add: VRID %u already runs on %s (see 'havsadm vrrp show')",
			       c.vrid, c.dev);
		else if (h.last_errno)	/* else the request said why already */
			errmsg("vrrp add: %s", strerror(h.last_errno));
		havs_nl_close(&h);
		return rc == EXIT_OK ? EXIT_FAIL : rc;
	}
	vdev = create_vdev(&c, parent);
	if (vdev < 0) {
		havs_nl_close(&h);
		return -vdev;
	}
	h.lost_ok = true;
	rc = request_instance(&h, HAVS_CMD_VRRP_NEW, 0, &c, parent, vdev, true,
			      "vrrp add", NULL, NULL);
	if (rc && h.reply_lost)
		rc = answer_lost(&h, &c, parent, true, "vrrp add");
	if (!rc) {
		rc = vdev_up(vdev, c.name);
		if (rc)
			request_instance(&h, HAVS_CMD_VRRP_DEL, 0, &c, parent, 0,
					 false, "vrrp add", NULL, NULL);
	}
	havs_nl_close(&h);
	if (rc)
		remove_vdev(vdev, c.name);
	return rc;
}

struct instance {
	int ifindex, vdev;
	unsigned int vrid, family, version, priority, eff_priority, interval;
	unsigned int master_interval, preempt, preempt_delay, csum_v2, accept;
	unsigned int state, prev_state, naddr, npeers, ntracks, conn_sync;
	uint8_t addrs[VRRP_MAX_VIPS][16];
	uint8_t peers[VRRP_MAX_PEERS][16];
	struct {
		char name[TRACK_NAME_MAX + 1];
		bool is_dev, up;
		int weight;
	} tracks[VRRP_MAX_TRACKS];
	char sync_group[TRACK_NAME_MAX + 1];
	uint8_t master[16];
	bool have_master;
	char reason[80];
	uint64_t stats[__HAVS_VRRP_S_MAX];
};

struct show {
	const struct opts *o;
	const struct vrrp_conf *filter;
	int filter_ifindex;
	unsigned int count;
	struct instance *one;	/* del: collect instead of print */
};

static unsigned int get_u8(struct nlattr **vt, int t)
{
	return vt[t] ? nla_get_u8(vt[t]) : 0;
}

static void parse_track(struct nlattr *nest, struct instance *in)
{
	struct nlattr *t[HAVS_TRACK_A_MAX + 1];
	unsigned int n = in->ntracks;
	char ifname[IF_NAMESIZE];

	if (nla_parse_nested(t, HAVS_TRACK_A_MAX, nest, NULL))
		return;
	if (t[HAVS_TRACK_A_NAME]) {
		snprintf(in->tracks[n].name, sizeof(in->tracks[n].name), "%.*s",
			 nla_len(t[HAVS_TRACK_A_NAME]),
			 (char *)nla_data(t[HAVS_TRACK_A_NAME]));
	} else if (t[HAVS_TRACK_A_IFINDEX]) {
		uint32_t ifindex = nla_get_u32(t[HAVS_TRACK_A_IFINDEX]);

		in->tracks[n].is_dev = true;
		if (if_indextoname(ifindex, ifname))
			snprintf(in->tracks[n].name, sizeof(in->tracks[n].name),
				 "%s", ifname);
		else
			snprintf(in->tracks[n].name, sizeof(in->tracks[n].name),
				 "%u", ifindex);
	} else {
		return;
	}
	in->tracks[n].weight = t[HAVS_TRACK_A_WEIGHT] ?
			       (int32_t)nla_get_u32(t[HAVS_TRACK_A_WEIGHT]) : 0;
	in->tracks[n].up = t[HAVS_TRACK_A_UP] && nla_get_u8(t[HAVS_TRACK_A_UP]);
	in->ntracks++;
}

static int parse_instance(struct nlattr *nest, struct instance *in)
{
	struct nlattr *vt[HAVS_VRRP_A_MAX + 1], *a;
	int vip, peer;
	unsigned int alen;
	int rem;

	memset(in, 0, sizeof(*in));
	if (nla_parse_nested(vt, HAVS_VRRP_A_MAX, nest, NULL) ||
	    !vt[HAVS_VRRP_A_IFINDEX] || !vt[HAVS_VRRP_A_VRID])
		return -1;
	in->ifindex = nla_get_u32(vt[HAVS_VRRP_A_IFINDEX]);
	in->vdev = vt[HAVS_VRRP_A_VDEV] ? nla_get_u32(vt[HAVS_VRRP_A_VDEV]) : 0;
	in->vrid = get_u8(vt, HAVS_VRRP_A_VRID);
	in->family = vt[HAVS_VRRP_A_FAMILY] ? nla_get_u16(vt[HAVS_VRRP_A_FAMILY]) : 0;
	in->version = get_u8(vt, HAVS_VRRP_A_VERSION);
	in->priority = get_u8(vt, HAVS_VRRP_A_PRIORITY);
	in->eff_priority = get_u8(vt, HAVS_VRRP_A_EFF_PRIORITY);
	in->interval = vt[HAVS_VRRP_A_INTERVAL] ? nla_get_u16(vt[HAVS_VRRP_A_INTERVAL]) : 0;
	in->master_interval = vt[HAVS_VRRP_A_MASTER_INTERVAL] ?
			      nla_get_u16(vt[HAVS_VRRP_A_MASTER_INTERVAL]) : 0;
	in->preempt = get_u8(vt, HAVS_VRRP_A_PREEMPT);
	in->preempt_delay = vt[HAVS_VRRP_A_PREEMPT_DELAY] ?
			    nla_get_u32(vt[HAVS_VRRP_A_PREEMPT_DELAY]) : 0;
	in->csum_v2 = get_u8(vt, HAVS_VRRP_A_CSUM_NO_PSEUDO);
	in->accept = get_u8(vt, HAVS_VRRP_A_ACCEPT);
	in->conn_sync = get_u8(vt, HAVS_VRRP_A_CONN_SYNC);
	in->state = get_u8(vt, HAVS_VRRP_A_STATE);
	in->prev_state = get_u8(vt, HAVS_VRRP_A_PREV_STATE);
	if (vt[HAVS_VRRP_A_REASON])
		snprintf(in->reason, sizeof(in->reason), "%s",
			 vrrp_reason_text(nla_get_u8(vt[HAVS_VRRP_A_REASON])));
	alen = addr_len(in->family);
	if (!havs_get_addr(vt, HAVS_VRRP_A_MASTER_ADDR4, HAVS_VRRP_A_MASTER_ADDR6,
			   in->family, in->master))
		in->have_master = true;
	vip = in->family == AF_INET6 ? HAVS_VRRP_A_VIP6 : HAVS_VRRP_A_VIP4;
	if (vt[HAVS_VRRP_A_VIPS])
		nla_for_each_nested(a, vt[HAVS_VRRP_A_VIPS], rem)
			if (nla_type(a) == vip && nla_len(a) == (int)alen &&
			    in->naddr < VRRP_MAX_VIPS)
				memcpy(in->addrs[in->naddr++], nla_data(a), alen);
	peer = in->family == AF_INET6 ? HAVS_VRRP_A_PEER6 : HAVS_VRRP_A_PEER4;
	if (vt[HAVS_VRRP_A_PEERS])
		nla_for_each_nested(a, vt[HAVS_VRRP_A_PEERS], rem)
			if (nla_type(a) == peer && nla_len(a) == (int)alen &&
			    in->npeers < VRRP_MAX_PEERS)
				memcpy(in->peers[in->npeers++], nla_data(a), alen);
	if (vt[HAVS_VRRP_A_SYNC_GROUP])
		snprintf(in->sync_group, sizeof(in->sync_group), "%.*s",
			 nla_len(vt[HAVS_VRRP_A_SYNC_GROUP]),
			 (char *)nla_data(vt[HAVS_VRRP_A_SYNC_GROUP]));
	if (vt[HAVS_VRRP_A_TRACKS])
		nla_for_each_nested(a, vt[HAVS_VRRP_A_TRACKS], rem)
			if (in->ntracks < VRRP_MAX_TRACKS)
				parse_track(a, in);
	if (vt[HAVS_VRRP_A_STATS])
		nla_for_each_nested(a, vt[HAVS_VRRP_A_STATS], rem)
			if (nla_type(a) > 0 && nla_type(a) < __HAVS_VRRP_S_MAX &&
			    nla_len(a) == 8)
				in->stats[nla_type(a)] = nla_get_u64(a);
	/* the kernel's clock is CLOCK_BOOTTIME; havsadm shows wall time */
	in->stats[HAVS_VRRP_S_LAST_TRANSITION] =
		boottime_to_realtime_ns(in->stats[HAVS_VRRP_S_LAST_TRANSITION]);
	return 0;
}

/* --- metrics (havsadm stats --prometheus) --------------------------------- */

static int on_instance_prom(struct nlattr **tb, void *arg)
{
	char dev[IF_NAMESIZE], vrid[8], lab[160], l2[200];
	struct instance in;
	int rc = 0;
	unsigned int i;

	(void)arg;
	if (!tb[HAVS_A_VRRP] || parse_instance(tb[HAVS_A_VRRP], &in)) {
		errmsg("stats: malformed instance from the kernel");
		return EXIT_FAIL;
	}
	if (!if_indextoname(in.ifindex, dev))
		snprintf(dev, sizeof(dev), "%d", in.ifindex);
	snprintf(vrid, sizeof(vrid), "%u", in.vrid);
	lab[0] = '\0';
	prom_label(lab, sizeof(lab), "dev", dev);
	prom_label(lab, sizeof(lab), "vrid", vrid);
	prom_label(lab, sizeof(lab), "family", vrrp_family_name(in.family));
	for (i = 0; i < 4; i++) {
		snprintf(l2, sizeof(l2), "%s", lab);
		prom_label(l2, sizeof(l2), "state", vrrp_state_name(i));
		rc |= prom_add(PROM_VRRP_STATE, l2, in.state == i);
	}
	rc |= prom_add(PROM_VRRP_PRIORITY, lab, in.eff_priority);
	rc |= prom_add(PROM_VRRP_TRANSITIONS, lab, in.stats[HAVS_VRRP_S_TRANSITIONS]);
	rc |= prom_add(PROM_VRRP_LAST_TRANSITION, lab,
		       in.stats[HAVS_VRRP_S_LAST_TRANSITION] / 1e9);
	rc |= prom_add(PROM_VRRP_ADV_TX, lab, in.stats[HAVS_VRRP_S_ADV_TX]);
	rc |= prom_add(PROM_VRRP_ADV_RX, lab, in.stats[HAVS_VRRP_S_ADV_RX]);
	rc |= prom_add(PROM_VRRP_TX_ERRORS, lab, in.stats[HAVS_VRRP_S_TX_ERRORS]);
	for (i = HAVS_VRRP_S_DROP_TTL; i <= HAVS_VRRP_S_DROP_PEER; i++) {
		snprintf(l2, sizeof(l2), "%s", lab);
		prom_label(l2, sizeof(l2), "reason", stat_names[i]);
		rc |= prom_add(PROM_VRRP_DROPPED, l2, in.stats[i]);
	}
	rc |= prom_add(PROM_VRRP_GATED, lab, in.stats[HAVS_VRRP_S_GATED]);
	rc |= prom_add(PROM_VRRP_GARP, lab, in.stats[HAVS_VRRP_S_GARP]);
	if (rc) {
		errmsg("out of memory");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int vrrp_prometheus(void)
{
	return nl_run(havs_nl_open, HAVS_CMD_VRRP_GET, NLM_F_DUMP, "stats",
		      NULL, NULL, on_instance_prom, NULL);
}

/* --- the running instances as configuration (havsadm show config, apply) --- */

static int on_instance_conf(struct nlattr **tb, void *arg)
{
	struct conf *cf = arg;
	struct conf_vrrp *v;
	struct vrrp_conf *c;
	struct instance in;
	unsigned int i;

	if (!tb[HAVS_A_VRRP] || parse_instance(tb[HAVS_A_VRRP], &in)) {
		errmsg("vrrp: malformed instance from the kernel");
		return EXIT_FAIL;
	}
	v = conf_vrrp_add(cf);
	if (!v) {
		errmsg("out of memory");
		return EXIT_FAIL;
	}
	c = &v->c;
	vrrp_conf_defaults(c);
	c->set = ~0u;
	if (!if_indextoname(in.ifindex, c->dev))
		snprintf(c->dev, sizeof(c->dev), "%d", in.ifindex);
	if (!in.vdev || !if_indextoname(in.vdev, c->name))
		c->name[0] = '\0';
	c->vrid = in.vrid;
	c->family = in.family;
	c->version = in.version;
	c->priority = in.priority;
	c->interval_cs = in.interval;
	c->preempt = in.preempt;
	c->preempt_delay_cs = in.preempt_delay;
	c->conn_sync = in.conn_sync;
	/* a derived delay is the sync statement's doing, not a setting */
	if (in.conn_sync == HAVS_VRRP_SYNC_DERIVED)
		c->preempt_delay_cs = 0;
	c->csum_v2 = in.csum_v2;
	c->accept = in.accept;
	c->naddr = in.naddr;
	memcpy(c->addrs, in.addrs, sizeof(c->addrs));
	c->npeers = in.npeers;
	c->peer_family = in.family;
	memcpy(c->peers, in.peers, sizeof(c->peers));
	c->ntracks = in.ntracks;
	for (i = 0; i < in.ntracks; i++) {
		c->tracks[i].is_dev = in.tracks[i].is_dev;
		c->tracks[i].weight = in.tracks[i].weight;
		c->tracks[i].has_weight = true;
		snprintf(c->tracks[i].name, sizeof(c->tracks[i].name), "%s",
			 in.tracks[i].name);
	}
	snprintf(c->sync_group, sizeof(c->sync_group), "%s", in.sync_group);
	return EXIT_OK;
}

/* Every instance of the namespace into @cf, as 'vrrp add' would make it. */
int vrrp_conf_load(struct conf *cf)
{
	return nl_run(havs_nl_open, HAVS_CMD_VRRP_GET, NLM_F_DUMP, "vrrp show",
		      NULL, NULL, on_instance_conf, cf);
}

static void fmt_interval(char *buf, size_t len, unsigned int cs)
{
	if (cs % 100 == 0)
		snprintf(buf, len, "%us", cs / 100);
	else if (cs < 100)
		snprintf(buf, len, "%ums", cs * 10);
	else
		snprintf(buf, len, "%u.%02us", cs / 100, cs % 100);
}

static void print_text(const struct instance *in)
{
	char dev[IF_NAMESIZE] = "?", vdev[IF_NAMESIZE] = "?", iv[16], mi[16], pd[16];
	char addr[INET6_ADDRSTRLEN];
	uint8_t vmac[6];
	unsigned int i;
	struct timespec now;
	uint64_t last = in->stats[HAVS_VRRP_S_LAST_TRANSITION];

	if_indextoname(in->ifindex, dev);
	if (in->vdev)
		if_indextoname(in->vdev, vdev);
	fmt_interval(iv, sizeof(iv), in->interval);
	fmt_interval(mi, sizeof(mi), in->master_interval);
	fmt_interval(pd, sizeof(pd), in->preempt_delay);
	printf("%s/%u v%u %s %s prio %u", dev, in->vrid, in->version,
	       vrrp_family_name(in->family), vrrp_state_name(in->state), in->eff_priority);
	if (in->eff_priority != in->priority)
		printf(" (configured %u)", in->priority);
	printf(" interval %s", iv);
	if (in->have_master)
		printf(" master %s%s",
		       addr_str(in->family, in->master, addr, sizeof(addr)),
		       in->state == HAVS_VRRP_MASTER ? " (self)" : "");
	vmac_of(in->vrid, in->family, vmac);
	printf("\n    vmac %02x:%02x:%02x:%02x:%02x:%02x dev %s addresses",
	       vmac[0], vmac[1], vmac[2], vmac[3], vmac[4], vmac[5], vdev);
	for (i = 0; i < in->naddr; i++)
		printf(" %s", addr_str(in->family, in->addrs[i], addr, sizeof(addr)));
	if (in->sync_group[0])
		printf("\n    sync-group %s", in->sync_group);
	for (i = 0; i < in->ntracks; i++)
		printf("%s %s %s weight %d %s", i ? "," : "\n    track",
		       in->tracks[i].is_dev ? "dev" : "object", in->tracks[i].name,
		       in->tracks[i].weight, in->tracks[i].up ? "up" : "down");
	if (in->npeers) {
		printf("\n    unicast peers");
		for (i = 0; i < in->npeers; i++)
			printf(" %s", addr_str(in->family, in->peers[i], addr,
					       sizeof(addr)));
	}
	printf("\n    preempt %s delay %s%s accept %s checksum %s master-interval %s\n",
	       in->preempt ? "on" : "off", pd,
	       in->conn_sync == HAVS_VRRP_SYNC_DERIVED ?
	       " (derived from connection sync)" : "",
	       in->accept ? "on" : "off", in->csum_v2 ? "v2" : "rfc", mi);
	if (in->conn_sync)
		printf("    connection sync follows it (see 'havsadm sync show')\n");
	printf("    last %s -> %s (%s)", vrrp_state_name(in->prev_state),
	       vrrp_state_name(in->state), in->reason);
	clock_gettime(CLOCK_REALTIME, &now);
	if (last) {
		uint64_t n = (uint64_t)now.tv_sec * 1000000000ULL + now.tv_nsec;

		printf(" %.1fs ago", n > last ? (n - last) / 1e9 : 0.0);
	}
	printf(", %" PRIu64 " transitions\n", in->stats[HAVS_VRRP_S_TRANSITIONS]);
	printf("    adverts sent %" PRIu64 " received %" PRIu64 " tx-errors %" PRIu64
	       " %s %" PRIu64 " gated %" PRIu64 "\n",
	       in->stats[HAVS_VRRP_S_ADV_TX], in->stats[HAVS_VRRP_S_ADV_RX],
	       in->stats[HAVS_VRRP_S_TX_ERRORS],
	       in->family == AF_INET6 ? "unsolicited-na" : "garp",
	       in->stats[HAVS_VRRP_S_GARP], in->stats[HAVS_VRRP_S_GATED]);
	printf("    dropped");
	for (i = HAVS_VRRP_S_DROP_TTL; i <= HAVS_VRRP_S_DROP_PEER; i++)
		printf(" %s %" PRIu64, stat_names[i], in->stats[i]);
	printf("\n");
}

static void print_json(const struct instance *in, bool first)
{
	char dev[IF_NAMESIZE] = "", vdev[IF_NAMESIZE] = "";
	char addr[INET6_ADDRSTRLEN];
	uint8_t vmac[6];
	unsigned int i;

	if_indextoname(in->ifindex, dev);
	if (in->vdev)
		if_indextoname(in->vdev, vdev);
	vmac_of(in->vrid, in->family, vmac);
	printf("%s{\"dev\":", first ? "" : ",");
	json_str(stdout, dev);
	printf(",\"vrid\":%u,\"family\":\"%s\",\"version\":%u,\"state\":\"%s\","
	       "\"priority\":%u,\"effective_priority\":%u,\"interval_ms\":%u,"
	       "\"master_interval_ms\":%u,\"preempt\":%s,\"preempt_delay_ms\":%u,"
	       "\"conn_sync\":\"%s\","
	       "\"accept\":%s,\"checksum\":\"%s\","
	       "\"vmac\":\"%02x:%02x:%02x:%02x:%02x:%02x\",\"vdev\":",
	       in->vrid, vrrp_family_name(in->family), in->version,
	       vrrp_state_name(in->state), in->priority,
	       in->eff_priority, in->interval * 10, in->master_interval * 10,
	       in->preempt ? "true" : "false", in->preempt_delay * 10,
	       in->conn_sync == HAVS_VRRP_SYNC_DERIVED ? "derived" :
	       in->conn_sync ? "on" : "none",
	       in->accept ? "true" : "false", in->csum_v2 ? "v2" : "rfc",
	       vmac[0], vmac[1], vmac[2], vmac[3], vmac[4], vmac[5]);
	json_str(stdout, vdev);
	printf(",\"addresses\":[");
	for (i = 0; i < in->naddr; i++)
		printf("%s\"%s\"", i ? "," : "",
		       addr_str(in->family, in->addrs[i], addr, sizeof(addr)));
	printf("],\"peers\":[");
	for (i = 0; i < in->npeers; i++)
		printf("%s\"%s\"", i ? "," : "",
		       addr_str(in->family, in->peers[i], addr, sizeof(addr)));
	printf("],\"sync_group\":");
	if (in->sync_group[0])
		json_str(stdout, in->sync_group);
	else
		printf("null");
	printf(",\"tracks\":[");
	for (i = 0; i < in->ntracks; i++) {
		printf("%s{\"%s\":", i ? "," : "",
		       in->tracks[i].is_dev ? "interface" : "object");
		json_str(stdout, in->tracks[i].name);
		printf(",\"weight\":%d,\"up\":%s}", in->tracks[i].weight,
		       in->tracks[i].up ? "true" : "false");
	}
	printf("],\"master\":");
	if (in->have_master)
		printf("\"%s\"", addr_str(in->family, in->master, addr, sizeof(addr)));
	else
		printf("null");
	printf(",\"previous_state\":\"%s\",\"reason\":", vrrp_state_name(in->prev_state));
	json_str(stdout, in->reason);
	printf(",\"stats\":{");
	for (i = HAVS_VRRP_S_ADV_TX; i < HAVS_VRRP_S_PAD; i++)
		printf("%s\"%s\":%" PRIu64, i > HAVS_VRRP_S_ADV_TX ? "," : "",
		       stat_names[i], in->stats[i]);
	printf("}}");
}

static int on_instance(struct nlattr **tb, void *arg)
{
	struct show *s = arg;
	struct instance in;

	if (!tb[HAVS_A_VRRP] || parse_instance(tb[HAVS_A_VRRP], &in)) {
		errmsg("vrrp show: malformed instance from the kernel");
		return EXIT_FAIL;
	}
	if (s->filter_ifindex && in.ifindex != s->filter_ifindex)
		return EXIT_OK;
	if (s->filter && (s->filter->set & VF_VRID) && in.vrid != s->filter->vrid)
		return EXIT_OK;
	if (s->filter && (s->filter->set & VF_FAMILY) &&
	    (int)in.family != s->filter->family)
		return EXIT_OK;
	if (s->one) {
		*s->one = in;
	} else if (s->o->json) {
		print_json(&in, !s->count);
	} else {
		print_text(&in);
	}
	s->count++;
	return EXIT_OK;
}

static int vrrp_show(const struct opts *o, int argc, char **argv)
{
	struct show s = { .o = o };
	struct vrrp_conf c;
	struct havs_nl h;
	char err[160];
	int rc;

	vrrp_conf_defaults(&c);
	if (vrrp_conf_parse(&c, argc, argv, VF_DEV | VF_VRID | VF_FAMILY, err,
			    sizeof(err)))
		return usage_err("show", err);
	if (c.set & VF_DEV) {
		s.filter_ifindex = resolve_dev(&c, "show");
		if (!s.filter_ifindex)
			return EXIT_FAIL;
	}
	s.filter = &c;
	rc = havs_nl_open(&h);
	if (rc)
		return rc;
	if (o->json)
		printf("[");
	rc = request_instance(&h, HAVS_CMD_VRRP_GET, NLM_F_DUMP, NULL, 0, 0,
			      false, "vrrp show", on_instance, &s);
	havs_nl_close(&h);
	if (o->json)
		printf("]\n");
	return rc;
}

/*
 * Find the one instance @c names (dev, VRID, and family if given) into
 * @s->one with one GET per family (not a dump: thousands of instances
 * must not make each del quadratic); says what is wrong when there is
 * none, or one per family.
 */
static int find_one(struct havs_nl *h, struct show *s, struct vrrp_conf *c,
		    const char *what)
{
	static const int families[] = { AF_INET, AF_INET6 };
	struct instance found = { 0 };
	unsigned int i;
	int rc;

	for (i = 0; i < 2; i++) {
		if ((c->set & VF_FAMILY) && c->family != families[i])
			continue;
		c->family = families[i];
		h->quiet = true;
		rc = request_instance(h, HAVS_CMD_VRRP_GET, 0, c,
				      s->filter_ifindex, 0, false, what,
				      on_instance, s);
		h->quiet = false;
		if (rc == EXIT_OK) {
			found = *s->one;
		} else if (h->last_errno == EPERM || h->last_errno == EACCES) {
			return havs_nl_perm_error(what);
		} else if (h->last_errno != ENOENT) {
			errmsg("%s: %s", what, strerror(h->last_errno));
			return rc;
		}
	}
	*s->one = found;
	c->family = found.family;
	if (!s->count) {
		errmsg("%s: no instance with VRID %u on %s", what, c->vrid, c->dev);
		return EXIT_FAIL;
	}
	if (s->count > 1) {
		errmsg("%s: VRID %u runs on %s for IPv4 and IPv6: add 'family inet' or 'family inet6'",
		       what, c->vrid, c->dev);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int vrrp_del(const struct opts *o, int argc, char **argv)
{
	struct instance in = { 0 };
	struct show s = { .o = o, .one = &in };
	char err[160], vname[IF_NAMESIZE] = "";
	struct vrrp_conf c;
	struct havs_nl h;
	int rc;

	vrrp_conf_defaults(&c);
	if (vrrp_conf_parse(&c, argc, argv, VF_DEV | VF_VRID | VF_FAMILY, err,
			    sizeof(err)))
		return usage_err("del", err);
	if ((c.set & (VF_DEV | VF_VRID)) != (VF_DEV | VF_VRID))
		return usage_err("del", "dev and vrid are required");
	s.filter = &c;
	s.filter_ifindex = resolve_dev(&c, "del");
	if (!s.filter_ifindex)
		return EXIT_FAIL;
	rc = havs_nl_open(&h);
	if (rc)
		return rc;
	rc = find_one(&h, &s, &c, "vrrp del");
	if (!rc) {
		h.lost_ok = true;
		rc = request_instance(&h, HAVS_CMD_VRRP_DEL, 0, &c,
				      s.filter_ifindex, 0, false, "vrrp del",
				      NULL, NULL);
		if (rc && h.reply_lost)
			rc = answer_lost(&h, &c, s.filter_ifindex, false,
					 "vrrp del");
	}
	havs_nl_close(&h);
	if (!rc && in.vdev && if_indextoname(in.vdev, vname))
		remove_vdev(in.vdev, vname);
	return rc;
}

/* Only the settings given: the kernel changes them in place. */
static int put_settings(struct nl_msg *msg, const struct vrrp_conf *c,
			int ifindex)
{
	struct nlattr *nest = nest_start(msg, HAVS_A_VRRP);

	if (!nest)
		return -1;
	NLA_PUT_U32(msg, HAVS_VRRP_A_IFINDEX, ifindex);
	NLA_PUT_U8(msg, HAVS_VRRP_A_VRID, c->vrid);
	NLA_PUT_U16(msg, HAVS_VRRP_A_FAMILY, c->family);
	if (c->set & VF_PRIO)
		NLA_PUT_U8(msg, HAVS_VRRP_A_PRIORITY, c->priority);
	if (c->set & VF_INTERVAL)
		NLA_PUT_U16(msg, HAVS_VRRP_A_INTERVAL, c->interval_cs);
	if (c->set & VF_PREEMPT)
		NLA_PUT_U8(msg, HAVS_VRRP_A_PREEMPT, c->preempt);
	if (c->set & VF_PDELAY)
		NLA_PUT_U32(msg, HAVS_VRRP_A_PREEMPT_DELAY, c->preempt_delay_cs);
	if (c->set & VF_ACCEPT)
		NLA_PUT_U8(msg, HAVS_VRRP_A_ACCEPT, c->accept);
	if (c->set & VF_CSUM)
		NLA_PUT_U8(msg, HAVS_VRRP_A_CSUM_NO_PSEUDO, c->csum_v2);
	if (c->set & VF_CONN_SYNC)
		NLA_PUT_U8(msg, HAVS_VRRP_A_CONN_SYNC, c->conn_sync);
	nla_nest_end(msg, nest);
	return 0;
nla_put_failure:
	return -1;
}

#define VF_SETTABLE (VF_PRIO | VF_INTERVAL | VF_PREEMPT | VF_PDELAY | \
		     VF_ACCEPT | VF_CSUM)

/* VRRP_SET of the settings @c->set names for the instance on @ifindex */
static int vrrp_set_send(struct havs_nl *h, const struct vrrp_conf *c,
			 int ifindex)
{
	struct nl_msg *msg = havs_nl_msg(h, HAVS_CMD_VRRP_SET, 0);

	if (!msg || put_settings(msg, c, ifindex)) {
		nlmsg_free(msg);
		errmsg("out of memory");
		return EXIT_FAIL;
	}
	return havs_nl_request(h, msg, "vrrp set", NULL, NULL);
}

static int vrrp_set(const struct opts *o, int argc, char **argv)
{
	struct instance in = { 0 };
	struct show s = { .o = o, .one = &in };
	struct vrrp_conf c;
	struct havs_nl h;
	char err[160];
	int rc;

	vrrp_conf_defaults(&c);
	if (vrrp_conf_parse(&c, argc, argv, VF_DEV | VF_VRID | VF_FAMILY |
			    VF_SETTABLE, err, sizeof(err)))
		return usage_err("set", err);
	if ((c.set & (VF_DEV | VF_VRID)) != (VF_DEV | VF_VRID))
		return usage_err("set", "dev and vrid are required");
	if (!(c.set & VF_SETTABLE))
		return usage_err("set", "nothing to change");
	s.filter = &c;
	s.filter_ifindex = resolve_dev(&c, "set");
	if (!s.filter_ifindex)
		return EXIT_FAIL;
	rc = havs_nl_open(&h);
	if (rc)
		return rc;
	rc = find_one(&h, &s, &c, "vrrp set");
	if (!rc && in.version == 2 && (c.set & VF_INTERVAL) && c.interval_cs % 100)
		rc = usage_err("set", "version 2 intervals are whole seconds");
	/* the operator's delay replaces the one sync derived */
	if (!rc && (c.set & VF_PDELAY) && in.conn_sync == HAVS_VRRP_SYNC_DERIVED) {
		c.conn_sync = HAVS_VRRP_SYNC_ON;
		c.set |= VF_CONN_SYNC;
	}
	if (!rc)
		rc = vrrp_set_send(&h, &c, s.filter_ifindex);
	havs_nl_close(&h);
	return rc;
}

/**
 * vrrp_settings_set() - change the settings @c->set names of one instance
 * @c: dev, vrid and family name it (as 'vrrp show' reports them)
 *
 * For sync.c: connection sync and the preempt delay it derives.
 * Return: EXIT_*.
 */
int vrrp_settings_set(const struct vrrp_conf *c)
{
	int ifindex = resolve_dev(c, "set");
	struct havs_nl h;
	int rc;

	if (!ifindex)
		return EXIT_FAIL;
	rc = havs_nl_open(&h);
	if (rc)
		return rc;
	rc = vrrp_set_send(&h, c, ifindex);
	havs_nl_close(&h);
	return rc;
}

static const struct cmd vrrp_cmds[] = {
	{ .name = "add", .run = vrrp_add, .usage =
	  "dev IFNAME vrid ID address ADDR [address ADDR]... [priority 1-255]\n"
	  "        [interval DURATION] [version 3|2] [preempt on|off]\n"
	  "        [preempt-delay DURATION] [accept on|off] [checksum rfc|v2]\n"
	  "        [peer ADDR]... [track-dev IFNAME [weight W]]...\n"
	  "        [track-object NAME [weight W]]... [sync-group NAME]\n"
	  "        [name IFNAME]",
	  .summary = "create a VRRP instance and its macvlan" },
	{ .name = "set", .run = vrrp_set, .usage =
	  "dev IFNAME vrid ID [family inet|inet6] [priority 1-255]\n"
	  "        [interval DURATION] [preempt on|off] [preempt-delay DURATION]\n"
	  "        [accept on|off] [checksum rfc|v2]",
	  .summary = "change an instance's settings in place (no transition of its own)" },
	{ .name = "del", .run = vrrp_del,
	  .usage = "dev IFNAME vrid ID [family inet|inet6]",
	  .summary = "delete an instance (a master hands over with priority 0)" },
	{ .name = "show", .run = vrrp_show,
	  .usage = "[dev IFNAME] [vrid ID] [family inet|inet6]",
	  .summary = "show instances, their state and counters",
	  .json = true },
	{ .name = NULL },
};

int cmd_vrrp(const struct opts *o, int argc, char **argv)
{
	return cmd_dispatch("vrrp", vrrp_cmds,
			    "ADDR: all IPv4, or all IPv6 with a link-local one first.\n"
			    "DURATION: 1s, 100ms, 1.5s (steps of 10ms).\n"
			    "W (weight): -254..254; 0 (default): fault while down.\n",
			    vrrp_show, o, argc, argv);
}
