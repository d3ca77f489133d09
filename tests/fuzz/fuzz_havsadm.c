// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for havsadm's command line parsers, tools/parse.c:
 * vrrp_conf_parse(), svc_key_parse(), check_conf_parse() and the word
 * parsers under them.
 *
 * Input: an argument list, words separated by NUL or newline (a final
 * separator ends the last word), at most MAX_ARGS words. Each word is
 * copied into a malloc'd buffer of exactly its size and the argv array
 * has exactly argc entries, so ASan reports a read past either. Error
 * text goes into exactly-sized heap buffers too.
 *
 * The parsers neither print nor exit: they only fill the caller's error
 * buffer, so nothing needs redirecting.
 *
 * Invariants checked beyond "no crash":
 *  - No parser changes the words it is given.
 *  - A refusal leaves a non-empty message NUL-terminated in the buffer.
 *  - vrrp_conf_parse(), as "vrrp add" calls it: an accepted instance is
 *    in range (version, interval, priority, vrid, delay, counts, weights,
 *    names NUL-terminated and valid), its addresses and peers distinct
 *    and of one family, an IPv6 instance's first address link-local, a v2
 *    one IPv4 with whole seconds; and with addresses, the module's codec
 *    (kmod/vrrp_pkt.c) encodes its advertisement and decodes it back.
 *    What the narrower key set of "vrrp del" accepts, the full one
 *    accepts, to the same result.
 *  - svc_key_parse() consumes 2 or 3 words and gives a well-formed key;
 *    check_conf_parse() (after it, as "check set", and on the whole list)
 *    gives settings in range, HTTP settings only with type http, a
 *    timeout shorter than the interval, and a status spec and body text
 *    that the module's HTTP parser (kmod/http_parse.c) accepts.
 *  - Each word: parse_addr_port() output printed back parses to the same
 *    address and port; parse_duration_ms() (up to 10^9 ms) and
 *    parse_uint() values printed back parse to the same value;
 *    parse_duration_cs() agrees with parse_duration_ms(), parse_int()
 *    with parse_uint(); track_name_ok(), cmd_lookup() (an exact name or a
 *    unique prefix) and is_help_flag() agree with reference checks.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdlib.h>

#include "havsadm.h"
#include "http_parse.h"
#include "vrrp_pkt.h"
#include "../kmod/uapi/linux/havs.h"
#include "fuzz.h"

#define MAX_ARGS	80
#define VRRP_ERRLEN	160	/* as tools/vrrp.c */
#define CHECK_ERRLEN	256	/* as tools/check.c */

struct args {
	int argc;
	char **argv;
	const u8 *word[MAX_ARGS];	/* the words in the input */
	size_t len[MAX_ARGS];
};

static char **copy_argv(const struct args *a)
{
	char **argv = malloc(a->argc ? a->argc * sizeof(char *) : 1);
	int i;

	CHECK(argv);
	for (i = 0; i < a->argc; i++) {
		argv[i] = malloc(a->len[i] + 1);
		CHECK(argv[i]);
		memcpy(argv[i], a->word[i], a->len[i]);
		argv[i][a->len[i]] = '\0';
	}
	return argv;
}

/* Free a copy, checking its words are as they were. */
static void free_argv(const struct args *a, char **argv)
{
	int i;

	for (i = 0; i < a->argc; i++) {
		CHECK(!memcmp(argv[i], a->word[i], a->len[i]) &&
		      !argv[i][a->len[i]]);
		free(argv[i]);
	}
	free(argv);
}

static char *new_err(size_t len)
{
	char *err = malloc(len);

	CHECK(err);
	memset(err, 0x55, len);
	return err;
}

static void check_err(const char *err, size_t len)
{
	CHECK(memchr(err, 0, len));
	CHECK(err[0]);
}

static bool str_in(const char *s, size_t size)
{
	return memchr(s, 0, size);
}

static bool ifname_ok(const char *s)
{
	return *s && strlen(s) <= 15 && !strchr(s, '/') && !strchr(s, ' ');
}

static bool ref_track_name(const char *s)
{
	size_t i, len = strlen(s);

	if (!len || len > TRACK_NAME_MAX)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' &&
		    s[i] != '.' && s[i] != ':' && s[i] != '-')
			return false;
	return true;
}

/* The advertisement of an accepted instance, through the module's codec. */
static void vrrp_codec(const struct vrrp_conf *c)
{
	static const u8 s4[4] = { 192, 0, 2, 1 }, d4[4] = { 224, 0, 0, 18 };
	static const u8 s6[16] = { 0xfe, 0x80, [15] = 1 };
	static const u8 d6[16] = { 0xff, 0x02, [15] = 0x12 };
	unsigned int alen = c->family == AF_INET6 ? 16 : 4, i;
	enum vrrp_csum_mode mode = c->csum_v2 ? VRRP_CSUM_NO_PSEUDO :
				   VRRP_CSUM_PSEUDO;
	struct vrrp_ip ip = { .family = c->family, .ttl = VRRP_TTL };
	struct vrrp_pkt p = {
		.version = c->version, .vrid = c->vrid,
		.priority = c->priority, .naddr = c->naddr,
		.interval_cs = c->interval_cs, .family = c->family,
	};
	u8 addrs[VRRP_MAX_VIPS * 16], *buf;
	struct vrrp_pkt q;
	size_t len;

	ip.saddr = c->family == AF_INET6 ? s6 : s4;
	ip.daddr = c->family == AF_INET6 ? d6 : d4;
	for (i = 0; i < c->naddr; i++)
		memcpy(addrs + i * alen, c->addrs[i], alen);
	p.addrs = addrs;
	len = vrrp_pkt_len(p.version, p.family, p.naddr);
	buf = malloc(len);
	CHECK(buf);
	CHECK(vrrp_encode(buf, len, &p, &ip, mode) == (int)len);
	CHECK(vrrp_decode(buf, len, &ip, mode, &q) == VRRP_OK);
	CHECK(q.version == c->version && q.vrid == c->vrid &&
	      q.priority == c->priority && q.naddr == c->naddr &&
	      q.interval_cs == c->interval_cs &&
	      !memcmp(q.addrs, addrs, c->naddr * alen));
	free(buf);
}

static void check_vrrp_conf(const struct vrrp_conf *c)
{
	unsigned int alen = c->family == AF_INET6 ? 16 : 4;
	unsigned int palen = c->peer_family == AF_INET6 ? 16 : 4;
	unsigned int i, j;

	CHECK(c->version == 2 || c->version == 3);
	CHECK(c->interval_cs >= 1 && c->interval_cs <= 4095);
	CHECK(c->priority >= 1 && c->priority <= 255);
	CHECK(!(c->set & VF_VRID) || (c->vrid >= 1 && c->vrid <= 255));
	CHECK(c->preempt_delay_cs <= 360000);
	CHECK(c->family == AF_INET || c->family == AF_INET6);
	if (c->version == 2)
		CHECK(c->family == AF_INET && c->interval_cs % 100 == 0);
	CHECK(c->naddr <= VRRP_MAX_VIPS && c->npeers <= VRRP_MAX_PEERS &&
	      c->ntracks <= VRRP_MAX_TRACKS);
	CHECK(!c->naddr || !!(c->set & VF_ADDR));
	if (c->naddr && c->family == AF_INET6)
		CHECK(c->addrs[0][0] == 0xfe &&
		      (c->addrs[0][1] & 0xc0) == 0x80);
	for (i = 0; i < c->naddr; i++)
		for (j = 0; j < i; j++)
			CHECK(memcmp(c->addrs[i], c->addrs[j], alen));
	if (c->npeers) {
		CHECK(c->peer_family == AF_INET ||
		      c->peer_family == AF_INET6);
		CHECK(!c->naddr || c->peer_family == c->family);
	}
	for (i = 0; i < c->npeers; i++) {
		CHECK(c->peer_family == AF_INET6 ? c->peers[i][0] != 0xff :
		      c->peers[i][0] && c->peers[i][0] < 224);
		for (j = 0; j < i; j++)
			CHECK(memcmp(c->peers[i], c->peers[j], palen));
	}
	CHECK(str_in(c->dev, sizeof(c->dev)) &&
	      str_in(c->name, sizeof(c->name)));
	CHECK(!(c->set & VF_DEV) || ifname_ok(c->dev));
	CHECK(!(c->set & VF_NAME) || ifname_ok(c->name));
	CHECK(str_in(c->sync_group, sizeof(c->sync_group)));
	CHECK(!(c->set & VF_SYNC) || ref_track_name(c->sync_group));
	for (i = 0; i < c->ntracks; i++) {
		const struct vrrp_track_conf *t = &c->tracks[i];

		CHECK(str_in(t->name, sizeof(t->name)));
		CHECK(t->is_dev ? ifname_ok(t->name) : ref_track_name(t->name));
		CHECK(!t->has_weight ||
		      (t->weight >= -254 && t->weight <= 254));
	}
	if (c->naddr)
		vrrp_codec(c);
}

static void fuzz_vrrp_conf(const struct args *a)
{
	unsigned int narrow = VF_DEV | VF_VRID | VF_FAMILY;
	struct vrrp_conf full, part;
	char **argv, *err;
	int rf, rp;

	argv = copy_argv(a);
	err = new_err(VRRP_ERRLEN);
	vrrp_conf_defaults(&full);
	rf = vrrp_conf_parse(&full, a->argc, argv, ~0u, err, VRRP_ERRLEN);
	if (rf)
		check_err(err, VRRP_ERRLEN);
	else
		check_vrrp_conf(&full);
	free(err);
	free_argv(a, argv);

	argv = copy_argv(a);
	err = new_err(VRRP_ERRLEN);
	vrrp_conf_defaults(&part);
	rp = vrrp_conf_parse(&part, a->argc, argv, narrow, err, VRRP_ERRLEN);
	if (rp) {
		check_err(err, VRRP_ERRLEN);
	} else {
		CHECK(!rf);
		CHECK(!memcmp(&full, &part, sizeof(full)));
	}
	free(err);
	free_argv(a, argv);
}

static void check_svc_key(const struct svc_key *k)
{
	CHECK(k->af == AF_INET || k->af == AF_INET6);
	if (k->fwmark) {
		CHECK(!k->protocol && !k->port);
	} else {
		CHECK(k->protocol == IPPROTO_TCP ||
		      k->protocol == IPPROTO_UDP ||
		      k->protocol == IPPROTO_SCTP);
		CHECK(k->port >= 1 && k->port <= 65535);
	}
}

static void check_check_conf(const struct check_conf *c)
{
	struct havs_http_expect e;

	CHECK(c->type < __HAVS_CHECK_TYPE_MAX);
	CHECK(!(c->set & CF_PORT) || (c->port >= 1 && c->port <= 65535));
	CHECK(!(c->set & CF_INTERVAL) ||
	      (c->interval_ms >= 100 && c->interval_ms <= 3600000));
	CHECK(!(c->set & CF_TIMEOUT) ||
	      (c->timeout_ms >= 10 && c->timeout_ms <= 600000));
	CHECK(!(c->set & CF_RETRY) ||
	      (c->retry_ms >= 10 && c->retry_ms <= 3600000));
	CHECK(!(c->set & CF_SLOWSTART) || c->slowstart_ms <= 3600000);
	CHECK(!(c->set & CF_RISE) || (c->rise >= 1 && c->rise <= 100));
	CHECK(!(c->set & CF_FALL) || (c->fall >= 1 && c->fall <= 100));
	if ((c->set & CF_TIMEOUT) && (c->set & CF_INTERVAL))
		CHECK(c->timeout_ms < c->interval_ms);
	if (c->set & (CF_PATH | CF_HOST | CF_CODES | CF_BODY))
		CHECK(c->type == HAVS_CHECK_HTTP);
	if (c->set & CF_PAYLOAD)
		CHECK(c->type == HAVS_CHECK_UDP);
	CHECK(!(c->set & CF_TRACK_MIN) || (c->set & CF_TRACK));
	CHECK(str_in(c->path, sizeof(c->path)) &&
	      str_in(c->host, sizeof(c->host)) &&
	      str_in(c->codes, sizeof(c->codes)) &&
	      str_in(c->body, sizeof(c->body)) &&
	      str_in(c->payload, sizeof(c->payload)) &&
	      str_in(c->track, sizeof(c->track)));
	CHECK(!(c->set & CF_PATH) || c->path[0] == '/');
	CHECK(!(c->set & CF_TRACK) || ref_track_name(c->track));
	CHECK(c->payload_len == strlen(c->payload) &&
	      c->payload_len < sizeof(c->payload));
	CHECK(c->body_len == strlen(c->body));
	if (c->set & CF_SORRY)
		CHECK(c->sorry.af == c->svc.af && c->sorry.port >= 1 &&
		      c->sorry.port <= 65535);

	/* What the module will be given, its parser takes. */
	havs_http_expect_init(&e);
	if (c->set & CF_CODES)
		CHECK(!havs_http_expect_parse_codes(&e, c->codes,
						    strlen(c->codes)));
	if (c->set & CF_BODY)
		CHECK(c->body_len &&
		      !havs_http_expect_set_needle(&e, c->body, c->body_len));
}

static void fuzz_check(const struct args *a)
{
	struct check_conf c = { .type = HAVS_CHECK_TCP };
	int argc = a->argc;
	char **argv, **av, *err;

	/* "check set SERVICE SETTINGS..." */
	argv = copy_argv(a);
	av = argv;
	err = new_err(CHECK_ERRLEN);
	if (svc_key_parse(&c.svc, &argc, &av, err, CHECK_ERRLEN)) {
		check_err(err, CHECK_ERRLEN);
	} else {
		CHECK(argc == a->argc - 2 || argc == a->argc - 3);
		CHECK(av == argv + (a->argc - argc));
		CHECK(a->argc - argc == 2 || c.svc.fwmark);
		check_svc_key(&c.svc);
		memset(err, 0x55, CHECK_ERRLEN);
		if (check_conf_parse(&c, argc, av, err, CHECK_ERRLEN))
			check_err(err, CHECK_ERRLEN);
		else
			check_check_conf(&c);
	}
	free(err);
	free_argv(a, argv);

	/* The settings alone. */
	memset(&c, 0, sizeof(c));
	c.type = HAVS_CHECK_TCP;
	argv = copy_argv(a);
	err = new_err(CHECK_ERRLEN);
	if (check_conf_parse(&c, a->argc, argv, err, CHECK_ERRLEN))
		check_err(err, CHECK_ERRLEN);
	else
		check_check_conf(&c);
	free(err);
	free_argv(a, argv);
}

static const struct cmd cmds[] = {
	{ .name = "version" }, { .name = "vrrp" }, { .name = "service" },
	{ .name = "server" }, { .name = "check" }, { .name = "monitor" },
	{ .name = "track" }, { .name = NULL },
};

/* cmd_lookup(): an exact name, or a prefix of exactly one name. */
static void check_lookup(const char *w)
{
	const struct cmd *c = cmd_lookup(cmds, w), *exact = NULL, *pre = NULL;
	size_t len = strlen(w);
	unsigned int n = 0, i;

	for (i = 0; cmds[i].name; i++) {
		if (!strcmp(cmds[i].name, w))
			exact = &cmds[i];
		if (len && !strncmp(cmds[i].name, w, len)) {
			pre = &cmds[i];
			n++;
		}
	}
	CHECK(c == (exact ? exact : n == 1 ? pre : NULL));
}

static void fuzz_word(const char *w)
{
	unsigned long ms, ms2, cs, u, u2;
	char buf[80], txt[INET6_ADDRSTRLEN];
	u8 addr[16], addr2[16];
	unsigned int port, port2;
	int af, af2;
	long l;

	if (!parse_addr_port(w, &af, addr, &port)) {
		CHECK(af == AF_INET || af == AF_INET6);
		CHECK(port >= 1 && port <= 65535);
		CHECK(inet_ntop(af, addr, txt, sizeof(txt)));
		snprintf(buf, sizeof(buf), af == AF_INET6 ? "[%s]:%u" : "%s:%u",
			 txt, port);
		CHECK(!parse_addr_port(buf, &af2, addr2, &port2));
		CHECK(af2 == af && port2 == port &&
		      !memcmp(addr, addr2, af == AF_INET6 ? 16 : 4));
	}
	/* The number before a unit is at most 10^9: "1000000s" is fine. */
	if (!parse_duration_ms(w, 0, ULONG_MAX, &ms) && ms <= 1000000000) {
		snprintf(buf, sizeof(buf), "%lums", ms);
		CHECK(!parse_duration_ms(buf, 0, ULONG_MAX, &ms2) &&
		      ms2 == ms);
	}
	if (!parse_duration_cs(w, 0, ULONG_MAX, &cs))
		CHECK(!parse_duration_ms(w, 0, ULONG_MAX, &ms) &&
		      ms == cs * 10);
	if (!parse_uint(w, 0, ULONG_MAX, &u)) {
		snprintf(buf, sizeof(buf), "%lu", u);
		CHECK(!parse_uint(buf, 0, ULONG_MAX, &u2) && u2 == u);
		if (u <= LONG_MAX)
			CHECK(!parse_int(w, LONG_MIN, LONG_MAX, &l) &&
			      l == (long)u);
	}
	if (!parse_int(w, LONG_MIN, LONG_MAX, &l) && w[0] != '-')
		CHECK(!parse_uint(w, 0, ULONG_MAX, &u) && (long)u == l);
	CHECK(track_name_ok(w) == ref_track_name(w));
	check_lookup(w);
	CHECK(is_help_flag(w) == (!strcmp(w, "-h") || !strcmp(w, "--help") ||
				  !strcmp(w, "help")));
}

/*
 * sync_conf_parse() (sync add, the sync statement): accepted settings are
 * in range, a group is multicast of its family, a refusal says why (and
 * leaves the words as they were).
 */
static void fuzz_sync_conf(const struct args *a)
{
	char **argv = copy_argv(a), err[256];
	struct sync_conf c;
	int rc;

	sync_conf_defaults(&c);
	err[0] = '\0';
	rc = sync_conf_parse(&c, a->argc, argv, ~0u, err, sizeof(err));
	if (rc) {
		CHECK(rc == -EINVAL);
		check_err(err, sizeof(err));
	} else {
		CHECK(c.id <= 255 && c.port >= 1 && c.port <= 65535);
		CHECK(c.ttl >= 1 && c.ttl <= 255);
		CHECK(!c.maxlen || (c.maxlen >= SYNC_MIN_MAXLEN && c.maxlen <= 65507));
		CHECK(strlen(c.dev) < sizeof(c.dev));
		CHECK(!c.follow[0] || track_name_ok(c.follow));
		if (c.set & SF_GROUP)
			CHECK(c.family == AF_INET6 ? c.group[0] == 0xff :
			      c.family == AF_INET && (c.group[0] & 0xf0) == 0xe0);
	}
	free_argv(a, argv);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct args a = { 0 };
	size_t i, start = 0;
	char **argv;

	for (i = 0; i <= size && a.argc < MAX_ARGS; i++) {
		if (i < size && data[i] && data[i] != '\n')
			continue;
		if (i == size && start == size && size)
			break;	/* a final separator ends the last word */
		a.word[a.argc] = data + start;
		a.len[a.argc++] = i - start;
		start = i + 1;
	}
	if (!size)
		a.argc = 0;

	fuzz_vrrp_conf(&a);
	fuzz_check(&a);
	fuzz_sync_conf(&a);
	argv = copy_argv(&a);
	for (i = 0; i < (size_t)a.argc; i++)
		fuzz_word(argv[i]);
	free_argv(&a, argv);
	return 0;
}
