// SPDX-License-Identifier: GPL-2.0
/*
 * havsadm apply|diff -f FILE and havsadm show config: the configuration
 * file (conf.c) against the kernel's state of the namespace. What apply
 * does is a list of ordinary havsadm commands, which diff prints: one
 * code path for the command line and the file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

/*
 * Read and check a file: EXIT_OK, or EXIT_INVALID with every error said.
 * With @host, also against this host (its interfaces); otherwise nothing
 * here is looked at, the kernel least of all (apply --check).
 */
static int load_file(const char *path, struct conf *cf, bool host)
{
	const struct conf_read_opts o = { .host = host, .known_scheds = true };
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	int errors = conf_load(cf, path, &o, stderr);

	if (errors == -EFBIG) {
		errmsg("%s: larger than %d MiB", name, CONF_FILE_MAX >> 20);
		return EXIT_INVALID;
	}
	if (errors < 0) {
		errmsg("cannot open %s: %s", name, strerror(-errors));
		return errors == -ENOENT ? EXIT_NOFILE : EXIT_FAIL;
	}
	if (errors) {
		errmsg("%s: %s: %d error%s", name, host ? "not applied" : "not valid",
		       errors, errors > 1 ? "s" : "");
		return EXIT_INVALID;
	}
	return EXIT_OK;
}

/* The kernel's state of the namespace, in a stable order: one reading. */
static int load_running_once(struct conf *cf)
{
	int rc = track_conf_load(cf);

	if (!rc)
		rc = vrrp_conf_load(cf);
	if (!rc)
		rc = announce_conf_load(cf);
	if (!rc)
		rc = sync_conf_load(cf);
	if (!rc)
		rc = ipvs_conf_load(cf);
	if (!rc)
		rc = check_conf_load(cf);
	if (rc)
		return rc;
	conf_sort(cf);
	return EXIT_OK;
}

/*
 * A reading during which objects came or went (a dump marked
 * NLM_F_DUMP_INTR) may miss some: read again, a few times, rather than
 * plan changes from it.
 */
static int load_running(struct conf *cf)
{
	unsigned int before;
	int rc, tries;

	havs_nl_dump_intr_quiet = true;
	for (tries = 0; tries < 5; tries++) {
		before = havs_nl_dump_intr;
		rc = load_running_once(cf);
		if (rc || havs_nl_dump_intr == before)
			break;
		conf_free(cf);	/* and zeroes it for the next reading */
	}
	havs_nl_dump_intr_quiet = false;
	if (!rc && tries == 5) {
		errmsg("the configuration changed while it was read, five times in a row: try again");
		rc = EXIT_FAIL;
	}
	return rc;
}

/* -f FILE, and for apply --check */
static int file_arg(const char *cmd, int argc, char **argv, const char **path,
		    bool *check)
{
	*path = NULL;
	for (int i = 1; i < argc; i++) {
		if (check && !strcmp(argv[i], "--check") && !*check) {
			*check = true;
		} else if ((!strcmp(argv[i], "-f") || !strcmp(argv[i], "--file")) &&
			   i + 1 < argc && !*path) {
			*path = argv[++i];
		} else {
			errmsg("%s: unexpected \"%s\"", cmd, argv[i]);
			*path = NULL;
			break;
		}
	}
	if (*path)
		return EXIT_OK;
	errmsg("%s: expected %s-f FILE ('-': standard input); see 'havsadm help %s'",
	       cmd, check ? "[--check] " : "", cmd);
	return EXIT_USAGE;
}

/* The file and the kernel, compared: the changes, or an exit code. */
static int plan(const char *cmd, int argc, char **argv, struct conf_actions *a)
{
	struct conf want = { 0 }, have = { 0 };
	const char *path;
	int rc;

	rc = file_arg(cmd, argc, argv, &path, NULL);
	if (!rc)
		rc = load_file(path, &want, true);
	if (!rc)
		rc = load_running(&have);
	if (!rc && conf_diff(&want, &have, a)) {
		errmsg("out of memory");
		rc = EXIT_FAIL;
	}
	conf_free(&want);
	conf_free(&have);
	return rc;
}

int cmd_diff(const struct opts *o, int argc, char **argv)
{
	struct conf_actions a;
	int rc;

	(void)o;
	rc = plan("diff", argc, argv, &a);
	if (rc)
		return rc;
	for (unsigned int i = 0; i < a.n; i++)
		printf("%s\n", a.lines[i]);
	if (a.transitions)
		printf("# %u instance%s deleted and created again: a VRRP transition each\n",
		       a.transitions, a.transitions > 1 ? "s" : "");
	conf_actions_free(&a);
	return EXIT_OK;
}

int cmd_apply(const struct opts *o, int argc, char **argv)
{
	struct conf_actions a;
	struct opts quiet = *o;
	const char *path;
	bool check = false;
	unsigned int i;
	int rc;

	quiet.json = false;
	rc = file_arg("apply", argc, argv, &path, &check);
	if (rc)
		return rc;
	if (check) {
		/* the file alone: no netlink, no interface of this host */
		struct conf want = { 0 };

		rc = load_file(path, &want, false);
		conf_free(&want);
		return rc;
	}
	rc = plan("apply", argc, argv, &a);
	if (rc)
		return rc;
	havs_nl_keep(true);
	for (i = 0; i < a.n && !rc; i++) {
		char **words;
		int n;

		if (conf_split(a.lines[i], &words, &n)) {
			errmsg("apply: out of memory");
			rc = EXIT_FAIL;
			break;
		}
		printf("%s\n", a.lines[i]);
		fflush(stdout);
		rc = havsadm_run(&quiet, n, words);
		conf_words_free(words, n);
	}
	havs_nl_keep(false);
	if (rc) {
		errmsg("apply: stopped at the change above, which failed; %u of %u changes made (printed above), not made:",
		       i - 1, a.n);
		for (unsigned int j = i - 1; j < a.n; j++)
			fprintf(stderr, "  %s\n", a.lines[j]);
		errmsg("apply: 'havsadm diff -f FILE' shows what is left");
	}
	conf_actions_free(&a);
	return rc;
}

static int show_config(const struct opts *o, int argc, char **argv)
{
	struct conf have = { 0 };
	int rc;

	(void)o;
	(void)argv;
	if (argc) {
		errmsg("show config: unexpected argument \"%s\"", argv[0]);
		return EXIT_USAGE;
	}
	rc = load_running(&have);
	if (!rc)
		conf_print(stdout, &have);
	conf_free(&have);
	return rc;
}

static const struct cmd show_cmds[] = {
	{ .name = "config", .run = show_config, .usage = "",
	  .summary = "the running state of the namespace, in the format of havs.conf(5)" },
	{ .name = NULL },
};

static int show_default(const struct opts *o, int argc, char **argv)
{
	(void)o;
	(void)argc;
	(void)argv;
	errmsg("show: expected what to show: config");
	return EXIT_USAGE;
}

int cmd_show(const struct opts *o, int argc, char **argv)
{
	return cmd_dispatch("show", show_cmds, NULL, show_default, o, argc, argv);
}
