// SPDX-License-Identifier: GPL-2.0
/*
 * havsadm apply|diff -f FILE and havsadm show config: the configuration
 * file (conf.c) against the kernel's state of the namespace. What apply
 * does is a list of ordinary havsadm commands, which diff prints: one
 * code path for the command line and the file.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

#define CONF_FILE_MAX (64 << 20)

static int read_all(const char *path, char **text, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	size_t cap = 0, n = 0, r;
	char *buf = NULL, *p;

	if (!f) {
		errmsg("cannot open %s: %s", path, strerror(errno));
		return EXIT_FAIL;
	}
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			p = cap > CONF_FILE_MAX ? NULL : realloc(buf, cap);
			if (!p) {
				errmsg("%s: larger than %d MiB", path, CONF_FILE_MAX >> 20);
				free(buf);
				if (f != stdin)
					fclose(f);
				return EXIT_INVALID;
			}
			buf = p;
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r);
	if (ferror(f)) {
		errmsg("reading %s failed", path);
		free(buf);
		if (f != stdin)
			fclose(f);
		return EXIT_FAIL;
	}
	if (f != stdin)
		fclose(f);
	*text = buf;
	*len = n;
	return EXIT_OK;
}

/* What the file needs from this host: its interfaces. */
static unsigned int check_host(const struct conf *cf, const char *fname)
{
	unsigned int errors = 0;

	for (unsigned int i = 0; i < cf->nvrrps; i++) {
		const struct conf_vrrp *v = &cf->vrrps[i];

		if (!if_nametoindex(v->c.dev)) {
			fprintf(stderr, "%s:%u: vrrp: no interface %s in this namespace\n",
				fname, v->line, v->c.dev);
			errors++;
		}
		for (unsigned int j = 0; j < v->c.ntracks; j++) {
			if (v->c.tracks[j].is_dev && !if_nametoindex(v->c.tracks[j].name)) {
				fprintf(stderr, "%s:%u: vrrp: no interface %s to track in this namespace\n",
					fname, v->line, v->c.tracks[j].name);
				errors++;
			}
		}
	}
	return errors;
}

/* Read and check a file: EXIT_OK, or EXIT_INVALID with every error said. */
static int load_file(const char *path, struct conf *cf)
{
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	size_t len;
	char *text;
	int rc;

	rc = read_all(path, &text, &len);
	if (rc)
		return rc;
	if (conf_parse(cf, name, text, len, stderr) || check_host(cf, name)) {
		errmsg("%s: not applied: the file has errors", name);
		rc = EXIT_INVALID;
	}
	free(text);
	return rc;
}

/* The kernel's state of the namespace, in a stable order: one reading. */
static int load_running_once(struct conf *cf)
{
	int rc = track_conf_load(cf);

	if (!rc)
		rc = vrrp_conf_load(cf);
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

static int file_arg(const char *cmd, int argc, char **argv, const char **path)
{
	if (argc == 3 && (!strcmp(argv[1], "-f") || !strcmp(argv[1], "--file"))) {
		*path = argv[2];
		return EXIT_OK;
	}
	errmsg("%s: expected -f FILE ('-': standard input); see 'havsadm help %s'",
	       cmd, cmd);
	return EXIT_USAGE;
}

/* The file and the kernel, compared: the changes, or an exit code. */
static int plan(const char *cmd, int argc, char **argv, struct conf_actions *a)
{
	struct conf want = { 0 }, have = { 0 };
	const char *path;
	int rc;

	rc = file_arg(cmd, argc, argv, &path);
	if (!rc)
		rc = load_file(path, &want);
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
	unsigned int i;
	int rc;

	quiet.json = false;
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
