// SPDX-License-Identifier: GPL-2.0
/* havsadm version: the CLI's version and the loaded module's. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "havsadm.h"
#include "../kmod/version.h"
#include "../kmod/uapi/linux/havs.h"

struct module_version {
	char version[64];
	char built_for[128];
	char kernel[128];
	uint32_t api;
	uint64_t cookie;
	bool have_cookie;
};

static void copy_str(char *dst, size_t size, const struct nlattr *a)
{
	snprintf(dst, size, "%.*s", a ? nla_len(a) : 0,
		 a ? (const char *)nla_data(a) : "");
}

static int parse_version(struct nlattr **tb, void *arg)
{
	struct module_version *v = arg;

	if (!tb[HAVS_A_VERSION] || !tb[HAVS_A_API]) {
		errmsg("version: the kernel's reply lacks the version attributes");
		return EXIT_FAIL;
	}
	copy_str(v->version, sizeof(v->version), tb[HAVS_A_VERSION]);
	copy_str(v->built_for, sizeof(v->built_for), tb[HAVS_A_BUILT_FOR]);
	copy_str(v->kernel, sizeof(v->kernel), tb[HAVS_A_KERNEL]);
	v->api = nla_get_u32(tb[HAVS_A_API]);
	if (tb[HAVS_A_NETNS_COOKIE]) {
		v->cookie = nla_get_u64(tb[HAVS_A_NETNS_COOKIE]);
		v->have_cookie = true;
	}
	return EXIT_OK;
}

int cmd_version(const struct opts *o, int argc, char **argv)
{
	struct module_version v = { 0 };
	struct havs_nl h;
	struct nl_msg *msg;
	int rc;

	if (argc > 1) {
		errmsg("version: unexpected argument \"%s\"", argv[1]);
		return EXIT_USAGE;
	}
	if (!o->json)
		printf("havsadm %s\n", HAVS_VERSION);
	fflush(stdout);

	/* GET_VERSION is the same in every API: it says whether they differ */
	havs_nl_any_api = true;
	rc = havs_nl_open(&h);
	havs_nl_any_api = false;
	if (rc)
		return rc;
	msg = havs_nl_msg(&h, HAVS_CMD_GET_VERSION, 0);
	if (!msg) {
		havs_nl_close(&h);
		errmsg("out of memory");
		return EXIT_FAIL;
	}
	rc = havs_nl_request(&h, msg, "version", parse_version, &v);
	havs_nl_close(&h);
	if (rc)
		return rc;

	if (o->json) {
		printf("{\"havsadm\":");
		json_str(stdout, HAVS_VERSION);
		printf(",\"module\":{\"version\":");
		json_str(stdout, v.version);
		printf(",\"api\":%" PRIu32 ",\"built_for\":", v.api);
		json_str(stdout, v.built_for);
		printf(",\"kernel\":");
		json_str(stdout, v.kernel);
		if (v.have_cookie)
			printf(",\"netns_cookie\":%" PRIu64, v.cookie);
		printf("}}\n");
	} else {
		printf("havs.ko %s (netlink api %" PRIu32 ", built for %s, running %s)\n",
		       v.version, v.api, v.built_for, v.kernel);
		if (v.api != HAVS_GENL_VERSION)
			errmsg("warning: havsadm speaks netlink api %d, the module %" PRIu32,
			       HAVS_GENL_VERSION, v.api);
	}
	return EXIT_OK;
}
