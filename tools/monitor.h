/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's events as monitor.c decodes them, for the other readers of
 * the "events" group (havsadm agent).
 */
#ifndef HAVSADM_MONITOR_H
#define HAVSADM_MONITOR_H

#include <netinet/in.h>
#include <arpa/inet.h>

#include "havsadm.h"

struct nlmsghdr;

/* One VRRP state change, as the event describes it. */
struct vrrp_event {
	unsigned int ifindex, vrid, family, version;
	unsigned int state, prev_state, priority;
	char reason[80];
	char master[INET6_ADDRSTRLEN];	/* "" when unknown */
	uint64_t when_ns;		/* CLOCK_REALTIME; 0 when not given */
};

/* One server's health change. */
struct health_event {
	char service[80];		/* "tcp 10.0.0.100:80", as havsadm takes it */
	char log_service[80];		/* "TCP 10.0.0.100:80", as the kernel logs it */
	char server[64];
	bool up;
	char reason[96];
	uint64_t when_ns;
};

/* A tracked object's change of state. */
struct track_event {
	char name[TRACK_NAME_MAX + 1];
	bool up;
	const char *reason;
};

/* tb[HAVS_A_MAX + 1] of an event; 0 or a libnl error */
int monitor_parse(struct nlmsghdr *nlh, struct nlattr **tb);
/* the %HAVS_A_VRRP nest of an event or a VRRP_GET reply; 0 or -1 */
int parse_vrrp_event(struct nlattr *nest, struct vrrp_event *ev);
/* %HAVS_A_SERVICE + %HAVS_A_SERVER of an event or SERVER_GET reply */
int parse_health_event(struct nlattr **tb, struct health_event *ev);
/* %HAVS_A_TRACK of an event or TRACK_GET reply */
int parse_track_event(struct nlattr **tb, struct track_event *ev);
/* join @group of @family; a negative libnl error when that fails */
int monitor_join(struct havs_nl *h, const char *family, const char *group);

#endif /* HAVSADM_MONITOR_H */
