// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for netlink.c: what the version reply carries and how it
 * behaves when the message is too small; and that SERVER_SET's policy
 * refuses the attributes of replies.
 */

#include <kunit/test.h>
#include <linux/utsname.h>
#include <generated/utsrelease.h>
#include <net/netlink.h>

#include "uapi/linux/havs.h"
#include "havs.h"

/* What a userspace parser of the reply expects: havsadm uses the same. */
static const struct nla_policy havs_test_version_policy[HAVS_A_MAX + 1] = {
	[HAVS_A_VERSION] = { .type = NLA_NUL_STRING },
	[HAVS_A_API] = { .type = NLA_U32 },
	[HAVS_A_BUILT_FOR] = { .type = NLA_NUL_STRING },
	[HAVS_A_KERNEL] = { .type = NLA_NUL_STRING },
	[HAVS_A_NETNS_COOKIE] = { .type = NLA_U64 },
	[HAVS_A_PAD] = { .type = NLA_UNSPEC },
};

static void havs_netlink_version_reply(struct kunit *test)
{
	struct nlattr *tb[HAVS_A_MAX + 1];
	struct sk_buff *skb;
	int err;

	skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);

	KUNIT_ASSERT_EQ(test, havs_nl_put_version(skb, &init_net), 0);
	err = nla_parse(tb, HAVS_A_MAX, (struct nlattr *)skb->data, skb->len,
			havs_test_version_policy, NULL);
	KUNIT_ASSERT_EQ(test, err, 0);

	KUNIT_ASSERT_NOT_NULL(test, tb[HAVS_A_VERSION]);
	KUNIT_EXPECT_STREQ(test, (char *)nla_data(tb[HAVS_A_VERSION]),
			   HAVS_VERSION);
	KUNIT_ASSERT_NOT_NULL(test, tb[HAVS_A_API]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[HAVS_A_API]),
			(u32)HAVS_GENL_VERSION);
	KUNIT_ASSERT_NOT_NULL(test, tb[HAVS_A_BUILT_FOR]);
	KUNIT_EXPECT_STREQ(test, (char *)nla_data(tb[HAVS_A_BUILT_FOR]),
			   UTS_RELEASE);
	KUNIT_ASSERT_NOT_NULL(test, tb[HAVS_A_KERNEL]);
	KUNIT_EXPECT_STREQ(test, (char *)nla_data(tb[HAVS_A_KERNEL]),
			   init_utsname()->release);
	KUNIT_ASSERT_NOT_NULL(test, tb[HAVS_A_NETNS_COOKIE]);
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[HAVS_A_NETNS_COOKIE]),
			init_net.net_cookie);
	kfree_skb(skb);
}

static void havs_netlink_version_no_room(struct kunit *test)
{
	int first = nla_total_size(sizeof(HAVS_VERSION));
	struct sk_buff *skb;
	unsigned int len0;

	skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	/* Leave room for the first attribute only. */
	len0 = skb_tailroom(skb) - first;
	skb_put_zero(skb, len0);

	KUNIT_EXPECT_EQ(test, havs_nl_put_version(skb, &init_net), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, skb->len, len0 + first);
	KUNIT_EXPECT_EQ(test, skb_tailroom(skb), 0);
	kfree_skb(skb);
}

/*
 * SERVER_SET with a server nest that also carries attributes of replies:
 * the histogram's are refused, as is the last round trip; the nest alone
 * passes.
 */
static int havs_test_server_set(struct kunit *test, int extra)
{
	struct netlink_ext_ack extack = {};
	struct nlattr *tb[HAVS_A_MAX + 1];
	u64 hist[HAVS_RTT_NBUCKETS + 1] = {};
	struct nlattr *nest;
	struct sk_buff *skb;
	int err;

	skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	nest = nla_nest_start(skb, HAVS_A_SERVER);
	KUNIT_ASSERT_NOT_NULL(test, nest);
	KUNIT_ASSERT_EQ(test, nla_put_u16(skb, HAVS_SERVER_A_AF, AF_INET), 0);
	KUNIT_ASSERT_EQ(test, nla_put_be32(skb, HAVS_SERVER_A_ADDR4,
					   htonl(0x0a010002)), 0);
	KUNIT_ASSERT_EQ(test, nla_put_be16(skb, HAVS_SERVER_A_PORT, htons(80)), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u8(skb, HAVS_SERVER_A_UP, 1), 0);
	if (extra == HAVS_SERVER_A_RTT_HIST)
		KUNIT_ASSERT_EQ(test, nla_put(skb, extra, sizeof(hist), hist), 0);
	else if (extra == HAVS_SERVER_A_RTT_SUM)
		KUNIT_ASSERT_EQ(test, nla_put_u64_64bit(skb, extra, 1,
							HAVS_SERVER_A_PAD), 0);
	else if (extra)
		KUNIT_ASSERT_EQ(test, nla_put_u32(skb, extra, 1), 0);
	nla_nest_end(skb, nest);
	err = nla_parse(tb, HAVS_A_MAX, (struct nlattr *)skb->data, skb->len,
			havs_nl_server_set_policy, &extack);
	if (err)
		KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	kfree_skb(skb);
	return err;
}

static void havs_netlink_server_set_reply_only(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, havs_test_server_set(test, 0), 0);
	KUNIT_EXPECT_EQ(test, havs_test_server_set(test, HAVS_SERVER_A_RTT_HIST),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, havs_test_server_set(test, HAVS_SERVER_A_RTT_SUM),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, havs_test_server_set(test, HAVS_SERVER_A_RTT),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, havs_test_server_set(test, HAVS_SERVER_A_METHOD),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, havs_test_server_set(test, HAVS_SERVER_A_ERRNO),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, havs_test_server_set(test, HAVS_SERVER_A_RUN),
			-EINVAL);
	/* beyond the last attribute known */
	KUNIT_EXPECT_EQ(test, havs_test_server_set(test, HAVS_SERVER_A_MAX + 1),
			-EINVAL);
}

/*
 * An address comes in the attribute of its family: the other family's is
 * refused, and so is none, each with a message; the one of the family is
 * read whole.
 */
static void havs_netlink_addr_by_family(struct kunit *test)
{
	static const struct in6_addr a6 = { .s6_addr = { 0xfe, 0x80, [15] = 1 } };
	struct netlink_ext_ack extack = {};
	struct nlattr *v4, *v6;
	union nf_inet_addr out;
	struct sk_buff *skb;

	skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_EQ(test, nla_put_in_addr(skb, HAVS_SVC_A_ADDR4,
					      htonl(0x0a000064)), 0);
	v4 = (struct nlattr *)skb->data;
	KUNIT_ASSERT_EQ(test, nla_put_in6_addr(skb, HAVS_SVC_A_ADDR6, &a6), 0);
	v6 = nla_next(v4, &(int){ skb->len });

	memset(&out, 0xff, sizeof(out));
	KUNIT_EXPECT_EQ(test, havs_nl_get_addr(v4, NULL, AF_INET, &out, NULL,
					       &extack), 0);
	KUNIT_EXPECT_EQ(test, ntohl(out.ip), 0x0a000064U);
	KUNIT_EXPECT_EQ(test, havs_nl_get_addr(NULL, v6, AF_INET6, &out, NULL,
					       &extack), 0);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&out.in6, &a6));

	KUNIT_EXPECT_EQ(test, havs_nl_get_addr(v4, v6, AF_INET, &out, NULL,
					       &extack), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, extack.bad_attr, (const struct nlattr *)v6);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	extack = (struct netlink_ext_ack){};
	KUNIT_EXPECT_EQ(test, havs_nl_get_addr(v4, NULL, AF_INET6, &out, NULL,
					       &extack), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, extack.bad_attr, (const struct nlattr *)v4);
	extack = (struct netlink_ext_ack){};
	KUNIT_EXPECT_EQ(test, havs_nl_get_addr(NULL, NULL, AF_INET, &out, NULL,
					       &extack), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	kfree_skb(skb);
}

static struct kunit_case havs_netlink_cases[] = {
	KUNIT_CASE(havs_netlink_addr_by_family),
	KUNIT_CASE(havs_netlink_version_reply),
	KUNIT_CASE(havs_netlink_version_no_room),
	KUNIT_CASE(havs_netlink_server_set_reply_only),
	{}
};

static struct kunit_suite havs_netlink_suite = {
	.name = "havs_netlink",
	.test_cases = havs_netlink_cases,
};

kunit_test_suite(havs_netlink_suite);
