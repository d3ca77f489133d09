// SPDX-License-Identifier: GPL-2.0
/*
 * havsadm sync add|del|show: IPVS connection sync, so that the director
 * that takes the VIP over holds the connections. IPVS's own master and
 * backup sync daemons run in the namespace, both at once (the master one
 * sends what this director handles, the backup one takes in the peer's),
 * started and stopped through IPVS's generic netlink family as ipvsadm
 * does. What IPVS takes silently and gets wrong is refused here first.
 *
 * The VRRP instance (or sync group) the sync follows is kept by the havs
 * module on the instance (HAVS_VRRP_A_CONN_SYNC): unless the operator set
 * a preempt delay, havsadm sets one derived from the sync sysctls it sets,
 * so that a returning director takes the VIP back only once the
 * connections have reached it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <linux/ip_vs.h>

#include "conf.h"
#include "../kmod/uapi/linux/havs.h"

#define SYNC_SYSCTL_DIR "/proc/sys/net/ipv4/vs/"

/* One daemon as IPVS reports it (IPVS_CMD_GET_DAEMON). */
struct sync_daemon {
	unsigned int state;		/* IP_VS_STATE_MASTER, _BACKUP */
	struct sync_conf c;
};

struct sync_dump {
	unsigned int n;
	struct sync_daemon d[2];
};

static int sync_usage_err(const char *sub, const char *err)
{
	errmsg("sync %s: %s; see 'havsadm sync --help'", sub, err);
	return EXIT_USAGE;
}

static int sync_on_daemon(struct nlattr **tb, void *arg)
{
	struct nlattr *t[IPVS_DAEMON_ATTR_MAX + 1];
	struct sync_dump *d = arg;
	struct sync_daemon *r;

	if (!tb[IPVS_CMD_ATTR_DAEMON] ||
	    nla_parse_nested(t, IPVS_DAEMON_ATTR_MAX, tb[IPVS_CMD_ATTR_DAEMON], NULL) ||
	    !t[IPVS_DAEMON_ATTR_STATE] || !t[IPVS_DAEMON_ATTR_MCAST_IFN] ||
	    !t[IPVS_DAEMON_ATTR_SYNC_ID]) {
		errmsg("sync show: malformed daemon from IPVS");
		return EXIT_FAIL;
	}
	if (d->n >= 2)
		return EXIT_OK;
	r = &d->d[d->n++];
	sync_conf_defaults(&r->c);
	r->state = nla_get_u32(t[IPVS_DAEMON_ATTR_STATE]);
	snprintf(r->c.dev, sizeof(r->c.dev), "%s",
		 (char *)nla_data(t[IPVS_DAEMON_ATTR_MCAST_IFN]));
	r->c.id = nla_get_u32(t[IPVS_DAEMON_ATTR_SYNC_ID]);
	if (t[IPVS_DAEMON_ATTR_SYNC_MAXLEN])
		r->c.maxlen = nla_get_u16(t[IPVS_DAEMON_ATTR_SYNC_MAXLEN]);
	if (t[IPVS_DAEMON_ATTR_MCAST_PORT])
		r->c.port = nla_get_u16(t[IPVS_DAEMON_ATTR_MCAST_PORT]);
	if (t[IPVS_DAEMON_ATTR_MCAST_TTL])
		r->c.ttl = nla_get_u8(t[IPVS_DAEMON_ATTR_MCAST_TTL]);
	if (t[IPVS_DAEMON_ATTR_MCAST_GROUP6] &&
	    nla_len(t[IPVS_DAEMON_ATTR_MCAST_GROUP6]) == 16) {
		r->c.family = AF_INET6;
		memcpy(r->c.group, nla_data(t[IPVS_DAEMON_ATTR_MCAST_GROUP6]), 16);
	} else if (t[IPVS_DAEMON_ATTR_MCAST_GROUP]) {
		uint32_t g = nla_get_u32(t[IPVS_DAEMON_ATTR_MCAST_GROUP]);

		r->c.family = AF_INET;
		memcpy(r->c.group, &g, 4);
	}
	return EXIT_OK;
}

static int sync_daemons(struct sync_dump *d, const char *what)
{
	memset(d, 0, sizeof(*d));
	return nl_run(ipvs_nl_open, IPVS_CMD_GET_DAEMON, NLM_F_DUMP, what,
		      NULL, NULL, sync_on_daemon, d);
}

struct sync_start {
	const struct sync_conf *c;
	unsigned int state;
	unsigned int maxlen;
};

static int sync_build_daemon(struct nl_msg *msg, const void *arg)
{
	const struct sync_start *s = arg;
	const struct sync_conf *c = s->c;
	static const uint8_t zero[16];
	struct nlattr *nest = nla_nest_start(msg, IPVS_CMD_ATTR_DAEMON);

	if (!nest || nla_put_u32(msg, IPVS_DAEMON_ATTR_STATE, s->state))
		return -1;
	if (!c) {	/* del: the state alone */
		nla_nest_end(msg, nest);
		return 0;
	}
	if (nla_put_string(msg, IPVS_DAEMON_ATTR_MCAST_IFN, c->dev) ||
	    nla_put_u32(msg, IPVS_DAEMON_ATTR_SYNC_ID, c->id) ||
	    nla_put_u16(msg, IPVS_DAEMON_ATTR_MCAST_PORT, c->port) ||
	    nla_put_u8(msg, IPVS_DAEMON_ATTR_MCAST_TTL, c->ttl) ||
	    (s->maxlen && nla_put_u16(msg, IPVS_DAEMON_ATTR_SYNC_MAXLEN, s->maxlen)))
		return -1;
	if (memcmp(c->group, zero, sizeof(zero))) {
		if (c->family == AF_INET6 ?
		    nla_put(msg, IPVS_DAEMON_ATTR_MCAST_GROUP6, 16, c->group) :
		    nla_put(msg, IPVS_DAEMON_ATTR_MCAST_GROUP, 4, c->group))
			return -1;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/*
 * The interface as IPVS needs it and does not check: it exists, has an
 * address of the group's family (the master sends from it), and its MTU
 * holds maxlen bytes of UDP payload. Returns the MTU, 0 after a message.
 */
static unsigned int sync_check_dev(const struct sync_conf *c, const char *sub)
{
	unsigned int hlen = c->family == AF_INET6 ? 40 + 8 : 20 + 8;
	struct ifaddrs *ifa, *i;
	struct ifreq ifr = { 0 };
	bool have = false;
	int fd;

	if (!if_nametoindex(c->dev)) {
		errmsg("sync %s: dev \"%s\": no such interface in this namespace",
		       sub, c->dev);
		return 0;
	}
	if (getifaddrs(&ifa)) {
		errmsg("sync %s: cannot list addresses: %s", sub, strerror(errno));
		return 0;
	}
	for (i = ifa; i && !have; i = i->ifa_next)
		have = i->ifa_addr && i->ifa_addr->sa_family == c->family &&
		       !strcmp(i->ifa_name, c->dev);
	freeifaddrs(ifa);
	if (!have) {
		errmsg("sync %s: dev \"%s\" has no %s address: IPVS would start a daemon that sends nothing (add one, or use a group of the other family)",
		       sub, c->dev, c->family == AF_INET6 ? "IPv6" : "IPv4");
		return 0;
	}
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", c->dev);
	if (fd < 0 || ioctl(fd, SIOCGIFMTU, &ifr)) {
		errmsg("sync %s: dev %s: cannot read its MTU: %s", sub, c->dev,
		       strerror(errno));
		if (fd >= 0)
			close(fd);
		return 0;
	}
	close(fd);
	if (c->maxlen && c->maxlen + hlen > (unsigned int)ifr.ifr_mtu) {
		errmsg("sync %s: maxlen \"%u\": dev %s has MTU %d, which holds at most %u bytes of sync payload (IPVS would send fragments or drop them)",
		       sub, c->maxlen, c->dev, ifr.ifr_mtu, ifr.ifr_mtu - hlen);
		return 0;
	}
	if ((unsigned int)ifr.ifr_mtu < SYNC_MIN_MAXLEN + hlen) {
		errmsg("sync %s: dev %s: MTU %d is too small for connection sync (at least %u)",
		       sub, c->dev, ifr.ifr_mtu, SYNC_MIN_MAXLEN + hlen);
		return 0;
	}
	return ifr.ifr_mtu;
}

static unsigned int sync_dev_mtu(const char *dev)
{
	struct ifreq ifr = { 0 };
	int fd, mtu = 0;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	if (fd >= 0 && !ioctl(fd, SIOCGIFMTU, &ifr))
		mtu = ifr.ifr_mtu;
	if (fd >= 0)
		close(fd);
	return mtu;
}

static int sync_write_sysctl(const char *name, const char *val)
{
	char path[128];
	FILE *f;
	int err;

	snprintf(path, sizeof(path), SYNC_SYSCTL_DIR "%s", name);
	f = fopen(path, "w");
	if (!f || fputs(val, f) == EOF || fclose(f)) {
		err = errno;
		if (f)
			fclose(f);
		errmsg("cannot set %s to %s: %s", path, val, strerror(err));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/*
 * The namespace's sync sysctls (see havsadm(8), SYNC): connections are
 * sent again every SYNC_REFRESH_S seconds while they carry traffic (and on
 * every TCP state change), not after a packet count, so that the preempt
 * delay can wait for them all.
 */
static int sync_set_sysctls(void)
{
	char v[16];
	int rc;

	snprintf(v, sizeof(v), "%d", SYNC_REFRESH_S);
	rc = sync_write_sysctl("sync_refresh_period", v);
	snprintf(v, sizeof(v), "%d", SYNC_RETRIES);
	if (!rc)
		rc = sync_write_sysctl("sync_retries", v);
	if (!rc)
		rc = sync_write_sysctl("sync_threshold", "3 0");
	return rc;
}

/* Mark (or unmark, @on false) the instances @c follows. */
static int sync_follow(const struct sync_conf *c, bool on, bool dry,
		       const char *sub)
{
	struct conf cf = { 0 };
	unsigned int i, n = 0;
	int rc;

	rc = vrrp_conf_load(&cf);
	for (i = 0; !rc && i < cf.nvrrps; i++) {
		struct vrrp_conf v = cf.vrrps[i].c;
		bool match;

		if (on)
			match = c->follow_group ? !strcmp(v.sync_group, c->follow) :
				!strcmp(v.name, c->follow);
		else
			match = v.conn_sync != HAVS_VRRP_SYNC_NONE;
		if (!match)
			continue;
		n++;
		if (dry)
			continue;
		v.set = VF_CONN_SYNC;
		if (!on) {
			if (v.conn_sync == HAVS_VRRP_SYNC_DERIVED) {
				v.preempt_delay_cs = 0;
				v.set |= VF_PDELAY;
			}
			v.conn_sync = HAVS_VRRP_SYNC_NONE;
		} else if (v.conn_sync == HAVS_VRRP_SYNC_DERIVED ||
			   !v.preempt_delay_cs) {
			/* (a derived delay loads as 0: see vrrp.c) */
			v.conn_sync = HAVS_VRRP_SYNC_DERIVED;
			v.preempt_delay_cs = SYNC_PREEMPT_DELAY_CS;
			v.set |= VF_PDELAY;
		} else {
			v.conn_sync = HAVS_VRRP_SYNC_ON;
		}
		rc = vrrp_settings_set(&v);
	}
	conf_free(&cf);
	if (!rc && on && !n) {
		errmsg(c->follow_group ?
		       "sync %s: sync-group \"%s\": no VRRP instance is in it" :
		       "sync %s: instance \"%s\": no VRRP instance has that name (the name of its macvlan, see 'havsadm vrrp show')",
		       sub, c->follow);
		return EXIT_FAIL;
	}
	return rc;
}

static int sync_add(const struct opts *o, int argc, char **argv)
{
	struct sync_start st = { 0 };
	struct sync_dump d;
	struct sync_conf c;
	unsigned int mtu;
	char err[256];
	int rc;

	(void)o;
	sync_conf_defaults(&c);
	if (sync_conf_parse(&c, argc, argv, ~0u, err, sizeof(err)))
		return sync_usage_err("add", err);
	if ((c.set & (SF_DEV | SF_ID)) != (SF_DEV | SF_ID))
		return sync_usage_err("add", "dev and id are required");
	mtu = sync_check_dev(&c, "add");
	if (!mtu)
		return EXIT_FAIL;
	if (c.follow[0]) {
		rc = sync_follow(&c, true, true, "add");
		if (rc)
			return rc;
	}
	rc = sync_daemons(&d, "sync add");
	if (rc)
		return rc;
	if (d.n) {
		if (d.d[0].c.id == c.id)
			errmsg("sync add: id \"%u\": connection sync with that id runs already in this namespace (see 'havsadm sync show')",
			       c.id);
		else
			errmsg("sync add: id \"%u\": connection sync with id %u runs in this namespace, and IPVS runs one master and one backup daemon per namespace: 'havsadm sync del' first",
			       c.id, d.d[0].c.id);
		return EXIT_FAIL;
	}
	rc = sync_set_sysctls();
	if (rc)
		return rc;
	/*
	 * Both daemons with one payload size: the backup's default follows
	 * a larger MTU than the master's would, so give IPVS the master's.
	 */
	st.c = &c;
	st.maxlen = c.maxlen ? c.maxlen :
		    mtu - (c.family == AF_INET6 ? 48 : 28);
	st.state = IP_VS_STATE_MASTER;
	rc = nl_run(ipvs_nl_open, IPVS_CMD_NEW_DAEMON, 0, "sync add",
		    sync_build_daemon, &st, NULL, NULL);
	if (rc)
		return rc;
	st.state = IP_VS_STATE_BACKUP;
	rc = nl_run(ipvs_nl_open, IPVS_CMD_NEW_DAEMON, 0, "sync add",
		    sync_build_daemon, &st, NULL, NULL);
	if (!rc && c.follow[0])
		rc = sync_follow(&c, true, false, "add");
	if (rc) {	/* all or nothing */
		struct sync_start del = { .state = IP_VS_STATE_MASTER };

		nl_run(ipvs_nl_open, IPVS_CMD_DEL_DAEMON, 0, "sync add",
		       sync_build_daemon, &del, NULL, NULL);
		del.state = IP_VS_STATE_BACKUP;
		nl_run(ipvs_nl_open, IPVS_CMD_DEL_DAEMON, 0, "sync add",
		       sync_build_daemon, &del, NULL, NULL);
	}
	return rc;
}

static int sync_del(const struct opts *o, int argc, char **argv)
{
	struct sync_dump d;
	struct sync_conf c;
	unsigned int i;
	char err[256];
	int rc;

	(void)o;
	sync_conf_defaults(&c);
	if (sync_conf_parse(&c, argc, argv, SF_ID, err, sizeof(err)))
		return sync_usage_err("del", err);
	rc = sync_daemons(&d, "sync del");
	if (rc)
		return rc;
	if (!d.n) {
		errmsg("sync del: no connection sync runs in this namespace");
		return EXIT_FAIL;
	}
	if ((c.set & SF_ID) && d.d[0].c.id != c.id) {
		errmsg("sync del: id \"%u\": the connection sync of this namespace has id %u",
		       c.id, d.d[0].c.id);
		return EXIT_FAIL;
	}
	for (i = 0; !rc && i < d.n; i++) {
		struct sync_start st = { .state = d.d[i].state };

		rc = nl_run(ipvs_nl_open, IPVS_CMD_DEL_DAEMON, 0, "sync del",
			    sync_build_daemon, &st, NULL, NULL);
	}
	if (!rc)
		rc = sync_follow(&c, false, false, "del");
	return rc;
}

/*
 * The namespace's sync into @cf, as 'sync add' would make it: the master
 * daemon's settings (the backup's are the same when havsadm started them)
 * and the instances the module says it follows.
 */
int sync_conf_load(struct conf *cf)
{
	const char *group = NULL;
	unsigned int i, n = 0;
	struct sync_dump d;
	int rc;

	rc = sync_daemons(&d, "sync show");
	if (rc || !d.n)
		return rc;
	cf->has_sync = true;
	cf->sync = d.d[0].c;
	for (i = 1; i < d.n; i++)
		if (d.d[i].state == IP_VS_STATE_MASTER)
			cf->sync = d.d[i].c;
	/* IPVS's defaults (and the maxlen sync add derives) as "not given" */
	if (cf->sync.maxlen && cf->sync.maxlen + (cf->sync.family == AF_INET6 ?
						 48 : 28) == sync_dev_mtu(cf->sync.dev))
		cf->sync.maxlen = 0;
	if (cf->sync.family == AF_INET &&
	    !memcmp(cf->sync.group, "\xe0\x00\x00\x51", 4))
		memset(cf->sync.group, 0, sizeof(cf->sync.group));
	for (i = 0; i < cf->nvrrps; i++) {
		const struct vrrp_conf *v = &cf->vrrps[i].c;

		if (!v->conn_sync)
			continue;
		if (!n++) {
			snprintf(cf->sync.follow, sizeof(cf->sync.follow), "%s", v->name);
			group = v->sync_group[0] ? v->sync_group : NULL;
		} else if (!group || strcmp(group, v->sync_group)) {
			group = NULL;
		}
	}
	if (n > 1 && group) {
		snprintf(cf->sync.follow, sizeof(cf->sync.follow), "%s", group);
		cf->sync.follow_group = true;
	}
	return EXIT_OK;
}

static const char *sync_state_name(unsigned int state)
{
	return state == IP_VS_STATE_MASTER ? "master" :
	       state == IP_VS_STATE_BACKUP ? "backup" : "?";
}

static int sync_show(const struct opts *o, int argc, char **argv)
{
	struct conf cf = { 0 };
	char group[INET6_ADDRSTRLEN];
	struct sync_dump d;
	unsigned int i, n = 0;
	int rc;

	if (argc) {
		errmsg("sync show: unexpected argument \"%s\"; see 'havsadm sync --help'",
		       argv[0]);
		return EXIT_USAGE;
	}
	rc = sync_daemons(&d, "sync show");
	if (!rc)
		rc = vrrp_conf_load(&cf);
	if (rc)
		goto out;
	if (o->json)
		printf("{\"daemons\":[");
	for (i = 0; i < d.n; i++) {
		const struct sync_conf *c = &d.d[i].c;

		inet_ntop(c->family, c->group, group, sizeof(group));
		if (o->json) {
			printf("%s{\"state\":\"%s\",\"dev\":", i ? "," : "",
			       sync_state_name(d.d[i].state));
			json_str(stdout, c->dev);
			printf(",\"id\":%u,\"group\":\"%s\",\"port\":%u,\"ttl\":%u,\"maxlen\":%u}",
			       c->id, group, c->port, c->ttl, c->maxlen);
		} else {
			printf("%s dev %s id %u group %s port %u ttl %u maxlen %u\n",
			       sync_state_name(d.d[i].state), c->dev, c->id, group,
			       c->port, c->ttl, c->maxlen);
		}
	}
	if (o->json)
		printf("],\"follows\":[");
	for (i = 0; i < cf.nvrrps; i++) {
		const struct vrrp_conf *v = &cf.vrrps[i].c;
		bool derived = v->conn_sync == HAVS_VRRP_SYNC_DERIVED;
		unsigned int delay_ms = (derived ? SYNC_PREEMPT_DELAY_CS :
					 v->preempt_delay_cs) * 10;

		if (!v->conn_sync)
			continue;
		if (o->json) {
			printf("%s{\"instance\":", n ? "," : "");
			json_str(stdout, v->name);
			printf(",\"dev\":");
			json_str(stdout, v->dev);
			printf(",\"vrid\":%u,\"sync_group\":", v->vrid);
			if (v->sync_group[0])
				json_str(stdout, v->sync_group);
			else
				printf("null");
			printf(",\"preempt_delay_ms\":%u,\"derived\":%s}", delay_ms,
			       derived ? "true" : "false");
		} else {
			printf("follows instance %s (%s/%u%s%s) preempt delay %u.%02us %s\n",
			       v->name, v->dev, v->vrid,
			       v->sync_group[0] ? " sync-group " : "", v->sync_group,
			       delay_ms / 1000, delay_ms % 1000 / 10,
			       derived ? "derived from sync" : "set by the operator");
		}
		n++;
	}
	if (o->json)
		printf("]}\n");
	else if (!d.n)
		printf("no connection sync in this namespace\n");
out:
	conf_free(&cf);
	return rc;
}

static const struct cmd sync_cmds[] = {
	{ .name = "add", .run = sync_add, .usage =
	  "dev IFNAME id 0-255 [group ADDR] [port PORT] [ttl 1-255]\n"
	  "        [maxlen BYTES] [instance NAME | sync-group NAME]",
	  .summary = "start IPVS's master and backup sync daemons; failback of the instance (or group) waits for the connections" },
	{ .name = "del", .run = sync_del, .usage = "[id 0-255]",
	  .summary = "stop connection sync" },
	{ .name = "show", .run = sync_show, .usage = "",
	  .summary = "the sync daemons as IPVS reports them, and what they follow",
	  .json = true },
	{ .name = NULL },
};

int cmd_sync(const struct opts *o, int argc, char **argv)
{
	return cmd_dispatch("sync", sync_cmds,
			    "ADDR: an IPv4 or IPv6 multicast group (default 224.0.0.81).\n"
			    "NAME: instance: its macvlan's name (vrrp show); sync-group: every member.\n",
			    sync_show, o, argc, argv);
}
