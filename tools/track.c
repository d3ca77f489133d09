// SPDX-License-Identifier: GPL-2.0
/*
 * havsadm track set|del|show: tracked objects, named up/down states VRRP
 * instances follow (track-object NAME [weight W] in 'vrrp add'). Checks
 * that live in userspace drive them: havsadm track set web down.
 */
#include <stdio.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "conf.h"
#include "../kmod/uapi/linux/havs.h"

struct track_obj {
	char name[TRACK_NAME_MAX + 1];
	bool up;
	uint32_t users;
	uint32_t lease_ms;	/* 0: none */
	uint32_t lease_left_ms;
	unsigned int reason;	/* enum havs_track_reason */
};

struct track_show {
	const struct opts *o;
	unsigned int count;
};

static int usage_err(const char *sub, const char *err)
{
	errmsg("track %s: %s; see 'havsadm track --help'", sub, err);
	return EXIT_USAGE;
}

static int check_name(const char *sub, const char *name)
{
	if (!track_name_ok(name)) {
		errmsg("track %s: \"%s\": names are 1 to 31 characters of A-Z a-z 0-9 _ . : -; see 'havsadm track --help'",
		       sub, name);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int request(struct havs_nl *h, uint8_t cmd, int flags, const char *name,
		   int up, unsigned long lease_ms, const char *what,
		   int (*parse)(struct nlattr **tb, void *arg), void *arg)
{
	struct nl_msg *msg = havs_nl_msg(h, cmd, flags);
	struct nlattr *nest;

	if (!msg)
		goto nomem;
	if (name) {
		nest = nla_nest_start(msg, HAVS_A_TRACK | NLA_F_NESTED);
		if (!nest || nla_put_string(msg, HAVS_TRACK_A_NAME, name) ||
		    (up >= 0 && nla_put_u8(msg, HAVS_TRACK_A_UP, up)) ||
		    (lease_ms && nla_put_u32(msg, HAVS_TRACK_A_LEASE, lease_ms)))
			goto nomem;
		nla_nest_end(msg, nest);
	}
	return havs_nl_request(h, msg, what, parse, arg);
nomem:
	nlmsg_free(msg);
	errmsg("out of memory");
	return EXIT_FAIL;
}

static int track_set(const struct opts *o, int argc, char **argv)
{
	unsigned long lease = 0;
	struct havs_nl h;
	int rc;

	(void)o;
	if (argc < 2)
		return usage_err("set", "expected NAME up|down [lease DURATION]");
	if (strcmp(argv[1], "up") && strcmp(argv[1], "down")) {
		errmsg("track set: \"%s\": expected up or down; see 'havsadm track --help'",
		       argv[1]);
		return EXIT_USAGE;
	}
	if (argc > 2 && strcmp(argv[2], "lease")) {
		errmsg("track set: unexpected \"%s\" (expected lease DURATION); see 'havsadm track --help'",
		       argv[2]);
		return EXIT_USAGE;
	}
	if (argc == 3)
		return usage_err("set", "\"lease\" needs a value, e.g. lease 10s");
	if (argc > 4) {
		errmsg(strcmp(argv[4], "lease") ?
		       "track set: unexpected argument \"%s\"; see 'havsadm track --help'" :
		       "track set: \"%s\" given twice; see 'havsadm track --help'",
		       argv[4]);
		return EXIT_USAGE;
	}
	if (argc == 4 &&
	    parse_duration_ms(argv[3], HAVS_TRACK_LEASE_MIN_MS,
			      HAVS_TRACK_LEASE_MAX_MS, &lease)) {
		errmsg("track set: lease \"%s\": expected a duration from 100ms to 24h, e.g. 10s; see 'havsadm track --help'",
		       argv[3]);
		return EXIT_USAGE;
	}
	rc = check_name("set", argv[0]);
	if (rc)
		return rc;
	rc = havs_nl_open(&h);
	if (rc)
		return rc;
	rc = request(&h, HAVS_CMD_TRACK_SET, 0, argv[0], !strcmp(argv[1], "up"),
		     lease, "track set", NULL, NULL);
	havs_nl_close(&h);
	return rc;
}

static int track_del(const struct opts *o, int argc, char **argv)
{
	struct havs_nl h;
	int rc;

	(void)o;
	if (argc > 1) {
		errmsg("track del: unexpected argument \"%s\"; see 'havsadm track --help'",
		       argv[1]);
		return EXIT_USAGE;
	}
	if (argc != 1)
		return usage_err("del", "expected NAME");
	rc = check_name("del", argv[0]);
	if (rc)
		return rc;
	rc = havs_nl_open(&h);
	if (rc)
		return rc;
	rc = request(&h, HAVS_CMD_TRACK_DEL, 0, argv[0], -1, 0, "track del",
		     NULL, NULL);
	havs_nl_close(&h);
	return rc;
}

static int on_obj(struct nlattr **tb, void *arg)
{
	struct nlattr *t[HAVS_TRACK_A_MAX + 1];
	struct track_show *s = arg;
	struct track_obj obj = { 0 };

	if (!tb[HAVS_A_TRACK] ||
	    nla_parse_nested(t, HAVS_TRACK_A_MAX, tb[HAVS_A_TRACK], NULL) ||
	    !t[HAVS_TRACK_A_NAME]) {
		errmsg("track show: malformed object from the kernel");
		return EXIT_FAIL;
	}
	snprintf(obj.name, sizeof(obj.name), "%.*s",
		 nla_len(t[HAVS_TRACK_A_NAME]),
		 (char *)nla_data(t[HAVS_TRACK_A_NAME]));
	obj.up = t[HAVS_TRACK_A_UP] && nla_get_u8(t[HAVS_TRACK_A_UP]);
	obj.users = t[HAVS_TRACK_A_USERS] ? nla_get_u32(t[HAVS_TRACK_A_USERS]) : 0;
	obj.lease_ms = t[HAVS_TRACK_A_LEASE] ? nla_get_u32(t[HAVS_TRACK_A_LEASE]) : 0;
	obj.lease_left_ms = t[HAVS_TRACK_A_LEASE_LEFT] ?
			    nla_get_u32(t[HAVS_TRACK_A_LEASE_LEFT]) : 0;
	obj.reason = t[HAVS_TRACK_A_REASON] ? nla_get_u8(t[HAVS_TRACK_A_REASON]) : 0;
	if (s->o->json) {
		printf("%s{\"name\":", s->count ? "," : "");
		json_str(stdout, obj.name);
		printf(",\"up\":%s,\"instances\":%u,\"reason\":",
		       obj.up ? "true" : "false", obj.users);
		json_str(stdout, track_reason_text(obj.reason));
		if (obj.lease_ms)
			printf(",\"lease_ms\":%u,\"lease_left_ms\":%u",
			       obj.lease_ms, obj.lease_left_ms);
		printf("}");
	} else {
		printf("%s %s instances %u", obj.name, obj.up ? "up" : "down",
		       obj.users);
		if (obj.lease_ms)
			printf(" lease %ums left %ums", obj.lease_ms,
			       obj.lease_left_ms);
		/* the one reason an operator must see: the driver went away */
		if (obj.reason == HAVS_TRACK_R_LEASE && !obj.up)
			printf(" (%s)", track_reason_text(obj.reason));
		printf("\n");
	}
	s->count++;
	return EXIT_OK;
}

static int track_show(const struct opts *o, int argc, char **argv)
{
	struct track_show s = { .o = o };
	struct havs_nl h;
	int rc;

	if (argc > 1) {
		errmsg("track show: unexpected argument \"%s\" (expected at most one NAME); see 'havsadm track --help'",
		       argv[1]);
		return EXIT_USAGE;
	}
	if (argc == 1) {
		rc = check_name("show", argv[0]);
		if (rc)
			return rc;
	}
	rc = havs_nl_open(&h);
	if (rc)
		return rc;
	if (o->json)
		printf("[");
	rc = request(&h, HAVS_CMD_TRACK_GET, argc ? 0 : NLM_F_DUMP,
		     argc ? argv[0] : NULL, -1, 0, "track show", on_obj, &s);
	if (o->json)
		printf("]\n");
	havs_nl_close(&h);
	return rc;
}

static int on_obj_conf(struct nlattr **tb, void *arg)
{
	struct nlattr *t[HAVS_TRACK_A_MAX + 1];
	struct conf_track *o;

	if (!tb[HAVS_A_TRACK] ||
	    nla_parse_nested(t, HAVS_TRACK_A_MAX, tb[HAVS_A_TRACK], NULL) ||
	    !t[HAVS_TRACK_A_NAME]) {
		errmsg("track: malformed object from the kernel");
		return EXIT_FAIL;
	}
	o = conf_track_add(arg);
	if (!o) {
		errmsg("out of memory");
		return EXIT_FAIL;
	}
	snprintf(o->name, sizeof(o->name), "%.*s", nla_len(t[HAVS_TRACK_A_NAME]),
		 (char *)nla_data(t[HAVS_TRACK_A_NAME]));
	o->up = t[HAVS_TRACK_A_UP] && nla_get_u8(t[HAVS_TRACK_A_UP]);
	o->users = t[HAVS_TRACK_A_USERS] ? nla_get_u32(t[HAVS_TRACK_A_USERS]) : 0;
	/* a module without the flag: count every object as pinned */
	o->pinned = !t[HAVS_TRACK_A_PINNED] || nla_get_u8(t[HAVS_TRACK_A_PINNED]);
	return EXIT_OK;
}

/* Every tracked object of the namespace into @cf. */
int track_conf_load(struct conf *cf)
{
	struct havs_nl h;
	int rc = havs_nl_open(&h);

	if (rc)
		return rc;
	rc = request(&h, HAVS_CMD_TRACK_GET, NLM_F_DUMP, NULL, -1, 0,
		     "track show", on_obj_conf, cf);
	havs_nl_close(&h);
	return rc;
}

static const struct cmd track_cmds[] = {
	{ .name = "set", .run = track_set, .usage = "NAME up|down [lease DURATION]",
	  .summary = "create an object or set its state; instances that track it follow at once; with a lease, it goes down unless set again in time" },
	{ .name = "del", .run = track_del, .usage = "NAME",
	  .summary = "delete an object no instance tracks" },
	{ .name = "show", .run = track_show, .usage = "[NAME]",
	  .summary = "show objects, their state and how many instances track them",
	  .json = true },
	{ .name = NULL },
};

int cmd_track(const struct opts *o, int argc, char **argv)
{
	return cmd_dispatch("track", track_cmds,
			    "NAME: 1 to 31 characters of A-Z a-z 0-9 _ . : -\n",
			    track_show, o, argc, argv);
}
