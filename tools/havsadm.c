// SPDX-License-Identifier: GPL-2.0
/*
 * havsadm: control the havs kernel module over generic netlink.
 *
 * One table of subcommands; each parses its own arguments, talks to the
 * kernel through nl.c and prints text or JSON (-j).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "havsadm.h"
#include "../kmod/version.h"

const char *prog = "havsadm";

static int cmd_help(const struct opts *o, int argc, char **argv);

const struct cmd havsadm_cmds[] = {
	{ .name = "version", .run = cmd_version, .usage = "",
	  .summary = "print the versions of havsadm and of the loaded havs module",
	  .json = true },
	{ .name = "vrrp", .run = cmd_vrrp, .usage = "add|set|del|show ...",
	  .summary = "VRRP instances (see 'havsadm vrrp help')", .multi = true },
	{ .name = "monitor", .run = cmd_monitor, .usage = "[vrrp|health|track|announce|all] [-t|--timestamp]",
	  .summary = "print events (vrrp, health, track, announce) as they happen",
	  .json = true },
	{ .name = "track", .run = cmd_track, .usage = "set|del|show ...",
	  .summary = "objects VRRP instances track (see 'havsadm track help')",
	  .multi = true },
	{ .name = "announce", .run = cmd_announce, .usage = "add|set|del|show ...",
	  .summary = "health-gated VIPs for ECMP (see 'havsadm announce help')",
	  .multi = true },
	{ .name = "check", .run = cmd_check, .usage = "set|del|show|settings ...",
	  .summary = "health probes of real servers (see 'havsadm check help')",
	  .multi = true },
	{ .name = "sync", .run = cmd_sync, .usage = "add|del|show ...",
	  .summary = "IPVS connection sync (see 'havsadm sync help')",
	  .multi = true },
	{ .name = "service", .run = cmd_service, .usage = "add|set|del|show ...",
	  .summary = "IPVS services (see 'havsadm service help')",
	  .multi = true },
	{ .name = "server", .run = cmd_server, .usage = "add|set|del|show ...",
	  .summary = "real servers and their health (see 'havsadm server help')",
	  .multi = true },
	{ .name = "stats", .run = cmd_stats, .usage = "[--prometheus]",
	  .summary = "counters of the namespace; with --prometheus, all as metrics",
	  .json = true },
	{ .name = "apply", .run = cmd_apply, .usage = "[--check] -f FILE",
	  .summary = "make the namespace match a havs.conf(5) file" },
	{ .name = "diff", .run = cmd_diff, .usage = "-f FILE",
	  .summary = "print the commands apply would run, changing nothing" },
	{ .name = "show", .run = cmd_show, .usage = "config",
	  .summary = "print the running state as a configuration file", .multi = true },
	{ .name = "agent", .run = cmd_agent, .usage = "[-f FILE] [--needed]",
	  .summary = "run a havs.conf's scripts, external checks and notify hooks" },
	{ .name = "import-keepalived", .run = cmd_import_keepalived, .usage = "[--config-id ID] FILE",
	  .summary = "translate a keepalived.conf into a havs.conf" },
	{ .name = "help", .run = cmd_help, .usage = "[COMMAND]",
	  .summary = "show help for havsadm or a command" },
	{ .name = NULL },
};

#define HELP_WIDTH 80

/**
 * print_wrapped() - print words within HELP_WIDTH columns
 * @f: where to
 * @text: words separated by blanks or newlines
 * @col: the column the cursor is at
 * @indent: the column continuation lines start at
 *
 * A word longer than a line stands on a line of its own. Ends the line.
 */
void print_wrapped(FILE *f, const char *text, int col, int indent)
{
	const char *w = text;
	bool first = true;
	int len, depth;

	while (*w == ' ' || *w == '\n')
		w++;
	while (*w) {
		/* a word, or a bracketed group: "[weight W]" stays whole */
		for (len = 0, depth = 0; w[len]; len++) {
			if (w[len] == '[')
				depth++;
			else if (w[len] == ']' && depth)
				depth--;
			else if ((w[len] == ' ' || w[len] == '\n') && !depth)
				break;
		}
		if (!first && col + 1 + len > HELP_WIDTH) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', f);
			col++;
		}
		for (int i = 0; i < len; i++)	/* a group's newlines too */
			fputc(w[i] == '\n' ? ' ' : w[i], f);
		col += len;
		first = false;
		w += len;
		while (*w == ' ' || *w == '\n')
			w++;
	}
	fputc('\n', f);
}

static void usage(FILE *f)
{
	int w = 0;

	fprintf(f,
		"Usage: %s [OPTIONS] COMMAND [ARGUMENTS]\n"
		"\n"
		"Options:\n"
		"  -j, --json         print JSON instead of text\n"
		"  -n, --netns NAME   act in network namespace NAME (/run/netns/NAME)\n"
		"  -b, --batch FILE   run the commands of FILE ('-': stdin), one per line\n"
		"      --force        with -b, go on after a command that fails\n"
		"  -V, --version      print havsadm's version and exit\n"
		"  -h, --help         print this help and exit\n"
		"-j and -n may also follow the command (and its subcommand), or end the\n"
		"line; after a '--' there, every word is an argument.\n"
		"\n"
		"Commands:\n", prog);
	for (const struct cmd *c = havsadm_cmds; c->name; c++)
		if ((int)strlen(c->name) > w)
			w = strlen(c->name);
	for (const struct cmd *c = havsadm_cmds; c->name; c++) {
		fprintf(f, "  %-*s ", w, c->name);
		print_wrapped(f, c->summary, w + 3, w + 3);
	}
	fprintf(f, "\nRun '%s COMMAND --help' for a command's arguments; see havsadm(8).\n",
		prog);
}

/**
 * cmd_usage() - print a command's help, within 80 columns
 * @group: its group ("vrrp"), NULL for a command of havsadm's own table
 * @c: the command
 */
void cmd_usage(const char *group, const struct cmd *c)
{
	int col = printf("Usage: %s %s%s%s%s", prog, group ? group : "",
			 group ? " " : "", c->name, *c->usage ? " " : "");

	print_wrapped(stdout, c->usage, col, 8);
	putchar('\n');
	print_wrapped(stdout, c->summary, 0, 0);
}

/* -j given to a command that prints no JSON: refused, never ignored. */
int refuse_json(const struct opts *o, const char *what)
{
	if (!o->json)
		return EXIT_OK;
	errmsg("%s: -j: this prints no JSON", what);
	return EXIT_USAGE;
}

static int cmd_help(const struct opts *o, int argc, char **argv)
{
	const struct cmd *c;

	if (argc < 2) {
		usage(stdout);
		return EXIT_OK;
	}
	c = cmd_lookup(havsadm_cmds, argv[1]);
	if (!c) {
		errmsg("help: unknown command \"%s\"", argv[1]);
		return EXIT_USAGE;
	}
	if (argc > 2) {
		errmsg("help: unexpected argument \"%s\"", argv[2]);
		return EXIT_USAGE;
	}
	if (c->multi) {
		char *args[] = { argv[1], "help", NULL };

		return c->run(o, 2, args);
	}
	cmd_usage(NULL, c);
	return EXIT_OK;
}

/**
 * cmd_dispatch() - run a subcommand of a command group ("vrrp add ...")
 * @group: the group's name
 * @table: its subcommands
 * @footer: printed after the list in the group's help (may be NULL)
 * @dflt: run when no subcommand is given
 * @o: global options
 * @argc: arguments, the group's name first
 * @argv: arguments
 *
 * Return: the subcommand's exit code, or %EXIT_USAGE.
 */
int cmd_dispatch(const char *group, const struct cmd *table,
		 const char *footer,
		 int (*dflt)(const struct opts *o, int argc, char **argv),
		 const struct opts *o, int argc, char **argv)
{
	const struct cmd *c;
	char what[64];

	if (argc < 2) {
		for (c = table; c->name && c->run != dflt; c++)
			;
		snprintf(what, sizeof(what), "%s %s", group,
			 c->name ? c->name : "");
		if (c->name && !c->json && refuse_json(o, what))
			return EXIT_USAGE;
		return dflt(o, 0, NULL);
	}
	if (is_help_flag(argv[1])) {
		if (refuse_json(o, group))
			return EXIT_USAGE;
		if (argc > 3) {
			errmsg("%s %s: unexpected argument \"%s\"", group,
			       argv[1], argv[3]);
			return EXIT_USAGE;
		}
		if (argc == 3) {
			c = cmd_lookup(table, argv[2]);
			if (!c) {
				errmsg("%s %s: unknown command \"%s\"", group,
				       argv[1], argv[2]);
				return EXIT_USAGE;
			}
			cmd_usage(group, c);
			return EXIT_OK;
		}
		printf("Usage: %s %s COMMAND [ARGUMENTS]\n\n", prog, group);
		for (c = table; c->name; c++) {
			print_wrapped(stdout, c->usage,
				      printf("%s %s %s%s", prog, group, c->name,
					     *c->usage ? " " : ""), 8);
			printf("    ");
			print_wrapped(stdout, c->summary, 4, 4);
			putchar('\n');
		}
		if (footer)
			fputs(footer, stdout);
		return EXIT_OK;
	}
	c = cmd_lookup(table, argv[1]);
	if (!c) {
		errmsg("%s: unknown command \"%s\"; try '%s %s help'", group,
		       argv[1], prog, group);
		return EXIT_USAGE;
	}
	snprintf(what, sizeof(what), "%s %s", group, c->name);
	if (argc > 2 && is_help_flag(argv[2])) {
		if (refuse_json(o, what))
			return EXIT_USAGE;
		cmd_usage(group, c);
		return EXIT_OK;
	}
	if (!c->json && refuse_json(o, what))
		return EXIT_USAGE;
	return c->run(o, argc - 2, argv + 2);
}

/* Look a command up and run it; @argv[0] is its name. */
int havsadm_run(const struct opts *o, int argc, char **argv)
{
	const struct cmd *c = cmd_lookup(havsadm_cmds, argv[0]);

	if (!c) {
		errmsg("unknown or ambiguous command \"%s\"; try '%s help'",
		       argv[0], prog);
		return EXIT_USAGE;
	}
	if (c->multi)
		return c->run(o, argc, argv);
	if (argc > 1 && is_help_flag(argv[1])) {
		if (refuse_json(o, c->name))
			return EXIT_USAGE;
		cmd_usage(NULL, c);
		return EXIT_OK;
	}
	if (!c->json && refuse_json(o, c->name))
		return EXIT_USAGE;
	return c->run(o, argc, argv);
}

/*
 * One global option at @argv[*i], if it is one: -j, --json, -n NAME,
 * --netns NAME, --netns=NAME. Returns 1 (taken, *i moved past it), 0 (not
 * an option of ours) or -1 (refused, said).
 */
static int take_opt(struct opts *o, int argc, char **argv, int *i,
		    bool netns_ok)
{
	const char *w = argv[*i], *name;

	if (!strcmp(w, "-j") || !strcmp(w, "--json")) {
		o->json = true;
		(*i)++;
		return 1;
	}
	if (!strncmp(w, "--netns=", 8)) {
		name = w + 8;
		(*i)++;
	} else if (!strcmp(w, "-n") || !strcmp(w, "--netns")) {
		if (*i + 1 >= argc) {
			errmsg("%s needs a NAME (a network namespace)", w);
			return -1;
		}
		name = argv[*i + 1];
		*i += 2;
	} else {
		return 0;
	}
	if (!netns_ok) {
		errmsg("%s in a batch line: give it before -b", w);
		return -1;
	}
	if (o->netns) {
		errmsg("%s \"%s\": a network namespace was given already (\"%s\")",
		       w, name, o->netns);
		return -1;
	}
	if (!*name) {
		errmsg("%s: empty network namespace name", w);
		return -1;
	}
	o->netns = name;
	return 1;
}

/**
 * hoist_opts() - take the global options that follow a command
 * @o: options to fill
 * @argc: words of the command line, the command first; updated
 * @argv: the words; the options are removed
 * @netns_ok: whether -n may be given (not in a batch line)
 *
 * As "havsadm vrrp show -j" or "havsadm check show -n NS": -j and -n are
 * taken right after the command (and a group's subcommand) and at the end
 * of the line, where no command takes a word that starts with '-' as a
 * value. A "--" right after the command (and subcommand) ends this: every
 * word after it is the command's ("check set -- tcp ... payload -j").
 *
 * Return: %EXIT_OK or %EXIT_USAGE (said).
 */
static int hoist_opts(struct opts *o, int *argc, char **argv, bool netns_ok)
{
	const struct cmd *c = cmd_lookup(havsadm_cmds, argv[0]);
	bool sub = c && c->multi, dashdash = false;
	int n = *argc, i = 1, k = 1, end, r, j;

	if (!c)
		return EXIT_OK;
	for (;;) {
		if (i >= n)
			break;
		r = take_opt(o, n, argv, &i, netns_ok);
		if (r < 0)
			return EXIT_USAGE;
		if (r)
			continue;
		if (!strcmp(argv[i], "--")) {
			i++;
			dashdash = true;
			break;
		}
		if (sub && argv[i][0] != '-') {
			argv[k++] = argv[i++];
			sub = false;
			continue;
		}
		break;
	}
	end = n;
	while (!dashdash && end > i) {
		const char *w = argv[end - 1];

		j = end - 1;
		if (!strcmp(w, "-j") || !strcmp(w, "--json") ||
		    !strncmp(w, "--netns=", 8)) {
			if (take_opt(o, end, argv, &j, netns_ok) < 0)
				return EXIT_USAGE;
			end--;
			continue;
		}
		if (!strcmp(w, "-n") || !strcmp(w, "--netns")) {
			errmsg("%s needs a NAME (a network namespace)", w);
			return EXIT_USAGE;
		}
		j = end - 2;
		if (j >= i && (!strcmp(argv[j], "-n") ||
			       !strcmp(argv[j], "--netns"))) {
			if (take_opt(o, end, argv, &j, netns_ok) < 0)
				return EXIT_USAGE;
			end -= 2;
			continue;
		}
		break;
	}
	while (i < end)
		argv[k++] = argv[i++];
	*argc = k;
	return EXIT_OK;
}

/*
 * -b FILE: one command per statement, read as havs.conf(5) is read (quotes,
 * comments, indented continuation lines; no include or define), whole
 * before the first command runs: a file with a mistake runs none. Stop at the first command that fails and
 * say which line it was (--force: say so and go on; the status is the
 * first failure's). One process for thousands of commands.
 */
static int run_batch(const struct opts *o, const char *path, bool force)
{
	int rc = EXIT_OK, first = EXIT_OK, errors;
	struct conf_cmd *cmds;
	unsigned int n;

	errors = conf_read_cmds(path, &cmds, &n, stderr);
	if (errors < 0) {
		errmsg("batch: cannot open %s: %s", path, errors == -EFBIG ?
		       "larger than 64 MiB" : strerror(-errors));
		return errors == -ENOENT ? EXIT_NOFILE : EXIT_FAIL;
	}
	if (errors) {
		errmsg("batch %s: no command run: the file has errors", path);
		return EXIT_USAGE;
	}
	for (unsigned int i = 0; i < n && rc == EXIT_OK; i++) {
		struct opts lo = *o;	/* a command's -j is its own */
		char **words;
		int nw = cmds[i].n;

		words = malloc(nw * sizeof(*words));
		if (!words) {
			errmsg("out of memory");
			rc = EXIT_FAIL;
			break;
		}
		memcpy(words, cmds[i].words, nw * sizeof(*words));
		rc = hoist_opts(&lo, &nw, words, false);
		if (!rc)
			rc = havsadm_run(&lo, nw, words);
		free(words);
		fflush(stdout);	/* in order with the errors of later lines */
		if (rc && force) {
			errmsg("batch %s:%u: failed (exit %d), going on", path,
			       cmds[i].line, rc);
			if (!first)
				first = rc;
			rc = EXIT_OK;
		} else if (rc) {
			errmsg("batch %s:%u: stopped here (exit %d)", path,
			       cmds[i].line, rc);
		}
	}
	conf_cmds_free(cmds, n);
	return rc ? rc : first;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "netns", required_argument, NULL, 'n' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ "batch", required_argument, NULL, 'b' },
		{ "force", no_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	const char *batch = NULL;
	bool force = false;
	struct opts o = { 0 };
	int ch, rc, n, early = 0;	/* -V or -h: once the options are read */

	/*
	 * '+': options end at the command, which parses its own. ':': say
	 * what is wrong ourselves, as "havsadm: ...": getopt would name the
	 * program by argv[0], which may be a path.
	 */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+:jn:Vhb:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'b':
			if (batch) {
				errmsg("-b \"%s\": -b was given already (\"%s\")",
				       optarg, batch);
				return EXIT_USAGE;
			}
			batch = optarg;
			break;
		case 'F':
			force = true;
			break;
		case 'j':
			o.json = true;
			break;
		case 'n':
			if (o.netns) {
				errmsg("-n \"%s\": a network namespace was given already (\"%s\")",
				       optarg, o.netns);
				return EXIT_USAGE;
			}
			o.netns = optarg;
			break;
		case 'V':
		case 'h':
			if (!early)
				early = ch;
			break;
		case ':':
			errmsg("%s needs a value", argv[optind - 1]);
			usage(stderr);
			return EXIT_USAGE;
		default:
			if (optopt)
				errmsg("unknown option \"-%c\"", optopt);
			else
				errmsg("unknown option \"%s\"", argv[optind - 1]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (early && refuse_json(&o, early == 'V' ? "-V" : "-h"))
		return EXIT_USAGE;
	if (early == 'V') {
		printf("havsadm %s\n", HAVS_VERSION);
		return EXIT_OK;
	}
	if (early == 'h') {
		usage(stdout);
		return EXIT_OK;
	}
	if (force && !batch) {
		errmsg("--force goes with -b");
		usage(stderr);
		return EXIT_USAGE;
	}
	if (batch ? optind < argc : optind >= argc) {
		if (batch)
			errmsg("-b takes the commands from a file, not from the command line");
		usage(stderr);
		return EXIT_USAGE;
	}
	n = argc - optind;
	if (!batch) {
		rc = hoist_opts(&o, &n, argv + optind, true);
		if (rc)
			return rc;
	}
	/* Unknown commands and help need no namespace. */
	if (!batch && (!cmd_lookup(havsadm_cmds, argv[optind]) ||
		       (n > 1 && is_help_flag(argv[optind + 1]))))
		return havsadm_run(&o, n, argv + optind);
	if (o.netns) {
		rc = enter_netns(o.netns);
		if (rc)
			return rc;
	}
	if (batch)
		return run_batch(&o, batch, force);
	return havsadm_run(&o, n, argv + optind);
}
