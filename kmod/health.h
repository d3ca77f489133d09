/* SPDX-License-Identifier: GPL-2.0 */
/*
 * havs: health probes of real servers and the IPVS schedulers they steer.
 * See DESIGN.md, "Health probes".
 */
#ifndef _HAVS_HEALTH_H
#define _HAVS_HEALTH_H

#include <linux/hashtable.h>
#include <linux/inet.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/workqueue.h>
#include <linux/netfilter.h>
#include <net/genetlink.h>
#include <net/ip_vs.h>

#include "uapi/linux/havs.h"
#include "http_parse.h"
#include "probe_proto.h"
#include "probe_sm.h"

#define HAVS_TARGET_HASH_BITS	10
#define HAVS_CONF_HASH_BITS	10

/*
 * A destination linked to its service: a config flag of its own since
 * 6.7 (and in stable kernels, Debian's 6.1 among them), a status flag
 * before.
 */
#ifdef IP_VS_DEST_CF_AVAILABLE
#define havs_dest_available(d) (READ_ONCE((d)->cflags) & IP_VS_DEST_CF_AVAILABLE)
#else
#define havs_dest_available(d) ((d)->flags & IP_VS_DEST_F_AVAILABLE)
#endif

/**
 * struct havs_svc_key - names an IPVS service: protocol, address and port,
 *	or a firewall mark (then the rest is zero)
 */
struct havs_svc_key {
	u16 af;
	u16 protocol;
	__be16 port;
	u16 pad;
	u32 fwmark;
	union nf_inet_addr addr;
};

/**
 * struct havs_check - probe settings; immutable once published, shared by
 *	the targets probed with them (refcounted)
 */
struct havs_check {
	refcount_t ref;
	struct rcu_head rcu;
	u8 type;
	u8 rise;
	u8 fall;
	u8 initial_up;
	u16 port;
	u16 body_len;
	u16 payload_len;
	u32 interval_ms;
	u32 timeout_ms;
	u32 retry_ms;
	char path[HAVS_CHECK_PATH_LEN];
	char host[HAVS_CHECK_HOST_LEN];
	char codes[HAVS_CHECK_CODES_LEN];
	u8 body[HAVS_CHECK_BODY_LEN];
	u8 payload[HAVS_CHECK_PAYLOAD_LEN];
	struct havs_http_expect expect;
	/* dns: the name asked, its type, what a good reply has */
	char dns_name[HAVS_CHECK_NAME_LEN];
	u16 dns_qtype;
	struct havs_dns_expect dns;
	/* tls: the server name sent ("" none); smtp: the HELO name */
	char sni[HAVS_CHECK_NAME_LEN];
	char helo[HAVS_CHECK_NAME_LEN];
};

/**
 * struct havs_probe_proto - the state of one dns, tls or smtp probe,
 *	from its start to its verdict (the probe's work item only)
 * @query: the DNS query sent, to match the reply against
 * @query_len: its length
 * @tcp: the reply over TCP after a truncated one (NULL: over UDP),
 *	HAVS_DNS_TCP_MAX bytes with its length
 * @tcp_have: bytes of @tcp read
 * @tls: the reader of a TLS reply
 * @smtp: the SMTP dialogue
 */
struct havs_probe_proto {
	u8 query[HAVS_DNS_QUERY_MAX];
	u16 query_len;
	u8 *tcp;
	u16 tcp_have;
	struct havs_tls_reader tls;
	struct havs_smtp smtp;
};

/**
 * struct havs_svc_conf - what the administrator set for one service
 *	(HAVS_CMD_CHECK_SET), kept whether or not the service exists
 */
struct havs_svc_conf {
	struct list_head node;
	struct hlist_node hnode;
	struct havs_svc_key key;
	struct havs_check *check;
	u32 slow_start_ms;
	char track[HAVS_TRACK_NAME_LEN];
	u32 track_min;
	s8 track_state;
	/* track_work()'s count of the service's servers (health lock) */
	u32 scan_up;
	u32 scan_n;
	bool has_sorry;
	__be16 sorry_port;
	union nf_inet_addr sorry_addr;
	bool expire;
};

/**
 * struct havs_target - one server probed with one set of settings, shared
 *	by every service that has it with those settings
 *
 * The schedulers read @up and @up_since under RCU without a lock; the
 * probe engine (one work item per target) writes them.
 */
struct havs_target {
	struct hlist_node hnode;
	struct rcu_head rcu;
	struct havs_net *hn;
	struct havs_check *check;
	unsigned int users;
	unsigned long orphaned;
	/* created for an array not published yet: freed, not kept, at its end */
	bool fresh;
	u16 af;
	__be16 port;
	union nf_inet_addr addr;
	struct havs_svc_key first_svc;

	bool up;
	unsigned long up_since;
	/* one more at every change of @up: what a Maglev table was built from */
	u32 health_seq;

	/* probe engine */
	struct delayed_work work;
	/* in &havs_health_net.slot_waiters while waiting for a slot */
	struct list_head slot_wait;
	struct socket *sock;
	u8 phase;
	bool dying;
	bool inflight;
	/* the handshake completed (socket callback; the state may move on) */
	bool connected;
	ktime_t started;
	ktime_t deadline;
	unsigned long next_at;
	u8 *buf;
	struct havs_http_parser *http;
	struct havs_probe_proto *proto;
	struct havs_probe_sm sm;

	/* what havsadm shows (lock) */
	spinlock_t lock;
	s8 last_ok;
	u8 last_error;		/* enum havs_probe_error of the last failure */
	u16 last_http_status;	/* with HAVS_PROBE_E_HTTP_STATUS */
	u16 last_reply_code;	/* DNS rcode, TLS alert, SMTP reply code */
	int last_errno;		/* negative, with HAVS_PROBE_E_SOCKET etc. */
	u32 rtt_us;
	u32 transitions;
	u64 last_change;	/* CLOCK_BOOTTIME, ns */
	u64 probes_ok;
	u64 probes_failed;
	/* good probes by round-trip time (havs_rtt_bucket()), their sum in us */
	u64 rtt_hist[HAVS_RTT_NBUCKETS + 1];
	u64 rtt_sum_us;
};

/**
 * struct havs_sdest - a real server of a havs-scheduled service
 * @dest: the IPVS destination
 * @t: its health target (NULL: not probed, counts as up)
 * @id: stable hash of address and port (sh, mh)
 * @sorry: the service's sorry server: chosen only when no other is up
 * @expire: its service expires connections to servers that are down;
 *	then @enode is in the namespace's expire hash
 * @enode: see @expire
 * @id2: a second hash of address and port: orders servers whose @id is the
 *	same
 */
struct havs_sdest {
	struct ip_vs_dest *dest;
	struct havs_target *t;
	u32 id;
	u32 id2;
	bool sorry;
	bool expire;
	struct hlist_node enode;
};

struct havs_slot;

enum havs_sched_kind {
	HAVS_S_RR,
	HAVS_S_WRR,
	HAVS_S_LC,
	HAVS_S_WLC,
	HAVS_S_SH,
	HAVS_S_MH,
};

struct havs_sched {
	struct ip_vs_scheduler ipvs;
	enum havs_sched_kind kind;
};

/* the servers of one service, replaced whole under RCU on every change */
struct havs_sdests {
	struct rcu_head rcu;
	unsigned int n;
	s64 *wrr_cur;
	struct havs_slot *slots;
	u16 *mh_tab;
	unsigned int mh_gen;
	u32 mh_sig;
	bool mh_ok;
	u64 mh_digest;
	struct havs_sdest d[];
};

/**
 * struct havs_svc - an IPVS service bound to a havs scheduler
 * @rebuild: builds the Maglev table again (health changed), or, when
 *	@stale, the whole array again (a rebuild failed)
 * @rebuild_queued: schedule() queued @rebuild and it has not run yet
 * @stale: (health lock) IPVS changed the servers and the rebuild failed:
 *	the array in use lags svc->destinations until @rebuild succeeds
 * @retries: (health lock) failed attempts since @stale was set
 * @next: (health lock) an array built by havs_sched_reresolve(), not yet
 *	published
 */
struct havs_svc {
	struct list_head node;
	struct ip_vs_service *svc;
	struct havs_net *hn;
	const struct havs_sched *sched;
	struct havs_sdests __rcu *sd;
	unsigned int rr_cursor;
	u32 slow_start_ms;
	struct delayed_work rebuild;
	bool rebuild_queued;
	bool stale;
	unsigned int retries;
	struct havs_sdests *next;
	struct rcu_work free_work;
};

/* the per-namespace part of struct havs_net */
struct havs_health_net {
	struct mutex lock; /* everything below but @gen */
	DECLARE_HASHTABLE(targets, HAVS_TARGET_HASH_BITS);
	unsigned int target_count;
	struct list_head svcs;
	struct list_head confs;
	DECLARE_HASHTABLE(conf_hash, HAVS_CONF_HASH_BITS);
	unsigned int conf_count;
	/* probes of this namespace in flight (probe_max_inflight_ns) */
	atomic_t inflight;
	/* targets waiting for one of those slots, in order (slot_lock) */
	spinlock_t slot_lock;
	struct list_head slot_waiters;
	/* health lines of this namespace: 20 per 5 s (havs_target_set_health()) */
	struct ratelimit_state log_rs;
	atomic_t gen;
	bool dying;
	struct delayed_work reaper;
	struct work_struct track_work;
	DECLARE_HASHTABLE(expire_hash, 8);
	bool expire_active;
	bool expire_hooks;
	struct nf_hook_ops expire_ops[2];
};

struct havs_net;

/* health.c */
int havs_health_init(void);
void havs_health_exit(void);
void havs_health_net_init(struct havs_net *hn);
void havs_health_net_exit(struct havs_net *hn);
struct havs_target *havs_target_get(struct havs_net *hn,
				    const struct havs_svc_key *svc,
				    const struct ip_vs_dest *dest);
void havs_target_published(struct havs_target *t);
void havs_target_put(struct havs_target *t);
void havs_target_hold(struct havs_target *t);
struct havs_svc_conf *havs_svc_conf_find(struct havs_net *hn,
					 const struct havs_svc_key *key);
void havs_svc_conf_add(struct havs_net *hn, struct havs_svc_conf *sc);
void havs_svc_conf_del(struct havs_net *hn, struct havs_svc_conf *sc);
void havs_svc_key_of(const struct ip_vs_service *svc, struct havs_svc_key *k);
int havs_svc_key_fmt(char *buf, size_t len, const struct havs_svc_key *k);
int havs_addr_fmt(char *buf, size_t len, u16 af,
		  const union nf_inet_addr *a, __be16 port);
struct havs_check *havs_check_alloc(void);
void havs_check_free(struct havs_check *c);
void havs_target_set_external(struct havs_target *t, bool up);
void havs_target_set_health(struct havs_target *t, bool up, u8 reason, u8 run,
			    const char *why);
void havs_health_track_kick(struct havs_health_net *h);
int havs_health_fill_event(struct sk_buff *msg, struct havs_target *t,
			   u8 reason, u8 run);
u32 havs_target_eff_weight(const struct havs_target *t, u32 weight,
			   u32 slow_start_ms, unsigned long now);
int havs_check_nl_set(struct sk_buff *skb, struct genl_info *info);
int havs_check_nl_del(struct sk_buff *skb, struct genl_info *info);
int havs_check_nl_dump(struct sk_buff *skb, struct netlink_callback *cb);
int havs_server_nl_dump(struct sk_buff *skb, struct netlink_callback *cb);
int havs_server_nl_set(struct sk_buff *skb, struct genl_info *info);
extern const struct nla_policy havs_nl_check_set_policy[];
extern const struct nla_policy havs_nl_check_del_policy[];
extern const struct nla_policy havs_nl_server_set_policy[];

extern struct workqueue_struct *havs_probe_wq;

/* probe.c */
void havs_probe_work(struct work_struct *w);
void havs_probe_stop(struct havs_target *t);

/* health_expire.c */
void havs_expire_publish(struct havs_health_net *h, struct havs_sdests *old,
			 struct havs_sdests *sd);
int havs_expire_hooks(struct havs_net *hn);
void havs_expire_net_exit(struct havs_net *hn);
bool havs_expire_recount(struct havs_health_net *h);

/* sched.c */
int havs_sched_init(void);
void havs_sched_exit(void);
int havs_sched_reresolve(struct havs_net *hn, const struct havs_svc_key *key);
bool havs_sched_digest(struct havs_svc *hs, u64 *digest);
void havs_sched_catch_up(struct havs_svc *hs);
struct havs_svc *havs_svc_find(struct havs_net *hn,
			       const struct havs_svc_key *key,
			       struct havs_svc *from);

#endif /* _HAVS_HEALTH_H */
