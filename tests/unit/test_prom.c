// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit test of the Prometheus exposition (tools/prom.c): label values
 * escaped, samples grouped by metric under one HELP and one TYPE line,
 * metrics without samples left out. One "ok"/"not ok" line.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/prom.h"

int main(void)
{
	char lab[128] = "", *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	int ok = 1;

	prom_label(lab, sizeof(lab), "service", "tcp \"a\\b\"\nx");
	ok &= !strcmp(lab, "service=\"tcp \\\"a\\\\b\\\"\\nx\"");
	prom_add(PROM_SERVER_UP, "server=\"1\"", 1);
	prom_add(PROM_VRRP_PRIORITY, "dev=\"eth0\"", 200);
	prom_add(PROM_SERVER_UP, "server=\"2\"", 0);
	prom_add(PROM_PROBE_TARGETS, "", 2);
	prom_print(f);
	fclose(f);
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
	return !ok;
}
