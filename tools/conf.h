/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The configuration file (havs.conf(5)) and the running state, in one
 * model: read from a file (conf.c, libnl-free, fuzzed) or from the kernel
 * (config.c), printed in the file's format, and compared into the havsadm
 * commands that turn one into the other.
 */
#ifndef HAVSADM_CONF_H
#define HAVSADM_CONF_H

#include "havsadm.h"

struct agent_hooks;	/* agent.h: what havsadm agent runs for an object */
struct agent_conf;	/* agent.h: scripts, sync groups, agent settings */

struct conf_track {
	char name[TRACK_NAME_MAX + 1];
	bool up;
	unsigned int users;	/* running: instances tracking it */
	bool pinned;		/* running: stays when unused (see track set) */
	unsigned int line;
};

struct conf_announce {
	struct announce_conf c;	/* every setting filled in */
	unsigned int line;
};

struct conf_vrrp {
	struct vrrp_conf c;	/* every setting filled in */
	unsigned int line;
	struct agent_hooks *hooks;	/* notify-*, instance; NULL: none */
};

struct conf_srv {
	struct srv_conf c;	/* every setting filled in */
	unsigned int line;
	struct agent_hooks *hooks;	/* command, notify-up|down */
};

struct conf_svc {
	struct svc_conf c;	/* scheduler and persistence filled in */
	bool ipvs;		/* the IPVS service exists (is described) */
	bool has_check;
	struct check_conf check;	/* every setting filled in */
	struct conf_srv *srv;
	unsigned int nsrv, srvcap;
	unsigned int line, check_line;
	unsigned int nkey;	/* words of the service key in the statement */
	struct agent_hooks *hooks;	/* quorum-*, the check's command */
};

struct conf {
	struct conf_track *tracks;
	unsigned int ntracks, trackcap;
	struct conf_vrrp *vrrps;
	unsigned int nvrrps, vrrpcap;
	struct conf_announce *anns;
	unsigned int nanns, anncap;
	struct conf_svc *svcs;
	unsigned int nsvcs, svccap;
	unsigned int *svc_index;	/* by key: index + 1 in svcs, 0 free */
	unsigned int svc_index_size;	/* a power of two, > 2 * nsvcs */
	struct agent_conf *agent;	/* NULL: no script, sync-group, agent */
	bool has_sync;			/* IPVS connection sync (one) */
	struct sync_conf sync;
	unsigned int sync_line;
};

/* A list of havsadm command lines (words quoted as the file quotes them). */
struct conf_actions {
	char **lines;
	unsigned int n, cap;
	unsigned int transitions;	/* instances deleted and created again */
};

#define CONF_MAX_ERRORS 20
#define CONF_FILE_MAX (64 << 20)

/* How a file is read (all false: the file alone, includes anywhere). */
struct conf_read_opts {
	const char *dir;	/* relative includes: NULL: the file's directory */
	const char *root;	/* includes confined under it; NULL: anywhere */
	bool host;		/* the interfaces named must exist here */
	bool known_scheds;	/* schedulers IPVS or havs has, only */
	bool no_meta;		/* no include, no define */
};

void conf_free(struct conf *cf);
int conf_parse(struct conf *cf, const char *fname, const char *text,
	       size_t len, FILE *errf);
int conf_parse_opts(struct conf *cf, const char *fname, const char *text,
		    size_t len, const struct conf_read_opts *o, FILE *errf);
int conf_load(struct conf *cf, const char *path,
	      const struct conf_read_opts *o, FILE *errf);
int conf_read_file(const char *path, char **text, size_t *len);
bool sched_known(const char *name);

/* Commands of a batch file (havsadm -b), read as the file is. */
struct conf_cmd {
	char **words;
	int n;
	unsigned int line;
};

int conf_read_cmds(const char *path, struct conf_cmd **cmds, unsigned int *n,
		   FILE *errf);
void conf_cmds_free(struct conf_cmd *cmds, unsigned int n);
void conf_sort(struct conf *cf);
void conf_print(FILE *f, const struct conf *cf);
int conf_diff(const struct conf *want, const struct conf *have,
	      struct conf_actions *out);
void conf_actions_free(struct conf_actions *a);
int conf_split(const char *line, char ***words, int *n);
void conf_words_free(char **words, int n);

/* Filling the model: defaults as the kernel and havsadm apply them. */
void check_conf_effective(struct check_conf *c);
struct conf_svc *conf_svc_get(struct conf *cf, const struct svc_key *k);
struct conf_svc *conf_svc_find(const struct conf *cf, const struct svc_key *k);
bool sched_is_havs(const char *sched);
struct conf_srv *conf_srv_add(struct conf_svc *s);
struct conf_vrrp *conf_vrrp_add(struct conf *cf);
struct conf_track *conf_track_add(struct conf *cf);
struct conf_announce *conf_announce_add(struct conf *cf);

/* The kernel's state, read by the command modules (libnl). */
int vrrp_conf_load(struct conf *cf);
int track_conf_load(struct conf *cf);
int announce_conf_load(struct conf *cf);
int ipvs_conf_load(struct conf *cf);
int havs_servers_conf_load(struct conf *cf, bool *complete);
int havs_svc_digests(const struct svc_key *keys, unsigned int n,
		     uint64_t *digest, bool *have);
int check_conf_load(struct conf *cf);
int sync_conf_load(struct conf *cf);	/* after vrrp_conf_load() */

#endif /* HAVSADM_CONF_H */
