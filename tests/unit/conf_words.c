// SPDX-License-Identifier: GPL-2.0
/*
 * conf_words FILE: check the statements of a havs.conf(5) file with
 * havsadm's own argument parsers (tools/parse.c), on the host, with no
 * kernel: used by tests/unit/lifecycle.sh on tools/havs.conf.example.
 *
 * It splits the file as havs.conf(5) says (statements, continuation lines,
 * comments, quotes), then hands each statement's words to the parser of the
 * command that creates the object: vrrp_conf_parse() as "vrrp add" (and
 * dev, vrid and an address must be there), svc_key_parse() and the service
 * settings, check_conf_parse() as "check set", the server's ADDR:PORT and
 * settings as "server add", track names with track_name_ok().
 *
 * What it does not check: that no object appears twice, that a sorry
 * server is one of the service's servers, that families match, that the
 * interfaces exist, or anything the kernel decides. That is the job of
 * "havsadm apply" and "havsadm diff" (tools/config.c), which need the
 * module. Prints FILE:LINE: MESSAGE per error; exit 0 if there is none.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../../tools/havsadm.h"

const char *prog = "conf_words";

#define MAX_WORDS 512

static const char *path;
static int errors;

struct stmt {
	int n;
	char *w[MAX_WORDS];
	int line[MAX_WORDS];	/* line of each word */
	int first[MAX_WORDS];	/* word starts a physical line */
};

static void err(int line, const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "%s:%d: ", path, line);
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	errors++;
}

/* Split one physical line into words appended to @s; 0 or -1. */
static int split(struct stmt *s, char *p, int lineno)
{
	bool first = true;

	for (;;) {
		char *out, *start;

		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (!*p || *p == '#')
			return 0;
		if (s->n == MAX_WORDS) {
			err(lineno, "more than %s words in a statement%s", "512", "");
			return -1;
		}
		start = out = p;
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
					p++;
				*out++ = *p;
			}
			if (*p != '"') {
				err(lineno, "unterminated quote%s%s", "", "");
				return -1;
			}
			p++;
		} else {
			while (*p && !strchr(" \t\r\n#", *p))
				*out++ = *p++;
		}
		if (*p && !strchr(" \t\r\n#", *p)) {
			err(lineno, "a quoted word must end at a blank%s%s", "", "");
			return -1;
		}
		{
			char end = *p;

			*out = 0;
			if (end)
				p++;
			if (end == '#')
				p = (char *)"";
		}
		s->w[s->n] = strdup(start);
		s->line[s->n] = lineno;
		s->first[s->n] = first;
		first = false;
		s->n++;
	}
}

static void check_pairs(const struct stmt *s, int from, int to,
			const char *const *keys)
{
	for (int i = from; i < to; i += 2) {
		int k;

		for (k = 0; keys[k] && strcmp(keys[k], s->w[i]); k++)
			;
		if (!keys[k])
			err(s->line[i], "unknown setting \"%s\"%s", s->w[i], "");
		else if (i + 1 >= to)
			err(s->line[i], "\"%s\" needs a value%s", s->w[i], "");
	}
}

static void check_server(const struct stmt *s, int from, int to)
{
	static const char *const keys[] = {
		"weight", "method", "uthreshold", "lthreshold", NULL
	};
	uint8_t addr[16];
	unsigned int port;
	int af = 0;

	if (from + 1 >= to || parse_addr_port(s->w[from + 1], &af, addr, &port)) {
		err(s->line[from], "server: expected ADDR:PORT%s%s", "", "");
		return;
	}
	check_pairs(s, from + 2, to, keys);
	for (int i = from + 2; i + 1 < to; i += 2)
		if (!strcmp(s->w[i], "method") && strcmp(s->w[i + 1], "nat") &&
		    strcmp(s->w[i + 1], "dr") && strcmp(s->w[i + 1], "tun") &&
		    strcmp(s->w[i + 1], "local"))
			err(s->line[i], "method \"%s\": nat, dr, tun or local%s",
			    s->w[i + 1], "");
}

static void check_service(struct stmt *s)
{
	static const char *const keys[] = { "scheduler", "persistent", NULL };
	struct check_conf cc;
	struct svc_key k;
	char e[200];
	char **av = s->w + 1;
	int ac, end, checks = 0;

	/* the service's own words end where its first sub-statement starts */
	for (end = 1; end < s->n && !(s->first[end] &&
		(!strcmp(s->w[end], "server") || !strcmp(s->w[end], "check"))); end++)
		;
	ac = end - 1;
	if (svc_key_parse(&k, &ac, &av, e, sizeof(e))) {
		err(s->line[0], "service: %s%s", e, "");
		return;
	}
	check_pairs(s, end - ac, end, keys);
	while (end < s->n) {
		int from = end;

		for (end++; end < s->n && !(s->first[end] &&
			(!strcmp(s->w[end], "server") || !strcmp(s->w[end], "check"))); end++)
			;
		if (!strcmp(s->w[from], "server")) {
			check_server(s, from, end);
			continue;
		}
		if (checks++)
			err(s->line[from], "a second check for the service%s%s", "", "");
		memset(&cc, 0, sizeof(cc));
		cc.svc = k;	/* as "check set SERVICE ..." */
		if (check_conf_parse(&cc, end - from - 1, s->w + from + 1, e, sizeof(e)))
			err(s->line[from], "check: %s%s", e, "");
	}
}

static void check_stmt(struct stmt *s)
{
	const char *what = s->w[0];
	struct vrrp_conf vc;
	char e[200];

	if (!strcmp(what, "track")) {
		if (s->n < 2 || !track_name_ok(s->w[1]))
			err(s->line[0], "track: expected a NAME%s%s", "", "");
		else if (s->n > 3 || (s->n == 3 && strcmp(s->w[2], "up") &&
				      strcmp(s->w[2], "down")))
			err(s->line[0], "track %s: expected up or down%s", s->w[1], "");
	} else if (!strcmp(what, "vrrp")) {
		vrrp_conf_defaults(&vc);
		if (vrrp_conf_parse(&vc, s->n - 1, s->w + 1, ~0u, e, sizeof(e)))
			err(s->line[0], "vrrp: %s%s", e, "");
		else if ((vc.set & (VF_DEV | VF_VRID | VF_ADDR)) !=
			 (VF_DEV | VF_VRID | VF_ADDR))
			err(s->line[0], "vrrp: dev, vrid and an address are required%s%s", "", "");
	} else if (!strcmp(what, "service")) {
		check_service(s);
	} else {
		err(s->line[0], "unknown statement \"%s\"%s", what, "");
	}
}

int main(int argc, char **argv)
{
	struct stmt *s = calloc(1, sizeof(*s));
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, stmts = 0;
	FILE *f;

	if (argc != 2 || !s) {
		fprintf(stderr, "usage: conf_words FILE\n");
		return 2;
	}
	path = argv[1];
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return 2;
	}
	for (;;) {
		ssize_t len = getline(&line, &cap, f);
		bool cont = len > 0 && (line[0] == ' ' || line[0] == '\t');
		int before = s->n;

		lineno++;
		if (len >= 0 && (size_t)len > 4096)
			err(lineno, "line longer than %s characters%s", "4095", "");
		/* a new statement, or the end: check the one collected */
		if (len < 0 || !cont) {
			char *p = len >= 0 ? line + strspn(line, " \t\r\n") : NULL;

			if (len >= 0 && (!*p || *p == '#'))
				continue;	/* blank or comment line */
			if (s->n) {
				check_stmt(s);
				stmts++;
			}
			for (int i = 0; i < s->n; i++)
				free(s->w[i]);
			s->n = 0;
			if (len < 0)
				break;
		}
		if (split(s, line, lineno))
			s->n = before;
		else if (cont && !before && s->n)
			err(lineno, "a continuation line with no statement above%s%s", "", "");
	}
	free(line);
	fclose(f);
	printf("%s: %d statements, %d errors\n", path, stmts, errors);
	return errors ? 1 : 0;
}
