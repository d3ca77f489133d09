// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of what havsadm agent reads (tools/agent_conf.c through
 * tools/conf.c): the script, sync-group and agent statements, the hooks on
 * vrrp, service, check and server statements, their errors with the line,
 * and the splitting of commands into argv. One "ok"/"not ok" line per
 * test; exit 1 on failure.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/agent.h"
#include "../../kmod/uapi/linux/havs.h"

#define UNIT_NAME "agent"
#include "unit.h"

const char *prog = "test_agent";

void errmsg(const char *fmt, ...)
{
	(void)fmt;
}

static int parse(struct conf *cf, const char *text, char **errs)
{
	size_t len = 0;
	FILE *f = open_memstream(errs, &len);
	int n = conf_parse(cf, "t.conf", text, strlen(text), f);

	fclose(f);
	return n;
}

static const char example[] =
	"agent user nobody max-children 4 events /run/havs/events notify-timeout 5s\n"
	"script chk_web command \"/usr/lib/check 'a b' \\\\\\\"x\\\\\\\"\" interval 2s timeout 1s\n"
	"    rise 2 fall 3 user www-data\n"
	"script chk_sh command \"test -e /run/x && exit 1\" shell initial down\n"
	"vrrp dev eth0 vrid 51 address 10.0.0.100 track-object chk_web weight -50\n"
	"    instance VI_1 notify-master \"/bin/m 1\" notify /bin/n sync-group G1\n"
	"    priority 150\n"
	"vrrp dev eth0 vrid 52 address 10.0.0.101 sync-group G1 notify-stop /bin/s\n"
	"sync-group G1 notify-master /bin/gm notify \"/bin/gn x\"\n"
	"service tcp 10.0.0.100:80 quorum-up /bin/qu quorum-down \"/bin/qd now\"\n"
	"    check type external command \"/bin/chk --port 80\" interval 2s timeout 1s dynamic\n"
	"        user nobody\n"
	"    server 10.1.0.2:80 weight 10 notify-up /bin/up notify-down /bin/down\n"
	"    server 10.1.0.3:80 command /bin/other\n";

static int t_parse(void)
{
	struct conf cf = { 0 };
	const struct agent_conf *a;
	const struct agent_hooks *h;
	char *errs;
	int ok = 1;

	CHECK(parse(&cf, example, &errs) == 0);
	if (*errs)
		fprintf(stderr, "%s", errs);
	free(errs);
	a = cf.agent;
	CHECK(a && a->user && !strcmp(a->user, "nobody"));
	CHECK(a && a->max_children == 4 && a->notify_timeout_ms == 5000);
	CHECK(a && a->events && !strcmp(a->events, "/run/havs/events"));
	CHECK(a && a->nscripts == 2 && a->ngroups == 1);
	if (a && a->nscripts == 2) {
		const struct agent_script *s = &a->scripts[0];

		CHECK(!strcmp(s->name, "chk_web") && s->interval_ms == 2000 &&
		      s->timeout_ms == 1000 && s->rise == 2 && s->fall == 3);
		CHECK(s->cmd.argc == 3 && !strcmp(s->cmd.argv[1], "a b") &&
		      !strcmp(s->cmd.argv[2], "\"x\"") && !s->cmd.argv[3]);
		CHECK(s->cmd.user && !strcmp(s->cmd.user, "www-data") && !s->cmd.shell);
		s = &a->scripts[1];
		/* keepalived's defaults: 1 s, timeout = interval, rise 1, fall 1 */
		CHECK(s->interval_ms == 1000 && s->timeout_ms == 1000 &&
		      s->rise == 1 && s->fall == 1 && s->cmd.shell && !s->initial_up);
		CHECK(!strcmp(s->cmd.line, "test -e /run/x && exit 1"));
	}
	/* a script's object exists as a track statement's would */
	CHECK(cf.ntracks == 2 && !strcmp(cf.tracks[0].name, "chk_web") &&
	      cf.tracks[0].up && !cf.tracks[1].up);
	CHECK(cf.nvrrps == 2);
	h = cf.nvrrps == 2 ? cf.vrrps[0].hooks : NULL;
	CHECK(h && !strcmp(h->instance, "VI_1") && h->cmd[AH_MASTER] &&
	      h->cmd[AH_MASTER]->argc == 2 && h->cmd[AH_NOTIFY] &&
	      !h->cmd[AH_BACKUP]);
	/* the VRRP words are the kernel's as before */
	CHECK(cf.nvrrps == 2 && cf.vrrps[0].c.priority == 150 &&
	      !strcmp(cf.vrrps[0].c.sync_group, "G1") && cf.vrrps[0].c.ntracks == 1);
	CHECK(a && a->ngroups == 1 && a->groups[0].hooks.cmd[AH_MASTER] &&
	      a->groups[0].hooks.cmd[AH_NOTIFY]->argc == 2);
	CHECK(cf.nsvcs == 1);
	if (cf.nsvcs == 1) {
		const struct conf_svc *s = &cf.svcs[0];

		h = s->hooks;
		CHECK(h && h->cmd[AH_QUORUM_UP] && h->cmd[AH_QUORUM_DOWN]->argc == 2);
		CHECK(h && h->cmd[AH_COMMAND] && h->cmd[AH_COMMAND]->argc == 3 &&
		      h->dynamic && h->user && !strcmp(h->user, "nobody"));
		CHECK(s->check.type == HAVS_CHECK_EXTERNAL && s->check.interval_ms == 2000);
		CHECK(s->nsrv == 2 && s->srv[0].c.weight == 10 && s->srv[0].hooks &&
		      s->srv[0].hooks->cmd[AH_UP] && s->srv[0].hooks->cmd[AH_DOWN]);
		CHECK(s->nsrv == 2 && s->srv[1].hooks &&
		      !strcmp(s->srv[1].hooks->cmd[AH_COMMAND]->argv[0], "/bin/other"));
	}
	CHECK(agent_conf_needed(&cf));
	conf_free(&cf);
	/* a file without any of it needs no agent */
	CHECK(parse(&cf, "vrrp dev eth0 vrid 1 address 10.0.0.1\n", &errs) == 0);
	free(errs);
	CHECK(!agent_conf_needed(&cf) && !cf.agent);
	conf_free(&cf);
	return ok;
}

static int t_errors(void)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "script x\n", "t.conf:1: script x: command is required" },
		{ "script 'x' command /bin/true\n", "t.conf:1: script: expected script NAME" },
		{ "script x command /bin/true interval 10ms\n", "t.conf:1: script x: interval \"10ms\"" },
		{ "script x command /bin/true rise 0\n", "t.conf:1: script x: rise \"0\"" },
		{ "script x command /bin/true frob 1\n", "t.conf:1: script x: unknown setting \"frob\"" },
		{ "script x command /bin/true user \"a b\"\n", "t.conf:1: script x: user \"a b\" is not a user name" },
		{ "script x command \"/bin/a 'b\"\n", "t.conf:1: command \"/bin/a 'b\": unterminated '" },
		{ "script x command \"  \"\n", "t.conf:1: command \"  \": the command is empty" },
		{ "script x command /bin/true\nscript x command /bin/true\n", "t.conf:2: script x: already described at line 1" },
		{ "track x\nscript x command /bin/true\n", "t.conf:2: script x: the object is described at line 1" },
		{ "script x command /bin/true\ntrack x\n", "t.conf:2: track x: already described at line 1" },
		{ "agent max-children 0\n", "t.conf:1: agent: max-children \"0\"" },
		{ "agent events run/x\n", "t.conf:1: agent: events \"run/x\": expected an absolute path" },
		{ "agent\nagent\n", "t.conf:2: agent: already described at line 1" },
		{ "vrrp dev eth0 vrid 1 address 10.0.0.1 notify-master\n", "t.conf:1: vrrp: \"notify-master\" needs a value" },
		{ "vrrp dev eth0 vrid 1 address 10.0.0.1 notify-up /x\n", "t.conf:1: vrrp: unknown keyword \"notify-up\"" },
		{ "vrrp dev eth0 vrid 1 address 10.0.0.1 notify /x notify /y\n", "t.conf:1: vrrp: notify: given twice" },
		{ "vrrp dev eth0 vrid 1 address 10.0.0.1 instance A\nvrrp dev eth0 vrid 2 address 10.0.0.2 instance A\n",
		  "t.conf:2: vrrp: instance A is named at line 1 too" },
		{ "sync-group G notify /x\n", "t.conf:1: sync-group G: no vrrp statement is in it" },
		{ "vrrp dev eth0 vrid 1 address 10.0.0.1 sync-group G\nsync-group G notify-stop /x\n",
		  "t.conf:2: sync-group G: unknown setting \"notify-stop\"" },
		{ "service tcp 10.0.0.1:80\n    check type tcp command /x\n",
		  "t.conf:2: check: command, dynamic, user and shell are for checks of type external" },
		{ "service tcp 10.0.0.1:80\n    check type external dynamic\n",
		  "t.conf:2: check: dynamic, user and shell need a command" },
		{ "service tcp 10.0.0.1:80 scheduler rr\n    check type external command /x\n",
		  "t.conf:2: check: command needs a havs scheduler" },
		{ "service tcp 10.0.0.1:80\n    server 10.1.0.1:80 command /x\n",
		  "t.conf:2: server: command is for services whose check is of type external" },
		{ "service tcp 10.0.0.1:80 scheduler wrr\n    server 10.1.0.1:80 notify-up /x\n",
		  "t.conf:2: server: notify-up and notify-down need a havs scheduler" },
		{ "service tcp 10.0.0.1:80 scheduler rr quorum-up /x\n",
		  "t.conf:1: service: quorum-up and quorum-down need a havs scheduler" },
		{ "service tcp 10.0.0.1:80 notify-up /x\n", "t.conf:1: service: " },
		{ "service tcp 10.0.0.1:80\n    check type external command /x user \"\"\n",
		  "t.conf:2: check: user \"\" is not a user name" },
		{ "frob\n", "expected track, vrrp, announce, sync, service, script, sync-group, agent, include or define" },
	};
	int ok = 1;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct conf cf = { 0 };
		char *errs;
		int n = parse(&cf, cases[i].text, &errs);

		/* "t.conf:LINE: MESSAGE" as FILE:LINE[:COL]: error: MESSAGE */
		const char *sep = strstr(cases[i].want, ": "), *msg = cases[i].want;
		char where[32] = "";

		if (!strncmp(cases[i].want, "t.conf:", 7) && sep) {
			snprintf(where, sizeof(where), "%.*s", (int)(sep - cases[i].want),
				 cases[i].want);
			msg = sep + 2;
		}
		if (!n || strncmp(errs, where, strlen(where)) ||
		    (where[0] && errs[strlen(where)] != ':') || !strstr(errs, msg)) {
			fprintf(stderr, "  case %zu: want \"%s\", got (%d errors) \"%s\"\n",
				i, cases[i].want, n, errs);
			ok = 0;
		}
		free(errs);
		conf_free(&cf);
	}
	return ok;
}

static int t_split(void)
{
	static const struct {
		const char *line;
		int argc;
		const char *want[5];
	} good[] = {
		{ "/bin/true", 1, { "/bin/true" } },
		{ "  a\tb  c ", 3, { "a", "b", "c" } },
		{ "a 'b c' \"d e\"", 3, { "a", "b c", "d e" } },
		{ "a 'it''s' x\\ y", 3, { "a", "its", "x y" } },
		{ "a \"\\\"q\\\" \\\\ \\$HOME \\n\"", 2, { "a", "\"q\" \\ $HOME \\n" } },
		{ "a '' \"\"", 3, { "a", "", "" } },
		{ "a 'b'\"c\"d", 2, { "a", "bcd" } },
		{ "pidof -s haproxy", 3, { "pidof", "-s", "haproxy" } },
	};
	static const char *const bad[] = {
		"", "   ", "a 'b", "a \"b", "a \\", "'' b",
	};
	int ok = 1;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		const char *why = NULL;
		char **argv;
		int argc;

		current = good[i].line;
		if (agent_split_argv(good[i].line, &argv, &argc, &why)) {
			fprintf(stderr, "  \"%s\": refused: %s\n", good[i].line, why);
			ok = 0;
			continue;
		}
		CHECK(argc == good[i].argc && !argv[argc]);
		for (int j = 0; j < argc && j < good[i].argc; j++)
			CHECK(!strcmp(argv[j], good[i].want[j]));
		agent_argv_free(argv);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *why = NULL;
		char **argv;
		int argc;

		current = bad[i];
		CHECK(agent_split_argv(bad[i], &argv, &argc, &why) == -1 && why &&
		      !argv);
	}
	/* 256 words at most */
	{
		char line[1024] = "";
		const char *why;
		char **argv;
		int argc;

		for (int i = 0; i < 257; i++)
			strcat(line, "a ");
		current = "257 words";
		CHECK(agent_split_argv(line, &argv, &argc, &why) == -1);
		line[2 * 256] = '\0';
		CHECK(agent_split_argv(line, &argv, &argc, &why) == 0 && argc == 256);
		agent_argv_free(argv);
	}
	return ok;
}

int main(void)
{
	run("statements and hooks read", t_parse);
	run("every error, with its line", t_errors);
	run("commands split into argv, quotes honoured", t_split);
	return failed ? 1 : 0;
}
