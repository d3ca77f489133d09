// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit test of the Prometheus exposition (tools/prom.c): label values
 * escaped, samples grouped by metric under one HELP and one TYPE line,
 * metrics without samples left out; histograms: cumulative buckets in
 * order with their le label, +Inf equal to _count, _sum, one group for
 * every series. One "ok"/"not ok" line each.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/prom.h"
#include "../../kmod/uapi/linux/havs.h"

#define HIST "havs_server_probe_rtt_seconds"

static char *expose(void)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	prom_print(f);
	fclose(f);
	return out;
}

static int test_groups(void)
{
	char lab[128] = "", *out;
	int ok = 1;

	prom_label(lab, sizeof(lab), "service", "tcp \"a\\b\"\nx");
	ok &= !strcmp(lab, "service=\"tcp \\\"a\\\\b\\\"\\nx\"");
	prom_add(PROM_SERVER_UP, "server=\"1\"", 1);
	prom_add(PROM_VRRP_PRIORITY, "dev=\"eth0\"", 200);
	prom_add(PROM_SERVER_UP, "server=\"2\"", 0);
	prom_add(PROM_PROBE_TARGETS, "", 2);
	out = expose();
	ok &= !strcmp(out,
		"# HELP havs_vrrp_priority VRRP priority in effect (configured, after tracking)\n"
		"# TYPE havs_vrrp_priority gauge\n"
		"havs_vrrp_priority{dev=\"eth0\"} 200\n"
		"# HELP havs_server_up Health of a real server of a service on a havs scheduler: 1 up, 0 down\n"
		"# TYPE havs_server_up gauge\n"
		"havs_server_up{server=\"1\"} 1\n"
		"havs_server_up{server=\"2\"} 0\n"
		"# HELP havs_probe_targets Real servers probed in this namespace\n"
		"# TYPE havs_probe_targets gauge\n"
		"havs_probe_targets 2\n");
	if (!ok)
		fprintf(stderr, "label: %s\noutput:\n%s", lab, out);
	free(out);
	printf("%s unit: prometheus exposition (escaping, one group per metric)\n",
	       ok ? "ok" : "not ok");
	return ok;
}

/* Two series of a small histogram, added around another metric's sample. */
static int test_histogram(void)
{
	const double bounds[] = { 0.0001, 0.00025, 1 };
	const unsigned long long c1[] = { 1, 0, 2, 1 }, c2[] = { 0, 0, 0, 0 };
	char *out;
	int ok = 1;

	ok &= !prom_add_histogram(PROM_SERVER_RTT_HIST, "server=\"1\"", bounds, c1, 3, 2.5);
	prom_add(PROM_SERVER_UP, "server=\"1\"", 1);
	prom_add(PROM_SERVER_RTT, "server=\"1\"", 412 / 1e6);
	prom_add(PROM_SERVER_RTT, "server=\"2\"", 85 / 1e6);
	ok &= !prom_add_histogram(PROM_SERVER_RTT_HIST, "server=\"2\"", bounds, c2, 3, 0);
	out = expose();
	ok &= !strcmp(out,
		"# HELP havs_server_up Health of a real server of a service on a havs scheduler: 1 up, 0 down\n"
		"# TYPE havs_server_up gauge\n"
		"havs_server_up{server=\"1\"} 1\n"
		"# HELP havs_server_rtt_seconds Round-trip time of the last good probe\n"
		"# TYPE havs_server_rtt_seconds gauge\n"
		"havs_server_rtt_seconds{server=\"1\"} 0.000412\n"
		"havs_server_rtt_seconds{server=\"2\"} 8.5e-05\n"
		"# HELP " HIST " Round-trip times of the good probes of a real server\n"
		"# TYPE " HIST " histogram\n"
		HIST "_bucket{server=\"1\",le=\"0.0001\"} 1\n"
		HIST "_bucket{server=\"1\",le=\"0.00025\"} 1\n"
		HIST "_bucket{server=\"1\",le=\"1\"} 3\n"
		HIST "_bucket{server=\"1\",le=\"+Inf\"} 4\n"
		HIST "_sum{server=\"1\"} 2.5\n"
		HIST "_count{server=\"1\"} 4\n"
		HIST "_bucket{server=\"2\",le=\"0.0001\"} 0\n"
		HIST "_bucket{server=\"2\",le=\"0.00025\"} 0\n"
		HIST "_bucket{server=\"2\",le=\"1\"} 0\n"
		HIST "_bucket{server=\"2\",le=\"+Inf\"} 0\n"
		HIST "_sum{server=\"2\"} 0\n"
		HIST "_count{server=\"2\"} 0\n");
	if (!ok)
		fprintf(stderr, "output:\n%s", out);
	free(out);
	printf("%s unit: prometheus histogram (cumulative buckets, +Inf, _sum, _count, one group)\n",
	       ok ? "ok" : "not ok");
	return ok;
}

/*
 * The module's buckets as havsadm exposes them: every bound's le as the
 * shortest decimal, in order, cumulative counts, +Inf equal to _count,
 * one HELP and one TYPE line.
 */
static int test_module_buckets(void)
{
	static const char *const want[HAVS_RTT_NBUCKETS + 1] = {
		"0.0001", "0.00025", "0.0005", "0.001", "0.0025", "0.005", "0.01",
		"0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf",
	};
	static const unsigned int us[] = HAVS_RTT_BUCKETS_US;
	unsigned long long c[HAVS_RTT_NBUCKETS + 1], cum = 0, sum = 0;
	double le[HAVS_RTT_NBUCKETS];
	int ok = sizeof(us) / sizeof(us[0]) == HAVS_RTT_NBUCKETS, helps = 0, types = 0;
	size_t b = 0, lines = 0;
	char *out, *line, *save = NULL;

	for (size_t i = 0; i <= HAVS_RTT_NBUCKETS; i++) {
		c[i] = (i * 7 + 3) % 5;	/* some empty buckets */
		sum += c[i] * (i < HAVS_RTT_NBUCKETS ? us[i] : 20000000);
		if (i < HAVS_RTT_NBUCKETS)
			le[i] = us[i] / 1e6;
	}
	ok &= !prom_add_histogram(PROM_SERVER_RTT_HIST, "service=\"s\",server=\"a\"",
				  le, c, HAVS_RTT_NBUCKETS, sum / 1e6);
	out = expose();
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char exp[160];

		lines++;
		if (!strncmp(line, "# HELP " HIST " ", strlen("# HELP " HIST " "))) {
			helps++;
			continue;
		}
		if (!strcmp(line, "# TYPE " HIST " histogram")) {
			types++;
			continue;
		}
		if (b <= HAVS_RTT_NBUCKETS) {
			cum += c[b];
			snprintf(exp, sizeof(exp),
				 HIST "_bucket{service=\"s\",server=\"a\",le=\"%s\"} %llu",
				 want[b], cum);
			b++;
		} else if (b == HAVS_RTT_NBUCKETS + 1) {
			snprintf(exp, sizeof(exp), HIST "_sum{service=\"s\",server=\"a\"} %.15g",
				 sum / 1e6);
			b++;
		} else {
			/* _count: the +Inf bucket, the sum of the buckets */
			snprintf(exp, sizeof(exp), HIST "_count{service=\"s\",server=\"a\"} %llu",
				 cum);
			b++;
		}
		if (strcmp(line, exp)) {
			fprintf(stderr, "line %zu: %s\n  wanted: %s\n", lines, line, exp);
			ok = 0;
		}
	}
	ok &= helps == 1 && types == 1 && b == HAVS_RTT_NBUCKETS + 3 &&
	      lines == HAVS_RTT_NBUCKETS + 5;
	free(out);
	printf("%s unit: prometheus histogram of the module's %d round-trip buckets\n",
	       ok ? "ok" : "not ok", HAVS_RTT_NBUCKETS);
	return ok;
}

int main(void)
{
	int ok = 1;

	ok &= test_groups();
	ok &= test_histogram();
	ok &= test_module_buckets();
	return !ok;
}
