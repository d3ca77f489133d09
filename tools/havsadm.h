/* SPDX-License-Identifier: GPL-2.0 */
/*
 * havsadm: shared declarations of the command table, the netlink layer
 * (nl.c) and the output layer (json.c).
 */
#ifndef HAVSADM_H
#define HAVSADM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Exit codes: documented in havsadm(8), EXIT STATUS. */
enum havsadm_exit {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* the kernel refused or the operation failed */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_NOMODULE = 3,	/* havs.ko is not loaded */
	EXIT_PERM = 4,		/* not allowed (CAP_NET_ADMIN needed) */
	EXIT_INVALID = 5,	/* a configuration file with errors: nothing done */
	EXIT_NONETNS = 6,	/* -n NAME: no such network namespace */
	EXIT_NOFILE = 7,	/* a file named on the command line does not exist */
};

struct opts {
	bool json;
	bool pretty;
	const char *netns;
};

struct cmd {
	const char *name;
	int (*run)(const struct opts *o, int argc, char **argv);
	const char *usage;	/* arguments, after the command name */
	const char *summary;	/* one line for `havsadm help` */
	bool multi;		/* has subcommands: prints its own help */
	bool json;		/* prints JSON with -j (others refuse -j) */
};

extern const struct cmd havsadm_cmds[];
int refuse_json(const struct opts *o, const char *what);
void cmd_usage(const char *group, const struct cmd *c);
void print_wrapped(FILE *f, const char *text, int col, int indent);
int cmd_dispatch(const char *group, const struct cmd *table,
		 const char *footer,
		 int (*dflt)(const struct opts *o, int argc, char **argv),
		 const struct opts *o, int argc, char **argv);

/* Subcommands (one file each). */
int cmd_version(const struct opts *o, int argc, char **argv);
int cmd_vrrp(const struct opts *o, int argc, char **argv);
int cmd_monitor(const struct opts *o, int argc, char **argv);
int cmd_track(const struct opts *o, int argc, char **argv);
int cmd_announce(const struct opts *o, int argc, char **argv);
int cmd_check(const struct opts *o, int argc, char **argv);
int cmd_server(const struct opts *o, int argc, char **argv);
int cmd_service(const struct opts *o, int argc, char **argv);
int cmd_stats(const struct opts *o, int argc, char **argv);
int cmd_apply(const struct opts *o, int argc, char **argv);
int cmd_diff(const struct opts *o, int argc, char **argv);
int cmd_show(const struct opts *o, int argc, char **argv);
/* Run one command line (words, without "havsadm"), as the batch does. */
int havsadm_run(const struct opts *o, int argc, char **argv);
int cmd_import_keepalived(const struct opts *o, int argc, char **argv);
int cmd_agent(const struct opts *o, int argc, char **argv);
int cmd_sync(const struct opts *o, int argc, char **argv);
struct vrrp_conf;
int vrrp_settings_set(const struct vrrp_conf *c);
int server_ipvs(const char *sub, const struct opts *o, int argc, char **argv);
const char *vrrp_state_name(unsigned int s);	/* vrrp.c: "MASTER", ... */
const char *vrrp_family_name(unsigned int family);	/* "inet", "inet6" */
extern const char *prog;

/*
 * A VRRP instance as the user describes it: filled from argv now and from
 * the configuration file later, by the same parser (parse.c).
 */
#define VRRP_MAX_VIPS 32
#define VRRP_MAX_PEERS 16
#define VRRP_MAX_TRACKS 16
#define TRACK_NAME_MAX 31

/* One interface (track-dev) or object (track-object) an instance follows. */
struct vrrp_track_conf {
	bool is_dev;
	bool has_weight;
	int weight;			/* -254..254 */
	char name[TRACK_NAME_MAX + 1];	/* interface or object name */
};
enum {
	VF_DEV = 1 << 0, VF_VRID = 1 << 1, VF_ADDR = 1 << 2,
	VF_PRIO = 1 << 3, VF_INTERVAL = 1 << 4, VF_VERSION = 1 << 5,
	VF_PREEMPT = 1 << 6, VF_PDELAY = 1 << 7, VF_CSUM = 1 << 8,
	VF_NAME = 1 << 9, VF_ACCEPT = 1 << 10, VF_FAMILY = 1 << 11,
	VF_PEER = 1 << 12, VF_TRACK = 1 << 13, VF_WEIGHT = 1 << 14,
	VF_SYNC = 1 << 15, VF_CONN_SYNC = 1 << 16,
};

struct vrrp_conf {
	unsigned int set;		/* VF_* given explicitly */
	char dev[16];
	unsigned int vrid;		/* 1..255 */
	unsigned int version;		/* 2, 3 */
	unsigned int priority;		/* 1..255 */
	unsigned int interval_cs;	/* 1..4095 */
	bool preempt;
	unsigned int preempt_delay_cs;	/* 0..360000 */
	bool csum_v2;
	bool accept;
	char name[16];			/* macvlan holding the VIPs */
	int family;			/* AF_INET or AF_INET6, from the addresses */
	unsigned int naddr;
	uint8_t addrs[VRRP_MAX_VIPS][16];
	int peer_family;		/* of the peers, checked against family */
	unsigned int npeers;		/* unicast peers; 0: multicast */
	uint8_t peers[VRRP_MAX_PEERS][16];
	unsigned int ntracks;
	struct vrrp_track_conf tracks[VRRP_MAX_TRACKS];
	char sync_group[TRACK_NAME_MAX + 1];	/* "" when none */
	unsigned int conn_sync;		/* HAVS_VRRP_SYNC_*: not a keyword */
};

/*
 * An announcement (announce add|set, the announce statement): a device of
 * kind havs, its addresses, the tracked objects it follows, a drain.
 */
#define ANNOUNCE_MAX_VIPS 32
#define ANNOUNCE_MAX_TRACKS 16
enum {
	AN_DEV = 1 << 0, AN_ADDR = 1 << 1, AN_TRACK = 1 << 2, AN_DRAIN = 1 << 3,
};

struct announce_conf {
	unsigned int set;		/* AN_* given explicitly */
	char dev[16];
	unsigned int naddr;
	int af[ANNOUNCE_MAX_VIPS];
	uint8_t addrs[ANNOUNCE_MAX_VIPS][16];
	unsigned int ntracks;
	char tracks[ANNOUNCE_MAX_TRACKS][TRACK_NAME_MAX + 1];
	bool drain;
};

/* An announcement as the kernel reports it (replies and events). */
struct announce_info {
	struct announce_conf c;
	unsigned int ifindex;
	bool carrier;
	unsigned int reason;		/* enum havs_announce_reason */
	char cause[TRACK_NAME_MAX + 1];
	unsigned int changes;
	uint64_t last_change;		/* CLOCK_BOOTTIME ns */
	bool track_up[ANNOUNCE_MAX_TRACKS];
};

/*
 * IPVS connection sync ('havsadm sync add', the sync statement): IPVS's
 * master and backup daemons, both started with these settings.
 */
enum {
	SF_DEV = 1 << 0, SF_ID = 1 << 1, SF_GROUP = 1 << 2, SF_PORT = 1 << 3,
	SF_TTL = 1 << 4, SF_MAXLEN = 1 << 5, SF_INSTANCE = 1 << 6,
	SF_SYNC_GROUP = 1 << 7,
};

#define SYNC_DEFAULT_PORT 8848		/* IPVS's */
#define SYNC_DEFAULT_TTL 1
#define SYNC_MIN_MAXLEN 256		/* below that IPVS fits too few conns */

struct sync_conf {
	unsigned int set;		/* SF_* given explicitly */
	char dev[16];
	unsigned int id;		/* 0..255 */
	int family;			/* of the group: AF_INET, AF_INET6 */
	uint8_t group[16];		/* all zero: IPVS's 224.0.0.81 */
	unsigned int port, ttl;
	unsigned int maxlen;		/* UDP payload; 0: IPVS's (from MTU) */
	char follow[TRACK_NAME_MAX + 1];	/* instance (its macvlan) */
	bool follow_group;		/* @follow is a sync group */
};

/* derived preempt delay (cs) of an instance IPVS sync follows */
#define SYNC_REFRESH_S 5		/* net.ipv4.vs.sync_refresh_period */
#define SYNC_RETRIES 1			/* net.ipv4.vs.sync_retries */
#define SYNC_FLUSH_S 2			/* IPVS sends a partial buffer after 2 s */
/* a connection with traffic is sent within SYNC_REFRESH_S, then flushed */
#define SYNC_PREEMPT_DELAY_CS ((SYNC_REFRESH_S + 2 * SYNC_FLUSH_S + 1) * 100)

/* An IPVS service: protocol, address and port, or a firewall mark. */
struct svc_key {
	int af;				/* AF_INET, AF_INET6 */
	unsigned int protocol;		/* IPPROTO_*; 0 with a fwmark */
	uint8_t addr[16];
	unsigned int port;
	unsigned int fwmark;		/* 0: protocol/address/port */
};

/* A real server of a service: address and port. */
struct server_key {
	int af;
	uint8_t addr[16];
	unsigned int port;
};

enum {
	CF_TYPE = 1 << 0, CF_PORT = 1 << 1, CF_INTERVAL = 1 << 2,
	CF_TIMEOUT = 1 << 3, CF_RETRY = 1 << 4, CF_RISE = 1 << 5,
	CF_FALL = 1 << 6, CF_INITIAL = 1 << 7, CF_PATH = 1 << 8,
	CF_HOST = 1 << 9, CF_CODES = 1 << 10, CF_BODY = 1 << 11,
	CF_PAYLOAD = 1 << 12, CF_SLOWSTART = 1 << 13, CF_TRACK = 1 << 14,
	CF_TRACK_MIN = 1 << 15, CF_SORRY = 1 << 16, CF_CONNS = 1 << 17,
	CF_NAME = 1 << 18, CF_QTYPE = 1 << 19, CF_RCODE = 1 << 20,
	CF_ANSWER = 1 << 21, CF_SNI = 1 << 22, CF_HELO = 1 << 23,
};

#define CHECK_PATH_MAX 255
#define CHECK_HOST_MAX 255
#define CHECK_CODES_MAX 63
#define CHECK_BODY_MAX 128
#define CHECK_PAYLOAD_MAX 512
#define CHECK_NAME_MAX 255	/* DNS name, SNI, HELO name */

/* Probe settings of one service ('havsadm check set'). */
struct check_conf {
	unsigned int set;		/* CF_* given explicitly */
	struct svc_key svc;
	unsigned int type;		/* HAVS_CHECK_* */
	unsigned int port;		/* 0: the server's */
	unsigned long interval_ms, timeout_ms, retry_ms, slowstart_ms;
	unsigned int rise, fall;
	bool initial_up;
	char path[CHECK_PATH_MAX + 1];
	char host[CHECK_HOST_MAX + 1];
	char codes[CHECK_CODES_MAX + 1];
	size_t body_len;
	char body[CHECK_BODY_MAX + 1];
	size_t payload_len;
	char payload[CHECK_PAYLOAD_MAX + 1];
	char dns_name[CHECK_NAME_MAX + 1];	/* type dns: the name asked */
	unsigned int qtype;		/* 0: A (1) */
	unsigned int rcode;		/* expected, 0 NOERROR */
	int answer_af;			/* 0: no expected address */
	uint8_t answer[16];
	char sni[CHECK_NAME_MAX + 1];	/* type tls: "" none */
	char helo[CHECK_NAME_MAX + 1];	/* type smtp: "" localhost */
	char track[TRACK_NAME_MAX + 1];	/* object the service drives */
	unsigned int track_min;		/* servers up for it to be up */
	struct server_key sorry;	/* chosen only when none else is up */
	bool expire;			/* conns expire: drop a down server's */
};

#define SCHED_NAME_MAX 15	/* IP_VS_SCHEDNAME_MAXLEN - 1 */

/* Settings of a service (service add|set). */
struct svc_conf {
	struct svc_key key;
	bool has_sched, has_persist, has_consistent;
	char sched[SCHED_NAME_MAX + 1];
	unsigned long persist_s;	/* 0: not persistent */
	bool consistent;		/* sloppy_tcp/_sctp: mid-flow scheduling */
};

/* schedulers that pick the same server for a packet on every director */
bool sched_is_consistent(const char *sched);

/* Settings of a real server (server add|set). */
struct srv_conf {
	struct svc_key svc;
	struct server_key srv;
	bool has_weight, has_method, has_uthr, has_lthr;
	unsigned long weight, uthr, lthr;
	unsigned int method;		/* IP_VS_CONN_F_MASQ, _DROUTE, _TUNNEL */
};

/* parse.c: argv helpers, free of libnl so host unit tests link them alone */
/*
 * The argv word (pointer) that the last refusal of the *_conf_parse() and
 * svc_key_parse() functions is about, or NULL when it is about no single
 * word: the configuration file points at it.
 */
extern const char *parse_err_word;
int parse_duration_ms(const char *s, unsigned long min, unsigned long max,
		      unsigned long *out);
int parse_addr_port(const char *s, int *af, uint8_t addr[16],
		    unsigned int *port);
int parse_server_addr(const char *s, bool fwmark, int *af, uint8_t addr[16],
		      unsigned int *port);
const char *server_addr_usage(bool fwmark);
int svc_key_parse(struct svc_key *k, int *argc, char ***argv, char *err,
		  size_t errlen);
int check_conf_parse(struct check_conf *c, int argc, char **argv, char *err,
		     size_t errlen);
const char *check_type_name(unsigned int type);
/* DNS query types and rcodes: their names (A, NXDOMAIN) or numbers */
int dns_qtype_parse(const char *s, unsigned int *out);
const char *dns_qtype_name(char *buf, size_t len, unsigned int qtype);
int dns_rcode_parse(const char *s, unsigned int *out);
const char *dns_rcode_name(char *buf, size_t len, unsigned int rcode);
bool dns_name_ok(const char *s);
const char *method_name(unsigned int flag);
int svc_conf_parse(struct svc_conf *c, int argc, char **argv, char *err,
		   size_t errlen);
int srv_conf_parse(struct srv_conf *c, int argc, char **argv, char *err,
		   size_t errlen);
const char *proto_name(unsigned int protocol);
const struct cmd *cmd_lookup(const struct cmd *table, const char *word);
int parse_uint(const char *s, unsigned long min, unsigned long max,
	       unsigned long *out);
bool is_help_flag(const char *s);
int parse_duration_cs(const char *s, unsigned long min, unsigned long max,
		      unsigned long *out);
int parse_int(const char *s, long min, long max, long *out);
bool track_name_ok(const char *s);
void vrrp_conf_defaults(struct vrrp_conf *c);
int vrrp_conf_parse(struct vrrp_conf *c, int argc, char **argv,
		    unsigned int allowed, char *err, size_t errlen);
int announce_conf_parse(struct announce_conf *c, int argc, char **argv,
			unsigned int allowed, char *err, size_t errlen);
void sync_conf_defaults(struct sync_conf *c);
int sync_conf_parse(struct sync_conf *c, int argc, char **argv,
		    unsigned int allowed, char *err, size_t errlen);

/* nl.c: talking to the kernel */
struct nl_sock;
struct nl_msg;
struct nlattr;

struct havs_nl {
	struct nl_sock *sk;
	int family;
	int maxattr;		/* top-level attributes of the family */
	int version;		/* of the family's messages */
	int last_errno;		/* errno of the last refused request */
	bool quiet;		/* do not print the next refusal */
	bool lost_ok;		/* the next request's caller looks again when
				 * its answer is lost: do not print that */
	bool reply_lost;	/* the last request's answer was lost (the
				 * kernel had no memory for it): it may or
				 * may not have been carried out */
	bool kept;		/* the socket is apply's, kept open */
};

/* havs_nl_open() of a module of another netlink API (havsadm version) */
extern bool havs_nl_any_api;

/* apply: keep one socket per family open across commands (nl.c) */
void havs_nl_keep(bool on);

/* vrrp.c: route netlink for the links havsadm makes (libnl errors) */
struct nl_sock;
int rtnl_open(struct nl_sock **sk);
int link_up_or_delete(int ifindex, bool up);

int havs_nl_open(struct havs_nl *h);
int ipvs_nl_open(struct havs_nl *h);	/* IPVS's own family */
void havs_nl_close(struct havs_nl *h);
struct nl_msg *havs_nl_msg(const struct havs_nl *h, uint8_t cmd, int flags);
/*
 * Send @msg (consumed), receive the reply; @parse is called for every
 * reply message with its attributes. Returns an EXIT_* code and prints one
 * clear line on failure.
 */
int havs_nl_request(struct havs_nl *h, struct nl_msg *msg, const char *what,
		    int (*parse)(struct nlattr **tb, void *arg), void *arg);
/*
 * One request: open the family with @open, build the message with @build
 * (may be NULL), send it, hand every reply to @parse, close. EXIT_*.
 */
int nl_run(int (*open)(struct havs_nl *h), uint8_t cmd, int flags,
	   const char *what, int (*build)(struct nl_msg *msg, const void *arg),
	   const void *barg, int (*parse)(struct nlattr **tb, void *arg),
	   void *parg);
/* The same on a family already open (many requests, one socket). */
int nl_run_on(struct havs_nl *h, uint8_t cmd, int flags, const char *what,
	      int (*build)(struct nl_msg *msg, const void *arg),
	      const void *barg, int (*parse)(struct nlattr **tb, void *arg),
	      void *parg);
int enter_netns(const char *name);
int havs_nl_perm_error(const char *what);
/* dumps the kernel marked NLM_F_DUMP_INTR; no warning while _quiet */
extern unsigned int havs_nl_dump_intr;
extern bool havs_nl_dump_intr_quiet;
/* an address in the attribute of its family (..._ADDR4 be32, ..._ADDR6) */
int havs_put_addr(struct nl_msg *msg, int type4, int type6, int af,
		  const void *addr);
/* the address of @af from @tb (4 or 16 bytes into @addr); -1 if absent */
int havs_get_addr(struct nlattr **tb, int type4, int type6, int af,
		  void *addr);
/* CLOCK_BOOTTIME ns (the kernel's event times) as CLOCK_REALTIME ns */
uint64_t boottime_to_realtime_ns(uint64_t boot_ns);

/* reason.c: the words for the kernel's enums */
const char *vrrp_reason_text(unsigned int reason);
const char *track_reason_text(unsigned int reason);
const char *announce_reason_text(unsigned int reason);	/* words */
const char *announce_reason_name(unsigned int reason);	/* the YNL name */
/* @reply_code: HAVS_SERVER_A_REPLY_CODE, -1 when absent */
void probe_error_text(char *buf, size_t size, unsigned int code,
		      unsigned int errnum, unsigned int http_status,
		      int reply_code);
void health_reason_text(char *buf, size_t size, unsigned int reason,
			unsigned int run, const char *check, const char *error);

/* announce.c: an announcement from a reply or event, printed */
int announce_parse_msg(struct nlattr **tb, struct announce_info *out);
void announce_why(char *buf, size_t len, const struct announce_info *a);
void announce_print(FILE *f, const struct announce_info *a, bool json);

/* json.c: minimal JSON writer */
void json_str(FILE *f, const char *s);

void errmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* HAVSADM_H */
