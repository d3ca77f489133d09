// SPDX-License-Identifier: GPL-2.0
/*
 * havsadm: control the havs kernel module over generic netlink.
 *
 * One table of subcommands; each parses its own arguments, talks to the
 * kernel through nl.c and prints text or JSON (-j).
 */
#include <getopt.h>
#include <stdio.h>
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
	{ .name = "monitor", .run = cmd_monitor, .usage = "[vrrp|all] [-t|--timestamp]",
	  .summary = "print events (VRRP state changes) as they happen" },
	{ .name = "track", .run = cmd_track, .usage = "set|del|show ...",
	  .summary = "tracked objects VRRP instances follow (see 'havsadm track help')",
	  .multi = true },
	{ .name = "help", .run = cmd_help, .usage = "[COMMAND]",
	  .summary = "show help for havsadm or a command" },
	{ .name = NULL },
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [OPTIONS] COMMAND [ARGUMENTS]\n"
		"\n"
		"Options:\n"
		"  -j, --json         print JSON instead of text\n"
		"  -n, --netns NAME   act in network namespace NAME (/run/netns/NAME)\n"
		"  -V, --version      print havsadm's version and exit\n"
		"  -h, --help         print this help and exit\n"
		"\n"
		"Commands:\n", prog);
	for (const struct cmd *c = havsadm_cmds; c->name; c++)
		fprintf(f, "  %-10s %s\n", c->name, c->summary);
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

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "netns", required_argument, NULL, 'n' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { 0 };
	const struct cmd *c;
	int ch, rc;

	/* '+': options end at the command, which parses its own. */
	while ((ch = getopt_long(argc, argv, "+jn:Vh", longopts, NULL)) != -1) {
		switch (ch) {
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
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	c = cmd_lookup(havsadm_cmds, argv[optind]);
	if (!c) {
		errmsg("unknown or ambiguous command \"%s\"; try '%s help'",
		       argv[optind], prog);
		return EXIT_USAGE;
	}
	if (argc - optind > 1 && is_help_flag(argv[optind + 1]) && !c->multi) {
		cmd_usage(c);
		return EXIT_OK;
	}
	if (o.netns) {
		rc = enter_netns(o.netns);
		if (rc)
			return rc;
	}
	return c->run(&o, argc - optind, argv + optind);
}
