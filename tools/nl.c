// SPDX-License-Identifier: GPL-2.0
/*
 * havsadm's netlink layer: one socket to the "havs" generic netlink
 * family, requests with extended ACKs, and errors turned into one clear
 * line and an exit code.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <sys/socket.h>
#include <time.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>

#include "havsadm.h"
#include "../kmod/uapi/linux/havs.h"
#include <linux/ip_vs.h>

/* room for the top-level attributes of either family, and nlctrl's */
#define MAX2(a, b) ((a) > (b) ? (a) : (b))
#define TOP_MAXATTR MAX2(MAX2(HAVS_A_MAX, IPVS_CMD_ATTR_MAX), CTRL_ATTR_MAX)

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

void errmsg(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Join the network namespace named @name, as `ip netns exec` would. */
int enter_netns(const char *name)
{
	char path[PATH_MAX];
	int fd, err;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		errmsg("cannot open network namespace \"%s\": %s", name,
		       strerror(err));
		return err == ENOENT || err == ENOTDIR ? EXIT_NONETNS : EXIT_FAIL;
	}
	if (setns(fd, CLONE_NEWNET)) {
		err = errno;
		close(fd);
		if (err == EINVAL) {
			errmsg("\"%s\" (%s) is not a network namespace", name, path);
			return EXIT_NONETNS;
		}
		errmsg("cannot enter network namespace \"%s\": %s", name,
		       strerror(err));
		return err == EPERM ? EXIT_PERM : EXIT_FAIL;
	}
	close(fd);
	return EXIT_OK;
}

/* A generic netlink socket with extended ACKs; EXIT_* */
static int nl_open(struct havs_nl *h)
{
	int one = 1, err;

	h->last_errno = 0;
	h->quiet = false;
	h->sk = nl_socket_alloc();
	if (!h->sk) {
		errmsg("out of memory");
		return EXIT_FAIL;
	}
	err = genl_connect(h->sk);
	if (err) {
		errmsg("cannot open a generic netlink socket: %s",
		       nl_geterror(err));
		nl_socket_free(h->sk);
		h->sk = NULL;
		return EXIT_FAIL;
	}
	/* Error messages from the kernel, without echoing our request. */
	setsockopt(nl_socket_get_fd(h->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(h->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	/*
	 * Read dumps in 32 KiB parts (the kernel fills a part as large as
	 * the reads, up to that), not one page each: a dump of 10,000
	 * servers takes 80 reads, not 600.
	 */
	nl_socket_set_msg_buf_size(h->sk, 32768);
	nl_socket_disable_msg_peek(h->sk);
	return EXIT_OK;
}

/*
 * While apply runs its thousands of commands, one socket per family
 * serves them all (havs_nl_keep()): no socket and no family lookup per
 * command. A socket that saw a refusal is dropped, not reused.
 */
static struct {
	bool on;
	struct nl_sock *sk[2];	/* 0: havs, 1: IPVS */
	int family[2];
} keep;

void havs_nl_keep(bool on)
{
	for (int i = 0; !on && i < 2; i++) {
		nl_socket_free(keep.sk[i]);
		keep.sk[i] = NULL;
	}
	keep.on = on;
}

static bool kept_open(struct havs_nl *h, int which)
{
	if (!keep.on || !keep.sk[which])
		return false;
	h->sk = keep.sk[which];
	h->family = keep.family[which];
	h->last_errno = 0;
	h->quiet = false;
	h->kept = true;
	return true;
}

static void keep_store(struct havs_nl *h, int which)
{
	h->kept = false;
	if (!keep.on || keep.sk[which])
		return;
	keep.sk[which] = h->sk;
	keep.family[which] = h->family;
	h->kept = true;
}

struct family_info {
	int id;
	uint32_t version;
};

static int parse_family(struct nlattr **tb, void *arg)
{
	struct family_info *f = arg;

	if (!tb[CTRL_ATTR_FAMILY_ID] || !tb[CTRL_ATTR_VERSION]) {
		errmsg("malformed reply from the kernel's nlctrl family");
		return EXIT_FAIL;
	}
	f->id = nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	f->version = nla_get_u32(tb[CTRL_ATTR_VERSION]);
	return EXIT_OK;
}

/*
 * The family's id and version, as genl_ctrl_resolve() would ask (one
 * CTRL_CMD_GETFAMILY, which also loads the module on demand), keeping the
 * version: a module of another netlink API gives the same attribute
 * numbers other meanings, so havsadm refuses to talk to it.
 */
static int havs_nl_resolve(struct havs_nl *h, struct family_info *f)
{
	struct nl_msg *msg;
	int rc;

	h->family = GENL_ID_CTRL;
	h->version = 1;
	h->maxattr = CTRL_ATTR_MAX;
	msg = havs_nl_msg(h, CTRL_CMD_GETFAMILY, 0);
	if (!msg || nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, HAVS_GENL_NAME)) {
		nlmsg_free(msg);
		errmsg("out of memory");
		return EXIT_FAIL;
	}

	h->quiet = true;
	rc = havs_nl_request(h, msg, "finding the havs family", parse_family, f);
	h->quiet = false;
	return rc;
}

int havs_nl_open(struct havs_nl *h)
{
	struct family_info f = { .id = -1 };
	int rc;

	h->maxattr = HAVS_A_MAX;
	h->version = HAVS_GENL_VERSION;
	h->kept = false;
	if (kept_open(h, 0))
		return EXIT_OK;
	rc = nl_open(h);
	if (rc)
		return rc;
	rc = havs_nl_resolve(h, &f);
	if (rc && h->last_errno != ENOENT) {
		if (h->last_errno == EPERM || h->last_errno == EACCES)
			rc = havs_nl_perm_error("finding the havs family");
		else if (h->last_errno)
			errmsg("finding the havs family: %s", strerror(h->last_errno));
		havs_nl_close(h);
		return rc;
	}
	h->maxattr = HAVS_A_MAX;
	h->version = HAVS_GENL_VERSION;
	h->family = f.id;
	if (h->family < 0) {
		errmsg("the havs kernel module is not loaded and could not be loaded on demand (no generic netlink family \"%s\"); install it (see havsadm(8), INSTALLATION) and run: modprobe havs",
		       HAVS_GENL_NAME);
		havs_nl_close(h);
		return EXIT_NOMODULE;
	}
	if (f.version != HAVS_GENL_VERSION && !havs_nl_any_api) {
		errmsg("the loaded havs module speaks netlink API %u, this havsadm API %d: their messages would be misread; install the havsadm of the module's version or load the module of havsadm's (havsadm version shows both)",
		       f.version, HAVS_GENL_VERSION);
		havs_nl_close(h);
		return EXIT_NOMODULE;
	}
	keep_store(h, 0);
	return EXIT_OK;
}

/*
 * IPVS's family ("IPVS"): havs depends on ip_vs, so loading havs (which
 * havs_nl_open() does on demand) brings it.
 */
int ipvs_nl_open(struct havs_nl *h)
{
	struct havs_nl probe;
	int rc;

	h->maxattr = IPVS_CMD_ATTR_MAX;
	h->version = IPVS_GENL_VERSION;
	h->kept = false;
	if (kept_open(h, 1))
		return EXIT_OK;
	rc = havs_nl_open(&probe);
	if (rc)
		return rc;
	havs_nl_close(&probe);
	rc = nl_open(h);
	if (rc)
		return rc;
	h->maxattr = IPVS_CMD_ATTR_MAX;
	h->version = IPVS_GENL_VERSION;
	h->family = genl_ctrl_resolve(h->sk, IPVS_GENL_NAME);
	if (h->family < 0) {
		errmsg("IPVS is not available (no generic netlink family \"%s\"): modprobe ip_vs",
		       IPVS_GENL_NAME);
		havs_nl_close(h);
		return EXIT_NOMODULE;
	}
	keep_store(h, 1);
	return EXIT_OK;
}

void havs_nl_close(struct havs_nl *h)
{
	if (h->kept) {
		h->kept = false;
		if (!h->last_errno) {
			h->sk = NULL;
			return;
		}
		/* refused: not reused; the next open makes a new one */
		for (int i = 0; i < 2; i++)
			if (keep.sk[i] == h->sk)
				keep.sk[i] = NULL;
	}
	nl_socket_free(h->sk);
	h->sk = NULL;
}

struct nl_msg *havs_nl_msg(const struct havs_nl *h, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, h->family, 0, flags,
			 cmd, h->version)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct request {
	int maxattr;
	int (*parse)(struct nlattr **tb, void *arg);
	void *arg;
	int error;		/* negative errno from the kernel's ACK */
	char extack[256];	/* the kernel's message, if any */
	int parse_rc;
	bool done;		/* the ACK, error or end of dump was read */
	bool intr;		/* a part of the dump had NLM_F_DUMP_INTR */
	unsigned int seq;	/* of the request */
};

/*
 * Only the answers to this request: an earlier request whose answer was
 * lost (ENOBUFS) leaves libnl's own check a number behind, and every later
 * request on the socket would fail with a sequence mismatch.
 */
static int on_seq_check(struct nl_msg *msg, void *arg)
{
	const struct request *r = arg;

	return nlmsg_hdr(msg)->nlmsg_seq == r->seq ? NL_OK : NL_SKIP;
}

unsigned int havs_nl_dump_intr;
bool havs_nl_any_api;
bool havs_nl_dump_intr_quiet;

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct request *r = arg;
	struct nlattr *attrs;
	int len, off;

	(void)nla;
	r->error = e->error;
	r->done = true;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	len = (int)nlh->nlmsg_len - NLMSG_HDRLEN - off;
	if (len <= 0)
		return NL_STOP;
	attrs = (struct nlattr *)((char *)e + off);
	for (struct nlattr *a = attrs; nla_ok(a, len); a = nla_next(a, &len)) {
		if (nla_type(a) == NLMSGERR_ATTR_MSG && nla_len(a) > 0) {
			snprintf(r->extack, sizeof(r->extack), "%.*s",
				 nla_len(a), (const char *)nla_data(a));
			r->extack[strcspn(r->extack, "\n")] = '\0';
			/* The string attribute may carry its NUL. */
		}
	}
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[TOP_MAXATTR + 1];
	struct request *r = arg;
	int err;

	err = genlmsg_parse(nlmsg_hdr(msg), 0, tb, r->maxattr, NULL);
	if (err) {
		r->parse_rc = EXIT_FAIL;
		errmsg("malformed reply from the kernel: %s", nl_geterror(err));
		return NL_STOP;
	}
	if (r->parse)
		r->parse_rc = r->parse(tb, r->arg);
	return NL_OK;
}

/*
 * The set changed while it was dumped: the kernel marks the part read
 * after the change. Its objects are still good; say so once the dump ends.
 */
static int on_dump_intr(struct nl_msg *msg, void *arg)
{
	struct request *r = arg;

	(void)msg;
	r->intr = true;
	return NL_OK;
}

/* The ACK of a request, or the end of a dump: nothing more to read. */
static int on_done(struct nl_msg *msg, void *arg)
{
	struct request *r = arg;

	(void)msg;
	r->done = true;
	return NL_STOP;
}

/* Say that @what was not allowed, and how to get it; returns EXIT_PERM. */
int havs_nl_perm_error(const char *what)
{
	errmsg("%s: permission denied: havs needs CAP_NET_ADMIN in the user namespace that owns this network namespace",
	       what);
	return EXIT_PERM;
}

int havs_nl_request(struct havs_nl *h, struct nl_msg *msg, const char *what,
		    int (*parse)(struct nlattr **tb, void *arg), void *arg)
{
	struct request r = { .maxattr = h->maxattr, .parse = parse, .arg = arg };
	bool dump = (nlmsg_hdr(msg)->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	bool lost_ok = h->lost_ok;
	struct nl_cb *cb;
	int err;

	h->lost_ok = false;
	h->reply_lost = false;
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		errmsg("out of memory");
		return EXIT_FAIL;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &r);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_done, &r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_done, &r);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, on_dump_intr, &r);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, on_seq_check, &r);

	nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ACK;
	err = nl_send_auto(h->sk, msg);
	r.seq = nlmsg_hdr(msg)->nlmsg_seq;	/* set by nl_send_auto() */
	nlmsg_free(msg);
	if (err < 0) {
		nl_cb_put(cb);
		/* no answer to this request: nothing of an earlier one either */
		h->last_errno = 0;
		h->quiet = false;
		errmsg("%s: cannot send the request: %s", what,
		       nl_geterror(err));
		return EXIT_FAIL;
	}
	/*
	 * A reply and its ACK arrive in separate datagrams: read until the
	 * ACK (or error, or end of dump), or the next request would take
	 * this one's ACK for its answer.
	 */
	do
		err = nl_recvmsgs(h->sk, cb);
	while (err >= 0 && !r.done);
	nl_cb_put(cb);

	h->last_errno = r.error ? -r.error : 0;
	if (r.error && h->quiet) {
		h->quiet = false;
		return EXIT_FAIL;
	}
	if (r.error) {
		int e = -r.error;

		if (e == EPERM || e == EACCES)
			return havs_nl_perm_error(what);
		if (r.extack[0])
			errmsg("%s: %s (%s)", what, r.extack, strerror(e));
		else
			errmsg("%s: %s", what, strerror(e));
		return EXIT_FAIL;
	}
	if (err == -NLE_NOMEM && !dump) {
		/*
		 * ENOBUFS: the kernel could not allocate the answer (or the
		 * socket overflowed), after it carried out the request or not;
		 * or libnl had no memory to read it. Either way it is lost.
		 */
		h->reply_lost = true;
		h->last_errno = ENOBUFS;
		if (!lost_ok && !h->quiet)
			errmsg("%s: the answer was lost (out of memory): the change may or may not have been made; look with 'show'",
			       what);
		h->quiet = false;
		return EXIT_FAIL;
	}
	if (err < 0) {
		h->last_errno = EIO;
		h->quiet = false;
		errmsg("%s: receiving the reply failed: %s", what,
		       nl_geterror(err));
		return EXIT_FAIL;
	}
	if (r.intr) {
		havs_nl_dump_intr++;
		if (!havs_nl_dump_intr_quiet)
			errmsg("%s: warning: objects were added or removed while they were listed; the list may miss some or show them twice (run it again)",
			       what);
	}
	return r.parse_rc;
}

int nl_run_on(struct havs_nl *h, uint8_t cmd, int flags, const char *what,
	      int (*build)(struct nl_msg *msg, const void *arg),
	      const void *barg, int (*parse)(struct nlattr **tb, void *arg),
	      void *parg)
{
	struct nl_msg *msg = havs_nl_msg(h, cmd, flags);

	if (!msg || (build && build(msg, barg))) {
		nlmsg_free(msg);
		errmsg("out of memory");
		return EXIT_FAIL;
	}
	return havs_nl_request(h, msg, what, parse, parg);
}

int nl_run(int (*open)(struct havs_nl *h), uint8_t cmd, int flags,
	   const char *what, int (*build)(struct nl_msg *msg, const void *arg),
	   const void *barg, int (*parse)(struct nlattr **tb, void *arg),
	   void *parg)
{
	struct havs_nl h;
	int rc;

	rc = open(&h);
	if (rc)
		return rc;
	rc = nl_run_on(&h, cmd, flags, what, build, barg, parse, parg);
	havs_nl_close(&h);
	return rc;
}

int havs_put_addr(struct nl_msg *msg, int type4, int type6, int af,
		  const void *addr)
{
	if (af == AF_INET6)
		return nla_put(msg, type6, 16, addr);
	return nla_put(msg, type4, 4, addr);
}

int havs_get_addr(struct nlattr **tb, int type4, int type6, int af,
		  void *addr)
{
	struct nlattr *a = tb[af == AF_INET6 ? type6 : type4];
	int len = af == AF_INET6 ? 16 : 4;

	if (!a || nla_len(a) != len)
		return -1;
	memcpy(addr, nla_data(a), len);
	return 0;
}

/*
 * CLOCK_BOOTTIME of a time namespace is the host's plus the namespace's
 * offset (/proc/self/timens_offsets, Linux 5.6); the kernel stamps events
 * with the host's. 0 without time namespaces.
 */
static int64_t timens_boottime_offset_ns(void)
{
	static int64_t offset;
	static bool read_once;
	long long sec, nsec;
	char name[32];
	FILE *f;

	if (read_once)
		return offset;
	read_once = true;
	f = fopen("/proc/self/timens_offsets", "re");
	if (!f)
		return 0;
	while (fscanf(f, "%31s %lld %lld", name, &sec, &nsec) == 3)
		if (!strcmp(name, "boottime") || !strcmp(name, "7"))
			offset = sec * 1000000000LL + nsec;
	fclose(f);
	return offset;
}

uint64_t boottime_to_realtime_ns(uint64_t boot_ns)
{
	struct timespec real, boot;
	uint64_t real_ns, now_boot_ns;

	clock_gettime(CLOCK_REALTIME, &real);
	clock_gettime(CLOCK_BOOTTIME, &boot);
	real_ns = (uint64_t)real.tv_sec * 1000000000ULL + real.tv_nsec;
	now_boot_ns = (uint64_t)boot.tv_sec * 1000000000ULL + boot.tv_nsec -
		      (uint64_t)timens_boottime_offset_ns();
	if (!boot_ns || boot_ns > now_boot_ns)
		return boot_ns ? real_ns : 0;
	return real_ns - (now_boot_ns - boot_ns);
}
