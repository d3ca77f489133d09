/* SPDX-License-Identifier: GPL-2.0 */
/*
 * havsadm agent: what havs.conf(5) asks the agent to run (scripts that
 * drive tracked objects, external checks of real servers, notify hooks),
 * read by agent_conf.c (libnl-free, linked with conf.c by the host tests
 * and the fuzz targets) and run by agent.c.
 */
#ifndef HAVSADM_AGENT_H
#define HAVSADM_AGENT_H

#include "conf.h"

#define AGENT_NAME_MAX 63		/* instance names given to notify */
#define AGENT_ARGS_MAX 256		/* words of one command */
#define AGENT_MAX_CHILDREN_DEFAULT 32
#define AGENT_NOTIFY_TIMEOUT_MS 30000

/* A command as written and as it will be run. */
struct agent_cmd {
	char *line;			/* as written in the file */
	char **argv;			/* split; NULL-terminated */
	int argc;
	bool shell;			/* /bin/sh -c LINE instead of argv */
	char *user;			/* run as; NULL: the agent's user */
};

/* Hooks of one statement (vrrp, sync-group, service, server). */
enum agent_hook {
	AH_MASTER, AH_BACKUP, AH_FAULT, AH_STOP, AH_NOTIFY,	/* vrrp */
	AH_UP, AH_DOWN,						/* server */
	AH_QUORUM_UP, AH_QUORUM_DOWN,				/* service */
	AH_COMMAND,		/* check, server: the external check */
	AH_MAX
};

struct agent_hooks {
	struct agent_cmd *cmd[AH_MAX];
	char instance[AGENT_NAME_MAX + 1];	/* vrrp: $2 of notify */
	bool dynamic;		/* check: the exit code sets the weight */
	bool shell;		/* check: commands run by /bin/sh -c */
	char *user;		/* check: commands run as */
	unsigned int line, check_line;
};

/* script NAME command CMD ...: runs CMD, drives the tracked object NAME. */
struct agent_script {
	char name[TRACK_NAME_MAX + 1];
	struct agent_cmd cmd;
	unsigned long interval_ms, timeout_ms;
	unsigned int rise, fall;
	bool initial_up;
	unsigned int line;
};

/* sync-group NAME notify-...: hooks of a VRRP sync group. */
struct agent_group {
	char name[TRACK_NAME_MAX + 1];
	struct agent_hooks hooks;
	unsigned int line;
};

/* The agent statement and everything that is not attached to an object. */
struct agent_conf {
	unsigned int line;		/* of the agent statement; 0: none */
	char *user;			/* default user of every command */
	unsigned int max_children;
	unsigned long notify_timeout_ms;
	char *events;			/* JSON lines sink; NULL: none */
	struct agent_script *scripts;
	unsigned int nscripts, scriptcap;
	struct agent_group *groups;
	unsigned int ngroups, groupcap;
};

/* Errors go through conf.c's reporter: FILE:LINE: message. */
typedef void (*agent_err_fn)(void *ctx, unsigned int line, const char *msg);

/* agent_conf.c */
bool agent_is_statement(const char *word);
/*
 * A statement of its own (script, sync-group, agent). For a script,
 * *@track is the object to create (up: *@up), else NULL. 0 or -1 with
 * @err set.
 */
int agent_statement(struct conf *cf, char **words, int n, unsigned int line,
		    const char **track, bool *up, char *err, size_t errlen);
/* What the agent needs from vrrp, service, check and server statements. */
enum agent_on { AGENT_ON_VRRP, AGENT_ON_SERVICE, AGENT_ON_CHECK, AGENT_ON_SERVER };
/*
 * Take the agent's words out of @words (from index @first; they are
 * KEY VALUE pairs there) into *@hooks (allocated when needed). 0 or -1
 * with @err set.
 */
int agent_take(struct agent_hooks **hooks, enum agent_on on, char **words,
	       int *n, int first, unsigned int line, char *err, size_t errlen);
/* Checks across statements, once all are read; errors through @fn. */
void agent_conf_check(const struct conf *cf, agent_err_fn fn, void *ctx);
void agent_hooks_free(struct agent_hooks *h);
void agent_conf_free(struct agent_conf *a);
/* Does @cf give the agent anything to do? (havsadm agent --needed) */
bool agent_conf_needed(const struct conf *cf);
/*
 * Split a command into words as a shell would without expanding
 * anything: blanks separate words, '...' is literal, "..." takes \" \\
 * \$ \` escapes, a backslash outside quotes escapes the next character.
 * 0, or -1 with *@why set. *@argv is NULL-terminated.
 */
int agent_split_argv(const char *line, char ***argv, int *argc,
		     const char **why);
void agent_argv_free(char **argv);
const char *agent_hook_word(enum agent_hook h);

#endif /* HAVSADM_AGENT_H */
