// SPDX-License-Identifier: GPL-2.0
/*
 * Health probes: the socket machine of a target.
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
 * The work item never takes the namespace's health lock; a target's
 * stopper (havs_probe_stop()) is the one owner that closes its socket.
 */

#include <linux/inet.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/inet_sock.h>
#include <net/sock.h>
#include <net/tcp_states.h>

#include "havs.h"

#define PROBE_BUF_LEN 1024
#define PROBE_REQ_LEN (HAVS_CHECK_PATH_LEN + HAVS_CHECK_HOST_LEN + 128)

static atomic_t havs_probes_inflight = ATOMIC_INIT(0);

enum havs_probe_phase {
	PROBE_IDLE,
	PROBE_CONNECT,
	PROBE_REPLY,
};

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
	case HAVS_CHECK_DNS:
		return "dns";
	case HAVS_CHECK_TLS:
		return "tls";
	case HAVS_CHECK_SMTP:
		return "smtp";
	}
	return "?";
}

/* the words of dmesg for the verdicts of probe_proto.c */
static const char *probe_proto_reason(int code)
{
	switch (code) {
	case HAVS_PROBE_E_CLOSED_EARLY:
		return "closed before the exchange ended";
	case HAVS_PROBE_E_DNS_MALFORMED:
		return "malformed DNS reply";
	case HAVS_PROBE_E_DNS_QUESTION:
		return "DNS reply to another question";
	case HAVS_PROBE_E_DNS_RCODE:
		return "DNS rcode not expected";
	case HAVS_PROBE_E_DNS_ANSWER:
		return "expected address not in the DNS answer";
	case HAVS_PROBE_E_DNS_TRUNCATED:
		return "truncated DNS reply (TC)";
	case HAVS_PROBE_E_TLS_ALERT:
		return "TLS alert";
	case HAVS_PROBE_E_TLS_NOT_TLS:
		return "not a TLS reply";
	case HAVS_PROBE_E_TLS_UNEXPECTED:
		return "TLS handshake without a ServerHello";
	case HAVS_PROBE_E_SMTP_BANNER:
		return "SMTP greeting not 220";
	case HAVS_PROBE_E_SMTP_HELO:
		return "SMTP EHLO and HELO refused";
	case HAVS_PROBE_E_SMTP_MALFORMED:
		return "malformed SMTP reply";
	}
	return "probe failed";
}

static void probe_result(struct havs_target *t, bool ok, int err, u8 code,
			 u16 detail, const char *why, u32 *next_ms)
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
		t->last_error = code;
		t->last_http_status = detail;
		t->last_reply_code = detail;
		t->last_errno = err;
	}
	spin_unlock_bh(&t->lock);

	if (havs_probe_sm_result(&t->sm, &cfg, ok, next_ms)) {
		if (t->sm.up) {
			snprintf(reason, sizeof(reason), "%s probe passed %u/%u",
				 probe_check_type_name(c->type), t->sm.ok_run, c->rise);
			havs_target_set_health(t, true, HAVS_HEALTH_R_PASSED,
					       t->sm.ok_run, reason);
		} else {
			snprintf(reason, sizeof(reason), "%s; %u/%u probes failed",
				 why, t->sm.fail_run, c->fall);
			havs_target_set_health(t, false, HAVS_HEALTH_R_FAILED,
					       t->sm.fail_run, reason);
		}
	}
}

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

	if (sock) {
		write_lock_bh(&sock->sk->sk_callback_lock);
		sock->sk->sk_user_data = NULL;
		write_unlock_bh(&sock->sk->sk_callback_lock);
		/* a TCP probe leaves no TIME_WAIT behind: close with a reset */
		if (sock->sk->sk_protocol == IPPROTO_TCP)
			sock_no_linger(sock->sk);
		sock_release(sock);
		t->sock = NULL;
	}
	kfree(t->buf);
	t->buf = NULL;
	kfree(t->http);
	t->http = NULL;
	if (t->proto)
		kfree(t->proto->tcp);
	kfree(t->proto);
	t->proto = NULL;
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

/*
 * The verdict of a probe: @ok, or why not: @err (negative errno or 0),
 * @code (enum havs_probe_error), @detail (the HTTP status with
 * HAVS_PROBE_E_HTTP_STATUS, the DNS rcode, TLS alert or SMTP reply code
 * of the errors that have one) for netlink, @why in words for dmesg.
 */
static void probe_done(struct havs_target *t, bool ok, int err, u8 code,
		       u16 detail, const char *why)
{
	char reason[HAVS_HTTP_REASON_LEN];
	u32 next;

	/* @why may live in the parser, which goes with the socket */
	strscpy(reason, why ?: "", sizeof(reason));
	probe_close(t);
	probe_result(t, ok, err, code, detail, reason, &next);
	t->next_at = jiffies + probe_spread(next);
	mod_delayed_work(havs_probe_wq, &t->work, t->next_at - jiffies);
}

static u8 probe_errno_code(int err)
{
	switch (err) {
	case -ECONNREFUSED:
		return HAVS_PROBE_E_REFUSED;
	case -ECONNRESET:
		return HAVS_PROBE_E_RESET;
	case -EHOSTUNREACH:
		return HAVS_PROBE_E_HOST_UNREACH;
	case -ENETUNREACH:
		return HAVS_PROBE_E_NET_UNREACH;
	case -ETIMEDOUT:
		return HAVS_PROBE_E_TIMED_OUT;
	case -EPIPE:
		return HAVS_PROBE_E_CLOSED;
	case -EADDRNOTAVAIL:
		return HAVS_PROBE_E_NO_SOURCE;
	case -ENOMEM:
	case -ENOBUFS:
		return HAVS_PROBE_E_NO_MEMORY;
	}
	return HAVS_PROBE_E_SOCKET;
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

/* a probe failed on a socket error */
static void probe_fail_errno(struct havs_target *t, int err)
{
	probe_done(t, false, err, probe_errno_code(err), 0,
		   probe_errno_reason(err));
}

static void probe_pass(struct havs_target *t)
{
	probe_done(t, true, 0, HAVS_PROBE_E_NONE, 0, NULL);
}

/* the verdict of probe_proto.c: HAVS_PROBE_E_NONE or why not */
static void probe_proto_done(struct havs_target *t, int verdict, u16 detail)
{
	if (verdict == HAVS_PROBE_E_NONE)
		probe_pass(t);
	else
		probe_done(t, false, 0, verdict, detail,
			   probe_proto_reason(verdict));
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

/*
 * A non-blocking socket of @type and @proto in the target's namespace,
 * its callbacks set, connecting to the server: 0, or an error with
 * t->sock NULL if no socket could be created.
 */
static int probe_connect(struct havs_target *t, int type, int proto)
{
	struct sockaddr_storage ss = {};
	struct socket *sock;
	struct sock *sk;
	int len, err;

	err = sock_create_kern(t->hn->net, t->af, type, proto, &sock);
	if (err)
		return err;
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
	return err == -EINPROGRESS ? 0 : err;
}

/* the query of a dns check, with a fresh transaction id */
static int probe_dns_query(struct havs_target *t)
{
	const struct havs_check *c = t->check;
	int len;

	t->proto = kzalloc(sizeof(*t->proto), GFP_KERNEL);
	if (!t->proto)
		return -ENOMEM;
	len = havs_dns_query(t->proto->query, sizeof(t->proto->query),
			     get_random_u32() & 0xffff, c->dns_name,
			     c->dns_qtype);
	/* the name was checked when the settings were set */
	if (WARN_ON_ONCE(len < 0))
		return len;
	t->proto->query_len = len;
	return probe_send(t, t->proto->query, len);
}

/* an http check's request, once connected */
static int probe_http_begin(struct havs_target *t)
{
	t->http = kmalloc(sizeof(*t->http), GFP_KERNEL);
	if (!t->http)
		return -ENOMEM;
	havs_http_init(t->http, &t->check->expect);
	return probe_http_request(t);
}

/*
 * A truncated reply (TC) to a dns check that expects an address: the same
 * query over TCP (RFC 7766), within the same deadline. The UDP socket
 * goes; the probe keeps its slot.
 */
static int probe_dns_tcp(struct havs_target *t)
{
	struct socket *udp = t->sock;
	u32 left_us;
	int err;

	t->proto->tcp = kmalloc(HAVS_DNS_TCP_MAX, GFP_KERNEL);
	if (!t->proto->tcp)
		return -ENOMEM;
	write_lock_bh(&udp->sk->sk_callback_lock);
	udp->sk->sk_user_data = NULL;
	write_unlock_bh(&udp->sk->sk_callback_lock);
	sock_release(udp);
	t->sock = NULL;
	WRITE_ONCE(t->connected, false);
	err = probe_connect(t, SOCK_STREAM, IPPROTO_TCP);
	if (err)
		return err;
	t->phase = PROBE_CONNECT;
	left_us = havs_probe_wait_us(ktime_to_ns(t->deadline),
				     ktime_to_ns(ktime_get()));
	queue_delayed_work(havs_probe_wq, &t->work,
			   usecs_to_jiffies(left_us) + 1);
	return 0;
}

/* the query over TCP, once connected: its length, then itself */
static int probe_dns_tcp_send(struct havs_target *t)
{
	u8 msg[2 + HAVS_DNS_QUERY_MAX];

	havs_put_be16(msg, t->proto->query_len);
	memcpy(msg + 2, t->proto->query, t->proto->query_len);
	return probe_send(t, msg, 2 + t->proto->query_len);
}

/*
 * @n bytes of the reply over TCP (0: closed): HAVS_PROTO_MORE, or the
 * verdict. A reply longer than HAVS_DNS_TCP_MAX is not read: dns-truncated.
 */
static int probe_dns_tcp_read(struct havs_target *t, int n, u16 *code)
{
	struct havs_probe_proto *p = t->proto;
	size_t take = min_t(size_t, n, HAVS_DNS_TCP_MAX - p->tcp_have);
	u16 want;
	int r;

	*code = 0;
	memcpy(p->tcp + p->tcp_have, t->buf, take);
	p->tcp_have += take;
	if (p->tcp_have < 2)
		return n ? HAVS_PROTO_MORE : HAVS_PROBE_E_CLOSED_EARLY;
	want = havs_get_be16(p->tcp);
	if (2 + want > HAVS_DNS_TCP_MAX)
		return HAVS_PROBE_E_DNS_TRUNCATED;
	if (p->tcp_have < 2 + want)
		return n ? HAVS_PROTO_MORE : HAVS_PROBE_E_CLOSED_EARLY;
	r = havs_dns_reply(p->query, p->query_len, p->tcp + 2, want,
			   &t->check->dns, code);
	/* over TCP, the one reply must be ours */
	return r == HAVS_DNS_NOT_OURS ? HAVS_PROBE_E_DNS_MALFORMED : r;
}

/* what a tls or smtp check sends once connected (smtp: nothing yet) */
static int probe_proto_begin(struct havs_target *t)
{
	const struct havs_check *c = t->check;
	u8 rnd[96];
	u8 *hello;
	int len;

	t->proto = kzalloc(sizeof(*t->proto), GFP_KERNEL);
	if (!t->proto)
		return -ENOMEM;
	if (c->type == HAVS_CHECK_SMTP) {
		havs_smtp_init(&t->proto->smtp);
		return 0;
	}
	havs_tls_init(&t->proto->tls);
	hello = kmalloc(HAVS_TLS_HELLO_MAX, GFP_KERNEL);
	if (!hello)
		return -ENOMEM;
	get_random_bytes(rnd, sizeof(rnd));
	len = havs_tls_client_hello(hello, HAVS_TLS_HELLO_MAX, c->sni, rnd,
				    rnd + 32, rnd + 64);
	len = len < 0 ? len : probe_send(t, hello, len);
	kfree(hello);
	return len;
}

/* send an SMTP command */
static int probe_smtp_send(struct havs_target *t, u8 cmd)
{
	const struct havs_check *c = t->check;
	char line[HAVS_CHECK_NAME_LEN + 8];
	int len;

	if (cmd == HAVS_SMTP_QUIT)
		len = scnprintf(line, sizeof(line), "QUIT\r\n");
	else
		len = scnprintf(line, sizeof(line), "%s %s\r\n",
				cmd == HAVS_SMTP_EHLO ? "EHLO" : "HELO",
				c->helo[0] ? c->helo : "localhost");
	return probe_send(t, line, len);
}

static void probe_start(struct havs_target *t)
{
	const struct havs_check *c = t->check;
	int type, proto, err;

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

	if (c->type == HAVS_CHECK_UDP || c->type == HAVS_CHECK_DNS) {
		type = SOCK_DGRAM;
		proto = IPPROTO_UDP;
	} else {
		type = SOCK_STREAM;
		proto = IPPROTO_TCP;
	}
	err = probe_connect(t, type, proto);
	if (err && !t->sock) {
		probe_done(t, false, err, HAVS_PROBE_E_NO_SOCKET, 0,
			   "cannot create a socket");
		return;
	}
	if (err) {
		probe_fail_errno(t, err);
		return;
	}
	if (c->type == HAVS_CHECK_UDP || c->type == HAVS_CHECK_DNS) {
		if (c->type == HAVS_CHECK_DNS)
			err = probe_dns_query(t);
		else
			err = probe_send(t, c->payload, c->payload_len);
		if (err) {
			probe_fail_errno(t, err);
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

/*
 * @n bytes of a dns, tls or smtp reply in t->buf (0: the server closed):
 * 1 if they made the verdict.
 */
static int probe_proto_read(struct havs_target *t, int n, bool trunc)
{
	struct havs_probe_proto *p = t->proto;
	const struct havs_check *c = t->check;
	size_t off = 0, used;
	int r, err;
	u16 code;
	u8 cmd;

	switch (c->type) {
	case HAVS_CHECK_DNS:
		if (p->tcp) {
			r = probe_dns_tcp_read(t, n, &code);
			if (r == HAVS_PROTO_MORE)
				return 0;
			break;
		}
		r = havs_dns_reply(p->query, p->query_len, t->buf, n, &c->dns,
				   &code);
		/* another transaction's datagram: wait for ours */
		if (r == HAVS_DNS_NOT_OURS)
			return 0;
		/*
		 * Longer than our buffer: its answers were cut here, as by a
		 * server's TC; the header and question, first, are whole.
		 */
		if (trunc && c->dns.af &&
		    (r == HAVS_PROBE_E_DNS_MALFORMED || r == HAVS_PROBE_E_DNS_ANSWER))
			r = HAVS_PROBE_E_DNS_TRUNCATED;
		if (r == HAVS_PROBE_E_DNS_TRUNCATED) {
			err = probe_dns_tcp(t);
			if (err && !t->sock)
				probe_done(t, false, err, HAVS_PROBE_E_NO_SOCKET, 0,
					   "cannot create a socket");
			else if (err)
				probe_fail_errno(t, err);
			/* the verdict is the TCP reply's */
			return 1;
		}
		break;
	case HAVS_CHECK_TLS:
		if (!n) {
			r = HAVS_PROBE_E_CLOSED_EARLY;
			code = 0;
			break;
		}
		r = havs_tls_feed(&p->tls, t->buf, n, &code);
		if (r == HAVS_PROTO_MORE)
			return 0;
		break;
	default:
		if (!n) {
			r = havs_smtp_eof(&p->smtp);
			code = 0;
			break;
		}
		for (;;) {
			r = havs_smtp_feed(&p->smtp, t->buf + off, n - off,
					   &used, &cmd, &code);
			off += used;
			if (r != HAVS_PROTO_MORE || cmd == HAVS_SMTP_NONE)
				break;
			err = probe_smtp_send(t, cmd);
			if (err) {
				probe_fail_errno(t, err);
				return 1;
			}
		}
		if (r == HAVS_PROTO_MORE)
			return 0;
		break;
	}
	probe_proto_done(t, r, code);
	return 1;
}

/*
 * Reads one step may make: a server (or whoever forges its address) that
 * sends faster than we read, datagrams of another transaction for
 * instance, must not keep the work item, and the probe's in-flight slot,
 * past the deadline.
 */
#define PROBE_READS_MAX	16

/*
 * Read what the socket has; 0: keep waiting, 1: verdict made, -EAGAIN:
 * PROBE_READS_MAX reads made, there may be more.
 */
static int probe_read(struct havs_target *t)
{
	const struct havs_check *c = t->check;
	struct msghdr msg;
	int r = HAVS_HTTP_MORE;
	unsigned int reads;
	struct kvec iov;
	int n;

	if (!t->buf) {
		t->buf = kmalloc(PROBE_BUF_LEN, GFP_KERNEL);
		if (!t->buf) {
			probe_fail_errno(t, -ENOMEM);
			return 1;
		}
	}
	for (reads = 0; reads < PROBE_READS_MAX; reads++) {
		memset(&msg, 0, sizeof(msg));
		iov.iov_base = t->buf;
		iov.iov_len = PROBE_BUF_LEN;
		n = kernel_recvmsg(t->sock, &msg, &iov, 1, PROBE_BUF_LEN,
				   MSG_DONTWAIT);
		if (n == -EAGAIN)
			return 0;
		if (c->type == HAVS_CHECK_UDP) {
			if (n < 0) {
				probe_fail_errno(t, n);
				return 1;
			}
			probe_pass(t);
			return 1;
		}
		if (n < 0) {
			probe_fail_errno(t, n);
			return 1;
		}
		if (c->type == HAVS_CHECK_DNS || c->type == HAVS_CHECK_TLS ||
		    c->type == HAVS_CHECK_SMTP) {
			if (probe_proto_read(t, n, msg.msg_flags & MSG_TRUNC))
				return 1;
			continue;
		}
		if (n == 0)
			havs_http_eof(t->http);
		else
			r = havs_http_feed(t->http, t->buf, n);
		if (n == 0 || r != HAVS_HTTP_MORE) {
			bool ok = havs_http_ok(t->http);

			probe_done(t, ok, ok ? 0 : min(havs_http_result(t->http), 0),
				   ok ? HAVS_PROBE_E_NONE : havs_http_error(t->http),
				   havs_http_status(t->http),
				   ok ? NULL : havs_http_reason(t->http));
			return 1;
		}
	}
	return -EAGAIN;
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
	int err, more = 0;
	u32 left_us;

	if (t->phase == PROBE_CONNECT) {
		if (probe_connected(t, sk)) {
			/* a TCP check asks no more, whatever came after */
			if (c->type == HAVS_CHECK_TCP) {
				probe_pass(t);
				return;
			}
			if (c->type == HAVS_CHECK_HTTP)
				err = probe_http_begin(t);
			else if (c->type == HAVS_CHECK_DNS)
				err = probe_dns_tcp_send(t);
			else
				err = probe_proto_begin(t);
			if (err) {
				probe_fail_errno(t, err);
				return;
			}
			t->phase = PROBE_REPLY;
		} else {
			err = sock_error(sk);
			if (err) {
				probe_fail_errno(t, err);
				return;
			}
			if (sk->sk_state == TCP_CLOSE) {
				probe_fail_errno(t, -ECONNREFUSED);
				return;
			}
		}
	}
	/*
	 * Replies are read before any error is looked at: a server may send
	 * its whole reply and then reset; an error (a reset before the reply
	 * ended, an ICMP unreachable for UDP) comes from the read itself.
	 */
	if (t->phase == PROBE_REPLY) {
		more = probe_read(t);
		if (more > 0)
			return;
	}
	/* one reading of the clock decides both: expired, or how long to wait */
	left_us = havs_probe_wait_us(ktime_to_ns(t->deadline),
				     ktime_to_ns(ktime_get()));
	if (!left_us) {
		if (t->phase == PROBE_CONNECT)
			probe_done(t, false, -ETIMEDOUT,
				   HAVS_PROBE_E_CONNECT_TIMEOUT, 0,
				   "connect timed out");
		else
			probe_done(t, false, -ETIMEDOUT,
				   HAVS_PROBE_E_REPLY_TIMEOUT, 0,
				   "no reply in time");
		return;
	}
	/*
	 * Not there yet: wait for the socket, or the deadline. queue, not
	 * mod: a wake-up that came while this ran must not be pushed back.
	 */
	queue_delayed_work(havs_probe_wq, &t->work,
			   more ? 0 : usecs_to_jiffies(left_us) + 1);
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
