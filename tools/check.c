// SPDX-License-Identifier: GPL-2.0
/*
 * havsadm check set|del|show|settings and havsadm server set|show: health
 * probes of the real servers of IPVS services that use a havs scheduler.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <linux/ip_vs.h>

#include "conf.h"
#include "prom.h"
#include "../kmod/uapi/linux/havs.h"

#define SVC_USAGE "SERVICE: tcp|udp|sctp ADDR:PORT, or fwmark MARK [inet6]\n"

struct show {
	const struct opts *o;
	unsigned int count;
	bool have_filter;
	struct svc_key filter;
};

static int usage_err(const char *grp, const char *sub, const char *err)
{
	errmsg("%s %s: %s; see 'havsadm %s --help'", grp, sub, err, grp);
	return EXIT_USAGE;
}

static int put_svc(struct nl_msg *msg, const struct svc_key *k,
		   const struct check_conf *c)
{
	struct nlattr *nest = nla_nest_start(msg, HAVS_A_SERVICE | NLA_F_NESTED);

	if (!nest || nla_put_u16(msg, HAVS_SVC_A_AF, k->af))
		return -1;
	if (k->fwmark) {
		if (nla_put_u32(msg, HAVS_SVC_A_FWMARK, k->fwmark))
			return -1;
	} else if (nla_put_u16(msg, HAVS_SVC_A_PROTOCOL, k->protocol) ||
		   havs_put_addr(msg, HAVS_SVC_A_ADDR4, HAVS_SVC_A_ADDR6, k->af,
				 k->addr) ||
		   nla_put_u16(msg, HAVS_SVC_A_PORT, htons(k->port))) {
		return -1;
	}
	if (c && (c->set & CF_SLOWSTART) &&
	    nla_put_u32(msg, HAVS_SVC_A_SLOW_START, c->slowstart_ms))
		return -1;
	if (c && (c->set & CF_TRACK) &&
	    nla_put_string(msg, HAVS_SVC_A_TRACK, c->track))
		return -1;
	if (c && (c->set & CF_TRACK_MIN) &&
	    nla_put_u32(msg, HAVS_SVC_A_TRACK_MIN, c->track_min))
		return -1;
	if (c && (c->set & CF_CONNS) &&
	    nla_put_u8(msg, HAVS_SVC_A_EXPIRE, c->expire))
		return -1;
	if (c && (c->set & CF_SORRY) &&
	    (havs_put_addr(msg, HAVS_SVC_A_SORRY_ADDR4, HAVS_SVC_A_SORRY_ADDR6,
			   c->sorry.af, c->sorry.addr) ||
	     nla_put_u16(msg, HAVS_SVC_A_SORRY_PORT, htons(c->sorry.port))))
		return -1;
	nla_nest_end(msg, nest);
	return 0;
}

static int put_check(struct nl_msg *msg, const struct check_conf *c)
{
	struct nlattr *nest = nla_nest_start(msg, HAVS_A_CHECK | NLA_F_NESTED);

	if (!nest || nla_put_u8(msg, HAVS_CHECK_A_TYPE, c->type))
		return -1;
	if (((c->set & CF_PORT) &&
	     nla_put_u16(msg, HAVS_CHECK_A_PORT, htons(c->port))) ||
	    ((c->set & CF_INTERVAL) &&
	     nla_put_u32(msg, HAVS_CHECK_A_INTERVAL, c->interval_ms)) ||
	    ((c->set & CF_TIMEOUT) &&
	     nla_put_u32(msg, HAVS_CHECK_A_TIMEOUT, c->timeout_ms)) ||
	    ((c->set & CF_RETRY) && nla_put_u32(msg, HAVS_CHECK_A_RETRY, c->retry_ms)) ||
	    ((c->set & CF_RISE) && nla_put_u8(msg, HAVS_CHECK_A_RISE, c->rise)) ||
	    ((c->set & CF_FALL) && nla_put_u8(msg, HAVS_CHECK_A_FALL, c->fall)) ||
	    ((c->set & CF_INITIAL) &&
	     nla_put_u8(msg, HAVS_CHECK_A_INITIAL_UP, c->initial_up)) ||
	    ((c->set & CF_PATH) && nla_put_string(msg, HAVS_CHECK_A_HTTP_PATH, c->path)) ||
	    ((c->set & CF_HOST) && nla_put_string(msg, HAVS_CHECK_A_HTTP_HOST, c->host)) ||
	    ((c->set & CF_CODES) &&
	     nla_put_string(msg, HAVS_CHECK_A_HTTP_CODES, c->codes)) ||
	    ((c->set & CF_BODY) &&
	     nla_put(msg, HAVS_CHECK_A_HTTP_BODY, c->body_len, c->body)) ||
	    ((c->set & CF_PAYLOAD) &&
	     nla_put(msg, HAVS_CHECK_A_UDP_PAYLOAD, c->payload_len, c->payload)) ||
	    ((c->set & CF_NAME) &&
	     nla_put_string(msg, HAVS_CHECK_A_DNS_NAME, c->dns_name)) ||
	    ((c->set & CF_QTYPE) && nla_put_u16(msg, HAVS_CHECK_A_DNS_QTYPE, c->qtype)) ||
	    ((c->set & CF_RCODE) && nla_put_u8(msg, HAVS_CHECK_A_DNS_RCODE, c->rcode)) ||
	    ((c->set & CF_ANSWER) &&
	     havs_put_addr(msg, HAVS_CHECK_A_DNS_ANSWER4, HAVS_CHECK_A_DNS_ANSWER6,
			   c->answer_af, c->answer)) ||
	    ((c->set & CF_SNI) && nla_put_string(msg, HAVS_CHECK_A_TLS_SNI, c->sni)) ||
	    ((c->set & CF_HELO) && nla_put_string(msg, HAVS_CHECK_A_SMTP_HELO, c->helo)))
		return -1;
	nla_nest_end(msg, nest);
	return 0;
}

static int build_check(struct nl_msg *msg, const void *arg)
{
	const struct check_conf *c = arg;

	return put_svc(msg, &c->svc, c) || put_check(msg, c);
}

static int build_svc(struct nl_msg *msg, const void *arg)
{
	return put_svc(msg, arg, NULL);
}

static int check_set(const struct opts *o, int argc, char **argv)
{
	struct check_conf c = {
		.type = HAVS_CHECK_TCP,
	};
	char err[256];

	(void)o;
	if (svc_key_parse(&c.svc, &argc, &argv, err, sizeof(err)) ||
	    check_conf_parse(&c, argc, argv, err, sizeof(err)))
		return usage_err("check", "set", err);
	return nl_run(havs_nl_open, HAVS_CMD_CHECK_SET, 0, "check set",
		     build_check, &c, NULL, NULL);
}

static int check_del(const struct opts *o, int argc, char **argv)
{
	struct svc_key k;
	char err[256];

	(void)o;
	if (svc_key_parse(&k, &argc, &argv, err, sizeof(err)))
		return usage_err("check", "del", err);
	if (argc) {
		errmsg("check del: unexpected argument \"%s\" (expected only a service); see 'havsadm check --help'",
		       argv[0]);
		return EXIT_USAGE;
	}
	return nl_run(havs_nl_open, HAVS_CMD_CHECK_DEL, 0, "check del",
		     build_svc, &k, NULL, NULL);
}

/* the service of a reply, printed as "tcp 10.0.0.1:80" */
/* service options of a CHECK_GET reply */
struct svc_opts {
	unsigned long slowstart;
	char track[TRACK_NAME_MAX + 1];
	unsigned int track_min;
	char sorry[64];			/* "" when none */
	bool expire;
};

static int svc_of(struct nlattr *a, struct svc_key *k, char *buf, size_t len,
		  char *sched, size_t slen, struct svc_opts *opts)
{
	struct nlattr *t[HAVS_SVC_A_MAX + 1];
	char addr[INET6_ADDRSTRLEN];
	uint8_t sorry[16];

	memset(k, 0, sizeof(*k));
	if (!a || nla_parse_nested(t, HAVS_SVC_A_MAX, a, NULL) || !t[HAVS_SVC_A_AF])
		return -1;
	k->af = nla_get_u16(t[HAVS_SVC_A_AF]);
	if (sched)
		snprintf(sched, slen, "%s", t[HAVS_SVC_A_SCHED] ?
			 (char *)nla_data(t[HAVS_SVC_A_SCHED]) : "");
	if (opts) {
		opts->slowstart = t[HAVS_SVC_A_SLOW_START] ?
			nla_get_u32(t[HAVS_SVC_A_SLOW_START]) : 0;
		snprintf(opts->track, sizeof(opts->track), "%s", t[HAVS_SVC_A_TRACK] ?
			 (char *)nla_data(t[HAVS_SVC_A_TRACK]) : "");
		opts->track_min = t[HAVS_SVC_A_TRACK_MIN] ?
			nla_get_u32(t[HAVS_SVC_A_TRACK_MIN]) : 0;
		opts->expire = t[HAVS_SVC_A_EXPIRE] && nla_get_u8(t[HAVS_SVC_A_EXPIRE]);
		opts->sorry[0] = '\0';
		if (t[HAVS_SVC_A_SORRY_PORT] &&
		    !havs_get_addr(t, HAVS_SVC_A_SORRY_ADDR4, HAVS_SVC_A_SORRY_ADDR6,
				   k->af, sorry)) {
			inet_ntop(k->af, sorry, addr, sizeof(addr));
			snprintf(opts->sorry, sizeof(opts->sorry),
				 k->af == AF_INET6 ? "[%s]:%u" : "%s:%u", addr,
				 ntohs(nla_get_u16(t[HAVS_SVC_A_SORRY_PORT])));
		}
	}
	if (t[HAVS_SVC_A_FWMARK]) {
		k->fwmark = nla_get_u32(t[HAVS_SVC_A_FWMARK]);
		if (buf)
			snprintf(buf, len, "fwmark %u%s", k->fwmark,
				 k->af == AF_INET6 ? " inet6" : "");
		return 0;
	}
	if (!t[HAVS_SVC_A_PROTOCOL] || !t[HAVS_SVC_A_PORT] ||
	    havs_get_addr(t, HAVS_SVC_A_ADDR4, HAVS_SVC_A_ADDR6, k->af, k->addr))
		return -1;
	k->protocol = nla_get_u16(t[HAVS_SVC_A_PROTOCOL]);
	k->port = ntohs(nla_get_u16(t[HAVS_SVC_A_PORT]));
	if (!buf)	/* the key is all the caller wants */
		return 0;
	inet_ntop(k->af, k->addr, addr, sizeof(addr));
	snprintf(buf, len, k->af == AF_INET6 ? "%s [%s]:%u" : "%s %s:%u",
		 proto_name(k->protocol), addr, k->port);
	return 0;
}

/*
 * A SERVER_GET row: its service (key, name, scheduler) and server (nest
 * parsed into @t, key, "addr:port"; NULL @name, @sched or @srv: not
 * wanted); an error message for @what if it is malformed.
 */
static int server_of(struct nlattr **tb, struct nlattr **t, const char *what,
		     struct svc_key *k, char *name, size_t nlen, char *sched,
		     size_t slen, struct server_key *sk, char *srv, size_t srvlen)
{
	char addr[INET6_ADDRSTRLEN];

	memset(sk, 0, sizeof(*sk));
	if (svc_of(tb[HAVS_A_SERVICE], k, name, nlen, sched, slen, NULL) ||
	    !tb[HAVS_A_SERVER] ||
	    nla_parse_nested(t, HAVS_SERVER_A_MAX, tb[HAVS_A_SERVER], NULL) ||
	    !t[HAVS_SERVER_A_AF] || !t[HAVS_SERVER_A_PORT] ||
	    havs_get_addr(t, HAVS_SERVER_A_ADDR4, HAVS_SERVER_A_ADDR6,
			  nla_get_u16(t[HAVS_SERVER_A_AF]), sk->addr)) {
		errmsg("%s: malformed reply from the kernel", what);
		return EXIT_FAIL;
	}
	sk->af = nla_get_u16(t[HAVS_SERVER_A_AF]);
	sk->port = ntohs(nla_get_u16(t[HAVS_SERVER_A_PORT]));
	if (!srv)
		return EXIT_OK;
	inet_ntop(sk->af, sk->addr, addr, sizeof(addr));
	snprintf(srv, srvlen, sk->af == AF_INET6 ? "[%s]:%u" : "%s:%u", addr, sk->port);
	return EXIT_OK;
}

static bool svc_match(const struct show *s, const struct svc_key *k)
{
	return !s->have_filter || !memcmp(&s->filter, k, sizeof(*k));
}

static void print_ms(const char *key, unsigned long ms, bool json)
{
	if (json)
		printf(",\"%s_ms\":%lu", key, ms);
	else if (ms % 1000)
		printf(" %s %lums", key, ms);
	else
		printf(" %s %lus", key, ms / 1000);
}

/*
 * A CHECK_GET reply into @c (every setting filled in), the service's name
 * into @name and its sorry server, as text, into @sorry ("" when none).
 */
static int settings_of(struct nlattr **tb, struct check_conf *c, char *name,
		       size_t len, char *sorry, size_t slen)
{
	struct nlattr *t[HAVS_CHECK_A_MAX + 1];
	struct svc_opts opts;
	struct svc_key k;

	if (svc_of(tb[HAVS_A_SERVICE], &k, name, len, NULL, 0, &opts) ||
	    !tb[HAVS_A_CHECK] ||
	    nla_parse_nested(t, HAVS_CHECK_A_MAX, tb[HAVS_A_CHECK], NULL) ||
	    !t[HAVS_CHECK_A_TYPE]) {
		errmsg("check settings: malformed reply from the kernel");
		return EXIT_FAIL;
	}
	memset(c, 0, sizeof(*c));
	c->svc = k;
	c->type = nla_get_u8(t[HAVS_CHECK_A_TYPE]);
#define GET(a, f, w) do { if (t[a]) c->f = nla_get_##w(t[a]); } while (0)
	if (t[HAVS_CHECK_A_PORT])
		c->port = ntohs(nla_get_u16(t[HAVS_CHECK_A_PORT]));
	GET(HAVS_CHECK_A_INTERVAL, interval_ms, u32);
	GET(HAVS_CHECK_A_TIMEOUT, timeout_ms, u32);
	GET(HAVS_CHECK_A_RETRY, retry_ms, u32);
	GET(HAVS_CHECK_A_RISE, rise, u8);
	GET(HAVS_CHECK_A_FALL, fall, u8);
	GET(HAVS_CHECK_A_INITIAL_UP, initial_up, u8);
#undef GET
	if (t[HAVS_CHECK_A_HTTP_PATH])
		snprintf(c->path, sizeof(c->path), "%.*s", nla_len(t[HAVS_CHECK_A_HTTP_PATH]),
			 (char *)nla_data(t[HAVS_CHECK_A_HTTP_PATH]));
	if (t[HAVS_CHECK_A_HTTP_HOST])
		snprintf(c->host, sizeof(c->host), "%.*s", nla_len(t[HAVS_CHECK_A_HTTP_HOST]),
			 (char *)nla_data(t[HAVS_CHECK_A_HTTP_HOST]));
	if (t[HAVS_CHECK_A_HTTP_CODES])
		snprintf(c->codes, sizeof(c->codes), "%.*s", nla_len(t[HAVS_CHECK_A_HTTP_CODES]),
			 (char *)nla_data(t[HAVS_CHECK_A_HTTP_CODES]));
	if (t[HAVS_CHECK_A_HTTP_BODY] && nla_len(t[HAVS_CHECK_A_HTTP_BODY]) <= CHECK_BODY_MAX) {
		c->body_len = nla_len(t[HAVS_CHECK_A_HTTP_BODY]);
		memcpy(c->body, nla_data(t[HAVS_CHECK_A_HTTP_BODY]), c->body_len);
	}
	if (t[HAVS_CHECK_A_UDP_PAYLOAD] &&
	    nla_len(t[HAVS_CHECK_A_UDP_PAYLOAD]) <= CHECK_PAYLOAD_MAX) {
		c->payload_len = nla_len(t[HAVS_CHECK_A_UDP_PAYLOAD]);
		memcpy(c->payload, nla_data(t[HAVS_CHECK_A_UDP_PAYLOAD]), c->payload_len);
	}
	c->set = CF_TYPE | CF_INTERVAL | CF_TIMEOUT | CF_RETRY | CF_RISE | CF_FALL |
		 CF_INITIAL | CF_SLOWSTART | CF_CONNS;
#define STR(a, f) do { if (t[a]) snprintf(c->f, sizeof(c->f), "%.*s", \
				       nla_len(t[a]), (char *)nla_data(t[a])); } while (0)
	STR(HAVS_CHECK_A_DNS_NAME, dns_name);
	STR(HAVS_CHECK_A_TLS_SNI, sni);
	STR(HAVS_CHECK_A_SMTP_HELO, helo);
#undef STR
	if (c->type == HAVS_CHECK_DNS) {
		c->qtype = t[HAVS_CHECK_A_DNS_QTYPE] ?
			nla_get_u16(t[HAVS_CHECK_A_DNS_QTYPE]) : 1;
		c->rcode = t[HAVS_CHECK_A_DNS_RCODE] ?
			nla_get_u8(t[HAVS_CHECK_A_DNS_RCODE]) : 0;
		c->set |= CF_NAME | CF_QTYPE | CF_RCODE;
		c->answer_af = t[HAVS_CHECK_A_DNS_ANSWER6] ? AF_INET6 : AF_INET;
		if (!havs_get_addr(t, HAVS_CHECK_A_DNS_ANSWER4,
				   HAVS_CHECK_A_DNS_ANSWER6, c->answer_af, c->answer))
			c->set |= CF_ANSWER;
		else
			c->answer_af = 0;
	}
	if (c->sni[0])
		c->set |= CF_SNI;
	if (c->helo[0])
		c->set |= CF_HELO;
	c->slowstart_ms = opts.slowstart;
	c->expire = opts.expire;
	snprintf(c->track, sizeof(c->track), "%s", opts.track);
	c->track_min = opts.track_min;
	if (c->track[0])
		c->set |= CF_TRACK | CF_TRACK_MIN;
	snprintf(sorry, slen, "%s", opts.sorry);
	if (opts.sorry[0] &&
	    !parse_server_addr(opts.sorry, c->svc.fwmark, &c->sorry.af,
			       c->sorry.addr, &c->sorry.port))
		c->set |= CF_SORRY;
	return EXIT_OK;
}

static int on_settings_conf(struct nlattr **tb, void *arg)
{
	char name[96], sorry[64];
	struct check_conf c;
	struct conf_svc *e;
	int rc = settings_of(tb, &c, name, sizeof(name), sorry, sizeof(sorry));

	if (rc)
		return rc;
	e = conf_svc_get(arg, &c.svc);
	if (!e) {
		errmsg("out of memory");
		return EXIT_FAIL;
	}
	e->has_check = true;
	e->check = c;
	return EXIT_OK;
}

static int on_settings(struct nlattr **tb, void *arg)
{
	char name[96], sorry[64], body[CHECK_BODY_MAX + 1];
	struct show *s = arg;
	struct check_conf c;
	bool json = s->o->json;
	int rc = settings_of(tb, &c, name, sizeof(name), sorry, sizeof(sorry));

	if (rc)
		return rc;
	if (!svc_match(s, &c.svc))
		return EXIT_OK;
	if (json) {
		printf("%s{\"service\":", s->count ? "," : "");
		json_str(stdout, name);
		printf(",\"type\":\"%s\"", check_type_name(c.type));
	} else {
		printf("%s type %s", name, check_type_name(c.type));
	}
	if (c.port)
		printf(json ? ",\"port\":%u" : " port %u", c.port);
	print_ms("interval", c.interval_ms, json);
	print_ms("timeout", c.timeout_ms, json);
	print_ms("retry", c.retry_ms, json);
	printf(json ? ",\"rise\":%u" : " rise %u", c.rise);
	printf(json ? ",\"fall\":%u" : " fall %u", c.fall);
	printf(json ? ",\"initial\":\"%s\"" : " initial %s", c.initial_up ? "up" : "down");
	print_ms("slowstart", c.slowstart_ms, json);
	printf(json ? ",\"conns\":\"%s\"" : " conns %s", c.expire ? "expire" : "keep");
	if (c.track[0])
		printf(json ? ",\"track\":\"%s\",\"track_min\":%u" : " track %s track-min %u",
		       c.track, c.track_min);
	if (sorry[0])
		printf(json ? ",\"sorry\":\"%s\"" : " sorry %s", sorry);
	if (c.type == HAVS_CHECK_HTTP) {
		printf(json ? ",\"path\":" : " path ");
		json ? json_str(stdout, c.path) : (void)printf("%s", c.path);
		if (c.host[0]) {
			printf(json ? ",\"host\":" : " host ");
			json ? json_str(stdout, c.host) : (void)printf("%s", c.host);
		}
		printf(json ? ",\"status\":\"%s\"" : " status %s", c.codes);
		if (c.body_len) {
			snprintf(body, sizeof(body), "%.*s", (int)c.body_len, c.body);
			printf(json ? ",\"expect\":" : " expect ");
			json_str(stdout, body);
		}
	}
	if (c.type == HAVS_CHECK_UDP && c.payload_len)
		printf(json ? ",\"payload_bytes\":%zu" : " payload %zu bytes", c.payload_len);
	if (c.type == HAVS_CHECK_DNS) {
		char num[16], addr[INET6_ADDRSTRLEN];

		printf(json ? ",\"name\":" : " name ");
		json ? json_str(stdout, c.dns_name) : (void)printf("%s", c.dns_name);
		printf(json ? ",\"qtype\":\"%s\"" : " qtype %s",
		       dns_qtype_name(num, sizeof(num), c.qtype));
		printf(json ? ",\"rcode\":\"%s\"" : " rcode %s",
		       dns_rcode_name(num, sizeof(num), c.rcode));
		if (c.set & CF_ANSWER) {
			inet_ntop(c.answer_af, c.answer, addr, sizeof(addr));
			printf(json ? ",\"answer\":\"%s\"" : " answer %s", addr);
		}
	}
	if (c.type == HAVS_CHECK_TLS && c.sni[0]) {
		printf(json ? ",\"sni\":" : " sni ");
		json ? json_str(stdout, c.sni) : (void)printf("%s", c.sni);
	}
	if (c.type == HAVS_CHECK_SMTP) {
		printf(json ? ",\"helo_name\":" : " helo-name ");
		json ? json_str(stdout, c.helo[0] ? c.helo : "localhost") :
		       (void)printf("%s", c.helo[0] ? c.helo : "localhost");
	}
	printf(json ? "}" : "\n");
	s->count++;
	return EXIT_OK;
}

static int dump(uint8_t cmd, const char *what, struct show *s,
		int (*parse)(struct nlattr **tb, void *arg))
{
	struct havs_nl h;
	int rc;

	/* open first: no "[" on standard output when there is no module */
	rc = havs_nl_open(&h);
	if (rc)
		return rc;
	if (s->o->json)
		printf("[");
	rc = nl_run_on(&h, cmd, NLM_F_DUMP, what, NULL, NULL, parse, s);
	if (s->o->json)
		printf("]\n");
	havs_nl_close(&h);
	return rc;
}

/* Every service's probe settings into @cf. */
int check_conf_load(struct conf *cf)
{
	return nl_run(havs_nl_open, HAVS_CMD_CHECK_GET, NLM_F_DUMP, "check settings",
		      NULL, NULL, on_settings_conf, cf);
}

struct servers_load {
	struct conf *cf;
	bool complete;
};

static int on_server_conf(struct nlattr **tb, void *arg)
{
	struct nlattr *t[HAVS_SERVER_A_MAX + 1];
	struct servers_load *l = arg;
	struct server_key sk;
	struct conf_svc *s;
	struct conf_srv *v;
	struct svc_key k;

	/* keys only: thousands of rows, nothing printed */
	if (server_of(tb, t, "reading the servers", &k, NULL, 0, NULL, 0, &sk,
		      NULL, 0))
		return EXIT_FAIL;
	if (!t[HAVS_SERVER_A_WEIGHT] || !t[HAVS_SERVER_A_METHOD] ||
	    !t[HAVS_SERVER_A_U_THRESH] || !t[HAVS_SERVER_A_L_THRESH]) {
		l->complete = false;	/* a module older than this havsadm */
		return EXIT_OK;
	}
	s = conf_svc_find(l->cf, &k);
	if (!s || !s->ipvs || !sched_is_havs(s->c.sched))
		return EXIT_OK;	/* a service newer than the IPVS dump */
	v = conf_srv_add(s);
	if (!v) {
		errmsg("out of memory");
		return EXIT_FAIL;
	}
	v->c.svc = k;
	v->c.srv = sk;
	v->c.weight = nla_get_u32(t[HAVS_SERVER_A_WEIGHT]);
	v->c.method = nla_get_u32(t[HAVS_SERVER_A_METHOD]) & IP_VS_CONN_F_FWD_MASK;
	v->c.uthr = nla_get_u32(t[HAVS_SERVER_A_U_THRESH]);
	v->c.lthr = nla_get_u32(t[HAVS_SERVER_A_L_THRESH]);
	v->c.has_weight = v->c.has_method = true;
	v->c.has_uthr = v->c.has_lthr = true;
	return EXIT_OK;
}

/*
 * The real servers of every service in @cf on a havs scheduler, with the
 * settings IPVS has for them, from one dump of the module (IPVS itself
 * lists servers one service per dump). *@complete false: the module does
 * not say IPVS's settings (older than havsadm): nothing was added, read
 * them from IPVS.
 */
int havs_servers_conf_load(struct conf *cf, bool *complete)
{
	struct servers_load l = { .cf = cf, .complete = true };
	int rc;

	rc = nl_run(havs_nl_open, HAVS_CMD_SERVER_GET, NLM_F_DUMP, "reading the servers",
		    NULL, NULL, on_server_conf, &l);
	*complete = l.complete;
	if (!rc && !l.complete)
		for (unsigned int i = 0; i < cf->nsvcs; i++)
			if (sched_is_havs(cf->svcs[i].c.sched))
				cf->svcs[i].nsrv = 0;
	return rc;
}

struct digests_load {
	const struct svc_key *keys;
	unsigned int n;
	uint64_t *digest;
	bool *have;
};

static int on_server_digest(struct nlattr **tb, void *arg)
{
	struct nlattr *t[HAVS_SVC_A_MAX + 1];
	struct digests_load *l = arg;
	struct svc_key k;

	if (svc_of(tb[HAVS_A_SERVICE], &k, NULL, 0, NULL, 0, NULL) ||
	    nla_parse_nested(t, HAVS_SVC_A_MAX, tb[HAVS_A_SERVICE], NULL)) {
		errmsg("service show: malformed reply from the kernel");
		return EXIT_FAIL;
	}
	if (!t[HAVS_SVC_A_DIGEST])
		return EXIT_OK;
	for (unsigned int i = 0; i < l->n; i++)
		if (!memcmp(&l->keys[i], &k, sizeof(k))) {
			l->digest[i] = nla_get_u64(t[HAVS_SVC_A_DIGEST]);
			l->have[i] = true;
		}
	return EXIT_OK;
}

/*
 * The digests of the services @keys[0..n) on havs_mh and havs_sh (what
 * picks a flow's server; equal on directors that agree), from one dump of
 * the module's servers: @have[i] false for a service without one (another
 * scheduler, no servers, or a module that predates digests).
 */
int havs_svc_digests(const struct svc_key *keys, unsigned int n,
		     uint64_t *digest, bool *have)
{
	struct digests_load l = { keys, n, digest, have };

	for (unsigned int i = 0; i < n; i++)
		have[i] = false;
	return nl_run(havs_nl_open, HAVS_CMD_SERVER_GET, NLM_F_DUMP, "service show",
		      NULL, NULL, on_server_digest, &l);
}

static const __u32 rtt_bounds_us[] = HAVS_RTT_BUCKETS_US;
_Static_assert(sizeof(rtt_bounds_us) / sizeof(rtt_bounds_us[0]) == HAVS_RTT_NBUCKETS,
	       "HAVS_RTT_BUCKETS_US has HAVS_RTT_NBUCKETS bounds");

/*
 * The round-trip-time histogram of a server (@counts per bucket, not
 * cumulative; @sum_us), false if the reply has none: a check of type
 * external, or a module that predates it.
 */
static bool rtt_hist(struct nlattr **t, unsigned long long *counts,
		     unsigned long long *sum_us)
{
	__u64 c[HAVS_RTT_NBUCKETS + 1];

	if (!t[HAVS_SERVER_A_RTT_HIST] || !t[HAVS_SERVER_A_RTT_SUM] ||
	    nla_len(t[HAVS_SERVER_A_RTT_HIST]) != sizeof(c) ||
	    nla_len(t[HAVS_SERVER_A_RTT_SUM]) != sizeof(__u64))
		return false;
	memcpy(c, nla_data(t[HAVS_SERVER_A_RTT_HIST]), sizeof(c));
	for (size_t i = 0; i <= HAVS_RTT_NBUCKETS; i++)
		counts[i] = c[i];
	*sum_us = nla_get_u64(t[HAVS_SERVER_A_RTT_SUM]);
	return true;
}

static int on_server_prom(struct nlattr **tb, void *arg)
{
	unsigned long long counts[HAVS_RTT_NBUCKETS + 1], sum_us;
	double le[HAVS_RTT_NBUCKETS];
	struct nlattr *t[HAVS_SERVER_A_MAX + 1];
	char name[96], srv[64], lab[256], l2[300];
	struct server_key sk;
	struct svc_key k;
	int rc = 0;

	(void)arg;
	if (server_of(tb, t, "stats", &k, name, sizeof(name), NULL, 0, &sk, srv,
		      sizeof(srv)))
		return EXIT_FAIL;
	lab[0] = '\0';
	prom_label(lab, sizeof(lab), "service", name);
	prom_label(lab, sizeof(lab), "server", srv);
#define U8(a) (t[a] ? nla_get_u8(t[a]) : 0)
#define U32(a) (t[a] ? nla_get_u32(t[a]) : 0)
#define U64(a) (t[a] ? (double)nla_get_u64(t[a]) : 0.0)
	rc |= prom_add(PROM_SERVER_UP, lab, U8(HAVS_SERVER_A_UP));
	rc |= prom_add(PROM_SERVER_WEIGHT, lab, U32(HAVS_SERVER_A_WEIGHT));
	rc |= prom_add(PROM_SERVER_EFF_WEIGHT, lab, U32(HAVS_SERVER_A_EFF_WEIGHT));
	snprintf(l2, sizeof(l2), "%s", lab);
	prom_label(l2, sizeof(l2), "result", "ok");
	rc |= prom_add(PROM_SERVER_PROBES, l2, U64(HAVS_SERVER_A_PROBES_OK));
	snprintf(l2, sizeof(l2), "%s", lab);
	prom_label(l2, sizeof(l2), "result", "failed");
	rc |= prom_add(PROM_SERVER_PROBES, l2, U64(HAVS_SERVER_A_PROBES_FAILED));
	if (t[HAVS_SERVER_A_RTT])
		rc |= prom_add(PROM_SERVER_RTT, lab, U32(HAVS_SERVER_A_RTT) / 1e6);
	if (rtt_hist(t, counts, &sum_us)) {
		for (size_t i = 0; i < HAVS_RTT_NBUCKETS; i++)
			le[i] = rtt_bounds_us[i] / 1e6;
		rc |= prom_add_histogram(PROM_SERVER_RTT_HIST, lab, le, counts,
					 HAVS_RTT_NBUCKETS, sum_us / 1e6);
	}
	rc |= prom_add(PROM_SERVER_TRANSITIONS, lab, U32(HAVS_SERVER_A_TRANSITIONS));
#undef U8
#undef U32
#undef U64
	if (rc) {
		errmsg("out of memory");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int check_prometheus(void)
{
	return nl_run(havs_nl_open, HAVS_CMD_SERVER_GET, NLM_F_DUMP, "stats",
		      NULL, NULL, on_server_prom, NULL);
}

static int parse_filter(struct show *s, const char *grp, const char *sub,
			int argc, char **argv)
{
	char err[256];

	if (!argc)
		return EXIT_OK;
	if (svc_key_parse(&s->filter, &argc, &argv, err, sizeof(err)))
		return usage_err(grp, sub, err);
	if (argc) {
		errmsg("%s %s: unexpected argument \"%s\" (expected at most a service); see 'havsadm %s --help'",
		       grp, sub, argv[0], grp);
		return EXIT_USAGE;
	}
	s->have_filter = true;
	return EXIT_OK;
}

static int check_settings(const struct opts *o, int argc, char **argv)
{
	struct show s = { .o = o };
	int rc = parse_filter(&s, "check", "settings", argc, argv);

	return rc ? rc : dump(HAVS_CMD_CHECK_GET, "check settings", &s, on_settings);
}

static int on_server(struct nlattr **tb, void *arg)
{
	unsigned long long counts[HAVS_RTT_NBUCKETS + 1], sum_us;
	struct nlattr *t[HAVS_SERVER_A_MAX + 1];
	char name[96], sched[32], srv[64], error[128];
	struct show *s = arg;
	bool json = s->o->json;
	struct server_key sk;
	struct svc_key k;

	if (server_of(tb, t, "check show", &k, name, sizeof(name), sched, sizeof(sched),
		      &sk, srv, sizeof(srv)))
		return EXIT_FAIL;
	if (!svc_match(s, &k))
		return EXIT_OK;
#define U8(a) (t[a] ? nla_get_u8(t[a]) : 0)
#define U32(a) (t[a] ? nla_get_u32(t[a]) : 0)
#define U64(a) (t[a] ? (unsigned long long)nla_get_u64(t[a]) : 0ULL)
	probe_error_text(error, sizeof(error), U8(HAVS_SERVER_A_PROBE_ERROR),
			 U32(HAVS_SERVER_A_ERRNO),
			 t[HAVS_SERVER_A_HTTP_STATUS] ?
			 nla_get_u16(t[HAVS_SERVER_A_HTTP_STATUS]) : 0,
			 t[HAVS_SERVER_A_REPLY_CODE] ?
			 nla_get_u16(t[HAVS_SERVER_A_REPLY_CODE]) : -1);
	if (json) {
		printf("%s{\"service\":", s->count ? "," : "");
		json_str(stdout, name);
		printf(",\"scheduler\":");
		json_str(stdout, sched);
		printf(",\"server\":");
		json_str(stdout, srv);
		printf(",\"health\":\"%s\",\"weight\":%u,\"weight_in_effect\":%u,\"sorry\":%s",
		       U8(HAVS_SERVER_A_UP) ? "up" : "down", U32(HAVS_SERVER_A_WEIGHT),
		       U32(HAVS_SERVER_A_EFF_WEIGHT),
		       U8(HAVS_SERVER_A_SORRY) ? "true" : "false");
		if (t[HAVS_SERVER_A_CHECK_TYPE])
			printf(",\"check\":\"%s\"", check_type_name(U8(HAVS_SERVER_A_CHECK_TYPE)));
		else
			printf(",\"check\":null");
		if (t[HAVS_SERVER_A_LAST_OK])
			printf(",\"last\":\"%s\"", U8(HAVS_SERVER_A_LAST_OK) ? "ok" : "failed");
		else
			printf(",\"last\":null");
		printf(",\"last_error\":");
		if (t[HAVS_SERVER_A_PROBE_ERROR])
			json_str(stdout, error);
		else
			printf("null");
		printf(",\"rtt_us\":%u", U32(HAVS_SERVER_A_RTT));
		if (rtt_hist(t, counts, &sum_us)) {
			/* bound in us: good probes in that bucket alone */
			printf(",\"rtt_hist_us\":{");
			for (size_t i = 0; i < HAVS_RTT_NBUCKETS; i++)
				printf("\"%u\":%llu,", rtt_bounds_us[i], counts[i]);
			printf("\"+Inf\":%llu},\"rtt_sum_us\":%llu",
			       counts[HAVS_RTT_NBUCKETS], sum_us);
		} else {
			printf(",\"rtt_hist_us\":null,\"rtt_sum_us\":null");
		}
		printf(",\"transitions\":%u,\"last_change_ns\":%llu,"
		       "\"probes_ok\":%llu,\"probes_failed\":%llu,\"shared_by\":%u}",
		       U32(HAVS_SERVER_A_TRANSITIONS),
		       (unsigned long long)boottime_to_realtime_ns(U64(HAVS_SERVER_A_LAST_CHANGE)),
		       U64(HAVS_SERVER_A_PROBES_OK),
		       U64(HAVS_SERVER_A_PROBES_FAILED), U32(HAVS_SERVER_A_SHARED));
	} else {
		printf("%s %s %s%s %s weight %u/%u", name, sched, srv,
		       U8(HAVS_SERVER_A_SORRY) ? " (sorry)" : "",
		       U8(HAVS_SERVER_A_UP) ? "up" : "down",
		       U32(HAVS_SERVER_A_EFF_WEIGHT), U32(HAVS_SERVER_A_WEIGHT));
		if (t[HAVS_SERVER_A_CHECK_TYPE]) {
			printf(" check %s", check_type_name(U8(HAVS_SERVER_A_CHECK_TYPE)));
			if (t[HAVS_SERVER_A_LAST_OK])
				printf(" last %s", U8(HAVS_SERVER_A_LAST_OK) ? "ok" : "failed");
			if (t[HAVS_SERVER_A_PROBE_ERROR] && !U8(HAVS_SERVER_A_LAST_OK))
				printf(" (%s)", error);
			printf(" rtt %uus transitions %u probes %llu/%llu",
			       U32(HAVS_SERVER_A_RTT), U32(HAVS_SERVER_A_TRANSITIONS),
			       U64(HAVS_SERVER_A_PROBES_OK),
			       U64(HAVS_SERVER_A_PROBES_OK) + U64(HAVS_SERVER_A_PROBES_FAILED));
		} else {
			printf(" check none");
		}
		printf("\n");
	}
#undef U8
#undef U32
#undef U64
	s->count++;
	return EXIT_OK;
}

static int servers_show(const char *grp, const struct opts *o, int argc,
			char **argv)
{
	struct show s = { .o = o };
	int rc = parse_filter(&s, grp, "show", argc, argv);
	char what[32];

	snprintf(what, sizeof(what), "%s show", grp);
	return rc ? rc : dump(HAVS_CMD_SERVER_GET, what, &s, on_server);
}

static int check_show(const struct opts *o, int argc, char **argv)
{
	return servers_show("check", o, argc, argv);
}

static int server_show(const struct opts *o, int argc, char **argv)
{
	return servers_show("server", o, argc, argv);
}

static const struct cmd check_cmds[] = {
	{ .name = "set", .run = check_set,
	  .usage = "SERVICE [type tcp|http|udp|dns|tls|smtp|external] [port P] [interval D] [timeout D] [retry D] [rise N] [fall N] [initial up|down] [slowstart D] [track NAME [track-min N]] [sorry ADDR:PORT] [conns keep|expire] [path P] [host H] [status CODES] [expect TEXT] [payload TEXT] [name NAME] [qtype T] [rcode R] [answer ADDR] [sni NAME] [helo-name NAME]",
	  .summary = "set how the servers of a service are probed (replaces earlier settings)" },
	{ .name = "del", .run = check_del, .usage = "SERVICE",
	  .summary = "forget a service's settings: its servers get the default TCP probe" },
	{ .name = "show", .run = check_show, .usage = "[SERVICE]",
	  .summary = "every server of services on havs schedulers: health, weight in effect, last probe",
	  .json = true },
	{ .name = "settings", .run = check_settings, .usage = "[SERVICE]",
	  .summary = "the settings given with 'check set'",
	  .json = true },
	{ .name = NULL },
};

int cmd_check(const struct opts *o, int argc, char **argv)
{
	return cmd_dispatch("check", check_cmds,
			    SVC_USAGE "D: a duration, e.g. 500ms, 2s, 1m\n",
			    check_show, o, argc, argv);
}

struct server_health {
	struct svc_key svc;
	struct server_key srv;
	bool up;
};

static int build_server(struct nl_msg *msg, const void *arg)
{
	const struct server_health *sh = arg;
	struct nlattr *nest;

	if (put_svc(msg, &sh->svc, NULL))
		return -1;
	nest = nla_nest_start(msg, HAVS_A_SERVER | NLA_F_NESTED);
	if (!nest || nla_put_u16(msg, HAVS_SERVER_A_AF, sh->srv.af) ||
	    havs_put_addr(msg, HAVS_SERVER_A_ADDR4, HAVS_SERVER_A_ADDR6,
			  sh->srv.af, sh->srv.addr) ||
	    nla_put_u16(msg, HAVS_SERVER_A_PORT, htons(sh->srv.port)) ||
	    nla_put_u8(msg, HAVS_SERVER_A_UP, sh->up))
		return -1;
	nla_nest_end(msg, nest);
	return 0;
}

static int server_set(const struct opts *o, int argc, char **argv)
{
	struct server_health sh;
	char err[256];
	int n = argc;
	char **v = argv;

	(void)o;
	if (svc_key_parse(&sh.svc, &n, &v, err, sizeof(err)))
		return usage_err("server", "set", err);
	/* health goes to havs; weight, method, thresholds to IPVS */
	if (n < 2 || strcmp(v[1], "health"))
		return server_ipvs("set", o, argc, argv);
	if (n == 2)
		return usage_err("server", "set", "\"health\" needs a value: up or down");
	if (strcmp(v[2], "up") && strcmp(v[2], "down")) {
		snprintf(err, sizeof(err), "health \"%.64s\": expected health up|down", v[2]);
		return usage_err("server", "set", err);
	}
	if (n > 3) {
		if (!strcmp(v[3], "health"))
			snprintf(err, sizeof(err), "\"health\" given twice");
		else
			snprintf(err, sizeof(err),
				 "unexpected argument \"%.64s\" (health goes alone)",
				 v[3]);
		return usage_err("server", "set", err);
	}
	if (parse_server_addr(v[0], sh.svc.fwmark, &sh.srv.af, sh.srv.addr,
			      &sh.srv.port)) {
		snprintf(err, sizeof(err), "server \"%.64s\": %s", v[0],
			 server_addr_usage(sh.svc.fwmark));
		return usage_err("server", "set", err);
	}
	sh.up = !strcmp(v[2], "up");
	return nl_run(havs_nl_open, HAVS_CMD_SERVER_SET, 0, "server set",
		     build_server, &sh, NULL, NULL);
}

static int server_add(const struct opts *o, int argc, char **argv)
{
	return server_ipvs("add", o, argc, argv);
}

static int server_del(const struct opts *o, int argc, char **argv)
{
	return server_ipvs("del", o, argc, argv);
}

static const struct cmd server_cmds[] = {
	{ .name = "add", .run = server_add,
	  .usage = "SERVICE ADDR:PORT [weight W] [method nat|dr|tun|local] [uthreshold N] [lthreshold N]",
	  .summary = "add a real server to an IPVS service (weight 1, method nat unless given)" },
	{ .name = "set", .run = server_set,
	  .usage = "SERVICE ADDR:PORT health up|down | [weight W] [method M] [uthreshold N] [lthreshold N]",
	  .summary = "set the health of a server whose check is of type external, or its IPVS settings" },
	{ .name = "del", .run = server_del, .usage = "SERVICE ADDR:PORT",
	  .summary = "remove a real server from an IPVS service" },
	{ .name = "show", .run = server_show, .usage = "[SERVICE]",
	  .summary = "as 'havsadm check show'",
	  .json = true },
	{ .name = NULL },
};

int cmd_server(const struct opts *o, int argc, char **argv)
{
	return cmd_dispatch("server", server_cmds, SVC_USAGE, server_show, o,
			    argc, argv);
}
