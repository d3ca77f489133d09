// SPDX-License-Identifier: GPL-2.0
/*
 * havsadm service add|set|del|show and server add|set|del: IPVS services
 * and real servers, through IPVS's own generic netlink family ("IPVS"),
 * the way ipvsadm manages them, so one tool configures the services, the
 * havs schedulers they use and the probes of their servers.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <linux/ip_vs.h>

#include "conf.h"

#define MAX_SERVICES 65536
#define MAX_SERVERS 65536

static int usage_err(const char *grp, const char *sub, const char *err)
{
	errmsg("%s %s: %s; see 'havsadm %s --help'", grp, sub, err, grp);
	return EXIT_USAGE;
}

/* The identifying attributes of a service, in IPVS's encoding. */
static int put_svc_id(struct nl_msg *msg, const struct svc_key *k)
{
	uint8_t addr[16] = { 0 };

	if (nla_put_u16(msg, IPVS_SVC_ATTR_AF, k->af))
		return -1;
	if (k->fwmark)
		return nla_put_u32(msg, IPVS_SVC_ATTR_FWMARK, k->fwmark);
	memcpy(addr, k->addr, k->af == AF_INET6 ? 16 : 4);
	return nla_put_u16(msg, IPVS_SVC_ATTR_PROTOCOL, k->protocol) ||
	       nla_put(msg, IPVS_SVC_ATTR_ADDR, sizeof(addr), addr) ||
	       nla_put_u16(msg, IPVS_SVC_ATTR_PORT, htons(k->port));
}

static int build_svc(struct nl_msg *msg, const void *arg)
{
	const struct svc_conf *c = arg;
	struct ip_vs_flags flags = {
		.flags = c->persist_s ? IP_VS_SVC_F_PERSISTENT : 0,
		.mask = ~0U,
	};
	struct nlattr *nest = nla_nest_start(msg, IPVS_CMD_ATTR_SERVICE);

	if (!nest || put_svc_id(msg, &c->key))
		return -1;
	/* IPVS takes a service whole: every setting, always */
	if (nla_put_string(msg, IPVS_SVC_ATTR_SCHED_NAME, c->sched) ||
	    nla_put(msg, IPVS_SVC_ATTR_FLAGS, sizeof(flags), &flags) ||
	    nla_put_u32(msg, IPVS_SVC_ATTR_TIMEOUT, c->persist_s) ||
	    nla_put_u32(msg, IPVS_SVC_ATTR_NETMASK,
			c->key.af == AF_INET6 ? 128 : 0xffffffff))
		return -1;
	nla_nest_end(msg, nest);
	return 0;
}

static int build_svc_id(struct nl_msg *msg, const void *arg)
{
	struct nlattr *nest = nla_nest_start(msg, IPVS_CMD_ATTR_SERVICE);

	if (!nest || put_svc_id(msg, arg))
		return -1;
	nla_nest_end(msg, nest);
	return 0;
}

static int build_dest(struct nl_msg *msg, const void *arg)
{
	const struct srv_conf *c = arg;
	uint8_t addr[16] = { 0 };
	struct nlattr *nest;

	if (build_svc_id(msg, &c->svc))
		return -1;
	nest = nla_nest_start(msg, IPVS_CMD_ATTR_DEST);
	memcpy(addr, c->srv.addr, c->srv.af == AF_INET6 ? 16 : 4);
	if (!nest || nla_put(msg, IPVS_DEST_ATTR_ADDR, sizeof(addr), addr) ||
	    nla_put_u16(msg, IPVS_DEST_ATTR_PORT, htons(c->srv.port)) ||
	    nla_put_u16(msg, IPVS_DEST_ATTR_ADDR_FAMILY, c->srv.af) ||
	    nla_put_u32(msg, IPVS_DEST_ATTR_FWD_METHOD, c->method) ||
	    nla_put_u32(msg, IPVS_DEST_ATTR_WEIGHT, c->weight) ||
	    nla_put_u32(msg, IPVS_DEST_ATTR_U_THRESH, c->uthr) ||
	    nla_put_u32(msg, IPVS_DEST_ATTR_L_THRESH, c->lthr))
		return -1;
	nla_nest_end(msg, nest);
	return 0;
}

/* --- parsing the reply of a service or server dump ---------------------- */

struct svc_row {
	struct svc_key key;
	char sched[IP_VS_SCHEDNAME_MAXLEN];
	unsigned long persist_s;
	uint64_t digest;
	bool has_digest;
	unsigned int nsrv;
	struct srv_row *srv;
};

struct srv_row {
	struct server_key key;
	unsigned int method, weight, active, inactive, uthr, lthr;
};

struct dump {
	unsigned int n, cap;
	struct svc_row *rows;
	struct srv_row *srv;	/* servers of one service being read */
	unsigned int nsrv, srvcap;
	int rc;
};

static int grow(void **arr, unsigned int *cap, unsigned int n, size_t size,
		unsigned int max)
{
	void *p;

	if (n < *cap)
		return 0;
	if (n >= max)
		return -1;
	*cap = *cap ? *cap * 2 : 16;
	p = realloc(*arr, *cap * size);
	if (!p)
		return -1;
	*arr = p;
	return 0;
}

static int on_svc(struct nlattr **tb, void *arg)
{
	struct nlattr *t[IPVS_SVC_ATTR_MAX + 1];
	struct dump *d = arg;
	struct svc_row *r;

	if (!tb[IPVS_CMD_ATTR_SERVICE] ||
	    nla_parse_nested(t, IPVS_SVC_ATTR_MAX, tb[IPVS_CMD_ATTR_SERVICE], NULL) ||
	    !t[IPVS_SVC_ATTR_AF]) {
		errmsg("service show: malformed reply from IPVS");
		return EXIT_FAIL;
	}
	if (grow((void **)&d->rows, &d->cap, d->n, sizeof(*d->rows), MAX_SERVICES)) {
		errmsg("out of memory");
		return EXIT_FAIL;
	}
	r = &d->rows[d->n];
	memset(r, 0, sizeof(*r));
	r->key.af = nla_get_u16(t[IPVS_SVC_ATTR_AF]);
	if (t[IPVS_SVC_ATTR_FWMARK] && nla_get_u32(t[IPVS_SVC_ATTR_FWMARK])) {
		r->key.fwmark = nla_get_u32(t[IPVS_SVC_ATTR_FWMARK]);
	} else {
		if (!t[IPVS_SVC_ATTR_PROTOCOL] || !t[IPVS_SVC_ATTR_ADDR] ||
		    !t[IPVS_SVC_ATTR_PORT] || nla_len(t[IPVS_SVC_ATTR_ADDR]) > 16) {
			errmsg("service show: malformed reply from IPVS");
			return EXIT_FAIL;
		}
		r->key.protocol = nla_get_u16(t[IPVS_SVC_ATTR_PROTOCOL]);
		memcpy(r->key.addr, nla_data(t[IPVS_SVC_ATTR_ADDR]),
		       r->key.af == AF_INET6 ? 16 : 4);
		r->key.port = ntohs(nla_get_u16(t[IPVS_SVC_ATTR_PORT]));
	}
	if (t[IPVS_SVC_ATTR_SCHED_NAME])
		snprintf(r->sched, sizeof(r->sched), "%s",
			 (char *)nla_data(t[IPVS_SVC_ATTR_SCHED_NAME]));
	if (t[IPVS_SVC_ATTR_FLAGS] && t[IPVS_SVC_ATTR_TIMEOUT] &&
	    nla_len(t[IPVS_SVC_ATTR_FLAGS]) >= (int)sizeof(struct ip_vs_flags)) {
		struct ip_vs_flags f;

		memcpy(&f, nla_data(t[IPVS_SVC_ATTR_FLAGS]), sizeof(f));
		if (f.flags & IP_VS_SVC_F_PERSISTENT)
			r->persist_s = nla_get_u32(t[IPVS_SVC_ATTR_TIMEOUT]);
	}
	d->n++;
	return EXIT_OK;
}

static int on_dest(struct nlattr **tb, void *arg)
{
	struct nlattr *t[IPVS_DEST_ATTR_MAX + 1];
	struct dump *d = arg;
	struct srv_row *r;

	if (!tb[IPVS_CMD_ATTR_DEST] ||
	    nla_parse_nested(t, IPVS_DEST_ATTR_MAX, tb[IPVS_CMD_ATTR_DEST], NULL) ||
	    !t[IPVS_DEST_ATTR_ADDR] || !t[IPVS_DEST_ATTR_PORT] ||
	    nla_len(t[IPVS_DEST_ATTR_ADDR]) > 16) {
		errmsg("service show: malformed server from IPVS");
		return EXIT_FAIL;
	}
	if (grow((void **)&d->srv, &d->srvcap, d->nsrv, sizeof(*d->srv), MAX_SERVERS)) {
		errmsg("out of memory");
		return EXIT_FAIL;
	}
	r = &d->srv[d->nsrv];
	memset(r, 0, sizeof(*r));
	r->key.af = t[IPVS_DEST_ATTR_ADDR_FAMILY] ?
		nla_get_u16(t[IPVS_DEST_ATTR_ADDR_FAMILY]) : AF_INET;
	memcpy(r->key.addr, nla_data(t[IPVS_DEST_ATTR_ADDR]),
	       r->key.af == AF_INET6 ? 16 : 4);
	r->key.port = ntohs(nla_get_u16(t[IPVS_DEST_ATTR_PORT]));
#define U32(a) (t[a] ? nla_get_u32(t[a]) : 0)
	r->method = U32(IPVS_DEST_ATTR_FWD_METHOD);
	r->weight = U32(IPVS_DEST_ATTR_WEIGHT);
	r->active = U32(IPVS_DEST_ATTR_ACTIVE_CONNS);
	r->inactive = U32(IPVS_DEST_ATTR_INACT_CONNS);
	r->uthr = U32(IPVS_DEST_ATTR_U_THRESH);
	r->lthr = U32(IPVS_DEST_ATTR_L_THRESH);
#undef U32
	d->nsrv++;
	return EXIT_OK;
}

static void fmt_svc(char *buf, size_t len, const struct svc_key *k)
{
	char addr[INET6_ADDRSTRLEN];

	if (k->fwmark) {
		snprintf(buf, len, "fwmark %u%s", k->fwmark, k->af == AF_INET6 ? " inet6" : "");
		return;
	}
	inet_ntop(k->af, k->addr, addr, sizeof(addr));
	snprintf(buf, len, k->af == AF_INET6 ? "%s [%s]:%u" : "%s %s:%u",
		 proto_name(k->protocol), addr, k->port);
}

static void fmt_srv(char *buf, size_t len, const struct server_key *k)
{
	char addr[INET6_ADDRSTRLEN];

	inet_ntop(k->af, k->addr, addr, sizeof(addr));
	snprintf(buf, len, k->af == AF_INET6 ? "[%s]:%u" : "%s:%u", addr, k->port);
}

/* servers sorted by family, address, port: stable output */
static int srv_cmp(const void *a, const void *b)
{
	const struct server_key *x = &((const struct srv_row *)a)->key;
	const struct server_key *y = &((const struct srv_row *)b)->key;
	int c = x->af - y->af;

	if (!c)
		c = memcmp(x->addr, y->addr, sizeof(x->addr));
	return c ? c : (int)x->port - (int)y->port;
}

/* the digests of the services on havs_mh/havs_sh (one dump of the module) */
static int svc_digests(struct dump *d)
{
	struct svc_key *keys;
	uint64_t *digest;
	unsigned int i;
	bool *have;
	int rc;

	for (i = 0; i < d->n; i++)
		if (!strcmp(d->rows[i].sched, "havs_mh") ||
		    !strcmp(d->rows[i].sched, "havs_sh"))
			break;
	if (i == d->n)
		return EXIT_OK;
	keys = calloc(d->n, sizeof(*keys));
	digest = calloc(d->n, sizeof(*digest));
	have = calloc(d->n, sizeof(*have));
	if (!keys || !digest || !have) {
		errmsg("out of memory");
		rc = EXIT_FAIL;
		goto out;
	}
	for (i = 0; i < d->n; i++)
		keys[i] = d->rows[i].key;
	rc = havs_svc_digests(keys, d->n, digest, have);
	for (i = 0; !rc && i < d->n; i++) {
		d->rows[i].digest = digest[i];
		d->rows[i].has_digest = have[i];
	}
out:
	free(keys);
	free(digest);
	free(have);
	return rc;
}

static int service_show(const struct opts *o, int argc, char **argv)
{
	struct dump d = { 0 };
	struct svc_key filter;
	char name[96], srv[64], err[256];
	bool have_filter = false;
	unsigned int i, j, shown = 0;
	int rc;

	if (argc) {
		if (svc_key_parse(&filter, &argc, &argv, err, sizeof(err)))
			return usage_err("service", "show", err);
		if (argc) {
			errmsg("service show: unexpected argument \"%s\" (expected at most a service); see 'havsadm service --help'",
			       argv[0]);
			return EXIT_USAGE;
		}
		have_filter = true;
	}
	rc = nl_run(ipvs_nl_open, IPVS_CMD_GET_SERVICE, NLM_F_DUMP, "service show",
		    NULL, NULL, on_svc, &d);
	for (i = 0; !rc && i < d.n; i++) {
		d.srv = NULL;
		d.nsrv = d.srvcap = 0;
		rc = nl_run(ipvs_nl_open, IPVS_CMD_GET_DEST, NLM_F_DUMP, "service show",
			    build_svc_id, &d.rows[i].key, on_dest, &d);
		if (d.nsrv)
			qsort(d.srv, d.nsrv, sizeof(*d.srv), srv_cmp);
		d.rows[i].srv = d.srv;
		d.rows[i].nsrv = d.nsrv;
	}
	if (!rc)
		rc = svc_digests(&d);
	if (rc)
		goto out;
	if (o->json)
		printf("[");
	for (i = 0; i < d.n; i++) {
		struct svc_row *r = &d.rows[i];

		if (have_filter && memcmp(&filter, &r->key, sizeof(filter)))
			continue;
		fmt_svc(name, sizeof(name), &r->key);
		if (o->json) {
			printf("%s{\"service\":", shown ? "," : "");
			json_str(stdout, name);
			printf(",\"scheduler\":");
			json_str(stdout, r->sched);
			printf(",\"persistent_s\":%lu,", r->persist_s);
			if (r->has_digest)
				printf("\"digest\":\"%016" PRIx64 "\",", r->digest);
			printf("\"servers\":[");
		} else {
			printf("%s scheduler %s", name, r->sched);
			if (r->persist_s)
				printf(" persistent %lu", r->persist_s);
			if (r->has_digest)
				printf(" digest %016" PRIx64, r->digest);
			printf("\n");
		}
		for (j = 0; j < r->nsrv; j++) {
			struct srv_row *s = &r->srv[j];

			fmt_srv(srv, sizeof(srv), &s->key);
			if (o->json)
				printf("%s{\"server\":\"%s\",\"method\":\"%s\",\"weight\":%u,"
				       "\"active\":%u,\"inactive\":%u}", j ? "," : "", srv,
				       method_name(s->method), s->weight, s->active, s->inactive);
			else
				printf("  %s %s weight %u active %u inactive %u\n", srv,
				       method_name(s->method), s->weight, s->active, s->inactive);
		}
		if (o->json)
			printf("]}");
		shown++;
	}
	if (o->json)
		printf("]\n");
out:
	for (i = 0; i < d.n; i++)
		free(d.rows[i].srv);
	free(d.rows);
	return rc;
}

/*
 * Consistent mode: IPVS's sloppy_tcp / sloppy_sctp let a director without
 * an entry schedule a mid-flow packet (not only a SYN or an INIT). They
 * are the namespace's, not the service's: on for one TCP service, on for
 * every TCP service of the namespace.
 */
static int sloppy_read(const char *proto)
{
	char path[64];
	int v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/vs/sloppy_%s", proto);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v;
}

static int sloppy_write(const char *proto, bool on)
{
	char path[64];
	FILE *f;
	int err;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/vs/sloppy_%s", proto);
	f = fopen(path, "w");
	if (!f || fputs(on ? "1" : "0", f) == EOF || fclose(f)) {
		err = errno;
		if (f)
			fclose(f);
		errmsg("consistent: cannot set %s: %s", path, strerror(err));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int svc_set_consistent(const struct svc_conf *c, const char *sub)
{
	int rc = EXIT_OK;

	if (!c->has_consistent)
		return EXIT_OK;
	if (c->consistent && !sched_is_consistent(c->sched)) {
		errmsg("service %s: consistent: scheduler \"%s\" picks a server from its own state (weights, connection counts), which another director does not share: a mid-flow packet would go to another server; use havs_mh, havs_sh, mh or sh",
		       sub, c->sched);
		return EXIT_USAGE;
	}
	/* UDP is scheduled on any packet already; a fwmark may be either */
	if (c->key.protocol == IPPROTO_TCP || c->key.fwmark)
		rc = sloppy_write("tcp", c->consistent);
	if (!rc && (c->key.protocol == IPPROTO_SCTP || c->key.fwmark))
		rc = sloppy_write("sctp", c->consistent);
	return rc;
}

static bool svc_consistent_now(const struct svc_key *k, const char *sched)
{
	if (!sched_is_consistent(sched))
		return false;
	if (k->fwmark)
		return sloppy_read("tcp") && sloppy_read("sctp");
	if (k->protocol == IPPROTO_TCP)
		return sloppy_read("tcp");
	if (k->protocol == IPPROTO_SCTP)
		return sloppy_read("sctp");
	return false;	/* UDP: nothing to say */
}

/* Every IPVS service of the namespace, and its servers, into @cf. */
int ipvs_conf_load(struct conf *cf)
{
	bool havs_sched = false, from_havs = false;
	struct dump d = { 0 };
	struct havs_nl h;
	unsigned int i, j;
	int rc;

	/* one socket for every dump: thousands of services stay quick */
	rc = ipvs_nl_open(&h);
	if (rc)
		return rc;
	rc = nl_run_on(&h, IPVS_CMD_GET_SERVICE, NLM_F_DUMP, "service show",
		       NULL, NULL, on_svc, &d);
	for (i = 0; !rc && i < d.n; i++) {
		struct svc_row *r = &d.rows[i];
		struct conf_svc *s = conf_svc_get(cf, &r->key);

		if (!s) {
			errmsg("out of memory");
			rc = EXIT_FAIL;
			break;
		}
		s->ipvs = true;
		snprintf(s->c.sched, sizeof(s->c.sched), "%s", r->sched);
		s->c.persist_s = r->persist_s;
		s->c.has_sched = s->c.has_persist = true;
		s->c.consistent = svc_consistent_now(&r->key, r->sched);
		s->c.has_consistent = true;
		if (sched_is_havs(r->sched))
			havs_sched = true;
	}
	/* the servers of services on havs schedulers: one dump of the module */
	if (!rc && havs_sched)
		rc = havs_servers_conf_load(cf, &from_havs);
	for (i = 0; !rc && i < d.n; i++) {
		struct svc_row *r = &d.rows[i];
		struct conf_svc *s = conf_svc_find(cf, &r->key);

		if (from_havs && sched_is_havs(r->sched))
			continue;
		d.srv = NULL;
		d.nsrv = d.srvcap = 0;
		/* in any order: conf_sort() orders the servers */
		rc = nl_run_on(&h, IPVS_CMD_GET_DEST, NLM_F_DUMP, "service show",
			       build_svc_id, &r->key, on_dest, &d);
		for (j = 0; !rc && j < d.nsrv; j++) {
			struct conf_srv *v = conf_srv_add(s);

			if (!v) {
				errmsg("out of memory");
				rc = EXIT_FAIL;
				break;
			}
			v->c.svc = r->key;
			v->c.srv = d.srv[j].key;
			v->c.weight = d.srv[j].weight;
			v->c.method = d.srv[j].method & IP_VS_CONN_F_FWD_MASK;
			v->c.uthr = d.srv[j].uthr;
			v->c.lthr = d.srv[j].lthr;
			v->c.has_weight = v->c.has_method = true;
			v->c.has_uthr = v->c.has_lthr = true;
		}
		free(d.srv);
	}
	free(d.rows);
	havs_nl_close(&h);
	return rc;
}

/* --- service add|set|del --------------------------------------------------- */

static int parse_svc_conf(struct svc_conf *c, const char *sub, int argc, char **argv)
{
	char err[256];

	if (svc_conf_parse(c, argc, argv, err, sizeof(err)))
		return usage_err("service", sub, err);
	return EXIT_OK;
}

/* the service as IPVS has it now, for set (IPVS replaces a service whole) */
static int svc_current(const struct svc_key *k, struct svc_row *out)
{
	struct dump d = { 0 };
	int rc;

	rc = nl_run(ipvs_nl_open, IPVS_CMD_GET_SERVICE, 0, "service set",
		     build_svc_id, k, on_svc, &d);
	if (!rc && d.n != 1) {
		errmsg("service set: no such service");
		rc = EXIT_FAIL;
	}
	if (!rc)
		*out = d.rows[0];
	free(d.rows);
	return rc;
}

static int service_add(const struct opts *o, int argc, char **argv)
{
	struct svc_conf c;
	int rc;

	(void)o;
	rc = parse_svc_conf(&c, "add", argc, argv);
	if (rc)
		return rc;
	if (!c.has_sched)
		snprintf(c.sched, sizeof(c.sched), "havs_wrr");
	if (c.consistent && !sched_is_consistent(c.sched))
		return svc_set_consistent(&c, "add");
	rc = nl_run(ipvs_nl_open, IPVS_CMD_NEW_SERVICE, 0, "service add",
		    build_svc, &c, NULL, NULL);
	return rc ? rc : svc_set_consistent(&c, "add");
}

static int service_set(const struct opts *o, int argc, char **argv)
{
	struct svc_row cur;
	struct svc_conf c;
	int rc;

	(void)o;
	rc = parse_svc_conf(&c, "set", argc, argv);
	if (rc)
		return rc;
	if (!c.has_sched && !c.has_persist && !c.has_consistent)
		return usage_err("service", "set", "nothing to change");
	rc = svc_current(&c.key, &cur);
	if (rc)
		return rc;
	if (!c.has_sched)
		snprintf(c.sched, sizeof(c.sched), "%s", cur.sched);
	if (!c.has_persist)
		c.persist_s = cur.persist_s;
	if (c.consistent && !sched_is_consistent(c.sched))
		return svc_set_consistent(&c, "set");
	rc = nl_run(ipvs_nl_open, IPVS_CMD_SET_SERVICE, 0, "service set",
		    build_svc, &c, NULL, NULL);
	return rc ? rc : svc_set_consistent(&c, "set");
}

static int service_del(const struct opts *o, int argc, char **argv)
{
	struct svc_key k;
	char err[256];

	(void)o;
	if (svc_key_parse(&k, &argc, &argv, err, sizeof(err)))
		return usage_err("service", "del", err);
	if (argc) {
		errmsg("service del: unexpected argument \"%s\" (expected only a service); see 'havsadm service --help'",
		       argv[0]);
		return EXIT_USAGE;
	}
	return nl_run(ipvs_nl_open, IPVS_CMD_DEL_SERVICE, 0, "service del",
		     build_svc_id, &k, NULL, NULL);
}

static const struct cmd service_cmds[] = {
	{ .name = "add", .run = service_add,
	  .usage = "SERVICE [scheduler NAME] [persistent SECONDS]",
	  .summary = "create an IPVS service (scheduler havs_wrr unless given)" },
	{ .name = "set", .run = service_set,
	  .usage = "SERVICE [scheduler NAME] [persistent SECONDS]",
	  .summary = "change a service's scheduler or persistence" },
	{ .name = "del", .run = service_del, .usage = "SERVICE",
	  .summary = "delete an IPVS service and its real servers" },
	{ .name = "show", .run = service_show, .usage = "[SERVICE]",
	  .summary = "IPVS services and their real servers, as IPVS has them",
	  .json = true },
	{ .name = NULL },
};

int cmd_service(const struct opts *o, int argc, char **argv)
{
	return cmd_dispatch("service", service_cmds,
			    "SERVICE: tcp|udp|sctp ADDR:PORT, or fwmark MARK [inet6]\n",
			    service_show, o, argc, argv);
}

/* --- server add|set|del (IPVS side) ----------------------------------------- */

static int parse_srv_conf(struct srv_conf *c, const char *sub, int argc, char **argv)
{
	char err[256];

	if (srv_conf_parse(c, argc, argv, err, sizeof(err)))
		return usage_err("server", sub, err);
	return EXIT_OK;
}

static int server_add(const struct opts *o, int argc, char **argv)
{
	struct srv_conf c;
	int rc;

	(void)o;
	rc = parse_srv_conf(&c, "add", argc, argv);
	if (rc)
		return rc;
	if (!c.has_weight)
		c.weight = 1;
	return nl_run(ipvs_nl_open, IPVS_CMD_NEW_DEST, 0, "server add",
		     build_dest, &c, NULL, NULL);
}

/* weight, method, thresholds of a server; health goes to the havs family */
static int server_set_ipvs(struct srv_conf *c)
{
	struct dump d = { 0 };
	unsigned int i;
	int rc;

	if (!c->has_weight && !c->has_method && !c->has_uthr && !c->has_lthr)
		return usage_err("server", "set", "nothing to change");
	/* IPVS replaces a server whole: start from what it has */
	rc = nl_run(ipvs_nl_open, IPVS_CMD_GET_DEST, NLM_F_DUMP, "server set",
		     build_svc_id, &c->svc,
		      on_dest, &d);
	for (i = 0; !rc && i < d.nsrv; i++)
		if (d.srv[i].key.af == c->srv.af && d.srv[i].key.port == c->srv.port &&
		    !memcmp(d.srv[i].key.addr, c->srv.addr, c->srv.af == AF_INET6 ? 16 : 4))
			break;
	if (!rc && i == d.nsrv) {
		errmsg("server set: the service has no such real server");
		rc = EXIT_FAIL;
	}
	if (!rc) {
		if (!c->has_weight)
			c->weight = d.srv[i].weight;
		if (!c->has_method)
			c->method = d.srv[i].method & IP_VS_CONN_F_FWD_MASK;
		if (!c->has_uthr)
			c->uthr = d.srv[i].uthr;
		if (!c->has_lthr)
			c->lthr = d.srv[i].lthr;
		rc = nl_run(ipvs_nl_open, IPVS_CMD_SET_DEST, 0, "server set",
			     build_dest, c, NULL, NULL);
	}
	free(d.srv);
	return rc;
}

static int server_del(const struct opts *o, int argc, char **argv)
{
	struct srv_conf c;
	struct svc_key k;
	char err[256], **v;
	int rc, n;

	(void)o;
	/* the service's words, the server's, and nothing more */
	n = argc;
	v = argv;
	if (!svc_key_parse(&k, &n, &v, err, sizeof(err)) && n > 1) {
		errmsg("server del: unexpected argument \"%s\" (expected SERVICE ADDR:PORT); see 'havsadm server --help'",
		       v[1]);
		return EXIT_USAGE;
	}
	rc = parse_srv_conf(&c, "del", argc, argv);
	if (rc)
		return rc;
	return nl_run(ipvs_nl_open, IPVS_CMD_DEL_DEST, 0, "server del",
		     build_dest, &c, NULL, NULL);
}

/* server add|del|set (weight...) for check.c's server command table */
int server_ipvs(const char *sub, const struct opts *o, int argc, char **argv)
{
	struct srv_conf c;
	int rc;

	if (!strcmp(sub, "add"))
		return server_add(o, argc, argv);
	if (!strcmp(sub, "del"))
		return server_del(o, argc, argv);
	rc = parse_srv_conf(&c, "set", argc, argv);
	return rc ? rc : server_set_ipvs(&c);
}
