// SPDX-License-Identifier: GPL-2.0
/*
 * Prometheus text exposition (format 0.0.4) for 'havsadm stats
 * --prometheus': samples are collected as the dumps arrive, then printed
 * grouped by metric, each group under its HELP and TYPE lines; a
 * histogram's _bucket, _sum and _count samples are one group. Free of
 * libnl: the host tests link it alone.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prom.h"

static const struct {
	const char *name, *type, *help;
} metrics[] = {
	[PROM_VRRP_STATE] = { "havs_vrrp_state", "gauge",
		"VRRP instance state: 1 for the state it is in, 0 for the others" },
	[PROM_VRRP_PRIORITY] = { "havs_vrrp_priority", "gauge",
		"VRRP priority in effect (configured, after tracking)" },
	[PROM_VRRP_TRANSITIONS] = { "havs_vrrp_transitions_total", "counter",
		"VRRP state changes" },
	[PROM_VRRP_LAST_TRANSITION] = { "havs_vrrp_last_transition_seconds", "gauge",
		"Time of the last VRRP state change, seconds since the epoch" },
	[PROM_VRRP_ADV_TX] = { "havs_vrrp_adverts_sent_total", "counter",
		"VRRP advertisements sent" },
	[PROM_VRRP_ADV_RX] = { "havs_vrrp_adverts_received_total", "counter",
		"Valid VRRP advertisements received" },
	[PROM_VRRP_TX_ERRORS] = { "havs_vrrp_tx_errors_total", "counter",
		"VRRP advertisements that could not be sent" },
	[PROM_VRRP_DROPPED] = { "havs_vrrp_dropped_total", "counter",
		"VRRP packets dropped, by reason" },
	[PROM_VRRP_GATED] = { "havs_vrrp_gated_total", "counter",
		"ARP, neighbour solicitations and packets for the addresses dropped while not master" },
	[PROM_VRRP_GARP] = { "havs_vrrp_garp_total", "counter",
		"Gratuitous ARP requests or unsolicited neighbour advertisements sent" },
	[PROM_VRRP_RX_SHORT] = { "havs_vrrp_rx_short_total", "counter",
		"VRRP packets too short to name an instance" },
	[PROM_VRRP_RX_NO_INSTANCE] = { "havs_vrrp_rx_no_instance_total", "counter",
		"VRRP packets naming no instance of this namespace" },
	[PROM_SERVER_UP] = { "havs_server_up", "gauge",
		"Health of a real server of a service on a havs scheduler: 1 up, 0 down" },
	[PROM_SERVER_WEIGHT] = { "havs_server_weight", "gauge",
		"Weight of a real server as configured in IPVS" },
	[PROM_SERVER_EFF_WEIGHT] = { "havs_server_weight_in_effect", "gauge",
		"Weight in effect: 0 while down, ramping up during slow start" },
	[PROM_SERVER_PROBES] = { "havs_server_probes_total", "counter",
		"Probes of a real server, by result" },
	[PROM_SERVER_RTT] = { "havs_server_rtt_seconds", "gauge",
		"Round-trip time of the last good probe" },
	[PROM_SERVER_RTT_HIST] = { "havs_server_probe_rtt_seconds", "histogram",
		"Round-trip times of the good probes of a real server" },
	[PROM_SERVER_TRANSITIONS] = { "havs_server_transitions_total", "counter",
		"Health changes of a real server" },
	[PROM_PROBE_TARGETS] = { "havs_probe_targets", "gauge",
		"Real servers probed in this namespace" },
	[PROM_ANNOUNCE_UP] = { "havs_announce_up", "gauge",
		"1 while an announcement's carrier is on: its addresses are routed here" },
	[PROM_ANNOUNCE_DRAIN] = { "havs_announce_drain", "gauge",
		"1 while an announcement is drained by the operator" },
	[PROM_ANNOUNCE_CHANGES] = { "havs_announce_changes_total", "counter",
		"Carrier changes of an announcement" },
	[PROM_ANNOUNCE_LAST_CHANGE] = { "havs_announce_last_change_seconds", "gauge",
		"Time of an announcement's last carrier change, seconds since the epoch" },
};

struct sample {
	enum prom_metric m;
	const char *suffix;	/* of a histogram's samples: _bucket, ... */
	char *labels;
	double v;
};

static struct sample *samples;
static size_t nsamples, cap;

/* A label value, escaped as the format wants (\\, \", \n). */
void prom_label(char *buf, size_t len, const char *key, const char *val)
{
	size_t o = strlen(buf);

	o += snprintf(buf + o, o < len ? len - o : 0, "%s%s=\"", o ? "," : "", key);
	for (; *val && o + 3 < len; val++) {
		if (*val == '\\' || *val == '"')
			buf[o++] = '\\';
		if (*val == '\n') {
			buf[o++] = '\\';
			buf[o++] = 'n';
			continue;
		}
		buf[o++] = *val;
	}
	if (o + 1 < len)
		buf[o++] = '"';
	buf[o < len ? o : len - 1] = '\0';
}

/* @v as the format wants it: shortest that reads back the same, +Inf. */
static void prom_num(char *buf, size_t len, double v)
{
	if (isnan(v)) {
		snprintf(buf, len, "NaN");
	} else if (isinf(v)) {
		snprintf(buf, len, "%sInf", v > 0 ? "+" : "-");
	} else {
		snprintf(buf, len, "%.15g", v);
		if (strtod(buf, NULL) != v)
			snprintf(buf, len, "%.17g", v);
	}
}

static int add(enum prom_metric m, const char *suffix, const char *labels,
	       double v)
{
	if (nsamples == cap) {
		size_t c = cap ? cap * 2 : 256;
		struct sample *p = realloc(samples, c * sizeof(*p));

		if (!p)
			return -1;
		samples = p;
		cap = c;
	}
	samples[nsamples].labels = strdup(labels);
	if (!samples[nsamples].labels)
		return -1;
	samples[nsamples].m = m;
	samples[nsamples].suffix = suffix;
	samples[nsamples].v = v;
	nsamples++;
	return 0;
}

int prom_add(enum prom_metric m, const char *labels, double v)
{
	return add(m, "", labels, v);
}

int prom_add_histogram(enum prom_metric m, const char *labels,
		       const double *bounds, const unsigned long long *counts,
		       size_t nbounds, double sum)
{
	size_t len = strlen(labels) + 64;
	unsigned long long n = 0;
	char *l = malloc(len), le[32];
	int rc = 0;

	if (!l)
		return -1;
	for (size_t i = 0; i <= nbounds; i++) {
		n += counts[i];
		prom_num(le, sizeof(le), i < nbounds ? bounds[i] : INFINITY);
		snprintf(l, len, "%s", labels);
		prom_label(l, len, "le", le);
		rc |= add(m, "_bucket", l, (double)n);
	}
	free(l);
	rc |= add(m, "_sum", labels, sum);
	rc |= add(m, "_count", labels, (double)n);
	return rc ? -1 : 0;
}

/* Every sample, grouped by metric in the order of the table (@f NULL:
 * none); then they are freed. */
void prom_print(FILE *f)
{
	for (size_t m = 0; f && m < sizeof(metrics) / sizeof(metrics[0]); m++) {
		bool head = false;
		char v[32];

		for (size_t i = 0; i < nsamples; i++) {
			if (samples[i].m != m)
				continue;
			if (!head) {
				fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", metrics[m].name,
					metrics[m].help, metrics[m].name, metrics[m].type);
				head = true;
			}
			prom_num(v, sizeof(v), samples[i].v);
			fprintf(f, "%s%s%s%s%s %s\n", metrics[m].name,
				samples[i].suffix, *samples[i].labels ? "{" : "",
				samples[i].labels, *samples[i].labels ? "}" : "", v);
		}
	}
	for (size_t i = 0; i < nsamples; i++)
		free(samples[i].labels);
	free(samples);
	samples = NULL;
	nsamples = cap = 0;
}
