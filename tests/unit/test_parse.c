// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for havsadm's command-line helpers (tools/parse.c,
 * tools/json.c). Prints one "ok"/"not ok" line per test; exit 1 on failure.
 */
#include <errno.h>
#include <sys/socket.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "../../tools/havsadm.h"
#include "../../kmod/uapi/linux/havs.h"

#define UNIT_NAME "havsadm"
#include "unit.h"

const char *prog = "test_parse";

static int dummy(const struct opts *o, int argc, char **argv)
{
	(void)o; (void)argc; (void)argv;
	return 0;
}

static const struct cmd table[] = {
	{ .name = "version", .run = dummy, .usage = "", .summary = "" },
	{ .name = "vrrp", .run = dummy, .usage = "", .summary = "" },
	{ .name = "service", .run = dummy, .usage = "", .summary = "" },
	{ .name = "server", .run = dummy, .usage = "", .summary = "" },
	{ .name = NULL },
};

static int t_cmd_lookup(void)
{
	int ok = 1;

	CHECK(cmd_lookup(table, "version") == &table[0]);
	CHECK(cmd_lookup(table, "vrrp") == &table[1]);
	CHECK(cmd_lookup(table, "vr") == &table[1]);
	CHECK(cmd_lookup(table, "ver") == &table[0]);
	/* "v" and "ser" are ambiguous, "serv" too; "servi" is not. */
	CHECK(cmd_lookup(table, "v") == NULL);
	CHECK(cmd_lookup(table, "ser") == NULL);
	CHECK(cmd_lookup(table, "servi") == &table[2]);
	/* An exact name wins over being a prefix of a longer one. */
	CHECK(cmd_lookup(table, "server") == &table[3]);
	CHECK(cmd_lookup(table, "") == NULL);
	CHECK(cmd_lookup(table, "versions") == NULL);
	CHECK(cmd_lookup(table, "bogus") == NULL);
	return ok;
}

static int t_parse_uint(void)
{
	unsigned long v = 7;
	int ok = 1;

	CHECK(parse_uint("0", 0, 10, &v) == 0 && v == 0);
	CHECK(parse_uint("10", 0, 10, &v) == 0 && v == 10);
	CHECK(parse_uint("4294967295", 0, ULONG_MAX, &v) == 0 && v == 4294967295UL);
	v = 7;
	CHECK(parse_uint("11", 0, 10, &v) == -ERANGE && v == 7);
	CHECK(parse_uint("0", 1, 10, &v) == -ERANGE && v == 7);
	CHECK(parse_uint("99999999999999999999999", 0, ULONG_MAX, &v) == -ERANGE);
	CHECK(parse_uint("", 0, 10, &v) == -EINVAL);
	CHECK(parse_uint("-1", 0, 10, &v) == -EINVAL);
	CHECK(parse_uint("+1", 0, 10, &v) == -EINVAL);
	CHECK(parse_uint(" 1", 0, 10, &v) == -EINVAL);
	CHECK(parse_uint("1 ", 0, 10, &v) == -EINVAL);
	CHECK(parse_uint("0x10", 0, 100, &v) == -EINVAL);
	CHECK(parse_uint("1e3", 0, 10000, &v) == -EINVAL);
	CHECK(parse_uint(NULL, 0, 10, &v) == -EINVAL);
	CHECK(v == 7);
	return ok;
}

static int t_help_flag(void)
{
	int ok = 1;

	CHECK(is_help_flag("-h"));
	CHECK(is_help_flag("--help"));
	CHECK(is_help_flag("help"));
	CHECK(!is_help_flag("-H"));
	CHECK(!is_help_flag("--he"));
	return ok;
}

static int json_is(const char *in, const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int same;

	json_str(f, in);
	fclose(f);
	same = !strcmp(buf, want);
	if (!same)
		fprintf(stderr, "  json_str(%s) = %s, want %s\n", in, buf, want);
	free(buf);
	return same;
}

static int t_json_str(void)
{
	int ok = 1;

	CHECK(json_is("plain", "\"plain\""));
	CHECK(json_is("", "\"\""));
	CHECK(json_is("a\"b\\c", "\"a\\\"b\\\\c\""));
	CHECK(json_is("tab\tnl\ncr\r", "\"tab\\tnl\\ncr\\r\""));
	CHECK(json_is("\x01\x1f", "\"\\u0001\\u001f\""));
	CHECK(json_is("caf\xc3\xa9", "\"caf\xc3\xa9\""));
	return ok;
}

static int t_duration(void)
{
	unsigned long v = 7;
	int ok = 1;

	CHECK(parse_duration_cs("1s", 0, 4095, &v) == 0 && v == 100);
	CHECK(parse_duration_cs("1", 0, 4095, &v) == 0 && v == 100);
	CHECK(parse_duration_cs("100ms", 0, 4095, &v) == 0 && v == 10);
	CHECK(parse_duration_cs("10ms", 0, 4095, &v) == 0 && v == 1);
	CHECK(parse_duration_cs("1.5s", 0, 4095, &v) == 0 && v == 150);
	CHECK(parse_duration_cs("40.95s", 0, 4095, &v) == 0 && v == 4095);
	CHECK(parse_duration_cs("0.01", 0, 4095, &v) == 0 && v == 1);
	CHECK(parse_duration_cs("0ms", 0, 10, &v) == 0 && v == 0);
	v = 7;
	CHECK(parse_duration_cs("40.96s", 0, 4095, &v) == -ERANGE);
	CHECK(parse_duration_cs("0ms", 1, 10, &v) == -ERANGE);
	CHECK(parse_duration_cs("15ms", 0, 4095, &v) == -EINVAL);
	CHECK(parse_duration_cs("1.005s", 0, 4095, &v) == -EINVAL);
	CHECK(parse_duration_cs("1.0001s", 0, 4095, &v) == -EINVAL);
	CHECK(parse_duration_cs("1.5ms", 0, 4095, &v) == -EINVAL);
	CHECK(parse_duration_cs("1m", 0, 4095, &v) == -EINVAL);
	CHECK(parse_duration_cs(".5s", 0, 4095, &v) == -EINVAL);
	CHECK(parse_duration_cs("1.s", 0, 4095, &v) == -EINVAL);
	CHECK(parse_duration_cs("-1s", 0, 4095, &v) == -EINVAL);
	CHECK(parse_duration_cs("", 0, 4095, &v) == -EINVAL);
	CHECK(parse_duration_cs("99999999999999999999s", 0, 4095, &v) == -ERANGE);
	CHECK(v == 7);
	return ok;
}

static int vrrp_parse(struct vrrp_conf *c, const char *line, char *err,
		      size_t errlen)
{
	char buf[512], *argv[64];
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (char *t = strtok(buf, " "); t && argc < 64; t = strtok(NULL, " "))
		argv[argc++] = t;
	vrrp_conf_defaults(c);
	return vrrp_conf_parse(c, argc, argv, ~0u, err, errlen);
}

static int t_vrrp_conf(void)
{
	static const struct {
		const char *line, *err;
	} bad[] = {
		{ "vrid 0", "vrid \"0\": expected 1 to 255" },
		{ "vrid 256", "expected 1 to 255" },
		{ "vrid", "\"vrid\" needs a value" },
		{ "priority 0", "expected 1 to 255" },
		{ "interval 0ms", "expected 10ms to 40.95s" },
		{ "interval 41s", "expected 10ms to 40.95s" },
		{ "version 4", "expected 2 or 3" },
		{ "version 2 interval 1.5s", "whole seconds" },
		{ "preempt yes", "expected on or off" },
		{ "checksum md5", "expected rfc or v2" },
		{ "address 10.0.0.256", "expected an IPv4 or IPv6 address" },
		{ "address 10.0.0", "expected an IPv4 or IPv6 address" },
		{ "address 10.0.0.1.2", "expected an IPv4 or IPv6 address" },
		{ "address 010.0.0.1", "expected an IPv4 or IPv6 address" },
		{ "address fe80::1%eth0", "expected an IPv4 or IPv6 address" },
		{ "address fe80::1::2", "expected an IPv4 or IPv6 address" },
		{ "address 10.0.0.1 address 10.0.0.1", "given twice" },
		{ "address fe80::1 address fe80::0:1", "given twice" },
		{ "address 2001:db8::1", "must be link-local" },
		{ "address fe80::1 address 10.0.0.1", "all IPv4 or all IPv6" },
		{ "address 10.0.0.1 address fe80::1", "all IPv4 or all IPv6" },
		{ "version 2 address fe80::1", "IPv4 only" },
		{ "accept maybe", "expected on or off" },
		{ "peer 224.0.0.18", "expected a unicast address" },
		{ "peer ff02::12", "expected a unicast address" },
		{ "peer 0.0.0.0", "expected a unicast address" },
		{ "peer 10.0.0.2 peer 10.0.0.2", "given twice" },
		{ "peer 10.0.0.2 peer fe80::2", "all IPv4 or all IPv6" },
		{ "address 10.0.0.100 peer fe80::2", "the peers must be of the addresses' family (IPv4)" },
		{ "peer bogus", "expected an IPv4 or IPv6 address" },
		{ "weight -10", "weight follows the track-dev or track-object" },
		{ "track-dev eth1 weight 255", "expected -254 to 254" },
		{ "track-dev eth1 weight -", "expected -254 to 254" },
		{ "track-dev eth1 weight 1 weight 2", "weight given twice for eth1" },
		{ "track-object bad/name", "names are 1 to 31 characters" },
		{ "track-object 0123456789abcdef0123456789abcdef", "names are 1 to 31" },
		{ "track-dev eth1 track-dev eth1", "track-dev eth1 given twice" },
		{ "sync-group a/b", "sync-group \"a/b\": names are 1 to 31" },
		{ "sync-group a sync-group b", "\"sync-group\" given twice" },
		{ "dev eth0 dev eth1", "\"dev\" given twice" },
		{ "dev 0123456789abcdef", "not a valid interface name" },
		{ "dev a/b", "not a valid interface name" },
		{ "colour red", "unknown keyword \"colour\"" },
	};
	struct vrrp_conf c;
	char err[160];
	unsigned int i;
	int ok = 1;

	CHECK(vrrp_parse(&c, "dev eth0 vrid 51 address 10.0.0.100 address 10.0.0.101 "
			 "priority 200 interval 100ms preempt off preempt-delay 30s "
			 "checksum v2 name vip0", err, sizeof(err)) == 0);
	CHECK(!strcmp(c.dev, "eth0") && c.vrid == 51 && c.naddr == 2);
	CHECK(c.addrs[1][0] == 10 && c.addrs[1][3] == 101);
	CHECK(c.priority == 200 && c.interval_cs == 10 && !c.preempt);
	CHECK(c.preempt_delay_cs == 3000 && c.csum_v2 && !strcmp(c.name, "vip0"));
	CHECK(c.version == 3);

	CHECK(vrrp_parse(&c, "dev eth0 vrid 1 address 192.0.2.1", err, sizeof(err)) == 0);
	CHECK(c.priority == 100 && c.interval_cs == 100 && c.preempt && !c.csum_v2);
	CHECK(c.set == (VF_DEV | VF_VRID | VF_ADDR));
	CHECK(c.family == AF_INET && c.accept);

	CHECK(vrrp_parse(&c, "dev eth0 vrid 7 address fe80::1 address 2001:db8::100 "
			 "accept off", err, sizeof(err)) == 0);
	CHECK(c.family == AF_INET6 && c.naddr == 2 && !c.accept);
	CHECK(c.addrs[0][0] == 0xfe && c.addrs[0][15] == 1 && c.addrs[1][15] == 0);
	CHECK(c.addrs[1][0] == 0x20 && c.addrs[1][14] == 1);

	CHECK(vrrp_parse(&c, "peer 10.0.0.2 dev eth0 vrid 9 address 10.0.0.100 "
			 "peer 10.0.0.3", err, sizeof(err)) == 0);
	CHECK(c.npeers == 2 && c.peers[1][3] == 3 && c.peer_family == AF_INET);

	CHECK(vrrp_parse(&c, "dev eth0 vrid 9 address 10.0.0.100 track-dev eth1 "
			 "weight -50 track-object web.health track-dev eth2 weight 20",
			 err, sizeof(err)) == 0);
	CHECK(c.ntracks == 3 && c.tracks[0].is_dev && c.tracks[0].weight == -50);
	CHECK(!c.tracks[1].is_dev && !strcmp(c.tracks[1].name, "web.health") &&
	      !c.tracks[1].has_weight && c.tracks[1].weight == 0);
	CHECK(c.tracks[2].weight == 20 && !strcmp(c.tracks[2].name, "eth2"));
	CHECK(vrrp_parse(&c, "sync-group lb-1 dev eth0", err, sizeof(err)) == 0 &&
	      !strcmp(c.sync_group, "lb-1"));

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (vrrp_parse(&c, bad[i].line, err, sizeof(err)) != -EINVAL ||
		    !strstr(err, bad[i].err)) {
			fprintf(stderr, "  \"%s\": got \"%s\", want \"%s\"\n",
				bad[i].line, err, bad[i].err);
			ok = 0;
		}
	}

	/* Keys a command does not take are refused. */
	{
		char *argv[] = { "priority", "5" };

		vrrp_conf_defaults(&c);
		CHECK(vrrp_conf_parse(&c, 2, argv, VF_DEV | VF_VRID, err,
				      sizeof(err)) == -EINVAL);
		CHECK(strstr(err, "not accepted here") != NULL);
	}
	return ok;
}

static int t_duration_ms(void)
{
	unsigned long v = 7;
	int ok = 1;

	CHECK(parse_duration_ms("500ms", 0, 10000, &v) == 0 && v == 500);
	CHECK(parse_duration_ms("2s", 0, 10000, &v) == 0 && v == 2000);
	CHECK(parse_duration_ms("2", 0, 10000, &v) == 0 && v == 2000);
	CHECK(parse_duration_ms("1.5s", 0, 10000, &v) == 0 && v == 1500);
	CHECK(parse_duration_ms("0.001", 0, 10000, &v) == 0 && v == 1);
	CHECK(parse_duration_ms("1m", 0, 3600000, &v) == 0 && v == 60000);
	CHECK(parse_duration_ms("1h", 0, 86400000, &v) == 0 && v == 3600000);
	CHECK(parse_duration_ms("1.5h", 0, 86400000, &v) == 0 && v == 5400000);
	CHECK(parse_duration_ms("24h", 0, 86400000, &v) == 0 && v == 86400000);
	CHECK(parse_duration_ms("0", 0, 10, &v) == 0 && v == 0);
	v = 7;
	CHECK(parse_duration_ms("99ms", 100, 1000, &v) == -ERANGE);
	CHECK(parse_duration_ms("2h", 0, 10000, &v) == -ERANGE);
	CHECK(parse_duration_ms("1d", 0, 86400000, &v) == -EINVAL);
	CHECK(parse_duration_ms("1.5ms", 0, 10000, &v) == -EINVAL);
	CHECK(parse_duration_ms("1.0001", 0, 10000, &v) == -EINVAL);
	CHECK(parse_duration_ms(".5", 0, 10000, &v) == -EINVAL);
	CHECK(parse_duration_ms("1.", 0, 10000, &v) == -EINVAL);
	CHECK(parse_duration_ms("", 0, 10000, &v) == -EINVAL);
	CHECK(parse_duration_ms("-1", 0, 10000, &v) == -EINVAL);
	CHECK(parse_duration_ms("99999999999", 0, ULONG_MAX, &v) == -ERANGE);
	CHECK(v == 7);
	return ok;
}

static int t_addr_port(void)
{
	unsigned int port = 0;
	uint8_t a[16];
	int af = 0, ok = 1;

	CHECK(parse_addr_port("10.0.0.1:80", &af, a, &port) == 0 && af == AF_INET &&
	      port == 80 && a[0] == 10 && a[3] == 1);
	CHECK(parse_addr_port("[2001:db8::1]:443", &af, a, &port) == 0 &&
	      af == AF_INET6 && port == 443 && a[0] == 0x20 && a[15] == 1);
	CHECK(parse_addr_port("10.0.0.1", &af, a, &port) == -EINVAL);
	CHECK(parse_addr_port("10.0.0.1:", &af, a, &port) == -EINVAL);
	CHECK(parse_addr_port("10.0.0.1:0", &af, a, &port) == -EINVAL);
	CHECK(parse_addr_port("10.0.0.1:65536", &af, a, &port) == -EINVAL);
	CHECK(parse_addr_port("2001:db8::1:80", &af, a, &port) == -EINVAL);
	CHECK(parse_addr_port("[2001:db8::1]80", &af, a, &port) == -EINVAL);
	CHECK(parse_addr_port("[fe80::1%eth0]:80", &af, a, &port) == -EINVAL);
	CHECK(parse_addr_port("[10.0.0.1]:80", &af, a, &port) == -EINVAL);
	CHECK(parse_addr_port(":80", &af, a, &port) == -EINVAL);
	CHECK(parse_addr_port("300.0.0.1:80", &af, a, &port) == -EINVAL);
	return ok;
}

static int check_parse(const char *line, struct check_conf *c, char *err,
		       size_t errlen)
{
	char buf[512], *argv[32], **av = argv;
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (char *t = strtok(buf, " "); t && argc < 32; t = strtok(NULL, " "))
		argv[argc++] = t;
	memset(c, 0, sizeof(*c));
	if (svc_key_parse(&c->svc, &argc, &av, err, errlen))
		return -1;
	return check_conf_parse(c, argc, av, err, errlen);
}

static int t_check_conf(void)
{
	struct check_conf c;
	char err[256];
	int ok = 1;

	CHECK(check_parse("tcp 10.0.0.100:80 type http path /h status 200,301-302 expect ok "
			  "interval 1s timeout 500ms retry 100ms rise 3 fall 4 initial down "
			  "slowstart 30s track web track-min 2 sorry 10.1.0.9:80 conns expire",
			  &c, err, sizeof(err)) == 0);
	CHECK(c.svc.protocol == IPPROTO_TCP && c.svc.port == 80 && c.svc.af == AF_INET);
	CHECK(c.type == 1 && !strcmp(c.path, "/h") && !strcmp(c.codes, "200,301-302"));
	CHECK(c.body_len == 2 && c.interval_ms == 1000 && c.timeout_ms == 500);
	CHECK(c.retry_ms == 100 && c.rise == 3 && c.fall == 4 && !c.initial_up);
	CHECK(c.slowstart_ms == 30000 && !strcmp(c.track, "web") && c.track_min == 2);
	CHECK(c.sorry.port == 80 && c.expire);
	CHECK(check_parse("fwmark 7 inet6 type udp payload ping", &c, err, sizeof(err)) == 0);
	CHECK(c.svc.fwmark == 7 && c.svc.af == AF_INET6 && c.payload_len == 4);
	CHECK(check_parse("udp [2001:db8::1]:53 type external", &c, err, sizeof(err)) == 0);
	CHECK(c.svc.af == AF_INET6 && c.svc.protocol == IPPROTO_UDP && c.type == 3);
	/* every refusal names what is wrong */
	CHECK(check_parse("tcp 10.0.0.100:80 type tcp path /x", &c, err, sizeof(err)) &&
	      strstr(err, "for type http"));
	CHECK(check_parse("tcp 10.0.0.100:80 type tcp payload x", &c, err, sizeof(err)) &&
	      strstr(err, "for type udp"));
	CHECK(check_parse("tcp 10.0.0.100:80 interval 1s timeout 2s", &c, err, sizeof(err)) &&
	      strstr(err, "timeout must be shorter"));
	CHECK(check_parse("tcp 10.0.0.100:80 interval 1s timeout 1s", &c, err, sizeof(err)) &&
	      strstr(err, "timeout must be shorter"));
	CHECK(check_parse("tcp 10.0.0.100:80 interval 1s timeout 999ms", &c, err, sizeof(err)) == 0);
	/* the module takes at most 8 codes or ranges */
	CHECK(check_parse("tcp 10.0.0.100:80 type http status 200,201,202,203,204,205,206,207",
			  &c, err, sizeof(err)) == 0);
	CHECK(check_parse("tcp 10.0.0.100:80 type http status 200,201,202,203,204,205,206,207,208",
			  &c, err, sizeof(err)) && strstr(err, "up to 8 codes"));
	CHECK(check_parse("tcp 10.0.0.100:80 type http status 99", &c, err, sizeof(err)) &&
	      strstr(err, "status"));
	CHECK(check_parse("tcp 10.0.0.100:80 type http status 200-", &c, err, sizeof(err)));
	CHECK(check_parse("tcp 10.0.0.100:80 type http status 300-200", &c, err, sizeof(err)));
	CHECK(check_parse("tcp 10.0.0.100:80 type http status 200,", &c, err, sizeof(err)));
	CHECK(check_parse("tcp 10.0.0.100:80 type http status 0200", &c, err, sizeof(err)));
	CHECK(check_parse("tcp 10.0.0.100:80 type http status 200-0299", &c, err, sizeof(err)));
	CHECK(check_parse("tcp 10.0.0.100:80 type http status 200-299,404", &c, err,
			  sizeof(err)) == 0);
	CHECK(check_parse("tcp 10.0.0.100:80 type http path noslash", &c, err, sizeof(err)));
	CHECK(check_parse("tcp 10.0.0.100:80 rise 0", &c, err, sizeof(err)));
	CHECK(check_parse("tcp 10.0.0.100:80 fall 101", &c, err, sizeof(err)));
	CHECK(check_parse("tcp 10.0.0.100:80 interval 50ms", &c, err, sizeof(err)));
	CHECK(check_parse("tcp 10.0.0.100:80 track-min 2", &c, err, sizeof(err)) &&
	      strstr(err, "needs track"));
	CHECK(check_parse("tcp 10.0.0.100:80 track a/b", &c, err, sizeof(err)));
	CHECK(check_parse("tcp 10.0.0.100:80 sorry [2001:db8::1]:80", &c, err, sizeof(err)) &&
	      strstr(err, "address family"));
	CHECK(check_parse("tcp 10.0.0.100:80 conns drop", &c, err, sizeof(err)));
	CHECK(check_parse("tcp 10.0.0.100:80 rise 2 rise 3", &c, err, sizeof(err)) &&
	      strstr(err, "twice"));
	CHECK(check_parse("tcp 10.0.0.100:80 rise", &c, err, sizeof(err)) &&
	      strstr(err, "needs a value"));
	CHECK(check_parse("tcp 10.0.0.100:80 bogus 1", &c, err, sizeof(err)) &&
	      strstr(err, "unknown setting"));
	CHECK(check_parse("icmp 10.0.0.100:80", &c, err, sizeof(err)));
	CHECK(check_parse("tcp 10.0.0.100", &c, err, sizeof(err)));
	CHECK(check_parse("fwmark 0", &c, err, sizeof(err)));
	CHECK(check_parse("tcp", &c, err, sizeof(err)));
	return ok;
}

/* Every value of the kernel's reason enums has words of its own. */
static int t_reasons(void)
{
	char a[128], b[128];
	unsigned int i, j;
	int ok = 1;

	for (i = 0; i < __HAVS_VRRP_R_MAX; i++) {
		CHECK(strcmp(vrrp_reason_text(i), "unknown"));
		for (j = 0; j < i; j++)
			CHECK(strcmp(vrrp_reason_text(i), vrrp_reason_text(j)));
	}
	CHECK(!strcmp(vrrp_reason_text(__HAVS_VRRP_R_MAX), "unknown"));
	CHECK(!strcmp(vrrp_reason_text(HAVS_VRRP_R_MASTER_DOWN),
		      "master down timer expired"));
	for (i = 1; i < __HAVS_PROBE_E_MAX; i++) {
		probe_error_text(a, sizeof(a), i, 0, 0, -1);
		CHECK(a[0] && strncmp(a, "probe error", 11));
		for (j = 1; j < i; j++) {
			probe_error_text(b, sizeof(b), j, 0, 0, -1);
			CHECK(strcmp(a, b));
		}
	}
	probe_error_text(a, sizeof(a), __HAVS_PROBE_E_MAX, 0, 0, -1);
	CHECK(!strncmp(a, "probe error", 11));
	probe_error_text(a, sizeof(a), HAVS_PROBE_E_HTTP_STATUS, 0, 503, -1);
	CHECK(!strcmp(a, "status 503 not accepted"));
	probe_error_text(a, sizeof(a), HAVS_PROBE_E_SOCKET, ENETDOWN, 0, -1);
	CHECK(!strcmp(a, "socket error: Network is down"));
	probe_error_text(a, sizeof(a), HAVS_PROBE_E_DNS_RCODE, 0, 0, 3);
	CHECK(!strcmp(a, "DNS rcode NXDOMAIN not expected"));
	probe_error_text(a, sizeof(a), HAVS_PROBE_E_DNS_RCODE, 0, 0, 12);
	CHECK(!strcmp(a, "DNS rcode 12 not expected"));
	probe_error_text(a, sizeof(a), HAVS_PROBE_E_TLS_ALERT, 0, 0, 40);
	CHECK(!strcmp(a, "TLS alert 40"));
	probe_error_text(a, sizeof(a), HAVS_PROBE_E_SMTP_BANNER, 0, 0, 554);
	CHECK(!strcmp(a, "SMTP greeting not 220 (554)"));
	probe_error_text(b, sizeof(b), HAVS_PROBE_E_REFUSED, 0, 0, -1);
	health_reason_text(a, sizeof(a), HAVS_HEALTH_R_FAILED, 3, "tcp", b);
	CHECK(!strcmp(a, "connection refused; 3 probes failed in a row"));
	health_reason_text(a, sizeof(a), HAVS_HEALTH_R_PASSED, 2, "http", "");
	CHECK(!strcmp(a, "http probe passed 2 in a row"));
	health_reason_text(a, sizeof(a), HAVS_HEALTH_R_SET_DOWN, 0, "external", "");
	CHECK(!strcmp(a, "set down from userspace"));
	return ok;
}

/* sync_conf_parse: "KEY VALUE" words of 'sync add' */
static int sync_try(struct sync_conf *c, const char *line, char *err)
{
	char buf[256], *w[16], *p;
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (p = strtok(buf, " "); p && n < 16; p = strtok(NULL, " "))
		w[n++] = p;
	sync_conf_defaults(c);
	return sync_conf_parse(c, n, w, ~0u, err, 256);
}

static int t_sync_conf(void)
{
	struct sync_conf c;
	char err[256];
	int ok = 1;

	CHECK(sync_try(&c, "dev eth1 id 51 instance vip51", err) == 0);
	CHECK(!strcmp(c.dev, "eth1") && c.id == 51 && !strcmp(c.follow, "vip51") &&
	      !c.follow_group && c.port == 8848 && c.ttl == 1 && c.maxlen == 0 &&
	      c.family == AF_INET && c.group[0] == 0);
	CHECK(sync_try(&c, "dev eth1 id 0 group 239.1.2.3 port 9000 ttl 3 maxlen 1400 sync-group G", err) == 0);
	CHECK(c.id == 0 && c.group[0] == 239 && c.group[3] == 3 && c.port == 9000 &&
	      c.ttl == 3 && c.maxlen == 1400 && c.follow_group && !strcmp(c.follow, "G"));
	CHECK(sync_try(&c, "dev eth1 id 1 group ff02::8848", err) == 0);
	CHECK(c.family == AF_INET6 && c.group[0] == 0xff);
	/* refusals, each naming the word */
	CHECK(sync_try(&c, "dev eth1 id 1 group 10.0.0.5", err) == -EINVAL &&
	      strstr(err, "group \"10.0.0.5\": not a multicast address") &&
	      !strcmp(parse_err_word, "10.0.0.5"));
	CHECK(sync_try(&c, "dev eth1 id 1 group 2001:db8::1", err) == -EINVAL &&
	      strstr(err, "not a multicast address (IPv6"));
	CHECK(sync_try(&c, "dev eth1 id 1 group nonsense", err) == -EINVAL &&
	      strstr(err, "group \"nonsense\""));
	CHECK(sync_try(&c, "dev eth1 id 256", err) == -EINVAL && strstr(err, "id \"256\""));
	CHECK(sync_try(&c, "dev eth1 id 1 port 0", err) == -EINVAL && strstr(err, "port \"0\""));
	CHECK(sync_try(&c, "dev eth1 id 1 ttl 0", err) == -EINVAL && strstr(err, "ttl \"0\""));
	CHECK(sync_try(&c, "dev eth1 id 1 maxlen 100", err) == -EINVAL &&
	      strstr(err, "maxlen \"100\""));
	CHECK(sync_try(&c, "dev eth1 id 1 instance a sync-group b", err) == -EINVAL &&
	      strstr(err, "not both"));
	CHECK(sync_try(&c, "dev eth1 id 1 id 2", err) == -EINVAL && strstr(err, "given twice"));
	CHECK(sync_try(&c, "dev eth1 id", err) == -EINVAL && strstr(err, "needs a value"));
	CHECK(sync_try(&c, "dev eth1 bogus 1", err) == -EINVAL &&
	      strstr(err, "unknown keyword \"bogus\""));
	CHECK(sync_try(&c, "dev eth1 id 1 instance averyveryverylongname", err) == -EINVAL &&
	      strstr(err, "at most 15"));
	sync_conf_defaults(&c);
	{
		char *w[] = { "dev", "eth1", "group", "239.0.0.1" };

		CHECK(sync_conf_parse(&c, 4, w, SF_ID, err, sizeof(err)) == -EINVAL &&
		      strstr(err, "\"dev\" is not accepted here"));
	}
	return ok;
}

/* consistent mode of svc_conf_parse */
static int t_consistent(void)
{
	struct svc_conf c;
	char err[256];
	char *a[] = { "tcp", "10.0.0.1:80", "scheduler", "havs_mh", "consistent" };
	char *b[] = { "tcp", "10.0.0.1:80", "consistent", "off", "scheduler", "wrr" };
	char *d[] = { "tcp", "10.0.0.1:80", "scheduler", "havs_wrr", "consistent", "on" };
	char *e[] = { "udp", "10.0.0.1:53", "scheduler", "havs_sh", "consistent" };
	char *f[] = { "tcp", "10.0.0.1:80", "consistent", "consistent" };
	int ok = 1;

	CHECK(svc_conf_parse(&c, 5, a, err, sizeof(err)) == 0 && c.has_consistent &&
	      c.consistent && !strcmp(c.sched, "havs_mh"));
	CHECK(svc_conf_parse(&c, 6, b, err, sizeof(err)) == 0 && c.has_consistent &&
	      !c.consistent && !strcmp(c.sched, "wrr"));
	CHECK(svc_conf_parse(&c, 6, d, err, sizeof(err)) == -EINVAL &&
	      strstr(err, "scheduler \"havs_wrr\" picks a server from its own state") &&
	      !strcmp(parse_err_word, "havs_wrr"));
	CHECK(svc_conf_parse(&c, 5, e, err, sizeof(err)) == -EINVAL &&
	      strstr(err, "UDP"));
	CHECK(svc_conf_parse(&c, 4, f, err, sizeof(err)) == -EINVAL &&
	      strstr(err, "given twice"));
	CHECK(sched_is_consistent("havs_sh") && sched_is_consistent("mh") &&
	      !sched_is_consistent("havs_wrr") && !sched_is_consistent("lc"));
	return ok;
}

int main(void)
{
	run("cmd_lookup (exact, unique prefix, ambiguous)", t_cmd_lookup);
	run("parse_uint (range, garbage, overflow)", t_parse_uint);
	run("is_help_flag", t_help_flag);
	run("json_str escaping", t_json_str);
	run("parse_duration_cs (units, steps, range)", t_duration);
	run("vrrp_conf_parse (every key, every refusal)", t_vrrp_conf);
	run("parse_duration_ms (units, range, garbage)", t_duration_ms);
	run("parse_addr_port (IPv4, IPv6, refusals)", t_addr_port);
	run("svc_key_parse + check_conf_parse (every key, every refusal)", t_check_conf);
	run("words of the reason enums (each its own)", t_reasons);
	run("sync_conf_parse (every key, every refusal)", t_sync_conf);
	run("svc_conf_parse consistent (schedulers, UDP)", t_consistent);
	return failed ? 1 : 0;
}
