// SPDX-License-Identifier: GPL-2.0
/*
 * havsadm stats: the counters of the namespace that no single instance or
 * server accounts for (per-instance counters are in 'vrrp show').
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "havsadm.h"
#include "prom.h"
#include "../kmod/uapi/linux/havs.h"

/* One name per counter, in the order of enum havs_stat: a stable format. */
static const char *const stat_names[HAVS_STAT_MAX + 1] = {
	[HAVS_STAT_VRRP_SHORT] = "vrrp_rx_short",
	[HAVS_STAT_VRRP_NO_INSTANCE] = "vrrp_rx_no_instance",
	[HAVS_STAT_PROBE_TARGETS] = "probe_targets",
};

struct ns_stats {
	uint64_t val[HAVS_STAT_MAX + 1];
	bool have[HAVS_STAT_MAX + 1];
};

static int parse_stats(struct nlattr **tb, void *arg)
{
	struct ns_stats *st = arg;
	struct nlattr *a;
	int rem;

	if (!tb[HAVS_A_STATS]) {
		errmsg("stats: the kernel's reply has no counters");
		return EXIT_FAIL;
	}
	nla_for_each_nested(a, tb[HAVS_A_STATS], rem) {
		int t = nla_type(a);

		/* Counters a newer module adds are skipped, not misread. */
		if (t <= 0 || t > HAVS_STAT_MAX || !stat_names[t] ||
		    nla_len(a) != sizeof(uint64_t))
			continue;
		st->val[t] = nla_get_u64(a);
		st->have[t] = true;
	}
	return EXIT_OK;
}

static const enum prom_metric stat_metric[HAVS_STAT_MAX + 1] = {
	[HAVS_STAT_VRRP_SHORT] = PROM_VRRP_RX_SHORT,
	[HAVS_STAT_VRRP_NO_INSTANCE] = PROM_VRRP_RX_NO_INSTANCE,
	[HAVS_STAT_PROBE_TARGETS] = PROM_PROBE_TARGETS,
};

int cmd_stats(const struct opts *o, int argc, char **argv)
{
	struct ns_stats st = { 0 };
	const char *sep = "";
	struct havs_nl h;
	struct nl_msg *msg;
	bool prom = false;
	int rc, i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--prometheus") || prom) {
			errmsg("stats: unexpected argument \"%s\"; expected [--prometheus]",
			       argv[i]);
			return EXIT_USAGE;
		}
		prom = true;
	}
	/* the exposition format is text: -j would be ignored */
	if (prom && refuse_json(o, "stats --prometheus"))
		return EXIT_USAGE;
	rc = havs_nl_open(&h);
	if (rc)
		return rc;
	msg = havs_nl_msg(&h, HAVS_CMD_STATS_GET, 0);
	if (!msg) {
		havs_nl_close(&h);
		errmsg("out of memory");
		return EXIT_FAIL;
	}
	rc = havs_nl_request(&h, msg, "stats", parse_stats, &st);
	havs_nl_close(&h);
	if (rc)
		return rc;
	if (prom) {
		rc = vrrp_prometheus();
		if (!rc)
			rc = check_prometheus();
		if (!rc)
			rc = announce_prometheus();
		for (i = 1; !rc && i <= HAVS_STAT_MAX; i++)
			if (st.have[i] && prom_add(stat_metric[i], "", st.val[i]))
				rc = EXIT_FAIL;
		prom_print(rc ? NULL : stdout);	/* frees the samples either way */
		return rc;
	}

	if (o->json)
		putchar('{');
	for (i = 1; i <= HAVS_STAT_MAX; i++) {
		if (!st.have[i])
			continue;
		if (o->json)
			printf("%s\"%s\":%" PRIu64, sep, stat_names[i], st.val[i]);
		else
			printf("%s %" PRIu64 "\n", stat_names[i], st.val[i]);
		sep = ",";
	}
	if (o->json)
		printf("}\n");
	return EXIT_OK;
}
