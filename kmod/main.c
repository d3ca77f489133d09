// SPDX-License-Identifier: GPL-2.0
/*
 * havs: High-Availability Virtual Server.
 *
 * Module entry and exit, and the per network namespace state. Each
 * subsystem has its own init/exit pair; this file only orders them.
 */

#include <linux/module.h>
#include <linux/init.h>
#include <generated/utsrelease.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>

#include "uapi/linux/havs.h"
#include "havs.h"

unsigned int havs_net_id __read_mostly;
bool havs_unloading;

static int __net_init havs_net_init(struct net *net)
{
	struct havs_net *hn = havs_pernet(net);

	hn->net = net;
	ratelimit_state_init(&hn->log_rs, HAVS_LOG_INTERVAL_S * HZ,
			     HAVS_NS_LOG_BURST);
	ratelimit_set_flags(&hn->log_rs, RATELIMIT_MSG_ON_RELEASE);
	havs_vrrp_net_init(hn);
	havs_track_net_init(hn);
	havs_announce_net_init(hn);
	havs_health_net_init(hn);
	havs_info(hn, HAVS_V_DEBUG, "netns %llu: state created\n",
		  net->net_cookie);
	return 0;
}

/*
 * Before the namespace's devices go: masters still have a link to send
 * priority 0 on, so their backups take over after Skew_Time instead of
 * Master_Down_Interval.
 */
static void __net_exit havs_net_pre_exit(struct net *net)
{
	havs_vrrp_net_exit(havs_pernet(net));
}

static void __net_exit havs_net_exit(struct net *net)
{
	struct havs_net *hn = havs_pernet(net);

	havs_vrrp_net_exit(hn);
	/*
	 * Health before tracking: the health exit stops track_work, which
	 * would otherwise create a tracked object after the objects went.
	 */
	havs_health_net_exit(hn);
	/* the devices, and with them the announcements, went before */
	havs_announce_net_exit(hn);
	havs_track_net_exit(hn);
	havs_info(hn, HAVS_V_DEBUG, "netns %llu: state destroyed\n",
		  net->net_cookie);
}

static struct pernet_operations havs_net_ops = {
	.init = havs_net_init,
	.pre_exit = havs_net_pre_exit,
	.exit = havs_net_exit,
	.id = &havs_net_id,
	.size = sizeof(struct havs_net),
};

static int __init havs_init(void)
{
	int err;

	ratelimit_set_flags(&havs_log_rs, RATELIMIT_MSG_ON_RELEASE);
	err = havs_health_init();
	if (err)
		goto err_out;
	err = register_pernet_subsys(&havs_net_ops);
	if (err)
		goto err_health;
	err = havs_vrrp_init();
	if (err)
		goto err_pernet;
	err = havs_announce_init();
	if (err)
		goto err_vrrp;
	err = havs_netlink_init();
	if (err)
		goto err_announce;
	/* last: from here on IPVS may bind services to our schedulers */
	err = havs_sched_init();
	if (err)
		goto err_netlink;

	havs_info_module("loaded version %s (netlink api %d, built for %s)\n",
			 HAVS_VERSION, HAVS_GENL_VERSION, UTS_RELEASE);
	return 0;

err_netlink:
	havs_netlink_exit();
err_announce:
	havs_announce_exit();
err_vrrp:
	havs_vrrp_exit();
err_pernet:
	unregister_pernet_subsys(&havs_net_ops);
err_health:
	havs_health_exit();
err_out:
	pr_err("failed to load: error %d\n", err);
	return err;
}

static void __exit havs_exit(void)
{
	/* no service uses them: each would hold a reference on the module */
	havs_sched_exit();
	havs_netlink_exit();
	/* deletes the devices of kind havs: routing daemons withdraw */
	havs_announce_exit();
	/*
	 * Every namespace's state goes through the pernet hooks, which walk
	 * the namespaces under the pernet lock (no for_each_net() of ours);
	 * told that the module goes, they also delete the instances' macvlans.
	 */
	WRITE_ONCE(havs_unloading, true);
	unregister_pernet_subsys(&havs_net_ops);
	havs_vrrp_exit();
	havs_health_exit();
	havs_log_flush();
	havs_info_module("unloaded version %s\n", HAVS_VERSION);
}

module_init(havs_init);
module_exit(havs_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("havs: in-kernel VRRP and health-checked IPVS scheduling");
MODULE_AUTHOR("The havs developers");
MODULE_VERSION(HAVS_VERSION);
MODULE_ALIAS_GENL_FAMILY(HAVS_GENL_NAME);
