// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "havs": the only control path into the module.
 *
 * Every operation needs CAP_NET_ADMIN in the user namespace that owns the
 * caller's network namespace (GENL_UNS_ADMIN_PERM) and acts on that
 * namespace only (netnsok). Every operation has its own policy and is
 * validated strictly; every rejection carries an extack message.
 */

#include <linux/kernel.h>
#include <linux/rtnetlink.h>
#include <linux/utsname.h>
#include <generated/utsrelease.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "uapi/linux/havs.h"
#include "havs.h"

/*
 * HAVS_CMD_GET_VERSION, CHECK_GET and SERVER_GET take no attributes. A
 * policy with every entry left NLA_UNSPEC makes strict validation refuse
 * any attribute with an extack message, on every supported kernel.
 */
static const struct nla_policy havs_nl_policy_none[HAVS_A_MAX + 1] = {
};

/**
 * havs_nl_put_version() - put the version attributes into a message
 * @skb: message being built
 * @net: namespace answering the request
 *
 * Return: 0, or -EMSGSIZE if @skb has no room left.
 */
int havs_nl_put_version(struct sk_buff *skb, const struct net *net)
{
	if (nla_put_string(skb, HAVS_A_VERSION, HAVS_VERSION) ||
	    nla_put_u32(skb, HAVS_A_API, HAVS_GENL_VERSION) ||
	    nla_put_string(skb, HAVS_A_BUILT_FOR, UTS_RELEASE) ||
	    nla_put_string(skb, HAVS_A_KERNEL, init_utsname()->release) ||
	    nla_put_u64_64bit(skb, HAVS_A_NETNS_COOKIE, net->net_cookie,
			      HAVS_A_PAD))
		return -EMSGSIZE;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(havs_nl_put_version);

/**
 * havs_nl_get_addr() - an address from the attribute of its family
 * @a4: the IPv4 attribute (a be32), or NULL
 * @a6: the IPv6 attribute (16 bytes), or NULL
 * @family: AF_INET or AF_INET6, already checked
 * @addr: 4 or 16 bytes, by @family
 * @nest: the nest the attributes are in, for the extack of a missing one
 * @extack: where a refusal is explained
 *
 * Lengths are the policy's (4 and 16 bytes). The attribute of the
 * other family is refused: an address never changes an object's family.
 *
 * Return: 0 or -EINVAL.
 */
int havs_nl_get_addr(const struct nlattr *a4, const struct nlattr *a6,
		     u16 family, void *addr, const struct nlattr *nest,
		     struct netlink_ext_ack *extack)
{
	const struct nlattr *a = family == AF_INET6 ? a6 : a4;
	const struct nlattr *other = family == AF_INET6 ? a4 : a6;

	if (other) {
		if (family == AF_INET6)
			NL_SET_ERR_MSG_ATTR(extack, other,
					    "an IPv4 address (ADDR4) where the family is IPv6");
		else
			NL_SET_ERR_MSG_ATTR(extack, other,
					    "an IPv6 address (ADDR6) where the family is IPv4");
		return -EINVAL;
	}
	if (!a) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "the address is missing");
		return -EINVAL;
	}
	/* @addr may be a u8 array of an instance: no alignment assumed */
	nla_memcpy(addr, a, family == AF_INET6 ? sizeof(struct in6_addr) :
		   sizeof(__be32));
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(havs_nl_get_addr);

/**
 * havs_nl_put_addr() - put an address in the attribute of its family
 * @skb: message being built
 * @type4: the attribute for IPv4 (a be32)
 * @type6: the attribute for IPv6 (16 bytes)
 * @family: AF_INET or AF_INET6
 * @addr: 4 or 16 bytes, by @family
 *
 * Return: 0, or -EMSGSIZE if @skb has no room left.
 */
int havs_nl_put_addr(struct sk_buff *skb, int type4, int type6, u16 family,
		     const void *addr)
{
	if (family == AF_INET6)
		return nla_put_in6_addr(skb, type6, addr);
	return nla_put(skb, type4, sizeof(__be32), addr);
}

/**
 * havs_nl_dump_begin() - note the namespace's generation for a dump part
 * @cb: the dump
 * @net: its namespace
 *
 * Called at the start of each part of a dump; genl_dump_check_consistent()
 * after each message header then sets NLM_F_DUMP_INTR if an object was
 * added or removed since the previous part (havs_nl_dump_changed()).
 */
void havs_nl_dump_begin(struct netlink_callback *cb, const struct net *net)
{
	cb->seq = (unsigned int)atomic_read(&havs_pernet(net)->dump_gen) | 1;
}

/**
 * havs_nl_dump_changed() - an object was added to or removed from a set
 *	that is dumped
 * @net: its namespace
 */
void havs_nl_dump_changed(const struct net *net)
{
	atomic_add(2, &havs_pernet(net)->dump_gen);
}

/**
 * havs_nl_reply() - answer a GET of one object
 * @info: the request
 * @cmd: command of the reply
 * @fill: finds the object and puts it into the message, under rtnl;
 *	-ENOENT when there is none
 * @arg: for @fill
 *
 * Return: 0 once replied, or @fill's error (the caller words -ENOENT).
 */
int havs_nl_reply(struct genl_info *info, u8 cmd,
		  int (*fill)(struct sk_buff *msg, void *arg), void *arg)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &havs_genl_family, 0, cmd);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	rtnl_lock();
	err = fill(msg, arg);
	rtnl_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int havs_nl_get_version(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &havs_genl_family, 0,
				HAVS_CMD_GET_VERSION);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free;
	}
	err = havs_nl_put_version(msg, genl_info_net(info));
	if (err)
		goto err_free;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	NL_SET_ERR_MSG(info->extack, "havs: version reply does not fit");
	return err;
}

static int havs_nl_put_stats(struct sk_buff *skb, struct havs_net *hn)
{
	struct nlattr *nest = nla_nest_start(skb, HAVS_A_STATS);

	if (!nest ||
	    nla_put_u64_64bit(skb, HAVS_STAT_VRRP_SHORT,
			      atomic64_read(&hn->vrrp_short), HAVS_STAT_PAD) ||
	    nla_put_u64_64bit(skb, HAVS_STAT_VRRP_NO_INSTANCE,
			      atomic64_read(&hn->vrrp_no_instance),
			      HAVS_STAT_PAD) ||
	    nla_put_u64_64bit(skb, HAVS_STAT_PROBE_TARGETS,
			      READ_ONCE(hn->health.target_count),
			      HAVS_STAT_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int havs_nl_get_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct havs_net *hn = havs_pernet(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &havs_genl_family, 0,
				HAVS_CMD_STATS_GET);
	if (!hdr || havs_nl_put_stats(msg, hn)) {
		nlmsg_free(msg);
		NL_SET_ERR_MSG(info->extack, "havs: stats reply does not fit");
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static const struct genl_ops havs_genl_ops[] = {
	{
		.cmd = HAVS_CMD_GET_VERSION,
		.doit = havs_nl_get_version,
		.policy = havs_nl_policy_none,
		.maxattr = HAVS_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HAVS_CMD_VRRP_NEW,
		.doit = havs_vrrp_nl_new,
		.policy = havs_nl_vrrp_policy,
		.maxattr = HAVS_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HAVS_CMD_VRRP_DEL,
		.doit = havs_vrrp_nl_del,
		.policy = havs_nl_vrrp_id_policy,
		.maxattr = HAVS_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HAVS_CMD_VRRP_GET,
		.doit = havs_vrrp_nl_get,
		.dumpit = havs_vrrp_nl_dump,
		.policy = havs_nl_vrrp_id_policy,
		.maxattr = HAVS_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HAVS_CMD_VRRP_SET,
		.doit = havs_vrrp_nl_set,
		.policy = havs_nl_vrrp_policy,
		.maxattr = HAVS_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HAVS_CMD_TRACK_SET,
		.doit = havs_track_nl_set,
		.policy = havs_nl_track_policy,
		.maxattr = HAVS_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HAVS_CMD_TRACK_DEL,
		.doit = havs_track_nl_del,
		.policy = havs_nl_track_policy,
		.maxattr = HAVS_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HAVS_CMD_TRACK_GET,
		.doit = havs_track_nl_get,
		.dumpit = havs_track_nl_dump,
		.policy = havs_nl_track_policy,
		.maxattr = HAVS_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HAVS_CMD_CHECK_SET,
		.doit = havs_check_nl_set,
		.policy = havs_nl_check_set_policy,
		.maxattr = HAVS_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HAVS_CMD_CHECK_DEL,
		.doit = havs_check_nl_del,
		.policy = havs_nl_check_del_policy,
		.maxattr = HAVS_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HAVS_CMD_CHECK_GET,
		.dumpit = havs_check_nl_dump,
		.policy = havs_nl_policy_none,
		.maxattr = HAVS_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HAVS_CMD_SERVER_GET,
		.dumpit = havs_server_nl_dump,
		.policy = havs_nl_policy_none,
		.maxattr = HAVS_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HAVS_CMD_SERVER_SET,
		.doit = havs_server_nl_set,
		.policy = havs_nl_server_set_policy,
		.maxattr = HAVS_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HAVS_CMD_ANNOUNCE_NEW,
		.doit = havs_announce_nl_new,
		.policy = havs_nl_announce_policy,
		.maxattr = HAVS_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HAVS_CMD_ANNOUNCE_SET,
		.doit = havs_announce_nl_set,
		.policy = havs_nl_announce_policy,
		.maxattr = HAVS_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HAVS_CMD_ANNOUNCE_DEL,
		.doit = havs_announce_nl_del,
		.policy = havs_nl_announce_policy,
		.maxattr = HAVS_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HAVS_CMD_ANNOUNCE_GET,
		.doit = havs_announce_nl_get,
		.dumpit = havs_announce_nl_dump,
		.policy = havs_nl_announce_policy,
		.maxattr = HAVS_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HAVS_CMD_STATS_GET,
		.doit = havs_nl_get_stats,
		.policy = havs_nl_policy_none,
		.maxattr = HAVS_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

/*
 * Multicast groups that need CAP_NET_ADMIN in the namespace's user
 * namespace came with 6.7 and stable kernels since (Debian's 6.1 has
 * them). Kernels without cannot restrict who joins a group: there anyone
 * in the namespace may read its events.
 */
#ifndef GENL_MCAST_CAP_NET_ADMIN
#define GENL_MCAST_CAP_NET_ADMIN 0
#endif

static const struct genl_multicast_group havs_genl_mcgrps[] = {
	/* Events describe instances: only their admins may listen. */
	{ .name = HAVS_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

struct genl_family havs_genl_family __ro_after_init = {
	.name = HAVS_GENL_NAME,
	.version = HAVS_GENL_VERSION,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = havs_genl_ops,
	.n_ops = ARRAY_SIZE(havs_genl_ops),
	.mcgrps = havs_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(havs_genl_mcgrps),
};

/* set before the family goes: no event may be sent from then on (RCU) */
static bool havs_nl_closed;

/**
 * havs_nl_event_new() - a message for an event (@cmd) to the events group
 *	of @net
 * @net: the namespace whose listeners receive it
 * @cmd: the HAVS_CMD_*_NTF command
 * @gfp: allocation flags of the caller's context
 * @hdr: set to the genetlink header, for havs_nl_event_send()
 *
 * Return: the message, or NULL: nobody listens, or it could not be
 * allocated (the listeners are told: their next read fails with ENOBUFS,
 * as for a message they had no room for).
 */
struct sk_buff *havs_nl_event_new(struct net *net, u8 cmd, gfp_t gfp,
				  void **hdr)
{
	struct sk_buff *msg;

	if (!genl_has_listeners(&havs_genl_family, net, 0))
		return NULL;
	msg = genlmsg_new(NLMSG_GOODSIZE, gfp);
	if (!msg)
		goto lost;
	*hdr = genlmsg_put(msg, 0, 0, &havs_genl_family, 0, cmd);
	if (*hdr)
		return msg;
	nlmsg_free(msg);
lost:
	havs_nl_event_lost(net);
	return NULL;
}

/**
 * havs_nl_event_lost() - an event of @net could not be built: its
 *	listeners' next read fails with ENOBUFS
 * @net: the namespace
 */
void havs_nl_event_lost(struct net *net)
{
	rcu_read_lock();
	if (!READ_ONCE(havs_nl_closed))
		genl_set_err(&havs_genl_family, net, 0, 0, -ENOBUFS);
	rcu_read_unlock();
}

/**
 * havs_nl_event_send() - finish @msg (from havs_nl_event_new()) and send it
 * @net: the namespace whose listeners receive it
 * @msg: the message
 * @hdr: its genetlink header
 * @gfp: allocation flags of the caller's context
 *
 * Nothing is sent once the module is going: the family's multicast group
 * is given back when the family is unregistered, and another family may
 * get its number.
 */
void havs_nl_event_send(struct net *net, struct sk_buff *msg, void *hdr,
			gfp_t gfp)
{
	genlmsg_end(msg, hdr);
	rcu_read_lock();
	/*
	 * No sleeping in the read section: the copies for the second and
	 * later listeners are allocated without direct reclaim (one that
	 * fails is an overrun for that listener: ENOBUFS), and netlink does
	 * not yield to a congested listener for a non-blocking caller.
	 */
	if (READ_ONCE(havs_nl_closed))
		nlmsg_free(msg);
	else
		genlmsg_multicast_netns(&havs_genl_family, net, msg, 0, 0,
					gfp & ~__GFP_DIRECT_RECLAIM);
	rcu_read_unlock();
}

int __init havs_netlink_init(void)
{
	return genl_register_family(&havs_genl_family);
}

/*
 * The family goes before the namespaces' state (no request may reach it
 * while it is torn down); the events that teardown would send are not:
 * every sender that saw the family open has sent when synchronize_rcu()
 * returns.
 */
void havs_netlink_exit(void)
{
	WRITE_ONCE(havs_nl_closed, true);
	synchronize_rcu();
	genl_unregister_family(&havs_genl_family);
}
