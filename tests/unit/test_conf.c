// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the configuration file (tools/conf.c): parse, print
 * and parse again to the same thing; every class of error reported with
 * its line; the differences between two configurations as the commands
 * apply would run. One "ok"/"not ok" line per test; exit 1 on failure.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "../../tools/conf.h"

#define UNIT_NAME "config file"
#include "unit.h"

const char *prog = "test_conf";

void errmsg(const char *fmt, ...)
{
	(void)fmt;
}

static const char example[] =
	"# two directors share 10.0.0.100\n"
	"track maint down   # set by a script\n"
	"vrrp dev eth0 vrid 51 address 10.0.0.100\n"
	"    priority 200 interval 100ms\n"
	"\ttrack-object web weight -150 track-dev eth1\n"
	"vrrp dev eth0 vrid 52 address fe80::52 address 2001:db8::52 preempt off\n"
	"    preempt-delay 1.5s accept off sync-group g1 name v52\n"
	"vrrp dev eth0 vrid 53 version 2 interval 2s address 10.0.0.53 checksum v2\n"
	"    peer 10.0.0.2 peer 10.0.0.3 sync-group g1\n"
	"\n"
	"service tcp 10.0.0.100:80 scheduler havs_mh persistent 300\n"
	"    check type http path /health status 200,301-302 expect \"all \\\"ok\\\" # here\"\n"
	"        interval 2s timeout 1s rise 1 fall 2 track web track-min 2\n"
	"        sorry 10.1.0.9:80 slowstart 10s conns expire initial down\n"
	"    server 10.1.0.2:80 weight 10\n"
	"    server 10.1.0.3:80 weight 0 method dr uthreshold 5 lthreshold 2\n"
	"    server 10.1.0.9:80\n"
	"service udp [2001:db8::100]:53\n"
	"    check type udp payload \"ping pong\" port 5353\n"
	"    server [2001:db8:1::2]:53\n"
	"service fwmark 7 inet6 scheduler havs_rr\n";

static int parse(struct conf *cf, const char *text, char **errs)
{
	size_t len = 0;
	FILE *f = open_memstream(errs, &len);
	int n = conf_parse(cf, "t.conf", text, strlen(text), f);

	fclose(f);
	return n;
}

static char *print(const struct conf *cf)
{
	size_t len = 0;
	char *out = NULL;
	FILE *f = open_memstream(&out, &len);

	conf_print(f, cf);
	fclose(f);
	return out;
}

static int t_round_trip(void)
{
	struct conf a = { 0 }, b = { 0 };
	struct conf_actions d;
	char *errs, *p1, *p2;
	int ok = 1;

	CHECK(parse(&a, example, &errs) == 0);
	if (*errs)
		fprintf(stderr, "%s", errs);
	free(errs);
	CHECK(a.ntracks == 1 && a.nvrrps == 3 && a.nsvcs == 3);
	CHECK(a.nsvcs == 3 && a.svcs[0].nsrv == 3 && a.svcs[0].has_check);
	CHECK(a.nsvcs == 3 && !strcmp(a.svcs[0].check.body, "all \"ok\" # here"));
	/* track objects print only when pinned (as the kernel says) */
	a.tracks[0].pinned = true;
	p1 = print(&a);
	CHECK(parse(&b, p1, &errs) == 0);
	if (*errs)
		fprintf(stderr, "%s--\n%s", errs, p1);
	free(errs);
	b.tracks[0].pinned = true;
	p2 = print(&b);
	CHECK(!strcmp(p1, p2));
	CHECK(conf_diff(&a, &b, &d) == 0 && d.n == 0);
	conf_actions_free(&d);
	/* what the printer says, for a reader */
	CHECK(strstr(p1, "vrrp dev eth0 vrid 51 address 10.0.0.100 track-object web weight -150 track-dev eth1\n"
		     "    priority 200 interval 100ms\n"));
	CHECK(strstr(p1, "track maint down\n"));
	CHECK(strstr(p1, "    check type http interval 2s rise 1 fall 2 initial down slowstart 10s conns expire track web track-min 2 sorry 10.1.0.9:80 path /health status 200,301-302 expect \"all \\\"ok\\\" # here\"\n"));
	CHECK(strstr(p1, "    server 10.1.0.3:80 weight 0 method dr uthreshold 5 lthreshold 2\n"));
	CHECK(strstr(p1, "service fwmark 7 inet6 scheduler havs_rr\n"));
	CHECK(strstr(p1, "name v52"));
	CHECK(!strstr(p1, "name vr51.eth0"));
	free(p1);
	free(p2);
	conf_free(&a);
	conf_free(&b);
	return ok;
}

/* Every class of error, with its line. */
static int t_errors(void)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "vrrp dev eth0 vrid 1 address \"10.0.0.1\n", "t.conf:1:30: error: unterminated quote\n\tvrrp dev eth0 vrid 1 address \"10.0.0.1\n\t                             ^\n" },
		{ "track \"a\\n\"\n", "t.conf:1:9: error: in quotes, a backslash" },
		{ "track a\"b\"\n", "t.conf:1:8: error: a quote in the middle of a word" },
		{ "track \"a\"b\n", "t.conf:1:10: error: a closing quote must end the word" },
		{ "  priority 100\n", "t.conf:1:3: error: an indented line continues a statement, and none is above it\n\t  priority 100\n\t  ^^^^^^^^\n" },
		{ "\nfrobnicate 1\n", "t.conf:2:1: error: unknown statement \"frobnicate\"" },
		{ "server 10.0.0.1:80\n", "t.conf:1:1: error: server belongs to a service" },
		{ "vrrp dev eth0 vrid 1\n", "t.conf:1:1: error: vrrp: dev, vrid and at least one address are required" },
		{ "vrrp dev eth0 vrid 1 address 10.0.0.1 priority 300\n", "t.conf:1:48: error: vrrp: priority \"300\": expected 1 to 255 (255: address owner)\n\tvrrp dev eth0 vrid 1 address 10.0.0.1 priority 300\n\t                                               ^^^\n" },
		{ "vrrp dev eth0 vrid 1 address 10.0.0.1\nvrrp dev eth0 vrid 1\n    address 10.0.0.2\n",
		  "t.conf:2:1: error: vrrp eth0/1: already described at line 1" },
		{ "vrrp dev eth0 vrid 1 address 10.0.0.1 name x\nvrrp dev eth0 vrid 2 address 10.0.0.2 name x\n",
		  "t.conf:2:1: error: vrrp eth0/2: macvlan name x is used at line 1 too" },
		{ "vrrp dev averylongname1 vrid 100 address 10.0.0.1\n", "the default macvlan name" },
		{ "service tcp 10.0.0.1:80\nservice tcp 10.0.0.1:80\n", "t.conf:2:1: error: service tcp 10.0.0.1:80: already described at line 1" },
		{ "service tcp 10.0.0.1\n", "t.conf:1:13: error: service: \"10.0.0.1\": expected ADDR:PORT" },
		{ "service tcp 10.0.0.1:80 scheduler\n", "t.conf:1:25: error: service: \"scheduler\" needs a value" },
		{ "service tcp 10.0.0.1:80\n  server 10.1.0.1:80\n  server 10.1.0.1:80 weight 2\n",
		  "t.conf:3:10: error: server 10.1.0.1:80: already described at line 2" },
		{ "service tcp 10.0.0.1:80\n  server [2001:db8::1]:80\n", "t.conf:2:10: error: server [2001:db8::1]:80: not of the service's address family" },
		{ "service tcp 10.0.0.1:80\n  server 10.1.0.1:80 weight -1\n", "t.conf:2:29: error: server: weight \"-1\"" },
		{ "service tcp 10.0.0.1:80\n  check type tcp\n  check type http\n", "t.conf:3:3: error: check: the service has one already, at line 2" },
		{ "service tcp 10.0.0.1:80\n  check type tcp path /x\n", "t.conf:2:3: error: check: path, host, status and expect are for type http" },
		{ "service tcp 10.0.0.1:80\n  check timeout 6s\n", "t.conf:2:3: error: check: the timeout (6000ms) must be shorter than the interval (5000ms)" },
		{ "track bad/name\n", "t.conf:1:7: error: track \"bad/name\"" },
		{ "track a up extra\n", "t.conf:1:1: error: track: expected track NAME [up|down]" },
		{ "track a\ntrack a down\n", "t.conf:2:7: error: track a: already described at line 1" },
		{ "track a\0b\n", NULL },	/* see below: a NUL */
	};
	int ok = 1;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct conf cf = { 0 };
		char *errs;

		if (!cases[i].want)
			continue;
		CHECK(parse(&cf, cases[i].text, &errs) > 0);
		if (!strstr(errs, cases[i].want)) {
			fprintf(stderr, "  case %zu: want \"%s\", got \"%s\"\n", i,
				cases[i].want, errs);
			ok = 0;
		}
		free(errs);
		conf_free(&cf);
	}
	/* NUL bytes, and lines and statements beyond the limits */
	{
		static const char nul[] = "track a\n\0track b\n";
		struct conf cf = { 0 };
		size_t len = 0;
		char *errs = NULL, *big;
		FILE *f = open_memstream(&errs, &len);

		CHECK(conf_parse(&cf, "t.conf", nul, sizeof(nul) - 1, f) == 1);
		fclose(f);
		CHECK(strstr(errs, "t.conf:2: error: a NUL byte"));
		free(errs);
		conf_free(&cf);
		big = malloc(5000);
		memset(big, 'a', 4999);
		big[4999] = '\0';
		memcpy(big, "track ", 6);
		CHECK(parse(&cf, big, &errs) == 1 && strstr(errs, "t.conf:1: error: line longer than 4095"));
		free(errs);
		conf_free(&cf);
		strcpy(big, "vrrp");
		for (int i = 0; i < 600; i++)
			strcat(big, " x");
		CHECK(parse(&cf, big, &errs) == 1 && strstr(errs, "more than 512 words"));
		free(errs);
		conf_free(&cf);
		free(big);
	}
	/* many errors: each reported, up to a limit, then one line says so */
	{
		struct conf cf = { 0 };
		char text[2000] = "", *errs;

		for (int i = 0; i < 30; i++)
			strcat(text, "bogus\n");
		CHECK(parse(&cf, text, &errs) == 30);
		CHECK(strstr(errs, "t.conf:20:1: error: unknown") && !strstr(errs, "t.conf:21:"));
		CHECK(strstr(errs, "too many errors"));
		free(errs);
		conf_free(&cf);
	}
	return ok;
}

static int diff_of(const char *want, const char *have, struct conf_actions *d)
{
	struct conf a = { 0 }, b = { 0 };
	char *e1, *e2;
	int rc = parse(&a, want, &e1) || parse(&b, have, &e2);

	free(e1);
	free(e2);
	for (unsigned int i = 0; i < b.ntracks; i++)
		b.tracks[i].pinned = true;
	rc = rc || conf_diff(&a, &b, d);
	conf_free(&a);
	conf_free(&b);
	return rc;
}

static bool has(const struct conf_actions *d, const char *line)
{
	for (unsigned int i = 0; i < d->n; i++)
		if (!strcmp(d->lines[i], line))
			return true;
	return false;
}

/* Only what differs becomes a command, and the least disturbing one. */
static int t_diff(void)
{
	static const char base[] =
		"vrrp dev eth0 vrid 51 address 10.0.0.100 priority 200\n"
		"service tcp 10.0.0.100:80\n"
		"    check type http path /health\n"
		"    server 10.1.0.2:80 weight 10\n"
		"    server 10.1.0.3:80 weight 10\n";
	struct conf_actions d;
	int ok = 1;

	CHECK(!diff_of(base, base, &d) && d.n == 0);
	conf_actions_free(&d);

	/* one weight: one command */
	CHECK(!diff_of("vrrp dev eth0 vrid 51 address 10.0.0.100 priority 200\n"
		       "service tcp 10.0.0.100:80\n"
		       "    check type http path /health\n"
		       "    server 10.1.0.2:80 weight 10\n"
		       "    server 10.1.0.3:80 weight 20\n", base, &d));
	CHECK(d.n == 1 && has(&d, "server set tcp 10.0.0.100:80 10.1.0.3:80 weight 20 method nat uthreshold 0 lthreshold 0"));
	conf_actions_free(&d);

	/* a method, a threshold: each server set once */
	CHECK(!diff_of("vrrp dev eth0 vrid 51 address 10.0.0.100 priority 200\n"
		       "service tcp 10.0.0.100:80\n"
		       "    check type http path /health\n"
		       "    server 10.1.0.2:80 weight 10 method dr\n"
		       "    server 10.1.0.3:80 weight 10 lthreshold 2\n", base, &d));
	CHECK(d.n == 2 && has(&d, "server set tcp 10.0.0.100:80 10.1.0.2:80 weight 10 method dr uthreshold 0 lthreshold 0") &&
	      has(&d, "server set tcp 10.0.0.100:80 10.1.0.3:80 weight 10 method nat uthreshold 0 lthreshold 2"));
	conf_actions_free(&d);

	/* a priority: set in place, no transition */
	CHECK(!diff_of("vrrp dev eth0 vrid 51 address 10.0.0.100 priority 150\n"
		       "service tcp 10.0.0.100:80\n"
		       "    check type http path /health\n"
		       "    server 10.1.0.2:80 weight 10\n"
		       "    server 10.1.0.3:80 weight 10\n", base, &d));
	CHECK(d.n == 1 && d.transitions == 0 &&
	      has(&d, "vrrp set dev eth0 vrid 51 priority 150 interval 1s preempt on preempt-delay 0ms accept on checksum rfc"));
	conf_actions_free(&d);

	/* an address: deleted and created again, said to be a transition */
	CHECK(!diff_of("vrrp dev eth0 vrid 51 address 10.0.0.101 priority 200\n"
		       "service tcp 10.0.0.100:80\n"
		       "    check type http path /health\n"
		       "    server 10.1.0.2:80 weight 10\n"
		       "    server 10.1.0.3:80 weight 10\n", base, &d));
	CHECK(d.n == 2 && d.transitions == 1 &&
	      has(&d, "vrrp del dev eth0 vrid 51") &&
	      has(&d, "vrrp add dev eth0 vrid 51 address 10.0.0.101 priority 200"));
	conf_actions_free(&d);

	/* the check's settings: one check set, servers untouched */
	CHECK(!diff_of("vrrp dev eth0 vrid 51 address 10.0.0.100 priority 200\n"
		       "service tcp 10.0.0.100:80\n"
		       "    check type http path /health rise 3\n"
		       "    server 10.1.0.2:80 weight 10\n"
		       "    server 10.1.0.3:80 weight 10\n", base, &d));
	CHECK(d.n == 1 && has(&d, "check set tcp 10.0.0.100:80 type http rise 3 path /health"));
	conf_actions_free(&d);

	/* from nothing: check before the service, the service before servers */
	CHECK(!diff_of(base, "", &d));
	CHECK(d.n == 5 && !strcmp(d.lines[0], "check set tcp 10.0.0.100:80 type http path /health") &&
	      !strcmp(d.lines[1], "service add tcp 10.0.0.100:80 scheduler havs_wrr") &&
	      !strcmp(d.lines[2], "server add tcp 10.0.0.100:80 10.1.0.2:80 weight 10") &&
	      !strcmp(d.lines[4], "vrrp add dev eth0 vrid 51 address 10.0.0.100 priority 200"));
	conf_actions_free(&d);

	/* to nothing: everything deleted, pinned objects too */
	CHECK(!diff_of("", "track t\n" "vrrp dev eth0 vrid 51 address fe80::1\n" "service tcp 10.0.0.100:80\n"
		       "    check type tcp\n", &d));
	CHECK(d.n == 4 && !strcmp(d.lines[0], "vrrp del dev eth0 vrid 51 family inet6") &&
	      !strcmp(d.lines[1], "service del tcp 10.0.0.100:80") &&
	      !strcmp(d.lines[2], "check del tcp 10.0.0.100:80") &&
	      !strcmp(d.lines[3], "track del t"));
	conf_actions_free(&d);

	/* a server less; a tracked object that exists keeps its state */
	CHECK(!diff_of("track t down\n" "service tcp 10.0.0.100:80\n" "    server 10.1.0.2:80\n",
		       "track t\n" "service tcp 10.0.0.100:80\n" "    server 10.1.0.2:80\n"
		       "    server 10.1.0.3:80\n", &d));
	CHECK(d.n == 1 && has(&d, "server del tcp 10.0.0.100:80 10.1.0.3:80"));
	conf_actions_free(&d);
	return ok;
}

/* A command line of the diff splits back into the words it was made of. */
static int t_split(void)
{
	char **w;
	int n, ok = 1;

	CHECK(conf_split("check set tcp 1.2.3.4:80 expect \"a \\\"b\\\" #c\" path /", &w, &n) == 0);
	CHECK(n == 8 && !strcmp(w[6], "path") && !strcmp(w[5], "a \"b\" #c"));
	conf_words_free(w, n);
	CHECK(conf_split("a \"b", &w, &n) != 0 && !w && !n);
	return ok;
}

/*
 * Services are found by key through an index that grows with them and is
 * rebuilt when they are sorted: every one of thousands found, after each.
 */
static int t_index(void)
{
	struct conf cf = { 0 };
	struct svc_key k;
	unsigned int i, n = 5000;
	int ok = 1;

	for (i = 0; i < n && ok; i++) {
		memset(&k, 0, sizeof(k));
		k.af = AF_INET;
		k.protocol = IPPROTO_TCP;
		/* descending, so that sorting moves every entry */
		k.addr[0] = 10, k.addr[2] = (n - i) >> 8, k.addr[3] = (n - i) & 255;
		k.port = 80 + i % 3;
		CHECK(conf_svc_get(&cf, &k) == &cf.svcs[i]);
		CHECK(conf_svc_get(&cf, &k) == &cf.svcs[i]);
	}
	CHECK(cf.nsvcs == n);
	conf_sort(&cf);
	for (i = 0; i + 1 < n && ok; i++)
		CHECK(memcmp(cf.svcs[i].c.key.addr, cf.svcs[i + 1].c.key.addr, 4) <= 0);
	for (i = 0; i < n && ok; i++) {
		k = cf.svcs[i].c.key;
		CHECK(conf_svc_find(&cf, &k) == &cf.svcs[i]);
		k.port += 3;
		CHECK(!conf_svc_find(&cf, &k));
	}
	CHECK(cf.nsvcs == n);
	conf_free(&cf);
	return ok;
}

static int parse_o(struct conf *cf, const char *text,
		   const struct conf_read_opts *o, char **errs)
{
	size_t len = 0;
	FILE *f = open_memstream(errs, &len);
	int n = conf_parse_opts(cf, "t.conf", text, strlen(text), o, f);

	fclose(f);
	return n;
}

/* parse @text: @nerr errors, and @want (if any) among them */
static int errs_are(const char *text, const struct conf_read_opts *o,
		    int nerr, const char *want)
{
	static const struct conf_read_opts none;
	struct conf cf = { 0 };
	char *errs;
	int n = parse_o(&cf, text, o ? o : &none, &errs), ok = 1;

	if (n != nerr || (want && !strstr(errs, want))) {
		fprintf(stderr, "  %s: %d errors (want %d)%s%s, got:\n%s", current, n,
			nerr, want ? " with " : "", want ? want : "", errs);
		ok = 0;
	}
	free(errs);
	conf_free(&cf);
	return ok;
}

/*
 * Positions: the physical line of the word in a statement continued over
 * lines, its column, the line quoted with a caret under the word (tabs
 * kept, so that it lines up); every error of the file, in line order
 * (servers are interpreted after the other statements, mistakes of the
 * lexer before either); what a refused line holds is not looked at.
 */
static int t_positions(void)
{
	int ok = 1;

	CHECK(errs_are("vrrp dev eth0 vrid 1 address 10.0.0.1\n"
		       "    interval 100ms   # a comment\n"
		       "# a comment line between\n"
		       "\tpriority 300\n", NULL, 1,
		       "t.conf:4:11: error: vrrp: priority \"300\": expected 1 to 255 (255: address owner)\n"
		       "\t\tpriority 300\n"
		       "\t\t         ^^^\n"));
	/* a server's mistake in its service's words is not possible; in its own */
	CHECK(errs_are("service tcp 10.0.0.1:80\n"
		       "    server 10.1.0.1:80 method x\n", NULL, 1,
		       "t.conf:2:31: error: server: method \"x\": nat, dr, tun or local\n"
		       "\t    server 10.1.0.1:80 method x\n"
		       "\t                              ^\n"));
	{
		static const char text[] =
			"service tcp 10.0.0.1:80\n"
			"  server 10.1.0.1:80 weight x\n"
			"track bad/name\n"
			"vrrp dev eth0 vrid 1 address \"x\n"
			"  priority 300\n"		/* of the refused line */
			"service tcp 10.0.0.1:81 persistent -1\n"
			"  server 10.1.0.1:80 weight y\n"	/* of a refused service */
			"track ok\n"
			"track ok\n";
		struct conf cf = { 0 };
		char *errs, *a, *b, *c, *d, *e;

		CHECK(parse(&cf, text, &errs) == 5);
		a = strstr(errs, "t.conf:2:29: error: server: weight \"x\"");
		b = strstr(errs, "t.conf:3:7: error: track \"bad/name\"");
		c = strstr(errs, "t.conf:4:30: error: unterminated quote");
		d = strstr(errs, "t.conf:6:36: error: service: persistent \"-1\"");
		e = strstr(errs, "t.conf:9:7: error: track ok: already described at line 8");
		CHECK(a && b && c && d && e && a < b && b < c && c < d && d < e);
		if (!ok)
			fprintf(stderr, "%s", errs);
		free(errs);
		conf_free(&cf);
	}
	return ok;
}

static char tmpdir[64];

static void put_file(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	if (strchr(name, '/')) {
		char dir[256];

		snprintf(dir, sizeof(dir), "%s", path);
		*strrchr(dir, '/') = '\0';
		mkdir(dir, 0700);
	}
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
}

/* load tmpdir/@name: @nerr errors, and @want (%s: tmpdir) among them */
static int load_is(const char *name, const struct conf_read_opts *o, int nerr,
		   const char *want, struct conf *cf)
{
	static const struct conf_read_opts none;
	char path[256], w[1024], *errs = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&errs, &len);
	int n, ok = 1;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	if (want)
		snprintf(w, sizeof(w), want, tmpdir, tmpdir, tmpdir, tmpdir);
	n = conf_load(cf, path, o ? o : &none, f);
	fclose(f);
	if (n != nerr || (want && !strstr(errs, w))) {
		fprintf(stderr, "  %s: %s: %d errors (want %d)%s%s, got:\n%s", current,
			name, n, nerr, want ? " with " : "", want ? w : "", errs);
		ok = 0;
	}
	free(errs);
	return ok;
}

/*
 * include: a glob's files in sorted order, relative to the including
 * file, nested; a missing file is an error, a glob matching nothing is
 * not; a cycle is named; errors point into the included file; confined
 * to a directory when asked. define: $NAME in words, before use, once.
 */
static int t_include(void)
{
	struct conf_read_opts o = { 0 };
	struct conf cf = { 0 };
	char sub[128];
	int ok = 1;

	put_file("main.conf", "include \"conf.d/*.conf\"\n"
		 "include \"none.d/*.conf\"   # matches nothing: fine\n"
		 "include \"sub/one.conf\"\n"
		 "vrrp dev eth0 vrid 1 address $VIP track-object b\n");
	put_file("conf.d/b.conf", "track b\n");
	put_file("conf.d/a.conf", "track a\ndefine VIP = 10.0.0.7\n");
	put_file("conf.d/c.txt", "bogus\n");
	put_file("sub/one.conf", "include \"two.conf\"\n");
	put_file("sub/two.conf", "track two\n");
	CHECK(load_is("main.conf", NULL, 0, NULL, &cf));
	CHECK(cf.ntracks == 3 && !strcmp(cf.tracks[0].name, "a") &&
	      !strcmp(cf.tracks[1].name, "b") && !strcmp(cf.tracks[2].name, "two"));
	CHECK(cf.nvrrps == 1 && cf.vrrps[0].c.addrs[0][3] == 7);
	conf_free(&cf);

	put_file("missing.conf", "track a\ninclude \"nothere.conf\"\n");
	CHECK(load_is("missing.conf", NULL, 1,
		      "%s/missing.conf:2:9: error: include %s/nothere.conf: No such file or directory\n"
		      "\tinclude \"nothere.conf\"\n"
		      "\t        ^^^^^^^^^^^^^^\n", &cf));
	conf_free(&cf);

	put_file("c1.conf", "include \"c2.conf\"\n");
	put_file("c2.conf", "track x\ninclude \"c1.conf\"\n");
	CHECK(load_is("c1.conf", NULL, 1,
		      "%s/c2.conf:2:9: error: include cycle: %s/c1.conf -> %s/c2.conf -> %s/c1.conf", &cf));
	conf_free(&cf);
	put_file("self.conf", "include \"self.conf\"\n");
	CHECK(load_is("self.conf", NULL, 1, "include cycle: ", &cf));
	conf_free(&cf);

	put_file("bad.conf", "track a\n\ntrack b/\n");
	put_file("inc-bad.conf", "track x\ninclude \"bad.conf\"\ntrack y z\n");
	CHECK(load_is("inc-bad.conf", NULL, 2,
		      "%s/bad.conf:3:7: error: track \"b/\"", &cf));
	conf_free(&cf);
	CHECK(load_is("inc-bad.conf", NULL, 2,
		      "%s/inc-bad.conf:3:1: error: track: expected", &cf));
	conf_free(&cf);
	/* an include ends the service above it: a server line continues the include */
	put_file("cont.conf", "service tcp 10.0.0.1:80\ninclude \"sub/two.conf\"\n  server 10.1.0.1:80\n");
	CHECK(load_is("cont.conf", NULL, 1, "cont.conf:3:3: error: include: expected include \"PATH\"", &cf));
	conf_free(&cf);
	put_file("twice.conf", "include \"conf.d/a.conf\"\ninclude \"conf.d/a.conf\"\n");
	CHECK(load_is("twice.conf", NULL, 2, "conf.d/a.conf:1:7: error: track a: already described at %s/conf.d/a.conf:1", &cf));
	conf_free(&cf);

	/* confined: includes outside the directory are refused */
	snprintf(sub, sizeof(sub), "%s/sub", tmpdir);
	o.root = sub;
	o.dir = sub;
	CHECK(errs_are("include \"two.conf\"\n", &o, 0, NULL));
	CHECK(errs_are("include \"../conf.d/a.conf\"\n", &o, 1, "outside"));
	CHECK(errs_are("include \"/etc/passwd\"\n", &o, 1, "outside"));
	o.no_meta = true;
	CHECK(errs_are("include \"two.conf\"\n", &o, 1, "unknown statement \"include\""));
	return ok;
}

static int t_define(void)
{
	struct conf cf = { 0 };
	char *errs;
	int ok = 1;

	CHECK(parse(&cf, "define VIP = 10.0.0.100\n"
		    "define SRV = weight 10 method dr\n"
		    "define VIP6 = 2001:db8::1\n"
		    "define ALL = $VIP\n"
		    "service tcp $VIP:80\n"
		    "    check type http path /h expect \"$VIP\"\n"
		    "    server 10.1.0.2:80 $SRV\n"
		    "service tcp [$VIP6]:80\n"
		    "vrrp dev eth0 vrid 1 address $ALL\n", &errs) == 0);
	CHECK(!*errs);
	CHECK(cf.nsvcs == 2 && cf.svcs[0].c.key.addr[3] == 100 && cf.svcs[0].c.key.port == 80);
	CHECK(cf.nsvcs == 2 && cf.svcs[0].nsrv == 1 && cf.svcs[0].srv[0].c.weight == 10);
	CHECK(cf.nsvcs == 2 && !strcmp(cf.svcs[0].check.body, "$VIP"));	/* quoted: as is */
	CHECK(cf.nsvcs == 2 && cf.svcs[1].c.key.af == AF_INET6);
	CHECK(cf.nvrrps == 1 && cf.vrrps[0].c.addrs[0][3] == 100);
	free(errs);
	conf_free(&cf);
	CHECK(errs_are("vrrp dev eth0 vrid 1 address $NOPE\n", NULL, 1,
		       "t.conf:1:30: error: $NOPE is not defined"));
	CHECK(errs_are("track $T\ndefine T = x\n", NULL, 1, "t.conf:1:7: error: $T is not defined"));
	CHECK(errs_are("define A = 1\ndefine A = 2\n", NULL, 1,
		       "t.conf:2:8: error: define A: already defined at line 1"));
	CHECK(errs_are("define A 1\n", NULL, 1, "t.conf:1:10: error: define: expected define NAME = VALUE"));
	CHECK(errs_are("define 1A = 1\n", NULL, 1, "t.conf:1:8: error: define \"1A\": a name is"));
	CHECK(errs_are("track a$\n", NULL, 1, "t.conf:1:7: error: a $ starts a defined name"));
	CHECK(errs_are("define W = weight 10\nservice tcp 10.0.0.1:80\n  server 10.1.0.2:80 x$W\n",
		       NULL, 1, "t.conf:3:22: error: $W is 2 words"));
	/* continued over lines, and a value of several words */
	CHECK(errs_are("define CHECK = type http\n    path /health\nservice tcp 10.0.0.1:80\n  check $CHECK rise 9\n",
		       NULL, 0, NULL));
	/* the printer quotes a $, so that what it prints reads back the same */
	CHECK(parse(&cf, "service tcp 10.0.0.1:80\n  check type http expect \"a$b\"\n", &errs) == 0);
	free(errs);
	{
		char *p = print(&cf);
		struct conf b = { 0 };

		CHECK(strstr(p, "expect \"a$b\""));
		CHECK(parse(&b, p, &errs) == 0 && b.nsvcs == 1 &&
		      !strcmp(b.svcs[0].check.body, "a$b"));
		free(errs);
		free(p);
		conf_free(&b);
	}
	conf_free(&cf);
	return ok;
}

/*
 * What statements say of one another, and what apply checks of this host
 * (o.host) and of IPVS's schedulers (o.known_scheds).
 */
static int t_refs(void)
{
	struct conf_read_opts o = { .known_scheds = true };
	struct conf_read_opts h = { .host = true };
	struct conf cf = { 0 };
	char *errs, *p;
	int ok = 1;

	CHECK(errs_are("vrrp dev eth0 vrid 1 address 10.0.0.1 track-object web\n", NULL, 1,
		       "t.conf:1:52: error: vrrp: track-object web: no track statement describes it and no check drives it"));
	CHECK(errs_are("track web\nvrrp dev eth0 vrid 1 address 10.0.0.1 track-object web\n", NULL, 0, NULL));
	CHECK(errs_are("vrrp dev eth0 vrid 1 address 10.0.0.1 track-object web\n"
		       "service tcp 10.0.0.1:80\n  check track web\n", NULL, 0, NULL));
	CHECK(errs_are("service tcp 10.0.0.1:80\n  check sorry 10.1.0.9:80\n  server 10.1.0.2:80\n", NULL, 1,
		       "t.conf:2:15: error: check: sorry 10.1.0.9:80: not a server of the service"));
	CHECK(errs_are("service tcp 10.0.0.1:80\n  check sorry 10.1.0.9:80\n  server 10.1.0.9:80\n", NULL, 0, NULL));
	CHECK(errs_are("service tcp 10.0.0.1:80 scheduler wrrr\n", &o, 1,
		       "t.conf:1:35: error: service: scheduler \"wrrr\": neither IPVS"));
	CHECK(errs_are("service fwmark 3 inet6 scheduler havs_sh\nservice tcp 10.0.0.1:80 scheduler lblcr\n", &o, 0, NULL));
	CHECK(errs_are("service tcp 10.0.0.1:80 scheduler wrrr\n", NULL, 0, NULL));
	CHECK(errs_are("vrrp dev lo vrid 1 address 10.0.0.1 track-dev nosuchif0\n", &h, 1,
		       "t.conf:1:47: error: vrrp: no interface nosuchif0 to track in this namespace"));
	CHECK(errs_are("vrrp dev nosuchif0 vrid 1 address 10.0.0.1\n", &h, 1,
		       "t.conf:1:10: error: vrrp: no interface nosuchif0 in this namespace"));
	CHECK(errs_are("vrrp dev nosuchif0 vrid 1 address 10.0.0.1\n", NULL, 0, NULL));

	/*
	 * show config: an object an instance follows is printed (so that
	 * the file reads back), and applying it does not pin the object.
	 */
	CHECK(parse(&cf, "track web\nvrrp dev eth0 vrid 1 address 10.0.0.1 track-object web\n", &errs) == 0);
	free(errs);
	cf.tracks[0].pinned = false;
	p = print(&cf);
	CHECK(strstr(p, "track web\n"));
	{
		struct conf b = { 0 };
		struct conf_actions d;

		CHECK(parse(&b, p, &errs) == 0);
		CHECK(conf_diff(&b, &cf, &d) == 0 && d.n == 0);
		conf_actions_free(&d);
		free(errs);
		conf_free(&b);
	}
	free(p);
	conf_free(&cf);
	return ok;
}

/* -b: the configuration file's lexer, one command per statement */
static int t_batch(void)
{
	struct conf_cmd *c;
	char path[256], *errs = NULL;
	unsigned int n;
	size_t len = 0;
	FILE *f = open_memstream(&errs, &len);
	int ok = 1;

	put_file("b1", "# a comment\n\ncheck set tcp 1.2.3.4:80   # and here\n"
		 "\texpect \"a b # c\" path /\nversion\n  \n");
	snprintf(path, sizeof(path), "%s/b1", tmpdir);
	CHECK(conf_read_cmds(path, &c, &n, f) == 0);
	CHECK(n == 2 && c[0].n == 8 && !strcmp(c[0].words[5], "a b # c") &&
	      c[0].line == 3 && c[1].n == 1 && c[1].line == 5);
	conf_cmds_free(c, n);
	put_file("b2", "version\ntrack set \"a b\nversion x\n");
	snprintf(path, sizeof(path), "%s/b2", tmpdir);
	CHECK(conf_read_cmds(path, &c, &n, f) == 1 && !c && !n);
	put_file("b3", "define A = 1\ntrack set $A up\n");
	snprintf(path, sizeof(path), "%s/b3", tmpdir);
	CHECK(conf_read_cmds(path, &c, &n, f) == 0 && n == 2 &&
	      !strcmp(c[0].words[0], "define") && !strcmp(c[1].words[2], "$A"));
	conf_cmds_free(c, n);
	fclose(f);
	CHECK(strstr(errs, "/b2:2:11: error: unterminated quote\n"));
	free(errs);
	return ok;
}

/* test_conf FILE: check FILE as apply --check does */
static int check_file(const char *path)
{
	const struct conf_read_opts o = { .known_scheds = true };
	struct conf cf = { 0 };
	int errors = conf_load(&cf, path, &o, stderr);

	conf_free(&cf);
	if (errors < 0)
		fprintf(stderr, "%s: %s\n", path, strerror(-errors));
	return errors ? 1 : 0;
}

/* Announcements: printed, read back, refused, compared. */
static int t_announce(void)
{
	static const char text[] =
		"track web\n"
		"service tcp 10.0.0.100:80\n"
		"    check type tcp track chk\n"
		"announce dev vip1 address 10.0.0.101 track-object chk drain on\n"
		"announce dev vip0 address 10.0.0.100 address 2001:db8::100\n"
		"    track-object web track-object chk\n";
	struct conf a = { 0 }, b = { 0 };
	struct conf_actions d;
	char *errs, *p1, *p2;
	int ok = 1;

	CHECK(parse(&a, text, &errs) == 0);
	free(errs);
	CHECK(a.nanns == 2 && a.anns[1].c.naddr == 2 && a.anns[1].c.ntracks == 2 &&
	      a.anns[0].c.drain && !a.anns[1].c.drain);
	a.tracks[0].pinned = true;
	conf_sort(&a);
	p1 = print(&a);
	CHECK(strstr(p1, "announce dev vip0 address 10.0.0.100 address 2001:db8::100 track-object web track-object chk\n"
		     "announce dev vip1 address 10.0.0.101 track-object chk drain on\n"));
	CHECK(parse(&b, p1, &errs) == 0);
	free(errs);
	b.tracks[0].pinned = true;
	conf_sort(&b);
	p2 = print(&b);
	CHECK(!strcmp(p1, p2));
	CHECK(conf_diff(&a, &b, &d) == 0 && d.n == 0);
	conf_actions_free(&d);
	free(p1);
	free(p2);
	conf_free(&a);
	conf_free(&b);

	/* refused, naming the word */
	CHECK(parse(&a, "track web\nannounce address 10.0.0.1 track-object web\n", &errs) == 1 &&
	      strstr(errs, "announce: dev NAME is required"));
	free(errs);
	conf_free(&a);
	CHECK(parse(&a, "announce dev vip0 track-object nosuch\n", &errs) == 1 &&
	      strstr(errs, "t.conf:1:32: error: announce: track-object nosuch: no track statement"));
	free(errs);
	conf_free(&a);
	CHECK(parse(&a, "announce dev vip0 address 10.0.0.1\nannounce dev vip1 address 10.0.0.1\n", &errs) == 1 &&
	      strstr(errs, "announce vip1: address 10.0.0.1 is announced by vip0 at line 1 too"));
	free(errs);
	conf_free(&a);
	CHECK(parse(&a, "announce dev vip0\nannounce dev vip0\n", &errs) == 1 &&
	      strstr(errs, "t.conf:2:14: error: announce vip0: already described at line 1"));
	free(errs);
	conf_free(&a);
	CHECK(parse(&a, "announce dev vip0 drain maybe\n", &errs) == 1 &&
	      strstr(errs, "t.conf:1:25: error: announce: drain \"maybe\": expected on or off"));
	free(errs);
	conf_free(&a);

	/* added after a missing object a check drives is created down */
	CHECK(!diff_of("service tcp 10.0.0.100:80\n    check type tcp track chk\n"
		       "announce dev vip0 address 10.0.0.100 track-object chk\n",
		       "service tcp 10.0.0.100:80\n    check type tcp track chk\n", &d));
	CHECK(d.n == 2 && !strcmp(d.lines[0], "track set chk down") &&
	      !strcmp(d.lines[1], "announce add dev vip0 address 10.0.0.100 track-object chk"));
	conf_actions_free(&d);
	/* a drain: set in place, every setting said */
	CHECK(!diff_of("track web\nannounce dev vip0 address 10.0.0.100 track-object web drain on\n",
		       "track web\nannounce dev vip0 address 10.0.0.100 track-object web\n", &d));
	CHECK(d.n == 1 && has(&d, "announce set dev vip0 address 10.0.0.100 track-object web drain on"));
	conf_actions_free(&d);
	/* no object left: deleted and added again; one the file lost: deleted */
	CHECK(!diff_of("track web\nannounce dev vip0 address 10.0.0.100\n",
		       "track web\nannounce dev vip0 address 10.0.0.100 track-object web\n"
		       "announce dev vip1 address 10.0.0.101\n", &d));
	CHECK(d.n == 3 && !strcmp(d.lines[0], "announce del dev vip0") &&
	      !strcmp(d.lines[1], "announce add dev vip0 address 10.0.0.100") &&
	      !strcmp(d.lines[2], "announce del dev vip1"));
	conf_actions_free(&d);
	return ok;
}

/* The sync statement: read, printed, compared. */
static int t_sync(void)
{
	static const char v[] =
		"vrrp dev eth0 vrid 51 address 10.0.0.100 name vip51 sync-group g\n"
		"vrrp dev eth0 vrid 52 address 10.0.0.101 sync-group g\n";
	static const struct {
		const char *text, *want;
	} errs[] = {
		{ "sync dev eth0 id 51\nsync dev eth1 id 51\n",
		  "t.conf:4:1: error: sync: id 51: already described at line 3" },
		{ "sync dev eth0 id 51\nsync dev eth1 id 52\n",
		  "t.conf:4:1: error: sync: already described at line 3 (IPVS runs one master and one backup daemon per namespace)" },
		{ "sync dev eth0\n", "sync: dev and id are required" },
		{ "sync dev eth0 id 1 group 10.0.0.1\n",
		  "t.conf:3:26: error: sync: group \"10.0.0.1\": not a multicast address" },
		{ "sync dev eth0 id 1 instance nosuch\n",
		  "t.conf:3:29: error: sync: instance nosuch: no vrrp statement has that name" },
		{ "sync dev eth0 id 1 sync-group nosuch\n",
		  "t.conf:3:31: error: sync: sync-group nosuch: no vrrp statement is in it" },
	};
	struct conf_actions d;
	struct conf cf = { 0 };
	char *e = NULL, *out, want[512];
	int ok = 1;

	snprintf(want, sizeof(want), "%ssync dev eth0 id 51 group ff02::8848 port 9000 maxlen 1400 instance vip51\n",
		 v);
	CHECK(parse(&cf, want, &e) == 0);
	free(e);
	out = print(&cf);
	CHECK(strstr(out, "\nsync dev eth0 id 51 group ff02::8848 port 9000 maxlen 1400\n    instance vip51\n") ||
	      strstr(out, "\nsync dev eth0 id 51 group ff02::8848 port 9000 maxlen 1400 instance vip51\n"));
	if (!ok)
		fprintf(stderr, "%s", out);
	free(out);
	conf_free(&cf);

	for (unsigned int i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		char text[512];

		snprintf(text, sizeof(text), "%s%s", v, errs[i].text);
		memset(&cf, 0, sizeof(cf));
		e = NULL;
		CHECK(parse(&cf, text, &e) > 0 && e && strstr(e, errs[i].want));
		if (e && !strstr(e, errs[i].want))
			fprintf(stderr, "  case %u: %s", i, e);
		free(e);
		conf_free(&cf);
	}

	/* started after the instances, stopped first, restarted when changed */
	snprintf(want, sizeof(want), "%ssync dev eth0 id 51 sync-group g\n", v);
	CHECK(!diff_of(want, v, &d) && d.n == 1 &&
	      !strcmp(d.lines[0], "sync add dev eth0 id 51 sync-group g"));
	conf_actions_free(&d);
	CHECK(!diff_of(v, want, &d) && d.n == 1 && !strcmp(d.lines[0], "sync del"));
	conf_actions_free(&d);
	CHECK(!diff_of(want, want, &d) && d.n == 0);
	conf_actions_free(&d);
	{
		char port[512];

		snprintf(port, sizeof(port), "%ssync dev eth0 id 51 port 9000 sync-group g\n", v);
		CHECK(!diff_of(port, want, &d) && d.n == 2 &&
		      !strcmp(d.lines[0], "sync del") &&
		      !strcmp(d.lines[1], "sync add dev eth0 id 51 port 9000 sync-group g"));
		conf_actions_free(&d);
	}
	/* a new instance of the group: the sync marks it again */
	{
		char more[512];

		snprintf(more, sizeof(more), "%svrrp dev eth0 vrid 53 address 10.0.0.102 sync-group g\n"
			 "sync dev eth0 id 51 sync-group g\n", v);
		CHECK(!diff_of(more, want, &d) && d.n == 3 &&
		      !strncmp(d.lines[0], "vrrp add dev eth0 vrid 53", 25) &&
		      !strcmp(d.lines[1], "sync del") &&
		      !strcmp(d.lines[2], "sync add dev eth0 id 51 sync-group g"));
		conf_actions_free(&d);
	}
	return ok;
}

/* consistent mode: read, printed, one setting per protocol, compared */
static int t_consistent(void)
{
	static const char two[] =
		"service tcp 10.0.0.1:80 scheduler havs_mh consistent on\n"
		"service tcp 10.0.0.2:80 scheduler wrr\n"
		"service udp 10.0.0.3:53 scheduler havs_sh\n";
	static const struct {
		const char *text, *want;
	} errs[] = {
		{ "service tcp 10.0.0.1:80 scheduler havs_mh consistent\n"
		  "service tcp 10.0.0.2:80 scheduler havs_sh\n",
		  "t.conf:2: error: service: consistent is IPVS's sloppy_tcp, one setting for the namespace: the service at t.conf:1 has it" },
		{ "service tcp 10.0.0.1:80 scheduler wrr consistent\n",
		  "consistent: scheduler \"wrr\" picks a server from its own state" },
		{ "service udp 10.0.0.1:53 scheduler havs_mh consistent\n",
		  "consistent: IPVS schedules a UDP packet without an entry already" },
	};
	struct conf_actions d;
	struct conf cf = { 0 };
	char *e = NULL, *out;
	int ok = 1;

	CHECK(parse(&cf, two, &e) == 0);
	free(e);
	out = print(&cf);
	CHECK(strstr(out, "service tcp 10.0.0.1:80 scheduler havs_mh consistent on\n") != NULL);
	CHECK(strstr(out, "service tcp 10.0.0.2:80 scheduler wrr\n") != NULL);
	CHECK(strstr(out, "service udp 10.0.0.3:53 scheduler havs_sh\n") != NULL);
	free(out);
	conf_free(&cf);
	for (unsigned int i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		memset(&cf, 0, sizeof(cf));
		e = NULL;
		CHECK(parse(&cf, errs[i].text, &e) > 0 && e && strstr(e, errs[i].want));
		if (e && !strstr(e, errs[i].want))
			fprintf(stderr, "  case %u: %s", i, e);
		free(e);
		conf_free(&cf);
	}
	/* changed in place */
	CHECK(!diff_of("service tcp 10.0.0.1:80 scheduler havs_mh consistent\n",
		       "service tcp 10.0.0.1:80 scheduler havs_mh\n", &d) && d.n == 1 &&
	      !strcmp(d.lines[0], "service set tcp 10.0.0.1:80 scheduler havs_mh persistent 0 consistent on"));
	conf_actions_free(&d);
	CHECK(!diff_of("service tcp 10.0.0.1:80 scheduler havs_mh\n",
		       "service tcp 10.0.0.1:80 scheduler havs_mh consistent\n", &d) && d.n == 1 &&
	      !strcmp(d.lines[0], "service set tcp 10.0.0.1:80 scheduler havs_mh persistent 0 consistent off"));
	conf_actions_free(&d);
	CHECK(!diff_of(two, two, &d) && d.n == 0);
	conf_actions_free(&d);
	return ok;
}

int main(int argc, char **argv)
{
	if (argc == 2)
		return check_file(argv[1]);
	run("parse, print, parse again: the same", t_round_trip);
	run("every error class, with its line", t_errors);
	run("differences as the commands apply runs", t_diff);
	run("announcements: printed, read back, refused, compared", t_announce);
	run("command lines split back into words", t_split);
	run("thousands of services found by key, grown and sorted", t_index);
	run("errors: the word, its physical line, every error in line order", t_positions);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_conf.XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 2;
	}
	run("include: globs in order, relative, nested, cycles, confined", t_include);
	run("define: $NAME, before use, once", t_define);
	run("references: tracked objects, sorry servers, schedulers, interfaces", t_refs);
	run("batch files: the same lexer", t_batch);
	run("sync statement: read, printed, compared", t_sync);
	run("consistent mode: read, printed, one per protocol, compared", t_consistent);
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
		if (system(cmd))
			failed++;
	}
	return failed ? 1 : 0;
}
