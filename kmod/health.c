// SPDX-License-Identifier: GPL-2.0
/*
 * Health probes of real servers.
 *
 * A target is one server (address, port) probed with one set of settings,
 * in the network namespace of the services that have it: every service
 * that has the same server with the same settings shares the target, so a
 * server is probed once however many services use it.
 *
 * Each target has one delayed work item that runs its probe as a small
 * state machine on a non-blocking kernel socket: start (connect), then on
 * every wake-up of the socket (state change, data, error) or at the
 * deadline, one step. Socket callbacks only kick the work item; sockets
 * are created, read and released in process context. At most
 * probe_max_inflight probes are in flight at once; a target over the limit
 * waits a little and tries again. Probes are spread over the interval: the
 * first one at a random point of it, the next ones at the interval plus or
 * minus 5 %.
 *
 * A target no service uses any more lives on, still probed, for
 * HAVS_TARGET_LINGER: a service that changes scheduler (IPVS unbinds the
 * old one before it binds the new) or that is deleted and added again
 * finds its servers' health as it was, instead of starting over from the
 * initial state. Its health changes meanwhile are not reported (no dmesg
 * line, no event): they belong to no service.
 *
 * Targets, service settings and the services on havs schedulers of a
 * namespace are changed under its health lock (a mutex); the work items
 * never take it, so the lock may be held while a target is torn down.
 */

#include <linux/inet.h>
#include <linux/jhash.h>
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/inet_sock.h>
#include <net/sock.h>
#include <net/tcp_states.h>

#include "havs.h"
#include "sched_algo.h"

enum havs_probe_phase {
	PROBE_IDLE,
	PROBE_CONNECT,
	PROBE_REPLY,
};

#define PROBE_BUF_LEN 1024
#define HAVS_TARGET_LINGER (10 * HZ)
#define PROBE_REQ_LEN (HAVS_CHECK_PATH_LEN + HAVS_CHECK_HOST_LEN + 128)

struct workqueue_struct *havs_probe_wq;
static atomic_t havs_probes_inflight = ATOMIC_INIT(0);
static struct havs_check *havs_default_check;

void havs_svc_key_of(const struct ip_vs_service *svc, struct havs_svc_key *k)
{
	memset(k, 0, sizeof(*k));
	k->af = svc->af;
	if (svc->fwmark) {
		k->fwmark = svc->fwmark;
		return;
	}
	k->protocol = svc->protocol;
	k->port = svc->port;
	k->addr = svc->addr;
}

static const char *health_proto_name(u16 protocol)
{
	switch (protocol) {
	case IPPROTO_TCP:
		return "TCP";
	case IPPROTO_UDP:
		return "UDP";
	case IPPROTO_SCTP:
		return "SCTP";
	}
	return "?";
}

int havs_svc_key_fmt(char *buf, size_t len, const struct havs_svc_key *k)
{
	if (k->fwmark)
		return scnprintf(buf, len, "FWM %u%s", k->fwmark,
				 k->af == AF_INET6 ? " IPv6" : "");
	if (k->af == AF_INET6)
		return scnprintf(buf, len, "%s [%pI6c]:%u", health_proto_name(k->protocol),
				 &k->addr.in6, ntohs(k->port));
	return scnprintf(buf, len, "%s %pI4:%u", health_proto_name(k->protocol),
			 &k->addr.ip, ntohs(k->port));
}

int havs_addr_fmt(char *buf, size_t len, u16 af,
		  const union nf_inet_addr *a, __be16 port)
{
	if (af == AF_INET6)
		return scnprintf(buf, len, "[%pI6c]:%u", &a->in6, ntohs(port));
	return scnprintf(buf, len, "%pI4:%u", &a->ip, ntohs(port));
}

/* --- settings ----------------------------------------------------------- */

static bool check_equal(const struct havs_check *a, const struct havs_check *b)
{
	size_t off = offsetof(struct havs_check, type);

	return !memcmp((const u8 *)a + off, (const u8 *)b + off,
		       sizeof(*a) - off);
}

static void check_put(struct havs_check *c)
{
	if (c && refcount_dec_and_test(&c->ref))
		kfree_rcu(c, rcu);
}

static struct havs_check *check_get(struct havs_check *c)
{
	refcount_inc(&c->ref);
	return c;
}

/**
 * havs_check_alloc() - settings with every field at its default
 *
 * Return: the settings (one reference), or NULL
 */
struct havs_check *havs_check_alloc(void)
{
	struct havs_check *c = kzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);

	if (!c)
		return NULL;
	refcount_set(&c->ref, 1);
	c->type = HAVS_CHECK_TCP;
	c->rise = 2;
	c->fall = 3;
	c->initial_up = 1;
	c->interval_ms = 5000;
	c->timeout_ms = 2000;
	c->retry_ms = 1000;
	strscpy(c->path, "/", sizeof(c->path));
	strscpy(c->codes, "200-299", sizeof(c->codes));
	havs_http_expect_init(&c->expect);
	if (havs_http_expect_parse_codes(&c->expect, c->codes,
					 strlen(c->codes))) {
		kfree(c);
		return NULL;
	}
	return c;
}

void havs_check_free(struct havs_check *c)
{
	check_put(c);
}

static u32 health_conf_hash(const struct havs_svc_key *key)
{
	BUILD_BUG_ON(sizeof(*key) % sizeof(u32));
	return jhash2((const u32 *)key, sizeof(*key) / sizeof(u32), 0);
}

struct havs_svc_conf *havs_svc_conf_find(struct havs_net *hn,
					 const struct havs_svc_key *key)
{
	struct havs_svc_conf *sc;

	lockdep_assert_held(&hn->health.lock);
	hash_for_each_possible(hn->health.conf_hash, sc, hnode, health_conf_hash(key))
		if (!memcmp(&sc->key, key, sizeof(*key)))
			return sc;
	return NULL;
}

/* a service's new settings: listed in order (dumps), hashed (lookups) */
void havs_svc_conf_add(struct havs_net *hn, struct havs_svc_conf *sc)
{
	lockdep_assert_held(&hn->health.lock);
	list_add_tail(&sc->node, &hn->health.confs);
	hash_add(hn->health.conf_hash, &sc->hnode, health_conf_hash(&sc->key));
	hn->health.conf_count++;
}

void havs_svc_conf_del(struct havs_net *hn, struct havs_svc_conf *sc)
{
	lockdep_assert_held(&hn->health.lock);
	list_del(&sc->node);
	hash_del(&sc->hnode);
	hn->health.conf_count--;
}

/* --- health ------------------------------------------------------------- */

u32 havs_target_eff_weight(const struct havs_target *t, u32 weight,
			   u32 slow_start_ms, unsigned long now)
{
	if (!t)
		return weight;
	return havs_slow_start_weight(weight, READ_ONCE(t->up),
				      READ_ONCE(t->up_since), slow_start_ms,
				      now);
}

static void health_event(struct havs_target *t, const char *reason)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &havs_genl_family, 0,
			  HAVS_CMD_HEALTH_EVENT);
	if (!hdr || havs_health_fill_event(msg, t, reason)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&havs_genl_family, t->hn->net, msg, 0, 0,
				GFP_KERNEL);
}

static const char *probe_check_type_name(u8 type)
{
	switch (type) {
	case HAVS_CHECK_TCP:
		return "tcp";
	case HAVS_CHECK_HTTP:
		return "http";
	case HAVS_CHECK_UDP:
		return "udp";
	case HAVS_CHECK_EXTERNAL:
		return "external";
	}
	return "?";
}

/*
 * havs_target_set_health() - the one place a target's health changes:
 * dmesg, event, the schedulers (process context, no health lock needed)
 */
void havs_target_set_health(struct havs_target *t, bool up, const char *why)
{
	char svc[80], srv[64];
	unsigned int users;

	if (READ_ONCE(t->up) == up)
		return;
	WRITE_ONCE(t->up_since, up ? (jiffies | 1) : 0);
	WRITE_ONCE(t->up, up);
	WRITE_ONCE(t->health_seq, t->health_seq + 1);
	spin_lock_bh(&t->lock);
	t->transitions++;
	t->last_change = ktime_get_real_ns();
	users = t->users;
	spin_unlock_bh(&t->lock);
	/* the new health before the generation: see sdests_retable() */
	smp_mb__before_atomic();
	atomic_inc(&t->hn->health.gen);

	havs_svc_key_fmt(svc, sizeof(svc), &t->first_svc);
	havs_addr_fmt(srv, sizeof(srv), t->af, &t->addr, t->port);
	if (!users) {
		/* lingering: no service has this server with these settings */
		pr_debug("%s -> %s %s (%s) [unused probe, not reported]\n",
			 svc, srv, up ? "UP" : "DOWN", why);
		return;
	}
	/*
	 * A namespace's servers can flap at will: its lines are limited per
	 * namespace and module-wide; the event below always goes out.
	 */
	if (__ratelimit(&t->hn->health.log_rs) && __ratelimit(&havs_log_rs))
		pr_info("%s -> %s %s (%s)%s\n", svc, srv, up ? "UP" : "DOWN", why,
			users > 1 ? " [probe shared by other services]" : "");
	health_event(t, why);
	havs_health_track_kick(&t->hn->health);
}

static void probe_result(struct havs_target *t, bool ok, int err,
			 const char *why, u32 *next_ms)
{
	const struct havs_check *c = t->check;
	const struct havs_probe_sm_cfg cfg = {
		.rise = c->rise, .fall = c->fall,
		.interval_ms = c->interval_ms, .retry_ms = c->retry_ms,
	};
	char reason[96];
	u32 rtt = 0;

	if (ok)
		rtt = ktime_to_us(ktime_sub(ktime_get(), t->started));
	spin_lock_bh(&t->lock);
	t->last_ok = ok;
	if (ok) {
		t->probes_ok++;
		t->rtt_us = rtt;
		t->rtt_hist[havs_rtt_bucket(rtt)]++;
		t->rtt_sum_us += rtt;
	} else {
		t->probes_failed++;
		strscpy(t->last_error, why, sizeof(t->last_error));
		t->last_errno = err;
	}
	spin_unlock_bh(&t->lock);

	if (havs_probe_sm_result(&t->sm, &cfg, ok, next_ms)) {
		if (t->sm.up)
			snprintf(reason, sizeof(reason), "%s probe passed %u/%u",
				 probe_check_type_name(c->type), t->sm.ok_run, c->rise);
		else
			snprintf(reason, sizeof(reason), "%s; %u/%u probes failed",
				 why, t->sm.fail_run, c->fall);
		havs_target_set_health(t, t->sm.up, reason);
	}
}

/* --- probe engine --------------------------------------------------------- */

static void probe_sk_kick(struct sock *sk)
{
	struct havs_target *t;

	read_lock_bh(&sk->sk_callback_lock);
	t = sk->sk_user_data;
	if (t)
		mod_delayed_work(havs_probe_wq, &t->work, 0);
	read_unlock_bh(&sk->sk_callback_lock);
}

static void probe_sk_data_ready(struct sock *sk)
{
	probe_sk_kick(sk);
}

/*
 * Remember that the handshake completed: by the time the work item runs,
 * the server may have closed (CLOSE_WAIT) or reset (CLOSE) the connection
 * already, as a server that accepts and closes at once does.
 */
static void probe_sk_state_change(struct sock *sk)
{
	struct havs_target *t;

	read_lock_bh(&sk->sk_callback_lock);
	t = sk->sk_user_data;
	if (t) {
		if (sk->sk_state == TCP_ESTABLISHED)
			WRITE_ONCE(t->connected, true);
		mod_delayed_work(havs_probe_wq, &t->work, 0);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

static void probe_sk_error_report(struct sock *sk)
{
	probe_sk_kick(sk);
}

/*
 * A slot of the namespace's probe budget came free: the target that has
 * waited longest for one starts now. Waiters sleep on a list instead of
 * polling: a namespace with thousands of silent servers would otherwise
 * spend the CPU its neighbours' probes need on retries. The work is queued
 * under the lock that havs_probe_stop() takes to leave the list, so a stopped
 * target is never queued again.
 */
static void probe_slot_release(struct havs_health_net *h)
{
	struct havs_target *w;

	atomic_dec(&h->inflight);
	spin_lock_bh(&h->slot_lock);
	w = list_first_entry_or_null(&h->slot_waiters, struct havs_target,
				     slot_wait);
	if (w) {
		list_del_init(&w->slot_wait);
		if (!READ_ONCE(w->dying))
			mod_delayed_work(havs_probe_wq, &w->work, 0);
	}
	spin_unlock_bh(&h->slot_lock);
}

/* Wait for a slot of the namespace's budget; false: one is free now. */
static bool probe_slot_wait(struct havs_target *t)
{
	struct havs_health_net *h = &t->hn->health;
	bool wait;

	spin_lock_bh(&h->slot_lock);
	/* checked again under the lock: a slot freed meanwhile woke nobody */
	wait = atomic_read(&h->inflight) >= READ_ONCE(havs_probe_max_inflight_ns);
	if (wait && list_empty(&t->slot_wait))
		list_add_tail(&t->slot_wait, &h->slot_waiters);
	spin_unlock_bh(&h->slot_lock);
	return wait;
}

/* Detach and release the probe's socket; no callback refers to t after. */
static void probe_close(struct havs_target *t)
{
	struct socket *sock = t->sock;

	if (!sock)
		return;
	write_lock_bh(&sock->sk->sk_callback_lock);
	sock->sk->sk_user_data = NULL;
	write_unlock_bh(&sock->sk->sk_callback_lock);
	/* a TCP probe leaves no TIME_WAIT behind: close with a reset */
	if (sock->sk->sk_protocol == IPPROTO_TCP)
		sock_no_linger(sock->sk);
	sock_release(sock);
	t->sock = NULL;
	kfree(t->buf);
	t->buf = NULL;
	kfree(t->http);
	t->http = NULL;
	if (t->inflight) {
		t->inflight = false;
		atomic_dec(&havs_probes_inflight);
		probe_slot_release(&t->hn->health);
	}
	t->phase = PROBE_IDLE;
}

static unsigned long probe_spread(u32 ms)
{
	u32 j = ms / 20;	/* +- 5 % */

	if (j)
		ms = ms - j + get_random_u32_below(2 * j + 1);
	return msecs_to_jiffies(ms);
}

static void probe_done(struct havs_target *t, bool ok, int err,
		       const char *why)
{
	char reason[HAVS_HTTP_REASON_LEN];
	u32 next;

	/* @why may live in the parser, which goes with the socket */
	strscpy(reason, why ?: "", sizeof(reason));
	probe_close(t);
	probe_result(t, ok, err, reason, &next);
	t->next_at = jiffies + probe_spread(next);
	mod_delayed_work(havs_probe_wq, &t->work, t->next_at - jiffies);
}

static const char *probe_errno_reason(int err)
{
	switch (err) {
	case -ECONNREFUSED:
		return "connection refused";
	case -ECONNRESET:
		return "connection reset";
	case -EHOSTUNREACH:
		return "host unreachable";
	case -ENETUNREACH:
		return "network unreachable";
	case -ETIMEDOUT:
		return "timed out";
	case -EPIPE:
		return "connection closed";
	case -EADDRNOTAVAIL:
		return "no source address";
	case -ENOMEM:
	case -ENOBUFS:
		return "out of memory";
	}
	return "socket error";
}

static int probe_send(struct havs_target *t, const void *data, size_t len)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	struct kvec iov = { .iov_base = (void *)data, .iov_len = len };
	int n;

	n = kernel_sendmsg(t->sock, &msg, &iov, 1, len);
	if (n < 0)
		return n;
	/* a request this small fits an empty send buffer whole */
	return n == len ? 0 : -ENOBUFS;
}

static int probe_http_request(struct havs_target *t)
{
	const struct havs_check *c = t->check;
	char host[64];
	char *req;
	int len, err;

	req = kmalloc(PROBE_REQ_LEN, GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	if (!c->host[0])
		havs_addr_fmt(host, sizeof(host), t->af, &t->addr, t->port);
	len = scnprintf(req, PROBE_REQ_LEN,
			"GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: havs/%s\r\nAccept: */*\r\nConnection: close\r\n\r\n",
			c->path, c->host[0] ? c->host : host, HAVS_VERSION);
	err = probe_send(t, req, len);
	kfree(req);
	return err;
}

static void probe_start(struct havs_target *t)
{
	const struct havs_check *c = t->check;
	struct sockaddr_storage ss = {};
	int type, proto, len, err;
	struct socket *sock;
	struct sock *sk;

	/*
	 * A slot of the namespace's budget, then one of the module's: a
	 * namespace with many slow servers waits in line for its own slots
	 * (probe_slot_wait(), woken by probe_slot_release()) and never holds
	 * more than probe_max_inflight_ns of the module's.
	 */
	if (atomic_inc_return(&t->hn->health.inflight) >
	    READ_ONCE(havs_probe_max_inflight_ns)) {
		atomic_dec(&t->hn->health.inflight);
		if (probe_slot_wait(t))
			return;
		/* a slot came free meanwhile: try again soon */
		goto wait;
	}
	if (atomic_inc_return(&havs_probes_inflight) >
	    READ_ONCE(havs_probe_max_inflight)) {
		atomic_dec(&havs_probes_inflight);
		probe_slot_release(&t->hn->health);
		goto wait;
	}
	t->inflight = true;
	WRITE_ONCE(t->connected, false);
	t->started = ktime_get();
	t->deadline = ktime_add_ms(t->started, c->timeout_ms);

	if (c->type == HAVS_CHECK_UDP) {
		type = SOCK_DGRAM;
		proto = IPPROTO_UDP;
	} else {
		type = SOCK_STREAM;
		proto = IPPROTO_TCP;
	}
	err = sock_create_kern(t->hn->net, t->af, type, proto, &sock);
	if (err) {
		t->inflight = false;
		atomic_dec(&havs_probes_inflight);
		probe_slot_release(&t->hn->health);
		probe_done(t, false, err, "cannot create a socket");
		return;
	}
	t->sock = sock;
	sk = sock->sk;
	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = t;
	sk->sk_state_change = probe_sk_state_change;
	sk->sk_data_ready = probe_sk_data_ready;
	sk->sk_error_report = probe_sk_error_report;
	write_unlock_bh(&sk->sk_callback_lock);

	if (t->af == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = t->addr.in6;
		sin6->sin6_port = t->port;
		len = sizeof(*sin6);
	} else {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = t->addr.ip;
		sin->sin_port = t->port;
		len = sizeof(*sin);
	}
	err = kernel_connect(sock, (struct sockaddr *)&ss, len, O_NONBLOCK);
	if (err && err != -EINPROGRESS) {
		probe_done(t, false, err, probe_errno_reason(err));
		return;
	}
	if (c->type == HAVS_CHECK_UDP) {
		err = probe_send(t, c->payload, c->payload_len);
		if (err) {
			probe_done(t, false, err, probe_errno_reason(err));
			return;
		}
		t->phase = PROBE_REPLY;
	} else {
		t->phase = PROBE_CONNECT;
	}
	/* the deadline; any wake-up of the socket comes first */
	queue_delayed_work(havs_probe_wq, &t->work,
			   msecs_to_jiffies(c->timeout_ms) + 1);
	return;
wait:
	queue_delayed_work(havs_probe_wq, &t->work,
			   msecs_to_jiffies(10 + get_random_u32_below(40)));
}

/* read what the socket has; 0: keep waiting, 1: verdict made */
static int probe_read(struct havs_target *t)
{
	const struct havs_check *c = t->check;
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT };
	int r = HAVS_HTTP_MORE;
	struct kvec iov;
	int n;

	if (!t->buf) {
		t->buf = kmalloc(PROBE_BUF_LEN, GFP_KERNEL);
		if (!t->buf) {
			probe_done(t, false, -ENOMEM, "out of memory");
			return 1;
		}
	}
	for (;;) {
		iov.iov_base = t->buf;
		iov.iov_len = PROBE_BUF_LEN;
		n = kernel_recvmsg(t->sock, &msg, &iov, 1, PROBE_BUF_LEN,
				   MSG_DONTWAIT);
		if (n == -EAGAIN)
			return 0;
		if (c->type == HAVS_CHECK_UDP) {
			if (n < 0) {
				probe_done(t, false, n, probe_errno_reason(n));
				return 1;
			}
			probe_done(t, true, 0, NULL);
			return 1;
		}
		if (n < 0) {
			probe_done(t, false, n, probe_errno_reason(n));
			return 1;
		}
		if (n == 0)
			havs_http_eof(t->http);
		else
			r = havs_http_feed(t->http, t->buf, n);
		if (n == 0 || r != HAVS_HTTP_MORE) {
			bool ok = havs_http_ok(t->http);

			probe_done(t, ok, ok ? 0 : min(havs_http_result(t->http), 0),
				   ok ? NULL : havs_http_reason(t->http));
			return 1;
		}
	}
}

/*
 * The handshake completed, even if the server has closed or reset the
 * connection since (a reset in SYN_SENT is a refusal, ECONNREFUSED).
 */
static bool probe_connected(struct havs_target *t, struct sock *sk)
{
	return READ_ONCE(t->connected) ||
	       (1 << READ_ONCE(sk->sk_state)) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT);
}

static void probe_step(struct havs_target *t)
{
	const struct havs_check *c = t->check;
	struct sock *sk = t->sock->sk;
	u32 left_us;
	int err;

	if (t->phase == PROBE_CONNECT) {
		if (probe_connected(t, sk)) {
			/* a TCP check asks no more, whatever came after */
			if (c->type == HAVS_CHECK_TCP) {
				probe_done(t, true, 0, NULL);
				return;
			}
			t->http = kmalloc(sizeof(*t->http), GFP_KERNEL);
			if (!t->http) {
				probe_done(t, false, -ENOMEM, "out of memory");
				return;
			}
			havs_http_init(t->http, &c->expect);
			err = probe_http_request(t);
			if (err) {
				probe_done(t, false, err, probe_errno_reason(err));
				return;
			}
			t->phase = PROBE_REPLY;
		} else {
			err = sock_error(sk);
			if (err) {
				probe_done(t, false, err, probe_errno_reason(err));
				return;
			}
			if (sk->sk_state == TCP_CLOSE) {
				probe_done(t, false, -ECONNREFUSED,
					   "connection refused");
				return;
			}
		}
	}
	/*
	 * Replies are read before any error is looked at: a server may send
	 * its whole reply and then reset; an error (a reset before the reply
	 * ended, an ICMP unreachable for UDP) comes from the read itself.
	 */
	if (t->phase == PROBE_REPLY && probe_read(t))
		return;
	/* one reading of the clock decides both: expired, or how long to wait */
	left_us = havs_probe_wait_us(ktime_to_ns(t->deadline),
				     ktime_to_ns(ktime_get()));
	if (!left_us) {
		probe_done(t, false, -ETIMEDOUT,
			   t->phase == PROBE_CONNECT ? "connect timed out" :
			   "no reply in time");
		return;
	}
	/*
	 * Not there yet: wait for the socket, or the deadline. queue, not
	 * mod: a wake-up that came while this ran must not be pushed back.
	 */
	queue_delayed_work(havs_probe_wq, &t->work,
			   usecs_to_jiffies(left_us) + 1);
}

void havs_probe_work(struct work_struct *w)
{
	struct havs_target *t = container_of(to_delayed_work(w),
					     struct havs_target, work);

	/* the stopper owns the socket from here: see havs_probe_stop() */
	if (READ_ONCE(t->dying))
		return;
	if (t->phase == PROBE_IDLE) {
		/* a late wake-up of the last probe's socket: not due yet */
		if (t->next_at && time_before(jiffies, t->next_at)) {
			queue_delayed_work(havs_probe_wq, &t->work,
					   t->next_at - jiffies);
			return;
		}
		probe_start(t);
	} else {
		probe_step(t);
	}
}

/* --- targets ---------------------------------------------------------------- */

static u32 target_hash(u16 af, const union nf_inet_addr *a, __be16 port)
{
	return jhash2(a->all, 4, (u32)af << 16 | (__force u16)port);
}

/*
 * Stop the target's probes for good (health lock or sole owner). The
 * stopper is the one owner of the socket: a socket callback may queue the
 * work again until the socket is detached, but the work only looks at
 * @dying and returns; once detached, nothing queues it, and the last
 * cancel waits for a run in progress. Only then is the socket closed.
 */
void havs_probe_stop(struct havs_target *t)
{
	struct socket *sock;

	WRITE_ONCE(t->dying, true);
	cancel_delayed_work_sync(&t->work);
	sock = t->sock;
	if (sock) {
		write_lock_bh(&sock->sk->sk_callback_lock);
		sock->sk->sk_user_data = NULL;
		write_unlock_bh(&sock->sk->sk_callback_lock);
	}
	/*
	 * out of the line for a slot: probe_slot_release() queues under this
	 * lock
	 */
	spin_lock_bh(&t->hn->health.slot_lock);
	list_del_init(&t->slot_wait);
	spin_unlock_bh(&t->hn->health.slot_lock);
	cancel_delayed_work_sync(&t->work);
	probe_close(t);
}

static void target_free_rcu(struct rcu_head *head)
{
	struct havs_target *t = container_of(head, struct havs_target, rcu);

	check_put(t->check);
	kfree(t);
}

/**
 * havs_target_get() - the target for @dest of the service @svc, created
 *	if no service has it yet with the same settings (health lock)
 * @hn: namespace
 * @svc: the service (its settings decide how the server is probed)
 * @dest: the real server
 *
 * Return: the target with one more user, NULL if none (out of memory,
 * max_probed reached, or the namespace is going away: the server then
 * counts as up).
 */
struct havs_target *havs_target_get(struct havs_net *hn,
				    const struct havs_svc_key *svc,
				    const struct ip_vs_dest *dest)
{
	struct havs_health_net *h = &hn->health;
	const struct havs_svc_conf *sc;
	struct havs_check *c;
	struct havs_target *t;
	__be16 port;
	u32 key;

	lockdep_assert_held(&h->lock);
	if (h->dying)
		return NULL;
	sc = havs_svc_conf_find(hn, svc);
	c = sc ? sc->check : havs_default_check;
	port = c->port ? htons(c->port) : dest->port;
	key = target_hash(dest->af, &dest->addr, port);
	hash_for_each_possible(h->targets, t, hnode, key) {
		if (t->af == dest->af && t->port == port &&
		    nf_inet_addr_cmp(&t->addr, &dest->addr) &&
		    (t->check == c || check_equal(t->check, c))) {
			spin_lock_bh(&t->lock);
			/* a lingering target: the log names its new service */
			if (!t->users++)
				t->first_svc = *svc;
			spin_unlock_bh(&t->lock);
			t->orphaned = 0;
			return t;
		}
	}

	if (h->target_count >= READ_ONCE(havs_max_probed)) {
		char name[80], srv[64];

		havs_svc_key_fmt(name, sizeof(name), svc);
		havs_addr_fmt(srv, sizeof(srv), dest->af, &dest->addr, port);
		pr_warn_ratelimited("%s -> %s not probed: this namespace probes max_probed (%u) servers already; it counts as up\n",
				    name, srv, READ_ONCE(havs_max_probed));
		return NULL;
	}
	t = kzalloc(sizeof(*t), GFP_KERNEL_ACCOUNT);
	if (!t)
		return NULL;
	t->hn = hn;
	t->check = check_get(c);
	t->users = 1;
	t->af = dest->af;
	t->addr = dest->addr;
	t->port = port;
	t->first_svc = *svc;
	t->up = c->initial_up;
	t->sm.up = c->initial_up;
	t->last_ok = -1;
	spin_lock_init(&t->lock);
	INIT_LIST_HEAD(&t->slot_wait);
	INIT_DELAYED_WORK(&t->work, havs_probe_work);
	hash_add(h->targets, &t->hnode, key);
	h->target_count++;
	/* the first probe at a random point of the interval */
	if (c->type != HAVS_CHECK_EXTERNAL && port)
		queue_delayed_work(havs_probe_wq, &t->work,
				   msecs_to_jiffies(get_random_u32_below(c->interval_ms)));
	return t;
}

static void target_free(struct havs_health_net *h, struct havs_target *t)
{
	hash_del(&t->hnode);
	h->target_count--;
	havs_probe_stop(t);
	call_rcu(&t->rcu, target_free_rcu);
}

/* one more user of a target the caller already holds (health lock) */
void havs_target_hold(struct havs_target *t)
{
	if (!t)
		return;
	lockdep_assert_held(&t->hn->health.lock);
	spin_lock_bh(&t->lock);
	t->users++;
	spin_unlock_bh(&t->lock);
}

void havs_target_put(struct havs_target *t)
{
	struct havs_health_net *h;
	bool last;

	if (!t)
		return;
	h = &t->hn->health;
	lockdep_assert_held(&h->lock);
	spin_lock_bh(&t->lock);
	last = !--t->users;
	spin_unlock_bh(&t->lock);
	if (!last)
		return;
	if (h->dying) {
		target_free(h, t);
		return;
	}
	/* linger: see the top of this file */
	t->orphaned = jiffies | 1;
	queue_delayed_work(havs_probe_wq, &h->reaper, HAVS_TARGET_LINGER + 1);
}

/* Free the targets no service has used for HAVS_TARGET_LINGER. */
static void health_reaper_work(struct work_struct *w)
{
	struct havs_health_net *h = container_of(to_delayed_work(w),
						 struct havs_health_net, reaper);
	unsigned long next = 0;
	struct hlist_node *tmp;
	struct havs_target *t;
	unsigned int bkt;

	mutex_lock(&h->lock);
	hash_for_each_safe(h->targets, bkt, tmp, t, hnode) {
		if (!t->orphaned)
			continue;
		if (time_after_eq(jiffies, t->orphaned + HAVS_TARGET_LINGER))
			target_free(h, t);
		else if (!next || time_before(t->orphaned, next))
			next = t->orphaned;
	}
	if (next && !h->dying)
		queue_delayed_work(havs_probe_wq, &h->reaper,
				   next + HAVS_TARGET_LINGER - jiffies + 1);
	mutex_unlock(&h->lock);
}

/**
 * havs_target_set_external() - health set from userspace (health lock)
 * @t: a target whose check is of type external
 * @up: the new health
 */
void havs_target_set_external(struct havs_target *t, bool up)
{
	lockdep_assert_held(&t->hn->health.lock);
	spin_lock_bh(&t->lock);
	t->last_ok = up;
	if (up)
		t->probes_ok++;
	else
		t->probes_failed++;
	strscpy(t->last_error, up ? "" : "set down from userspace",
		sizeof(t->last_error));
	spin_unlock_bh(&t->lock);
	t->sm.up = up;
	havs_target_set_health(t, up, up ? "set up from userspace" :
		   "set down from userspace");
}

/*
 * Count, into the settings of each service that drives a tracked object,
 * its servers up (health and a weight above 0) and its servers: one pass
 * over the services, each settings found by hash, so the work follows the
 * number of services, not services times settings (health lock).
 */
static bool health_track_count(struct havs_net *hn)
{
	struct havs_svc_conf *sc;
	struct havs_svc_key k;
	struct havs_sdests *sd;
	struct havs_svc *hs;
	bool any = false;
	unsigned int i;

	list_for_each_entry(sc, &hn->health.confs, node) {
		sc->scan_up = 0;
		sc->scan_n = 0;
		any |= !!sc->track[0];
	}
	if (!any)
		return false;
	list_for_each_entry(hs, &hn->health.svcs, node) {
		havs_svc_key_of(hs->svc, &k);
		sc = havs_svc_conf_find(hn, &k);
		if (!sc || !sc->track[0])
			continue;
		sd = rcu_dereference_protected(hs->sd,
					       lockdep_is_held(&hn->health.lock));
		for (i = 0; sd && i < sd->n; i++) {
			if (sd->d[i].sorry)
				continue;
			sc->scan_n++;
			if (atomic_read(&sd->d[i].dest->weight) > 0 &&
			    (!sd->d[i].t || READ_ONCE(sd->d[i].t->up)))
				sc->scan_up++;
		}
	}
	return true;
}

/*
 * Services that drive a tracked object set it from their servers' health
 * (rtnl, then the health lock: the order IPVS's device notifier implies).
 */
static void health_track_work(struct work_struct *w)
{
	struct havs_health_net *h = container_of(w, struct havs_health_net,
						 track_work);
	struct havs_net *hn = container_of(h, struct havs_net, health);
	struct havs_svc_conf *sc;
	char why[128];
	int len;
	bool want;

	rtnl_lock();
	mutex_lock(&h->lock);
	if (h->dying)
		goto out;
	havs_expire_recount(h);
	if (!health_track_count(hn))
		goto out;
	list_for_each_entry(sc, &h->confs, node) {
		if (!sc->track[0])
			continue;
		want = sc->scan_up >= sc->track_min;
		if (sc->track_state == want)
			continue;
		sc->track_state = want;
		len = havs_svc_key_fmt(why, sizeof(why), &sc->key);
		scnprintf(why + len, sizeof(why) - len,
			  ": %u of %u servers up, %s %u", sc->scan_up,
			  sc->scan_n, want ? "at least" : "fewer than",
			  sc->track_min);
		if (havs_track_set(hn, sc->track, want, why))
			pr_warn_ratelimited("%s: cannot set tracked object %s: too many objects or out of memory\n",
					    why, sc->track);
	}
out:
	mutex_unlock(&h->lock);
	rtnl_unlock();
}

/* re-evaluate the tracked objects services drive (any context) */
void havs_health_track_kick(struct havs_health_net *h)
{
	if (!READ_ONCE(h->dying))
		queue_work(havs_probe_wq, &h->track_work);
}

void havs_health_net_init(struct havs_net *hn)
{
	struct havs_health_net *h = &hn->health;

	mutex_init(&h->lock);
	hash_init(h->targets);
	hash_init(h->expire_hash);
	INIT_LIST_HEAD(&h->svcs);
	INIT_LIST_HEAD(&h->confs);
	hash_init(h->conf_hash);
	atomic_set(&h->gen, 0);
	atomic_set(&h->inflight, 0);
	spin_lock_init(&h->slot_lock);
	INIT_LIST_HEAD(&h->slot_waiters);
	ratelimit_state_init(&h->log_rs, 5 * HZ, 20);
	ratelimit_set_flags(&h->log_rs, RATELIMIT_MSG_ON_RELEASE);
	INIT_DELAYED_WORK(&h->reaper, health_reaper_work);
	INIT_WORK(&h->track_work, health_track_work);
}

/*
 * The namespace goes: IPVS may flush its services (and with them our
 * targets) before or after this runs. Stop every probe now; the targets
 * themselves go with the last service that uses them.
 */
void havs_health_net_exit(struct havs_net *hn)
{
	struct havs_health_net *h = &hn->health;
	struct havs_svc_conf *sc, *tmp;
	struct hlist_node *n;
	struct havs_target *t;
	unsigned int bkt;

	mutex_lock(&h->lock);
	WRITE_ONCE(h->dying, true);
	mutex_unlock(&h->lock);
	cancel_delayed_work_sync(&h->reaper);
	mutex_lock(&h->lock);
	hash_for_each_safe(h->targets, bkt, n, t, hnode) {
		if (t->orphaned)
			target_free(h, t);
		else
			havs_probe_stop(t);
	}
	/* no probe runs any more to queue it again */
	mutex_unlock(&h->lock);
	cancel_work_sync(&h->track_work);
	havs_expire_net_exit(hn);
	mutex_lock(&h->lock);
	list_for_each_entry_safe(sc, tmp, &h->confs, node) {
		havs_svc_conf_del(hn, sc);
		check_put(sc->check);
		kfree(sc);
	}
	mutex_unlock(&h->lock);
	/*
	 * IPVS flushed the namespace's services before this ran (its pernet
	 * device exit comes first): each havs_done_service() queued the
	 * freeing of its service as RCU work, which cancels the service's
	 * Maglev rebuild, and the rebuild reaches this namespace's state.
	 * Wait for the callbacks that queue those items, then for the items.
	 */
	rcu_barrier();
	flush_workqueue(havs_probe_wq);
}

int __init havs_health_init(void)
{
	havs_default_check = havs_check_alloc();
	if (!havs_default_check)
		return -ENOMEM;
	havs_probe_wq = alloc_workqueue("havs_probe", WQ_UNBOUND, 0);
	if (!havs_probe_wq) {
		check_put(havs_default_check);
		return -ENOMEM;
	}
	return 0;
}

/* after the pernet exit: no target and no service is left */
void havs_health_exit(void)
{
	/* queue the services' rcu_work freeing, then run it */
	rcu_barrier();
	destroy_workqueue(havs_probe_wq);
	check_put(havs_default_check);
	/* targets, settings, server arrays: freed after a grace period */
	rcu_barrier();
}
