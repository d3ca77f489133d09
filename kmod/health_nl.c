// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink side of the health probes: per-service check settings
 * (CHECK_SET / DEL / GET), the servers of havs-scheduled services with
 * their health (SERVER_GET), health set from userspace for external
 * checks (SERVER_SET), and health events.
 */

#include <linux/ctype.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "havs.h"

static struct netlink_range_validation slow_start_range = {
	.max = 3600000,
};

static struct netlink_range_validation track_min_range = {
	.min = 1, .max = 65535,
};

static struct netlink_range_validation interval_range = {
	.min = 100, .max = 3600000,
};

static struct netlink_range_validation timeout_range = {
	.min = 10, .max = 600000,
};

static struct netlink_range_validation retry_range = {
	.min = 10, .max = 3600000,
};

static const struct nla_policy havs_svc_policy[HAVS_SVC_A_MAX + 1] = {
	[HAVS_SVC_A_AF] = NLA_POLICY_RANGE(NLA_U16, AF_INET, AF_INET6),
	[HAVS_SVC_A_PROTOCOL] = NLA_POLICY_RANGE(NLA_U16, 1, 255),
	[HAVS_SVC_A_ADDR4] = HAVS_NLA_POLICY_ADDR4,
	[HAVS_SVC_A_ADDR6] = HAVS_NLA_POLICY_ADDR6,
	[HAVS_SVC_A_PORT] = HAVS_NLA_POLICY_PORT_SET,
	[HAVS_SVC_A_FWMARK] = NLA_POLICY_MIN(NLA_U32, 1),
	[HAVS_SVC_A_SCHED] = { .type = NLA_REJECT },
	[HAVS_SVC_A_SLOW_START] = NLA_POLICY_FULL_RANGE(NLA_U32, &slow_start_range),
	[HAVS_SVC_A_TRACK] = { .type = NLA_NUL_STRING, .len = HAVS_TRACK_NAME_LEN - 1 },
	[HAVS_SVC_A_TRACK_MIN] = NLA_POLICY_FULL_RANGE(NLA_U32, &track_min_range),
	[HAVS_SVC_A_SORRY_ADDR4] = HAVS_NLA_POLICY_ADDR4,
	[HAVS_SVC_A_SORRY_ADDR6] = HAVS_NLA_POLICY_ADDR6,
	[HAVS_SVC_A_DIGEST] = { .type = NLA_REJECT },
	[HAVS_SVC_A_PAD] = { .type = NLA_REJECT },
	[HAVS_SVC_A_SORRY_PORT] = HAVS_NLA_POLICY_PORT_SET,
	[HAVS_SVC_A_EXPIRE] = NLA_POLICY_MAX(NLA_U8, 1),
};

static const struct nla_policy havs_check_policy[HAVS_CHECK_A_MAX + 1] = {
	[HAVS_CHECK_A_TYPE] = NLA_POLICY_MAX(NLA_U8, __HAVS_CHECK_TYPE_MAX - 1),
	[HAVS_CHECK_A_PORT] = HAVS_NLA_POLICY_PORT,
	[HAVS_CHECK_A_INTERVAL] = NLA_POLICY_FULL_RANGE(NLA_U32, &interval_range),
	[HAVS_CHECK_A_TIMEOUT] = NLA_POLICY_FULL_RANGE(NLA_U32, &timeout_range),
	[HAVS_CHECK_A_RETRY] = NLA_POLICY_FULL_RANGE(NLA_U32, &retry_range),
	[HAVS_CHECK_A_RISE] = NLA_POLICY_RANGE(NLA_U8, 1, 100),
	[HAVS_CHECK_A_FALL] = NLA_POLICY_RANGE(NLA_U8, 1, 100),
	[HAVS_CHECK_A_INITIAL_UP] = NLA_POLICY_MAX(NLA_U8, 1),
	[HAVS_CHECK_A_HTTP_PATH] = { .type = NLA_NUL_STRING,
				     .len = HAVS_CHECK_PATH_LEN - 1 },
	[HAVS_CHECK_A_HTTP_HOST] = { .type = NLA_NUL_STRING,
				     .len = HAVS_CHECK_HOST_LEN - 1 },
	[HAVS_CHECK_A_HTTP_CODES] = { .type = NLA_NUL_STRING,
				      .len = HAVS_CHECK_CODES_LEN - 1 },
	[HAVS_CHECK_A_HTTP_BODY] = { .type = NLA_BINARY,
				     .len = HAVS_CHECK_BODY_LEN },
	[HAVS_CHECK_A_UDP_PAYLOAD] = { .type = NLA_BINARY,
				       .len = HAVS_CHECK_PAYLOAD_LEN },
	[HAVS_CHECK_A_DNS_NAME] = { .type = NLA_NUL_STRING,
				    .len = HAVS_CHECK_NAME_LEN - 1 },
	[HAVS_CHECK_A_DNS_QTYPE] = NLA_POLICY_MIN(NLA_U16, 1),
	[HAVS_CHECK_A_DNS_RCODE] = NLA_POLICY_MAX(NLA_U8, 15),
	[HAVS_CHECK_A_DNS_ANSWER4] = HAVS_NLA_POLICY_ADDR4,
	[HAVS_CHECK_A_DNS_ANSWER6] = HAVS_NLA_POLICY_ADDR6,
	[HAVS_CHECK_A_TLS_SNI] = { .type = NLA_NUL_STRING,
				   .len = HAVS_CHECK_NAME_LEN - 1 },
	[HAVS_CHECK_A_SMTP_HELO] = { .type = NLA_NUL_STRING,
				     .len = HAVS_CHECK_NAME_LEN - 1 },
};

static const struct nla_policy havs_server_policy[HAVS_SERVER_A_MAX + 1] = {
	[HAVS_SERVER_A_AF] = NLA_POLICY_RANGE(NLA_U16, AF_INET, AF_INET6),
	[HAVS_SERVER_A_ADDR4] = HAVS_NLA_POLICY_ADDR4,
	[HAVS_SERVER_A_ADDR6] = HAVS_NLA_POLICY_ADDR6,
	[HAVS_SERVER_A_PORT] = HAVS_NLA_POLICY_PORT,
	[HAVS_SERVER_A_UP] = NLA_POLICY_MAX(NLA_U8, 1),
	/* replies only (unlisted ones are NLA_UNSPEC: refused too) */
	[HAVS_SERVER_A_RTT_HIST] = { .type = NLA_REJECT },
	[HAVS_SERVER_A_RTT_SUM] = { .type = NLA_REJECT },
};

/* each command takes only the nests it reads: anything else is refused */
const struct nla_policy havs_nl_check_set_policy[HAVS_A_MAX + 1] = {
	[HAVS_A_SERVICE] = NLA_POLICY_NESTED(havs_svc_policy),
	[HAVS_A_CHECK] = NLA_POLICY_NESTED(havs_check_policy),
};

const struct nla_policy havs_nl_check_del_policy[HAVS_A_MAX + 1] = {
	[HAVS_A_SERVICE] = NLA_POLICY_NESTED(havs_svc_policy),
};

const struct nla_policy havs_nl_server_set_policy[HAVS_A_MAX + 1] = {
	[HAVS_A_SERVICE] = NLA_POLICY_NESTED(havs_svc_policy),
	[HAVS_A_SERVER] = NLA_POLICY_NESTED(havs_server_policy),
};
EXPORT_SYMBOL_IF_KUNIT(havs_nl_server_set_policy);

static int health_nl_parse_addr(const struct nlattr *a4, const struct nlattr *a6,
				u16 af, union nf_inet_addr *out,
				const struct nlattr *nest,
				struct netlink_ext_ack *extack)
{
	memset(out, 0, sizeof(*out));
	return havs_nl_get_addr(a4, a6, af, out, nest, extack);
}

/* options of a service (HAVS_CMD_CHECK_SET) */
struct svc_opts {
	u32 slow_start;
	char track[HAVS_TRACK_NAME_LEN];
	u32 track_min;
	bool has_sorry;
	__be16 sorry_port;
	union nf_inet_addr sorry_addr;
	bool expire;
};

/* the service named by HAVS_A_SERVICE, and its options if @o */
static int health_nl_parse_svc(struct genl_info *info, struct havs_svc_key *k,
			       struct svc_opts *o)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *nest = info->attrs[HAVS_A_SERVICE];
	struct nlattr *tb[HAVS_SVC_A_MAX + 1];
	int err;

	if (!nest) {
		NL_SET_ERR_ATTR_MISS(extack, NULL, HAVS_A_SERVICE);
		NL_SET_ERR_MSG(extack, "missing the service (HAVS_A_SERVICE nest)");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, HAVS_SVC_A_MAX, info->attrs[HAVS_A_SERVICE],
			       havs_svc_policy, extack);
	if (err)
		return err;
	memset(k, 0, sizeof(*k));
	if (!tb[HAVS_SVC_A_AF]) {
		NL_SET_ERR_MSG(extack, "the service's family (HAVS_SVC_A_AF) is missing");
		return -EINVAL;
	}
	k->af = nla_get_u16(tb[HAVS_SVC_A_AF]);
	if (k->af != AF_INET && k->af != AF_INET6) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_SVC_A_AF],
				    "the family is AF_INET or AF_INET6");
		return -EINVAL;
	}
	if (o) {
		o->slow_start = tb[HAVS_SVC_A_SLOW_START] ?
			nla_get_u32(tb[HAVS_SVC_A_SLOW_START]) : 0;
		o->track_min = tb[HAVS_SVC_A_TRACK_MIN] ?
			nla_get_u32(tb[HAVS_SVC_A_TRACK_MIN]) : 1;
		o->track[0] = '\0';
		if (tb[HAVS_SVC_A_TRACK]) {
			nla_strscpy(o->track, tb[HAVS_SVC_A_TRACK], sizeof(o->track));
			if (!havs_track_name_ok(o->track)) {
				NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_SVC_A_TRACK],
						    "names are 1 to 31 characters of A-Z a-z 0-9 _ . : -");
				return -EINVAL;
			}
		} else if (tb[HAVS_SVC_A_TRACK_MIN]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_SVC_A_TRACK_MIN],
					    "a minimum of servers up needs a tracked object");
			return -EINVAL;
		}
		o->expire = tb[HAVS_SVC_A_EXPIRE] &&
			    nla_get_u8(tb[HAVS_SVC_A_EXPIRE]);
		o->has_sorry = tb[HAVS_SVC_A_SORRY_ADDR4] ||
			       tb[HAVS_SVC_A_SORRY_ADDR6] || tb[HAVS_SVC_A_SORRY_PORT];
		if (o->has_sorry) {
			if (!tb[HAVS_SVC_A_SORRY_PORT]) {
				NL_SET_ERR_MSG(extack, "a sorry server has an address and a port");
				return -EINVAL;
			}
			err = health_nl_parse_addr(tb[HAVS_SVC_A_SORRY_ADDR4],
						   tb[HAVS_SVC_A_SORRY_ADDR6], k->af,
						   &o->sorry_addr, nest, extack);
			if (err)
				return err;
			o->sorry_port = nla_get_be16(tb[HAVS_SVC_A_SORRY_PORT]);
		}
	} else if (tb[HAVS_SVC_A_SLOW_START] || tb[HAVS_SVC_A_TRACK] ||
		   tb[HAVS_SVC_A_TRACK_MIN] || tb[HAVS_SVC_A_SORRY_ADDR4] ||
		   tb[HAVS_SVC_A_SORRY_ADDR6] || tb[HAVS_SVC_A_SORRY_PORT] ||
		   tb[HAVS_SVC_A_EXPIRE]) {
		NL_SET_ERR_MSG(extack, "service options are set with the check settings");
		return -EINVAL;
	}
	if (tb[HAVS_SVC_A_FWMARK]) {
		if (tb[HAVS_SVC_A_PROTOCOL] || tb[HAVS_SVC_A_ADDR4] ||
		    tb[HAVS_SVC_A_ADDR6] || tb[HAVS_SVC_A_PORT]) {
			NL_SET_ERR_MSG(extack, "a service is a fwmark or protocol/address/port");
			return -EINVAL;
		}
		k->fwmark = nla_get_u32(tb[HAVS_SVC_A_FWMARK]);
		return 0;
	}
	if (!tb[HAVS_SVC_A_PROTOCOL] || !tb[HAVS_SVC_A_PORT]) {
		NL_SET_ERR_MSG(extack, "a service needs protocol, address, port, or a fwmark");
		return -EINVAL;
	}
	k->protocol = nla_get_u16(tb[HAVS_SVC_A_PROTOCOL]);
	if (k->protocol != IPPROTO_TCP && k->protocol != IPPROTO_UDP &&
	    k->protocol != IPPROTO_SCTP) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_SVC_A_PROTOCOL],
				    "the protocol is TCP, UDP or SCTP");
		return -EINVAL;
	}
	k->port = nla_get_be16(tb[HAVS_SVC_A_PORT]);
	return health_nl_parse_addr(tb[HAVS_SVC_A_ADDR4], tb[HAVS_SVC_A_ADDR6],
				    k->af, &k->addr, nest, extack);
}

static bool health_nl_printable(const char *s, bool slash_first)
{
	if (slash_first && *s != '/')
		return false;
	for (; *s; s++)
		if (!isgraph(*s))
			return false;
	return true;
}

/* a host name for SNI or HELO: a DNS name, not the root */
static bool health_nl_host_ok(struct nlattr *a, char *out, size_t len)
{
	u8 q[HAVS_DNS_QUERY_MAX];

	nla_strscpy(out, a, len);
	return strcmp(out, ".") && havs_dns_query(q, sizeof(q), 0, out, 1) >= 0;
}

/* the settings of checks of type dns, tls and smtp */
static int health_nl_parse_proto(struct nlattr **tb, struct havs_check *c,
				 struct netlink_ext_ack *extack)
{
	u8 q[HAVS_DNS_QUERY_MAX];
	struct nlattr *a;

	if (c->type != HAVS_CHECK_DNS) {
		a = tb[HAVS_CHECK_A_DNS_NAME] ?: tb[HAVS_CHECK_A_DNS_QTYPE] ?:
		    tb[HAVS_CHECK_A_DNS_RCODE] ?: tb[HAVS_CHECK_A_DNS_ANSWER4] ?:
		    tb[HAVS_CHECK_A_DNS_ANSWER6];
		if (a) {
			NL_SET_ERR_MSG_ATTR(extack, a, "DNS settings are for checks of type dns");
			return -EINVAL;
		}
	} else {
		a = tb[HAVS_CHECK_A_DNS_NAME];
		if (!a) {
			NL_SET_ERR_ATTR_MISS(extack, NULL, HAVS_CHECK_A_DNS_NAME);
			NL_SET_ERR_MSG(extack, "a check of type dns needs a name to ask for");
			return -EINVAL;
		}
		nla_strscpy(c->dns_name, a, sizeof(c->dns_name));
		if (tb[HAVS_CHECK_A_DNS_QTYPE])
			c->dns_qtype = nla_get_u16(tb[HAVS_CHECK_A_DNS_QTYPE]);
		if (havs_dns_query(q, sizeof(q), 0, c->dns_name, c->dns_qtype) < 0) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "the DNS name is labels of 1 to 63 printable characters, at most 253 (\".\" is the root)");
			return -EINVAL;
		}
		if (tb[HAVS_CHECK_A_DNS_RCODE])
			c->dns.rcode = nla_get_u8(tb[HAVS_CHECK_A_DNS_RCODE]);
		if (tb[HAVS_CHECK_A_DNS_ANSWER4] && tb[HAVS_CHECK_A_DNS_ANSWER6]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_CHECK_A_DNS_ANSWER6],
					    "one expected address, IPv4 or IPv6");
			return -EINVAL;
		}
		if ((tb[HAVS_CHECK_A_DNS_ANSWER4] && c->dns_qtype != HAVS_DNS_QTYPE_A) ||
		    (tb[HAVS_CHECK_A_DNS_ANSWER6] && c->dns_qtype != HAVS_DNS_QTYPE_AAAA)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_CHECK_A_DNS_ANSWER4] ?:
					    tb[HAVS_CHECK_A_DNS_ANSWER6],
					    "an expected IPv4 address needs query type A, an IPv6 one AAAA");
			return -EINVAL;
		}
		if (tb[HAVS_CHECK_A_DNS_ANSWER4]) {
			__be32 ip = nla_get_in_addr(tb[HAVS_CHECK_A_DNS_ANSWER4]);

			c->dns.af = AF_INET;
			memcpy(c->dns.addr, &ip, 4);
		} else if (tb[HAVS_CHECK_A_DNS_ANSWER6]) {
			c->dns.af = AF_INET6;
			nla_memcpy(c->dns.addr, tb[HAVS_CHECK_A_DNS_ANSWER6], 16);
		}
	}
	a = tb[HAVS_CHECK_A_TLS_SNI];
	if (a) {
		if (c->type != HAVS_CHECK_TLS) {
			NL_SET_ERR_MSG_ATTR(extack, a, "a server name is for checks of type tls");
			return -EINVAL;
		}
		if (!health_nl_host_ok(a, c->sni, sizeof(c->sni))) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "the server name is a host name: labels of 1 to 63 printable characters, at most 253");
			return -EINVAL;
		}
	}
	a = tb[HAVS_CHECK_A_SMTP_HELO];
	if (a) {
		if (c->type != HAVS_CHECK_SMTP) {
			NL_SET_ERR_MSG_ATTR(extack, a, "a HELO name is for checks of type smtp");
			return -EINVAL;
		}
		if (!health_nl_host_ok(a, c->helo, sizeof(c->helo))) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "the HELO name is a host name: labels of 1 to 63 printable characters, at most 253");
			return -EINVAL;
		}
	}
	return 0;
}

static int health_nl_parse_check(struct genl_info *info, struct havs_check *c)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *tb[HAVS_CHECK_A_MAX + 1];
	struct nlattr *a;
	int err;

	if (!info->attrs[HAVS_A_CHECK])
		return 0;
	err = nla_parse_nested(tb, HAVS_CHECK_A_MAX, info->attrs[HAVS_A_CHECK],
			       havs_check_policy, extack);
	if (err)
		return err;
	if (tb[HAVS_CHECK_A_TYPE])
		c->type = nla_get_u8(tb[HAVS_CHECK_A_TYPE]);
	if (tb[HAVS_CHECK_A_PORT])
		c->port = ntohs(nla_get_be16(tb[HAVS_CHECK_A_PORT]));
	if (tb[HAVS_CHECK_A_INTERVAL])
		c->interval_ms = nla_get_u32(tb[HAVS_CHECK_A_INTERVAL]);
	if (tb[HAVS_CHECK_A_TIMEOUT])
		c->timeout_ms = nla_get_u32(tb[HAVS_CHECK_A_TIMEOUT]);
	if (tb[HAVS_CHECK_A_RETRY])
		c->retry_ms = nla_get_u32(tb[HAVS_CHECK_A_RETRY]);
	if (tb[HAVS_CHECK_A_RISE])
		c->rise = nla_get_u8(tb[HAVS_CHECK_A_RISE]);
	if (tb[HAVS_CHECK_A_FALL])
		c->fall = nla_get_u8(tb[HAVS_CHECK_A_FALL]);
	if (tb[HAVS_CHECK_A_INITIAL_UP])
		c->initial_up = nla_get_u8(tb[HAVS_CHECK_A_INITIAL_UP]);
	/* the default timeout: half an interval given alone if shorter */
	if (!tb[HAVS_CHECK_A_TIMEOUT] && c->timeout_ms >= c->interval_ms)
		c->timeout_ms = c->interval_ms / 2;
	if (c->timeout_ms >= c->interval_ms) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_CHECK_A_TIMEOUT] ?:
				    tb[HAVS_CHECK_A_INTERVAL],
				    "the timeout must be shorter than the interval");
		return -EINVAL;
	}
	a = tb[HAVS_CHECK_A_HTTP_PATH];
	if (a) {
		nla_strscpy(c->path, a, sizeof(c->path));
		if (!health_nl_printable(c->path, true)) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "the HTTP path starts with / and has no space or control character");
			return -EINVAL;
		}
	}
	a = tb[HAVS_CHECK_A_HTTP_HOST];
	if (a) {
		nla_strscpy(c->host, a, sizeof(c->host));
		if (!health_nl_printable(c->host, false)) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "the HTTP Host has no space or control character");
			return -EINVAL;
		}
	}
	a = tb[HAVS_CHECK_A_HTTP_CODES];
	if (a)
		nla_strscpy(c->codes, a, sizeof(c->codes));
	a = tb[HAVS_CHECK_A_HTTP_BODY];
	if (a) {
		c->body_len = nla_len(a);
		memcpy(c->body, nla_data(a), c->body_len);
	}
	havs_http_expect_init(&c->expect);
	if (havs_http_expect_parse_codes(&c->expect, c->codes,
					 strlen(c->codes))) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_CHECK_A_HTTP_CODES],
				    "bad status codes: codes 100-599 or ranges of them separated by commas, e.g. 200,301-302");
		return -EINVAL;
	}
	if (havs_http_expect_set_needle(&c->expect, c->body, c->body_len)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_CHECK_A_HTTP_BODY],
				    "the expected body text is too long");
		return -EINVAL;
	}
	a = tb[HAVS_CHECK_A_UDP_PAYLOAD];
	if (a) {
		c->payload_len = nla_len(a);
		memcpy(c->payload, nla_data(a), c->payload_len);
	}
	if (c->type != HAVS_CHECK_HTTP &&
	    (tb[HAVS_CHECK_A_HTTP_PATH] || tb[HAVS_CHECK_A_HTTP_HOST] ||
	     tb[HAVS_CHECK_A_HTTP_CODES] || tb[HAVS_CHECK_A_HTTP_BODY])) {
		NL_SET_ERR_MSG(extack, "HTTP settings are for checks of type http");
		return -EINVAL;
	}
	if (c->type != HAVS_CHECK_UDP && tb[HAVS_CHECK_A_UDP_PAYLOAD]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_CHECK_A_UDP_PAYLOAD],
				    "a payload is for checks of type udp");
		return -EINVAL;
	}
	return health_nl_parse_proto(tb, c, extack);
}

/*
 * Copy what the administrator set, not where the settings are linked nor
 * which service they are for: those lead the struct.
 */
static void health_nl_conf_settings(struct havs_svc_conf *dst,
				    const struct havs_svc_conf *src)
{
	const size_t from = offsetof(struct havs_svc_conf, check);

	BUILD_BUG_ON(offsetof(struct havs_svc_conf, node) > from ||
		     offsetof(struct havs_svc_conf, hnode) > from ||
		     offsetof(struct havs_svc_conf, key) > from);
	memcpy((u8 *)dst + from, (const u8 *)src + from, sizeof(*dst) - from);
}

int havs_check_nl_set(struct sk_buff *skb, struct genl_info *info)
{
	struct havs_net *hn = havs_pernet(genl_info_net(info));
	struct havs_health_net *h = &hn->health;
	struct havs_svc_conf *sc, *fresh = NULL, old;
	struct havs_check *c;
	struct havs_svc_key key;
	struct svc_opts o;
	char name[80];
	int err;

	err = health_nl_parse_svc(info, &key, &o);
	if (err)
		return err;
	c = havs_check_alloc();
	if (!c)
		return -ENOMEM;
	err = health_nl_parse_check(info, c);
	if (err)
		goto out_free;

	mutex_lock(&h->lock);
	if (o.expire) {
		err = havs_expire_hooks(hn);
		if (err) {
			NL_SET_ERR_MSG(info->extack, "cannot register the expiry hooks");
			goto out_unlock;
		}
	}
	sc = havs_svc_conf_find(hn, &key);
	if (sc) {
		health_nl_conf_settings(&old, sc);
	} else {
		err = -ENOSPC;
		if (h->conf_count >= READ_ONCE(havs_max_check_settings)) {
			NL_SET_ERR_MSG(info->extack,
				       "this namespace is at max_check_settings (module parameter)");
			goto out_unlock;
		}
		err = -ENOMEM;
		fresh = kzalloc(sizeof(*fresh), GFP_KERNEL_ACCOUNT);
		if (!fresh)
			goto out_unlock;
		fresh->key = key;
		havs_svc_conf_add(hn, fresh);
		sc = fresh;
	}
	sc->check = c;
	sc->slow_start_ms = o.slow_start;
	strscpy(sc->track, o.track, sizeof(sc->track));
	sc->track_min = o.track_min;
	sc->track_state = -1;
	sc->has_sorry = o.has_sorry;
	sc->sorry_addr = o.sorry_addr;
	sc->sorry_port = o.sorry_port;
	sc->expire = o.expire;
	err = havs_sched_reresolve(hn, &key);
	if (err) {
		/* nothing was published: the old settings stay as they were */
		if (fresh) {
			havs_svc_conf_del(hn, fresh);
			kfree(fresh);
		} else {
			health_nl_conf_settings(sc, &old);
		}
		NL_SET_ERR_MSG(info->extack,
			       "out of memory applying the settings to the service's servers; the old settings stay");
		goto out_unlock;
	}
	if (!fresh)
		havs_check_free(old.check);
	mutex_unlock(&h->lock);
	havs_health_track_kick(h);
	havs_svc_key_fmt(name, sizeof(name), &key);
	havs_info(hn, HAVS_V_INFO, "%s: check settings %s\n", name,
		  fresh ? "set" : "replaced");
	return 0;

out_unlock:
	mutex_unlock(&h->lock);
out_free:
	havs_check_free(c);
	return err;
}

int havs_check_nl_del(struct sk_buff *skb, struct genl_info *info)
{
	struct havs_net *hn = havs_pernet(genl_info_net(info));
	struct havs_health_net *h = &hn->health;
	struct havs_svc_conf *sc;
	struct havs_svc_key key;
	char name[80];
	int err;

	err = health_nl_parse_svc(info, &key, NULL);
	if (err)
		return err;
	mutex_lock(&h->lock);
	sc = havs_svc_conf_find(hn, &key);
	if (!sc) {
		mutex_unlock(&h->lock);
		NL_SET_ERR_MSG(info->extack, "that service has no check settings");
		return -ENOENT;
	}
	havs_svc_conf_del(hn, sc);
	err = havs_sched_reresolve(hn, &key);
	if (err) {
		havs_svc_conf_add(hn, sc);
		mutex_unlock(&h->lock);
		NL_SET_ERR_MSG(info->extack,
			       "out of memory applying the default settings to the service's servers; its settings stay");
		return err;
	}
	mutex_unlock(&h->lock);
	/* an object the service drove keeps its last state */
	havs_check_free(sc->check);
	kfree(sc);
	havs_svc_key_fmt(name, sizeof(name), &key);
	havs_info(hn, HAVS_V_INFO, "%s: check settings removed (defaults apply)\n",
		  name);
	return 0;
}

static int health_nl_put_svc(struct sk_buff *msg, const struct havs_svc_key *k,
			     const char *sched, const struct havs_svc_conf *sc,
			     struct havs_svc *hs)
{
	struct nlattr *nest = nla_nest_start(msg, HAVS_A_SERVICE);
	u64 digest;

	if (!nest ||
	    nla_put_u16(msg, HAVS_SVC_A_AF, k->af) ||
	    (k->fwmark && nla_put_u32(msg, HAVS_SVC_A_FWMARK, k->fwmark)) ||
	    (!k->fwmark &&
	     (nla_put_u16(msg, HAVS_SVC_A_PROTOCOL, k->protocol) ||
	      havs_nl_put_addr(msg, HAVS_SVC_A_ADDR4, HAVS_SVC_A_ADDR6, k->af,
			       &k->addr) ||
	      nla_put_be16(msg, HAVS_SVC_A_PORT, k->port))) ||
	    (sched && nla_put_string(msg, HAVS_SVC_A_SCHED, sched)))
		return -EMSGSIZE;
	if (sc &&
	    (nla_put_u32(msg, HAVS_SVC_A_SLOW_START, sc->slow_start_ms) ||
	     nla_put_u8(msg, HAVS_SVC_A_EXPIRE, sc->expire) ||
	     (sc->track[0] &&
	      (nla_put_string(msg, HAVS_SVC_A_TRACK, sc->track) ||
	       nla_put_u32(msg, HAVS_SVC_A_TRACK_MIN, sc->track_min))) ||
	     (sc->has_sorry &&
	      (havs_nl_put_addr(msg, HAVS_SVC_A_SORRY_ADDR4,
				HAVS_SVC_A_SORRY_ADDR6, k->af, &sc->sorry_addr) ||
	       nla_put_be16(msg, HAVS_SVC_A_SORRY_PORT, sc->sorry_port)))))
		return -EMSGSIZE;
	if (hs && havs_sched_digest(hs, &digest) &&
	    nla_put_u64_64bit(msg, HAVS_SVC_A_DIGEST, digest, HAVS_SVC_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int health_nl_put_check(struct sk_buff *msg, const struct havs_check *c)
{
	struct nlattr *nest = nla_nest_start(msg, HAVS_A_CHECK);

	if (!nest ||
	    nla_put_u8(msg, HAVS_CHECK_A_TYPE, c->type) ||
	    nla_put_be16(msg, HAVS_CHECK_A_PORT, htons(c->port)) ||
	    nla_put_u32(msg, HAVS_CHECK_A_INTERVAL, c->interval_ms) ||
	    nla_put_u32(msg, HAVS_CHECK_A_TIMEOUT, c->timeout_ms) ||
	    nla_put_u32(msg, HAVS_CHECK_A_RETRY, c->retry_ms) ||
	    nla_put_u8(msg, HAVS_CHECK_A_RISE, c->rise) ||
	    nla_put_u8(msg, HAVS_CHECK_A_FALL, c->fall) ||
	    nla_put_u8(msg, HAVS_CHECK_A_INITIAL_UP, c->initial_up))
		return -EMSGSIZE;
	if (c->type == HAVS_CHECK_HTTP &&
	    (nla_put_string(msg, HAVS_CHECK_A_HTTP_PATH, c->path) ||
	     (c->host[0] && nla_put_string(msg, HAVS_CHECK_A_HTTP_HOST, c->host)) ||
	     nla_put_string(msg, HAVS_CHECK_A_HTTP_CODES, c->codes) ||
	     (c->body_len &&
	      nla_put(msg, HAVS_CHECK_A_HTTP_BODY, c->body_len, c->body))))
		return -EMSGSIZE;
	if (c->type == HAVS_CHECK_UDP && c->payload_len &&
	    nla_put(msg, HAVS_CHECK_A_UDP_PAYLOAD, c->payload_len, c->payload))
		return -EMSGSIZE;
	if (c->type == HAVS_CHECK_DNS &&
	    (nla_put_string(msg, HAVS_CHECK_A_DNS_NAME, c->dns_name) ||
	     nla_put_u16(msg, HAVS_CHECK_A_DNS_QTYPE, c->dns_qtype) ||
	     nla_put_u8(msg, HAVS_CHECK_A_DNS_RCODE, c->dns.rcode) ||
	     (c->dns.af == AF_INET &&
	      nla_put(msg, HAVS_CHECK_A_DNS_ANSWER4, 4, c->dns.addr)) ||
	     (c->dns.af == AF_INET6 &&
	      nla_put(msg, HAVS_CHECK_A_DNS_ANSWER6, 16, c->dns.addr))))
		return -EMSGSIZE;
	if ((c->type == HAVS_CHECK_TLS && c->sni[0] &&
	     nla_put_string(msg, HAVS_CHECK_A_TLS_SNI, c->sni)) ||
	    (c->type == HAVS_CHECK_SMTP && c->helo[0] &&
	     nla_put_string(msg, HAVS_CHECK_A_SMTP_HELO, c->helo)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

int havs_check_nl_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct havs_net *hn = havs_pernet(sock_net(skb->sk));
	struct havs_health_net *h = &hn->health;
	struct havs_svc_conf *sc;
	long idx = 0, skip = cb->args[0];
	int err = 0;
	void *hdr;

	mutex_lock(&h->lock);
	havs_nl_dump_begin(cb, sock_net(skb->sk));
	list_for_each_entry(sc, &h->confs, node) {
		if (idx++ < skip)
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &havs_genl_family,
				  NLM_F_MULTI, HAVS_CMD_CHECK_GET);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		genl_dump_check_consistent(cb, hdr);
		if (health_nl_put_svc(skb, &sc->key, NULL, sc, NULL) ||
		    health_nl_put_check(skb, sc->check)) {
			genlmsg_cancel(skb, hdr);
			err = -EMSGSIZE;
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = idx;
	}
	mutex_unlock(&h->lock);
	if (err && skb->len == 0)
		return err;
	return skb->len;
}

/* @reason, @run: of an event (enum havs_health_reason), else 0 */
static int health_nl_put_server(struct sk_buff *msg, struct havs_target *t,
				const struct ip_vs_dest *dest, u32 eff, bool sorry,
				u8 reason, u8 run)
{
	struct nlattr *nest = nla_nest_start(msg, HAVS_A_SERVER);
	u16 af = dest ? dest->af : t->af;
	const union nf_inet_addr *addr = dest ? &dest->addr : &t->addr;
	__be16 port = dest ? dest->port : t->port;
	u64 hist[HAVS_RTT_NBUCKETS + 1];
	u64 ok, failed, change, sum;
	u32 rtt, trans, users;
	u16 http_status, reply_code;
	int errnum;
	bool probed;
	u8 error;
	s8 last;

	if (!nest ||
	    nla_put_u16(msg, HAVS_SERVER_A_AF, af) ||
	    havs_nl_put_addr(msg, HAVS_SERVER_A_ADDR4, HAVS_SERVER_A_ADDR6, af,
			     addr) ||
	    nla_put_be16(msg, HAVS_SERVER_A_PORT, port) ||
	    nla_put_u8(msg, HAVS_SERVER_A_UP, t ? READ_ONCE(t->up) : 1))
		return -EMSGSIZE;
	if (dest &&
	    (nla_put_u32(msg, HAVS_SERVER_A_WEIGHT,
			 max(atomic_read(&dest->weight), 0)) ||
	     nla_put_u32(msg, HAVS_SERVER_A_EFF_WEIGHT, eff) ||
	     nla_put_u32(msg, HAVS_SERVER_A_METHOD,
			 atomic_read(&dest->conn_flags) & IP_VS_CONN_F_FWD_MASK) ||
	     nla_put_u32(msg, HAVS_SERVER_A_U_THRESH, READ_ONCE(dest->u_threshold)) ||
	     nla_put_u32(msg, HAVS_SERVER_A_L_THRESH, READ_ONCE(dest->l_threshold))))
		return -EMSGSIZE;
	if ((reason && (nla_put_u8(msg, HAVS_SERVER_A_REASON, reason) ||
			(run && nla_put_u8(msg, HAVS_SERVER_A_RUN, run)))) ||
	    (sorry && nla_put_u8(msg, HAVS_SERVER_A_SORRY, 1)))
		return -EMSGSIZE;
	if (!t)
		goto end;
	spin_lock_bh(&t->lock);
	last = t->last_ok;
	error = t->last_error;
	http_status = t->last_http_status;
	reply_code = t->last_reply_code;
	errnum = -t->last_errno;
	rtt = t->rtt_us;
	trans = t->transitions;
	change = t->last_change;
	ok = t->probes_ok;
	failed = t->probes_failed;
	users = t->users;
	memcpy(hist, t->rtt_hist, sizeof(hist));
	sum = t->rtt_sum_us;
	spin_unlock_bh(&t->lock);
	/* external checks: health set from userspace, no round trip */
	probed = t->check->type != HAVS_CHECK_EXTERNAL;
	if (nla_put_u8(msg, HAVS_SERVER_A_CHECK_TYPE, t->check->type) ||
	    (last >= 0 && nla_put_u8(msg, HAVS_SERVER_A_LAST_OK, last)) ||
	    (error && nla_put_u8(msg, HAVS_SERVER_A_PROBE_ERROR, error)) ||
	    ((error == HAVS_PROBE_E_SOCKET || error == HAVS_PROBE_E_NO_SOCKET) &&
	     nla_put_u32(msg, HAVS_SERVER_A_ERRNO, errnum)) ||
	    (error == HAVS_PROBE_E_HTTP_STATUS &&
	     nla_put_u16(msg, HAVS_SERVER_A_HTTP_STATUS, http_status)) ||
	    ((error == HAVS_PROBE_E_DNS_RCODE || error == HAVS_PROBE_E_TLS_ALERT ||
	      error == HAVS_PROBE_E_SMTP_BANNER || error == HAVS_PROBE_E_SMTP_HELO) &&
	     nla_put_u16(msg, HAVS_SERVER_A_REPLY_CODE, reply_code)) ||
	    nla_put_u32(msg, HAVS_SERVER_A_RTT, rtt) ||
	    nla_put_u32(msg, HAVS_SERVER_A_TRANSITIONS, trans) ||
	    nla_put_u64_64bit(msg, HAVS_SERVER_A_LAST_CHANGE, change,
			      HAVS_SERVER_A_PAD) ||
	    nla_put_u64_64bit(msg, HAVS_SERVER_A_PROBES_OK, ok,
			      HAVS_SERVER_A_PAD) ||
	    nla_put_u64_64bit(msg, HAVS_SERVER_A_PROBES_FAILED, failed,
			      HAVS_SERVER_A_PAD) ||
	    nla_put_u32(msg, HAVS_SERVER_A_SHARED, users))
		return -EMSGSIZE;
	if (probed &&
	    (nla_put_64bit(msg, HAVS_SERVER_A_RTT_HIST, sizeof(hist), hist,
			   HAVS_SERVER_A_PAD) ||
	     nla_put_u64_64bit(msg, HAVS_SERVER_A_RTT_SUM, sum,
			       HAVS_SERVER_A_PAD)))
		return -EMSGSIZE;
end:
	nla_nest_end(msg, nest);
	return 0;
}

int havs_health_fill_event(struct sk_buff *msg, struct havs_target *t,
			   u8 reason, u8 run)
{
	if (health_nl_put_svc(msg, &t->first_svc, NULL, NULL, NULL) ||
	    health_nl_put_server(msg, t, NULL, 0, false, reason, run))
		return -EMSGSIZE;
	return 0;
}

int havs_server_nl_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct havs_net *hn = havs_pernet(sock_net(skb->sk));
	struct havs_health_net *h = &hn->health;
	long si = 0, skip_s = cb->args[0], skip_d = cb->args[1];
	struct havs_svc_conf *sc;
	struct havs_sdests *sd;
	struct havs_svc_key key;
	struct havs_svc *hs;
	unsigned int i;
	int err = 0;
	void *hdr;

	mutex_lock(&h->lock);
	havs_nl_dump_begin(cb, sock_net(skb->sk));
	list_for_each_entry(hs, &h->svcs, node) {
		if (si++ < skip_s)
			continue;
		/*
		 * The table its traffic will use (a table built again has the
		 * same servers in the same order: skip_d stays right).
		 */
		havs_sched_catch_up(hs);
		sd = rcu_dereference_protected(hs->sd,
					       lockdep_is_held(&h->lock));
		havs_svc_key_of(hs->svc, &key);
		sc = havs_svc_conf_find(hn, &key);
		for (i = skip_d; sd && i < sd->n; i++) {
			struct havs_sdest *d = &sd->d[i];
			u32 eff = 0;

			if (havs_dest_available(d->dest))
				eff = havs_target_eff_weight(d->t,
							     max(atomic_read(&d->dest->weight), 0),
							     hs->slow_start_ms, jiffies);
			hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq, &havs_genl_family,
					  NLM_F_MULTI, HAVS_CMD_SERVER_GET);
			if (!hdr) {
				err = -EMSGSIZE;
				goto out;
			}
			genl_dump_check_consistent(cb, hdr);
			/* the digest with the service's first server only */
			if (health_nl_put_svc(skb, &key, hs->sched->ipvs.name, sc,
					      i ? NULL : hs) ||
			    health_nl_put_server(skb, d->t, d->dest, d->sorry ? 0 : eff,
						 d->sorry, 0, 0)) {
				genlmsg_cancel(skb, hdr);
				err = -EMSGSIZE;
				goto out;
			}
			genlmsg_end(skb, hdr);
			cb->args[0] = si - 1;
			cb->args[1] = i + 1;
		}
		skip_d = 0;
		cb->args[0] = si;
		cb->args[1] = 0;
	}
out:
	mutex_unlock(&h->lock);
	if (err && skb->len == 0)
		return err;
	return skb->len;
}

int havs_server_nl_set(struct sk_buff *skb, struct genl_info *info)
{
	struct havs_net *hn = havs_pernet(genl_info_net(info));
	struct netlink_ext_ack *extack = info->extack;
	struct havs_health_net *h = &hn->health;
	struct nlattr *tb[HAVS_SERVER_A_MAX + 1];
	struct havs_svc_key key;
	union nf_inet_addr addr;
	struct havs_sdests *sd;
	struct havs_svc *hs;
	struct havs_sdest *d;
	unsigned int i;
	__be16 port;
	u16 af;
	int err;

	err = health_nl_parse_svc(info, &key, NULL);
	if (err)
		return err;
	if (!info->attrs[HAVS_A_SERVER]) {
		NL_SET_ERR_ATTR_MISS(extack, NULL, HAVS_A_SERVER);
		NL_SET_ERR_MSG(extack, "missing the server (HAVS_A_SERVER nest)");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, HAVS_SERVER_A_MAX, info->attrs[HAVS_A_SERVER],
			       havs_server_policy, extack);
	if (err)
		return err;
	if (!tb[HAVS_SERVER_A_AF] || !tb[HAVS_SERVER_A_PORT] ||
	    !tb[HAVS_SERVER_A_UP]) {
		NL_SET_ERR_MSG(extack, "a server needs family, address, port and health");
		return -EINVAL;
	}
	af = nla_get_u16(tb[HAVS_SERVER_A_AF]);
	if (af != AF_INET && af != AF_INET6) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_SERVER_A_AF],
				    "the family is AF_INET or AF_INET6");
		return -EINVAL;
	}
	err = health_nl_parse_addr(tb[HAVS_SERVER_A_ADDR4], tb[HAVS_SERVER_A_ADDR6],
				   af, &addr, info->attrs[HAVS_A_SERVER], extack);
	if (err)
		return err;
	port = nla_get_be16(tb[HAVS_SERVER_A_PORT]);

	mutex_lock(&h->lock);
	err = -ENOENT;
	hs = havs_svc_find(hn, &key, NULL);
	if (!hs) {
		NL_SET_ERR_MSG(extack, "no service with that address uses a havs scheduler");
		goto out;
	}
	sd = rcu_dereference_protected(hs->sd, lockdep_is_held(&h->lock));
	for (i = 0; sd && i < sd->n; i++) {
		d = &sd->d[i];
		if (d->dest->af == af && d->dest->port == port &&
		    nf_inet_addr_cmp(&d->dest->addr, &addr))
			goto server;
	}
	NL_SET_ERR_MSG(extack, "the service has no such real server");
	goto out;
server:
	err = -EOPNOTSUPP;
	if (!d->t || d->t->check->type != HAVS_CHECK_EXTERNAL) {
		NL_SET_ERR_MSG(extack,
			       "only servers whose check is of type external take their health from userspace");
		goto out;
	}
	havs_target_set_external(d->t, nla_get_u8(tb[HAVS_SERVER_A_UP]));
	err = 0;
out:
	mutex_unlock(&h->lock);
	return err;
}
