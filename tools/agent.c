// SPDX-License-Identifier: GPL-2.0
/*
 * havsadm agent: run what havs.conf(5) asks to be run beside the module,
 * as keepalived does: scripts that drive tracked objects (vrrp_script),
 * external checks of real servers (MISC_CHECK) and notify hooks.
 *
 * One process, one poll loop, no threads: a signalfd (SIGCHLD, SIGHUP,
 * SIGTERM, SIGINT, SIGUSR1), the netlink socket of the "events" group, and
 * timers computed from the next deadline. Events are read as they come and
 * their hooks queued per object, so a slow hook never holds the reading
 * (the kernel drops multicasts a full socket cannot take). Children run in
 * a session of their own, without a shell unless asked, with a clean
 * environment, as the configured user, within a timeout that kills their
 * whole process group, and at most max-children at once.
 *
 * A script's object is set with a lease on every run: if the agent dies
 * or freezes, the module takes the object down by itself.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <net/if.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <netlink/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>

#include "agent.h"
#include "monitor.h"
#include "../kmod/uapi/linux/havs.h"

#define AGENT_CONF_DEFAULT "/etc/havs/havs.conf"
#define AGENT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#define AGENT_KILL_GRACE_MS 1000	/* SIGTERM, then SIGKILL this much later */
#define AGENT_RCVBUF (1024 * 1024)
#define AGENT_ENV_MAX 8

/* --- children ------------------------------------------------------------- */

struct run {
	pid_t pid;			/* 0: not running */
	uint64_t started, deadline, kill_at;
	bool timed_out;
};

/* Who a command runs as, resolved when the configuration is read. */
struct runas {
	bool set;			/* a user is given */
	bool bad;			/* ... and cannot be resolved: never run */
	char name[33];
	uid_t uid;
	gid_t gid;
};

/* A queued notify call. */
struct nitem {
	char **argv;
	char *env[AGENT_ENV_MAX + 1];
	char what[48];			/* for the log: "notify-master" */
	struct nitem *next;
};

/* An object whose hooks run one at a time, in the order of its events. */
struct nobj {
	char label[128];		/* "instance VI_1" */
	struct nitem *head, *tail;
	struct run run;
	char cur[48];
	bool failing;
};

enum task_kind { T_SCRIPT, T_CHECK };

/* Something run periodically: a script, or an external check of a server. */
struct task {
	enum task_kind kind;
	char label[192];
	const struct agent_cmd *cmd;	/* in the configuration */
	bool shell;
	struct runas as;
	char *env[AGENT_ENV_MAX + 1];
	unsigned long interval_ms, timeout_ms;
	unsigned int rise, fall;
	int up;				/* -1 unknown */
	int sent;			/* the state last set in the kernel; -1 */
	unsigned int okrun, failrun;
	bool failing;			/* the last run failed (logged once) */
	uint64_t runs, failures, timeouts, crashes;
	uint64_t next_due;
	struct run run;
	/* T_SCRIPT */
	char track[TRACK_NAME_MAX + 1];
	/* T_CHECK */
	char svc[80], srv[64];
	bool dynamic;
	unsigned long weight_cfg, weight_set;
};

/* A VRRP instance of the file, and the state last delivered. */
struct inst {
	const struct conf_vrrp *v;
	char name[AGENT_NAME_MAX + 1];
	unsigned int ifindex;
	int state;			/* -1 unknown */
	struct nobj *obj;		/* NULL: no hooks */
	int group;			/* index in groups, -1 */
};

struct sgroup {
	const struct agent_group *g;
	int state;
	struct nobj *obj;
};

/* A server whose health the agent follows (notify hooks, quorum). */
struct srvstate {
	int svc;			/* index in svcq */
	char srv[160];			/* "SERVICE SERVER" */
	int up;
	const struct agent_hooks *hooks;
	struct nobj *obj;
};

/* A service with quorum hooks. */
struct svcq {
	const struct conf_svc *s;
	char svc[80];
	unsigned int min;
	int quorum;			/* -1 unknown */
	struct nobj *obj;
};

struct agent {
	const struct opts *o;
	const char *path;
	struct conf cf;
	struct runas defuser;
	unsigned int max_children, children;
	struct task *tasks;
	unsigned int ntasks;
	struct nobj **objs;
	unsigned int nobjs;
	struct inst *insts;
	unsigned int ninsts;
	struct sgroup *groups;
	unsigned int ngroups;
	struct svcq *svcs;
	unsigned int nsvcs;
	struct srvstate *srvs;
	unsigned int nsrvs, srvcap;
	pid_t *orphans;			/* runs of objects a reload dropped */
	unsigned int norphans, orphancap;
	struct havs_nl ev, rq;
	bool lease_ok;
	int sigfd;
	int sink;			/* -1: closed */
	bool sink_warned;
	uint64_t sink_dropped;
	bool gone, stop;
	int rc;
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void logmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void logmsg(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "havs-agent: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void resolve_user(struct runas *as, const char *name)
{
	struct passwd *pw;

	memset(as, 0, sizeof(*as));
	if (!name)
		return;
	as->set = true;
	snprintf(as->name, sizeof(as->name), "%s", name);
	errno = 0;
	pw = getpwnam(name);
	if (!pw) {
		as->bad = true;
		return;
	}
	as->uid = pw->pw_uid;
	as->gid = pw->pw_gid;
}

static int env_add(char **env, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int env_add(char **env, const char *key, const char *fmt, ...)
{
	char val[256];
	va_list ap;
	int i;

	for (i = 0; env[i]; i++)
		;
	if (i >= AGENT_ENV_MAX)
		return -1;
	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	if (asprintf(&env[i], "%s=%s", key, val) < 0) {
		env[i] = NULL;
		return -1;
	}
	return 0;
}

static void env_free(char **env)
{
	for (int i = 0; env[i]; i++) {
		free(env[i]);
		env[i] = NULL;
	}
}

/* In the child: the program, found on the fixed PATH when not a path. */
static void exec_argv(char *const *argv, char *const *envp)
{
	char path[4096];
	const char *dirs = AGENT_PATH, *end;

	if (strchr(argv[0], '/')) {
		execve(argv[0], argv, envp);
		return;
	}
	for (; *dirs; dirs = *end ? end + 1 : end) {
		end = strchrnul(dirs, ':');
		snprintf(path, sizeof(path), "%.*s/%s", (int)(end - dirs), dirs, argv[0]);
		execve(path, argv, envp);
	}
}

/*
 * Start a child: its own session and process group, stdio on /dev/null,
 * signals as at exec, no inherited descriptor, the user's ids, a clean
 * environment. Returns its pid, or -1.
 */
static pid_t spawn(char *const *argv, const char *shell_line,
		   const struct runas *as, char *const *extra)
{
	char *envp[AGENT_ENV_MAX + 3];
	char *sh[] = { "/bin/sh", "-c", (char *)shell_line, NULL };
	sigset_t none;
	pid_t pid;
	int n = 0, fd;

	envp[n++] = "PATH=" AGENT_PATH;
	envp[n++] = "LANG=C";
	for (int i = 0; extra && extra[i]; i++)
		envp[n++] = extra[i];
	envp[n] = NULL;
	pid = fork();
	if (pid)
		return pid;
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	setsid();
	fd = open("/dev/null", O_RDWR);
	if (fd < 0 || dup2(fd, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		_exit(126);
	close_range(3, ~0U, 0);
	if (as->set && (setgid(as->gid) || initgroups(as->name, as->gid) ||
			setuid(as->uid)))
		_exit(126);
	if (chdir("/"))
		_exit(126);
	if (shell_line)
		execve(sh[0], sh, envp);
	else
		exec_argv(argv, envp);
	_exit(127);
}

static void run_start(struct agent *a, struct run *r, pid_t pid,
		      unsigned long timeout_ms)
{
	r->pid = pid;
	r->started = now_ms();
	r->deadline = r->started + timeout_ms;
	r->kill_at = 0;
	r->timed_out = false;
	a->children++;
}

/* The whole process group; the leader alone if it has not made it yet. */
static void kill_group(pid_t pid, int sig)
{
	if (kill(-pid, sig) && errno == ESRCH)
		kill(pid, sig);
}

/* --- the kernel ------------------------------------------------------------ */

static int track_put(struct nl_msg *msg, const char *name, bool up,
		     uint32_t lease_ms)
{
	struct nlattr *nest = nla_nest_start(msg, HAVS_A_TRACK | NLA_F_NESTED);

	if (!nest || nla_put_string(msg, HAVS_TRACK_A_NAME, name) ||
	    nla_put_u8(msg, HAVS_TRACK_A_UP, up) ||
	    (lease_ms && nla_put_u32(msg, HAVS_TRACK_A_LEASE, lease_ms)))
		return -1;
	nla_nest_end(msg, nest);
	return 0;
}

struct track_arg {
	const char *name;
	bool up;
	uint32_t lease_ms;
};

static int build_track(struct nl_msg *msg, const void *arg)
{
	const struct track_arg *t = arg;

	return track_put(msg, t->name, t->up, t->lease_ms);
}

/* Set a script's object, with a lease while the module takes one. */
static void track_set(struct agent *a, struct task *t)
{
	struct track_arg ta = { .name = t->track, .up = t->up == 1,
				.lease_ms = 3 * t->interval_ms + t->timeout_ms };
	int rc;

	if (a->lease_ok) {
		a->rq.quiet = true;
		rc = nl_run_on(&a->rq, HAVS_CMD_TRACK_SET, 0, "track set",
			       build_track, &ta, NULL, NULL);
		a->rq.quiet = false;
		if (!rc)
			goto done;
		if (a->rq.last_errno != EINVAL && a->rq.last_errno != EOPNOTSUPP) {
			logmsg("script %s: setting object %s failed: %s", t->track,
			       t->track, strerror(a->rq.last_errno));
			return;
		}
		a->lease_ok = false;
		logmsg("the module takes no lease on tracked objects: scripted objects will not fail safe if the agent dies");
	}
	ta.lease_ms = 0;
	rc = nl_run_on(&a->rq, HAVS_CMD_TRACK_SET, 0, "track set", build_track,
		       &ta, NULL, NULL);
	if (rc)
		return;
done:
	if (t->sent != t->up)
		logmsg("script %s: object %s %s", t->track, t->track,
		       t->up ? "up" : "down");
	t->sent = t->up;
}

/* havsadm's own command for a server: "server set SERVICE SERVER ..." */
static int server_cmd(struct agent *a, const struct task *t, const char *k,
		      const char *v)
{
	char line[256], **w;
	int n, rc;

	snprintf(line, sizeof(line), "server set %s %s %s %s", t->svc, t->srv, k, v);
	if (conf_split(line, &w, &n))
		return EXIT_FAIL;
	rc = havsadm_run(a->o, n, w);
	conf_words_free(w, n);
	return rc;
}

/* --- the events sink --------------------------------------------------------- */

static void sink_write(struct agent *a, const char *line, size_t len)
{
	const char *path = a->cf.agent ? a->cf.agent->events : NULL;
	ssize_t n;

	if (!path)
		return;
	if (a->sink < 0) {
		a->sink = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK |
			       O_CLOEXEC, 0640);
		if (a->sink < 0) {
			/* a FIFO without a reader: ENXIO, dropped */
			a->sink_dropped++;
			if (!a->sink_warned && errno != ENXIO)
				logmsg("events %s: %s (dropping events until it opens)",
				       path, strerror(errno));
			a->sink_warned = true;
			return;
		}
		if (a->sink_warned)
			logmsg("events %s: open again (%" PRIu64 " events dropped)",
			       path, a->sink_dropped);
		a->sink_warned = false;
	}
	n = write(a->sink, line, len);
	if (n == (ssize_t)len)
		return;
	a->sink_dropped++;
	if (n < 0 && errno == EPIPE) {
		close(a->sink);
		a->sink = -1;
	} else if (!a->sink_warned) {
		logmsg("events %s: %s (dropping events while it is full)", path,
		       n < 0 ? strerror(errno) : "short write");
		a->sink_warned = true;
	}
}

static void json_escape(char *out, size_t size, const char *s)
{
	size_t o = 0;

	for (; *s && o + 7 < size; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			o += snprintf(out + o, size - o, "\\%c", c);
		else if (c < 0x20)
			o += snprintf(out + o, size - o, "\\u%04x", c);
		else
			out[o++] = c;
	}
	out[o] = '\0';
}

static void sink_event(struct agent *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sink_event(struct agent *a, const char *fmt, ...)
{
	char line[1024];
	struct timespec ts;
	va_list ap;
	int n;

	if (!a->cf.agent || !a->cf.agent->events)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	n = snprintf(line, sizeof(line), "{\"time\":%lld.%03ld,", (long long)ts.tv_sec,
		     ts.tv_nsec / 1000000);
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - n - 2, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 3)
		n = sizeof(line) - 3;
	line[n++] = '}';
	line[n++] = '\n';
	sink_write(a, line, n);
}

/* --- notify queues ---------------------------------------------------------- */

static struct nobj *nobj_new(struct agent *a, const char *label)
{
	struct nobj **p, *o;

	for (unsigned int i = 0; i < a->nobjs; i++)
		if (!strcmp(a->objs[i]->label, label))
			return a->objs[i];
	p = realloc(a->objs, (a->nobjs + 1) * sizeof(*p));
	o = calloc(1, sizeof(*o));
	if (!p || !o) {
		free(o);
		if (p)
			a->objs = p;
		return NULL;
	}
	a->objs = p;
	snprintf(o->label, sizeof(o->label), "%s", label);
	a->objs[a->nobjs++] = o;
	return o;
}

static void nitem_free(struct nitem *it)
{
	agent_argv_free(it->argv);
	env_free(it->env);
	free(it);
}

/*
 * Queue @cmd (with @extra words after its own: notify's four) on @o. The
 * environment is @env's words, copied.
 */
static void notify_queue(struct agent *a, struct nobj *o, enum agent_hook h,
			 const struct agent_cmd *cmd, const char *const *extra,
			 char *const *env)
{
	struct nitem *it;
	int n = 0, i;

	if (!o || !cmd)
		return;
	it = calloc(1, sizeof(*it));
	if (!it)
		goto nomem;
	it->argv = calloc(cmd->argc + 5, sizeof(*it->argv));
	if (!it->argv)
		goto nomem;
	for (i = 0; i < cmd->argc; i++)
		if (!(it->argv[n++] = strdup(cmd->argv[i])))
			goto nomem;
	for (i = 0; extra && extra[i]; i++)
		if (!(it->argv[n++] = strdup(extra[i])))
			goto nomem;
	for (i = 0; env && env[i]; i++)
		if (!(it->env[i] = strdup(env[i])))
			goto nomem;
	snprintf(it->what, sizeof(it->what), "%s", agent_hook_word(h));
	if (o->tail)
		o->tail->next = it;
	else
		o->head = it;
	o->tail = it;
	return;
nomem:
	if (it)
		nitem_free(it);
	logmsg("%s: out of memory: %s dropped", o->label, agent_hook_word(h));
	(void)a;
}

/* --- the configuration, as tasks and objects ---------------------------------- */

static void svc_string(char *buf, size_t size, const struct svc_key *k)
{
	char addr[INET6_ADDRSTRLEN];

	if (k->fwmark) {
		snprintf(buf, size, "fwmark %u%s", k->fwmark,
			 k->af == AF_INET6 ? " inet6" : "");
		return;
	}
	inet_ntop(k->af, k->addr, addr, sizeof(addr));
	snprintf(buf, size, k->af == AF_INET6 ? "%s [%s]:%u" : "%s %s:%u",
		 proto_name(k->protocol), addr, k->port);
}

static void srv_string(char *buf, size_t size, const struct server_key *k,
		       char *addr, size_t addrsize)
{
	inet_ntop(k->af, k->addr, addr, addrsize);
	snprintf(buf, size, k->af == AF_INET6 ? "[%s]:%u" : "%s:%u", addr, k->port);
}

static struct task *task_add(struct agent *a)
{
	struct task *p = realloc(a->tasks, (a->ntasks + 1) * sizeof(*p));

	if (!p)
		return NULL;
	a->tasks = p;
	p += a->ntasks++;
	memset(p, 0, sizeof(*p));
	p->up = p->sent = -1;
	return p;
}

static struct srvstate *srv_add(struct agent *a)
{
	if (a->nsrvs == a->srvcap) {
		unsigned int c = a->srvcap ? 2 * a->srvcap : 16;
		struct srvstate *p = realloc(a->srvs, c * sizeof(*p));

		if (!p)
			return NULL;
		a->srvs = p;
		a->srvcap = c;
	}
	memset(&a->srvs[a->nsrvs], 0, sizeof(a->srvs[0]));
	a->srvs[a->nsrvs].up = -1;
	a->srvs[a->nsrvs].svc = -1;
	return &a->srvs[a->nsrvs++];
}

/* The tasks, instances, services and servers of a->cf. 0 or -1 (memory). */
static int build(struct agent *a)
{
	const struct agent_conf *ac = a->cf.agent;
	const char *defuser = ac ? ac->user : NULL;
	uint64_t now = now_ms();
	char label[192];

	resolve_user(&a->defuser, defuser);
	a->max_children = ac ? ac->max_children : AGENT_MAX_CHILDREN_DEFAULT;
	for (unsigned int i = 0; ac && i < ac->nscripts; i++) {
		const struct agent_script *s = &ac->scripts[i];
		struct task *t = task_add(a);

		if (!t)
			return -1;
		t->kind = T_SCRIPT;
		snprintf(t->label, sizeof(t->label), "script %s", s->name);
		t->cmd = &s->cmd;
		t->shell = s->cmd.shell;
		resolve_user(&t->as, s->cmd.user ? s->cmd.user : defuser);
		t->interval_ms = s->interval_ms;
		t->timeout_ms = s->timeout_ms;
		t->rise = s->rise;
		t->fall = s->fall;
		t->up = s->initial_up;
		snprintf(t->track, sizeof(t->track), "%s", s->name);
		env_add(t->env, "HAVS_SCRIPT", "%s", s->name);
		t->next_due = now;
	}
	for (unsigned int i = 0; i < a->cf.nsvcs; i++) {
		const struct conf_svc *s = &a->cf.svcs[i];
		const struct agent_hooks *h = s->hooks;
		char svc[80];
		int q = -1;

		svc_string(svc, sizeof(svc), &s->c.key);
		if (h && (h->cmd[AH_QUORUM_UP] || h->cmd[AH_QUORUM_DOWN])) {
			struct svcq *p = realloc(a->svcs, (a->nsvcs + 1) * sizeof(*p));

			if (!p)
				return -1;
			a->svcs = p;
			q = a->nsvcs++;
			memset(&p[q], 0, sizeof(p[q]));
			p[q].s = s;
			p[q].quorum = -1;
			snprintf(p[q].svc, sizeof(p[q].svc), "%s", svc);
			p[q].min = s->has_check && s->check.track_min ? s->check.track_min : 1;
			snprintf(label, sizeof(label), "service %s", svc);
			p[q].obj = nobj_new(a, label);
			if (!p[q].obj)
				return -1;
		}
		for (unsigned int j = 0; j < s->nsrv; j++) {
			const struct conf_srv *v = &s->srv[j];
			const struct agent_hooks *vh = v->hooks;
			const struct agent_cmd *cmd = vh && vh->cmd[AH_COMMAND] ?
						      vh->cmd[AH_COMMAND] :
						      h ? h->cmd[AH_COMMAND] : NULL;
			char srv[64], addr[INET6_ADDRSTRLEN];
			struct srvstate *st;

			srv_string(srv, sizeof(srv), &v->c.srv, addr, sizeof(addr));
			if (q >= 0 || (vh && (vh->cmd[AH_UP] || vh->cmd[AH_DOWN]))) {
				st = srv_add(a);
				if (!st)
					return -1;
				st->svc = q;
				st->hooks = vh;
				snprintf(st->srv, sizeof(st->srv), "%s %s", svc, srv);
				if (vh && (vh->cmd[AH_UP] || vh->cmd[AH_DOWN])) {
					snprintf(label, sizeof(label), "server %s %s", svc, srv);
					st->obj = nobj_new(a, label);
					if (!st->obj)
						return -1;
				}
			}
			if (!cmd || !s->has_check || s->check.type != HAVS_CHECK_EXTERNAL)
				continue;
			struct task *t = task_add(a);

			if (!t)
				return -1;
			t->kind = T_CHECK;
			snprintf(t->label, sizeof(t->label), "check %s %s", svc, srv);
			t->cmd = cmd;
			t->shell = h && h->shell;
			resolve_user(&t->as, h && h->user ? h->user : defuser);
			t->interval_ms = s->check.interval_ms;
			t->timeout_ms = s->check.timeout_ms;
			t->rise = s->check.rise;
			t->fall = s->check.fall;
			t->dynamic = h && h->dynamic;
			t->weight_cfg = t->weight_set = v->c.weight;
			snprintf(t->svc, sizeof(t->svc), "%s", svc);
			snprintf(t->srv, sizeof(t->srv), "%s", srv);
			env_add(t->env, "HAVS_SERVICE", "%s", svc);
			env_add(t->env, "HAVS_SERVER_ADDR", "%s", addr);
			env_add(t->env, "HAVS_SERVER_PORT", "%u", v->c.srv.port);
			t->next_due = now;
		}
	}
	for (unsigned int i = 0; ac && i < ac->ngroups; i++) {
		struct sgroup *p = realloc(a->groups, (a->ngroups + 1) * sizeof(*p));

		if (!p)
			return -1;
		a->groups = p;
		p += a->ngroups++;
		p->g = &ac->groups[i];
		p->state = -1;
		snprintf(label, sizeof(label), "group %s", p->g->name);
		p->obj = nobj_new(a, label);
		if (!p->obj)
			return -1;
	}
	for (unsigned int i = 0; i < a->cf.nvrrps; i++) {
		const struct conf_vrrp *v = &a->cf.vrrps[i];
		struct inst *p = realloc(a->insts, (a->ninsts + 1) * sizeof(*p));
		bool hooks = false;

		if (!p)
			return -1;
		a->insts = p;
		p += a->ninsts++;
		memset(p, 0, sizeof(*p));
		p->v = v;
		p->state = -1;
		p->group = -1;
		p->ifindex = if_nametoindex(v->c.dev);
		snprintf(p->name, sizeof(p->name), "%s",
			 v->hooks && v->hooks->instance[0] ? v->hooks->instance : v->c.name);
		for (int k = 0; v->hooks && k <= AH_NOTIFY; k++)
			hooks |= !!v->hooks->cmd[k];
		for (unsigned int g = 0; v->c.sync_group[0] && g < a->ngroups; g++)
			if (!strcmp(a->groups[g].g->name, v->c.sync_group))
				p->group = g;
		if (hooks) {
			snprintf(label, sizeof(label), "instance %s", p->name);
			p->obj = nobj_new(a, label);
			if (!p->obj)
				return -1;
		}
	}
	return 0;
}

/* --- running ------------------------------------------------------------------ */

static const char *state_word(int state)
{
	switch (state) {
	case HAVS_VRRP_MASTER:
		return "MASTER";
	case HAVS_VRRP_BACKUP:
		return "BACKUP";
	case HAVS_VRRP_FAULT:
		return "FAULT";
	default:
		return "STOP";
	}
}

static enum agent_hook state_hook(int state)
{
	switch (state) {
	case HAVS_VRRP_MASTER:
		return AH_MASTER;
	case HAVS_VRRP_BACKUP:
		return AH_BACKUP;
	case HAVS_VRRP_FAULT:
		return AH_FAULT;
	default:
		return AH_STOP;
	}
}

/* A sync group is MASTER when all are, FAULT when one is, else BACKUP. */
static int group_state(const struct agent *a, int g)
{
	bool all_master = true, any = false;

	for (unsigned int i = 0; i < a->ninsts; i++) {
		if (a->insts[i].group != g)
			continue;
		if (a->insts[i].state < 0 || a->insts[i].state == HAVS_VRRP_INIT)
			return -1;
		if (a->insts[i].state == HAVS_VRRP_FAULT)
			return HAVS_VRRP_FAULT;
		all_master &= a->insts[i].state == HAVS_VRRP_MASTER;
		any = true;
	}
	if (!any)
		return -1;
	return all_master ? HAVS_VRRP_MASTER : HAVS_VRRP_BACKUP;
}

static void on_vrrp_state(struct agent *a, struct inst *in, int state,
			  unsigned int prio)
{
	const struct agent_hooks *h = in->v->hooks;
	char p[16], env_i[96], env_s[32];
	char *env[] = { env_i, env_s, NULL };
	int gs;

	if (in->state == state)
		return;
	in->state = state;
	snprintf(p, sizeof(p), "%u", prio);
	snprintf(env_i, sizeof(env_i), "HAVS_INSTANCE=%s", in->name);
	snprintf(env_s, sizeof(env_s), "HAVS_STATE=%s", state_word(state));
	if (in->obj) {
		const char *extra[] = { "INSTANCE", in->name, state_word(state), p, NULL };

		notify_queue(a, in->obj, state_hook(state), h->cmd[state_hook(state)],
			     NULL, env);
		notify_queue(a, in->obj, AH_NOTIFY, h->cmd[AH_NOTIFY], extra, env);
	}
	if (in->group < 0)
		return;
	gs = group_state(a, in->group);
	if (gs < 0 || gs == a->groups[in->group].state)
		return;
	struct sgroup *g = &a->groups[in->group];
	const char *extra[] = { "GROUP", g->g->name, state_word(gs), "0", NULL };

	g->state = gs;
	snprintf(env_i, sizeof(env_i), "HAVS_GROUP=%s", g->g->name);
	snprintf(env_s, sizeof(env_s), "HAVS_STATE=%s", state_word(gs));
	notify_queue(a, g->obj, state_hook(gs), g->g->hooks.cmd[state_hook(gs)],
		     NULL, env);
	notify_queue(a, g->obj, AH_NOTIFY, g->g->hooks.cmd[AH_NOTIFY], extra, env);
}

static struct inst *inst_find(struct agent *a, const struct vrrp_event *ev)
{
	for (unsigned int i = 0; i < a->ninsts; i++) {
		struct inst *in = &a->insts[i];

		if (in->v->c.vrid != ev->vrid || (unsigned int)in->v->c.family != ev->family)
			continue;
		if (!in->ifindex)	/* the interface came later */
			in->ifindex = if_nametoindex(in->v->c.dev);
		if (in->ifindex == ev->ifindex)
			return in;
	}
	return NULL;
}

static void on_vrrp(struct agent *a, const struct vrrp_event *ev, bool event)
{
	struct inst *in = inst_find(a, ev);
	char name[AGENT_NAME_MAX * 2 + 8], reason[200];

	if (event) {
		char dev[IF_NAMESIZE];

		if (!if_indextoname(ev->ifindex, dev))
			snprintf(dev, sizeof(dev), "%u", ev->ifindex);
		json_escape(name, sizeof(name), in ? in->name : "");
		json_escape(reason, sizeof(reason), ev->reason);
		sink_event(a, "\"event\":\"vrrp\",\"instance\":\"%s\",\"dev\":\"%s\",\"vrid\":%u,\"family\":\"%s\",\"state\":\"%s\",\"prev_state\":\"%s\",\"priority\":%u,\"reason\":\"%s\"",
			   name, dev, ev->vrid, vrrp_family_name(ev->family),
			   vrrp_state_name(ev->state), vrrp_state_name(ev->prev_state),
			   ev->priority, reason);
	}
	if (in)
		on_vrrp_state(a, in, ev->state, ev->priority);
}

static struct srvstate *srv_find(struct agent *a, const char *svc, const char *srv)
{
	char key[160];

	snprintf(key, sizeof(key), "%s %s", svc, srv);
	for (unsigned int i = 0; i < a->nsrvs; i++)
		if (!strcmp(a->srvs[i].srv, key))
			return &a->srvs[i];
	return NULL;
}

static void quorum_update(struct agent *a, int q, bool deliver)
{
	struct svcq *s = &a->svcs[q];
	unsigned int up = 0;
	char env_s[128], env_q[32];
	char *env[] = { env_s, env_q, NULL };
	int quorum;

	for (unsigned int i = 0; i < a->nsrvs; i++)
		if (a->srvs[i].svc == q && a->srvs[i].up == 1)
			up++;
	quorum = up >= s->min;
	if (quorum == s->quorum)
		return;
	s->quorum = quorum;
	if (!deliver)
		return;
	logmsg("service %s: quorum %s (%u of at least %u servers up)", s->svc,
	       quorum ? "up" : "down", up, s->min);
	snprintf(env_s, sizeof(env_s), "HAVS_SERVICE=%s", s->svc);
	snprintf(env_q, sizeof(env_q), "HAVS_STATE=%s", quorum ? "UP" : "DOWN");
	notify_queue(a, s->obj, quorum ? AH_QUORUM_UP : AH_QUORUM_DOWN,
		     s->s->hooks->cmd[quorum ? AH_QUORUM_UP : AH_QUORUM_DOWN], NULL, env);
}

static void on_health(struct agent *a, const struct health_event *ev, bool event)
{
	struct srvstate *st = srv_find(a, ev->service, ev->server);
	char e1[128], e2[96], e3[32], e4[32], addr[64], *colon;
	char *env[] = { e1, e2, e3, e4, NULL };

	if (event) {
		char svc[160], srv[96], reason[200];

		json_escape(svc, sizeof(svc), ev->service);
		json_escape(srv, sizeof(srv), ev->server);
		json_escape(reason, sizeof(reason), ev->reason);
		sink_event(a, "\"event\":\"health\",\"service\":\"%s\",\"server\":\"%s\",\"health\":\"%s\",\"reason\":\"%s\"",
			   svc, srv, ev->up ? "up" : "down", reason);
	}
	if (!st || st->up == ev->up)
		return;
	st->up = ev->up;
	if (st->obj && event) {
		snprintf(addr, sizeof(addr), "%s", ev->server[0] == '[' ? ev->server + 1 : ev->server);
		colon = strrchr(addr, ':');
		if (colon)
			*colon = '\0';
		if (colon && colon > addr && colon[-1] == ']')
			colon[-1] = '\0';
		snprintf(e1, sizeof(e1), "HAVS_SERVICE=%s", ev->service);
		snprintf(e2, sizeof(e2), "HAVS_SERVER_ADDR=%s", addr);
		snprintf(e3, sizeof(e3), "HAVS_SERVER_PORT=%s", colon ? colon + 1 : "");
		snprintf(e4, sizeof(e4), "HAVS_STATE=%s", ev->up ? "UP" : "DOWN");
		notify_queue(a, st->obj, ev->up ? AH_UP : AH_DOWN,
			     st->hooks->cmd[ev->up ? AH_UP : AH_DOWN], NULL, env);
	}
	if (st->svc >= 0)
		quorum_update(a, st->svc, event);
}

static void on_track(struct agent *a, struct nlattr **tb)
{
	char name[TRACK_NAME_MAX * 2 + 2], reason[160];
	struct track_event ev;

	if (parse_track_event(tb, &ev))
		return;
	json_escape(name, sizeof(name), ev.name);
	json_escape(reason, sizeof(reason), ev.reason);
	sink_event(a, "\"event\":\"track\",\"name\":\"%s\",\"state\":\"%s\",\"reason\":\"%s\"",
		   name, ev.up ? "up" : "down", reason);
}

static int on_message(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *tb[HAVS_A_MAX + 1];
	struct agent *a = arg;
	struct health_event hev;
	struct vrrp_event ev;
	struct genlmsghdr *gh;

	if (nlh->nlmsg_type == GENL_ID_CTRL) {
		gh = nlmsg_data(nlh);
		if (genlmsg_valid_hdr(nlh, 0) && gh->cmd == CTRL_CMD_DELFAMILY) {
			struct nlattr *ct[CTRL_ATTR_MAX + 1];

			if (!genlmsg_parse(nlh, 0, ct, CTRL_ATTR_MAX, NULL) &&
			    ct[CTRL_ATTR_FAMILY_ID] &&
			    nla_get_u16(ct[CTRL_ATTR_FAMILY_ID]) == a->ev.family)
				a->gone = true;
		}
		return NL_OK;
	}
	if (nlh->nlmsg_type != a->ev.family || !genlmsg_valid_hdr(nlh, 0))
		return NL_OK;
	gh = nlmsg_data(nlh);
	if (monitor_parse(nlh, tb))
		return NL_OK;
	if (gh->cmd == HAVS_CMD_VRRP_NTF && tb[HAVS_A_VRRP] &&
	    !parse_vrrp_event(tb[HAVS_A_VRRP], &ev))
		on_vrrp(a, &ev, true);
	else if (gh->cmd == HAVS_CMD_SERVER_NTF && !parse_health_event(tb, &hev))
		on_health(a, &hev, true);
	else if (gh->cmd == HAVS_CMD_TRACK_NTF)
		on_track(a, tb);
	return NL_OK;
}

static int on_vrrp_dump(struct nlattr **tb, void *arg)
{
	struct vrrp_event ev;

	if (tb[HAVS_A_VRRP] && !parse_vrrp_event(tb[HAVS_A_VRRP], &ev))
		on_vrrp(arg, &ev, false);
	return EXIT_OK;
}

static int on_server_dump(struct nlattr **tb, void *arg)
{
	struct health_event ev;

	if (!parse_health_event(tb, &ev))
		on_health(arg, &ev, false);
	return EXIT_OK;
}

/*
 * The state at start (or after a reload): instances' hooks see the state
 * they are in, as keepalived's see the transitions of its start; quorums
 * start from the servers' health, without a call.
 */
static void read_state(struct agent *a)
{
	if (a->ninsts)
		nl_run_on(&a->rq, HAVS_CMD_VRRP_GET, NLM_F_DUMP, "vrrp show", NULL,
			  NULL, on_vrrp_dump, a);
	if (a->nsrvs)
		nl_run_on(&a->rq, HAVS_CMD_SERVER_GET, NLM_F_DUMP, "server show",
			  NULL, NULL, on_server_dump, a);
	for (unsigned int q = 0; q < a->nsvcs; q++)
		quorum_update(a, q, false);
}

static const char *why_failed(const struct task *t, int status, char *buf,
			      size_t size)
{
	if (t->run.timed_out)
		snprintf(buf, size, "timed out after %lu ms, process group killed",
			 t->timeout_ms);
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else if (WEXITSTATUS(status) == 126 || WEXITSTATUS(status) == 127)
		snprintf(buf, size, "exit %d (could not be run as configured)",
			 WEXITSTATUS(status));
	else
		snprintf(buf, size, "exit %d", WEXITSTATUS(status));
	return buf;
}

/* One run of a task ended (@status from waitpid; -1: not run at all). */
static void task_result(struct agent *a, struct task *t, int status, const char *why)
{
	bool ok = status >= 0 && !t->run.timed_out && WIFEXITED(status) &&
		  (WEXITSTATUS(status) == 0 ||
		   (t->dynamic && WEXITSTATUS(status) >= 2));
	char buf[160];

	t->runs++;
	if (t->run.timed_out)
		t->timeouts++;
	else if (status >= 0 && WIFSIGNALED(status))
		t->crashes++;
	if (!ok) {
		t->failures++;
		t->failrun++;
		t->okrun = 0;
		if (!t->failing)
			logmsg("%s failing: %s (runs %" PRIu64 ", failures %" PRIu64 ", timeouts %" PRIu64 ")",
			       t->label, why ? why : why_failed(t, status, buf, sizeof(buf)),
			       t->runs, t->failures, t->timeouts);
		t->failing = true;
		if (t->up != 0 && t->failrun >= t->fall)
			t->up = 0;
	} else {
		t->okrun++;
		t->failrun = 0;
		if (t->failing)
			logmsg("%s recovered (runs %" PRIu64 ", failures %" PRIu64 ", timeouts %" PRIu64 ")",
			       t->label, t->runs, t->failures, t->timeouts);
		t->failing = false;
		if (t->up != 1 && t->okrun >= t->rise)
			t->up = 1;
	}
	if (t->kind == T_SCRIPT) {
		track_set(a, t);
		return;
	}
	if (t->up >= 0 && t->up != t->sent) {
		logmsg("%s: server %s", t->label, t->up ? "up" : "down");
		if (!server_cmd(a, t, "health", t->up ? "up" : "down"))
			t->sent = t->up;
	}
	if (ok && t->dynamic && WEXITSTATUS(status) >= 2) {
		unsigned long w = WEXITSTATUS(status) - 2;
		char v[16];

		if (w > t->weight_cfg)
			w = t->weight_cfg;
		if (w != t->weight_set) {
			snprintf(v, sizeof(v), "%lu", w);
			if (!server_cmd(a, t, "weight", v))
				t->weight_set = w;
		}
	}
}

static void task_start(struct agent *a, struct task *t, uint64_t now)
{
	uint64_t due = t->next_due + t->interval_ms;
	pid_t pid;

	/*
	 * Every interval from the first run, as keepalived keeps them: a run
	 * that starts late does not push the later ones back (measured: 5%
	 * of the runs lost in a minute on a loaded guest); one more than an
	 * interval late starts the count again.
	 */
	t->next_due = due > now ? due : now + t->interval_ms;
	if (t->as.bad) {
		char why[96];

		snprintf(why, sizeof(why), "user %s does not exist: not run", t->as.name);
		task_result(a, t, -1, why);
		return;
	}
	pid = spawn(t->cmd->argv, t->shell ? t->cmd->line : NULL, &t->as, t->env);
	if (pid < 0) {
		char why[96];

		snprintf(why, sizeof(why), "fork: %s", strerror(errno));
		task_result(a, t, -1, why);
		return;
	}
	run_start(a, &t->run, pid, t->timeout_ms);
}

static void nobj_start(struct agent *a, struct nobj *o)
{
	struct nitem *it = o->head;
	pid_t pid;

	o->head = it->next;
	if (!o->head)
		o->tail = NULL;
	snprintf(o->cur, sizeof(o->cur), "%s", it->what);
	if (a->defuser.bad) {
		logmsg("%s: %s not run: user %s does not exist", o->label, it->what,
		       a->defuser.name);
		nitem_free(it);
		return;
	}
	pid = spawn(it->argv, NULL, &a->defuser, it->env);
	if (pid < 0)
		logmsg("%s: %s not run: fork: %s", o->label, it->what, strerror(errno));
	else
		run_start(a, &o->run, pid,
			  a->cf.agent ? a->cf.agent->notify_timeout_ms : AGENT_NOTIFY_TIMEOUT_MS);
	nitem_free(it);
}

static void nobj_result(struct nobj *o, int status)
{
	if (!o->run.timed_out && WIFEXITED(status) && !WEXITSTATUS(status)) {
		if (o->failing)
			logmsg("%s: %s succeeded again", o->label, o->cur);
		o->failing = false;
		return;
	}
	if (!o->failing) {
		if (o->run.timed_out)
			logmsg("%s: %s timed out, process group killed", o->label, o->cur);
		else if (WIFSIGNALED(status))
			logmsg("%s: %s killed by signal %d", o->label, o->cur,
			       WTERMSIG(status));
		else
			logmsg("%s: %s exit %d", o->label, o->cur, WEXITSTATUS(status));
	}
	o->failing = true;
}

static void reap(struct agent *a)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		struct run *r = NULL;
		unsigned int i;

		for (i = 0; i < a->ntasks && !r; i++)
			if (a->tasks[i].run.pid == pid)
				r = &a->tasks[i].run;
		if (r) {
			struct task *t = &a->tasks[i - 1];

			if (r->timed_out)	/* what ignored SIGTERM goes too */
				kill(-pid, SIGKILL);
			task_result(a, t, status, NULL);
			r->pid = 0;
			a->children--;
			continue;
		}
		for (i = 0; i < a->nobjs && !r; i++)
			if (a->objs[i]->run.pid == pid)
				r = &a->objs[i]->run;
		if (r) {
			if (r->timed_out)
				kill(-pid, SIGKILL);
			nobj_result(a->objs[i - 1], status);
			r->pid = 0;
			a->children--;
			continue;
		}
		for (i = 0; i < a->norphans; i++)
			if (a->orphans[i] == pid) {
				a->orphans[i] = a->orphans[--a->norphans];
				a->children--;
				break;
			}
	}
}

/* Timeouts: SIGTERM to the group, SIGKILL a grace later. */
static void enforce(struct run *r, uint64_t now, uint64_t *next)
{
	if (!r->pid)
		return;
	if (!r->timed_out && now >= r->deadline) {
		r->timed_out = true;
		r->kill_at = now + AGENT_KILL_GRACE_MS;
		kill_group(r->pid, SIGTERM);
	} else if (r->timed_out && r->kill_at && now >= r->kill_at) {
		kill_group(r->pid, SIGKILL);
		r->kill_at = 0;
	}
	if (!r->timed_out && r->deadline < *next)
		*next = r->deadline;
	if (r->timed_out && r->kill_at && r->kill_at < *next)
		*next = r->kill_at;
}

/* Start what is due, within max-children; the time of the next deadline. */
static uint64_t schedule(struct agent *a)
{
	uint64_t now = now_ms(), next = now + 60000;

	for (unsigned int i = 0; i < a->ntasks; i++)
		enforce(&a->tasks[i].run, now, &next);
	for (unsigned int i = 0; i < a->nobjs; i++)
		enforce(&a->objs[i]->run, now, &next);
	/* notify first: they are rare, and late ones lose their meaning */
	for (unsigned int i = 0; i < a->nobjs; i++) {
		struct nobj *o = a->objs[i];

		while (!o->run.pid && o->head && a->children < a->max_children)
			nobj_start(a, o);
	}
	for (unsigned int i = 0; i < a->ntasks; i++) {
		struct task *t = &a->tasks[i];

		if (t->run.pid)
			continue;
		if (t->next_due <= now && a->children < a->max_children)
			task_start(a, t, now);
		if (!t->run.pid && t->next_due < next)
			next = t->next_due;
	}
	return next;
}

static void stats(const struct agent *a)
{
	for (unsigned int i = 0; i < a->ntasks; i++) {
		const struct task *t = &a->tasks[i];

		logmsg("%s: %s, runs %" PRIu64 ", failures %" PRIu64 ", timeouts %" PRIu64 ", crashes %" PRIu64,
		       t->label, t->up < 0 ? "unknown" : t->up ? "up" : "down",
		       t->runs, t->failures, t->timeouts, t->crashes);
	}
}

/* --- configuration and reload --------------------------------------------------- */

static int read_conf(const char *path, struct conf *cf)
{
	/* as apply reads it: includes, defines, known schedulers */
	const struct conf_read_opts o = { .known_scheds = true };
	int errors = conf_load(cf, path, &o, stderr);

	if (errors < 0) {
		errmsg("agent: cannot open %s: %s", path, strerror(-errors));
		conf_free(cf);
		return errors == -ENOENT ? EXIT_NOFILE : EXIT_FAIL;
	}
	if (errors) {
		conf_free(cf);
		return EXIT_INVALID;
	}
	return EXIT_OK;
}

static void agent_clear(struct agent *a)
{
	for (unsigned int i = 0; i < a->ntasks; i++)
		env_free(a->tasks[i].env);
	free(a->tasks);
	for (unsigned int i = 0; i < a->nobjs; i++) {
		while (a->objs[i]->head) {
			struct nitem *it = a->objs[i]->head;

			a->objs[i]->head = it->next;
			nitem_free(it);
		}
		free(a->objs[i]);
	}
	free(a->objs);
	free(a->insts);
	free(a->groups);
	free(a->svcs);
	free(a->srvs);
	a->tasks = NULL;
	a->objs = NULL;
	a->insts = NULL;
	a->groups = NULL;
	a->svcs = NULL;
	a->srvs = NULL;
	a->ntasks = a->nobjs = a->ninsts = a->ngroups = a->nsvcs = 0;
	a->nsrvs = a->srvcap = 0;
	conf_free(&a->cf);
}

static void orphan(struct agent *a, pid_t pid)
{
	if (a->norphans == a->orphancap) {
		unsigned int c = a->orphancap ? 2 * a->orphancap : 16;
		pid_t *p = realloc(a->orphans, c * sizeof(*p));

		if (!p)
			return;	/* reaped anyway; children stays counted */
		a->orphans = p;
		a->orphancap = c;
	}
	a->orphans[a->norphans++] = pid;
	kill_group(pid, SIGKILL);
}

/*
 * SIGHUP: read the file again. What is still there keeps its state, its
 * running child and its queue; what went is stopped (its child killed).
 * A file with errors changes nothing.
 */
static void reload(struct agent *a)
{
	struct agent old = *a;
	struct conf cf = { 0 };

	if (read_conf(a->path, &cf)) {
		logmsg("%s: not reloaded: the file has errors (running as before)", a->path);
		return;
	}
	a->cf = cf;
	a->tasks = NULL;
	a->objs = NULL;
	a->insts = NULL;
	a->groups = NULL;
	a->svcs = NULL;
	a->srvs = NULL;
	a->ntasks = a->nobjs = a->ninsts = a->ngroups = a->nsvcs = 0;
	a->nsrvs = a->srvcap = 0;
	if (build(a)) {
		logmsg("out of memory: not reloaded");
		agent_clear(a);
		a->cf = old.cf;
		a->tasks = old.tasks;
		a->ntasks = old.ntasks;
		a->objs = old.objs;
		a->nobjs = old.nobjs;
		a->insts = old.insts;
		a->ninsts = old.ninsts;
		a->groups = old.groups;
		a->ngroups = old.ngroups;
		a->svcs = old.svcs;
		a->nsvcs = old.nsvcs;
		a->srvs = old.srvs;
		a->nsrvs = old.nsrvs;
		a->srvcap = old.srvcap;
		return;
	}
	for (unsigned int i = 0; i < old.ntasks; i++) {
		struct task *o = &old.tasks[i], *n = NULL;

		for (unsigned int j = 0; j < a->ntasks && !n; j++)
			if (!strcmp(a->tasks[j].label, o->label))
				n = &a->tasks[j];
		if (!n) {
			if (o->run.pid)
				orphan(a, o->run.pid);
			continue;
		}
		n->up = o->up;
		n->sent = o->sent;
		n->okrun = o->okrun;
		n->failrun = o->failrun;
		n->failing = o->failing;
		n->runs = o->runs;
		n->failures = o->failures;
		n->timeouts = o->timeouts;
		n->crashes = o->crashes;
		n->run = o->run;
		if (n->kind == T_CHECK && n->weight_cfg == o->weight_cfg)
			n->weight_set = o->weight_set;
		n->next_due = o->next_due;
	}
	for (unsigned int i = 0; i < old.nobjs; i++) {
		struct nobj *o = old.objs[i], *n = NULL;

		for (unsigned int j = 0; j < a->nobjs && !n; j++)
			if (!strcmp(a->objs[j]->label, o->label))
				n = a->objs[j];
		if (!n) {
			if (o->run.pid)
				orphan(a, o->run.pid);
			continue;
		}
		n->run = o->run;
		n->head = o->head;
		n->tail = o->tail;
		n->failing = o->failing;
		memcpy(n->cur, o->cur, sizeof(n->cur));
		o->head = o->tail = NULL;
	}
	for (unsigned int i = 0; i < a->ninsts; i++)
		for (unsigned int j = 0; j < old.ninsts; j++)
			if (!strcmp(a->insts[i].name, old.insts[j].name))
				a->insts[i].state = old.insts[j].state;
	for (unsigned int i = 0; i < a->ngroups; i++)
		for (unsigned int j = 0; j < old.ngroups; j++)
			if (!strcmp(a->groups[i].g->name, old.groups[j].g->name))
				a->groups[i].state = old.groups[j].state;
	if (a->sink >= 0)
		close(a->sink);
	a->sink = -1;
	agent_clear(&old);
	read_state(a);
	logmsg("%s: reloaded: %u scripts and checks, %u objects with hooks",
	       a->path, a->ntasks, a->nobjs);
}

/* SIGTERM: every child's group killed, then gone. */
static void shutdown_children(struct agent *a)
{
	uint64_t until = now_ms() + AGENT_KILL_GRACE_MS;

	for (unsigned int i = 0; i < a->ntasks; i++)
		if (a->tasks[i].run.pid)
			kill_group(a->tasks[i].run.pid, SIGTERM);
	for (unsigned int i = 0; i < a->nobjs; i++)
		if (a->objs[i]->run.pid)
			kill_group(a->objs[i]->run.pid, SIGTERM);
	for (unsigned int i = 0; i < a->norphans; i++)
		kill_group(a->orphans[i], SIGKILL);
	while (a->children && now_ms() < until) {
		struct pollfd p = { .fd = a->sigfd, .events = POLLIN };
		struct signalfd_siginfo si;

		if (poll(&p, 1, 50) > 0)
			while (read(a->sigfd, &si, sizeof(si)) == sizeof(si))
				;
		reap(a);
	}
	for (unsigned int i = 0; i < a->ntasks; i++)
		if (a->tasks[i].run.pid)
			kill_group(a->tasks[i].run.pid, SIGKILL);
	for (unsigned int i = 0; i < a->nobjs; i++)
		if (a->objs[i]->run.pid)
			kill_group(a->objs[i]->run.pid, SIGKILL);
	while (waitpid(-1, NULL, 0) > 0)
		;
}

static int loop(struct agent *a)
{
	while (!a->stop && !a->gone) {
		uint64_t next = schedule(a), now = now_ms();
		int timeout = next > now ? (int)(next - now) : 0;
		struct pollfd p[2] = {
			{ .fd = a->sigfd, .events = POLLIN },
			{ .fd = nl_socket_get_fd(a->ev.sk), .events = POLLIN },
		};
		struct signalfd_siginfo si;
		int err;

		if (poll(p, 2, timeout) < 0) {
			if (errno == EINTR)
				continue;
			logmsg("poll: %s", strerror(errno));
			return EXIT_FAIL;
		}
		if (p[0].revents & POLLIN) {
			bool hup = false, usr1 = false;

			while (read(a->sigfd, &si, sizeof(si)) == sizeof(si)) {
				if (si.ssi_signo == SIGHUP)
					hup = true;
				else if (si.ssi_signo == SIGUSR1)
					usr1 = true;
				else if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT)
					a->stop = true;
			}
			reap(a);
			if (hup && !a->stop)
				reload(a);
			if (usr1)
				stats(a);
		}
		if (p[1].revents & POLLIN) {
			err = nl_recvmsgs_default(a->ev.sk);
			if (err == -NLE_NOMEM) {
				/* ENOBUFS: events were lost; read the state again */
				logmsg("events were lost (receive buffer overrun): reading the state again");
				read_state(a);
			} else if (err < 0 && err != -NLE_AGAIN) {
				logmsg("receiving events failed: %s", nl_geterror(err));
				return EXIT_FAIL;
			}
		}
	}
	if (a->gone) {
		logmsg("the havs module was unloaded");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int cmd_agent(const struct opts *o, int argc, char **argv)
{
	struct agent a = { .o = o, .path = AGENT_CONF_DEFAULT, .sink = -1,
			   .sigfd = -1, .lease_ok = true };
	bool needed = false;
	sigset_t mask;
	int rc, err;

	for (int i = 1; i < argc; i++) {
		if (is_help_flag(argv[i])) {
			const struct cmd *c = cmd_lookup(havsadm_cmds, "agent");

			printf("Usage: %s agent %s\n\n%s\n", prog, c->usage, c->summary);
			return EXIT_OK;
		}
		if (!strcmp(argv[i], "-f")) {
			if (++i == argc) {
				errmsg("agent: \"-f\" needs a file; see 'havsadm agent --help'");
				return EXIT_USAGE;
			}
			a.path = argv[i];
		} else if (!strcmp(argv[i], "--needed")) {
			needed = true;
		} else {
			errmsg("agent: unexpected argument \"%s\"; see 'havsadm agent --help'",
			       argv[i]);
			return EXIT_USAGE;
		}
	}
	rc = read_conf(a.path, &a.cf);
	if (rc)
		return rc;
	if (needed) {
		rc = agent_conf_needed(&a.cf) ? EXIT_OK : EXIT_FAIL;
		conf_free(&a.cf);
		return rc;
	}
	prog = "havs-agent";
	setvbuf(stderr, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGUSR1);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	a.sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (a.sigfd < 0) {
		logmsg("signalfd: %s", strerror(errno));
		conf_free(&a.cf);
		return EXIT_FAIL;
	}
	rc = havs_nl_open(&a.ev);
	if (rc) {
		conf_free(&a.cf);
		return rc;
	}
	rc = havs_nl_open(&a.rq);
	if (rc) {
		havs_nl_close(&a.ev);
		conf_free(&a.cf);
		return rc;
	}
	err = monitor_join(&a.ev, HAVS_GENL_NAME, HAVS_MCGRP_EVENTS);
	if (err < 0) {
		rc = err == -NLE_PERM ? havs_nl_perm_error("agent") : EXIT_FAIL;
		if (err != -NLE_PERM)
			logmsg("cannot join the \"%s\" group of \"%s\": %s",
			       HAVS_MCGRP_EVENTS, HAVS_GENL_NAME, nl_geterror(err));
		goto out;
	}
	monitor_join(&a.ev, "nlctrl", "notify");
	nl_socket_disable_seq_check(a.ev.sk);
	nl_socket_modify_cb(a.ev.sk, NL_CB_VALID, NL_CB_CUSTOM, on_message, &a);
	nl_socket_set_buffer_size(a.ev.sk, AGENT_RCVBUF, 0);
	nl_socket_set_nonblocking(a.ev.sk);
	if (build(&a)) {
		logmsg("out of memory");
		rc = EXIT_FAIL;
		goto out;
	}
	if (a.defuser.bad)
		logmsg("agent user %s does not exist: notify hooks will not run", a.defuser.name);
	logmsg("%s: %u scripts and checks, %u objects with hooks, at most %u children",
	       a.path, a.ntasks, a.nobjs, a.max_children);
	read_state(&a);
	rc = loop(&a);
	shutdown_children(&a);
	stats(&a);
	logmsg("stopped");
out:
	agent_clear(&a);
	free(a.orphans);
	if (a.sink >= 0)
		close(a.sink);
	close(a.sigfd);
	havs_nl_close(&a.ev);
	havs_nl_close(&a.rq);
	return rc;
}
