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

#include "havsadm.h"
#include "../kmod/version.h"

const char *prog = "havsadm";

static int cmd_help(const struct opts *o, int argc, char **argv);

const struct cmd havsadm_cmds[] = {
	{ .name = "version", .run = cmd_version, .usage = "",
	  .summary = "print the versions of havsadm and of the loaded havs module" },
	{ .name = "vrrp", .run = cmd_vrrp, .usage = "add|del|show ...",
	  .summary = "VRRP instances (see 'havsadm vrrp help')", .multi = true },
	{ .name = "monitor", .run = cmd_monitor, .usage = "[vrrp|health|track|all] [-t|--timestamp]",
	  .summary = "print events (VRRP state changes, server health changes, tracked objects) as they happen" },
	{ .name = "track", .run = cmd_track, .usage = "set|del|show ...",
	  .summary = "tracked objects VRRP instances follow (see 'havsadm track help')",
	  .multi = true },
	{ .name = "check", .run = cmd_check, .usage = "set|del|show|settings ...",
	  .summary = "health probes of real servers (see 'havsadm check help')",
	  .multi = true },
	{ .name = "service", .run = cmd_service, .usage = "add|set|del|show ...",
	  .summary = "IPVS services, as ipvsadm manages them (see 'havsadm service help')",
	  .multi = true },
	{ .name = "server", .run = cmd_server, .usage = "add|set|del|show ...",
	  .summary = "real servers of IPVS services, and the health of external checks (see 'havsadm server help')",
	  .multi = true },
	{ .name = "stats", .run = cmd_stats, .usage = "[--prometheus]",
	  .summary = "counters of the namespace; with --prometheus every instance's and server's, as metrics" },
	{ .name = "apply", .run = cmd_apply, .usage = "-f FILE",
	  .summary = "make the namespace match a configuration file (havs.conf(5)), changing only what differs" },
	{ .name = "diff", .run = cmd_diff, .usage = "-f FILE",
	  .summary = "print the commands apply would run, changing nothing" },
	{ .name = "show", .run = cmd_show, .usage = "config",
	  .summary = "print the running state as a configuration file", .multi = true },
	{ .name = "agent", .run = cmd_agent, .usage = "[-f FILE] [--needed]",
	  .summary = "run the scripts, external checks and notify hooks of a configuration file (havs.conf(5)) until stopped" },
	{ .name = "import-keepalived", .run = cmd_import_keepalived, .usage = "[--config-id ID] FILE",
	  .summary = "translate a keepalived.conf into havs.conf on standard output; what cannot be translated is listed on standard error (@ID lines: as keepalived -i ID)" },
	{ .name = "help", .run = cmd_help, .usage = "[COMMAND]",
	  .summary = "show help for havsadm or a command" },
	{ .name = NULL },
};

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
		"\n"
		"Commands:\n", prog);
	for (const struct cmd *c = havsadm_cmds; c->name; c++)
		if ((int)strlen(c->name) > w)
			w = strlen(c->name);
	for (const struct cmd *c = havsadm_cmds; c->name; c++)
		fprintf(f, "  %-*s %s\n", w, c->name, c->summary);
	fprintf(f, "\nRun '%s COMMAND --help' for a command's arguments; see havsadm(8).\n",
		prog);
}

static void cmd_usage(const struct cmd *c)
{
	printf("Usage: %s %s %s\n\n%s\n", prog, c->name, c->usage, c->summary);
}

static int cmd_help(const struct opts *o, int argc, char **argv)
{
	const struct cmd *c;

	(void)o;
	if (argc < 2) {
		usage(stdout);
		return EXIT_OK;
	}
	c = cmd_lookup(havsadm_cmds, argv[1]);
	if (!c) {
		errmsg("help: unknown command \"%s\"", argv[1]);
		return EXIT_USAGE;
	}
	if (c->multi) {
		char *args[] = { argv[1], "help", NULL };

		return c->run(o, 2, args);
	}
	cmd_usage(c);
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

	if (argc < 2)
		return dflt(o, 0, NULL);
	if (is_help_flag(argv[1])) {
		printf("Usage: %s %s COMMAND [ARGUMENTS]\n\n", prog, group);
		for (c = table; c->name; c++)
			printf("%s %s %s %s\n    %s\n\n", prog, group, c->name,
			       c->usage, c->summary);
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
	if (argc > 2 && is_help_flag(argv[2])) {
		printf("Usage: %s %s %s %s\n\n%s\n", prog, group, c->name,
		       c->usage, c->summary);
		return EXIT_OK;
	}
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
	if (argc > 1 && is_help_flag(argv[1]) && !c->multi) {
		cmd_usage(c);
		return EXIT_OK;
	}
	return c->run(o, argc, argv);
}

#define BATCH_MAX_WORDS 128

/*
 * -b FILE: one command per line, words separated by blanks, '#' starts a
 * comment; stop at the first command that fails and say which line it was
 * (--force: say so and go on; the status is the first failure's). One
 * process for thousands of commands.
 */
static int run_batch(const struct opts *o, const char *path, bool force)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *line = NULL, *words[BATCH_MAX_WORDS], *w, *save;
	unsigned int lineno = 0;
	size_t cap = 0;
	int n, rc = EXIT_OK, first = EXIT_OK;

	if (!f) {
		errmsg("batch: cannot open %s: %s", path, strerror(errno));
		return EXIT_FAIL;
	}
	while (rc == EXIT_OK && getline(&line, &cap, f) >= 0) {
		lineno++;
		n = 0;
		for (w = strtok_r(line, " \t\r\n", &save); w && *w != '#';
		     w = strtok_r(NULL, " \t\r\n", &save)) {
			if (n == BATCH_MAX_WORDS) {
				errmsg("batch %s:%u: more than %d words", path,
				       lineno, BATCH_MAX_WORDS);
				rc = EXIT_USAGE;
				break;
			}
			words[n++] = w;
		}
		if (rc || !n)
			continue;
		rc = havsadm_run(o, n, words);
		fflush(stdout);	/* in order with the errors of later lines */
		if (rc && force) {
			errmsg("batch %s:%u: failed (exit %d), going on", path, lineno, rc);
			if (!first)
				first = rc;
			rc = EXIT_OK;
		} else if (rc) {
			errmsg("batch %s:%u: stopped here (exit %d)", path, lineno, rc);
		}
	}
	if (rc == EXIT_OK && ferror(f)) {
		errmsg("batch: reading %s failed", path);
		rc = EXIT_FAIL;
	}
	free(line);
	if (f != stdin)
		fclose(f);
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
	int ch, rc;

	/* '+': options end at the command, which parses its own. */
	while ((ch = getopt_long(argc, argv, "+jn:Vhb:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'b':
			batch = optarg;
			break;
		case 'F':
			force = true;
			break;
		case 'j':
			o.json = true;
			break;
		case 'n':
			o.netns = optarg;
			break;
		case 'V':
			printf("havsadm %s\n", HAVS_VERSION);
			return EXIT_OK;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
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
	/* Unknown commands and help need no namespace. */
	if (!batch && (!cmd_lookup(havsadm_cmds, argv[optind]) ||
		       (argc - optind > 1 && is_help_flag(argv[optind + 1]))))
		return havsadm_run(&o, argc - optind, argv + optind);
	if (o.netns) {
		rc = enter_netns(o.netns);
		if (rc)
			return rc;
	}
	if (batch)
		return run_batch(&o, batch, force);
	return havsadm_run(&o, argc - optind, argv + optind);
}
