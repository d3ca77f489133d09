/* SPDX-License-Identifier: GPL-2.0 */
/* Prometheus text exposition for havsadm stats --prometheus (prom.c). */
#ifndef HAVSADM_PROM_H
#define HAVSADM_PROM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum prom_metric {
	PROM_VRRP_STATE,
	PROM_VRRP_PRIORITY,
	PROM_VRRP_TRANSITIONS,
	PROM_VRRP_LAST_TRANSITION,
	PROM_VRRP_ADV_TX,
	PROM_VRRP_ADV_RX,
	PROM_VRRP_TX_ERRORS,
	PROM_VRRP_DROPPED,
	PROM_VRRP_GATED,
	PROM_VRRP_GARP,
	PROM_VRRP_RX_SHORT,
	PROM_VRRP_RX_NO_INSTANCE,
	PROM_SERVER_UP,
	PROM_SERVER_WEIGHT,
	PROM_SERVER_EFF_WEIGHT,
	PROM_SERVER_PROBES,
	PROM_SERVER_RTT,
	PROM_SERVER_RTT_HIST,
	PROM_SERVER_TRANSITIONS,
	PROM_PROBE_TARGETS,
	PROM_ANNOUNCE_UP,
	PROM_ANNOUNCE_DRAIN,
	PROM_ANNOUNCE_CHANGES,
	PROM_ANNOUNCE_LAST_CHANGE,
};

/* Append key="value" (escaped) to the label list in @buf. */
void prom_label(char *buf, size_t len, const char *key, const char *val);
int prom_add(enum prom_metric m, const char *labels, double v);
/*
 * A histogram @m (of type "histogram") with @labels: @counts has @nbounds
 * + 1 per-bucket (not cumulative) counts, for the upper bounds @bounds
 * (ascending) then +Inf; @sum is the sum of the observations. Adds the
 * cumulative _bucket samples (label le), _sum and _count, in that order.
 */
int prom_add_histogram(enum prom_metric m, const char *labels,
		       const double *bounds, const unsigned long long *counts,
		       size_t nbounds, double sum);
void prom_print(FILE *f);

/* The dumps that feed it (vrrp.c, check.c). */
int vrrp_prometheus(void);
int check_prometheus(void);
int announce_prometheus(void);

#endif /* HAVSADM_PROM_H */
