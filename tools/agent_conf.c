// SPDX-License-Identifier: GPL-2.0
/*
 * The statements and words of havs.conf(5) that only havsadm agent reads:
 * script, sync-group, agent; notify-*, instance on vrrp; quorum-* on
 * service; command, dynamic, user, shell on check; command, notify-* on
 * server. conf.c hands them here; apply ignores them, except that a
 * script's tracked object is created like a track statement's.
 * Free of libnl: the host tests and the fuzz targets link it with conf.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "../kmod/uapi/linux/havs.h"

#define ERR(...) do { snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

static const char *const hook_words[AH_MAX] = {
	[AH_MASTER] = "notify-master", [AH_BACKUP] = "notify-backup",
	[AH_FAULT] = "notify-fault", [AH_STOP] = "notify-stop",
	[AH_NOTIFY] = "notify", [AH_UP] = "notify-up", [AH_DOWN] = "notify-down",
	[AH_QUORUM_UP] = "quorum-up", [AH_QUORUM_DOWN] = "quorum-down",
	[AH_COMMAND] = "command",
};

const char *agent_hook_word(enum agent_hook h)
{
	return hook_words[h];
}

bool agent_is_statement(const char *word)
{
	return !strcmp(word, "script") || !strcmp(word, "sync-group") ||
	       !strcmp(word, "agent");
}

void agent_argv_free(char **argv)
{
	for (int i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

int agent_split_argv(const char *line, char ***argv_out, int *argc_out,
		     const char **why)
{
	size_t len = strlen(line);
	char **argv = calloc(AGENT_ARGS_MAX + 1, sizeof(*argv));
	char *word = malloc(len + 1);
	const char *p = line;
	int argc = 0;

	*argv_out = NULL;
	*argc_out = 0;
	if (!argv || !word) {
		*why = "out of memory";
		goto fail;
	}
	for (;;) {
		size_t wl = 0;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n') {
			if (*p == '\'') {
				for (p++; *p && *p != '\''; p++)
					word[wl++] = *p;
				if (!*p) {
					*why = "unterminated ' in the command";
					goto fail;
				}
				p++;
			} else if (*p == '"') {
				for (p++; *p && *p != '"'; p++) {
					if (*p == '\\' && p[1] && strchr("\"\\$`", p[1]))
						p++;
					word[wl++] = *p;
				}
				if (!*p) {
					*why = "unterminated \" in the command";
					goto fail;
				}
				p++;
			} else if (*p == '\\') {
				if (!p[1]) {
					*why = "a backslash ends the command";
					goto fail;
				}
				word[wl++] = p[1];
				p += 2;
			} else {
				word[wl++] = *p++;
			}
		}
		if (argc == AGENT_ARGS_MAX) {
			*why = "more than 256 words in the command";
			goto fail;
		}
		argv[argc] = malloc(wl + 1);
		if (!argv[argc]) {
			*why = "out of memory";
			goto fail;
		}
		memcpy(argv[argc], word, wl);
		argv[argc++][wl] = '\0';
	}
	if (!argc) {
		*why = "the command is empty";
		goto fail;
	}
	if (!argv[0][0]) {
		*why = "the command's program is an empty word";
		goto fail;
	}
	free(word);
	*argv_out = argv;
	*argc_out = argc;
	return 0;
fail:
	free(word);
	agent_argv_free(argv);
	return -1;
}

static void cmd_free(struct agent_cmd *c)
{
	if (!c)
		return;
	free(c->line);
	agent_argv_free(c->argv);
	free(c->user);
	memset(c, 0, sizeof(*c));
}

/* @c from the file's word @line: split, unless run by the shell. */
static int cmd_set(struct agent_cmd *c, const char *key, const char *line,
		   char *err, size_t errlen)
{
	const char *why;

	cmd_free(c);
	c->line = strdup(line);
	if (!c->line)
		ERR("out of memory");
	if (agent_split_argv(line, &c->argv, &c->argc, &why))
		ERR("%s \"%s\": %s", key, line, why);
	return 0;
}

static bool user_ok(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 32 || s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("_.-$", s[i]))
			return false;
	return true;
}

static bool instance_ok(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > AGENT_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isgraph((unsigned char)s[i]))
			return false;
	return true;
}

static int set_str(char **dst, const char *val, char *err, size_t errlen)
{
	free(*dst);
	*dst = strdup(val);
	if (!*dst)
		ERR("out of memory");
	return 0;
}

static struct agent_conf *agent_of(struct conf *cf)
{
	if (!cf->agent) {
		cf->agent = calloc(1, sizeof(*cf->agent));
		if (cf->agent) {
			cf->agent->max_children = AGENT_MAX_CHILDREN_DEFAULT;
			cf->agent->notify_timeout_ms = AGENT_NOTIFY_TIMEOUT_MS;
		}
	}
	return cf->agent;
}

static void *grow(void **arr, unsigned int *n, unsigned int *cap, size_t size)
{
	char *p = *arr;

	if (*n == *cap) {
		unsigned int c = *cap ? *cap * 2 : 8;

		if (*n >= 1000000)
			return NULL;
		p = realloc(p, (size_t)c * size);
		if (!p)
			return NULL;
		*arr = p;
		*cap = c;
	}
	p += (size_t)(*n)++ * size;
	memset(p, 0, size);
	return p;
}

/* interval 1s, timeout = interval, rise 1, fall 1: keepalived's defaults */
static int do_script(struct agent_conf *a, char **w, int n, unsigned int line,
		     char *err, size_t errlen)
{
	struct agent_script s = { .interval_ms = 1000, .rise = 1, .fall = 1,
				  .initial_up = true, .line = line };
	bool has_timeout = false;
	unsigned long v;

	if (n < 2 || !track_name_ok(w[1]))
		ERR("script: expected script NAME command CMD ...; names are 1 to 31 characters of A-Z a-z 0-9 _ . : -");
	for (unsigned int i = 0; i < a->nscripts; i++)
		if (!strcmp(a->scripts[i].name, w[1]))
			ERR("script %s: already described at line %u", w[1],
			    a->scripts[i].line);
	snprintf(s.name, sizeof(s.name), "%s", w[1]);
	for (int i = 2; i < n; i++) {
		const char *key = w[i], *val = i + 1 < n ? w[i + 1] : NULL;

		if (!strcmp(key, "shell")) {
			s.cmd.shell = true;
			continue;
		}
		if (!val) {
			cmd_free(&s.cmd);
			ERR("script %s: \"%s\" needs a value", s.name, key);
		}
		i++;
		if (!strcmp(key, "command")) {
			if (cmd_set(&s.cmd, key, val, err, errlen))
				goto fail;
		} else if (!strcmp(key, "interval")) {
			if (parse_duration_ms(val, 100, 3600000, &s.interval_ms)) {
				snprintf(err, errlen, "script %s: interval \"%s\": expected 100ms to 1h",
					 s.name, val);
				goto fail;
			}
		} else if (!strcmp(key, "timeout")) {
			if (parse_duration_ms(val, 10, 600000, &s.timeout_ms)) {
				snprintf(err, errlen, "script %s: timeout \"%s\": expected 10ms to 10m",
					 s.name, val);
				goto fail;
			}
			has_timeout = true;
		} else if (!strcmp(key, "rise") || !strcmp(key, "fall")) {
			if (parse_uint(val, 1, 255, &v)) {
				snprintf(err, errlen, "script %s: %s \"%s\": expected 1 to 255",
					 s.name, key, val);
				goto fail;
			}
			*(key[0] == 'r' ? &s.rise : &s.fall) = v;
		} else if (!strcmp(key, "user")) {
			if (!user_ok(val)) {
				snprintf(err, errlen, "script %s: user \"%s\" is not a user name",
					 s.name, val);
				goto fail;
			}
			if (set_str(&s.cmd.user, val, err, errlen))
				goto fail;
		} else if (!strcmp(key, "initial")) {
			if (strcmp(val, "up") && strcmp(val, "down")) {
				snprintf(err, errlen, "script %s: initial \"%s\": expected up or down",
					 s.name, val);
				goto fail;
			}
			s.initial_up = !strcmp(val, "up");
		} else {
			snprintf(err, errlen, "script %s: unknown setting \"%s\"", s.name, key);
			goto fail;
		}
	}
	if (!s.cmd.line) {
		snprintf(err, errlen, "script %s: command is required", s.name);
		goto fail;
	}
	if (!has_timeout)
		s.timeout_ms = s.interval_ms;
	struct agent_script *p = grow((void **)&a->scripts, &a->nscripts,
				      &a->scriptcap, sizeof(*p));
	if (!p) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	*p = s;
	return 0;
fail:
	cmd_free(&s.cmd);
	return -1;
}

static int do_agent(struct agent_conf *a, char **w, int n, unsigned int line,
		    char *err, size_t errlen)
{
	unsigned long v;

	if (a->line)
		ERR("agent: already described at line %u", a->line);
	a->line = line;
	for (int i = 1; i < n; i += 2) {
		const char *key = w[i], *val = i + 1 < n ? w[i + 1] : NULL;

		if (!val)
			ERR("agent: \"%s\" needs a value", key);
		if (!strcmp(key, "user")) {
			if (!user_ok(val))
				ERR("agent: user \"%s\" is not a user name", val);
			if (set_str(&a->user, val, err, errlen))
				return -1;
		} else if (!strcmp(key, "max-children")) {
			if (parse_uint(val, 1, 4096, &v))
				ERR("agent: max-children \"%s\": expected 1 to 4096", val);
			a->max_children = v;
		} else if (!strcmp(key, "notify-timeout")) {
			if (parse_duration_ms(val, 100, 3600000, &a->notify_timeout_ms))
				ERR("agent: notify-timeout \"%s\": expected 100ms to 1h", val);
		} else if (!strcmp(key, "events")) {
			if (val[0] != '/')
				ERR("agent: events \"%s\": expected an absolute path", val);
			if (set_str(&a->events, val, err, errlen))
				return -1;
		} else {
			ERR("agent: unknown setting \"%s\"", key);
		}
	}
	return 0;
}

static bool hook_allowed(enum agent_on on, enum agent_hook h)
{
	switch (on) {
	case AGENT_ON_VRRP:
		return h <= AH_NOTIFY;
	case AGENT_ON_SERVICE:
		return h == AH_QUORUM_UP || h == AH_QUORUM_DOWN;
	case AGENT_ON_CHECK:
		return h == AH_COMMAND;
	case AGENT_ON_SERVER:
		return h == AH_UP || h == AH_DOWN || h == AH_COMMAND;
	}
	return false;
}

static int hook_set(struct agent_hooks *h, enum agent_hook k, const char *val,
		    char *err, size_t errlen)
{
	if (!h->cmd[k]) {
		h->cmd[k] = calloc(1, sizeof(*h->cmd[k]));
		if (!h->cmd[k])
			ERR("out of memory");
	} else {
		ERR("%s: given twice", hook_words[k]);
	}
	return cmd_set(h->cmd[k], hook_words[k], val, err, errlen);
}

/* sync-group NAME notify-master|notify-backup|notify-fault|notify CMD ... */
static int do_group(struct agent_conf *a, char **w, int n, unsigned int line,
		    char *err, size_t errlen)
{
	struct agent_group *g;
	int i;

	if (n < 4 || !track_name_ok(w[1]))
		ERR("sync-group: expected sync-group NAME notify-master|notify-backup|notify-fault|notify CMD ...");
	for (unsigned int j = 0; j < a->ngroups; j++)
		if (!strcmp(a->groups[j].name, w[1]))
			ERR("sync-group %s: already described at line %u", w[1],
			    a->groups[j].line);
	g = grow((void **)&a->groups, &a->ngroups, &a->groupcap, sizeof(*g));
	if (!g)
		ERR("out of memory");
	snprintf(g->name, sizeof(g->name), "%s", w[1]);
	g->line = line;
	for (i = 2; i < n; i += 2) {
		enum agent_hook k;

		for (k = 0; k < AH_MAX; k++)
			if (!strcmp(w[i], hook_words[k]))
				break;
		if (k > AH_NOTIFY || k == AH_STOP) {
			snprintf(err, errlen, "sync-group %s: unknown setting \"%s\" (notify-master, notify-backup, notify-fault, notify)",
				 g->name, w[i]);
			goto fail;
		}
		if (i + 1 >= n) {
			snprintf(err, errlen, "sync-group %s: \"%s\" needs a value", g->name, w[i]);
			goto fail;
		}
		if (hook_set(&g->hooks, k, w[i + 1], err, errlen))
			goto fail;
	}
	return 0;
fail:
	for (int k = 0; k < AH_MAX; k++) {
		cmd_free(g->hooks.cmd[k]);
		free(g->hooks.cmd[k]);
	}
	a->ngroups--;
	return -1;
}

int agent_statement(struct conf *cf, char **words, int n, unsigned int line,
		    const char **track, bool *up, char *err, size_t errlen)
{
	struct agent_conf *a = agent_of(cf);

	*track = NULL;
	if (!a)
		ERR("out of memory");
	if (!strcmp(words[0], "agent"))
		return do_agent(a, words, n, line, err, errlen);
	if (!strcmp(words[0], "sync-group"))
		return do_group(a, words, n, line, err, errlen);
	if (do_script(a, words, n, line, err, errlen))
		return -1;
	*track = a->scripts[a->nscripts - 1].name;
	*up = a->scripts[a->nscripts - 1].initial_up;
	return 0;
}

int agent_take(struct agent_hooks **hooks, enum agent_on on, char **words,
	       int *n, int first, unsigned int line, char *err, size_t errlen)
{
	struct agent_hooks *h = *hooks;
	bool *taken;
	int i = first, out;

	if (first >= *n)	/* nothing after the statement's fixed words */
		return 0;
	taken = calloc(*n + 1, sizeof(*taken));
	if (!taken)
		ERR("out of memory");
	/* first read, then take the words out: on an error they stay */
	while (i < *n) {
		const char *key = words[i];
		bool flag = on == AGENT_ON_CHECK &&
			    (!strcmp(key, "dynamic") || !strcmp(key, "shell"));
		bool mine = flag;
		enum agent_hook k;

		for (k = 0; !mine && k < AH_MAX; k++)
			if (!strcmp(key, hook_words[k]) && hook_allowed(on, k)) {
				mine = true;
				break;
			}
		if (!mine && ((on == AGENT_ON_VRRP && !strcmp(key, "instance")) ||
			      (on == AGENT_ON_CHECK && !strcmp(key, "user"))))
			mine = true;
		if (!mine) {
			i += 2;		/* KEY VALUE pairs stay, in order */
			continue;
		}
		if (!flag && i + 1 >= *n) {
			snprintf(err, errlen, "\"%s\" needs a value", key);
			goto fail;
		}
		if (!h) {
			h = calloc(1, sizeof(*h));
			if (!h) {
				snprintf(err, errlen, "out of memory");
				goto fail;
			}
			*hooks = h;
		}
		h->line = line;
		if (on == AGENT_ON_CHECK)
			h->check_line = line;
		if (!strcmp(key, "dynamic")) {
			h->dynamic = true;
		} else if (!strcmp(key, "shell")) {
			h->shell = true;
		} else if (!strcmp(key, "user")) {
			if (!user_ok(words[i + 1])) {
				snprintf(err, errlen, "user \"%s\" is not a user name",
					 words[i + 1]);
				goto fail;
			}
			if (set_str(&h->user, words[i + 1], err, errlen))
				goto fail;
		} else if (!strcmp(key, "instance")) {
			if (!instance_ok(words[i + 1])) {
				snprintf(err, errlen, "instance \"%s\": expected 1 to %d printable characters",
					 words[i + 1], AGENT_NAME_MAX);
				goto fail;
			}
			snprintf(h->instance, sizeof(h->instance), "%s", words[i + 1]);
		} else if (hook_set(h, k, words[i + 1], err, errlen)) {
			goto fail;
		}
		taken[i] = true;
		if (!flag)
			taken[i + 1] = true;
		i += flag ? 1 : 2;
	}
	for (i = out = first; i < *n; i++) {
		if (taken[i])
			free(words[i]);
		else
			words[out++] = words[i];
	}
	*n = out;
	free(taken);
	return 0;
fail:
	free(taken);
	return -1;
}

void agent_hooks_free(struct agent_hooks *h)
{
	if (!h)
		return;
	for (int k = 0; k < AH_MAX; k++) {
		cmd_free(h->cmd[k]);
		free(h->cmd[k]);
	}
	free(h->user);
	free(h);
}

void agent_conf_free(struct agent_conf *a)
{
	if (!a)
		return;
	for (unsigned int i = 0; i < a->nscripts; i++)
		cmd_free(&a->scripts[i].cmd);
	for (unsigned int i = 0; i < a->ngroups; i++)
		for (int k = 0; k < AH_MAX; k++) {
			cmd_free(a->groups[i].hooks.cmd[k]);
			free(a->groups[i].hooks.cmd[k]);
		}
	free(a->scripts);
	free(a->groups);
	free(a->user);
	free(a->events);
	free(a);
}

static void cerr(agent_err_fn fn, void *ctx, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void cerr(agent_err_fn fn, void *ctx, unsigned int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fn(ctx, line, msg);
}

static bool hooks_any(const struct agent_hooks *h)
{
	for (int k = 0; h && k < AH_MAX; k++)
		if (h->cmd[k])
			return true;
	return false;
}

void agent_conf_check(const struct conf *cf, agent_err_fn fn, void *ctx)
{
	const struct agent_conf *a = cf->agent;

	for (unsigned int i = 0; i < cf->nsvcs; i++) {
		const struct conf_svc *s = &cf->svcs[i];
		const struct agent_hooks *h = s->hooks;
		bool ext = s->has_check && s->check.type == HAVS_CHECK_EXTERNAL;

		if (h && h->check_line && !ext)
			cerr(fn, ctx, h->check_line,
			     "check: command, dynamic, user and shell are for checks of type external");
		else if (h && h->check_line && !h->cmd[AH_COMMAND] &&
			 (h->dynamic || h->shell || h->user))
			cerr(fn, ctx, h->check_line, "check: dynamic, user and shell need a command");
		else if (h && h->cmd[AH_COMMAND] && !sched_is_havs(s->c.sched))
			cerr(fn, ctx, h->check_line,
			     "check: command needs a havs scheduler (servers without health have nothing to set)");
		if (h && (h->cmd[AH_QUORUM_UP] || h->cmd[AH_QUORUM_DOWN]) &&
		    !sched_is_havs(s->c.sched))
			cerr(fn, ctx, s->line,
			     "service: quorum-up and quorum-down need a havs scheduler (servers without health have no quorum)");
		for (unsigned int j = 0; j < s->nsrv; j++) {
			const struct agent_hooks *v = s->srv[j].hooks;

			if (v && v->cmd[AH_COMMAND] && !ext)
				cerr(fn, ctx, s->srv[j].line,
				     "server: command is for services whose check is of type external");
			if (v && (v->cmd[AH_UP] || v->cmd[AH_DOWN]) &&
			    !sched_is_havs(s->c.sched))
				cerr(fn, ctx, s->srv[j].line,
				     "server: notify-up and notify-down need a havs scheduler (the server has no health otherwise)");
		}
	}
	for (unsigned int i = 0; i < cf->nvrrps; i++) {
		const struct agent_hooks *h = cf->vrrps[i].hooks;

		if (!h || !h->instance[0])
			continue;
		for (unsigned int j = 0; j < i; j++)
			if (cf->vrrps[j].hooks &&
			    !strcmp(cf->vrrps[j].hooks->instance, h->instance))
				cerr(fn, ctx, cf->vrrps[i].line,
				     "vrrp: instance %s is named at line %u too",
				     h->instance, cf->vrrps[j].line);
	}
	for (unsigned int i = 0; a && i < a->ngroups; i++) {
		bool used = false;

		for (unsigned int j = 0; j < cf->nvrrps; j++)
			if (!strcmp(cf->vrrps[j].c.sync_group, a->groups[i].name))
				used = true;
		if (!used)
			cerr(fn, ctx, a->groups[i].line,
			     "sync-group %s: no vrrp statement is in it (sync-group %s)",
			     a->groups[i].name, a->groups[i].name);
	}
}

bool agent_conf_needed(const struct conf *cf)
{
	if (cf->agent && (cf->agent->nscripts || cf->agent->ngroups))
		return true;
	for (unsigned int i = 0; i < cf->nvrrps; i++)
		if (hooks_any(cf->vrrps[i].hooks))
			return true;
	for (unsigned int i = 0; i < cf->nsvcs; i++) {
		if (hooks_any(cf->svcs[i].hooks))
			return true;
		for (unsigned int j = 0; j < cf->svcs[i].nsrv; j++)
			if (hooks_any(cf->svcs[i].srv[j].hooks))
				return true;
	}
	return false;
}
