// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration file, havs.conf(5): read it into the model of conf.h
 * with the same parsers as the command line, print a model in the file's
 * format, and compare two models into the havsadm commands that make one
 * the other. Free of libnl: the host tests and a fuzz target link it alone.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <linux/ip_vs.h>

#include "agent.h"
#include "conf.h"
#include "../kmod/uapi/linux/havs.h"

#define LINE_MAX_LEN 4095
#define STMT_MAX_WORDS 512
#define CONF_MAX_OBJECTS 1000000

/* --- a growing string ------------------------------------------------------ */

struct sbuf {
	char *s;
	size_t len, cap;
	bool oom;
};

static void sb_add(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sb_add(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	for (;;) {
		size_t room = b->cap - b->len;

		va_start(ap, fmt);
		n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? room : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->oom = true;
			return;
		}
		if (b->s && (size_t)n < room) {
			b->len += n;
			return;
		}
		size_t cap = b->cap ? b->cap * 2 : 256;

		while (cap - b->len <= (size_t)n)
			cap *= 2;
		char *p = realloc(b->s, cap);

		if (!p) {
			b->oom = true;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
}

/* @n bytes of @p, without a format: most of what is printed */
static void sb_put(struct sbuf *b, const char *p, size_t n)
{
	if (!b->oom && b->s && b->cap - b->len > n) {
		memcpy(b->s + b->len, p, n);
		b->len += n;
		b->s[b->len] = '\0';
		return;
	}
	sb_add(b, "%.*s", (int)n, p);
}

/* A word: quoted when it has to be, so that conf_split() reads it back. */
static void sb_word(struct sbuf *b, const char *w)
{
	bool plain = *w;
	const char *p;

	for (p = w; *p; p++)
		if (!isgraph((unsigned char)*p) || *p == '"' || *p == '#' ||
		    *p == '\\' || *p == '$')
			plain = false;
	if (b->len)
		sb_put(b, " ", 1);
	if (plain) {
		sb_put(b, w, p - w);
		return;
	}
	sb_add(b, "\"");
	for (p = w; *p; p++)
		sb_add(b, *p == '"' || *p == '\\' ? "\\%c" : "%c", *p);
	sb_add(b, "\"");
}

static void sb_words(struct sbuf *b, const char *k, const char *v)
{
	sb_word(b, k);
	sb_word(b, v);
}

static void sb_free(struct sbuf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

static const char *sb_str(struct sbuf *b)
{
	return b->s ? b->s : "";
}

/* --- the model ------------------------------------------------------------- */

/* A new zeroed element at the end of *@arr (@n used of @cap), or NULL. */
static void *append(void **arr, unsigned int *n, unsigned int *cap, size_t size)
{
	unsigned int ncap = *cap ? *cap * 2 : 8;
	char *p = *arr;

	if (*n >= CONF_MAX_OBJECTS)
		return NULL;
	if (*n == *cap) {
		p = realloc(p, (size_t)ncap * size);
		if (!p)
			return NULL;
		*arr = p;
		*cap = ncap;
	}
	p += (size_t)(*n)++ * size;
	memset(p, 0, size);
	return p;
}

struct conf_track *conf_track_add(struct conf *cf)
{
	return append((void **)&cf->tracks, &cf->ntracks, &cf->trackcap,
		      sizeof(*cf->tracks));
}

struct conf_vrrp *conf_vrrp_add(struct conf *cf)
{
	return append((void **)&cf->vrrps, &cf->nvrrps, &cf->vrrpcap,
		      sizeof(*cf->vrrps));
}

struct conf_announce *conf_announce_add(struct conf *cf)
{
	return append((void **)&cf->anns, &cf->nanns, &cf->anncap,
		      sizeof(*cf->anns));
}

static bool svc_key_eq(const struct svc_key *a, const struct svc_key *b)
{
	return a->af == b->af && a->protocol == b->protocol &&
	       a->port == b->port && a->fwmark == b->fwmark &&
	       !memcmp(a->addr, b->addr, sizeof(a->addr));
}

static bool server_key_eq(const struct server_key *a, const struct server_key *b)
{
	return a->af == b->af && a->port == b->port &&
	       !memcmp(a->addr, b->addr, a->af == AF_INET6 ? 16 : 4);
}

/*
 * Services are found through an open-addressing index (a config of
 * thousands of services is read, loaded and compared in linear time).
 */
static unsigned int svc_hash(const struct svc_key *k)
{
	const uint8_t *p = k->addr;
	uint32_t h = 2166136261u;

	h = (h ^ (uint32_t)k->af) * 16777619u;
	h = (h ^ k->protocol) * 16777619u;
	h = (h ^ k->port) * 16777619u;
	h = (h ^ k->fwmark) * 16777619u;
	for (unsigned int i = 0; i < sizeof(k->addr); i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static void svc_index_put(struct conf *cf, unsigned int i)
{
	unsigned int m = cf->svc_index_size - 1;
	unsigned int h = svc_hash(&cf->svcs[i].c.key) & m;

	while (cf->svc_index[h])
		h = (h + 1) & m;
	cf->svc_index[h] = i + 1;
}

/* (re)build the index for the services in place, with room to grow */
static int svc_reindex(struct conf *cf, unsigned int want)
{
	unsigned int size = 16, *idx;

	while (size < 2 * want + 2)
		size *= 2;
	idx = calloc(size, sizeof(*idx));
	if (!idx)
		return -ENOMEM;
	free(cf->svc_index);
	cf->svc_index = idx;
	cf->svc_index_size = size;
	for (unsigned int i = 0; i < cf->nsvcs; i++)
		svc_index_put(cf, i);
	return 0;
}

struct conf_svc *conf_svc_find(const struct conf *cf, const struct svc_key *k)
{
	unsigned int m = cf->svc_index_size - 1, h, i;

	if (!cf->svc_index)
		return NULL;
	for (h = svc_hash(k) & m; (i = cf->svc_index[h]); h = (h + 1) & m)
		if (svc_key_eq(&cf->svcs[i - 1].c.key, k))
			return &cf->svcs[i - 1];
	return NULL;
}

/* one of the module's schedulers: the module knows the service's servers */
bool sched_is_havs(const char *sched)
{
	return !strncmp(sched, "havs_", 5);
}

/* The service's entry, created (neither IPVS service nor check) if new. */
struct conf_svc *conf_svc_get(struct conf *cf, const struct svc_key *k)
{
	struct conf_svc *s = conf_svc_find(cf, k);

	if (s)
		return s;
	if (2 * (cf->nsvcs + 1) + 2 > cf->svc_index_size &&
	    svc_reindex(cf, 2 * cf->nsvcs + 1))
		return NULL;
	s = append((void **)&cf->svcs, &cf->nsvcs, &cf->svccap, sizeof(*cf->svcs));
	if (!s)
		return NULL;
	s->c.key = *k;
	svc_index_put(cf, cf->nsvcs - 1);
	return s;
}

struct conf_srv *conf_srv_add(struct conf_svc *s)
{
	return append((void **)&s->srv, &s->nsrv, &s->srvcap, sizeof(*s->srv));
}

static struct conf_srv *srv_find(const struct conf_svc *s,
				 const struct server_key *k)
{
	for (unsigned int i = 0; s && i < s->nsrv; i++)
		if (server_key_eq(&s->srv[i].c.srv, k))
			return &s->srv[i];
	return NULL;
}

static struct conf_vrrp *vrrp_find(const struct conf *cf,
				   const struct vrrp_conf *c)
{
	for (unsigned int i = 0; i < cf->nvrrps; i++) {
		const struct vrrp_conf *o = &cf->vrrps[i].c;

		if (o->vrid == c->vrid && o->family == c->family &&
		    !strcmp(o->dev, c->dev))
			return &cf->vrrps[i];
	}
	return NULL;
}

static struct conf_track *track_find(const struct conf *cf, const char *name)
{
	for (unsigned int i = 0; i < cf->ntracks; i++)
		if (!strcmp(cf->tracks[i].name, name))
			return &cf->tracks[i];
	return NULL;
}

static struct conf_announce *announce_find(const struct conf *cf, const char *dev)
{
	for (unsigned int i = 0; i < cf->nanns; i++)
		if (!strcmp(cf->anns[i].c.dev, dev))
			return &cf->anns[i];
	return NULL;
}

static int announce_cmp(const void *a, const void *b)
{
	return strcmp(((const struct conf_announce *)a)->c.dev,
		      ((const struct conf_announce *)b)->c.dev);
}

static int vrrp_cmp(const void *a, const void *b)
{
	const struct vrrp_conf *x = &((const struct conf_vrrp *)a)->c;
	const struct vrrp_conf *y = &((const struct conf_vrrp *)b)->c;
	int c = strcmp(x->dev, y->dev);

	if (!c)
		c = (int)x->vrid - (int)y->vrid;
	return c ? c : x->family - y->family;
}

static int svc_cmp(const void *a, const void *b)
{
	const struct svc_key *x = &((const struct conf_svc *)a)->c.key;
	const struct svc_key *y = &((const struct conf_svc *)b)->c.key;

	if (x->fwmark != y->fwmark)
		return x->fwmark < y->fwmark ? -1 : 1;
	if (x->af != y->af)
		return x->af - y->af;
	if (memcmp(x->addr, y->addr, sizeof(x->addr)))
		return memcmp(x->addr, y->addr, sizeof(x->addr));
	if (x->port != y->port)
		return (int)x->port - (int)y->port;
	return (int)x->protocol - (int)y->protocol;
}

static int track_cmp(const void *a, const void *b)
{
	return strcmp(((const struct conf_track *)a)->name,
		      ((const struct conf_track *)b)->name);
}

static int srv_cmp(const void *a, const void *b)
{
	const struct server_key *x = &((const struct conf_srv *)a)->c.srv;
	const struct server_key *y = &((const struct conf_srv *)b)->c.srv;

	if (x->af != y->af)
		return x->af - y->af;
	if (memcmp(x->addr, y->addr, sizeof(x->addr)))
		return memcmp(x->addr, y->addr, sizeof(x->addr));
	return (int)x->port - (int)y->port;
}

/* The running state in a stable order: what show config prints. */
void conf_sort(struct conf *cf)
{
	if (cf->ntracks)
		qsort(cf->tracks, cf->ntracks, sizeof(*cf->tracks), track_cmp);
	if (cf->nvrrps)
		qsort(cf->vrrps, cf->nvrrps, sizeof(*cf->vrrps), vrrp_cmp);
	if (cf->nanns)
		qsort(cf->anns, cf->nanns, sizeof(*cf->anns), announce_cmp);
	if (cf->nsvcs)
		qsort(cf->svcs, cf->nsvcs, sizeof(*cf->svcs), svc_cmp);
	for (unsigned int i = 0; i < cf->nsvcs; i++)
		if (cf->svcs[i].nsrv)
			qsort(cf->svcs[i].srv, cf->svcs[i].nsrv,
			      sizeof(*cf->svcs[i].srv), srv_cmp);
	/* the services moved: index them again, in the same table */
	if (cf->svc_index) {
		memset(cf->svc_index, 0, cf->svc_index_size * sizeof(*cf->svc_index));
		for (unsigned int i = 0; i < cf->nsvcs; i++)
			svc_index_put(cf, i);
	}
}

void conf_free(struct conf *cf)
{
	for (unsigned int i = 0; i < cf->nsvcs; i++) {
		for (unsigned int j = 0; j < cf->svcs[i].nsrv; j++)
			agent_hooks_free(cf->svcs[i].srv[j].hooks);
		agent_hooks_free(cf->svcs[i].hooks);
		free(cf->svcs[i].srv);
	}
	for (unsigned int i = 0; i < cf->nvrrps; i++)
		agent_hooks_free(cf->vrrps[i].hooks);
	agent_conf_free(cf->agent);
	free(cf->svcs);
	free(cf->vrrps);
	free(cf->anns);
	free(cf->tracks);
	free(cf->svc_index);
	memset(cf, 0, sizeof(*cf));
}

/*
 * Probe settings as the module completes them (kmod/health.c and
 * health_nl.c): the comparison of a file with the kernel needs both
 * complete.
 */
void check_conf_effective(struct check_conf *c)
{
	if (!(c->set & CF_TYPE))
		c->type = HAVS_CHECK_TCP;
	if (!(c->set & CF_INTERVAL))
		c->interval_ms = 5000;
	if (!(c->set & CF_TIMEOUT))
		c->timeout_ms = 2000 < c->interval_ms ? 2000 : c->interval_ms / 2;
	if (!(c->set & CF_RETRY))
		c->retry_ms = 1000;
	if (!(c->set & CF_RISE))
		c->rise = 2;
	if (!(c->set & CF_FALL))
		c->fall = 3;
	if (!(c->set & CF_INITIAL))
		c->initial_up = true;
	if (c->type == HAVS_CHECK_HTTP && !(c->set & CF_PATH))
		strcpy(c->path, "/");
	if (c->type == HAVS_CHECK_HTTP && !(c->set & CF_CODES))
		strcpy(c->codes, "200-299");
	if (c->type == HAVS_CHECK_DNS && !(c->set & CF_QTYPE))
		c->qtype = 1;
	if ((c->set & CF_TRACK) && !(c->set & CF_TRACK_MIN))
		c->track_min = 1;
	c->set |= CF_TYPE | CF_INTERVAL | CF_TIMEOUT | CF_RETRY | CF_RISE |
		  CF_FALL | CF_INITIAL;
}

/* --- words of each object, as the commands and the file take them ----------- */

static void sb_addr(struct sbuf *b, const char *key, int af, const uint8_t *a)
{
	char s[INET6_ADDRSTRLEN];

	inet_ntop(af, a, s, sizeof(s));
	sb_words(b, key, s);
}

static void sb_addr_port(struct sbuf *b, const char *key, int af,
			 const uint8_t *a, unsigned int port)
{
	char s[INET6_ADDRSTRLEN], w[INET6_ADDRSTRLEN + 10];

	inet_ntop(af, a, s, sizeof(s));
	snprintf(w, sizeof(w), af == AF_INET6 ? "[%s]:%u" : "%s:%u", s, port);
	if (key)
		sb_words(b, key, w);
	else
		sb_word(b, w);
}

static void sb_ms(struct sbuf *b, const char *key, unsigned long ms)
{
	char w[32];

	if (ms && !(ms % 1000))
		snprintf(w, sizeof(w), "%lus", ms / 1000);
	else
		snprintf(w, sizeof(w), "%lums", ms);
	sb_words(b, key, w);
}

static void sb_uint(struct sbuf *b, const char *key, unsigned long v)
{
	char w[24];

	snprintf(w, sizeof(w), "%lu", v);
	sb_words(b, key, w);
}

static void svc_words(struct sbuf *b, const struct svc_key *k)
{
	if (k->fwmark) {
		sb_uint(b, "fwmark", k->fwmark);
		if (k->af == AF_INET6)
			sb_word(b, "inet6");
		return;
	}
	sb_word(b, proto_name(k->protocol));
	sb_addr_port(b, NULL, k->af, k->addr, k->port);
}

static void vrrp_default_name(const struct vrrp_conf *c, char *name, size_t len)
{
	snprintf(name, len, "vr%u%s.%s", c->vrid,
		 c->family == AF_INET6 ? "v6" : "", c->dev);
}

enum { VW_ID = 1, VW_FIXED = 2, VW_SET = 4, VW_ALL = 8 };

/*
 * An instance's words: its identity (dev, vrid, and the family when
 * IPv6 and the addresses are not given), what only a new instance can
 * change, and what 'vrrp set' changes; with VW_ALL defaults too.
 */
static void vrrp_words(struct sbuf *b, const struct vrrp_conf *c,
		       unsigned int parts)
{
	bool all = parts & VW_ALL;
	char name[64];

	if (parts & VW_ID) {
		sb_words(b, "dev", c->dev);
		sb_uint(b, "vrid", c->vrid);
		if (!(parts & VW_FIXED) && c->family == AF_INET6)
			sb_words(b, "family", "inet6");
	}
	if (parts & VW_FIXED) {
		for (unsigned int i = 0; i < c->naddr; i++)
			sb_addr(b, "address", c->family, c->addrs[i]);
		if (all || c->version != 3)
			sb_uint(b, "version", c->version);
		for (unsigned int i = 0; i < c->npeers; i++)
			sb_addr(b, "peer", c->family, c->peers[i]);
		for (unsigned int i = 0; i < c->ntracks; i++) {
			const struct vrrp_track_conf *t = &c->tracks[i];
			char w[16];

			sb_words(b, t->is_dev ? "track-dev" : "track-object", t->name);
			snprintf(w, sizeof(w), "%d", t->weight);
			if (all || t->weight)
				sb_words(b, "weight", w);
		}
		if (c->sync_group[0])
			sb_words(b, "sync-group", c->sync_group);
		vrrp_default_name(c, name, sizeof(name));
		if (all || strcmp(name, c->name))
			sb_words(b, "name", c->name);
	}
	if (parts & VW_SET) {
		if (all || c->priority != 100)
			sb_uint(b, "priority", c->priority);
		if (all || c->interval_cs != 100)
			sb_ms(b, "interval", c->interval_cs * 10UL);
		if (all || !c->preempt)
			sb_words(b, "preempt", c->preempt ? "on" : "off");
		if (all || c->preempt_delay_cs)
			sb_ms(b, "preempt-delay", c->preempt_delay_cs * 10UL);
		if (all || !c->accept)
			sb_words(b, "accept", c->accept ? "on" : "off");
		if (all || c->csum_v2)
			sb_words(b, "checksum", c->csum_v2 ? "v2" : "rfc");
	}
}

/* Probe settings (after the service); with @all defaults too. */
/* a sync statement's words after "sync" (what 'sync add' takes) */
static void sync_words(struct sbuf *b, const struct sync_conf *c)
{
	static const uint8_t zero[16];

	sb_words(b, "dev", c->dev);
	sb_uint(b, "id", c->id);
	if (memcmp(c->group, zero, sizeof(zero)))
		sb_addr(b, "group", c->family, c->group);
	if (c->port != SYNC_DEFAULT_PORT)
		sb_uint(b, "port", c->port);
	if (c->ttl != SYNC_DEFAULT_TTL)
		sb_uint(b, "ttl", c->ttl);
	if (c->maxlen)
		sb_uint(b, "maxlen", c->maxlen);
	if (c->follow[0])
		sb_words(b, c->follow_group ? "sync-group" : "instance", c->follow);
}

static bool sync_differ(const struct sync_conf *x, const struct sync_conf *y)
{
	struct sbuf a = { 0 }, b = { 0 };
	bool d;

	sync_words(&a, x);
	sync_words(&b, y);
	d = strcmp(sb_str(&a), sb_str(&b));
	sb_free(&a);
	sb_free(&b);
	return d;
}

static void check_words(struct sbuf *b, const struct check_conf *c, bool all)
{
	/* the defaults check_conf_effective() fills in, for this interval */
	struct check_conf d = { .svc = c->svc, .type = c->type,
				.interval_ms = c->interval_ms,
				.set = CF_TYPE | CF_INTERVAL };
	bool http = c->type == HAVS_CHECK_HTTP;

	check_conf_effective(&d);
	sb_words(b, "type", check_type_name(c->type));
	if (c->port)
		sb_uint(b, "port", c->port);
	if (all || c->interval_ms != 5000)
		sb_ms(b, "interval", c->interval_ms);
	if (all || c->timeout_ms != d.timeout_ms)
		sb_ms(b, "timeout", c->timeout_ms);
	if (all || c->retry_ms != d.retry_ms)
		sb_ms(b, "retry", c->retry_ms);
	if (all || c->rise != d.rise)
		sb_uint(b, "rise", c->rise);
	if (all || c->fall != d.fall)
		sb_uint(b, "fall", c->fall);
	if (all || c->initial_up != d.initial_up)
		sb_words(b, "initial", c->initial_up ? "up" : "down");
	if (all || c->slowstart_ms)
		sb_ms(b, "slowstart", c->slowstart_ms);
	if (all || c->expire)
		sb_words(b, "conns", c->expire ? "expire" : "keep");
	if (c->track[0]) {
		sb_words(b, "track", c->track);
		if (all || c->track_min != 1)
			sb_uint(b, "track-min", c->track_min);
	}
	if (c->set & CF_SORRY)
		sb_addr_port(b, "sorry", c->sorry.af, c->sorry.addr, c->sorry.port);
	if (http && (all || strcmp(c->path, "/")))
		sb_words(b, "path", c->path);
	if (http && c->host[0])
		sb_words(b, "host", c->host);
	if (http && (all || strcmp(c->codes, "200-299")))
		sb_words(b, "status", c->codes);
	if (http && c->body_len)
		sb_words(b, "expect", c->body);
	if (c->type == HAVS_CHECK_UDP && c->payload_len)
		sb_words(b, "payload", c->payload);
	if (c->type == HAVS_CHECK_DNS) {
		char num[16];

		sb_words(b, "name", c->dns_name);
		if (all || (c->qtype && c->qtype != 1))
			sb_words(b, "qtype", dns_qtype_name(num, sizeof(num),
							    c->qtype ? c->qtype : 1));
		if (all || c->rcode)
			sb_words(b, "rcode", dns_rcode_name(num, sizeof(num), c->rcode));
		if (c->set & CF_ANSWER)
			sb_addr(b, "answer", c->answer_af, c->answer);
	}
	if (c->type == HAVS_CHECK_TLS && c->sni[0])
		sb_words(b, "sni", c->sni);
	if (c->type == HAVS_CHECK_SMTP && c->helo[0])
		sb_words(b, "helo-name", c->helo);
}

static void srv_words(struct sbuf *b, const struct srv_conf *c, bool all)
{
	sb_addr_port(b, NULL, c->srv.af, c->srv.addr, c->srv.port);
	if (all || c->weight != 1)
		sb_uint(b, "weight", c->weight);
	if (all || (c->method & IP_VS_CONN_F_FWD_MASK) != IP_VS_CONN_F_MASQ)
		sb_words(b, "method", method_name(c->method));
	if (all || c->uthr)
		sb_uint(b, "uthreshold", c->uthr);
	if (all || c->lthr)
		sb_uint(b, "lthreshold", c->lthr);
}

static void svc_settings_words(struct sbuf *b, const struct svc_conf *c, bool all)
{
	sb_words(b, "scheduler", c->sched);
	if (all || c->persist_s)
		sb_uint(b, "persistent", c->persist_s);
	if (c->consistent)
		sb_words(b, "consistent", "on");
	else if (all && sched_is_consistent(c->sched))
		sb_words(b, "consistent", "off");
}

/* --- printing the file ------------------------------------------------------- */

/* Does a check of @cf drive the tracked object @name? */
/*
 * An announcement's words after "announce": dev, addresses, objects, and
 * drain when on (@all: also when off, so that set lifts a drain).
 */
static void announce_words(struct sbuf *b, const struct announce_conf *c, bool all)
{
	unsigned int i;

	sb_words(b, "dev", c->dev);
	for (i = 0; i < c->naddr; i++)
		sb_addr(b, "address", c->af[i], c->addrs[i]);
	for (i = 0; i < c->ntracks; i++)
		sb_words(b, "track-object", c->tracks[i]);
	if (c->drain || all)
		sb_words(b, "drain", c->drain ? "on" : "off");
}

static bool track_driven(const struct conf *cf, const char *name)
{
	for (unsigned int i = 0; i < cf->nsvcs; i++)
		if (cf->svcs[i].has_check && !strcmp(cf->svcs[i].check.track, name))
			return true;
	return false;
}

/* Does an instance of @cf track the object @name? */
static bool track_followed(const struct conf *cf, const char *name)
{
	for (unsigned int i = 0; i < cf->nvrrps; i++)
		for (unsigned int j = 0; j < cf->vrrps[i].c.ntracks; j++)
			if (!cf->vrrps[i].c.tracks[j].is_dev &&
			    !strcmp(cf->vrrps[i].c.tracks[j].name, name))
				return true;
	return false;
}

static bool track_named(const struct conf *cf, const char *name)
{
	return track_followed(cf, name) || track_driven(cf, name);
}

void conf_print(FILE *f, const struct conf *cf)
{
	struct sbuf b = { 0 };
	unsigned int i, j;
	bool gap = false;

	for (i = 0; i < cf->ntracks; i++) {
		const struct conf_track *t = &cf->tracks[i];

		/*
		 * A check's object needs no statement; one an instance follows
		 * does (the file says who drives it), and one set with 'track
		 * set' (pinned) that nothing names.
		 */
		if (track_driven(cf, t->name) ||
		    (!t->pinned && !track_followed(cf, t->name)))
			continue;
		b.len = 0;
		sb_word(&b, "track");
		sb_word(&b, t->name);
		if (!t->up)
			sb_word(&b, "down");
		fprintf(f, "%s\n", sb_str(&b));
		gap = true;
	}
	for (i = 0; i < cf->nvrrps; i++) {
		b.len = 0;
		sb_word(&b, "vrrp");
		vrrp_words(&b, &cf->vrrps[i].c, VW_ID | VW_FIXED);
		fprintf(f, "%s%s\n", gap ? "\n" : "", sb_str(&b));
		b.len = 0;
		vrrp_words(&b, &cf->vrrps[i].c, VW_SET);
		if (b.len)
			fprintf(f, "    %s\n", sb_str(&b));
		gap = true;
	}
	for (i = 0; i < cf->nanns; i++) {
		b.len = 0;
		sb_word(&b, "announce");
		announce_words(&b, &cf->anns[i].c, false);
		fprintf(f, "%s%s\n", gap && !i ? "\n" : "", sb_str(&b));
	}
	gap = gap || cf->nanns;
	if (cf->has_sync) {
		b.len = 0;
		sb_word(&b, "sync");
		sync_words(&b, &cf->sync);
		fprintf(f, "%s%s\n", gap ? "\n" : "", sb_str(&b));
		gap = true;
	}
	for (i = 0; i < cf->nsvcs; i++) {
		const struct conf_svc *s = &cf->svcs[i];

		if (!s->ipvs) {
			b.len = 0;
			svc_words(&b, &s->c.key);
			fprintf(f, "%s# check settings of %s, which IPVS does not have: not kept\n",
				gap ? "\n" : "", sb_str(&b));
			gap = true;
			continue;
		}
		b.len = 0;
		sb_word(&b, "service");
		svc_words(&b, &s->c.key);
		svc_settings_words(&b, &s->c, false);
		fprintf(f, "%s%s\n", gap ? "\n" : "", sb_str(&b));
		if (s->has_check) {
			b.len = 0;
			sb_word(&b, "check");
			check_words(&b, &s->check, false);
			fprintf(f, "    %s\n", sb_str(&b));
		}
		for (j = 0; j < s->nsrv; j++) {
			b.len = 0;
			sb_word(&b, "server");
			srv_words(&b, &s->srv[j].c, false);
			fprintf(f, "    %s\n", sb_str(&b));
		}
		gap = true;
	}
	sb_free(&b);
}

/* --- reading the file -------------------------------------------------------- */

/*
 * Where a word was read. Lines are numbered across every file one reading
 * reads (a "line id", see struct src): the first file's ids are its line
 * numbers, the files it includes get theirs after it.
 */
struct wpos {
	unsigned int line;	/* line id */
	unsigned int col, len;	/* bytes from the start of the line */
	unsigned long seq;	/* reading order, across includes */
};

struct stmt {
	char **words;
	int n, cap;
	unsigned int line;	/* id of the line of the first word */
	int svc;		/* server/check: index of its service statement */
	int conf_svc;		/* service: its entry in the model, or -1 */
	struct wpos *pos;	/* of each word (the use, for a $NAME) */
	bool bad;		/* a line of it was refused: not interpreted */
	bool done;		/* define, include: done while reading */
	bool ok;		/* interpreted without an error */
	unsigned int errors;	/* of the reader, before it was interpreted */
};

/* A file read: its lines have the ids first .. first + nlines - 1. */
struct src {
	char *name;		/* as errors name it */
	char *dir;		/* of relative includes; NULL: the working directory */
	char *real;		/* its real path (include cycles); NULL: not a file */
	char *text;
	size_t len;
	bool owned;		/* text is the reader's to free */
	unsigned int first, nlines;
};

struct rerror {
	unsigned long seq;	/* errors are printed in reading order */
	unsigned int idx;	/* and in the order found, at the same place */
	struct wpos at;		/* line 0: of no line; len 0: of no word */
	char *msg;
};

struct define {
	char *name;
	char **words;
	int n;
	unsigned int line;
};

#define CONF_MAX_DEPTH 16	/* files including files */
#define CONF_MAX_FILES 1024	/* files one reading reads */
#define CONF_MAX_LINES (1U << 30)
#define CONF_KEEP_ERRORS 4096	/* kept to be sorted; the others counted */

struct reader {
	FILE *errf;
	unsigned int errors;
	struct conf *cf;
	const struct conf_read_opts *o;
	struct src *srcs;
	unsigned int nsrcs, srccap, next_line;
	unsigned long seq;
	struct rerror *errs;
	unsigned int nerrs, errcap;
	struct stmt *stmts;
	unsigned int n, cap;
	int cur;		/* statement continuation lines go to, or -1 */
	int cur_svc;		/* service statement server/check lines go to */
	bool subs;		/* server and check lines belong to a service */
	bool meta;		/* include and define statements */
	struct define *defs;
	unsigned int ndefs, defcap;
	unsigned int stack[CONF_MAX_DEPTH + 1];	/* files being read */
	unsigned int depth;
	char *root;		/* real path includes are confined to */
	const struct stmt *at;	/* the statement being interpreted */
	char where[2][64];
	unsigned int nwhere;
};

static const struct src *src_of(const struct reader *r, unsigned int line)
{
	for (unsigned int i = 0; i < r->nsrcs; i++)
		if (line >= r->srcs[i].first &&
		    line - r->srcs[i].first < r->srcs[i].nlines)
			return &r->srcs[i];
	return NULL;
}

/* "line 3" in the file of the statement being read, else "FILE:3" */
static const char *rwhere(struct reader *r, unsigned int line)
{
	const struct src *s = src_of(r, line), *here = r->at ? src_of(r, r->at->line) : NULL;
	char *w = r->where[r->nwhere++ % 2];

	if (!s)
		snprintf(w, sizeof(r->where[0]), "line %u", line);
	else if (s == here)
		snprintf(w, sizeof(r->where[0]), "line %u", line - s->first + 1);
	else
		snprintf(w, sizeof(r->where[0]), "%.40s:%u", s->name, line - s->first + 1);
	return w;
}

static void rverr(struct reader *r, const struct wpos *at, const char *fmt,
		  va_list ap)
{
	struct rerror *e;
	char *msg;

	r->errors++;
	if (r->nerrs >= CONF_KEEP_ERRORS)
		return;
	if (r->nerrs == r->errcap) {
		unsigned int c = r->errcap ? r->errcap * 2 : 16;

		e = realloc(r->errs, c * sizeof(*e));
		if (!e)
			return;
		r->errs = e;
		r->errcap = c;
	}
	if (vasprintf(&msg, fmt, ap) < 0)
		return;
	e = &r->errs[r->nerrs];
	e->seq = at->seq;
	e->idx = r->nerrs++;
	e->at = *at;
	e->msg = msg;
}

static void rerr_at(struct reader *r, const struct wpos *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void rerr_at(struct reader *r, const struct wpos *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rverr(r, at, fmt, ap);
	va_end(ap);
}

/* The word of @s that @w is (the same pointer), or -1. */
static int word_index(const struct stmt *s, const char *w)
{
	for (int i = 0; w && i < s->n; i++)
		if (s->words[i] == w)
			return i;
	return -1;
}

static void rerr(struct reader *r, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * An error of the statement being interpreted: at the word the parsers
 * blamed (parse_err_word, in the statement or in its service's), else at
 * the statement's first word. While reading: at @line.
 */
static void rerr(struct reader *r, unsigned int line, const char *fmt, ...)
{
	struct wpos at = { .line = line, .seq = r->seq };
	const struct stmt *s = r->at;
	va_list ap;
	int i;

	if (s && s->n) {
		i = word_index(s, parse_err_word);
		if (i < 0 && s->svc >= 0) {
			const struct stmt *svc = &r->stmts[s->svc];

			i = word_index(svc, parse_err_word);
			if (i >= 0)
				s = svc;
		}
		at = s->pos[i < 0 ? 0 : i];
	}
	parse_err_word = NULL;
	va_start(ap, fmt);
	rverr(r, &at, fmt, ap);
	va_end(ap);
}

static int rerror_cmp(const void *a, const void *b)
{
	const struct rerror *x = a, *y = b;

	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* FILE:LINE:COL: error: MESSAGE, the line, and a caret under the word */
static void print_error(const struct reader *r, const struct rerror *e)
{
	const struct src *s = e->at.line ? src_of(r, e->at.line) : NULL;
	const char *l, *end, *nl;
	unsigned int n;

	if (!s) {
		fprintf(r->errf, "%s: error: %s\n", r->nsrcs ? r->srcs[0].name : "?", e->msg);
		return;
	}
	n = e->at.line - s->first + 1;
	if (!e->at.len) {
		fprintf(r->errf, "%s:%u: error: %s\n", s->name, n, e->msg);
		return;
	}
	fprintf(r->errf, "%s:%u:%u: error: %s\n", s->name, n, e->at.col + 1, e->msg);
	l = s->text;
	end = s->text + s->len;
	for (unsigned int i = 1; i < n && l < end; i++) {
		nl = memchr(l, '\n', end - l);
		l = nl ? nl + 1 : end;
	}
	nl = memchr(l, '\n', end - l);
	if (nl)
		end = nl;
	if (end > l && end[-1] == '\r')
		end--;
	fputc('\t', r->errf);
	for (const char *p = l; p < end; p++)
		fputc(*p == '\t' || isprint((unsigned char)*p) ? *p : '?', r->errf);
	fputs("\n\t", r->errf);
	for (unsigned int i = 0; i < e->at.col && l + i < end; i++)
		fputc(l[i] == '\t' ? '\t' : ' ', r->errf);
	for (unsigned int i = 0; i < e->at.len; i++)
		fputc('^', r->errf);
	fputc('\n', r->errf);
}

/* Every error, in reading order, up to CONF_MAX_ERRORS. */
static void print_errors(struct reader *r)
{
	if (r->nerrs)
		qsort(r->errs, r->nerrs, sizeof(*r->errs), rerror_cmp);
	for (unsigned int i = 0; i < r->nerrs && i < CONF_MAX_ERRORS; i++)
		print_error(r, &r->errs[i]);
	if (r->errors > CONF_MAX_ERRORS)
		fprintf(r->errf, "%s: too many errors (%u), not reporting more\n",
			r->nsrcs ? r->srcs[0].name : "?", r->errors);
}

void conf_words_free(char **words, int n)
{
	for (int i = 0; i < n; i++)
		free(words[i]);
	free(words);
}

/* --- the lexer: one physical line into words ------------------------------ */

struct lexw {
	char *s;
	unsigned int col, len;	/* in the line, quotes included */
	bool quoted;
};

static void lexw_free(struct lexw *w, int n)
{
	for (int i = 0; i < n; i++)
		free(w[i].s);
	free(w);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * Split one line into words: blanks separate them, # starts a comment, a
 * word in double quotes may hold blanks and # (\" is a quote, \\ a
 * backslash). Returns 0, or a negative errno with *@why and the column of
 * the mistake in *@col.
 */
static int lex_line(const char *line, size_t len, struct lexw **out, int *n,
		    const char **why, size_t *col)
{
	char word[LINE_MAX_LEN + 1];
	struct lexw *ws = NULL;
	size_t i = 0, wl, start;
	int cap = 0;

	*out = NULL;
	*n = 0;
	while (i < len) {
		if (is_blank(line[i])) {
			i++;
			continue;
		}
		if (line[i] == '#')
			break;
		wl = 0;
		start = i;
		*col = i;
		if (line[i] == '"') {
			for (i++; i < len && line[i] != '"'; i++) {
				if (line[i] == '\\') {
					if (i + 1 >= len ||
					    (line[i + 1] != '"' && line[i + 1] != '\\')) {
						*why = "in quotes, a backslash comes before \" or \\ only";
						*col = i;
						goto fail;
					}
					i++;
				}
				word[wl++] = line[i];
			}
			if (i >= len) {
				*why = "unterminated quote";
				goto fail;
			}
			i++;
			if (i < len && !is_blank(line[i]) && line[i] != '#') {
				*why = "a closing quote must end the word";
				*col = i;
				goto fail;
			}
		} else {
			for (; i < len && !is_blank(line[i]) && line[i] != '#'; i++) {
				if (line[i] == '"') {
					*why = "a quote in the middle of a word";
					*col = i;
					goto fail;
				}
				word[wl++] = line[i];
			}
		}
		if (*n >= STMT_MAX_WORDS) {
			*why = "more than 512 words in one statement";
			goto fail;
		}
		if (*n == cap) {
			int c = cap ? cap * 2 : 16;
			struct lexw *p = realloc(ws, c * sizeof(*p));

			if (!p)
				goto oom;
			ws = p;
			cap = c;
		}
		ws[*n].s = strndup(word, wl);
		if (!ws[*n].s)
			goto oom;
		ws[*n].col = start;
		ws[*n].len = i - start;
		ws[*n].quoted = line[start] == '"';
		(*n)++;
	}
	*out = ws;
	return 0;
oom:
	*why = "out of memory";
	lexw_free(ws, *n);
	*n = 0;
	return -ENOMEM;
fail:
	lexw_free(ws, *n);
	*n = 0;
	return -EINVAL;
}

/* Split a havsadm command line (a 'diff' line) into words. */
int conf_split(const char *line, char ***words, int *n)
{
	struct lexw *ws;
	const char *why;
	size_t col;
	int err;

	*words = NULL;
	*n = 0;
	if (strlen(line) > LINE_MAX_LEN)
		return -E2BIG;
	err = lex_line(line, strlen(line), &ws, n, &why, &col);
	if (err)
		return err;
	*words = malloc((*n ? *n : 1) * sizeof(**words));
	if (!*words) {
		lexw_free(ws, *n);
		*n = 0;
		return -ENOMEM;
	}
	for (int i = 0; i < *n; i++)
		(*words)[i] = ws[i].s;
	free(ws);
	return 0;
}

/* --- statements: lines, continuations, include and define --------------- */

static void stmt_free(struct stmt *s)
{
	conf_words_free(s->words, s->n);
	free(s->pos);
	memset(s, 0, sizeof(*s));
}

/* Append @w (taken) to @s. */
static int stmt_push(struct stmt *s, char *w, const struct wpos *at)
{
	if (s->n >= STMT_MAX_WORDS) {
		free(w);
		return -E2BIG;
	}
	if (s->n == s->cap) {
		int c = s->cap ? s->cap * 2 : 16;
		char **p = realloc(s->words, c * sizeof(*p));
		struct wpos *q;

		if (!p) {
			free(w);
			return -ENOMEM;
		}
		s->words = p;
		q = realloc(s->pos, c * sizeof(*q));
		if (!q) {
			free(w);
			return -ENOMEM;
		}
		s->pos = q;
		s->cap = c;
	}
	s->words[s->n] = w;
	s->pos[s->n++] = *at;
	return 0;
}

/* A new statement, or -1 (said) */
static int stmt_new(struct reader *r, unsigned int line)
{
	struct stmt *s;

	if (r->n == r->cap) {
		unsigned int c = r->cap ? r->cap * 2 : 32;
		struct stmt *p = r->n >= CONF_MAX_OBJECTS ? NULL :
				 realloc(r->stmts, c * sizeof(*p));

		if (!p) {
			rerr(r, line, "too many statements");
			return -1;
		}
		r->stmts = p;
		r->cap = c;
	}
	s = &r->stmts[r->n];
	memset(s, 0, sizeof(*s));
	s->line = line;
	s->svc = -1;
	s->conf_svc = -1;
	return r->n++;
}

static const struct define *define_find(const struct reader *r, const char *name,
					size_t len)
{
	for (unsigned int i = 0; i < r->ndefs; i++)
		if (strlen(r->defs[i].name) == len &&
		    !memcmp(r->defs[i].name, name, len))
			return &r->defs[i];
	return NULL;
}

static size_t name_len(const char *p)
{
	size_t n = 0;

	if (!isalpha((unsigned char)*p) && *p != '_')
		return 0;
	while (isalnum((unsigned char)p[n]) || p[n] == '_')
		n++;
	return n;
}

/*
 * Words of a line into statement @s: an unquoted word with $NAME has it
 * replaced by the value of "define NAME = ..." (a word of its own may stand
 * for several words). Errors mark @s bad.
 */
static void stmt_add_line(struct reader *r, struct stmt *s, struct lexw *ws,
			  int nw, unsigned int line)
{
	for (int i = 0; i < nw; i++) {
		struct wpos at = { line, ws[i].col, ws[i].len, r->seq++ };
		const char *p = ws[i].s, *d = strchr(p, '$');
		const struct define *def;
		char *w = ws[i].s;
		int err = 0;

		ws[i].s = NULL;
		if (!r->meta || ws[i].quoted || !d) {
			err = stmt_push(s, w, &at);
		} else if (d == p && name_len(p + 1) && !p[1 + name_len(p + 1)]) {
			/* $NAME alone: every word of the value */
			def = define_find(r, p + 1, strlen(p + 1));
			if (!def) {
				rerr_at(r, &at, "$%s is not defined (define %s = VALUE, before it is used)",
					p + 1, p + 1);
				s->bad = true;
				err = stmt_push(s, w, &at);
			} else {
				free(w);
				for (int j = 0; j < def->n && !err; j++) {
					char *v = strdup(def->words[j]);

					err = v ? stmt_push(s, v, &at) : -ENOMEM;
				}
			}
		} else {
			struct sbuf b = { 0 };

			for (; *p; p++) {
				size_t nl;

				if (*p != '$') {
					sb_put(&b, p, 1);
					continue;
				}
				nl = name_len(p + 1);
				def = nl ? define_find(r, p + 1, nl) : NULL;
				if (!nl) {
					rerr_at(r, &at, "a $ starts a defined name ($NAME): quote the word for a $ of its own");
				} else if (!def) {
					rerr_at(r, &at, "$%.*s is not defined (define %.*s = VALUE, before it is used)",
						(int)nl, p + 1, (int)nl, p + 1);
				} else if (def->n != 1) {
					rerr_at(r, &at, "$%s is %d words: it can only stand as a word of its own",
						def->name, def->n);
				} else {
					sb_add(&b, "%s", def->words[0]);
					p += nl;
					continue;
				}
				s->bad = true;
				break;
			}
			if (s->bad || b.oom) {
				sb_free(&b);
				err = stmt_push(s, w, &at);
			} else {
				free(w);
				err = stmt_push(s, b.s ? b.s : strdup(""), &at);
			}
		}
		if (err) {
			rerr_at(r, &at, "%s", err == -E2BIG ?
				"more than 512 words in one statement" : "out of memory");
			s->bad = true;
			for (i++; i < nw; i++) {
				free(ws[i].s);
				ws[i].s = NULL;
			}
			break;
		}
	}
}

static void do_define(struct reader *r, struct stmt *s)
{
	struct define *d;
	const struct define *old;

	if (s->n < 4 || strcmp(s->words[2], "=")) {
		rerr_at(r, &s->pos[s->n < 3 ? 0 : 2], "define: expected define NAME = VALUE");
		return;
	}
	if (name_len(s->words[1]) != strlen(s->words[1])) {
		rerr_at(r, &s->pos[1], "define \"%s\": a name is letters, digits and _, not starting with a digit",
			s->words[1]);
		return;
	}
	old = define_find(r, s->words[1], strlen(s->words[1]));
	if (old) {
		r->at = s;
		rerr_at(r, &s->pos[1], "define %s: already defined at %s", s->words[1],
			rwhere(r, old->line));
		r->at = NULL;
		return;
	}
	if (r->ndefs == r->defcap) {
		unsigned int c = r->defcap ? r->defcap * 2 : 8;

		d = realloc(r->defs, c * sizeof(*d));
		if (!d) {
			rerr_at(r, &s->pos[0], "out of memory");
			return;
		}
		r->defs = d;
		r->defcap = c;
	}
	d = &r->defs[r->ndefs++];
	d->name = s->words[1];
	d->n = s->n - 3;
	d->words = malloc(d->n * sizeof(*d->words));
	d->line = s->pos[1].line;
	if (!d->words) {
		r->ndefs--;
		rerr_at(r, &s->pos[0], "out of memory");
		return;
	}
	memcpy(d->words, s->words + 3, d->n * sizeof(*d->words));
	/* the words are the define's now */
	free(s->words[0]);
	free(s->words[2]);
	free(s->words);
	s->words = NULL;
	s->n = 0;
}

static void read_src(struct reader *r, unsigned int si);

/* Read the file @path, named @name, from the include at @at. */
static void include_one(struct reader *r, const char *path, const struct wpos *at)
{
	struct src *s;
	char *real, *text, *slash;
	size_t len;
	int err;

	if (r->nsrcs >= CONF_MAX_FILES) {
		rerr_at(r, at, "include: more than %d files", CONF_MAX_FILES);
		return;
	}
	real = realpath(path, NULL);
	if (!real) {
		rerr_at(r, at, "include %s: %s", path, strerror(errno));
		return;
	}
	if (r->root && (strncmp(real, r->root, strlen(r->root)) ||
			real[strlen(r->root)] != '/')) {
		rerr_at(r, at, "include %s: outside %s, to which includes are confined",
			path, r->root);
		free(real);
		return;
	}
	for (unsigned int i = 0; i < r->depth; i++) {
		struct sbuf b = { 0 };

		if (!r->srcs[r->stack[i]].real || strcmp(r->srcs[r->stack[i]].real, real))
			continue;
		for (unsigned int j = i; j < r->depth; j++)
			sb_add(&b, "%s -> ", r->srcs[r->stack[j]].name);
		sb_add(&b, "%s", path);
		rerr_at(r, at, "include cycle: %s", sb_str(&b));
		sb_free(&b);
		free(real);
		return;
	}
	if (r->depth >= CONF_MAX_DEPTH) {
		rerr_at(r, at, "include %s: includes nested more than %d deep",
			path, CONF_MAX_DEPTH);
		free(real);
		return;
	}
	err = conf_read_file(real, &text, &len);
	if (err) {
		rerr_at(r, at, "include %s: %s", path,
			err == -EFBIG ? "larger than 64 MiB" : strerror(-err));
		free(real);
		return;
	}
	if (r->nsrcs == r->srccap) {
		unsigned int c = r->srccap ? r->srccap * 2 : 8;

		s = realloc(r->srcs, c * sizeof(*s));
		if (!s) {
			rerr_at(r, at, "out of memory");
			free(real);
			free(text);
			return;
		}
		r->srcs = s;
		r->srccap = c;
	}
	s = &r->srcs[r->nsrcs];
	memset(s, 0, sizeof(*s));
	s->name = strdup(path);
	s->real = real;
	s->text = text;
	s->len = len;
	s->owned = true;
	if (!s->name) {
		rerr_at(r, at, "out of memory");
		free(real);
		free(text);
		return;
	}
	slash = strrchr(s->name, '/');
	if (slash)
		s->dir = strndup(s->name, slash == s->name ? 1 : slash - s->name);
	r->nsrcs++;
	read_src(r, r->nsrcs - 1);
}

/* include "PATH": a file, or every file a pattern matches, in order */
static void do_include(struct reader *r, struct stmt *s, unsigned int si)
{
	const char *dir = r->srcs[si].dir, *path;
	char *full = NULL;
	struct wpos at;
	glob_t g;
	int rc;

	if (s->n != 2 || !*s->words[1]) {
		rerr_at(r, &s->pos[s->n > 2 ? 2 : 0], "include: expected include \"PATH\"");
		return;
	}
	/* reading the file moves the statements: @s is not used after */
	path = s->words[1];
	at = s->pos[1];
	if (path[0] != '/' && dir) {
		if (asprintf(&full, "%s%s%s", dir, strcmp(dir, "/") ? "/" : "", path) < 0) {
			rerr_at(r, &at, "out of memory");
			return;
		}
		path = full;
	}
	if (!strpbrk(path, "*?[")) {
		include_one(r, path, &at);
		free(full);
		return;
	}
	rc = glob(path, 0, NULL, &g);
	if (rc == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++)
			include_one(r, g.gl_pathv[i], &at);
	} else if (rc != GLOB_NOMATCH) {
		rerr_at(r, &at, "include %s: %s", path,
			rc == GLOB_NOSPACE ? "out of memory" : "cannot read the directory");
	}
	if (rc != GLOB_NOMATCH)
		globfree(&g);
	free(full);
}

/* The statement being read is complete: do it if it is include or define. */
static void stmt_end(struct reader *r, unsigned int si)
{
	struct stmt *s;
	int cur = r->cur;

	r->cur = -1;
	if (cur < 0 || !r->meta)
		return;
	s = &r->stmts[cur];
	if (s->bad || !s->n || s->svc >= 0)
		return;
	if (!strcmp(s->words[0], "define")) {
		s->done = true;
		do_define(r, s);
	} else if (!strcmp(s->words[0], "include")) {
		s->done = true;
		r->stack[r->depth++] = si;
		do_include(r, s, si);
		r->depth--;
		r->cur_svc = -1;
	}
}

/* Is the line blank or a comment only? */
static bool line_empty(const char *l, size_t len)
{
	size_t i = 0;

	while (i < len && is_blank(l[i]))
		i++;
	return i == len || l[i] == '#';
}

/* Every line of the file srcs[@si] into statements. */
static void read_src(struct reader *r, unsigned int si)
{
	const char *text = r->srcs[si].text;
	size_t len = r->srcs[si].len, pos = 0;
	unsigned int line, nlines = 0;

	for (const char *p = text; p < text + len; nlines++) {
		const char *nl = memchr(p, '\n', text + len - p);

		p = nl ? nl + 1 : text + len;
	}
	if (nlines > CONF_MAX_LINES - r->next_line) {
		rerr(r, 0, "%s: too many lines", r->srcs[si].name);
		return;
	}
	r->srcs[si].first = r->next_line;
	r->srcs[si].nlines = nlines;
	r->next_line += nlines;
	r->cur = -1;
	r->cur_svc = -1;
	for (line = r->srcs[si].first; pos < len; line++) {
		const char *l = text + pos, *nl = memchr(l, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - l) : len - pos, col = 0;
		bool cont = ll && (l[0] == ' ' || l[0] == '\t');
		struct lexw *ws;
		const char *why;
		struct stmt *s;
		int nw, i;

		pos += ll + (nl ? 1 : 0);
		if (memchr(l, '\0', ll)) {
			r->seq++;
			rerr(r, line, "a NUL byte: this is not a text file");
			if (r->cur >= 0)
				r->stmts[r->cur].bad = true;
			continue;
		}
		if (ll > LINE_MAX_LEN) {
			r->seq++;
			rerr(r, line, "line longer than %d characters", LINE_MAX_LEN);
			if (r->cur >= 0)
				r->stmts[r->cur].bad = true;
			continue;
		}
		if (line_empty(l, ll))
			continue;
		if (!cont)
			stmt_end(r, si);
		if (lex_line(l, ll, &ws, &nw, &why, &col)) {
			struct wpos at = { line, col, 1, r->seq++ };

			rerr_at(r, &at, "%s", why);
			if (!cont) {
				/* what continues it is not looked at either */
				r->cur = stmt_new(r, line);
				if (r->cur >= 0)
					r->stmts[r->cur].bad = true;
				r->cur_svc = -1;
			} else if (r->cur >= 0) {
				r->stmts[r->cur].bad = true;
			}
			continue;
		}
		if (cont && !(r->subs && r->cur_svc >= 0 && !ws[0].quoted &&
			      (!strcmp(ws[0].s, "server") || !strcmp(ws[0].s, "check")))) {
			if (r->cur < 0) {
				struct wpos at = { line, ws[0].col, ws[0].len, r->seq++ };

				rerr_at(r, &at, "an indented line continues a statement, and none is above it");
				lexw_free(ws, nw);
				continue;
			}
			stmt_add_line(r, &r->stmts[r->cur], ws, nw, line);
			lexw_free(ws, nw);
			continue;
		}
		i = stmt_new(r, line);
		if (i < 0) {
			lexw_free(ws, nw);
			break;
		}
		s = &r->stmts[i];
		s->svc = cont ? r->cur_svc : -1;
		stmt_add_line(r, s, ws, nw, line);
		lexw_free(ws, nw);
		if (!s->n)
			s->bad = true;
		r->cur = i;
		if (!cont)
			r->cur_svc = s->n && !strcmp(s->words[0], "service") ? i : -1;
	}
	stmt_end(r, si);
	r->cur_svc = -1;
}

/* Read the whole file (or standard input, "-"): 0 or a negative errno. */
int conf_read_file(const char *path, char **text, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	size_t cap = 0, n = 0, got;
	char *buf = NULL, *p;
	int err = 0;

	if (!f)
		return -errno;
	errno = 0;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			p = cap > CONF_FILE_MAX + 65536UL ? NULL : realloc(buf, cap);
			if (!p) {
				err = cap > CONF_FILE_MAX + 65536UL ? -EFBIG : -ENOMEM;
				break;
			}
			buf = p;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got);
	if (!err && n > CONF_FILE_MAX)
		err = -EFBIG;
	if (!err && ferror(f))
		err = errno ? -errno : -EIO;
	if (f != stdin)
		fclose(f);
	else
		clearerr(f);
	if (err) {
		free(buf);
		return err;
	}
	*text = buf;
	*len = n;
	return 0;
}

static void do_track(struct reader *r, struct stmt *s)
{
	struct conf_track *t;

	if (s->n < 2 || s->n > 3 ||
	    (s->n == 3 && strcmp(s->words[2], "up") && strcmp(s->words[2], "down"))) {
		rerr(r, s->line, "track: expected track NAME [up|down]");
		return;
	}
	if (!track_name_ok(s->words[1])) {
		parse_err_word = s->words[1];
		rerr(r, s->line, "track \"%s\": names are 1 to 31 characters of A-Z a-z 0-9 _ . : -",
		     s->words[1]);
		return;
	}
	t = track_find(r->cf, s->words[1]);
	if (t) {
		parse_err_word = s->words[1];
		rerr(r, s->line, "track %s: already described at %s",
		     s->words[1], rwhere(r, t->line));
		return;
	}
	t = conf_track_add(r->cf);
	if (!t) {
		rerr(r, s->line, "out of memory");
		return;
	}
	snprintf(t->name, sizeof(t->name), "%s", s->words[1]);
	t->up = s->n < 3 || !strcmp(s->words[2], "up");
	t->line = s->line;
}

/* agent_take() on @s's words (agent_conf.c), their positions kept with them */
static int stmt_take(struct stmt *s, struct agent_hooks **hooks,
		     enum agent_on on, int first, char *err, size_t errlen)
{
	char **before = malloc((size_t)s->n * sizeof(*before));
	int n0 = s->n, rc, j = 0;

	if (!before) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(before, s->words, (size_t)n0 * sizeof(*before));
	rc = agent_take(hooks, on, s->words, &s->n, first, s->line, err, errlen);
	for (int i = 0; !rc && s->pos && i < s->n; i++) {
		while (j < n0 && before[j] != s->words[i])
			j++;
		s->pos[i] = s->pos[j++];
	}
	free(before);
	return rc;
}

static void do_vrrp(struct reader *r, struct stmt *s)
{
	struct agent_hooks *hooks = NULL;
	struct conf_vrrp *v, *old;
	struct vrrp_conf c;
	char err[256];

	vrrp_conf_defaults(&c);
	if (stmt_take(s, &hooks, AGENT_ON_VRRP, 1, err, sizeof(err)) ||
	    vrrp_conf_parse(&c, s->n - 1, s->words + 1, ~(unsigned int)VF_FAMILY,
			    err, sizeof(err))) {
		agent_hooks_free(hooks);
		rerr(r, s->line, "vrrp: %s", err);
		return;
	}
	if ((c.set & (VF_DEV | VF_VRID | VF_ADDR)) != (VF_DEV | VF_VRID | VF_ADDR)) {
		agent_hooks_free(hooks);
		rerr(r, s->line, "vrrp: dev, vrid and at least one address are required");
		return;
	}
	if (!(c.set & VF_NAME)) {
		char name[64];

		vrrp_default_name(&c, name, sizeof(name));
		if (strlen(name) >= sizeof(c.name)) {
			agent_hooks_free(hooks);
			rerr(r, s->line, "vrrp: the default macvlan name %s is too long: give one with 'name'",
			     name);
			return;
		}
		strcpy(c.name, name);
	}
	old = vrrp_find(r->cf, &c);
	if (old) {
		agent_hooks_free(hooks);
		rerr(r, s->line, "vrrp %s/%u: already described at %s", c.dev,
		     c.vrid, rwhere(r, old->line));
		return;
	}
	for (unsigned int i = 0; i < r->cf->nvrrps; i++) {
		if (!strcmp(r->cf->vrrps[i].c.name, c.name)) {
			agent_hooks_free(hooks);
			rerr(r, s->line, "vrrp %s/%u: macvlan name %s is used at %s too",
			     c.dev, c.vrid, c.name, rwhere(r, r->cf->vrrps[i].line));
			return;
		}
	}
	v = conf_vrrp_add(r->cf);
	if (!v) {
		agent_hooks_free(hooks);
		rerr(r, s->line, "out of memory");
		return;
	}
	v->c = c;
	v->c.set = ~0u;
	v->line = s->line;
	v->hooks = hooks;
}

static void do_announce(struct reader *r, struct stmt *s)
{
	struct conf_announce *a, *old;
	struct announce_conf c = { 0 };
	char err[256], buf[64];

	if (announce_conf_parse(&c, s->n - 1, s->words + 1,
				AN_DEV | AN_ADDR | AN_TRACK | AN_DRAIN,
				err, sizeof(err))) {
		rerr(r, s->line, "announce: %s", err);
		return;
	}
	if (!(c.set & AN_DEV)) {
		rerr(r, s->line, "announce: dev NAME is required");
		return;
	}
	old = announce_find(r->cf, c.dev);
	if (old) {
		for (int j = 1; j + 1 < s->n; j++)
			if (!strcmp(s->words[j], "dev"))
				parse_err_word = s->words[j + 1];
		rerr(r, s->line, "announce %s: already described at %s", c.dev,
		     rwhere(r, old->line));
		return;
	}
	for (unsigned int i = 0; i < r->cf->nanns; i++) {
		const struct conf_announce *o = &r->cf->anns[i];

		for (unsigned int j = 0; j < o->c.naddr; j++) {
			for (unsigned int k = 0; k < c.naddr; k++) {
				if (o->c.af[j] != c.af[k] ||
				    memcmp(o->c.addrs[j], c.addrs[k], 16))
					continue;
				inet_ntop(c.af[k], c.addrs[k], buf, sizeof(buf));
				rerr(r, s->line, "announce %s: address %s is announced by %s at %s too",
				     c.dev, buf, o->c.dev, rwhere(r, o->line));
				return;
			}
		}
	}
	a = conf_announce_add(r->cf);
	if (!a) {
		rerr(r, s->line, "out of memory");
		return;
	}
	a->c = c;
	a->c.set = AN_DEV | AN_ADDR | AN_TRACK | AN_DRAIN;
	a->line = s->line;
}

static void do_sync(struct reader *r, struct stmt *s)
{
	struct sync_conf c;
	char err[256];

	sync_conf_defaults(&c);
	if (sync_conf_parse(&c, s->n - 1, s->words + 1, ~0u, err, sizeof(err))) {
		rerr(r, s->line, "sync: %s", err);
		return;
	}
	if ((c.set & (SF_DEV | SF_ID)) != (SF_DEV | SF_ID)) {
		rerr(r, s->line, "sync: dev and id are required");
		return;
	}
	if (r->cf->has_sync) {
		if (r->cf->sync.id == c.id)
			rerr(r, s->line, "sync: id %u: already described at %s",
			     c.id, rwhere(r, r->cf->sync_line));
		else
			rerr(r, s->line, "sync: already described at %s (IPVS runs one master and one backup daemon per namespace)",
			     rwhere(r, r->cf->sync_line));
		return;
	}
	r->cf->has_sync = true;
	r->cf->sync = c;
	r->cf->sync_line = s->line;
}

/* Words of the service key after "service": "tcp ADDR:PORT", "fwmark N [inet6]" */
static int svc_key_words(const struct stmt *s)
{
	if (s->n > 3 && !strcmp(s->words[1], "fwmark") && !strcmp(s->words[3], "inet6"))
		return 3;
	return 2;
}

static void do_service(struct reader *r, struct stmt *s)
{
	struct agent_hooks *hooks = NULL;
	struct conf_svc *e;
	struct svc_conf c;
	char err[256];

	s->conf_svc = -1;
	if (stmt_take(s, &hooks, AGENT_ON_SERVICE, 1 + svc_key_words(s), err,
		      sizeof(err)) ||
	    svc_conf_parse(&c, s->n - 1, s->words + 1, err, sizeof(err))) {
		agent_hooks_free(hooks);
		rerr(r, s->line, "service: %s", err);
		return;
	}
	if (!c.has_sched)
		strcpy(c.sched, "havs_wrr");
	e = conf_svc_find(r->cf, &c.key);
	if (e) {
		agent_hooks_free(hooks);
		rerr(r, s->line, "service %s %s: already described at %s",
		     s->words[1], s->words[2], rwhere(r, e->line));
		return;
	}
	e = conf_svc_get(r->cf, &c.key);
	if (!e) {
		agent_hooks_free(hooks);
		rerr(r, s->line, "out of memory");
		return;
	}
	e->c = c;
	e->hooks = hooks;
	e->ipvs = true;
	e->line = s->line;
	e->nkey = svc_key_words(s);
	s->conf_svc = e - r->cf->svcs;
}

static void do_server(struct reader *r, struct stmt *s, struct stmt *svc)
{
	struct conf_svc *e = &r->cf->svcs[svc->conf_svc];
	struct agent_hooks *hooks = NULL;
	struct conf_srv *old, *v;
	struct srv_conf c;
	char err[256], *argv[STMT_MAX_WORDS + 4];
	int argc = 0;

	if (stmt_take(s, &hooks, AGENT_ON_SERVER, 2, err, sizeof(err))) {
		agent_hooks_free(hooks);
		rerr(r, s->line, "server: %s", err);
		return;
	}
	for (unsigned int i = 1; i <= e->nkey; i++)
		argv[argc++] = svc->words[i];
	for (int i = 1; i < s->n; i++)
		argv[argc++] = s->words[i];
	if (srv_conf_parse(&c, argc, argv, err, sizeof(err))) {
		agent_hooks_free(hooks);
		rerr(r, s->line, "server: %s", err);
		return;
	}
	if (c.srv.af != c.svc.af && !c.svc.fwmark) {
		agent_hooks_free(hooks);
		parse_err_word = s->words[1];
		rerr(r, s->line, "server %s: not of the service's address family",
		     s->words[1]);
		return;
	}
	old = srv_find(e, &c.srv);
	if (old) {
		agent_hooks_free(hooks);
		parse_err_word = s->words[1];
		rerr(r, s->line, "server %s: already described at %s",
		     s->words[1], rwhere(r, old->line));
		return;
	}
	if (!c.has_weight)
		c.weight = 1;
	if (!c.has_method)
		c.method = IP_VS_CONN_F_MASQ;
	c.has_weight = c.has_method = c.has_uthr = c.has_lthr = true;
	v = conf_srv_add(e);
	if (!v) {
		agent_hooks_free(hooks);
		rerr(r, s->line, "out of memory");
		return;
	}
	v->c = c;
	v->line = s->line;
	v->hooks = hooks;
}

static void do_check(struct reader *r, struct stmt *s, struct stmt *svc)
{
	struct conf_svc *e = &r->cf->svcs[svc->conf_svc];
	struct check_conf c;
	char err[256];

	if (e->has_check) {
		rerr(r, s->line, "check: the service has one already, at %s",
		     rwhere(r, e->check_line));
		return;
	}
	memset(&c, 0, sizeof(c));
	c.svc = e->c.key;
	if (stmt_take(s, &e->hooks, AGENT_ON_CHECK, 1, err, sizeof(err)) ||
	    check_conf_parse(&c, s->n - 1, s->words + 1, err, sizeof(err))) {
		rerr(r, s->line, "check: %s", err);
		return;
	}
	check_conf_effective(&c);
	if (c.timeout_ms >= c.interval_ms) {
		rerr(r, s->line, "check: the timeout (%lums) must be shorter than the interval (%lums)",
		     c.timeout_ms, c.interval_ms);
		return;
	}
	e->has_check = true;
	e->check = c;
	e->check_line = s->line;
}

/* script, sync-group, agent (agent_conf.c); a script's object is a track's */
static void do_agent_stmt(struct reader *r, struct stmt *s)
{
	const char *name;
	struct conf_track *t;
	char err[256];
	bool up;

	if (agent_statement(r->cf, s->words, s->n, s->line, &name, &up, err,
			    sizeof(err))) {
		rerr(r, s->line, "%s", err);
		return;
	}
	if (!name)
		return;
	t = track_find(r->cf, name);
	if (t) {
		rerr(r, s->line, "script %s: the object is described at %s already",
		     name, rwhere(r, t->line));
		return;
	}
	t = conf_track_add(r->cf);
	if (!t) {
		rerr(r, s->line, "out of memory");
		return;
	}
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->up = up;
	t->line = s->line;
}

static void agent_err(void *ctx, unsigned int line, const char *msg)
{
	rerr(ctx, line, "%s", msg);
}

/* The schedulers a service may name: IPVS's own and the module's. */
static const char *const known_scheds[] = {
	"rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq",
	"fo", "ovf", "mh", "twos",
	"havs_rr", "havs_wrr", "havs_lc", "havs_wlc", "havs_sh", "havs_mh",
};

bool sched_known(const char *name)
{
	for (size_t i = 0; i < sizeof(known_scheds) / sizeof(known_scheds[0]); i++)
		if (!strcmp(known_scheds[i], name))
			return true;
	return false;
}

static void rerr_word(struct reader *r, const struct stmt *s, int w,
		      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void rerr_word(struct reader *r, const struct stmt *s, int w,
		      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rverr(r, &s->pos[w], fmt, ap);
	va_end(ap);
}

/*
 * What the statements say about one another (and, with o->host, about
 * this host), each statement read without an error on its own: a tracked
 * object an instance follows exists, a sorry server is a server of its
 * service, schedulers exist, interfaces exist.
 */
static void check_refs(struct reader *r)
{
	const struct conf_read_opts *o = r->o;
	struct conf *cf = r->cf;

	for (unsigned int i = 0; i < r->n; i++) {
		const struct stmt *s = &r->stmts[i];
		const char *w;
		int j;

		if (!s->ok)
			continue;
		w = s->words[0];
		if (s->svc < 0 && !strcmp(w, "vrrp")) {
			for (j = 1; j + 1 < s->n; j += 2) {
				const char *k = s->words[j], *v = s->words[j + 1];

				if (!strcmp(k, "track-object") && !track_find(cf, v) &&
				    !track_driven(cf, v))
					rerr_word(r, s, j + 1, "vrrp: track-object %s: no track statement describes it and no check drives it (track %s)",
						  v, v);
				else if (o->host && !strcmp(k, "dev") && !if_nametoindex(v))
					rerr_word(r, s, j + 1, "vrrp: no interface %s in this namespace", v);
				else if (o->host && !strcmp(k, "track-dev") && !if_nametoindex(v))
					rerr_word(r, s, j + 1, "vrrp: no interface %s to track in this namespace", v);
			}
		} else if (s->svc < 0 && !strcmp(w, "announce")) {
			for (j = 1; j + 1 < s->n; j += 2)
				if (!strcmp(s->words[j], "track-object") &&
				    !track_find(cf, s->words[j + 1]) &&
				    !track_driven(cf, s->words[j + 1]))
					rerr_word(r, s, j + 1, "announce: track-object %s: no track statement describes it and no check drives it (track %s down)",
						  s->words[j + 1], s->words[j + 1]);
		} else if (s->svc < 0 && !strcmp(w, "sync")) {
			const struct sync_conf *c = &cf->sync;
			bool found = !c->follow[0];

			for (unsigned int k = 0; !found && k < cf->nvrrps; k++)
				found = !strcmp(c->follow, c->follow_group ?
						cf->vrrps[k].c.sync_group :
						cf->vrrps[k].c.name);
			for (j = 1; j + 1 < s->n; j += 2)
				if (!strcmp(s->words[j], c->follow_group ?
					    "sync-group" : "instance"))
					break;
			if (!found && j + 1 < s->n)
				rerr_word(r, s, j + 1, c->follow_group ?
					  "sync: sync-group %s: no vrrp statement is in it" :
					  "sync: instance %s: no vrrp statement has that name (its macvlan)",
					  c->follow);
			for (j = 1; j + 1 < s->n && strcmp(s->words[j], "dev"); j += 2)
				;
			if (o->host && j + 1 < s->n && !if_nametoindex(c->dev))
				rerr_word(r, s, j + 1, "sync: no interface %s in this namespace",
					  c->dev);
		} else if (s->svc < 0 && !strcmp(w, "service") && o->known_scheds) {
			for (j = 1 + (int)cf->svcs[s->conf_svc].nkey; j + 1 < s->n; j += 2)
				if (!strcmp(s->words[j], "scheduler") &&
				    !sched_known(s->words[j + 1]))
					rerr_word(r, s, j + 1, "service: scheduler \"%s\": neither IPVS (rr, wrr, lc, wlc, lblc, lblcr, dh, sh, sed, nq, fo, ovf, mh, twos) nor havs (havs_rr, havs_wrr, havs_lc, havs_wlc, havs_sh, havs_mh) has it",
						  s->words[j + 1]);
		} else if (s->svc >= 0 && !strcmp(w, "check")) {
			const struct conf_svc *e = &cf->svcs[r->stmts[s->svc].conf_svc];

			for (j = 1; j + 1 < s->n; j += 2)
				if (!strcmp(s->words[j], "sorry") &&
				    !srv_find(e, &e->check.sorry))
					rerr_word(r, s, j + 1, "check: sorry %s: not a server of the service (describe it with a server line too)",
						  s->words[j + 1]);
		}
	}
}

static bool stmt_begin(struct reader *r, struct stmt *s)
{
	if (s->bad || s->done || !s->n)
		return false;
	r->at = s;
	parse_err_word = NULL;
	s->errors = r->errors;
	return true;
}

static void stmt_done(struct reader *r, struct stmt *s)
{
	s->ok = r->errors == s->errors;
	r->at = NULL;
}

/*
 * Consistent mode is IPVS's sloppy_tcp / sloppy_sctp, the namespace's:
 * every service of a protocol on a consistent scheduler says the same, or
 * the running state could not say which one asked.
 */
static void consistent_check(struct reader *r)
{
	static const unsigned int protos[] = { IPPROTO_TCP, IPPROTO_SCTP };
	const struct conf *cf = r->cf;

	for (unsigned int p = 0; p < 2; p++) {
		const struct conf_svc *on = NULL, *off = NULL;

		for (unsigned int i = 0; i < cf->nsvcs; i++) {
			const struct conf_svc *s = &cf->svcs[i];

			if (!s->ipvs || !sched_is_consistent(s->c.sched) ||
			    (s->c.key.protocol != protos[p] && !s->c.key.fwmark))
				continue;
			if (s->c.consistent && !on)
				on = s;
			else if (!s->c.consistent && !off)
				off = s;
		}
		if (on && off)
			rerr(r, off->line, "service: consistent is IPVS's sloppy_%s, one setting for the namespace: the service at %s has it, so this one (scheduler %s) needs it too",
			     p ? "sctp" : "tcp", rwhere(r, on->line), off->c.sched);
	}
}

static void interpret(struct reader *r, struct stmt *stmts, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct stmt *s = &stmts[i];
		const char *w;

		if (s->svc >= 0 || !stmt_begin(r, s))
			continue;
		w = s->words[0];
		if (!strcmp(w, "track"))
			do_track(r, s);
		else if (!strcmp(w, "vrrp"))
			do_vrrp(r, s);
		else if (!strcmp(w, "announce"))
			do_announce(r, s);
		else if (!strcmp(w, "sync"))
			do_sync(r, s);
		else if (!strcmp(w, "service"))
			do_service(r, s);
		else if (agent_is_statement(w))
			do_agent_stmt(r, s);
		else if (!strcmp(w, "server") || !strcmp(w, "check"))
			rerr(r, s->line, "%s belongs to a service: indent it under a service statement", w);
		else
			rerr(r, s->line, "unknown statement \"%s\": expected track, vrrp, announce, sync, service, script, sync-group, agent, include or define", w);
		stmt_done(r, s);
	}
	for (i = 0; i < n; i++) {
		struct stmt *s = &stmts[i];

		/* those of a refused service statement are not looked at */
		if (s->svc < 0 || stmts[s->svc].conf_svc < 0 || !stmt_begin(r, s))
			continue;
		if (!strcmp(s->words[0], "server"))
			do_server(r, s, &stmts[s->svc]);
		else
			do_check(r, s, &stmts[s->svc]);
		stmt_done(r, s);
	}
	if (!r->errors)
		consistent_check(r);
	if (!r->errors)
		agent_conf_check(r->cf, agent_err, r);
}

static void reader_free(struct reader *r)
{
	for (unsigned int i = 0; i < r->n; i++)
		stmt_free(&r->stmts[i]);
	free(r->stmts);
	for (unsigned int i = 0; i < r->nsrcs; i++) {
		free(r->srcs[i].name);
		free(r->srcs[i].dir);
		free(r->srcs[i].real);
		if (r->srcs[i].owned)
			free(r->srcs[i].text);
	}
	free(r->srcs);
	for (unsigned int i = 0; i < r->nerrs; i++)
		free(r->errs[i].msg);
	free(r->errs);
	for (unsigned int i = 0; i < r->ndefs; i++) {
		free(r->defs[i].name);
		conf_words_free(r->defs[i].words, r->defs[i].n);
	}
	free(r->defs);
	free(r->root);
}

/* The reader, with @text as the first file; false: out of memory (said). */
static bool reader_init(struct reader *r, const char *fname, const char *real,
			const char *text, size_t len,
			const struct conf_read_opts *o, FILE *errf)
{
	const char *slash = strrchr(fname, '/');
	struct src *s;

	memset(r, 0, sizeof(*r));
	r->o = o;
	r->errf = errf;
	r->next_line = 1;
	r->cur = -1;
	r->cur_svc = -1;
	r->srcs = calloc(1, sizeof(*r->srcs));
	if (!r->srcs)
		goto oom;
	r->srccap = 1;
	s = &r->srcs[0];
	s->name = strdup(fname);
	s->text = (char *)text;
	s->len = len;
	if (!s->name)
		goto oom;
	r->nsrcs = 1;
	if (o->dir)
		s->dir = strdup(o->dir);
	else if (slash)
		s->dir = strndup(fname, slash == fname ? 1 : slash - fname);
	if ((o->dir || slash) && !s->dir)
		goto oom;
	if (real) {
		s->real = strdup(real);
		if (!s->real)
			goto oom;
	}
	if (o->root) {
		r->root = realpath(o->root, NULL);
		if (!r->root) {
			fprintf(errf, "%s: error: includes are confined to %s: %s\n",
				fname, o->root, strerror(errno));
			reader_free(r);
			return false;
		}
	}
	return true;
oom:
	fprintf(errf, "%s: error: out of memory\n", fname);
	reader_free(r);
	return false;
}

static int parse_main(struct conf *cf, const char *fname, const char *real,
		      const char *text, size_t len,
		      const struct conf_read_opts *o, FILE *errf)
{
	struct reader r;
	int errors;

	if (!reader_init(&r, fname, real, text, len, o, errf))
		return 1;
	r.cf = cf;
	r.subs = true;
	r.meta = !o->no_meta;
	read_src(&r, 0);
	interpret(&r, r.stmts, r.n);
	check_refs(&r);
	print_errors(&r);
	errors = r.errors;
	reader_free(&r);
	return errors;
}

/*
 * Read a configuration file's text into @cf (which must be empty). Errors
 * go to @errf as "FILE:LINE:COLUMN: error: message" and the line with the
 * word marked, in the order of the file. Returns the number of errors:
 * with any, @cf is to be discarded. Relative includes are relative to the
 * directory of @fname (or @o->dir).
 */
int conf_parse_opts(struct conf *cf, const char *fname, const char *text,
		    size_t len, const struct conf_read_opts *o, FILE *errf)
{
	return parse_main(cf, fname, NULL, text, len, o, errf);
}

int conf_parse(struct conf *cf, const char *fname, const char *text,
	       size_t len, FILE *errf)
{
	static const struct conf_read_opts none;

	return parse_main(cf, fname, NULL, text, len, &none, errf);
}

/*
 * Read the file @path ("-": standard input) into @cf. Returns the number
 * of errors, or a negative errno when the file cannot be read (not said;
 * -EFBIG: larger than CONF_FILE_MAX).
 */
int conf_load(struct conf *cf, const char *path, const struct conf_read_opts *o,
	      FILE *errf)
{
	bool in = !strcmp(path, "-");
	char *text, *real = NULL;
	size_t len;
	int err;

	err = conf_read_file(path, &text, &len);
	if (err)
		return err;
	if (!in)
		real = realpath(path, NULL);
	err = parse_main(cf, in ? "<stdin>" : path, real, text, len, o, errf);
	free(real);
	free(text);
	return err;
}

void conf_cmds_free(struct conf_cmd *cmds, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		conf_words_free(cmds[i].words, cmds[i].n);
	free(cmds);
}

/*
 * A batch file (havsadm -b): one command per statement, read by the
 * lexer of the configuration file (quotes, comments, continuation lines),
 * without include or define. Returns the number of errors (said on @errf),
 * or a negative errno when the file cannot be read (not said).
 */
int conf_read_cmds(const char *path, struct conf_cmd **cmds, unsigned int *n,
		   FILE *errf)
{
	static const struct conf_read_opts opts = { .no_meta = true };
	bool in = !strcmp(path, "-");
	struct reader r;
	size_t len;
	char *text;
	int err;

	*cmds = NULL;
	*n = 0;
	err = conf_read_file(path, &text, &len);
	if (err)
		return err;
	if (!reader_init(&r, in ? "<stdin>" : path, NULL, text, len, &opts, errf)) {
		free(text);
		return 1;
	}
	read_src(&r, 0);
	if (!r.errors && r.n) {
		*cmds = calloc(r.n, sizeof(**cmds));
		if (!*cmds)
			rerr(&r, 0, "out of memory");
	}
	for (unsigned int i = 0; !r.errors && i < r.n; i++) {
		(*cmds)[i].words = r.stmts[i].words;
		(*cmds)[i].n = r.stmts[i].n;
		(*cmds)[i].line = r.stmts[i].line;
		r.stmts[i].words = NULL;
		r.stmts[i].n = 0;
	}
	if (!r.errors)
		*n = r.n;
	print_errors(&r);
	err = r.errors;
	reader_free(&r);
	free(text);
	return err;
}

/* --- comparing ------------------------------------------------------------- */

static int act(struct conf_actions *a, struct sbuf *b)
{
	char **p;

	if (b->oom)
		return -ENOMEM;
	if (a->n == a->cap) {
		unsigned int c = a->cap ? a->cap * 2 : 16;

		p = realloc(a->lines, c * sizeof(*p));
		if (!p)
			return -ENOMEM;
		a->lines = p;
		a->cap = c;
	}
	a->lines[a->n] = strdup(sb_str(b));
	if (!a->lines[a->n])
		return -ENOMEM;
	a->n++;
	b->len = 0;
	return 0;
}

void conf_actions_free(struct conf_actions *a)
{
	for (unsigned int i = 0; i < a->n; i++)
		free(a->lines[i]);
	free(a->lines);
	memset(a, 0, sizeof(*a));
}

static bool words_differ(const void *x, const void *y,
			 void (*fn)(struct sbuf *, const void *))
{
	struct sbuf a = { 0 }, b = { 0 };
	bool d;

	fn(&a, x);
	fn(&b, y);
	d = a.oom || b.oom || strcmp(sb_str(&a), sb_str(&b));
	sb_free(&a);
	sb_free(&b);
	return d;
}

static void vrrp_fixed_all(struct sbuf *b, const void *c)
{
	vrrp_words(b, c, VW_FIXED | VW_ALL);
}

static void vrrp_set_all(struct sbuf *b, const void *c)
{
	vrrp_words(b, c, VW_SET | VW_ALL);
}

static void announce_all(struct sbuf *b, const void *c)
{
	announce_words(b, c, true);
}

static void check_all(struct sbuf *b, const void *c)
{
	check_words(b, c, true);
}

/*
 * What srv_words() prints differs (the key being the same): compared
 * field by field, as a config has thousands of servers.
 */
static bool srv_differ(const struct srv_conf *x, const struct srv_conf *y)
{
	return x->weight != y->weight || x->uthr != y->uthr || x->lthr != y->lthr ||
	       strcmp(method_name(x->method), method_name(y->method));
}

static void svc_all(struct sbuf *b, const void *c)
{
	svc_settings_words(b, c, true);
}

/*
 * The havsadm commands that make @have (the kernel) match @want (a file),
 * in an order that works and disturbs least: see havs.conf(5), APPLYING.
 */
int conf_diff(const struct conf *want, const struct conf *have,
	      struct conf_actions *out)
{
	struct sbuf b = { 0 };
	unsigned int i, j;
	bool resync;
	int err = 0;

#define ACT() do { err = act(out, &b); if (err) goto out; } while (0)
	memset(out, 0, sizeof(*out));
	/* a sync that changes stops first (IPVS runs one of each daemon) */
	resync = want->has_sync && have->has_sync &&
		 sync_differ(&want->sync, &have->sync);
	if (have->has_sync && (!want->has_sync || resync)) {
		sb_add(&b, "sync del");
		ACT();
	}
	for (i = 0; i < want->ntracks; i++) {
		const struct conf_track *t = &want->tracks[i];
		const struct conf_track *h = track_find(have, t->name);

		/*
		 * An existing object keeps its state: set only to pin it, when
		 * no instance of the file keeps it either.
		 */
		if (h && (h->pinned || track_followed(want, t->name)))
			continue;
		sb_add(&b, "track set");
		sb_word(&b, t->name);
		sb_word(&b, (h ? h->up : t->up) ? "up" : "down");
		ACT();
	}
	/* probe settings before servers, so new servers start with them */
	for (i = 0; i < want->nsvcs; i++) {
		const struct conf_svc *s = &want->svcs[i];
		const struct conf_svc *h = conf_svc_find(have, &s->c.key);

		if (s->has_check && (!h || !h->has_check ||
				     words_differ(&s->check, &h->check, check_all))) {
			sb_add(&b, "check set");
			svc_words(&b, &s->c.key);
			check_words(&b, &s->check, false);
			ACT();
		}
	}
	for (i = 0; i < want->nsvcs; i++) {
		const struct conf_svc *s = &want->svcs[i];
		const struct conf_svc *h = conf_svc_find(have, &s->c.key);

		if (!h || !h->ipvs) {
			sb_add(&b, "service add");
			svc_words(&b, &s->c.key);
			svc_settings_words(&b, &s->c, false);
			ACT();
		} else if (words_differ(&s->c, &h->c, svc_all)) {
			sb_add(&b, "service set");
			svc_words(&b, &s->c.key);
			svc_settings_words(&b, &s->c, true);
			ACT();
		}
		for (j = 0; j < s->nsrv; j++) {
			const struct conf_srv *v = &s->srv[j];
			const struct conf_srv *hv = h && h->ipvs ? srv_find(h, &v->c.srv) : NULL;

			if (hv && !srv_differ(&v->c, &hv->c))
				continue;
			sb_add(&b, hv ? "server set" : "server add");
			svc_words(&b, &s->c.key);
			srv_words(&b, &v->c, !!hv);
			ACT();
		}
	}
	for (i = 0; i < want->nvrrps; i++) {
		const struct vrrp_conf *c = &want->vrrps[i].c;
		const struct conf_vrrp *h = vrrp_find(have, c);

		if (h && words_differ(c, &h->c, vrrp_fixed_all)) {
			sb_add(&b, "vrrp del");
			vrrp_words(&b, c, VW_ID);
			ACT();
			out->transitions++;
			h = NULL;
		}
		if (!h) {
			sb_add(&b, "vrrp add");
			vrrp_words(&b, c, VW_ID | VW_FIXED | VW_SET);
			ACT();
			/* a new instance is not followed yet */
			if (have->has_sync && !resync && want->has_sync &&
			    want->sync.follow[0]) {
				sb_add(&b, "sync del");
				ACT();
				resync = true;
			}
		} else if (words_differ(c, &h->c, vrrp_set_all)) {
			sb_add(&b, "vrrp set");
			vrrp_words(&b, c, VW_ID);
			vrrp_words(&b, c, VW_SET | VW_ALL);
			ACT();
		}
	}
	/*
	 * Announcements last: the objects they name exist by now, except
	 * those a check drives, which the module creates when the check's
	 * servers are counted: created down here, withdrawn until then.
	 */
	for (i = 0; i < want->nanns; i++) {
		const struct announce_conf *c = &want->anns[i].c;
		const struct conf_announce *h = announce_find(have, c->dev);

		for (j = 0; !h && j < c->ntracks; j++) {
			if (track_find(have, c->tracks[j]) ||
			    track_find(want, c->tracks[j]))
				continue;
			sb_add(&b, "track set");
			sb_word(&b, c->tracks[j]);
			sb_word(&b, "down");
			ACT();
		}
		/* set cannot say "no address" or "no object": add again */
		if (h && words_differ(c, &h->c, announce_all) &&
		    ((!c->naddr && h->c.naddr) || (!c->ntracks && h->c.ntracks))) {
			sb_add(&b, "announce del");
			sb_words(&b, "dev", c->dev);
			ACT();
			h = NULL;
		}
		if (!h) {
			sb_add(&b, "announce add");
			announce_words(&b, c, false);
			ACT();
		} else if (words_differ(c, &h->c, announce_all)) {
			sb_add(&b, "announce set");
			announce_words(&b, c, true);
			ACT();
		}
	}
	/* then what the file no longer has */
	for (i = 0; i < have->nanns; i++) {
		if (announce_find(want, have->anns[i].c.dev))
			continue;
		sb_add(&b, "announce del");
		sb_words(&b, "dev", have->anns[i].c.dev);
		ACT();
	}
	for (i = 0; i < have->nvrrps; i++) {
		if (vrrp_find(want, &have->vrrps[i].c))
			continue;
		sb_add(&b, "vrrp del");
		vrrp_words(&b, &have->vrrps[i].c, VW_ID);
		ACT();
	}
	for (i = 0; i < have->nsvcs; i++) {
		const struct conf_svc *h = &have->svcs[i];
		const struct conf_svc *s = conf_svc_find(want, &h->c.key);

		if (h->ipvs && (!s || !s->ipvs)) {
			sb_add(&b, "service del");
			svc_words(&b, &h->c.key);
			ACT();
		} else if (h->ipvs) {
			for (j = 0; j < h->nsrv; j++) {
				if (srv_find(s, &h->srv[j].c.srv))
					continue;
				sb_add(&b, "server del");
				svc_words(&b, &h->c.key);
				sb_addr_port(&b, NULL, h->srv[j].c.srv.af,
					     h->srv[j].c.srv.addr, h->srv[j].c.srv.port);
				ACT();
			}
		}
		if (h->has_check && (!s || !s->has_check)) {
			sb_add(&b, "check del");
			svc_words(&b, &h->c.key);
			ACT();
		}
	}
	if (want->has_sync && (!have->has_sync || resync)) {
		sb_add(&b, "sync add");
		sync_words(&b, &want->sync);
		ACT();
	}
	for (i = 0; i < have->ntracks; i++) {
		const struct conf_track *t = &have->tracks[i];

		/*
		 * Named by what stays: left alone. Not pinned: it goes with
		 * its last instance. Otherwise every instance that tracks it
		 * has been deleted above: delete it.
		 */
		if (!t->pinned || track_find(want, t->name) ||
		    track_named(want, t->name))
			continue;
		sb_add(&b, "track del");
		sb_word(&b, t->name);
		ACT();
	}
out:
	sb_free(&b);
	if (err)
		conf_actions_free(out);
	return err;
#undef ACT
}
