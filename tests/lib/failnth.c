// SPDX-License-Identifier: GPL-2.0
/*
 * failnth.so: make the kernel fail one allocation of one request a real
 * client sends (LD_PRELOAD), through the kernel's per-task fail-nth
 * (/proc/thread-self/fail-nth, CONFIG_FAULT_INJECTION with failslab and
 * fail_page_alloc set to fail sleeping allocations too).
 *
 *   FAILNTH=M:K   arm the M-th generic netlink request the process sends
 *                 (family look-ups through nlctrl are not counted), or
 *                 the M-th module load (finit_module/init_module), so that
 *                 the K-th allocation the kernel makes while handling it
 *                 fails. The request runs in the sender's task: the
 *                 netlink core, the family's handler, and IPVS's calls
 *                 into the schedulers all count.
 *   FAILNTH_REPORT=FILE  one word is written there: "hit" (the K-th
 *                 allocation happened and failed), "miss" (the request
 *                 made fewer than K allocations: it ran without a fault),
 *                 or nothing when the process never sent an M-th request.
 *   FAILNTH_COUNT=FILE   at exit, the number of requests (and module
 *                 loads) the process made that could have been armed.
 *
 * After the armed call the counter is read back and cleared, so that no
 * later system call of the process is failed instead.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static long failnth_m, failnth_k;
static long failnth_seen;
static int failnth_ready;

static void failnth_write(const char *path, const char *what);

__attribute__((destructor)) static void failnth_count(void)
{
	const char *path = getenv("FAILNTH_COUNT");
	char n[24];

	if (!path)
		return;
	snprintf(n, sizeof(n), "%ld", failnth_seen);
	failnth_write(path, n);
}

static void failnth_init(void)
{
	const char *s = getenv("FAILNTH");

	failnth_ready = 1;
	if (!s || sscanf(s, "%ld:%ld", &failnth_m, &failnth_k) != 2 ||
	    failnth_m < 1 || failnth_k < 1)
		failnth_m = 0;
}

static void failnth_write(const char *path, const char *what)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		return;
	if (write(fd, what, strlen(what)) < 0)
		perror("failnth: report");
	close(fd);
}

/*
 * The fail-nth file is opened before arming and used for both the write
 * and the read-back: reads and writes of it allocate nothing, an open
 * would (and would consume the counter).
 */
static int failnth_fd = -1;

/* Is this call the armed one? Counts every candidate call. */
static int failnth_arm(void)
{
	char k[24];
	int n;

	if (!failnth_ready)
		failnth_init();
	if (++failnth_seen != failnth_m || !failnth_m)
		return 0;
	failnth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (failnth_fd < 0) {
		perror("failnth: /proc/thread-self/fail-nth");
		return 0;
	}
	n = snprintf(k, sizeof(k), "%ld", failnth_k);
	if (write(failnth_fd, k, n) != n) {
		perror("failnth: arm");
		close(failnth_fd);
		failnth_fd = -1;
		return 0;
	}
	return 1;
}

/* After the armed call: did the fault happen? Disarm in any case. */
static void failnth_disarm(void)
{
	const char *report = getenv("FAILNTH_REPORT");
	int saved = errno;
	char buf[24] = "";
	ssize_t n;

	if (failnth_fd < 0)
		return;
	n = pread(failnth_fd, buf, sizeof(buf) - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	if (pwrite(failnth_fd, "0", 1, 0) != 1)
		perror("failnth: disarm");
	close(failnth_fd);
	failnth_fd = -1;
	if (report)
		failnth_write(report, atol(buf) ? "miss" : "hit");
	errno = saved;
}

/* A generic netlink request of a family (not nlctrl) on a netlink socket. */
static int failnth_genl_request(int fd, const void *buf, size_t len)
{
	const struct nlmsghdr *nlh = buf;
	int domain = 0, proto = 0;
	socklen_t sl = sizeof(int);

	if (len < NLMSG_HDRLEN || nlh->nlmsg_type == GENL_ID_CTRL ||
	    !(nlh->nlmsg_flags & NLM_F_REQUEST))
		return 0;
	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &sl) || domain != AF_NETLINK)
		return 0;
	sl = sizeof(int);
	if (getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &proto, &sl) || proto != NETLINK_GENERIC)
		return 0;
	return 1;
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	static ssize_t (*real)(int, const struct msghdr *, int);
	int armed = 0;
	ssize_t r;

	if (!real)
		real = dlsym(RTLD_NEXT, "sendmsg");
	if (msg && msg->msg_iovlen &&
	    failnth_genl_request(fd, msg->msg_iov[0].iov_base, msg->msg_iov[0].iov_len))
		armed = failnth_arm();
	r = real(fd, msg, flags);
	if (armed)
		failnth_disarm();
	return r;
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags,
	       const struct sockaddr *to, socklen_t tolen)
{
	static ssize_t (*real)(int, const void *, size_t, int,
			       const struct sockaddr *, socklen_t);
	int armed = 0;
	ssize_t r;

	if (!real)
		real = dlsym(RTLD_NEXT, "sendto");
	if (failnth_genl_request(fd, buf, len))
		armed = failnth_arm();
	r = real(fd, buf, len, flags, to, tolen);
	if (armed)
		failnth_disarm();
	return r;
}

ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	return sendto(fd, buf, len, flags, NULL, 0);
}

/* libkmod loads modules with syscall(__NR_finit_module, ...) */
long syscall(long nr, ...)
{
	static long (*real)(long, ...);
	long a[6], r;
	int armed = 0, i;
	va_list ap;

	if (!real)
		real = dlsym(RTLD_NEXT, "syscall");
	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == SYS_finit_module || nr == SYS_init_module)
		armed = failnth_arm();
	r = real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	if (armed)
		failnth_disarm();
	return r;
}
