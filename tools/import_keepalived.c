// SPDX-License-Identifier: GPL-2.0
/*
 * havsadm import-keepalived FILE: translate a keepalived.conf into havs.conf
 * (see havs.conf(5)) on standard output, and list on standard error every
 * directive that could not be translated, as
 *
 *	FILE:LINE: not translated: DIRECTIVE: why (what to use instead)
 *
 * Two stages: a tokenizer that reads keepalived's syntax (blocks, comments,
 * quotes, includes, $VAR definitions, @ conditionals) into a tree of
 * statements, then a translator over that tree. Every statement written is
 * first checked with havsadm's own parsers (ka_statement_ok()), so nothing
 * is emitted that havsadm would refuse. Everything is bounded: line length,
 * words, nesting, includes, nodes and memory.
 *
 * Free of libnl: the host tests and the fuzz target link it alone.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <glob.h>
#include <libgen.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "agent.h"
#include "havsadm.h"
#include "import_keepalived.h"
#include "../kmod/uapi/linux/havs.h"

#define KA_LINE_MAX	4095		/* characters of a line */
#define KA_WORDS_MAX	64		/* words of a statement */
#define KA_DEPTH_MAX	16		/* nested blocks */
#define KA_NODES_MAX	200000		/* statements */
#define KA_FILE_MAX	(8u << 20)	/* bytes of one file */
#define KA_INPUT_MAX	(16u << 20)	/* bytes of all files */
#define KA_MEM_MAX	(96u << 20)	/* memory of the tree */
#define KA_INCLUDE_DEPTH 8
#define KA_FILES_MAX	256
#define KA_VARS_MAX	128
#define KA_VAR_NAME_MAX	64
#define KA_VAR_VALUE_MAX 1024
#define KA_ML_VALUE_MAX	65536		/* a multi-line definition */
#define KA_ML_DEPTH	8		/* multi-line definitions in one another */
#define KA_SUBST_PASSES	16
#define KA_SUBST_STEPS	1024		/* replacements in one line */
#define KA_REPORTS_MAX	400000
#define KA_OUT_WORDS	512		/* words of an emitted statement */
#define KA_SERVERS_MAX	4096		/* real servers of a virtual server */
#define KA_KEYS_MAX	65536		/* instances and services */

/* --- memory ---------------------------------------------------------------- */

struct chunk {
	struct chunk *next;
	size_t used, cap;
	char data[];
};

struct node {
	const char *file;
	unsigned int line;
	int nw;
	char **w;
	struct node *kids, *last, *next;
	bool block;			/* had { } */
};

struct var {
	char name[KA_VAR_NAME_MAX + 1];
	char *value;			/* multi-line: lines joined by \n */
	bool multiline;
};

struct report {
	unsigned int file, line, seq;	/* the order they are printed in */
	const char *fname;
	char *text;			/* heap */
};

struct active_file {
	dev_t dev;
	ino_t ino;
};

struct vkey {				/* an emitted instance or service */
	int kind;			/* 0: vrrp, 1: service */
	char text[80];
};

struct syncm {				/* instance -> sync group */
	const char *inst, *group;
	bool emitted;			/* the instance was translated */
	bool tracking_weight;		/* sync_group_tracking_weight */
};

struct script {				/* vrrp_script, track_file... */
	const char *name;
	const char *what;		/* the script, or the file */
	long weight;
	bool has_weight;
	bool file;			/* track_file: default weight 1 */
	bool run;			/* a vrrp_script: havsadm agent runs it */
};

struct group_hooks {			/* a sync group's notify hooks */
	const char *name;		/* as havs takes it */
	const struct node *n;
	struct words *ws;
};

struct ka {
	FILE *out, *err;
	unsigned int flags;
	struct chunk *chunks;
	size_t mem;
	bool oom, fatal;
	size_t input;
	/* tree */
	struct node root;
	struct node *stack[KA_DEPTH_MAX + 1];
	int depth;
	struct node *prev;		/* last statement at this depth */
	unsigned int nnodes, nfiles;
	struct active_file active[KA_INCLUDE_DEPTH + 1];
	int nactive;
	struct var vars[KA_VARS_MAX];
	int nvars;
	int ml_var;			/* collecting a multi-line definition: its var, or -1 */
	char *ml_buf;			/* heap */
	size_t ml_len;
	bool ml_bad;			/* too long: dropped */
	const char *config_id;		/* @ID lines */
	bool config_id_given, said_cond;
	const char *pwd;		/* ${_PWD} of the file being read */
	/* reports, printed sorted at the end */
	struct report *reps;
	int nreps, capreps;
	unsigned long reps_dropped;
	const char *fnames[KA_FILES_MAX + 1];
	unsigned int nfnames;
	/* translation */
	unsigned int def_version;
	bool strict;
	struct syncm *syncs;
	int nsyncs, capsyncs;
	struct script *scripts;
	int nscripts, capscripts;
	struct group_hooks *ghooks;
	int nghooks, capghooks;
	const char *script_user;	/* global_defs script_user */
	const struct node *script_user_n;
	struct vkey *keys;
	int nkeys, capkeys;
	unsigned int ninst, nsvc;
	bool said_mail;
	/* lvs_sync_daemon (global_defs) or lvs_sync_daemon_interface (an
	 * instance's): the sync statement, once its instance is translated */
	const struct node *lvs_sync;
	const char *lvs_sync_inst;	/* keepalived's instance name */
	struct words *lvs_sync_ws;	/* the statement, from the instance */
};

static void *amalloc(struct ka *k, size_t n)
{
	struct chunk *c = k->chunks;
	size_t cap;

	n = (n + 15) & ~(size_t)15;
	if (!c || c->cap - c->used < n) {
		cap = n > 65536 ? n : 65536;
		if (k->mem + cap > KA_MEM_MAX) {
			k->oom = true;
			return NULL;
		}
		c = malloc(sizeof(*c) + cap);
		if (!c) {
			k->oom = true;
			return NULL;
		}
		c->next = k->chunks;
		c->used = 0;
		c->cap = cap;
		k->chunks = c;
		k->mem += cap;
	}
	c->used += n;
	return c->data + c->used - n;
}

static char *astrndup(struct ka *k, const char *s, size_t n)
{
	char *p = amalloc(k, n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static char *astrdup(struct ka *k, const char *s)
{
	return astrndup(k, s, strlen(s));
}

/* A printf into the arena. */
static char *afmt(struct ka *k, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static char *afmt(struct ka *k, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return astrdup(k, buf);
}

/* Grow an array of the heap (not the arena) to hold one more. */
static bool grow(struct ka *k, void **arr, int *cap, int n, size_t size, int max)
{
	void *p;
	int ncap;

	if (n < *cap)
		return true;
	if (n >= max)
		return false;
	ncap = *cap ? *cap * 2 : 16;
	if (ncap > max)
		ncap = max;
	p = realloc(*arr, (size_t)ncap * size);
	if (!p) {
		k->oom = true;
		return false;
	}
	*arr = p;
	*cap = ncap;
	return true;
}

/* --- messages -------------------------------------------------------------- */

/*
 * A report line after its FILE:LINE prefix: words of the input may hold any
 * byte (a quoted "\n" is a newline by then), and a report is one line, so
 * control characters are written as escapes.
 */
static char *escaped(const char *s)
{
	size_t len = strlen(s), o = 0;
	char *buf = malloc(4 * len + 1);

	if (!buf)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n') {
			memcpy(buf + o, "\\n", 2);
			o += 2;
		} else if (*p == '\t') {
			memcpy(buf + o, "\\t", 2);
			o += 2;
		} else if (*p < 0x20 || *p == 0x7f) {
			o += (size_t)sprintf(buf + o, "\\x%02x", *p);
		} else {
			buf[o++] = (char)*p;
		}
	}
	buf[o] = '\0';
	return buf;
}

static unsigned int file_index(const struct ka *k, const char *file)
{
	for (unsigned int i = 0; i < k->nfnames; i++)
		if (k->fnames[i] == file || !strcmp(k->fnames[i], file))
			return i;
	return KA_FILES_MAX + 1;
}

/*
 * Keep a report for the end, where the reports are printed in the order of
 * the files (as they were read) and of their lines, whatever the order in
 * which the translation came to them.
 */
static void report(struct ka *k, const char *file, unsigned int line,
		   const char *text)
{
	struct report *r;

	if (k->nreps >= KA_REPORTS_MAX ||
	    !grow(k, (void **)&k->reps, &k->capreps, k->nreps, sizeof(*k->reps),
		  KA_REPORTS_MAX)) {
		k->reps_dropped++;
		return;
	}
	r = &k->reps[k->nreps];
	r->text = escaped(text);
	if (!r->text) {
		k->oom = true;
		return;
	}
	r->file = file_index(k, file);
	r->fname = file;
	r->line = line;
	r->seq = (unsigned int)k->nreps++;
}

static int report_cmp(const void *a, const void *b)
{
	const struct report *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void print_reports(struct ka *k)
{
	if (k->nreps)
		qsort(k->reps, (size_t)k->nreps, sizeof(*k->reps), report_cmp);
	for (int i = 0; i < k->nreps; i++)
		fprintf(k->err, "%s:%u: %s\n", k->reps[i].fname, k->reps[i].line,
			k->reps[i].text);
	if (k->reps_dropped && k->nreps)
		fprintf(k->err, "%s:%u: note: %lu more reports not shown\n",
			k->reps[k->nreps - 1].fname, k->reps[k->nreps - 1].line,
			k->reps_dropped);
}

static void fatal(struct ka *k, const char *file, unsigned int line,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void fatal(struct ka *k, const char *file, unsigned int line,
		  const char *fmt, ...)
{
	char buf[1024], *e;
	va_list ap;

	if (k->fatal)
		return;
	k->fatal = true;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	e = escaped(buf);
	if (line)
		fprintf(k->err, "%s:%u: %s\n", file, line, e ? e : buf);
	else
		fprintf(k->err, "%s: %s\n", file, e ? e : buf);
	free(e);
}

/* The directive as written: its words, shortened. */
static void directive(const struct node *n, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (int i = 0; i < n->nw && off + 1 < len; i++) {
		int r = snprintf(buf + off, len - off, "%s%s", i ? " " : "",
				 n->w[i]);

		if (r < 0)
			break;
		off += (size_t)r;
		if (off > 60) {
			if (len > 64)
				strcpy(buf + 60, "...");
			break;
		}
	}
	for (char *p = buf; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
}

/*
 * "not translated: DIRECTIVE: why": something of the input that havs.conf
 * does not carry, or carries otherwise than keepalived did; "note:
 * DIRECTIVE: what": translated as keepalived reads it, which is not what
 * the line seems to say.
 */
static void vreport(struct ka *k, const char *file, unsigned int line,
		    const char *kind, const char *dir, const char *fmt,
		    va_list ap)
{
	char what[1024], text[1200];

	vsnprintf(what, sizeof(what), fmt, ap);
	snprintf(text, sizeof(text), "%s: %s: %s", kind, dir, what);
	report(k, file, line, text);
}

static void rep_at(struct ka *k, const char *file, unsigned int line,
		   const char *dir, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void rep_at(struct ka *k, const char *file, unsigned int line,
		   const char *dir, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(k, file, line, "not translated", dir, fmt, ap);
	va_end(ap);
}

static void note_at(struct ka *k, const char *file, unsigned int line,
		    const char *dir, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void note_at(struct ka *k, const char *file, unsigned int line,
		    const char *dir, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(k, file, line, "note", dir, fmt, ap);
	va_end(ap);
}

static void rep(struct ka *k, const struct node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void rep(struct ka *k, const struct node *n, const char *fmt, ...)
{
	char dir[80];
	va_list ap;

	directive(n, dir, sizeof(dir));
	va_start(ap, fmt);
	vreport(k, n->file, n->line, "not translated", dir, fmt, ap);
	va_end(ap);
}

static void note(struct ka *k, const struct node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void note(struct ka *k, const struct node *n, const char *fmt, ...)
{
	char dir[80];
	va_list ap;

	directive(n, dir, sizeof(dir));
	va_start(ap, fmt);
	vreport(k, n->file, n->line, "note", dir, fmt, ap);
	va_end(ap);
}

/* --- tokenizer ------------------------------------------------------------- */

static void add_node(struct ka *k, const char *file, unsigned int line,
		     char **w, int nw)
{
	struct node *parent = k->stack[k->depth], *n;

	if (nw > KA_WORDS_MAX)
		nw = KA_WORDS_MAX;
	if (++k->nnodes > KA_NODES_MAX) {
		fatal(k, file, line, "more than %d statements", KA_NODES_MAX);
		return;
	}
	n = amalloc(k, sizeof(*n));
	if (!n)
		return;
	memset(n, 0, sizeof(*n));
	n->file = file;
	n->line = line;
	n->nw = nw;
	n->w = amalloc(k, sizeof(char *) * (size_t)nw);
	if (!n->w)
		return;
	memcpy(n->w, w, sizeof(char *) * (size_t)nw);
	if (parent->last)
		parent->last->next = n;
	else
		parent->kids = n;
	parent->last = n;
	k->prev = n;
}

static void open_block(struct ka *k, const char *file, unsigned int line)
{
	struct node *n = k->prev;

	if (!n || n->block) {
		fatal(k, file, line, "\"{\" without a keyword before it");
		return;
	}
	if (k->depth == KA_DEPTH_MAX) {
		fatal(k, file, line, "blocks nested deeper than %d", KA_DEPTH_MAX);
		return;
	}
	n->block = true;
	k->stack[++k->depth] = n;
	k->prev = NULL;
}

static void close_block(struct ka *k, const char *file, unsigned int line)
{
	if (!k->depth) {
		fatal(k, file, line, "\"}\" without a block to close");
		return;
	}
	k->prev = k->stack[k->depth--];
}

/*
 * keepalived's parameters (keepalived.conf(5), "Parameter substitution"):
 * $NAME=VALUE defines, $NAME (followed by a blank, ',', ')' or the end)
 * and ${NAME} are replaced, and the result is read again. A definition
 * whose lines end in '\' is a multi-line one: it is replaced only where it
 * ends a line, by its lines. The built-in ones: ${_PWD}, ${_INSTANCE},
 * ${_RANDOM [MIN [MAX]]}, ${_HASH} and ${_BANG}; a definition of the same
 * name hides them.
 */
static int find_var(struct ka *k, const char *name, size_t len)
{
	for (int i = 0; i < k->nvars; i++)
		if (strlen(k->vars[i].name) == len &&
		    !memcmp(k->vars[i].name, name, len))
			return i;
	return -1;
}

static bool var_char(char c, bool first)
{
	return isalpha((unsigned char)c) || c == '_' ||
	       (!first && isdigit((unsigned char)c));
}

static bool name_is(const char *name, size_t len, const char *s)
{
	return strlen(s) == len && !memcmp(name, s, len);
}

/*
 * The value of a reference, NULL if it is none (left as written). @ml: it
 * ends the line, so a multi-line definition may stand there. A multi-line
 * value is returned whole (its first line replaces the reference).
 */
static const char *var_value(struct ka *k, const char *file, unsigned int line,
			     const char *name, size_t len, const char *params,
			     bool ml, bool *multiline, char *tmp, size_t tmplen)
{
	int v = find_var(k, name, len);

	*multiline = false;
	if (v >= 0) {
		if (params || (k->vars[v].multiline && !ml))
			return NULL;
		*multiline = k->vars[v].multiline;
		return k->vars[v].value;
	}
	if (name_is(name, len, "_RANDOM")) {
		unsigned long lo = 0, hi = 32767;
		char *end;

		if (params) {
			lo = strtoul(params, &end, 10);
			if (*end == ' ')
				hi = strtoul(end, &end, 10);
		}
		note_at(k, file, line, "${_RANDOM}",
			"keepalived puts a random number from %lu to %lu here, another on every start: %lu is used (write the number you want)",
			lo, hi, lo);
		snprintf(tmp, tmplen, "%lu", lo);
		return tmp;
	}
	if (params)
		return NULL;
	if (name_is(name, len, "_PWD"))
		return k->pwd ? k->pwd : ".";
	if (name_is(name, len, "_INSTANCE"))
		return k->config_id;
	if (name_is(name, len, "_HASH"))
		return "#";
	if (name_is(name, len, "_BANG"))
		return "!";
	return NULL;
}

/*
 * Replace the references of @buf (KA_LINE_MAX) as keepalived does, each
 * value read again from where it was put. The lines after the first of a
 * multi-line value go on @rest (the last one pushed is read first).
 * Returns 1 if something was replaced, 0 if not, -1 if the line became too
 * long or did not stop growing.
 */
static int substitute(struct ka *k, const char *file, unsigned int line,
		      char *buf, const char **rest, int *nrest)
{
	char *p = buf;
	int changed = 0, steps = 0;

	while ((p = strchr(p, '$')) && p[1]) {
		bool braces = p[1] == '{', multiline;
		const char *name = p + 1 + braces, *e = name, *params = NULL;
		const char *val;
		char tmp[32], pbuf[32];
		size_t nlen, rlen, vlen, blen;

		if (!var_char(*name, true)) {
			p++;
			continue;
		}
		while (var_char(*e, false))
			e++;
		nlen = (size_t)(e - name);
		if (braces) {
			/* ${_RANDOM 1 10}: parameters of a built-in */
			const char *q = e;

			while (*q == ' ' || isdigit((unsigned char)*q))
				q++;
			if (*q != '}' || (q > e && q[-1] == ' ')) {
				p++;
				continue;
			}
			if (q > e) {
				size_t l = (size_t)(q - e - 1);

				if (l >= sizeof(pbuf)) {
					p++;
					continue;
				}
				memcpy(pbuf, e + 1, l);
				pbuf[l] = '\0';
				params = pbuf;
			}
			e = q + 1;
		} else if (*e && *e != ' ' && *e != '\t' && *e != ',' && *e != ')') {
			p++;
			continue;
		}
		rlen = (size_t)(e - p);
		val = var_value(k, file, line, name, nlen, params, !*e, &multiline,
				tmp, sizeof(tmp));
		if (!val) {
			p++;
			continue;
		}
		if (++steps > KA_SUBST_STEPS)
			return -1;
		vlen = multiline ? strcspn(val, "\n") : strlen(val);
		if (multiline && val[vlen]) {
			if (*nrest == KA_ML_DEPTH)
				return -1;
			rest[(*nrest)++] = val + vlen + 1;
		}
		blen = strlen(buf);
		if (blen - rlen + vlen > KA_LINE_MAX)
			return -1;
		memmove(p + vlen, p + rlen, strlen(p + rlen) + 1);
		memcpy(p, val, vlen);
		changed = 1;
		if (val[strspn(val, " \t")] == '~')
			break;
	}
	return changed;
}

/*
 * keepalived's first reading of a line: leading blanks go, a '#' or '!'
 * outside double quotes starts a comment, "\#" and "\!" stand for the
 * characters, and trailing blanks go. A line that ends in '\' continues
 * (a multi-line definition): true, with the '\' removed.
 */
static bool decomment(char *s)
{
	bool quote = false, cont = false;
	char *skip = NULL, *p = s + strspn(s, " \t");
	size_t l;

	if (p != s)
		memmove(s, p, strlen(p) + 1);
	for (p = s; (p = strpbrk(p, "!#\"\\"));) {
		if (*p == '"') {
			if (!skip)
				quote = !quote;
			p++;
		} else if (*p == '\\') {
			if (!p[1]) {
				*p = '\0';
				cont = true;
				break;
			}
			if (!quote && (p[1] == '#' || p[1] == '!')) {
				memmove(p, p + 1, strlen(p + 1) + 1);
				p++;
			} else {
				p += 2;
			}
		} else {
			if (!quote && !skip)
				skip = p;
			p++;
		}
	}
	if (skip)
		*skip = '\0';
	l = strlen(s);
	while (l && isblank((unsigned char)s[l - 1]))
		s[--l] = '\0';
	return cont;
}

static void set_var(struct ka *k, const char *file, unsigned int line,
		    const char *name, size_t len, const char *value,
		    bool multiline)
{
	int v = find_var(k, name, len);

	if (len > KA_VAR_NAME_MAX) {
		rep_at(k, file, line, "$ definition",
		       "a name longer than %d characters: not defined", KA_VAR_NAME_MAX);
		return;
	}
	if (v < 0) {
		if (k->nvars == KA_VARS_MAX) {
			rep_at(k, file, line, "$ definition",
			       "more than %d definitions: not defined", KA_VARS_MAX);
			return;
		}
		v = k->nvars++;
		memcpy(k->vars[v].name, name, len);
		k->vars[v].name[len] = '\0';
	}
	k->vars[v].value = astrdup(k, value);
	if (!k->vars[v].value)
		k->vars[v].value = "";
	k->vars[v].multiline = multiline;
}

/*
 * $NAME=VALUE (no blank before the '='): true if @s is a definition
 * (handled). A value that ends in '\' starts a multi-line one.
 */
static bool definition(struct ka *k, const char *file, unsigned int line,
		       char *s)
{
	char *name, *eq;
	size_t len, vl;
	bool cont;

	if (s[0] != '$' || !var_char(s[1], true))
		return false;
	name = s + 1;
	for (eq = name; var_char(*eq, false); eq++)
		;
	if (*eq != '=')
		return false;
	len = (size_t)(eq - name);
	eq++;
	eq += strspn(eq, " \t");
	vl = strlen(eq);
	cont = vl && eq[vl - 1] == '\\';
	if (cont) {
		eq[--vl] = '\0';
		while (vl && isblank((unsigned char)eq[vl - 1]))
			eq[--vl] = '\0';
	}
	if (cont) {
		int v;

		set_var(k, file, line, name, len, "", false);
		v = find_var(k, name, len);
		if (v < 0)
			return true;
		k->ml_var = v;
		k->ml_len = 0;
		k->ml_bad = false;
		free(k->ml_buf);
		k->ml_buf = NULL;
		if (*eq) {
			k->ml_buf = strdup(eq);
			if (!k->ml_buf)
				k->oom = true;
			else
				k->ml_len = strlen(eq);
		}
		return true;
	}
	if (strlen(eq) > KA_VAR_VALUE_MAX) {
		rep_at(k, file, line, "$ definition",
		       "a value longer than %d characters: not defined", KA_VAR_VALUE_MAX);
		return true;
	}
	set_var(k, file, line, name, len, eq, false);
	return true;
}

/* A line of a multi-line definition. */
static void ml_add(struct ka *k, const char *s)
{
	size_t l = strlen(s);
	char *nb;

	if (!l || k->ml_bad)
		return;
	if (k->ml_len + l + 2 > KA_ML_VALUE_MAX) {
		k->ml_bad = true;
		return;
	}
	nb = realloc(k->ml_buf, k->ml_len + l + 2);
	if (!nb) {
		k->oom = true;
		return;
	}
	if (k->ml_len)
		nb[k->ml_len++] = '\n';
	memcpy(nb + k->ml_len, s, l + 1);
	k->ml_len += l;
	k->ml_buf = nb;
}

static void ml_end(struct ka *k, const char *file, unsigned int line)
{
	struct var *v;

	if (k->ml_var < 0)
		return;
	v = &k->vars[k->ml_var];
	k->ml_var = -1;
	if (k->ml_bad) {
		rep_at(k, file, line, "$ definition",
		       "the multi-line definition of %s is longer than %d characters: not defined",
		       v->name, KA_ML_VALUE_MAX);
	} else if (k->ml_len) {
		v->value = astrdup(k, k->ml_buf);
		if (!v->value)
			v->value = "";
		v->multiline = true;
	}
	free(k->ml_buf);
	k->ml_buf = NULL;
	k->ml_len = 0;
}

static int ka_file(struct ka *k, const char *path, const char *buf, size_t len,
		   int depth);

static void include(struct ka *k, const char *file, unsigned int line,
		    const char *kw, const char *pattern, int depth)
{
	char dir[KA_LINE_MAX + 1], full[2 * KA_LINE_MAX + 2];
	glob_t g;
	int rc;

	if (k->flags & KA_NO_INCLUDE) {
		rep_at(k, file, line, kw, "includes are not followed here (translate the file itself)");
		return;
	}
	if (depth >= KA_INCLUDE_DEPTH) {
		rep_at(k, file, line, kw, "includes nested deeper than %d: not followed",
		       KA_INCLUDE_DEPTH);
		return;
	}
	if (pattern[0] == '/' || !strcmp(file, "(stdin)")) {
		snprintf(full, sizeof(full), "%s", pattern);
	} else {
		const char *d;

		snprintf(dir, sizeof(dir), "%s", file);
		d = dirname(dir);
		snprintf(full, sizeof(full), "%s%s%s", strcmp(d, ".") ? d : "",
			 strcmp(d, ".") ? "/" : "", pattern);
	}
	rc = glob(full, GLOB_BRACE | GLOB_NOCHECK, NULL, &g);
	if (rc) {
		rep_at(k, file, line, kw, "%s: no file matches", pattern);
		return;
	}
	for (size_t i = 0; i < g.gl_pathc && !k->fatal && !k->oom; i++) {
		const char *p = g.gl_pathv[i];
		struct stat st;

		if (stat(p, &st) || !S_ISREG(st.st_mode)) {
			rep_at(k, file, line, kw, "%s: cannot read it: %s", p,
			       errno ? strerror(errno) : "not a regular file");
			continue;
		}
		rc = ka_file(k, p, NULL, 0, depth + 1);
		if (rc == 2)
			rep_at(k, file, line, kw, "%s: a file that is being read already (an include loop): not read again", p);
		else if (rc)
			rep_at(k, file, line, kw, "%s: cannot read it", p);
	}
	globfree(&g);
}

/* Words of a line: quotes join, { and } stand alone; a statement each. */
static void tokenize(struct ka *k, const char *file, unsigned int line,
		     char *s, int depth)
{
	char *w[KA_WORDS_MAX];
	int nw = 0;
	char *p = s, *o;

	while (*p && !k->fatal) {
		char *start;
		char q = 0;

		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if ((*p == '{' || *p == '}')) {
			if (nw) {
				add_node(k, file, line, w, nw);
				nw = 0;
			}
			if (*p == '{')
				open_block(k, file, line);
			else
				close_block(k, file, line);
			p++;
			continue;
		}
		start = o = p;
		while (*p) {
			if (q) {
				if (*p == q) {
					q = 0;
					p++;
					continue;
				}
				if (*p == '\\' && p[1]) {
					p++;
					*o++ = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
					p++;
					continue;
				}
				*o++ = *p++;
				continue;
			}
			if (isspace((unsigned char)*p) || *p == '{' || *p == '}')
				break;
			if (*p == '"' || *p == '\'') {
				q = *p++;
				continue;
			}
			*o++ = *p++;
		}
		/* a word ending at a delimiter keeps it: terminate afterwards */
		{
			char delim = *p;

			*o = '\0';
			if (nw == KA_WORDS_MAX) {
				rep_at(k, file, line, "line",
				       "more than %d words: the rest is ignored", KA_WORDS_MAX);
				nw++;
			} else if (nw < KA_WORDS_MAX) {
				w[nw] = astrdup(k, start);
				if (!w[nw])
					return;
				nw++;
			}
			if (!delim)
				break;
			*p = delim;	/* the word is copied: restore it */
			if (isspace((unsigned char)delim))
				p++;
		}
	}
	if (nw > KA_WORDS_MAX)
		nw = KA_WORDS_MAX;
	if (!nw || k->fatal)
		return;
	if (!strncmp(w[0], "include", 7) &&
	    (!w[0][7] || (strchr("rmwba", w[0][7]) && !w[0][8]))) {
		if (nw != 2) {
			rep_at(k, file, line, w[0], "expected one file name");
			return;
		}
		include(k, file, line, w[0], w[1], depth);
		return;
	}
	add_node(k, file, line, w, nw);
}

/*
 * A line as keepalived reads it once its comments are gone: @ID and @^ID
 * conditions, definitions, ~SEQ and ~LST, then parameters replaced until
 * none is left, then its words; then the other lines of a multi-line
 * definition it ended with. @mldepth: multi-line definitions in one
 * another.
 */
static void logical_line(struct ka *k, const char *file, unsigned int line,
			 char *buf, int depth, int mldepth)
{
	const char *rest[KA_ML_DEPTH];
	int nrest = 0;

	for (int pass = 0; !k->fatal && !k->oom; pass++) {
		if (buf[0] == '@') {
			bool neg = buf[1] == '^';
			char *id = buf + 1 + neg, *end = id + strcspn(id, " \t");
			size_t l = (size_t)(end - id);
			bool match = !*end ? false :
				     strlen(k->config_id) == l &&
				     !memcmp(id, k->config_id, l);

			if (!k->said_cond) {
				char w[64];

				k->said_cond = true;
				snprintf(w, sizeof(w), "%.*s", (int)(end - buf > 60 ? 60 : end - buf),
					 buf);
				note_at(k, file, line, w,
					"conditional lines are read as 'keepalived -i %s' reads them (%s%s; translate for another director with --config-id ID)",
					k->config_id, k->config_id_given ? "--config-id " : "",
					k->config_id_given ? k->config_id :
					"this host's name up to its first dot, keepalived's default");
			}
			if (!*end || match == neg)
				return;
			end += strspn(end, " \t");
			memmove(buf, end, strlen(end) + 1);
		}
		if (definition(k, file, line, buf))
			return;
		if (!strncmp(buf, "~SEQ", 4) || !strncmp(buf, "~LST", 4)) {
			rep_at(k, file, line, buf[1] == 'S' ? "~SEQ" : "~LST",
			       "sequence and list blocks are not supported: skipped (write the lines out)");
			return;
		}
		if (buf[0] == '~' || !strchr(buf, '$'))
			break;
		switch (substitute(k, file, line, buf, rest, &nrest)) {
		case -1:
			rep_at(k, file, line, "$ substitution",
			       "the line becomes longer than %d characters, or does not stop growing: skipped",
			       KA_LINE_MAX);
			return;
		case 0:
			pass = KA_SUBST_PASSES;
			break;
		}
		if (pass >= KA_SUBST_PASSES)
			break;
		decomment(buf);
		if (buf[0] != '@' && !strchr(buf, '$'))
			break;
	}
	if (k->fatal || k->oom)
		return;
	if (buf[0])
		tokenize(k, file, line, buf, depth);
	if (nrest && mldepth >= KA_ML_DEPTH) {
		rep_at(k, file, line, "$ substitution",
		       "multi-line definitions in one another deeper than %d: the rest is skipped",
		       KA_ML_DEPTH);
		return;
	}
	while (nrest-- && !k->fatal && !k->oom) {
		for (const char *p = rest[nrest]; p && *p;) {
			const char *nl = strchr(p, '\n');
			size_t l = nl ? (size_t)(nl - p) : strlen(p);
			char s[KA_LINE_MAX + 1];

			if (l > KA_LINE_MAX)
				l = KA_LINE_MAX;
			memcpy(s, p, l);
			s[l] = '\0';
			logical_line(k, file, line, s, depth, mldepth + 1);
			p = nl ? nl + 1 : NULL;
		}
	}
}

/* One line of a file. */
static void feed_line(struct ka *k, const char *file, unsigned int line,
		      char *s, int depth)
{
	bool empty = !*s, cont;

	if (k->ml_var >= 0 && empty) {
		ml_end(k, file, line);	/* an empty line ends it */
		return;
	}
	cont = decomment(s);
	if (k->ml_var >= 0) {
		if (!*s && !cont)
			return;		/* a comment: skipped */
		ml_add(k, s);
		if (!cont)
			ml_end(k, file, line);
		return;
	}
	if (!*s)
		return;
	if (cont)
		strcat(s, "\\");	/* as keepalived: a definition looks for it */
	logical_line(k, file, line, s, depth, 0);
}

/* ${_PWD}: the absolute directory of @path; the current one without a file. */
static const char *file_dir(struct ka *k, const char *path)
{
	char *full = path && strcmp(path, "-") ? realpath(path, NULL) : NULL;
	const char *d;

	if (!full) {
		char cwd[PATH_MAX];

		return astrdup(k, getcwd(cwd, sizeof(cwd)) ? cwd : ".");
	}
	d = astrdup(k, dirname(full));
	free(full);
	return d;
}

static bool same_file(const struct active_file *a, const struct stat *st)
{
	return a->dev == st->st_dev && a->ino == st->st_ino;
}

/*
 * Read one file (or @buf) and feed its lines. Returns 0, 1 if it could not
 * be read (said on k->err when it is the top file), 2 if it is being read
 * already (an include loop).
 */
static int ka_file(struct ka *k, const char *path, const char *buf, size_t len,
		   int depth)
{
	char *data = NULL, *name;
	const char *p, *end, *saved_pwd;
	unsigned int line = 0;
	struct stat st;
	bool pushed = false;

	name = astrdup(k, strcmp(path, "-") ? path : "(stdin)");
	if (!name)
		return 0;
	if (++k->nfiles > KA_FILES_MAX) {
		rep_at(k, path, 0, "include", "more than %d files: not read", KA_FILES_MAX);
		return 0;
	}
	if (k->nfnames < KA_FILES_MAX)
		k->fnames[k->nfnames++] = name;
	if (!buf) {
		FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
		size_t cap = 0, n;

		if (!f) {
			if (!depth)
				fatal(k, path, 0, "cannot open it: %s", strerror(errno));
			return 1;
		}
		if (!fstat(fileno(f), &st) && f != stdin) {
			for (int i = 0; i < k->nactive; i++) {
				if (same_file(&k->active[i], &st)) {
					fclose(f);
					return 2;
				}
			}
			k->active[k->nactive].dev = st.st_dev;
			k->active[k->nactive].ino = st.st_ino;
			k->nactive++;
			pushed = true;
		}
		len = 0;
		for (;;) {
			if (len == cap) {
				char *nd;

				if (cap >= KA_FILE_MAX ||
				    k->input + len >= KA_INPUT_MAX) {
					fatal(k, path, 0, "larger than %u bytes (or all files together than %u)",
					      KA_FILE_MAX, KA_INPUT_MAX);
					break;
				}
				cap = cap ? cap * 2 : 65536;
				nd = realloc(data, cap + 1);
				if (!nd) {
					k->oom = true;
					break;
				}
				data = nd;
			}
			n = fread(data + len, 1, cap - len, f);
			len += n;
			if (!n)
				break;
		}
		if (ferror(f) && !k->fatal)
			fatal(k, path, 0, "cannot read it: %s", strerror(errno));
		if (f != stdin)
			fclose(f);
		if (k->fatal || k->oom) {
			free(data);
			if (pushed)
				k->nactive--;
			return 0;
		}
		buf = data ? data : "";
	}
	k->input += len;
	p = buf;
	end = buf + len;
	saved_pwd = k->pwd;
	k->pwd = file_dir(k, buf == data ? path : NULL);
	while (p < end && !k->fatal && !k->oom) {
		const char *nl = memchr(p, '\n', end - p);
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char s[KA_LINE_MAX + 1];

		line++;
		if (l && p[l - 1] == '\r')
			l--;
		if (l > KA_LINE_MAX) {
			fatal(k, name, line, "line longer than %d characters", KA_LINE_MAX);
			break;
		}
		memcpy(s, p, l);
		s[l] = '\0';
		if (memchr(s, '\0', l)) {
			fatal(k, name, line, "a NUL byte: not a text file");
			break;
		}
		feed_line(k, name, line, s, depth);
		p += l + (nl ? (size_t)(nl - p) - l + 1 : 0);
		if (!nl)
			break;
	}
	ml_end(k, name, line);
	k->pwd = saved_pwd;
	free(data);
	if (pushed)
		k->nactive--;
	return 0;
}

/* --- havs.conf output ------------------------------------------------------ */

struct words {
	int n;
	int head;			/* words before the KEY VALUE pairs */
	char *w[KA_OUT_WORDS];
};

static void put(struct ka *k, struct words *ws, const char *s)
{
	char *c = astrdup(k, s);

	if (c && ws->n < KA_OUT_WORDS)
		ws->w[ws->n++] = c;
	else if (ws->n < KA_OUT_WORDS)
		ws->n = KA_OUT_WORDS;	/* a marker: refused as too long */
}

static void put2(struct ka *k, struct words *ws, const char *key,
		 const char *val)
{
	put(k, ws, key);
	put(k, ws, val);
}

/* A word as havs.conf reads it back: quoted when it has to be. */
static int word_len(const char *s, char *buf, size_t len)
{
	bool q = !*s;
	size_t o = 0;

	for (const char *p = s; *p; p++)
		if (isspace((unsigned char)*p) || *p == '#' || *p == '"' ||
		    *p == '\\' || *p == '$')
			q = true;
	if (!q)
		return snprintf(buf, len, "%s", s);
	if (len)
		buf[o++] = '"';
	for (const char *p = s; *p && o + 3 < len; p++) {
		if (*p == '"' || *p == '\\')
			buf[o++] = '\\';
		buf[o++] = *p;
	}
	if (o + 1 < len)
		buf[o++] = '"';
	buf[o < len ? o : len - 1] = '\0';
	return (int)o;
}

/* Write a statement, @indent deep, wrapped between KEY VALUE pairs. */
static void emit(struct ka *k, const struct words *ws, int indent)
{
	char buf[2 * KA_LINE_MAX];
	int col = indent, i;

	fprintf(k->out, "%*s", indent, "");
	for (i = 0; i < ws->n; i++) {
		int l = word_len(ws->w[i], buf, sizeof(buf));
		int pair = l;

		if (i >= ws->head && !((i - ws->head) & 1) && i + 1 < ws->n) {
			char tmp[2 * KA_LINE_MAX];

			pair += 1 + word_len(ws->w[i + 1], tmp, sizeof(tmp));
		}
		if (i > ws->head && !((i - ws->head) & 1) && col + 1 + pair > 78) {
			fprintf(k->out, "\n%*s", indent + 4, "");
			col = indent + 4;
		} else if (i) {
			fputc(' ', k->out);
			col++;
		}
		fputs(buf, k->out);
		col += l;
	}
	fputc('\n', k->out);
}

/* --- checking statements with havsadm's parsers ---------------------------- */

#define CERR(...) do { snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

static bool word_ok(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static int kernel_statement_ok(struct ka_stmt_ctx *ctx, int argc, char **argv,
				char *err, size_t errlen)
{
	unsigned long v;

	if (argc < 1)
		CERR("an empty statement");
	if (argc > KA_OUT_WORDS - 1)
		CERR("more than %d words", KA_OUT_WORDS - 1);
	for (int i = 0; i < argc; i++)
		if (!word_ok(argv[i]) || strlen(argv[i]) > KA_LINE_MAX / 2)
			CERR("a word with a control character, or too long");
	if (!strcmp(argv[0], "vrrp")) {
		struct vrrp_conf c;
		char name[32];

		ctx->have_svc = false;
		vrrp_conf_defaults(&c);
		if (vrrp_conf_parse(&c, argc - 1, argv + 1, ~0u, err, errlen))
			return -1;
		if ((c.set & (VF_DEV | VF_VRID | VF_ADDR)) !=
		    (VF_DEV | VF_VRID | VF_ADDR))
			CERR("dev, vrid and at least one address are required");
		if (!(c.set & VF_NAME) &&
		    snprintf(name, sizeof(name), "vr%u%s.%s", c.vrid,
			     c.family == AF_INET6 ? "v6" : "", c.dev) >= 16)
			CERR("the default macvlan name is too long for this interface: give one with 'name'");
		return 0;
	}
	if (!strcmp(argv[0], "track")) {
		ctx->have_svc = false;
		if (argc < 2 || argc > 3 || !track_name_ok(argv[1]) ||
		    (argc == 3 && strcmp(argv[2], "up") && strcmp(argv[2], "down")))
			CERR("expected track NAME [up|down]");
		return 0;
	}
	if (!strcmp(argv[0], "service")) {
		struct svc_key key;
		int n = argc - 1;
		char **a = argv + 1;

		ctx->have_svc = false;
		if (svc_key_parse(&key, &n, &a, err, errlen))
			return -1;
		for (int i = 0; i < n; i += 2) {
			if (i + 1 >= n)
				CERR("\"%s\" needs a value", a[i]);
			if (!strcmp(a[i], "scheduler")) {
				if (!*a[i + 1] || strlen(a[i + 1]) >= 16 ||
				    strchr(a[i + 1], '/'))
					CERR("scheduler \"%s\": a name of at most 15 characters", a[i + 1]);
			} else if (!strcmp(a[i], "persistent")) {
				if (parse_uint(a[i + 1], 0, 2678400, &v))
					CERR("persistent \"%s\": 0 (off) to 2678400 seconds", a[i + 1]);
			} else {
				CERR("unknown setting \"%s\"", a[i]);
			}
		}
		ctx->have_svc = true;
		ctx->svc = key;
		return 0;
	}
	if (!strcmp(argv[0], "server")) {
		struct server_key s;

		if (!ctx->have_svc)
			CERR("server outside a service");
		if (argc < 2 || parse_addr_port(argv[1], &s.af, s.addr, &s.port))
			CERR("expected the server as ADDR:PORT (IPv6: [ADDR]:PORT)");
		if (!ctx->svc.fwmark && s.af != ctx->svc.af)
			CERR("the server is not of the service's address family");
		for (int i = 2; i < argc; i += 2) {
			const char *key = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

			if (!val)
				CERR("\"%s\" needs a value", key);
			if (!strcmp(key, "weight") || !strcmp(key, "uthreshold") ||
			    !strcmp(key, "lthreshold")) {
				if (parse_uint(val, 0, 2147483647UL, &v))
					CERR("%s \"%s\": 0 to 2147483647", key, val);
			} else if (!strcmp(key, "method")) {
				if (strcmp(val, "nat") && strcmp(val, "dr") &&
				    strcmp(val, "tun") && strcmp(val, "local"))
					CERR("method \"%s\": nat, dr, tun or local", val);
			} else {
				CERR("unknown setting \"%s\"", key);
			}
		}
		return 0;
	}
	if (!strcmp(argv[0], "check")) {
		struct check_conf c;

		if (!ctx->have_svc)
			CERR("check outside a service");
		memset(&c, 0, sizeof(c));
		c.type = HAVS_CHECK_TCP;
		c.svc = ctx->svc;
		return check_conf_parse(&c, argc - 1, argv + 1, err, errlen) ? -1 : 0;
	}
	CERR("unknown statement \"%s\"", argv[0]);
}

static char **words_dup(int argc, char **argv)
{
	char **cp = calloc((size_t)argc + 1, sizeof(*cp));

	for (int i = 0; cp && i < argc; i++) {
		cp[i] = strdup(argv[i]);
		if (!cp[i]) {
			agent_argv_free(cp);
			return NULL;
		}
	}
	return cp;
}

/*
 * The agent's statements (script, sync-group, agent) through its reader;
 * the agent's words of the others (notify-*, command, ...) through it too,
 * and what is left through the kernel's parsers.
 */
int ka_statement_ok(struct ka_stmt_ctx *ctx, int argc, char **argv,
		    char *err, size_t errlen)
{
	struct agent_hooks *h = NULL;
	enum agent_on on;
	int first, n = argc, rc;
	char **cp;

	if (argc < 1)
		CERR("an empty statement");
	for (int i = 0; i < argc; i++)
		if (!word_ok(argv[i]) || strlen(argv[i]) > KA_LINE_MAX / 2)
			CERR("a word with a control character, or too long");
	if (agent_is_statement(argv[0])) {
		struct conf cf = { 0 };
		const char *track;
		bool up;

		cp = words_dup(argc, argv);
		if (!cp)
			CERR("out of memory");
		rc = agent_statement(&cf, cp, argc, 0, &track, &up, err, errlen);
		conf_free(&cf);
		agent_argv_free(cp);
		return rc;
	}
	if (!strcmp(argv[0], "vrrp")) {
		on = AGENT_ON_VRRP;
		first = 1;
	} else if (!strcmp(argv[0], "service")) {
		on = AGENT_ON_SERVICE;
		first = argc > 3 && !strcmp(argv[1], "fwmark") &&
			!strcmp(argv[3], "inet6") ? 4 : 3;
	} else if (!strcmp(argv[0], "check")) {
		on = AGENT_ON_CHECK;
		first = 1;
	} else if (!strcmp(argv[0], "server")) {
		on = AGENT_ON_SERVER;
		first = 2;
	} else {
		return kernel_statement_ok(ctx, argc, argv, err, errlen);
	}
	cp = words_dup(argc, argv);
	if (!cp)
		CERR("out of memory");
	rc = agent_take(&h, on, cp, &n, first, 0, err, errlen);
	if (!rc) {
		cp[n] = NULL;
		rc = kernel_statement_ok(ctx, n, cp, err, errlen);
	}
	agent_hooks_free(h);
	for (int i = 0; i < n; i++)
		free(cp[i]);
	free(cp);
	return rc;
}

/* Check @ws as a statement; on refusal report it against @n. */
static bool stmt_ok(struct ka *k, struct ka_stmt_ctx *ctx, struct words *ws,
		    const struct node *n, const char *what)
{
	char err[256];

	if (k->oom)
		return false;
	if (ws->n >= KA_OUT_WORDS) {
		rep(k, n, "%s: too many words", what);
		return false;
	}
	if (ka_statement_ok(ctx, ws->n, ws->w, err, sizeof(err))) {
		rep(k, n, "%s: havsadm would refuse it: %s", what, err);
		return false;
	}
	return true;
}

/* Remember an emitted instance or service: false if it was there before. */
static bool new_key(struct ka *k, int kind, const char *text)
{
	for (int i = 0; i < k->nkeys; i++)
		if (k->keys[i].kind == kind && !strcmp(k->keys[i].text, text))
			return false;
	if (!grow(k, (void **)&k->keys, &k->capkeys, k->nkeys, sizeof(*k->keys),
		  KA_KEYS_MAX))
		return true;
	k->keys[k->nkeys].kind = kind;
	snprintf(k->keys[k->nkeys].text, sizeof(k->keys[0].text), "%s", text);
	k->nkeys++;
	return true;
}

/* --- values ---------------------------------------------------------------- */

static const char *arg(const struct node *n, int i)
{
	return i < n->nw ? n->w[i] : NULL;
}

/*
 * A keepalived TIMER (seconds, fractional, microseconds) in milliseconds,
 * rounded to the nearest. -1 if it is not one.
 */
static long timer_ms(const char *s)
{
	unsigned long whole = 0, frac = 0, scale = 1000000;
	const char *p = s;

	if (!s || !isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		whole = whole * 10 + (unsigned long)(*p - '0');
		if (whole > 100000000UL)
			return -1;
	}
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++) {
			if (scale > 1) {
				scale /= 10;
				frac += (unsigned long)(*p - '0') * scale;
			}
		}
	}
	if (*p)
		return -1;
	return (long)(whole * 1000 + (frac + 500) / 1000);
}

static const char *dur(struct ka *k, long ms)
{
	if (ms % 1000)
		return afmt(k, "%ldms", ms);
	return afmt(k, "%lds", ms / 1000);
}

static long num(const char *s, long min, long max)
{
	long v;

	if (!s || parse_int(s, min, max, &v))
		return LONG_MIN;
	return v;
}

/* An address as keepalived writes it, canonical; ADDR[/LEN] allowed. */
static bool addr_of(const char *s, int *af, uint8_t a[16], char *out,
		    size_t outlen, bool *prefix, bool *host_prefix)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(s, '/');
	size_t l = slash ? (size_t)(slash - s) : strlen(s);

	if (prefix)
		*prefix = false;
	if (!l || l >= INET6_ADDRSTRLEN || strchr(s, '%'))
		return false;
	memcpy(buf, s, l);
	buf[l] = '\0';
	memset(a, 0, 16);
	if (inet_pton(AF_INET, buf, a) == 1)
		*af = AF_INET;
	else if (inet_pton(AF_INET6, buf, a) == 1)
		*af = AF_INET6;
	else
		return false;
	if (slash) {
		long len = num(slash + 1, 0, *af == AF_INET ? 32 : 128);

		if (len == LONG_MIN)
			return false;
		if (prefix)
			*prefix = true;
		if (host_prefix)
			*host_prefix = len == (*af == AF_INET ? 32 : 128);
	} else if (host_prefix) {
		*host_prefix = true;
	}
	inet_ntop(*af, a, out, outlen);
	return true;
}

static char *addr_port(struct ka *k, int af, const char *addr, long port)
{
	return afmt(k, af == AF_INET6 ? "[%s]:%ld" : "%s:%ld", addr, port);
}

/* A name havs takes for tracked objects and sync groups (made to fit). */
static const char *track_name(struct ka *k, const char *s)
{
	char buf[TRACK_NAME_MAX + 1];
	size_t i;

	for (i = 0; s[i] && i < TRACK_NAME_MAX; i++)
		buf[i] = isalnum((unsigned char)s[i]) || strchr("_.:-", s[i]) ?
			 s[i] : '_';
	buf[i] = '\0';
	if (!i)
		strcpy(buf, "obj");
	return astrdup(k, buf);
}

/* The words of @n from @i on, joined by blanks (a command and its arguments). */
static const char *words_from(struct ka *k, const struct node *n, int i)
{
	char buf[1024];
	size_t off = 0;

	buf[0] = '\0';
	for (; i < n->nw && off < sizeof(buf); i++) {
		int r = snprintf(buf + off, sizeof(buf) - off, "%s%s", off ? " " : "", n->w[i]);

		if (r < 0)
			break;
		off += (size_t)r;
	}
	return astrdup(k, buf);
}

/* --- global_defs, sync groups, scripts ------------------------------------- */

static const struct {
	const char *kw;
	bool prefix;
	const char *why;		/* NULL: nothing to say */
} globals[] = {
	{ "router_id", false, NULL },
	{ "enable_script_security", false, NULL },
	{ "script_user", false, NULL },
	{ "process_names", false, NULL },
	{ "use_pid_dir", false, NULL },
	{ "instance", false, NULL },
	{ "tmp_config_directory", false, NULL },
	{ "config_save_dir", false, NULL },
	{ "max_auto_priority", false, NULL },
	{ "min_auto_priority_delay", false, NULL },
	{ "vrrp_skip_check_adv_addr", false, NULL },
	{ "vrrp_check_unicast_src", false, NULL },
	{ "dynamic_interfaces", false, NULL },
	{ "vrrp_priority", false, NULL },
	{ "checker_priority", false, NULL },
	{ "bfd_priority", false, NULL },
	{ "vrrp_no_swap", false, NULL },
	{ "checker_no_swap", false, NULL },
	{ "bfd_no_swap", false, NULL },
	{ "vrrp_rt_priority", false, NULL },
	{ "checker_rt_priority", false, NULL },
	{ "bfd_rt_priority", false, NULL },
	{ "vrrp_rlimit_rttime", false, NULL },
	{ "checker_rlimit_rttime", false, NULL },
	{ "bfd_rlimit_rttime", false, NULL },
	{ "vrrp_cpu_affinity", false, NULL },
	{ "checker_cpu_affinity", false, NULL },
	{ "vrrp_process_name", false, NULL },
	{ "checker_process_name", false, NULL },
	{ "process_name", false, NULL },
	{ "notification_email", true,
	  "havs sends no mail (follow 'havsadm monitor -j' with your alerting)" },
	{ "smtp_", true,
	  "havs sends no mail (follow 'havsadm monitor -j' with your alerting)" },
	{ "email_faults", false,
	  "havs sends no mail (follow 'havsadm monitor -j' with your alerting)" },
	{ "vrrp_garp_", true,
	  "gratuitous ARP is set for all instances with the havs module parameters garp_count, garp_interval_ms and garp_refresh_s (havsadm(8), MODULE PARAMETERS)" },
	{ "vrrp_gna_", true,
	  "unsolicited neighbour advertisements follow the havs module parameters garp_count, garp_interval_ms and garp_refresh_s" },
	{ "vrrp_min_garp", false,
	  "use the havs module parameters garp_count, garp_interval_ms and garp_refresh_s" },
	{ "vrrp_lower_prio", true, "havs follows RFC 9568 here, not configurable" },
	{ "vrrp_higher_prio", true, "havs follows RFC 9568 here, not configurable" },
	{ "vrrp_mcast_group", true,
	  "havs always uses 224.0.0.18 and ff02::12 (or unicast peers)" },
	{ "notify_fifo", true,
	  "use 'havsadm monitor -j', one JSON object per state change" },
	{ "vrrp_notify_fifo", true,
	  "use 'havsadm monitor -j', one JSON object per state change" },
	{ "lvs_notify_fifo", true,
	  "use 'havsadm monitor -j health'" },
	{ "net_namespace", true,
	  "run 'havsadm -n NAME apply -f FILE' to configure another network namespace" },
	{ "lvs_timeouts", false, "set IPVS timeouts with 'ipvsadm --set'" },
	{ "lvs_flush", true, "'havsadm apply' manages every IPVS service of the namespace" },
	{ "vrrp_iptables", false,
	  "havs needs no firewall rules: non-masters drop packets to the addresses themselves" },
	{ "vrrp_ipsets", false, "havs needs no firewall rules" },
	{ "nftables", true, "havs needs no firewall rules" },
	{ "startup_script", false, "run it from your service manager" },
	{ "shutdown_script", false, "run it from your service manager" },
};

static void global_defs(struct ka *k, const struct node *g)
{
	for (const struct node *n = g->kids; n; n = n->next) {
		const char *kw = n->w[0];
		size_t i;

		if (!strcmp(kw, "vrrp_version")) {
			long v = num(arg(n, 1), 2, 3);

			if (v == LONG_MIN)
				rep(k, n, "expected 2 or 3");
			else
				k->def_version = (unsigned int)v;
			continue;
		}
		if (!strcmp(kw, "vrrp_strict")) {
			k->strict = true;	/* no_accept by default */
			continue;
		}
		if (!strcmp(kw, "lvs_sync_daemon")) {
			if (n->nw < 3)
				rep(k, n, "expected lvs_sync_daemon INTERFACE VRRP_INSTANCE [id N] [maxlen N] [port N] [ttl N] [group ADDR]");
			else if (k->lvs_sync)
				rep(k, n, "a second lvs_sync_daemon: keepalived uses the last one; so does havs");
			if (n->nw >= 3) {
				k->lvs_sync = n;
				k->lvs_sync_inst = n->w[2];
			}
			continue;
		}
		if (!strcmp(kw, "script_user") && arg(n, 1)) {
			k->script_user = arg(n, 1);
			k->script_user_n = n;
			if (n->nw > 2)
				rep(k, n, "the group: havsadm agent runs commands with the user's own groups");
			continue;
		}
		for (i = 0; i < sizeof(globals) / sizeof(globals[0]); i++)
			if (globals[i].prefix ? !strncmp(kw, globals[i].kw, strlen(globals[i].kw)) :
			    !strcmp(kw, globals[i].kw))
				break;
		if (i == sizeof(globals) / sizeof(globals[0])) {
			rep(k, n, "no havs equivalent: ignored");
		} else if (globals[i].why && strstr(globals[i].why, "no mail")) {
			if (!k->said_mail)
				rep(k, n, "%s; the other mail settings are ignored too",
				    globals[i].why);
			k->said_mail = true;
		} else if (globals[i].why) {
			rep(k, n, "%s", globals[i].why);
		}
	}
}

/* keepalived's notify keywords as havs.conf's words; NULL: none */
static const char *notify_word(const char *kw, bool group)
{
	static const char *const map[][2] = {
		{ "notify_master", "notify-master" },
		{ "notify_backup", "notify-backup" },
		{ "notify_fault", "notify-fault" },
		{ "notify", "notify" },
		{ "notify_stop", "notify-stop" },	/* instances only */
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(kw, map[i][0]))
			return group && i == 4 ? NULL : map[i][1];
	return NULL;
}

/* A notify script (CMD [USER [GROUP]]) as WORD CMD in @ws. */
static void notify_put(struct ka *k, struct words *ws, const struct node *n,
		       const char *word)
{
	const char *a1 = arg(n, 1);

	if (!a1) {
		rep(k, n, "expected a command");
		return;
	}
	for (int i = ws->head; i + 1 < ws->n; i += 2)
		if (!strcmp(ws->w[i], word)) {
			rep(k, n, "given twice: the first is kept");
			return;
		}
	if (n->nw > 2 && (!k->script_user || strcmp(n->w[2], k->script_user)))
		rep(k, n, "the user: havsadm agent runs every notify command as one user (script_user, translated as agent user), here %s",
		    k->script_user ? k->script_user : "root");
	put2(k, ws, word, a1);
}

static const struct syncm *sync_of(const struct ka *k, const char *inst)
{
	for (int i = 0; i < k->nsyncs; i++)
		if (!strcmp(k->syncs[i].inst, inst))
			return &k->syncs[i];
	return NULL;
}

static const char *sync_group_of(const struct ka *k, const char *inst)
{
	const struct syncm *m = sync_of(k, inst);

	return m ? m->group : NULL;
}

static void sync_group(struct ka *k, const struct node *g, bool pass2)
{
	const char *name = arg(g, 1);
	struct words *hooks = NULL;

	bool tw = false;

	if (!name) {
		if (pass2)
			rep(k, g, "a sync group needs a name");
		return;
	}
	for (const struct node *n = g->kids; n; n = n->next)
		tw |= !strcmp(n->w[0], "sync_group_tracking_weight") ||
		      !strcmp(n->w[0], "global_tracking");
	for (const struct node *n = g->kids; n; n = n->next) {
		const char *kw = n->w[0];

		if (!strcmp(kw, "sync_group_tracking_weight") ||
		    !strcmp(kw, "global_tracking")) {
			continue;	/* the members' weights count */
		} else if (!strcmp(kw, "group")) {
			if (pass2)
				continue;
			for (const struct node *m = n->kids; m; m = m->next) {
				for (int i = 0; i < m->nw; i++) {
					if (sync_group_of(k, m->w[i])) {
						rep(k, m, "instance %s is already in a sync group", m->w[i]);
						continue;
					}
					if (!grow(k, (void **)&k->syncs, &k->capsyncs, k->nsyncs,
						  sizeof(*k->syncs), KA_KEYS_MAX))
						return;
					k->syncs[k->nsyncs].inst = m->w[i];
					k->syncs[k->nsyncs].emitted = false;
					k->syncs[k->nsyncs].group = track_name(k, name);
					k->syncs[k->nsyncs].tracking_weight = tw;
					k->nsyncs++;
				}
			}
			continue;
		}
		if (!pass2)
			continue;
		if (notify_word(kw, true)) {
			for (int i = 0; !hooks && i < k->nghooks; i++)	/* a group given twice */
				if (!strcmp(k->ghooks[i].name, track_name(k, name)))
					hooks = k->ghooks[i].ws;
			if (!hooks && grow(k, (void **)&k->ghooks, &k->capghooks, k->nghooks,
					   sizeof(*k->ghooks), KA_KEYS_MAX)) {
				hooks = amalloc(k, sizeof(*hooks));
				if (hooks) {
					memset(hooks, 0, sizeof(*hooks));
					hooks->head = 2;
					put(k, hooks, "sync-group");
					put(k, hooks, track_name(k, name));
					k->ghooks[k->nghooks].name = track_name(k, name);
					k->ghooks[k->nghooks].n = g;
					k->ghooks[k->nghooks++].ws = hooks;
				}
			}
			if (hooks)
				notify_put(k, hooks, n, notify_word(kw, true));
		} else if (!strcmp(kw, "smtp_alert"))
			rep(k, n, "havs sends no mail (follow 'havsadm monitor -j vrrp' with your alerting: one JSON object per state change of each member)");
		else if (!strncmp(kw, "notify", 6))
			rep(k, n, "no havs equivalent (havsadm agent runs a sync group's notify_master, notify_backup, notify_fault and notify)");
		else if (!strncmp(kw, "track_", 6))
			rep(k, n, "havs tracks per instance: give every member of the group the same track-dev/track-object entries");
		else if (!n->block && n->nw == 1)
			rep(k, n, "unknown keyword in a sync group (instances are listed in group { })");
		else
			rep(k, n, "no havs equivalent: ignored");
	}
	if (pass2 && strcmp(track_name(k, name), name))
		rep(k, g, "the name is not one havs takes: the group is called sync-group %s",
		    track_name(k, name));
}

static struct script *find_script(struct ka *k, const char *name)
{
	for (int i = 0; i < k->nscripts; i++)
		if (!strcmp(k->scripts[i].name, name))
			return &k->scripts[i];
	return NULL;
}

/* vrrp_script, track_file, vrrp_track_process: define tracked objects. */
static void script_def(struct ka *k, const struct node *s)
{
	const char *name = arg(s, 1), *what = NULL;
	bool file = strstr(s->w[0], "track_file");
	long weight = 0;
	bool has_weight = false;
	struct script *sc;

	if (!name) {
		rep(k, s, "expected a name");
		return;
	}
	for (const struct node *n = s->kids; n; n = n->next) {
		if (!strcmp(n->w[0], "weight") && num(arg(n, 1), -254, 254) != LONG_MIN) {
			weight = num(arg(n, 1), -254, 254);
			has_weight = true;
		} else if ((!strcmp(n->w[0], "script") || !strcmp(n->w[0], "file") ||
			    !strcmp(n->w[0], "process")) && n->nw > 1) {
			what = words_from(k, n, 1);
		}
	}
	sc = find_script(k, name);
	if (!sc && grow(k, (void **)&k->scripts, &k->capscripts, k->nscripts,
			sizeof(*k->scripts), KA_KEYS_MAX)) {
		sc = &k->scripts[k->nscripts++];
		memset(sc, 0, sizeof(*sc));
	}
	if (sc) {
		sc->name = name;
		sc->what = what;
		sc->weight = weight;
		sc->has_weight = has_weight;
		sc->file = file;
	}
	if (!strcmp(s->w[0], "vrrp_script"))
		return;		/* script_emit() translates it */
	rep(k, s, "havs watches no %s (drive a tracked object from %s with 'havsadm track set %s up|down'; instances follow it with track-object %s)",
	    file ? "files" : "processes", what ? what : "it", track_name(k, name),
	    track_name(k, name));
}

#define SHELL_SYNTAX "<>|&;$`*?()"

/*
 * keepalived runs a script's words without a shell; a command written for
 * one (redirections, pipes, variables) gets havsadm agent's shell word.
 */
static void command_put(struct ka *k, struct words *ws, const struct node *n,
			const char *cmd)
{
	put2(k, ws, "command", cmd);
	if (strpbrk(cmd, SHELL_SYNTAX)) {
		put(k, ws, "shell");
		rep(k, n, "the command has shell syntax: translated with 'shell' (run by /bin/sh -c)");
	}
}

/* A vrrp_script as a script statement havsadm agent runs. */
static void script_emit(struct ka *k, const struct node *s)
{
	struct words ws = { .head = 2 };
	struct ka_stmt_ctx ctx = { 0 };
	const char *name = arg(s, 1), *cmd = NULL;
	struct script *sc = name ? find_script(k, name) : NULL;
	long ms;

	if (!sc)
		return;
	put(k, &ws, "script");
	put(k, &ws, track_name(k, name));
	for (const struct node *n = s->kids; n; n = n->next) {
		const char *kw = n->w[0], *a1 = arg(n, 1);

		if (!strcmp(kw, "script") && a1) {
			cmd = words_from(k, n, 1);	/* as keepalived joins them */
		} else if (!strcmp(kw, "interval") || !strcmp(kw, "timeout")) {
			ms = timer_ms(a1);
			if (ms < (kw[0] == 'i' ? 100 : 10) ||
			    ms > (kw[0] == 'i' ? 3600000 : 600000))
				rep(k, n, "expected %s: havsadm agent's default (1s; the timeout: the interval)",
				    kw[0] == 'i' ? "100ms to 1h" : "10ms to 10m");
			else
				put2(k, &ws, kw, dur(k, ms));
		} else if (!strcmp(kw, "rise") || !strcmp(kw, "fall")) {
			if (num(a1, 1, 255) == LONG_MIN)
				rep(k, n, "expected 1 to 255: 1");
			else
				put2(k, &ws, kw, a1);
		} else if (!strcmp(kw, "weight")) {
			if (num(a1, -254, 254) == LONG_MIN)
				rep(k, n, "expected -254 to 254: the instances track the script with weight 0 (fault while it fails)");
			if (n->nw > 2)
				rep(k, n, "havs has no reverse tracking: the weight is used as is");
		} else if (!strcmp(kw, "user") && a1) {
			put2(k, &ws, "user", a1);
			if (n->nw > 2)
				rep(k, n, "the group: havsadm agent runs commands with the user's own groups");
		} else if (!strcmp(kw, "init_fail")) {
			put2(k, &ws, "initial", "down");
		} else {
			rep(k, n, "no havs equivalent: ignored");
		}
	}
	if (!cmd) {
		rep(k, s, "script not translated: it has no script to run");
		return;
	}
	command_put(k, &ws, s, cmd);
	if (!stmt_ok(k, &ctx, &ws, s, "script not translated"))
		return;
	/* kind 2: the names of scripts' objects, which must differ */
	if (sc->run || !new_key(k, 2, track_name(k, name))) {
		rep(k, s, "script not translated: a script called %s is translated before it",
		    track_name(k, name));
		return;
	}
	sc->run = true;
	fprintf(k->out, "\n# vrrp_script %s (%s:%u): run by havsadm agent\n", name,
		s->file, s->line);
	emit(k, &ws, 0);
}

/* --- vrrp_instance --------------------------------------------------------- */

struct inst {
	const char *dev, *name;
	long vrid, prio, ms, pdelay_ms, version;
	int accept;			/* -1: not given */
	bool nopreempt;
	int family;
	int naddr, npeer, ntrack;
	char *addr[VRRP_MAX_VIPS];
	bool linklocal[VRRP_MAX_VIPS];
	char *peer[VRRP_MAX_PEERS];
	char *track[VRRP_MAX_TRACKS];
	long weight[VRRP_MAX_TRACKS];	/* LONG_MIN: none */
	const struct node *addr_node;
	int nobj;			/* track_script entries */
	const char *obj[VRRP_MAX_TRACKS];
	long objw[VRRP_MAX_TRACKS];	/* LONG_MIN: none */
	struct words hooks;		/* notify-* CMD pairs */
};

static const char *const notify_why =
	"no havs equivalent (havsadm agent runs notify_master, notify_backup, notify_fault, notify_stop and notify)";

static void vips(struct ka *k, struct inst *in, const struct node *b)
{
	bool said_prefix = false;

	for (const struct node *n = b->kids; n; n = n->next) {
		char a[INET6_ADDRSTRLEN];
		uint8_t bin[16];
		bool prefix, host;
		int af;

		if (!addr_of(n->w[0], &af, bin, a, sizeof(a), &prefix, &host)) {
			rep(k, n, "not an address");
			continue;
		}
		for (int i = 1; i < n->nw; i++) {
			const char *o = n->w[i];

			if (!strcmp(o, "dev") && i + 1 < n->nw) {
				if (in->dev && strcmp(n->w[i + 1], in->dev)) {
					rep(k, n, "havs puts an instance's addresses on its own interface (%s): make an instance on %s for it",
					    in->dev, n->w[i + 1]);
					goto next;
				}
				i++;
			} else if (!strcmp(o, "label") && i + 1 < n->nw) {
				i++;	/* havs names the macvlan; no labels */
			} else if ((!strcmp(o, "brd") || !strcmp(o, "broadcast") ||
				    !strcmp(o, "scope") || !strcmp(o, "preferred_lft") ||
				    !strcmp(o, "peer")) && i + 1 < n->nw) {
				rep(k, n, "option %s %s ignored (havs adds host addresses, scope global)",
				    o, n->w[i + 1]);
				i++;
			} else if (!strcmp(o, "no_track") || !strcmp(o, "noprefixroute") ||
				   !strcmp(o, "use_vmac")) {
				continue;
			} else {
				rep(k, n, "option %s ignored", o);
			}
		}
		if (!host && !said_prefix) {
			rep(k, n, "havs adds the addresses as host addresses without a prefix route: the prefix is dropped (add a route for the subnet if something needs it)");
			said_prefix = true;
		}
		if (in->naddr && af != in->family) {
			rep(k, n, "an instance's addresses are all of one family (use another instance, or a sync group)");
			continue;
		}
		if (in->naddr == VRRP_MAX_VIPS) {
			rep(k, n, "havs takes at most %d addresses per instance (use another instance in a sync group)",
			    VRRP_MAX_VIPS);
			continue;
		}
		for (int i = 0; i < in->naddr; i++) {
			if (!strcmp(in->addr[i], a)) {
				rep(k, n, "given twice");
				goto next;
			}
		}
		in->family = af;
		in->linklocal[in->naddr] = af == AF_INET6 && bin[0] == 0xfe &&
					   (bin[1] & 0xc0) == 0x80;
		in->addr[in->naddr++] = astrdup(k, a);
		if (!in->addr_node)
			in->addr_node = n;
next:
		;
	}
}

/* How keepalived limits an instance's tracking (vrrp.c, vrrp_complete_instance()). */
struct tracking {
	bool sync;		/* in a sync group without sync_group_tracking_weight */
	bool owner;		/* priority 255 */
};

static const char *tracking_why(const struct tracking *t)
{
	return t->sync ? "of a member of a sync group without sync_group_tracking_weight" :
	       "of an address owner (priority 255)";
}

/*
 * track_script, track_file, track_process, track_bfd { NAME [weight W] }:
 * the scripts havsadm agent runs become track-object entries of @in.
 */
static void tracked_objects(struct ka *k, const struct node *b, const char *what,
			    const struct tracking *t, struct inst *in)
{
	bool scripts = !strcmp(b->w[0], "track_script");
	bool files = !strcmp(b->w[0], "track_file");
	bool limited = !strcmp(b->w[0], "track_bfd") || scripts || files;

	for (const struct node *n = b->kids; n; n = n->next) {
		struct script *sc = find_script(k, n->w[0]);
		const char *name = track_name(k, n->w[0]);
		bool given = n->nw >= 3 && !strcmp(n->w[1], "weight");
		const struct node *d;
		long w = LONG_MIN;

		for (d = b->kids; d != n && strcmp(d->w[0], n->w[0]); d = d->next)
			;
		if (d != n) {
			rep(k, n, "given twice: keepalived ignores this one too (line %u counts)",
			    d->line);
			continue;
		}
		if (scripts && !sc) {
			rep(k, n, "there is no vrrp_script %s: keepalived ignores it too", n->w[0]);
			continue;
		}
		if (given)
			w = num(n->w[2], -254, 254);
		else if (sc && sc->has_weight)
			w = sc->weight;
		else if (files)
			w = 1;		/* keepalived's default for a file */
		if (given && n->nw > 3 && !strcmp(n->w[3], "reverse")) {
			rep(k, n, "havs has no reverse tracking: not tracked");
			continue;
		}
		if (limited && (t->sync || t->owner) && w != LONG_MIN && w) {
			if (files && !given && !(sc && sc->has_weight)) {
				rep(k, n, "havs watches no files; keepalived gives a tracked file %s weight 0: drive the tracked object from %s with 'havsadm track set %s up|down' and add 'track-object %s' to the instance (fault while down)",
				    tracking_why(t), sc && sc->what ? sc->what : "it", name, name);
				continue;
			}
			rep(k, n, "keepalived ignores a tracked %s with a weight %s: nothing to translate",
			    scripts ? "script" : files ? "file" : "BFD session", tracking_why(t));
			continue;
		}
		if (scripts && sc->run) {
			if (in->ntrack + in->nobj == VRRP_MAX_TRACKS) {
				rep(k, n, "havs takes at most %d tracked entries", VRRP_MAX_TRACKS);
				continue;
			}
			in->obj[in->nobj] = name;
			in->objw[in->nobj++] = w;
			continue;
		}
		if (scripts)
			rep(k, n, "vrrp_script %s was not translated: not tracked", n->w[0]);
		else if (w != LONG_MIN && w)
			rep(k, n, "havs runs no %s: drive the tracked object from %s with 'havsadm track set %s up|down' and add 'track-object %s weight %ld' to the instance",
			    what, sc && sc->what ? sc->what : "it", name, name, w);
		else
			rep(k, n, "havs runs no %s: drive the tracked object from %s with 'havsadm track set %s up|down' and add 'track-object %s' to the instance (fault while down)",
			    what, sc && sc->what ? sc->what : "it", name, name);
	}
}

/*
 * The sync statement of lvs_sync_daemon IF INSTANCE [id N] [maxlen N]
 * [port N] [ttl N] [group ADDR] (or an instance's older
 * lvs_sync_daemon_interface IF), now that INSTANCE (@in) is translated:
 * it follows that instance by its macvlan name (@nm, or the default one).
 */
static void lvs_sync(struct ka *k, const struct inst *in, const char *nm)
{
	const struct node *n = k->lvs_sync;
	struct words *ws = amalloc(k, sizeof(*ws));
	bool global = !strcmp(n->w[0], "lvs_sync_daemon");
	const char *id = NULL;
	int i;

	if (!ws)
		return;
	memset(ws, 0, sizeof(*ws));
	ws->head = 1;
	put(k, ws, "sync");
	put2(k, ws, "dev", n->w[1]);
	for (i = global ? 3 : 2; i + 1 < (int)n->nw; i += 2) {
		const char *kw = n->w[i], *v = n->w[i + 1];

		if (!strcmp(kw, "id"))
			id = v;
		else if (!strcmp(kw, "maxlen") || !strcmp(kw, "port") ||
			 !strcmp(kw, "ttl") || !strcmp(kw, "group"))
			continue;
		else
			rep(k, n, "%s: unknown option of lvs_sync_daemon: ignored", kw);
	}
	if (i < (int)n->nw)
		rep(k, n, "%s: a value is missing: ignored", n->w[i]);
	/* keepalived's sync id is the instance's VRID unless given */
	put2(k, ws, "id", id ? id : afmt(k, "%ld", in->vrid));
	for (i = global ? 3 : 2; i + 1 < (int)n->nw; i += 2)
		if (strcmp(n->w[i], "id") &&
		    (!strcmp(n->w[i], "maxlen") || !strcmp(n->w[i], "port") ||
		     !strcmp(n->w[i], "ttl") || !strcmp(n->w[i], "group")))
			put2(k, ws, n->w[i], n->w[i + 1]);
	put2(k, ws, "instance", nm[0] ? nm :
	     afmt(k, "vr%ld%s.%s", in->vrid, in->family == AF_INET6 ? "v6" : "",
		  in->dev));
	k->lvs_sync_ws = ws;
}

static void instance(struct ka *k, const struct node *g)
{
	struct inst in;
	struct words ws = { .head = 1 };
	struct ka_stmt_ctx ctx = { 0 };
	const struct node *state = NULL, *nopreempt = NULL, *pdelay = NULL;
	const struct syncm *sm;
	struct tracking trk;
	bool master = false;
	const char *sync;
	char key[80], nm[32];

	memset(&in, 0, sizeof(in));
	nm[0] = '\0';
	in.name = arg(g, 1) ? arg(g, 1) : "?";
	in.vrid = in.prio = in.ms = in.pdelay_ms = in.version = -1;
	in.accept = -1;
	in.family = AF_INET;
	/*
	 * First what the rest depends on: the interface (addresses are
	 * checked against it), and the priority, which keepalived derives
	 * from state MASTER when none is given (vrrp_complete_instance():
	 * 255, the address owner; an invalid one is its default, 100).
	 */
	for (const struct node *n = g->kids; n; n = n->next) {
		if (!strcmp(n->w[0], "interface") && n->nw == 2)
			in.dev = n->w[1];
		else if (!strcmp(n->w[0], "priority"))
			in.prio = num(arg(n, 1), 1, 255);
		else if (!strcmp(n->w[0], "state"))
			state = n;
	}
	master = state && arg(state, 1) && !strcmp(arg(state, 1), "MASTER");
	if (master && in.prio == -1) {
		in.prio = 255;
		note(k, state, "keepalived makes an instance with state MASTER and no priority the address owner: translated as priority 255");
	} else if (state) {
		rep(k, state, "havs has no initial state: the priority decides (give the preferred director the higher priority)");
	}
	/* in strict mode only the owner starts as master */
	if (master && k->strict && in.prio != 255)
		master = false;
	sm = sync_of(k, in.name);
	trk.sync = sm && !sm->tracking_weight;
	trk.owner = in.prio == 255;
	for (const struct node *n = g->kids; n; n = n->next) {
		const char *kw = n->w[0], *a1 = arg(n, 1);

		if (!strcmp(kw, "interface")) {
			if (n->nw != 2)
				rep(k, n, "expected one interface");
		} else if (!strcmp(kw, "virtual_router_id")) {
			in.vrid = num(a1, 1, 255);
			if (in.vrid == LONG_MIN)
				rep(k, n, "expected 1 to 255");
		} else if (!strcmp(kw, "priority")) {
			if (num(a1, 1, 255) == LONG_MIN)
				rep(k, n, "expected 1 to 255: keepalived and havs use their default, 100");
		} else if (!strcmp(kw, "advert_int")) {
			in.ms = timer_ms(a1);
			if (in.ms < 0)
				rep(k, n, "expected seconds: havs uses its default, 1s");
		} else if (!strcmp(kw, "version")) {
			in.version = num(a1, 2, 3);
			if (in.version == LONG_MIN)
				rep(k, n, "expected 2 or 3");
		} else if (!strcmp(kw, "nopreempt") || !strcmp(kw, "no_preempt")) {
			in.nopreempt = true;
			nopreempt = n;
		} else if (!strcmp(kw, "preempt")) {
			;
		} else if (!strcmp(kw, "preempt_delay")) {
			in.pdelay_ms = timer_ms(a1);
			if (in.pdelay_ms < 0 || in.pdelay_ms > 3600000) {
				rep(k, n, "expected 0 to 3600 seconds");
				in.pdelay_ms = -1;
			}
			pdelay = n;
		} else if (!strcmp(kw, "virtual_ipaddress")) {
			vips(k, &in, n);
		} else if (!strcmp(kw, "virtual_ipaddress_excluded")) {
			rep(k, n, "havs has no excluded addresses: put them in virtual_ipaddress (up to %d per instance, VRRPv3 adverts carry them all) or in another instance of a sync group",
			    VRRP_MAX_VIPS);
		} else if (!strcmp(kw, "unicast_peer")) {
			for (const struct node *m = n->kids; m; m = m->next) {
				char a[INET6_ADDRSTRLEN];
				uint8_t bin[16];
				int af;

				/* keepalived drops a prefix length: a peer all the same */
				if (!addr_of(m->w[0], &af, bin, a, sizeof(a), NULL, NULL)) {
					rep(k, m, "not an address");
				} else if (in.npeer == VRRP_MAX_PEERS) {
					rep(k, m, "havs takes at most %d peers", VRRP_MAX_PEERS);
				} else {
					if (m->nw > 1)
						rep(k, m, "min_ttl/max_ttl ignored (havs sends and wants TTL 255)");
					in.peer[in.npeer++] = astrdup(k, a);
				}
			}
		} else if (!strcmp(kw, "unicast_src_ip") || !strcmp(kw, "mcast_src_ip")) {
			rep(k, n, "havs sends from the interface's primary address (IPv6: its link-local address)");
		} else if (!strcmp(kw, "track_interface")) {
			for (const struct node *m = n->kids; m; m = m->next) {
				long w = LONG_MIN;

				if (m->nw >= 3 && !strcmp(m->w[1], "weight")) {
					w = num(m->w[2], -254, 254);
					if (w == LONG_MIN) {
						rep(k, m, "weight: expected -254 to 254");
						continue;
					}
					if (m->nw == 4 && !strcmp(m->w[3], "reverse")) {
						rep(k, m, "havs has no reverse tracking: not tracked");
						continue;
					}
				} else if (m->nw != 1) {
					rep(k, m, "expected IFNAME [weight W]");
					continue;
				}
				if (w != LONG_MIN && w && trk.sync) {
					note(k, m, "keepalived ignores the weight of a tracked interface %s: FAULT while it is down, as translated",
					     tracking_why(&trk));
					w = LONG_MIN;
				} else if (w != LONG_MIN && w && trk.owner) {
					note(k, m, "keepalived does not track an interface with a weight %s: not tracked",
					     tracking_why(&trk));
					continue;
				}
				if (in.ntrack + in.nobj == VRRP_MAX_TRACKS) {
					rep(k, m, "havs takes at most %d tracked entries", VRRP_MAX_TRACKS);
					continue;
				}
				in.track[in.ntrack] = m->w[0];
				in.weight[in.ntrack++] = w;
			}
		} else if (!strcmp(kw, "track_script")) {
			tracked_objects(k, n, "scripts", &trk, &in);
		} else if (!strcmp(kw, "track_file")) {
			tracked_objects(k, n, "file tracking", &trk, &in);
		} else if (!strcmp(kw, "track_process")) {
			tracked_objects(k, n, "process tracking", &trk, &in);
		} else if (!strcmp(kw, "track_bfd")) {
			tracked_objects(k, n, "BFD", &trk, &in);
		} else if (!strcmp(kw, "dont_track_primary")) {
			rep(k, n, "havs puts an instance in FAULT while its interface is down; keepalived with dont_track_primary does not (it stays master or backup): failover differs when %s goes down",
			    in.dev ? in.dev : "the interface");
		} else if (!strcmp(kw, "authentication")) {
			rep(k, n, "havs refuses VRRPv2 authentication (RFC 3768 removed it): remove it from the keepalived peers too, or use unicast peers");
		} else if (!strcmp(kw, "state")) {
			;	/* said above */
		} else if (!strcmp(kw, "smtp_alert")) {
			rep(k, n, "havs sends no mail (follow 'havsadm monitor -j vrrp' with your alerting: one JSON object per state change)");
		} else if (notify_word(kw, false)) {
			notify_put(k, &in.hooks, n, notify_word(kw, false));
		} else if (!strncmp(kw, "notify", 6)) {
			rep(k, n, "%s", notify_why);
		} else if (!strcmp(kw, "use_vmac")) {
			if (a1 && strlen(a1) < 16 && !strchr(a1, '/'))
				snprintf(nm, sizeof(nm), "%s", a1);
			if (n->nw > 2)
				rep(k, n, "havs chooses the virtual MAC (00:00:5e:00:0x:VRID): the address is ignored");
		} else if (!strcmp(kw, "vmac_xmit_base") || !strcmp(kw, "use_vmac_addr")) {
			;	/* havs always uses a macvlan with the virtual MAC */
		} else if (!strncmp(kw, "garp_", 5) || !strncmp(kw, "gna_", 4)) {
			rep(k, n, "gratuitous ARP is set for all instances with the havs module parameters garp_count, garp_interval_ms and garp_refresh_s (havsadm(8), MODULE PARAMETERS)");
		} else if (!strcmp(kw, "accept")) {
			in.accept = 1;
		} else if (!strcmp(kw, "no_accept")) {
			in.accept = 0;
		} else if (!strcmp(kw, "virtual_routes") || !strcmp(kw, "virtual_rules")) {
			rep(k, n, "havs adds no routes or rules (configure them on every director, or from 'havsadm monitor -j')");
		} else if (!strcmp(kw, "lvs_sync_daemon_interface")) {
			if (k->lvs_sync && k->lvs_sync != n)
				rep(k, n, "global_defs has lvs_sync_daemon: this one is ignored");
			else if (n->nw != 2)
				rep(k, n, "expected lvs_sync_daemon_interface INTERFACE");
			else {
				k->lvs_sync = n;
				k->lvs_sync_inst = in.name;
			}
		} else {
			rep(k, n, "no havs equivalent: ignored");
		}
	}
	if (k->oom)
		return;
	if (!in.dev || in.vrid < 1 || !in.naddr) {
		rep(k, g, "instance not translated: it needs an interface, a virtual_router_id and an address");
		return;
	}
	/* IPv6: the first address is link-local (RFC 9568) */
	if (in.family == AF_INET6 && !in.linklocal[0]) {
		int i;

		for (i = 1; i < in.naddr && !in.linklocal[i]; i++)
			;
		if (i == in.naddr) {
			rep(k, g, "instance not translated: havs needs a link-local address first in an IPv6 instance (RFC 9568): add one such as fe80::%lx:1 to virtual_ipaddress, the same on every director",
			    in.vrid);
			return;
		}
		{
			char *t = in.addr[i];

			memmove(in.addr + 1, in.addr, sizeof(char *) * (size_t)i);
			in.addr[0] = t;
		}
	}
	/* what keepalived clears (vrrp_complete_instance()), in its order */
	if (in.nopreempt && in.prio == 255) {
		note(k, nopreempt, "keepalived ignores nopreempt with priority 255: translated with preempt on");
		in.nopreempt = false;
	}
	if (master && in.nopreempt) {
		note(k, nopreempt, "keepalived ignores nopreempt with state MASTER: translated with preempt on");
		in.nopreempt = false;
	}
	if (in.pdelay_ms > 0 && (master || k->strict || in.nopreempt)) {
		note(k, pdelay, "keepalived ignores preempt_delay %s: not translated",
		     master ? "with state MASTER" : k->strict ? "in strict mode (vrrp_strict)" :
		     "with nopreempt");
		in.pdelay_ms = -1;
	}
	if (in.version < 0)
		in.version = k->def_version;
	if (in.family == AF_INET6)
		in.version = 3;
	if (in.ms >= 0) {
		long ms = in.ms;

		if (in.version == 2 && ms % 1000) {
			ms = (ms + 999) / 1000 * 1000;
			rep(k, g, "advert_int %s: VRRPv2 intervals are whole seconds: %lds", dur(k, in.ms), ms / 1000);
		} else if (ms % 10) {
			ms = (ms + 5) / 10 * 10;
			rep(k, g, "advert_int: havs intervals are steps of 10ms: %s", dur(k, ms));
		}
		if (ms < 10 || ms > 40950) {
			rep(k, g, "advert_int: havs takes 10ms to 40.95s: 1s");
			ms = 1000;
		}
		in.ms = ms;
	}
	put(k, &ws, "vrrp");
	put2(k, &ws, "dev", in.dev);
	put2(k, &ws, "vrid", afmt(k, "%ld", in.vrid));
	for (int i = 0; i < in.naddr; i++)
		put2(k, &ws, "address", in.addr[i]);
	if (in.prio > 0)
		put2(k, &ws, "priority", afmt(k, "%ld", in.prio));
	if (in.ms > 0)
		put2(k, &ws, "interval", dur(k, in.ms));
	if (in.version == 2)
		put2(k, &ws, "version", "2");
	if (in.nopreempt)
		put2(k, &ws, "preempt", "off");
	if (in.pdelay_ms > 0)
		put2(k, &ws, "preempt-delay", dur(k, (in.pdelay_ms + 5) / 10 * 10));
	if (in.accept == 0 || (in.accept < 0 && k->strict && in.prio != 255))
		put2(k, &ws, "accept", "off");
	for (int i = 0; i < in.npeer; i++)
		put2(k, &ws, "peer", in.peer[i]);
	for (int i = 0; i < in.ntrack; i++) {
		put2(k, &ws, "track-dev", in.track[i]);
		if (in.weight[i] != LONG_MIN)
			put2(k, &ws, "weight", afmt(k, "%ld", in.weight[i]));
	}
	for (int i = 0; i < in.nobj; i++) {
		put2(k, &ws, "track-object", in.obj[i]);
		if (in.objw[i] != LONG_MIN)
			put2(k, &ws, "weight", afmt(k, "%ld", in.objw[i]));
	}
	sync = sync_group_of(k, in.name);
	if (sync)
		put2(k, &ws, "sync-group", sync);
	if (nm[0]) {
		put2(k, &ws, "name", nm);
	} else if (strlen(in.dev) + 4 + (in.vrid > 9) + (in.vrid > 99) +
		   (in.family == AF_INET6 ? 2 : 0) > 15) {
		snprintf(nm, sizeof(nm), "havs%u", k->ninst + 1);
		rep(k, g, "the default macvlan name vr%ld.%s is longer than 15 characters: named %s",
		    in.vrid, in.dev, nm);
		put2(k, &ws, "name", nm);
	}
	if (in.hooks.n) {
		put2(k, &ws, "instance", in.name);
		for (int i = 0; i < in.hooks.n; i++)
			put(k, &ws, in.hooks.w[i]);
	}
	if (!stmt_ok(k, &ctx, &ws, g, "instance not translated"))
		return;
	snprintf(key, sizeof(key), "%s/%ld/%d", in.dev, in.vrid, in.family);
	if (!new_key(k, 0, key)) {
		rep(k, g, "instance not translated: VRID %ld on %s is used by an instance before it",
		    in.vrid, in.dev);
		return;
	}
	k->ninst++;
	for (int i = 0; i < k->nsyncs; i++)
		if (!strcmp(k->syncs[i].inst, in.name))
			k->syncs[i].emitted = true;
	if (k->lvs_sync && !k->lvs_sync_ws && !strcmp(k->lvs_sync_inst, in.name))
		lvs_sync(k, &in, nm);
	fprintf(k->out, "\n# vrrp_instance %s (%s:%u)\n", arg(g, 1) ? arg(g, 1) : "?",
		g->file, g->line);
	emit(k, &ws, 0);
}

/* --- virtual_server -------------------------------------------------------- */

struct timing {
	long loop_ms, conn_ms, dbr_ms, retry;	/* -1: not given */
	int alpha;				/* -1: not given */
	const char *vhost;
};

static int boolean(const char *s)
{
	if (!s || !strcmp(s, "on") || !strcmp(s, "true") || !strcmp(s, "yes"))
		return 1;
	if (!strcmp(s, "off") || !strcmp(s, "false") || !strcmp(s, "no"))
		return 0;
	return -1;
}

/*
 * A setting a virtual server (@vs), real server and checker share: true if
 * @n is one.
 */
static bool timing_kw(struct ka *k, struct timing *t, const struct node *n,
		      bool vs)
{
	const char *kw = n->w[0], *a1 = arg(n, 1);
	long *ms = NULL;

	if (!strcmp(kw, "delay_loop"))
		ms = &t->loop_ms;
	else if (!strcmp(kw, "connect_timeout"))
		ms = &t->conn_ms;
	else if (!strcmp(kw, "delay_before_retry"))
		ms = &t->dbr_ms;
	if (ms) {
		long v = timer_ms(a1);

		if (v < 0)
			rep(k, n, "expected seconds");
		else
			*ms = v;
		return true;
	}
	if (!strcmp(kw, "retry") || !strcmp(kw, "nb_get_retry")) {
		long v = num(a1, 0, 1000000);

		if (v == LONG_MIN)
			rep(k, n, "expected a count");
		else
			t->retry = v;
		return true;
	}
	if (!strcmp(kw, "alpha")) {
		int b = boolean(a1);

		/*
		 * keepalived 2.2: a virtual server's alpha takes no argument
		 * (vs_alpha_handler()); a real server's or checker's is a
		 * boolean, and a bad one is refused, the setting from above
		 * kept.
		 */
		if (vs) {
			if (a1)
				note(k, n, "keepalived ignores the argument of a virtual server's alpha: alpha is on, its servers start down (initial down), as translated");
			t->alpha = 1;
		} else if (b < 0) {
			rep(k, n, "keepalived refuses this value (on or off, yes or no, true or false): the setting of the virtual server or real server holds");
		} else {
			t->alpha = b;
		}
		return true;
	}
	if (!strcmp(kw, "virtualhost")) {
		if (a1)
			t->vhost = a1;
		return true;
	}
	return !strcmp(kw, "warmup") || !strcmp(kw, "log_all_failures") ||
	       !strcmp(kw, "snmp_name");	/* havs spreads probes itself */
}

static void inherit(struct timing *t, const struct timing *from)
{
	if (t->loop_ms < 0)
		t->loop_ms = from->loop_ms;
	if (t->conn_ms < 0)
		t->conn_ms = from->conn_ms;
	if (t->dbr_ms < 0)
		t->dbr_ms = from->dbr_ms;
	if (t->retry < 0)
		t->retry = from->retry;
	if (t->alpha < 0)
		t->alpha = from->alpha;
	if (!t->vhost)
		t->vhost = from->vhost;
}

#define TIMING_NONE { -1, -1, -1, -1, -1, NULL }

enum { CK_NONE, CK_TCP, CK_HTTP, CK_UDP, CK_EXT, CK_DNS, CK_TLS, CK_SMTP };

/* HTTP_GET url { }: path, status, host; what havs cannot do, reported. */
static void http_url(struct ka *k, const struct node *u, struct words *cw,
		     const char **vhost)
{
	for (const struct node *n = u->kids; n; n = n->next) {
		const char *kw = n->w[0];

		if (!strcmp(kw, "path") && n->nw == 2) {
			if (n->w[1][0] != '/')
				rep(k, n, "havs requests paths that start with /: path / is probed");
			else
				put2(k, cw, "path", n->w[1]);
		} else if (!strcmp(kw, "status_code") && n->nw >= 2) {
			char codes[CHECK_CODES_MAX + 1] = "";
			size_t off = 0;
			int items = n->nw - 1;

			if (items > 8) {
				rep(k, n, "havs takes up to 8 codes or ranges: the first 8 are kept");
				items = 8;
			}
			for (int i = 1; i <= items; i++) {
				int r = snprintf(codes + off, sizeof(codes) - off, "%s%s",
						 i > 1 ? "," : "", n->w[i]);

				if (r < 0 || (size_t)r >= sizeof(codes) - off) {
					codes[off] = '\0';
					break;
				}
				off += (size_t)r;
			}
			put2(k, cw, "status", codes);
		} else if (!strcmp(kw, "digest")) {
			rep(k, n, "havs checks no digest of the page (use expect TEXT in the check: a text the body must contain, up to 128 bytes)");
		} else if (!strncmp(kw, "regex", 5)) {
			rep(k, n, "havs matches no regular expression (use expect TEXT in the check: a fixed text the body must contain)");
		} else if (!strcmp(kw, "virtualhost") && n->nw == 2) {
			*vhost = n->w[1];
		} else {
			rep(k, n, "no havs equivalent: ignored");
		}
	}
}

/* The value of sub-statement @kw of @c (its words from the second), or NULL. */
static const char *sub_value(struct ka *k, const struct node *c, const char *kw)
{
	for (const struct node *n = c->kids; n; n = n->next)
		if (!strcmp(n->w[0], kw))
			return n->nw > 1 ? words_from(k, n, 1) : "";
	return NULL;
}

/* What a checker that havs has no probe for loses, and what to do instead. */
static void checker_report(struct ka *k, const struct node *c, const char *svc,
			   const char *srv)
{
	const char *kw = c->w[0], *v, *dyn = "";

	if (!strcmp(kw, "SSL_GET")) {
		rep(k, c, "check type tls: the kernel's TLS probe is up on the server's ServerHello; the certificate, the url's status code and digest are not checked in the kernel (for them, run a script that calls 'havsadm server set %s %s health up|down' with check type external)",
		    svc, srv);
	} else if (!strcmp(kw, "FILE_CHECK")) {
		struct script *sc;

		v = sub_value(k, c, "track_file");
		sc = v ? find_script(k, v) : NULL;
		if (sub_value(k, c, "dynamic"))
			dyn = "; lost: dynamic, the weight from the file's value";
		rep(k, c, "havs watches no files: check type external; set the health from the file %s (track_file %s) with 'havsadm server set %s %s health up|down'%s",
		    sc && sc->what ? sc->what : "(not defined)", v ? v : "(none given)",
		    svc, srv, dyn);
	} else if (!strcmp(kw, "PING_CHECK")) {
		rep(k, c, "havs has no ICMP probe: check type external (lost: the echo request and reply); set the health from a script with 'havsadm server set %s %s health up|down', or probe a port the server listens on with check type tcp",
		    svc, srv);
	} else if (!strcmp(kw, "BFD_CHECK")) {
		v = sub_value(k, c, "name");
		rep(k, c, "havs has no BFD: check type external (lost: the BFD session %s); set the health with 'havsadm server set %s %s health up|down' from what watches the session",
		    v && *v ? v : "(no name given)", svc, srv);
	}
}

/*
 * MISC_CHECK as check type external with the command havsadm agent runs
 * for each server: delay_loop the interval, misc_timeout the timeout
 * (shorter than the interval), retry + 1 the fall (keepalived's retry is
 * 0 for it), misc_dynamic dynamic. The command goes in *@misc_cmd: the
 * caller puts the most common one in the check and the others on their
 * servers.
 */
static void misc_check(struct ka *k, const struct node *c, const struct timing *t,
		       struct words *cw, const char **misc_cmd)
{
	long interval = t->loop_ms >= 0 ? t->loop_ms : 60000, timeout = -1, fall;
	bool dynamic = false;
	const char *user = NULL;

	for (const struct node *n = c->kids; n; n = n->next) {
		const char *nk = n->w[0], *a1 = arg(n, 1);

		if (!strcmp(nk, "misc_path") && a1) {
			*misc_cmd = words_from(k, n, 1);
		} else if (!strcmp(nk, "misc_timeout")) {
			timeout = timer_ms(a1);
			if (timeout < 10)
				rep(k, n, "expected seconds: the interval's half");
		} else if (!strcmp(nk, "misc_dynamic")) {
			dynamic = true;
		} else if (!strcmp(nk, "user") && a1) {
			user = a1;
			if (n->nw > 2)
				rep(k, n, "the group: havsadm agent runs commands with the user's own groups");
		} else if (!strcmp(nk, "delay_loop") || !strcmp(nk, "retry") ||
			   !strcmp(nk, "delay_before_retry") || !strcmp(nk, "alpha") ||
			   !strcmp(nk, "connect_timeout") || !strcmp(nk, "warmup")) {
			;	/* timing_kw() read them */
		} else {
			rep(k, n, "no havs equivalent: ignored");
		}
	}
	put2(k, cw, "type", "external");
	if (!*misc_cmd) {
		rep(k, c, "no misc_path: nothing to run (set the servers' health with 'havsadm server set ... health up|down')");
		if (t->alpha == 1)
			put2(k, cw, "initial", "down");
		return;
	}
	if (interval < 100 || interval > 3600000) {
		long v = interval < 100 ? 100 : 3600000;

		rep(k, c, "delay_loop %s: havs runs checks every 100ms to 1h: %s", dur(k, interval), dur(k, v));
		interval = v;
	}
	if (timeout > 600000)
		timeout = 600000;
	if (timeout < 10) {
		timeout = interval / 2;	/* keepalived's default, the interval, is too long */
	} else if (timeout >= interval) {
		long v = interval / 2;

		rep(k, c, "misc_timeout %s: havs needs a timeout shorter than the interval (delay_loop %s): %s",
		    dur(k, timeout), dur(k, interval), dur(k, v));
		timeout = v;
	}
	fall = (t->retry >= 0 ? t->retry : 0) + 1;
	if (fall > 100) {
		rep(k, c, "retry %ld: havs counts up to 100 failures in a row: fall 100", fall - 1);
		fall = 100;
	}
	put2(k, cw, "interval", dur(k, interval));
	put2(k, cw, "timeout", dur(k, timeout));
	put2(k, cw, "rise", "1");
	put2(k, cw, "fall", afmt(k, "%ld", fall));
	if (t->alpha == 1)
		put2(k, cw, "initial", "down");
	if (dynamic)
		put(k, cw, "dynamic");
	if (user)
		put2(k, cw, "user", user);
}

/*
 * One checker of a real server, as the words of a 'check' sub-statement.
 * @svc and @srv name them in the suggestions.
 */
static void checker(struct ka *k, const struct node *c, const struct timing *up,
		    const char *svc, const char *srv, struct words *cw,
		    const char **misc_cmd)
{
	struct timing t = TIMING_NONE;
	const char *kw = c->w[0], *vhost = NULL;
	long port = -1, interval, timeout, retry_ms, fall;
	int type = CK_TCP, urls = 0;
	bool http = !strcmp(kw, "HTTP_GET"), ssl = !strcmp(kw, "SSL_GET");
	const char *dns_qtype = "SOA", *dns_name = ".";
	struct words extra = { .head = 0 };
	bool sni = false;

	if (http)
		type = CK_HTTP;
	else if (!strcmp(kw, "UDP_CHECK"))
		type = CK_UDP;
	else if (!strcmp(kw, "DNS_CHECK"))
		type = CK_DNS;
	else if (ssl)
		type = CK_TLS;
	else if (!strcmp(kw, "SMTP_CHECK"))
		type = CK_SMTP;
	else if (!strcmp(kw, "MISC_CHECK") || !strcmp(kw, "FILE_CHECK") ||
		 !strcmp(kw, "PING_CHECK") || !strcmp(kw, "BFD_CHECK"))
		type = CK_EXT;

	checker_report(k, c, svc, srv);

	for (const struct node *n = c->kids; n; n = n->next) {
		const char *nk = n->w[0];

		if (timing_kw(k, &t, n, false))
			continue;
		if (type == CK_EXT)
			continue;	/* said above, once */
		if (!strcmp(nk, "connect_port")) {
			port = num(arg(n, 1), 1, 65535);
			if (port == LONG_MIN) {
				rep(k, n, "expected 1 to 65535");
				port = -1;
			}
		} else if (!strcmp(nk, "url") && (http || ssl)) {
			if (urls++) {
				rep(k, n, "havs probes one path per service: only the first url is translated");
				continue;
			}
			if (http)
				http_url(k, n, &extra, &vhost);
			for (const struct node *u = n->kids; ssl && u; u = u->next)
				if (!strcmp(u->w[0], "virtualhost") && u->nw == 2)
					vhost = u->w[1];
		} else if (!strcmp(nk, "payload") && type == CK_UDP) {
			char txt[CHECK_PAYLOAD_MAX + 1], hex[2 * CHECK_PAYLOAD_MAX + 2];
			size_t h = 0, o = 0;
			bool ok = true;

			for (int i = 1; i < n->nw; i++)
				for (const char *p = n->w[i]; *p && h + 1 < sizeof(hex); p++)
					hex[h++] = *p;
			hex[h] = '\0';
			for (size_t i = 0; i + 1 < h + 1 && ok; i += 2) {
				unsigned int b;

				if (!isxdigit((unsigned char)hex[i]) ||
				    !isxdigit((unsigned char)hex[i + 1]) ||
				    sscanf(hex + i, "%2x", &b) != 1 || b < 0x20 || b > 0x7e ||
				    o == CHECK_PAYLOAD_MAX)
					ok = false;
				else
					txt[o++] = (char)b;
			}
			txt[o] = '\0';
			if (ok && o)
				put2(k, &extra, "payload", txt);
			else
				rep(k, n, "havs sends a text payload (printable characters, up to %d): not translated, an empty datagram is sent",
				    CHECK_PAYLOAD_MAX);
		} else if (!strcmp(nk, "require_reply") || !strncmp(nk, "min_reply", 9) ||
			   !strncmp(nk, "max_reply", 9)) {
			if (n->nw > 1 || strcmp(nk, "require_reply"))
				rep(k, n, "havs checks no reply content: any reply is up, an ICMP port unreachable down");
		} else if (!strcmp(nk, "type") && type == CK_DNS) {
			unsigned int qt;

			/* keepalived's default is SOA; havs's A: always said */
			if (!arg(n, 1) || dns_qtype_parse(arg(n, 1), &qt))
				rep(k, n, "expected a query type (A, AAAA, NS, MX, TXT, SOA, CNAME): SOA is asked");
			else
				dns_qtype = arg(n, 1);
		} else if (!strcmp(nk, "name") && type == CK_DNS) {
			if (!arg(n, 1) || !dns_name_ok(arg(n, 1)))
				rep(k, n, "expected a DNS name: the root (.) is asked");
			else
				dns_name = arg(n, 1);
		} else if (!strcmp(nk, "helo_name") && type == CK_SMTP) {
			if (!arg(n, 1) || !dns_name_ok(arg(n, 1)) || !strcmp(arg(n, 1), "."))
				rep(k, n, "havs sends a host name with EHLO/HELO: localhost is sent");
			else
				put2(k, &extra, "helo-name", arg(n, 1));
		} else if (!strcmp(nk, "enable_sni") && type == CK_TLS) {
			sni = true;
		} else if (!strcmp(nk, "http_protocol") || !strcmp(nk, "fast_recovery") ||
			   !strcmp(nk, "enable_sni")) {
			;
		} else if (!strcmp(nk, "connect_ip") || !strcmp(nk, "bindto") ||
			   !strcmp(nk, "bind_port") || !strcmp(nk, "bind_if") ||
			   !strcmp(nk, "fwmark") || !strcmp(nk, "host")) {
			rep(k, n, "havs probes the server's own address from the director's routing: ignored");
		} else if (!strcmp(nk, "helo_name")) {
			;
		} else {
			rep(k, n, "no havs equivalent: ignored");
		}
	}
	inherit(&t, up);
	put(k, cw, "check");
	if (!strcmp(kw, "MISC_CHECK")) {
		misc_check(k, c, &t, cw, misc_cmd);
		return;
	}
	if (type == CK_EXT) {
		put2(k, cw, "type", "external");
		if (t.alpha == 1)
			put2(k, cw, "initial", "down");
		return;
	}
	put2(k, cw, "type", type == CK_HTTP ? "http" : type == CK_UDP ? "udp" :
	     type == CK_DNS ? "dns" : type == CK_TLS ? "tls" :
	     type == CK_SMTP ? "smtp" : "tcp");
	if (type == CK_DNS) {
		put2(k, cw, "name", dns_name);
		put2(k, cw, "qtype", dns_qtype);
	}
	if (port > 0)
		put2(k, cw, "port", afmt(k, "%ld", port));
	interval = t.loop_ms >= 0 ? t.loop_ms : 60000;
	if (interval < 100 || interval > 3600000) {
		long v = interval < 100 ? 100 : 3600000;

		rep(k, c, "delay_loop %s: havs probes every 100ms to 1h: %s", dur(k, interval), dur(k, v));
		interval = v;
	}
	timeout = t.conn_ms >= 0 ? t.conn_ms : 5000;
	if (timeout < 10)
		timeout = 10;
	if (timeout > 600000)
		timeout = 600000;
	if (timeout >= interval) {
		long v = interval / 2;

		rep(k, c, "connect_timeout %s: havs needs a timeout shorter than the interval (delay_loop %s): %s",
		    dur(k, timeout), dur(k, interval), dur(k, v));
		timeout = v;
	}
	retry_ms = t.dbr_ms >= 0 ? t.dbr_ms : (http || ssl) ? 3000 : 1000;
	if (retry_ms < 10)
		retry_ms = 10;
	if (retry_ms > 3600000)
		retry_ms = 3600000;
	fall = (t.retry >= 0 ? t.retry : 1) + 1;
	if (fall > 100) {
		rep(k, c, "retry %ld: havs counts up to 100 failures in a row: fall 100", fall - 1);
		fall = 100;
	}
	put2(k, cw, "interval", dur(k, interval));
	put2(k, cw, "timeout", dur(k, timeout));
	put2(k, cw, "retry", dur(k, retry_ms));
	put2(k, cw, "rise", "1");
	put2(k, cw, "fall", afmt(k, "%ld", fall));
	if (t.alpha == 1)
		put2(k, cw, "initial", "down");
	for (int i = 0; i < extra.n; i++)
		put(k, cw, extra.w[i]);
	if (type == CK_HTTP && (vhost || t.vhost))
		put2(k, cw, "host", vhost ? vhost : t.vhost);
	/* keepalived sends the virtualhost as the SNI with enable_sni */
	if (type == CK_TLS && sni && (vhost || t.vhost)) {
		const char *name = vhost ? vhost : t.vhost;

		if (dns_name_ok(name) && strcmp(name, "."))
			put2(k, cw, "sni", name);
		else
			rep(k, c, "enable_sni: the virtualhost is not a host name: no SNI is sent");
	}
}

/* keepalived's checkers (keepalived.conf(5), "Virtual server(s)"). */
static bool is_checker(const char *kw)
{
	static const char *const checkers[] = {
		"HTTP_GET", "SSL_GET", "TCP_CHECK", "SMTP_CHECK", "DNS_CHECK",
		"MISC_CHECK", "BFD_CHECK", "UDP_CHECK", "PING_CHECK", "FILE_CHECK",
	};

	for (size_t i = 0; i < sizeof(checkers) / sizeof(checkers[0]); i++)
		if (!strcmp(kw, checkers[i]))
			return true;
	return false;
}

static const char *method_of(struct ka *k, const struct node *n)
{
	const char *m = arg(n, 1);

	if (!m) {
		rep(k, n, "expected NAT, DR or TUN");
		return NULL;
	}
	if (!strcasecmp(m, "NAT"))
		return "nat";
	if (!strcasecmp(m, "DR"))
		return "dr";
	if (!strcasecmp(m, "TUN")) {
		if (n->nw > 2 && !(n->nw == 4 && !strcmp(n->w[2], "type") &&
				   !strcmp(n->w[3], "ipip")))
			rep(k, n, "havs sets no tunnel type: ipip tunnels");
		return "tun";
	}
	rep(k, n, "expected NAT, DR or TUN");
	return NULL;
}

struct rs {
	const struct node *n;
	struct words srv, chk;
	char *key;			/* the check's words, joined */
	const char *addr;		/* ADDR:PORT */
	const char *cmd;		/* MISC_CHECK's misc_path */
};

static char *joined(struct ka *k, const struct words *ws)
{
	char buf[8192];
	size_t off = 0;

	buf[0] = '\0';
	for (int i = 0; i < ws->n; i++) {
		int r = snprintf(buf + off, sizeof(buf) - off, "%s%s", i ? "\x1f" : "",
				 ws->w[i]);

		if (r < 0 || (size_t)r >= sizeof(buf) - off)
			break;
		off += (size_t)r;
	}
	return astrdup(k, buf);
}

/* lb_kind's word, without reports; NULL if it is none. */
static const char *method_word(const char *m)
{
	if (!m)
		return NULL;
	return !strcasecmp(m, "NAT") ? "nat" : !strcasecmp(m, "DR") ? "dr" :
	       !strcasecmp(m, "TUN") ? "tun" : NULL;
}

/*
 * A real server of a fwmark service without a port: keepalived adds it with
 * port 0, so that each packet keeps its own. havs.conf takes servers with a
 * port: with DR and TUN the port is not used for forwarding, and the
 * checker's connect_port (which keepalived needs to probe it at all) is
 * one; with NAT every packet would be sent to it. True with *@port set, or
 * false (reported).
 */
static bool fwmark_port(struct ka *k, const struct node *n, const char *method,
			long *port)
{
	const char *m = method, *mu;
	long cp = -1;

	for (const struct node *s = n->kids; s; s = s->next) {
		if ((!strcmp(s->w[0], "lb_kind") || !strcmp(s->w[0], "lvs_method")) &&
		    method_word(arg(s, 1)))
			m = method_word(arg(s, 1));
		if (cp < 0 && is_checker(s->w[0]))
			for (const struct node *c = s->kids; c; c = c->next)
				if (!strcmp(c->w[0], "connect_port") &&
				    num(arg(c, 1), 1, 65535) != LONG_MIN)
					cp = num(arg(c, 1), 1, 65535);
	}
	mu = !strcmp(m, "dr") ? "DR" : "TUN";
	if (!strcmp(m, "nat")) {
		rep(k, n, "with NAT a fwmark service's server without a port gets each packet's own port, which havs.conf cannot say (its servers have a port from 1, and NAT would send every packet to that one): not translated (give it a port, or use DR)");
		return false;
	}
	if (cp < 0) {
		rep(k, n, "havs.conf takes servers with a port, and neither this one nor its checker's connect_port gives one: not translated (with %s the port is not used for forwarding: add connect_port to its checker and translate again)",
		    mu);
		return false;
	}
	note(k, n, "a fwmark service's server without a port: written with port %ld, its checker's connect_port (with %s the port is not used for forwarding)",
	     cp, mu);
	*port = cp;
	return true;
}

static const struct {
	const char *ka, *havs;
} scheds[] = {
	{ "rr", "havs_rr" }, { "wrr", "havs_wrr" }, { "lc", "havs_lc" },
	{ "wlc", "havs_wlc" }, { "sh", "havs_sh" }, { "mh", "havs_mh" },
};

/* Move the flag @w (a word without a value) after the KEY VALUE pairs. */
static void flag_last(struct words *ws, const char *w)
{
	for (int i = ws->head; i < ws->n; i++) {
		if (strcmp(ws->w[i], w))
			continue;
		char *f = ws->w[i];

		memmove(ws->w + i, ws->w + i + 1, sizeof(char *) * (size_t)(ws->n - i - 1));
		ws->w[ws->n - 1] = f;
		return;
	}
}

static void virtual_server(struct ka *k, const struct node *g)
{
	struct timing vt = TIMING_NONE;
	struct words sw = { .head = 3 };
	struct ka_stmt_ctx ctx = { 0 };
	const char *proto = NULL, *sched = "havs_wlc", *method = "nat";
	const struct node *ops = NULL;
	const char *sorry_method = NULL, *svc;
	const struct node *quorum_hooks[2] = { NULL, NULL };
	const struct node *sorry = NULL;
	long persist = -1;
	int af = AF_INET, ip_family = 0;
	bool fwmark = false, inhibit = false;
	char vaddr[INET6_ADDRSTRLEN] = "";
	long vport = 0, mark = 0;
	struct rs *rs = NULL;
	int nrs = 0, best = -1, bestn = 0;

	/* virtual_server ADDR [PORT] | fwmark N | group NAME */
	if (arg(g, 1) && !strcmp(arg(g, 1), "group")) {
		rep(k, g, "havs has no virtual server groups: write one virtual_server per address and port (the same real servers), and translate again");
		return;
	}
	if (arg(g, 1) && !strcmp(arg(g, 1), "fwmark")) {
		mark = num(arg(g, 2), 1, 4294967295L);
		if (mark == LONG_MIN || g->nw != 3) {
			rep(k, g, "expected fwmark 1 to 4294967295");
			return;
		}
		fwmark = true;
	} else {
		uint8_t bin[16];

		if (!arg(g, 1) || strchr(arg(g, 1), '/') ||
		    !addr_of(arg(g, 1), &af, bin, vaddr, sizeof(vaddr), NULL, NULL)) {
			rep(k, g, "expected an address and a port, or fwmark N");
			return;
		}
		vport = num(arg(g, 2), 1, 65535);
		if (vport == LONG_MIN || g->nw != 3) {
			rep(k, g, "havs services have a port from 1 to 65535 (a service of all ports: use a firewall mark, virtual_server fwmark N)");
			return;
		}
	}
	for (const struct node *n = g->kids; n; n = n->next) {
		const char *kw = n->w[0], *a1 = arg(n, 1);

		if (timing_kw(k, &vt, n, true) || !strcmp(kw, "real_server"))
			continue;
		if (!strcmp(kw, "protocol")) {
			if (a1 && (!strcasecmp(a1, "TCP") || !strcasecmp(a1, "UDP") ||
				   !strcasecmp(a1, "SCTP")))
				proto = !strcasecmp(a1, "TCP") ? "tcp" :
					!strcasecmp(a1, "UDP") ? "udp" : "sctp";
			else
				rep(k, n, "expected TCP, UDP or SCTP: keepalived ignores it");
		} else if (!strcmp(kw, "lb_algo") || !strcmp(kw, "lvs_sched")) {
			size_t i;

			if (!a1 || strlen(a1) > 15 || strchr(a1, '/')) {
				rep(k, n, "expected a scheduler");
				continue;
			}
			for (i = 0; i < sizeof(scheds) / sizeof(scheds[0]); i++)
				if (!strcmp(a1, scheds[i].ka))
					break;
			if (i < sizeof(scheds) / sizeof(scheds[0])) {
				sched = scheds[i].havs;
			} else {
				sched = a1;
				rep(k, n, "havs has no %s scheduler: the stock IPVS one is kept, and the servers are not probed (havs probes services with havs_rr, havs_wrr, havs_lc, havs_wlc, havs_sh or havs_mh)",
				    a1);
			}
		} else if (!strcmp(kw, "lb_kind") || !strcmp(kw, "lvs_method")) {
			const char *m = method_of(k, n);

			if (m)
				method = m;
		} else if (!strcmp(kw, "persistence_timeout")) {
			persist = a1 ? num(a1, 0, 2678400) : 360;
			if (persist == LONG_MIN) {
				rep(k, n, "expected 0 to 2678400 seconds");
				persist = -1;
			}
		} else if (!strcmp(kw, "sorry_server")) {
			sorry = n;
		} else if (!strcmp(kw, "sorry_server_lvs_method")) {
			sorry_method = method_of(k, n);
		} else if (!strcmp(kw, "sorry_server_inhibit")) {
			;
		} else if (!strcmp(kw, "inhibit_on_failure")) {
			inhibit = true;
		} else if (!strcmp(kw, "ip_family")) {
			if (a1 && !strcmp(a1, "inet6"))
				ip_family = AF_INET6;
			else if (a1 && !strcmp(a1, "inet"))
				ip_family = AF_INET;
			else
				rep(k, n, "expected inet or inet6");
		} else if (!strcmp(kw, "quorum_up") || !strcmp(kw, "quorum_down")) {
			quorum_hooks[kw[7] == 'u' ? 0 : 1] = n;
		} else if (!strncmp(kw, "quorum", 6) || !strcmp(kw, "hysteresis")) {
			rep(k, n, "havs has no quorum: let the service drive a tracked object with 'track NAME track-min N' in its check (N servers up, not a total weight), and have the VRRP instances follow it with track-object NAME");
		} else if (!strcmp(kw, "smtp_alert")) {
			rep(k, n, "havs sends no mail (follow 'havsadm monitor -j health' with your alerting)");
		} else if (!strcmp(kw, "ha_suspend")) {
			rep(k, n, "havs probes whether or not the address is up on this director");
		} else if (!strcmp(kw, "omega")) {
			rep(k, n, "havs runs no notify scripts");
		} else if (!strcmp(kw, "ops")) {
			ops = n;
		} else {
			rep(k, n, "no havs equivalent: ignored");
		}
	}

	/*
	 * keepalived 2.2 (check_data.c): no protocol is UDP, the kernel's
	 * default; one-packet scheduling is for UDP and fwmark services only.
	 */
	if (!proto && !fwmark) {
		proto = "udp";
		note(k, g, "keepalived makes a virtual server without protocol a UDP service: translated as udp (if TCP was meant, add 'protocol TCP' and translate again)");
	}
	if (ops && !fwmark && strcmp(proto, "udp"))
		note(k, ops, "keepalived ignores ops but for UDP and fwmark services: nothing to translate");
	else if (ops)
		rep(k, ops, "havs services have no one-packet scheduling (ipvsadm -o): each client's datagrams go to one server until the connection entry expires, not each to its own");

	/* the service */
	put(k, &sw, "service");
	if (fwmark) {
		put2(k, &sw, "fwmark", afmt(k, "%ld", mark));
		sw.head = 3;
	} else {
		put2(k, &sw, proto, addr_port(k, af, vaddr, vport));
	}
	svc = fwmark ? afmt(k, "fwmark %ld", mark) : afmt(k, "%s %s", proto, sw.w[2]);

	/* its real servers */
	for (const struct node *n = g->kids; n && !k->oom; n = n->next) {
		struct timing rt = TIMING_NONE;
		const char *m = method, *addr;
		const struct node *chk = NULL;
		struct words hk = { .head = 0 };	/* notify-up, notify-down */
		char a[INET6_ADDRSTRLEN];
		uint8_t bin[16];
		long port, weight = 1;
		int raf;
		struct rs *r;

		if (strcmp(n->w[0], "real_server"))
			continue;
		if (!arg(n, 1) || strchr(arg(n, 1), '/') ||
		    !addr_of(arg(n, 1), &raf, bin, a, sizeof(a), NULL, NULL) || n->nw > 3) {
			rep(k, n, "expected an address and a port");
			continue;
		}
		port = arg(n, 2) ? num(arg(n, 2), 1, 65535) : fwmark ? -1 : vport;
		if (port == -1 && !fwmark_port(k, n, method, &port))
			continue;
		if (port == LONG_MIN || port < 0) {
			rep(k, n, "havsadm takes real servers as ADDR:PORT with a port from 1 (with DR and TUN the port is not used for forwarding: give the service's)");
			continue;
		}
		if (fwmark && !ip_family && !ctx.have_svc && !nrs)
			ip_family = raf;
		if ((fwmark ? (ip_family ? ip_family : AF_INET) : af) != raf) {
			rep(k, n, "a real server of another address family than the service's: not translated");
			continue;
		}
		addr = addr_port(k, raf, a, port);
		for (int i = 0; i < nrs; i++) {
			if (!strcmp(rs[i].addr, addr)) {
				rep(k, n, "given twice in this virtual server");
				addr = NULL;
				break;
			}
		}
		if (!addr)
			continue;
		if (nrs == KA_SERVERS_MAX) {
			rep(k, n, "more than %d real servers", KA_SERVERS_MAX);
			break;
		}
		if (!(nrs & (nrs - 1))) {
			struct rs *nr = realloc(rs, sizeof(*rs) * (size_t)(nrs ? 2 * nrs : 1));

			if (!nr) {
				k->oom = true;
				break;
			}
			rs = nr;
		}
		r = &rs[nrs];
		memset(r, 0, sizeof(*r));
		r->n = n;
		r->addr = addr;
		r->srv.head = 2;
		r->chk.head = 1;
		put2(k, &r->srv, "server", addr);
		for (const struct node *s = n->kids; s; s = s->next) {
			const char *kw = s->w[0];

			if (timing_kw(k, &rt, s, false))
				continue;
			if (is_checker(kw)) {
				if (!chk)
					chk = s;
				else
					rep(k, s, "havs runs one probe per server: only the first checker (%s) is translated",
					    chk->w[0]);
			} else if (!strcmp(kw, "weight")) {
				weight = num(arg(s, 1), 0, 2147483647L);
				if (weight == LONG_MIN) {
					rep(k, s, "expected 0 to 2147483647: 1");
					weight = 1;
				}
			} else if (!strcmp(kw, "lb_kind") || !strcmp(kw, "lvs_method")) {
				const char *mm = method_of(k, s);

				if (mm)
					m = mm;
			} else if (!strcmp(kw, "uthreshold") || !strcmp(kw, "lthreshold")) {
				if (num(arg(s, 1), 0, 2147483647L) == LONG_MIN)
					rep(k, s, "expected 0 to 2147483647");
				else
					put2(k, &r->srv, kw, arg(s, 1));
			} else if (!strcmp(kw, "inhibit_on_failure")) {
				inhibit = true;
			} else if (!strcmp(kw, "notify_up") || !strcmp(kw, "notify_down")) {
				if (strncmp(sched, "havs_", 5))
					rep(k, s, "not run: only servers of services on a havs scheduler have a health (lb_algo %s)",
					    sched);
				else
					notify_put(k, &hk, s, kw[7] == 'u' ? "notify-up" : "notify-down");
			} else if (!strncmp(kw, "notify_", 7)) {
				rep(k, s, "no havs equivalent (havsadm agent runs a server's notify_up and notify_down)");
			} else if (!strcmp(kw, "smtp_alert")) {
				rep(k, s, "havs sends no mail (follow 'havsadm monitor -j health' with your alerting)");
			} else {
				rep(k, s, "no havs equivalent: ignored");
			}
		}
		put2(k, &r->srv, "weight", afmt(k, "%ld", weight));
		put2(k, &r->srv, "method", m);
		for (int i = 0; i < hk.n; i++)
			put(k, &r->srv, hk.w[i]);
		inherit(&rt, &vt);
		if (chk) {
			checker(k, chk, &rt, svc, addr, &r->chk, &r->cmd);
		} else {
			put(k, &r->chk, "check");
			put2(k, &r->chk, "type", "external");
		}
		r->key = joined(k, &r->chk);
		if (!r->key)
			break;
		nrs++;
	}
	if (k->oom) {
		free(rs);
		return;
	}

	/* the most common probe; the servers that differ are reported */
	for (int i = 0; i < nrs; i++) {
		int c = 0;

		for (int j = 0; j < nrs; j++)
			c += !strcmp(rs[i].key, rs[j].key);
		if (c > bestn) {
			bestn = c;
			best = i;
		}
	}
	for (int i = 0; i < nrs; i++) {
		char *shown;

		if (!strcmp(rs[i].key, rs[best].key))
			continue;
		shown = astrdup(k, rs[best].key);
		if (!shown)
			break;
		for (char *p = shown; *p; p++)
			if (*p == '\x1f')
				*p = ' ';
		rep(k, rs[i].n, "havs probes every server of a service alike: this server's checker differs from the most common one, which it gets (%s)",
		    shown);
	}

	if (fwmark && ip_family == AF_INET6)
		put(k, &sw, "inet6");
	if (fwmark)
		sw.head = ip_family == AF_INET6 ? 4 : 3;
	put2(k, &sw, "scheduler", sched);
	if (persist > 0)
		put2(k, &sw, "persistent", afmt(k, "%ld", persist));
	for (int i = 0; i < 2; i++) {
		if (!quorum_hooks[i])
			continue;
		if (strncmp(sched, "havs_", 5))
			rep(k, quorum_hooks[i], "not run: only services on a havs scheduler have servers with a health (lb_algo %s)",
			    sched);
		else
			notify_put(k, &sw, quorum_hooks[i], i ? "quorum-down" : "quorum-up");
	}
	if (!stmt_ok(k, &ctx, &sw, g, "virtual server not translated")) {
		free(rs);
		return;
	}
	if (!new_key(k, 1, afmt(k, "%s %s %s", sw.w[1], sw.w[2],
				sw.head > 3 ? sw.w[3] : ""))) {
		rep(k, g, "virtual server not translated: the same service is defined before it");
		free(rs);
		return;
	}

	{
		struct words cw = { .head = 1 };
		const char *sorry_addr = NULL;
		bool sorry_is_rs = false;

		if (best >= 0) {
			cw = rs[best].chk;
			/* MISC_CHECK: the most common command, the others per server */
			bool sh = false;

			if (rs[best].cmd && strncmp(sched, "havs_", 5)) {
				rep(k, rs[best].n, "MISC_CHECK not run: only servers of services on a havs scheduler have a health (lb_algo %s)",
				    sched);
				for (int i = 0; i < nrs; i++)
					rs[i].cmd = NULL;
			}
			for (int i = 0; i < nrs && !rs[best].cmd; i++)
				if (rs[i].cmd)
					rep(k, rs[i].n, "MISC_CHECK not run: the server gets the service's most common checker, which is not one");
			for (int i = 0; i < nrs && rs[best].cmd; i++) {
				if (rs[i].cmd && strpbrk(rs[i].cmd, SHELL_SYNTAX))
					sh = true;
				if (rs[i].cmd && strcmp(rs[i].cmd, rs[best].cmd))
					put2(k, &rs[i].srv, "command", rs[i].cmd);
			}
			if (rs[best].cmd)
				put2(k, &cw, "command", rs[best].cmd);
			if (sh) {	/* for every server's command: sh -c runs a plain one too */
				put(k, &cw, "shell");
				rep(k, rs[best].n, "a command has shell syntax: translated with 'shell' (run by /bin/sh -c)");
			}
			flag_last(&cw, "dynamic");
		} else {
			put(k, &cw, "check");
			put2(k, &cw, "type", "external");
		}
		if (sorry) {
			char a[INET6_ADDRSTRLEN];
			uint8_t bin[16];
			int saf;
			long sport = arg(sorry, 2) ? num(arg(sorry, 2), 1, 65535) :
				     fwmark ? -1 : vport;

			if (!arg(sorry, 1) ||
			    !addr_of(arg(sorry, 1), &saf, bin, a, sizeof(a), NULL, NULL) ||
			    strchr(arg(sorry, 1), '/') || sport == LONG_MIN || sport < 0) {
				rep(k, sorry, "havs takes the sorry server as ADDR:PORT with a port from 1: not translated");
			} else if (saf != (fwmark ? (ip_family ? ip_family : AF_INET) : af)) {
				rep(k, sorry, "the sorry server is of the service's address family in havs: not translated");
			} else {
				sorry_addr = addr_port(k, saf, a, sport);
				for (int i = 0; i < nrs; i++)
					sorry_is_rs |= !strcmp(rs[i].addr, sorry_addr);
			}
			if (sorry_addr && sorry_is_rs) {
				/* havs never balances to its sorry server */
				rep(k, sorry, "the sorry server is one of the real servers: havs would take it out of the balancing (a sorry server gets connections only while no other server is up), so it stays a real server and the service has no sorry server (keepalived also sends it connections while its own check fails and all are down)");
				sorry_addr = NULL;
			} else if (sorry_addr) {
				char *shown = joined(k, &cw);

				for (char *p = shown; p && *p; p++)
					if (*p == '\x1f')
						*p = ' ';
				put2(k, &cw, "sorry", sorry_addr);
				if (!strcmp(cw.w[2], "external"))
					rep(k, sorry, "keepalived never checks the sorry server; havs sends it connections only while its health is up, as for every server of the service (check type external: keep it up with 'havsadm server set %s %s health up')",
					    svc, sorry_addr);
				else
					rep(k, sorry, "keepalived never checks the sorry server; havs probes it as every server of the service (%s) and sends it connections only while that probe passes: make sure it passes, or it gets none",
					    shown ? shown : "its check");
			}
		}
		fprintf(k->out, "\n# virtual_server %s (%s:%u)\n", fwmark ? svc :
			afmt(k, "%s %ld", vaddr, vport), g->file, g->line);
		if (inhibit)
			fprintf(k->out, "# inhibit_on_failure: havs gives a server that is down weight 0 anyway\n");
		if (!nrs || best < 0 || (!strcmp(cw.w[2], "external") && !rs[best].cmd))
			fprintf(k->out, "# no probe translated: set the servers' health with 'havsadm server set %s ADDR:PORT health up|down'\n",
				svc);
		emit(k, &sw, 0);
		k->nsvc++;
		if (cw.n && stmt_ok(k, &ctx, &cw, best >= 0 ? rs[best].n : g,
				    "check not translated"))
			emit(k, &cw, 4);
		for (int i = 0; i < nrs; i++)
			if (stmt_ok(k, &ctx, &rs[i].srv, rs[i].n, "real server not translated"))
				emit(k, &rs[i].srv, 4);
		if (sorry_addr && !sorry_is_rs) {
			struct words ss = { .head = 2 };

			put2(k, &ss, "server", sorry_addr);
			put2(k, &ss, "weight", "1");
			put2(k, &ss, "method", sorry_method ? sorry_method : method);
			if (stmt_ok(k, &ctx, &ss, sorry, "sorry server not translated"))
				emit(k, &ss, 4);
		}
	}
	free(rs);
}

/* --- the file -------------------------------------------------------------- */

/* Sync groups' hooks, once their instances are known to be translated. */
static void group_hooks_emit(struct ka *k)
{
	for (int i = 0; i < k->nghooks && !k->oom; i++) {
		struct group_hooks *g = &k->ghooks[i];
		struct ka_stmt_ctx ctx = { 0 };
		bool member = false;

		for (int j = 0; j < k->nsyncs; j++)
			member |= k->syncs[j].emitted && !strcmp(k->syncs[j].group, g->name);
		if (!member) {
			rep(k, g->n, "notify scripts not translated: no instance of the group was");
			continue;
		}
		if (!stmt_ok(k, &ctx, g->ws, g->n, "notify scripts not translated"))
			continue;
		fprintf(k->out, "\n# vrrp_sync_group %s (%s:%u): notify scripts run by havsadm agent\n",
			arg(g->n, 1), g->n->file, g->n->line);
		emit(k, g->ws, 0);
	}
}

static void translate(struct ka *k)
{
	const struct node *n;

	k->def_version = 2;
	/* first what others refer to */
	for (n = k->root.kids; n; n = n->next) {
		if (!strcmp(n->w[0], "global_defs"))
			global_defs(k, n);
		else if (!strcmp(n->w[0], "vrrp_sync_group"))
			sync_group(k, n, false);
		else if (!strcmp(n->w[0], "vrrp_script") || !strcmp(n->w[0], "track_file") ||
			 !strcmp(n->w[0], "vrrp_track_file") ||
			 !strcmp(n->w[0], "vrrp_track_process"))
			script_def(k, n);
	}
	fprintf(k->out, "# havs.conf translated from %s by havsadm import-keepalived.\n"
		"# Review the reports on standard error, then: havsadm diff -f FILE\n",
		k->root.file);
	if (k->script_user) {
		struct words ws = { .head = 1 };
		struct ka_stmt_ctx ctx = { 0 };

		put(k, &ws, "agent");
		put2(k, &ws, "user", k->script_user);
		char err[256];

		if (ka_statement_ok(&ctx, ws.n, ws.w, err, sizeof(err))) {
			rep(k, k->script_user_n, "not a user name havsadm agent takes: %s", err);
			k->script_user = NULL;
		} else
			emit(k, &ws, 0);
	}
	/* the scripts, before the instances that track them */
	for (n = k->root.kids; n && !k->oom; n = n->next)
		if (!strcmp(n->w[0], "vrrp_script"))
			script_emit(k, n);
	for (n = k->root.kids; n && !k->oom; n = n->next) {
		const char *kw = n->w[0];

		if (!strcmp(kw, "vrrp_instance"))
			instance(k, n);
		else if (!strcmp(kw, "virtual_server"))
			virtual_server(k, n);
		else if (!strcmp(kw, "vrrp_sync_group"))
			sync_group(k, n, true);
		else if (!strcmp(kw, "global_defs") || !strcmp(kw, "vrrp_script") ||
			 !strcmp(kw, "track_file") || !strcmp(kw, "vrrp_track_file") ||
			 !strcmp(kw, "vrrp_track_process"))
			;
		else if (!strcmp(kw, "virtual_server_group"))
			rep(k, n, "havs has no virtual server groups: write one virtual_server per address and port");
		else if (!strncmp(kw, "static_", 7) || !strcmp(kw, "linkbeat_interfaces") ||
			 !strcmp(kw, "garp_group") || !strcmp(kw, "track_group"))
			rep(k, n, "havs configures no addresses, routes or rules of its own (use your network configuration)");
		else if (!strcmp(kw, "bfd_instance"))
			rep(k, n, "havs has no BFD");
		else if (!strcmp(kw, "net_namespace") || !strcmp(kw, "net_namespace_ipvs"))
			rep(k, n, "run 'havsadm -n NAME apply -f FILE' to configure another network namespace");
		else
			rep(k, n, "unknown keyword: ignored");
	}
	group_hooks_emit(k);
	if (k->lvs_sync_ws) {
		char err[256];
		struct sync_conf c;

		sync_conf_defaults(&c);
		if (sync_conf_parse(&c, k->lvs_sync_ws->n - 1, k->lvs_sync_ws->w + 1,
				    ~0u, err, sizeof(err))) {
			rep(k, k->lvs_sync, "%s", err);
		} else {
			fprintf(k->out, "\n# %s (%s:%u): IPVS connection sync; failback waits for it\n",
				k->lvs_sync->w[0], k->lvs_sync->file, k->lvs_sync->line);
			emit(k, k->lvs_sync_ws, 0);
		}
	} else if (k->lvs_sync) {
		rep(k, k->lvs_sync, "no translated vrrp_instance %s to follow",
		    k->lvs_sync_inst);
	}
}

static void ka_free(struct ka *k)
{
	while (k->chunks) {
		struct chunk *c = k->chunks;

		k->chunks = c->next;
		free(c);
	}
	for (int i = 0; i < k->nreps; i++)
		free(k->reps[i].text);
	free(k->reps);
	free(k->ml_buf);
	free(k->syncs);
	free(k->scripts);
	free(k->ghooks);
	free(k->keys);
}

/* keepalived's default config id: the node name up to its first dot. */
static const char *default_config_id(struct ka *k)
{
	struct utsname u;

	if (uname(&u))
		return "";
	u.nodename[strcspn(u.nodename, ".")] = '\0';
	return astrdup(k, u.nodename);
}

int ka_import(const char *path, const char *buf, size_t len,
	      unsigned int flags, const char *config_id, FILE *out, FILE *err)
{
	struct ka *k = calloc(1, sizeof(*k));
	char *text = NULL;
	size_t tlen = 0;
	int rc = KA_OK;

	if (!k) {
		fprintf(err, "%s: out of memory\n", path);
		return KA_UNREAD;
	}
	k->out = open_memstream(&text, &tlen);
	if (!k->out) {
		fprintf(err, "%s: out of memory\n", path);
		free(k);
		return KA_UNREAD;
	}
	k->err = err;
	k->flags = flags;
	k->ml_var = -1;
	k->stack[0] = &k->root;
	k->root.file = path;
	if (!buf && !strcmp(path, "-"))
		k->root.file = "(stdin)";
	k->config_id_given = config_id;
	k->config_id = config_id ? config_id : default_config_id(k);
	if (!k->config_id)
		k->config_id = "";
	if (ka_file(k, path, buf ? buf : NULL, buf ? len : 0, 0))
		rc = KA_UNREAD;
	if (!k->fatal && !k->oom && k->depth)
		fatal(k, k->stack[k->depth]->file, k->stack[k->depth]->line,
		      "the block of \"%s\" is not closed", k->stack[k->depth]->w[0]);
	if (k->oom && !k->fatal)
		fatal(k, path, 0, "too large to translate (more than %u MiB of statements)",
		      KA_MEM_MAX >> 20);
	if (k->fatal)
		rc = KA_UNREAD;
	if (!rc) {
		translate(k);
		if (k->oom) {
			fprintf(err, "%s: too large to translate\n", path);
			rc = KA_UNREAD;
		}
	}
	fclose(k->out);
	if (!rc) {
		print_reports(k);
		if (!k->ninst && !k->nsvc) {
			fprintf(err, "%s: nothing translated: no vrrp_instance and no virtual_server could be translated (nothing written)\n",
				k->root.file);
			rc = KA_NOTHING;
		} else {
			fwrite(text, 1, tlen, out);
		}
	}
	free(text);
	ka_free(k);
	free(k);
	return rc;
}

int cmd_import_keepalived(const struct opts *o, int argc, char **argv)
{
	const char *file = NULL, *id = NULL;

	(void)o;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--config-id")) {
			if (i + 1 == argc) {
				fprintf(stderr, "havsadm: import-keepalived: \"%s\" needs a config id\n",
					argv[i]);
				return EXIT_USAGE;
			}
			if (id)
				goto twice;
			id = argv[++i];
		} else if (!strncmp(argv[i], "--config-id=", 12)) {
			if (id)
				goto twice;
			id = argv[i] + 12;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "havsadm: import-keepalived: unknown option \"%s\"; see 'havsadm import-keepalived --help'\n",
				argv[i]);
			return EXIT_USAGE;
		} else if (file || !*argv[i]) {
			fprintf(stderr, "havsadm: import-keepalived: expected one file (-: standard input), not \"%s\"; see 'havsadm import-keepalived --help'\n",
				argv[i]);
			return EXIT_USAGE;
		} else {
			file = argv[i];
		}
	}
	if (!file) {
		fprintf(stderr, "havsadm: import-keepalived: expected one file (-: standard input); see 'havsadm import-keepalived --help'\n");
		return EXIT_USAGE;
	}
	/* a missing file is the command line's fault, said as such */
	if (strcmp(file, "-")) {
		FILE *f = fopen(file, "r");
		int err = errno;

		if (!f) {
			fprintf(stderr, "havsadm: import-keepalived: cannot open %s: %s\n",
				file, strerror(err));
			return err == ENOENT ? EXIT_NOFILE : EXIT_FAIL;
		}
		fclose(f);
	}
	switch (ka_import(file, NULL, 0, 0, id, stdout, stderr)) {
	case KA_OK:
		return EXIT_OK;
	case KA_NOTHING:
		return EXIT_INVALID;
	default:
		return EXIT_FAIL;
	}
twice:
	fprintf(stderr, "havsadm: import-keepalived: \"--config-id\" given twice; see 'havsadm import-keepalived --help'\n");
	return EXIT_USAGE;
}
