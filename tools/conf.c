// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration file, havs.conf(5): read it into the model of conf.h
 * with the same parsers as the command line, print a model in the file's
 * format, and compare two models into the havsadm commands that make one
 * the other. Free of libnl: the host tests and a fuzz target link it alone.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
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
		    *p == '\\')
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
}

/* --- printing the file ------------------------------------------------------- */

static bool track_named(const struct conf *cf, const char *name)
{
	for (unsigned int i = 0; i < cf->nvrrps; i++)
		for (unsigned int j = 0; j < cf->vrrps[i].c.ntracks; j++)
			if (!cf->vrrps[i].c.tracks[j].is_dev &&
			    !strcmp(cf->vrrps[i].c.tracks[j].name, name))
				return true;
	for (unsigned int i = 0; i < cf->nsvcs; i++)
		if (cf->svcs[i].has_check && !strcmp(cf->svcs[i].check.track, name))
			return true;
	return false;
}

void conf_print(FILE *f, const struct conf *cf)
{
	struct sbuf b = { 0 };
	unsigned int i, j;
	bool gap = false;

	for (i = 0; i < cf->ntracks; i++) {
		const struct conf_track *t = &cf->tracks[i];

		/* objects that exist only through their instances, or that
		 * instances or checks name anyway, need no statement */
		if (!t->pinned || track_named(cf, t->name))
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

struct stmt {
	char **words;
	int n, cap;
	unsigned int line;
	int svc;		/* server/check: index of its service statement */
	int conf_svc;		/* service: its entry in the model, or -1 */
};

struct reader {
	const char *fname;
	FILE *errf;
	unsigned int errors;
	struct conf *cf;
};

static void rerr(struct reader *r, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void rerr(struct reader *r, unsigned int line, const char *fmt, ...)
{
	va_list ap;

	if (r->errors++ >= CONF_MAX_ERRORS)
		return;
	fprintf(r->errf, "%s:%u: ", r->fname, line);
	va_start(ap, fmt);
	vfprintf(r->errf, fmt, ap);
	va_end(ap);
	fputc('\n', r->errf);
	if (r->errors == CONF_MAX_ERRORS)
		fprintf(r->errf, "%s: too many errors, not reporting more\n",
			r->fname);
}

void conf_words_free(char **words, int n)
{
	for (int i = 0; i < n; i++)
		free(words[i]);
	free(words);
}

static int push_word(char ***words, int *n, int *cap, const char *w, size_t len)
{
	char *s;

	if (*n >= STMT_MAX_WORDS)
		return -E2BIG;
	if (*n == *cap) {
		int c = *cap ? *cap * 2 : 16;
		char **p = realloc(*words, c * sizeof(*p));

		if (!p)
			return -ENOMEM;
		*words = p;
		*cap = c;
	}
	s = malloc(len + 1);
	if (!s)
		return -ENOMEM;
	memcpy(s, w, len);
	s[len] = '\0';
	(*words)[(*n)++] = s;
	return 0;
}

/*
 * Split one line into words (quotes, escapes, comments). Appends to
 * *@words. Returns 0, or a negative errno with *@why set.
 */
static int split_line(const char *line, size_t len, char ***words, int *n,
		      int *cap, const char **why)
{
	char word[LINE_MAX_LEN + 1];
	size_t i = 0, wl;
	int err;

	while (i < len) {
		if (line[i] == ' ' || line[i] == '\t' || line[i] == '\r') {
			i++;
			continue;
		}
		if (line[i] == '#')
			break;
		wl = 0;
		if (line[i] == '"') {
			for (i++; i < len && line[i] != '"'; i++) {
				if (line[i] == '\\') {
					if (i + 1 >= len ||
					    (line[i + 1] != '"' && line[i + 1] != '\\')) {
						*why = "in quotes, a backslash comes before \" or \\ only";
						return -EINVAL;
					}
					i++;
				}
				word[wl++] = line[i];
			}
			if (i >= len) {
				*why = "unterminated quote";
				return -EINVAL;
			}
			i++;
			if (i < len && line[i] != ' ' && line[i] != '\t' &&
			    line[i] != '\r' && line[i] != '#') {
				*why = "a closing quote must end the word";
				return -EINVAL;
			}
		} else {
			for (; i < len && line[i] != ' ' && line[i] != '\t' &&
			       line[i] != '\r' && line[i] != '#'; i++) {
				if (line[i] == '"') {
					*why = "a quote in the middle of a word";
					return -EINVAL;
				}
				word[wl++] = line[i];
			}
		}
		err = push_word(words, n, cap, word, wl);
		if (err) {
			*why = err == -E2BIG ? "more than 512 words in one statement" :
					       "out of memory";
			return err;
		}
	}
	return 0;
}

/* Split a havsadm command line (a 'diff' line) into words. */
int conf_split(const char *line, char ***words, int *n)
{
	const char *why;
	int cap = 0, err;

	*words = NULL;
	*n = 0;
	if (strlen(line) > LINE_MAX_LEN)
		return -E2BIG;
	err = split_line(line, strlen(line), words, n, &cap, &why);
	if (err) {
		conf_words_free(*words, *n);
		*words = NULL;
		*n = 0;
	}
	return err;
}

static void stmt_free(struct stmt *s)
{
	conf_words_free(s->words, s->n);
	memset(s, 0, sizeof(*s));
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
		rerr(r, s->line, "track \"%s\": names are 1 to 31 characters of A-Z a-z 0-9 _ . : -",
		     s->words[1]);
		return;
	}
	t = track_find(r->cf, s->words[1]);
	if (t) {
		rerr(r, s->line, "track %s: already described at line %u",
		     s->words[1], t->line);
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

static void do_vrrp(struct reader *r, struct stmt *s)
{
	struct agent_hooks *hooks = NULL;
	struct conf_vrrp *v, *old;
	struct vrrp_conf c;
	char err[256];

	vrrp_conf_defaults(&c);
	if (agent_take(&hooks, AGENT_ON_VRRP, s->words, &s->n, 1, s->line, err,
		       sizeof(err)) ||
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
		rerr(r, s->line, "vrrp %s/%u: already described at line %u", c.dev,
		     c.vrid, old->line);
		return;
	}
	for (unsigned int i = 0; i < r->cf->nvrrps; i++) {
		if (!strcmp(r->cf->vrrps[i].c.name, c.name)) {
			agent_hooks_free(hooks);
			rerr(r, s->line, "vrrp %s/%u: macvlan name %s is used at line %u too",
			     c.dev, c.vrid, c.name, r->cf->vrrps[i].line);
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
	if (agent_take(&hooks, AGENT_ON_SERVICE, s->words, &s->n,
		       1 + svc_key_words(s), s->line, err, sizeof(err)) ||
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
		rerr(r, s->line, "service %s %s: already described at line %u",
		     s->words[1], s->words[2], e->line);
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

	if (agent_take(&hooks, AGENT_ON_SERVER, s->words, &s->n, 2, s->line,
		       err, sizeof(err))) {
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
		rerr(r, s->line, "server %s: not of the service's address family",
		     s->words[1]);
		return;
	}
	old = srv_find(e, &c.srv);
	if (old) {
		agent_hooks_free(hooks);
		rerr(r, s->line, "server %s: already described at line %u",
		     s->words[1], old->line);
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
		rerr(r, s->line, "check: the service has one already, at line %u",
		     e->check_line);
		return;
	}
	memset(&c, 0, sizeof(c));
	c.svc = e->c.key;
	if (agent_take(&e->hooks, AGENT_ON_CHECK, s->words, &s->n, 1, s->line,
		       err, sizeof(err)) ||
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
		rerr(r, s->line, "script %s: the object is described at line %u already",
		     name, t->line);
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

static void interpret(struct reader *r, struct stmt *stmts, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct stmt *s = &stmts[i];
		const char *w = s->words[0];

		if (s->svc >= 0)
			continue;
		if (!strcmp(w, "track"))
			do_track(r, s);
		else if (!strcmp(w, "vrrp"))
			do_vrrp(r, s);
		else if (!strcmp(w, "service"))
			do_service(r, s);
		else if (agent_is_statement(w))
			do_agent_stmt(r, s);
		else if (!strcmp(w, "server") || !strcmp(w, "check"))
			rerr(r, s->line, "%s belongs to a service: indent it under a service statement", w);
		else
			rerr(r, s->line, "unknown statement \"%s\": expected track, vrrp, service, script, sync-group or agent", w);
	}
	for (i = 0; i < n; i++) {
		struct stmt *s = &stmts[i];

		/* those of a refused service statement are not looked at */
		if (s->svc < 0 || stmts[s->svc].conf_svc < 0)
			continue;
		if (!strcmp(s->words[0], "server"))
			do_server(r, s, &stmts[s->svc]);
		else
			do_check(r, s, &stmts[s->svc]);
	}
	if (!r->errors)
		agent_conf_check(r->cf, agent_err, r);
}

/*
 * Read a configuration file's text into @cf (which must be empty). Errors
 * go to @errf as "FILE:LINE: message". Returns the number of errors: with
 * any, @cf is to be discarded.
 */
int conf_parse(struct conf *cf, const char *fname, const char *text,
	       size_t len, FILE *errf)
{
	struct reader r = { .fname = fname, .errf = errf, .cf = cf };
	struct stmt *stmts = NULL, *cur = NULL;
	unsigned int n = 0, cap = 0, line = 0;
	int cur_svc = -1;
	size_t pos = 0;

	while (pos < len) {
		const char *l = text + pos, *nl = memchr(l, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - l) : len - pos;
		char **words = NULL;
		int nw = 0, wcap = 0;
		const char *why;

		pos += ll + (nl ? 1 : 0);
		line++;
		if (memchr(l, '\0', ll)) {
			rerr(&r, line, "a NUL byte: this is not a text file");
			continue;
		}
		if (ll > LINE_MAX_LEN) {
			rerr(&r, line, "line longer than %d characters", LINE_MAX_LEN);
			continue;
		}
		if (split_line(l, ll, &words, &nw, &wcap, &why)) {
			rerr(&r, line, "%s", why);
			conf_words_free(words, nw);
			continue;
		}
		if (!nw) {
			free(words);
			continue;
		}
		bool cont = l[0] == ' ' || l[0] == '\t';
		bool sub = cont && cur_svc >= 0 &&
			   (!strcmp(words[0], "server") || !strcmp(words[0], "check"));

		if (cont && !sub) {
			if (!cur) {
				rerr(&r, line, "an indented line continues a statement, and none is above it");
				conf_words_free(words, nw);
				continue;
			}
			for (int i = 0; i < nw; i++) {
				if (cur->n >= STMT_MAX_WORDS) {
					rerr(&r, line, "more than %d words in one statement",
					     STMT_MAX_WORDS);
					break;
				}
				if (cur->n == cur->cap) {
					int c = cur->cap * 2;
					char **p = realloc(cur->words, c * sizeof(*p));

					if (!p) {
						rerr(&r, line, "out of memory");
						break;
					}
					cur->words = p;
					cur->cap = c;
				}
				cur->words[cur->n++] = words[i];
				words[i] = NULL;
			}
			conf_words_free(words, nw);
			continue;
		}
		if (n == cap) {
			unsigned int c = cap ? cap * 2 : 32;
			struct stmt *p = n >= CONF_MAX_OBJECTS ? NULL :
					 realloc(stmts, c * sizeof(*p));

			if (!p) {
				rerr(&r, line, "too many statements");
				conf_words_free(words, nw);
				break;
			}
			stmts = p;
			cap = c;
		}
		cur = &stmts[n];
		cur->words = words;
		cur->n = nw;
		cur->cap = wcap;
		cur->line = line;
		cur->svc = sub ? cur_svc : -1;
		cur->conf_svc = -1;
		if (!sub)
			cur_svc = !strcmp(words[0], "service") ? (int)n : -1;
		n++;
	}
	if (!r.errors)
		interpret(&r, stmts, n);
	for (unsigned int i = 0; i < n; i++)
		stmt_free(&stmts[i]);
	free(stmts);
	return r.errors;
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
	int err = 0;

#define ACT() do { err = act(out, &b); if (err) goto out; } while (0)
	memset(out, 0, sizeof(*out));
	for (i = 0; i < want->ntracks; i++) {
		const struct conf_track *t = &want->tracks[i];
		const struct conf_track *h = track_find(have, t->name);

		/* an existing object keeps its state: set only to pin it */
		if (h && h->pinned)
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
		} else if (words_differ(c, &h->c, vrrp_set_all)) {
			sb_add(&b, "vrrp set");
			vrrp_words(&b, c, VW_ID);
			vrrp_words(&b, c, VW_SET | VW_ALL);
			ACT();
		}
	}
	/* then what the file no longer has */
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
