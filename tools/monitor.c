// SPDX-License-Identifier: GPL-2.0
/*
 * havsadm monitor: print the events the module multicasts on the "events"
 * group of the "havs" generic netlink family, one line each, until
 * interrupted. Events are per network namespace, like everything else.
 *
 * The messages come unsolicited and from a kernel that may be newer than
 * havsadm: every one is validated against a policy, a malformed one is
 * skipped with a warning, an unknown command silently.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <linux/genetlink.h>
#include <netlink/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>

#include "havsadm.h"
#include "monitor.h"
#include "../kmod/uapi/linux/havs.h"

#define MONITOR_RCVBUF	(1024 * 1024)	/* room for bursts of events */

static const struct nla_policy top_policy[HAVS_A_MAX + 1] = {
	[HAVS_A_VRRP] = { .type = NLA_NESTED },
	[HAVS_A_SERVICE] = { .type = NLA_NESTED },
	[HAVS_A_SERVER] = { .type = NLA_NESTED },
	[HAVS_A_TRACK] = { .type = NLA_NESTED },
	[HAVS_A_ANNOUNCE] = { .type = NLA_NESTED },
};

static const struct nla_policy track_policy[HAVS_TRACK_A_MAX + 1] = {
	[HAVS_TRACK_A_NAME] = { .type = NLA_NUL_STRING, .maxlen = TRACK_NAME_MAX + 1 },
	[HAVS_TRACK_A_UP] = { .type = NLA_U8 },
	[HAVS_TRACK_A_REASON] = { .type = NLA_U8 },
};

static const struct nla_policy svc_policy[HAVS_SVC_A_MAX + 1] = {
	[HAVS_SVC_A_AF] = { .type = NLA_U16 },
	[HAVS_SVC_A_PROTOCOL] = { .type = NLA_U16 },
	[HAVS_SVC_A_ADDR4] = { .minlen = 4, .maxlen = 4 },
	[HAVS_SVC_A_ADDR6] = { .minlen = 16, .maxlen = 16 },
	[HAVS_SVC_A_PORT] = { .type = NLA_U16 },
	[HAVS_SVC_A_FWMARK] = { .type = NLA_U32 },
};

static const struct nla_policy server_policy[HAVS_SERVER_A_MAX + 1] = {
	[HAVS_SERVER_A_AF] = { .type = NLA_U16 },
	[HAVS_SERVER_A_ADDR4] = { .minlen = 4, .maxlen = 4 },
	[HAVS_SERVER_A_ADDR6] = { .minlen = 16, .maxlen = 16 },
	[HAVS_SERVER_A_PORT] = { .type = NLA_U16 },
	[HAVS_SERVER_A_UP] = { .type = NLA_U8 },
	[HAVS_SERVER_A_REASON] = { .type = NLA_U8 },
	[HAVS_SERVER_A_RUN] = { .type = NLA_U8 },
	[HAVS_SERVER_A_CHECK_TYPE] = { .type = NLA_U8 },
	[HAVS_SERVER_A_PROBE_ERROR] = { .type = NLA_U8 },
	[HAVS_SERVER_A_ERRNO] = { .type = NLA_U32 },
	[HAVS_SERVER_A_HTTP_STATUS] = { .type = NLA_U16 },
	[HAVS_SERVER_A_LAST_CHANGE] = { .type = NLA_U64 },
};

static const struct nla_policy vrrp_policy[HAVS_VRRP_A_MAX + 1] = {
	[HAVS_VRRP_A_IFINDEX] = { .type = NLA_U32 },
	[HAVS_VRRP_A_VRID] = { .type = NLA_U8 },
	[HAVS_VRRP_A_FAMILY] = { .type = NLA_U16 },
	[HAVS_VRRP_A_VERSION] = { .type = NLA_U8 },
	[HAVS_VRRP_A_STATE] = { .type = NLA_U8 },
	[HAVS_VRRP_A_PREV_STATE] = { .type = NLA_U8 },
	[HAVS_VRRP_A_REASON] = { .type = NLA_U8 },
	[HAVS_VRRP_A_EFF_PRIORITY] = { .type = NLA_U8 },
	[HAVS_VRRP_A_MASTER_ADDR4] = { .minlen = 4, .maxlen = 4 },
	[HAVS_VRRP_A_MASTER_ADDR6] = { .minlen = 16, .maxlen = 16 },
	[HAVS_VRRP_A_STATS] = { .type = NLA_NESTED },
};

static const struct nla_policy stats_policy[HAVS_VRRP_S_MAX + 1] = {
	[HAVS_VRRP_S_LAST_TRANSITION] = { .type = NLA_U64 },
};

static const struct nla_policy ctrl_policy[CTRL_ATTR_MAX + 1] = {
	[CTRL_ATTR_FAMILY_ID] = { .type = NLA_U16 },
	[CTRL_ATTR_FAMILY_NAME] = { .type = NLA_STRING },
};

struct monitor {
	const struct opts *o;
	bool vrrp;		/* which events to print */
	bool health;
	bool track;
	bool announce;
	int family;		/* id of "havs" */
	bool timestamp;
	bool gone;		/* the module was unloaded */
	bool malformed;		/* warned once already */
	int rc;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int parse_vrrp_event(struct nlattr *nest, struct vrrp_event *ev)
{
	struct nlattr *vt[HAVS_VRRP_A_MAX + 1], *st[HAVS_VRRP_S_MAX + 1];
	uint8_t master[16];

	memset(ev, 0, sizeof(*ev));
	if (nla_parse_nested(vt, HAVS_VRRP_A_MAX, nest, vrrp_policy))
		return -1;
	if (!vt[HAVS_VRRP_A_IFINDEX] || !vt[HAVS_VRRP_A_VRID] ||
	    !vt[HAVS_VRRP_A_FAMILY] || !vt[HAVS_VRRP_A_STATE])
		return -1;
	ev->ifindex = nla_get_u32(vt[HAVS_VRRP_A_IFINDEX]);
	ev->vrid = nla_get_u8(vt[HAVS_VRRP_A_VRID]);
	ev->family = nla_get_u16(vt[HAVS_VRRP_A_FAMILY]);
	ev->state = nla_get_u8(vt[HAVS_VRRP_A_STATE]);
	if (vt[HAVS_VRRP_A_PREV_STATE])
		ev->prev_state = nla_get_u8(vt[HAVS_VRRP_A_PREV_STATE]);
	if (vt[HAVS_VRRP_A_VERSION])
		ev->version = nla_get_u8(vt[HAVS_VRRP_A_VERSION]);
	if (vt[HAVS_VRRP_A_EFF_PRIORITY])
		ev->priority = nla_get_u8(vt[HAVS_VRRP_A_EFF_PRIORITY]);
	snprintf(ev->reason, sizeof(ev->reason), "%s", vt[HAVS_VRRP_A_REASON] ?
		 vrrp_reason_text(nla_get_u8(vt[HAVS_VRRP_A_REASON])) : "");
	if (!havs_get_addr(vt, HAVS_VRRP_A_MASTER_ADDR4, HAVS_VRRP_A_MASTER_ADDR6,
			   ev->family, master) &&
	    !inet_ntop(ev->family, master, ev->master, sizeof(ev->master)))
		return -1;
	if (vt[HAVS_VRRP_A_STATS]) {
		if (nla_parse_nested(st, HAVS_VRRP_S_MAX, vt[HAVS_VRRP_A_STATS],
				     stats_policy))
			return -1;
		if (st[HAVS_VRRP_S_LAST_TRANSITION])
			ev->when_ns = boottime_to_realtime_ns(nla_get_u64(st[HAVS_VRRP_S_LAST_TRANSITION]));
	}
	return 0;
}

/* "addr:port" of the address in @t4 or @t6 (by @af) and the be16 @port */
static int fmt_addr_port(char *buf, size_t size, struct nlattr **tb, int t4,
			 int t6, int af, const struct nlattr *port)
{
	char addr[INET6_ADDRSTRLEN];
	uint8_t a[16];

	if (havs_get_addr(tb, t4, t6, af, a) ||
	    !inet_ntop(af, a, addr, sizeof(addr)))
		return -1;
	snprintf(buf, size, af == AF_INET6 ? "[%s]:%u" : "%s:%u", addr,
		 ntohs(nla_get_u16(port)));
	return 0;
}

int parse_health_event(struct nlattr **tb, struct health_event *ev)
{
	struct nlattr *st[HAVS_SVC_A_MAX + 1], *rt[HAVS_SERVER_A_MAX + 1];
	char where[64], proto[8], error[128];
	unsigned int i;

	memset(ev, 0, sizeof(*ev));
	if (!tb[HAVS_A_SERVICE] || !tb[HAVS_A_SERVER] ||
	    nla_parse_nested(st, HAVS_SVC_A_MAX, tb[HAVS_A_SERVICE], svc_policy) ||
	    nla_parse_nested(rt, HAVS_SERVER_A_MAX, tb[HAVS_A_SERVER], server_policy) ||
	    !st[HAVS_SVC_A_AF] || !rt[HAVS_SERVER_A_AF] || !rt[HAVS_SERVER_A_PORT] ||
	    !rt[HAVS_SERVER_A_UP])
		return -1;
	if (st[HAVS_SVC_A_FWMARK]) {
		snprintf(ev->service, sizeof(ev->service), "fwmark %u%s",
			 nla_get_u32(st[HAVS_SVC_A_FWMARK]),
			 nla_get_u16(st[HAVS_SVC_A_AF]) == AF_INET6 ? " inet6" : "");
		snprintf(ev->log_service, sizeof(ev->log_service), "FWM %u%s",
			 nla_get_u32(st[HAVS_SVC_A_FWMARK]),
			 nla_get_u16(st[HAVS_SVC_A_AF]) == AF_INET6 ? " IPv6" : "");
	} else {
		if (!st[HAVS_SVC_A_PROTOCOL] || !st[HAVS_SVC_A_PORT] ||
		    fmt_addr_port(where, sizeof(where), st, HAVS_SVC_A_ADDR4,
				  HAVS_SVC_A_ADDR6, nla_get_u16(st[HAVS_SVC_A_AF]),
				  st[HAVS_SVC_A_PORT]))
			return -1;
		snprintf(proto, sizeof(proto), "%s", proto_name(nla_get_u16(st[HAVS_SVC_A_PROTOCOL])));
		snprintf(ev->service, sizeof(ev->service), "%s %s", proto, where);
		for (i = 0; proto[i]; i++)
			proto[i] = proto[i] >= 'a' && proto[i] <= 'z' ? proto[i] - 32 : proto[i];
		snprintf(ev->log_service, sizeof(ev->log_service), "%s %s", proto, where);
	}
	if (fmt_addr_port(ev->server, sizeof(ev->server), rt, HAVS_SERVER_A_ADDR4,
			  HAVS_SERVER_A_ADDR6, nla_get_u16(rt[HAVS_SERVER_A_AF]),
			  rt[HAVS_SERVER_A_PORT]))
		return -1;
	ev->up = nla_get_u8(rt[HAVS_SERVER_A_UP]);
#define U8(a) (rt[a] ? nla_get_u8(rt[a]) : 0)
	probe_error_text(error, sizeof(error), U8(HAVS_SERVER_A_PROBE_ERROR),
			 rt[HAVS_SERVER_A_ERRNO] ? nla_get_u32(rt[HAVS_SERVER_A_ERRNO]) : 0,
			 rt[HAVS_SERVER_A_HTTP_STATUS] ?
			 nla_get_u16(rt[HAVS_SERVER_A_HTTP_STATUS]) : 0,
			 rt[HAVS_SERVER_A_REPLY_CODE] ?
			 nla_get_u16(rt[HAVS_SERVER_A_REPLY_CODE]) : -1);
	health_reason_text(ev->reason, sizeof(ev->reason), U8(HAVS_SERVER_A_REASON),
			   U8(HAVS_SERVER_A_RUN),
			   check_type_name(U8(HAVS_SERVER_A_CHECK_TYPE)), error);
#undef U8
	if (rt[HAVS_SERVER_A_LAST_CHANGE])
		ev->when_ns = boottime_to_realtime_ns(nla_get_u64(rt[HAVS_SERVER_A_LAST_CHANGE]));
	return 0;
}

/* ISO 8601 local time with milliseconds: 2026-11-25T14:03:07.123+01:00 */
static void fmt_time(char *buf, size_t size, uint64_t ns)
{
	struct timespec ts;
	char date[32], zone[8];
	struct tm tm;
	time_t sec;

	if (ns) {
		ts.tv_sec = ns / 1000000000ULL;
		ts.tv_nsec = ns % 1000000000ULL;
	} else {
		clock_gettime(CLOCK_REALTIME, &ts);
	}
	sec = ts.tv_sec;
	localtime_r(&sec, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	if (strftime(zone, sizeof(zone), "%z", &tm) != 5)
		snprintf(zone, sizeof(zone), "+0000");
	snprintf(buf, size, "%s.%03ld%.3s:%s", date, ts.tv_nsec / 1000000,
		 zone, zone + 3);
}

static void print_vrrp_event(const struct monitor *m, const struct vrrp_event *ev)
{
	char dev[IF_NAMESIZE], when[64];

	if (!if_indextoname(ev->ifindex, dev))
		snprintf(dev, sizeof(dev), "%u", ev->ifindex);
	if (m->timestamp)
		fmt_time(when, sizeof(when), ev->when_ns);
	if (!m->o->json) {
		if (m->timestamp)
			printf("%s ", when);
		printf("vrrp %s/%u v%u %s -> %s (%s; prio %u)\n", dev, ev->vrid,
		       ev->version, vrrp_state_name(ev->prev_state),
		       vrrp_state_name(ev->state), ev->reason, ev->priority);
		return;
	}
	printf("{\"event\":\"vrrp\"");
	if (m->timestamp)
		printf(",\"time\":\"%s\"", when);
	printf(",\"dev\":");
	json_str(stdout, dev);
	printf(",\"ifindex\":%u,\"vrid\":%u,\"family\":\"%s\",\"version\":%u",
	       ev->ifindex, ev->vrid, vrrp_family_name(ev->family), ev->version);
	printf(",\"state\":\"%s\",\"prev_state\":\"%s\",\"reason\":",
	       vrrp_state_name(ev->state), vrrp_state_name(ev->prev_state));
	json_str(stdout, ev->reason);
	printf(",\"priority\":%u", ev->priority);
	if (ev->master[0])
		printf(",\"master\":\"%s\"", ev->master);
	printf("}\n");
}

static void print_health_event(const struct monitor *m, const struct health_event *ev)
{
	char when[64];

	if (m->timestamp)
		fmt_time(when, sizeof(when), ev->when_ns);
	if (!m->o->json) {
		if (m->timestamp)
			printf("%s ", when);
		printf("%s -> %s %s (%s)\n", ev->log_service, ev->server,
		       ev->up ? "UP" : "DOWN", ev->reason);
		return;
	}
	printf("{\"event\":\"health\"");
	if (m->timestamp)
		printf(",\"time\":\"%s\"", when);
	printf(",\"service\":");
	json_str(stdout, ev->service);
	printf(",\"server\":");
	json_str(stdout, ev->server);
	printf(",\"health\":\"%s\",\"reason\":", ev->up ? "up" : "down");
	json_str(stdout, ev->reason);
	printf("}\n");
}

/* The top-level attributes of an event (or of a dump's reply like it). */
int monitor_parse(struct nlmsghdr *nlh, struct nlattr **tb)
{
	return genlmsg_parse(nlh, 0, tb, HAVS_A_MAX, top_policy);
}

int parse_track_event(struct nlattr **tb, struct track_event *ev)
{
	struct nlattr *t[HAVS_TRACK_A_MAX + 1];

	if (!tb[HAVS_A_TRACK] ||
	    nla_parse_nested(t, HAVS_TRACK_A_MAX, tb[HAVS_A_TRACK], track_policy) ||
	    !t[HAVS_TRACK_A_NAME] || !t[HAVS_TRACK_A_UP])
		return -1;
	snprintf(ev->name, sizeof(ev->name), "%s", nla_get_string(t[HAVS_TRACK_A_NAME]));
	if (!track_name_ok(ev->name))
		return -1;
	ev->up = nla_get_u8(t[HAVS_TRACK_A_UP]);
	ev->reason = track_reason_text(t[HAVS_TRACK_A_REASON] ?
				       nla_get_u8(t[HAVS_TRACK_A_REASON]) : 0);
	return 0;
}

/* The kernel does not stamp these: the time is when havsadm read them. */
static void print_track_event(const struct monitor *m, const struct track_event *ev)
{
	struct timespec ts;
	char when[64];

	if (m->timestamp) {
		clock_gettime(CLOCK_REALTIME, &ts);
		fmt_time(when, sizeof(when),
			 (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec);
	}
	if (!m->o->json) {
		if (m->timestamp)
			printf("%s ", when);
		printf("track %s -> %s (%s)\n", ev->name, ev->up ? "UP" : "DOWN",
		       ev->reason);
		return;
	}
	printf("{\"event\":\"track\"");
	if (m->timestamp)
		printf(",\"time\":\"%s\"", when);
	printf(",\"name\":");
	json_str(stdout, ev->name);
	printf(",\"state\":\"%s\",\"reason\":", ev->up ? "up" : "down");
	json_str(stdout, ev->reason);
	printf("}\n");
}

/* An announcement's carrier changed: stamped by the kernel. */
static void print_announce_event(const struct monitor *m,
				 const struct announce_info *a)
{
	char when[64], why[96];

	if (m->timestamp)
		fmt_time(when, sizeof(when), boottime_to_realtime_ns(a->last_change));
	announce_why(why, sizeof(why), a);
	if (!m->o->json) {
		if (m->timestamp)
			printf("%s ", when);
		printf("announce %s -> %s (%s)\n", a->c.dev,
		       a->carrier ? "ANNOUNCED" : "WITHDRAWN", why);
		return;
	}
	printf("{\"event\":\"announce\"");
	if (m->timestamp)
		printf(",\"time\":\"%s\"", when);
	printf(",\"announcement\":");
	announce_print(stdout, a, true);
	printf("}\n");
}

static void warn_malformed(struct monitor *m, const char *what)
{
	if (m->malformed)
		return;
	m->malformed = true;
	errmsg("monitor: skipping a malformed %s from the kernel (and any more, silently)",
	       what);
}

/* nlctrl notifications: only the removal of the havs family matters. */
static void on_ctrl(struct monitor *m, struct nlmsghdr *nlh)
{
	struct genlmsghdr *gh = nlmsg_data(nlh);
	struct nlattr *tb[CTRL_ATTR_MAX + 1];

	if (!genlmsg_valid_hdr(nlh, 0) || gh->cmd != CTRL_CMD_DELFAMILY)
		return;
	if (genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, ctrl_policy) ||
	    !tb[CTRL_ATTR_FAMILY_ID] || nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]) != m->family)
		return;
	m->gone = true;
}

static int on_message(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *tb[HAVS_A_MAX + 1];
	struct monitor *m = arg;
	struct health_event hev;
	struct track_event tev;
	struct announce_info aev;
	struct vrrp_event ev;
	struct genlmsghdr *gh;

	if (nlh->nlmsg_type == GENL_ID_CTRL) {
		on_ctrl(m, nlh);
		return m->gone ? NL_STOP : NL_OK;
	}
	if (nlh->nlmsg_type != m->family)
		return NL_OK;
	if (!genlmsg_valid_hdr(nlh, 0)) {
		warn_malformed(m, "message");
		return NL_OK;
	}
	gh = nlmsg_data(nlh);
	if (gh->cmd == HAVS_CMD_SERVER_NTF) {
		if (!m->health)
			return NL_OK;
		if (monitor_parse(nlh, tb) || parse_health_event(tb, &hev)) {
			warn_malformed(m, "health event");
			return NL_OK;
		}
		print_health_event(m, &hev);
		goto printed;
	}
	if (gh->cmd == HAVS_CMD_TRACK_NTF) {
		if (!m->track)
			return NL_OK;
		if (monitor_parse(nlh, tb) || parse_track_event(tb, &tev)) {
			warn_malformed(m, "tracked object event");
			return NL_OK;
		}
		print_track_event(m, &tev);
		goto printed;
	}
	if (gh->cmd == HAVS_CMD_ANNOUNCE_NTF) {
		if (!m->announce)
			return NL_OK;
		if (monitor_parse(nlh, tb) || announce_parse_msg(tb, &aev)) {
			warn_malformed(m, "announcement event");
			return NL_OK;
		}
		print_announce_event(m, &aev);
		goto printed;
	}
	if (gh->cmd != HAVS_CMD_VRRP_NTF || !m->vrrp)
		return NL_OK;	/* a newer module's event: not ours to show */
	if (monitor_parse(nlh, tb) || !tb[HAVS_A_VRRP] ||
	    parse_vrrp_event(tb[HAVS_A_VRRP], &ev)) {
		warn_malformed(m, "VRRP event");
		return NL_OK;
	}
	print_vrrp_event(m, &ev);
printed:
	if (ferror(stdout)) {
		errmsg("monitor: cannot write to standard output: %s", strerror(errno));
		m->rc = EXIT_FAIL;
		return NL_STOP;
	}
	return NL_OK;
}

/* Join @group of @family; a negative libnl error when that fails. */
int monitor_join(struct havs_nl *h, const char *family, const char *group)
{
	int grp = genl_ctrl_resolve_grp(h->sk, family, group);

	return grp < 0 ? grp : nl_socket_add_membership(h->sk, grp);
}

/* Wait for events until a signal, an error, or the module goes away. */
static int listen_events(struct havs_nl *h, struct monitor *m)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t block, waitmask;
	struct pollfd pfd;
	int err;

	/* Signals are blocked except inside ppoll(): none is lost. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &waitmask);
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGTERM);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	pfd.fd = nl_socket_get_fd(h->sk);
	pfd.events = POLLIN;
	while (!stop && !m->gone && !m->rc) {
		if (ppoll(&pfd, 1, NULL, &waitmask) < 0) {
			if (errno == EINTR)
				continue;
			errmsg("monitor: poll: %s", strerror(errno));
			return EXIT_FAIL;
		}
		err = nl_recvmsgs_default(h->sk);
		if (err == -NLE_NOMEM) {
			/* ENOBUFS: the socket overflowed while we were slow. */
			errmsg("monitor: events were lost (receive buffer overrun)");
		} else if (err < 0 && err != -NLE_AGAIN) {
			errmsg("monitor: receiving events failed: %s", nl_geterror(err));
			return EXIT_FAIL;
		}
	}
	if (m->gone) {
		errmsg("monitor: the havs module was unloaded");
		return EXIT_FAIL;
	}
	return m->rc;
}

int cmd_monitor(const struct opts *o, int argc, char **argv)
{
	struct monitor m = { .o = o };
	const char *what = NULL;
	struct havs_nl h;
	int i, rc, err;

	for (i = 1; i < argc; i++) {
		if (is_help_flag(argv[i])) {
			if (refuse_json(o, "monitor"))
				return EXIT_USAGE;
			cmd_usage(NULL, cmd_lookup(havsadm_cmds, "monitor"));
			return EXIT_OK;
		}
		if ((!strcmp(argv[i], "-t") || !strcmp(argv[i], "--timestamp")) &&
		    m.timestamp) {
			errmsg("monitor: \"%s\" given twice", argv[i]);
			return EXIT_USAGE;
		}
		if (!strcmp(argv[i], "-t") || !strcmp(argv[i], "--timestamp"))
			m.timestamp = true;
		else if (!what && (!strcmp(argv[i], "vrrp") || !strcmp(argv[i], "health") ||
				   !strcmp(argv[i], "track") || !strcmp(argv[i], "announce") ||
				   !strcmp(argv[i], "all")))
			what = argv[i];
		else
			break;
	}
	if (i < argc && (what || argv[i][0] == '-')) {
		errmsg("monitor: unexpected %s \"%s\"; see '%s monitor --help'",
		       argv[i][0] == '-' ? "option" : "argument", argv[i], prog);
		return EXIT_USAGE;
	}
	if (i < argc) {
		errmsg("monitor: unknown event type \"%s\" (vrrp, health, track, announce or all); see '%s monitor --help'",
		       argv[i], prog);
		return EXIT_USAGE;
	}
	m.vrrp = !what || !strcmp(what, "all") || !strcmp(what, "vrrp");
	m.health = !what || !strcmp(what, "all") || !strcmp(what, "health");
	m.track = !what || !strcmp(what, "all") || !strcmp(what, "track");
	m.announce = !what || !strcmp(what, "all") || !strcmp(what, "announce");

	rc = havs_nl_open(&h);
	if (rc)
		return rc;
	m.family = h.family;
	err = monitor_join(&h, HAVS_GENL_NAME, HAVS_MCGRP_EVENTS);
	if (err == -NLE_PERM) {
		havs_nl_close(&h);
		return havs_nl_perm_error("monitor");
	}
	if (err < 0) {
		errmsg("monitor: cannot join the \"%s\" group of \"%s\": %s",
		       HAVS_MCGRP_EVENTS, HAVS_GENL_NAME, nl_geterror(err));
		havs_nl_close(&h);
		return EXIT_FAIL;
	}
	/* Best effort: notice the module going away (CTRL_CMD_DELFAMILY). */
	monitor_join(&h, "nlctrl", "notify");
	nl_socket_disable_seq_check(h.sk);
	nl_socket_modify_cb(h.sk, NL_CB_VALID, NL_CB_CUSTOM, on_message, &m);
	nl_socket_set_buffer_size(h.sk, MONITOR_RCVBUF, 0);
	nl_socket_set_nonblocking(h.sk);

	/* Each event reaches a pipe or a file as soon as it happens. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	rc = listen_events(&h, &m);
	havs_nl_close(&h);
	return rc;
}
