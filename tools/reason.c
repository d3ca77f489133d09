// SPDX-License-Identifier: GPL-2.0
/*
 * The words for what the kernel sends as numbers: why a VRRP instance
 * changed state, why a probe failed, why a server's health changed. The
 * kernel logs the same events in its own words (dmesg); these are the
 * words of havsadm's output and events.
 */
#include <stdio.h>
#include <string.h>

#include "havsadm.h"
#include "../kmod/uapi/linux/havs.h"

const char *vrrp_reason_text(unsigned int reason)
{
	static const char *const text[] = {
		[HAVS_VRRP_R_NONE] = "no change",
		[HAVS_VRRP_R_STARTUP] = "instance started",
		[HAVS_VRRP_R_OWNER] = "address owner (priority 255)",
		[HAVS_VRRP_R_MASTER_DOWN] = "master down timer expired",
		[HAVS_VRRP_R_PRIO0] = "master sent priority 0",
		[HAVS_VRRP_R_HIGHER_PRIO] = "advert with higher priority",
		[HAVS_VRRP_R_HIGHER_ADDR] = "advert with equal priority from a higher address",
		[HAVS_VRRP_R_SHUTDOWN] = "instance stopped",
		[HAVS_VRRP_R_FAULT] = "fault",
		[HAVS_VRRP_R_RECOVERED] = "fault cleared",
		[HAVS_VRRP_R_SYNC_MASTER] = "a sync group member became master",
		[HAVS_VRRP_R_SYNC_BACKUP] = "a sync group member lost an election",
		[HAVS_VRRP_R_SYNC_FAULT] = "a sync group member is in fault",
	};

	if (reason >= sizeof(text) / sizeof(text[0]) || !text[reason])
		return "unknown";
	return text[reason];
}

const char *track_reason_text(unsigned int reason)
{
	static const char *const text[] = {
		[HAVS_TRACK_R_UNSPEC] = "unknown",
		[HAVS_TRACK_R_CREATED] = "created by an instance that tracks it",
		[HAVS_TRACK_R_SET] = "set from userspace",
		[HAVS_TRACK_R_SERVICE] = "set by a service's health",
		[HAVS_TRACK_R_LEASE] = "lease ran out",
	};

	if (reason >= sizeof(text) / sizeof(text[0]) || !text[reason])
		return "unknown";
	return text[reason];
}

const char *announce_reason_text(unsigned int reason)
{
	static const char *const text[] = {
		[HAVS_ANNOUNCE_R_UNSPEC] = "unknown",
		[HAVS_ANNOUNCE_R_CREATED] = "device created, not configured",
		[HAVS_ANNOUNCE_R_CONFIGURED] = "configured",
		[HAVS_ANNOUNCE_R_TRACK_DOWN] = "tracked object down",
		[HAVS_ANNOUNCE_R_TRACK_UP] = "tracked objects up",
		[HAVS_ANNOUNCE_R_DRAIN] = "drained",
		[HAVS_ANNOUNCE_R_UNDRAIN] = "drain lifted",
		[HAVS_ANNOUNCE_R_DELETED] = "announcement deleted",
	};

	if (reason >= sizeof(text) / sizeof(text[0]) || !text[reason])
		return "unknown";
	return text[reason];
}

/* The names of enum havs_announce_reason in the YNL spec, for -j. */
const char *announce_reason_name(unsigned int reason)
{
	static const char *const name[] = {
		[HAVS_ANNOUNCE_R_UNSPEC] = "unspec",
		[HAVS_ANNOUNCE_R_CREATED] = "created",
		[HAVS_ANNOUNCE_R_CONFIGURED] = "configured",
		[HAVS_ANNOUNCE_R_TRACK_DOWN] = "track-down",
		[HAVS_ANNOUNCE_R_TRACK_UP] = "track-up",
		[HAVS_ANNOUNCE_R_DRAIN] = "drain",
		[HAVS_ANNOUNCE_R_UNDRAIN] = "undrain",
		[HAVS_ANNOUNCE_R_DELETED] = "deleted",
	};

	if (reason >= sizeof(name) / sizeof(name[0]) || !name[reason])
		return "unspec";
	return name[reason];
}

void probe_error_text(char *buf, size_t size, unsigned int code,
		      unsigned int errnum, unsigned int http_status,
		      int reply_code)
{
	char buf2[16];

	static const char *const text[] = {
		[HAVS_PROBE_E_NONE] = "",
		[HAVS_PROBE_E_CONNECT_TIMEOUT] = "connect timed out",
		[HAVS_PROBE_E_REPLY_TIMEOUT] = "no reply in time",
		[HAVS_PROBE_E_REFUSED] = "connection refused",
		[HAVS_PROBE_E_RESET] = "connection reset",
		[HAVS_PROBE_E_HOST_UNREACH] = "host unreachable",
		[HAVS_PROBE_E_NET_UNREACH] = "network unreachable",
		[HAVS_PROBE_E_TIMED_OUT] = "timed out",
		[HAVS_PROBE_E_CLOSED] = "connection closed",
		[HAVS_PROBE_E_NO_SOURCE] = "no source address",
		[HAVS_PROBE_E_NO_MEMORY] = "out of memory",
		[HAVS_PROBE_E_SOCKET] = "socket error",
		[HAVS_PROBE_E_NO_SOCKET] = "cannot create a socket",
		[HAVS_PROBE_E_SET_DOWN] = "set down from userspace",
		[HAVS_PROBE_E_HTTP_STATUS] = "status not accepted",
		[HAVS_PROBE_E_HTTP_BODY] = "body does not contain the expected text",
		[HAVS_PROBE_E_HTTP_TOO_BIG] = "reply larger than the probe reads",
		[HAVS_PROBE_E_HTTP_INCOMPLETE] = "incomplete reply",
		[HAVS_PROBE_E_HTTP_EMPTY] = "empty reply",
		[HAVS_PROBE_E_HTTP_TRUNCATED] = "truncated reply",
		[HAVS_PROBE_E_HTTP_STATUS_LINE] = "malformed status line",
		[HAVS_PROBE_E_HTTP_HEADER] = "malformed header line",
		[HAVS_PROBE_E_HTTP_CONTENT_LENGTH] = "malformed Content-Length",
		[HAVS_PROBE_E_HTTP_CL_CONFLICT] = "conflicting Content-Length",
		[HAVS_PROBE_E_HTTP_CHUNK] = "malformed chunk size",
		[HAVS_PROBE_E_HTTP_CHUNK_END] = "malformed chunk end",
		[HAVS_PROBE_E_HTTP_CR] = "CR not followed by LF",
		[HAVS_PROBE_E_HTTP_NUL] = "NUL byte in a header or chunk line",
		[HAVS_PROBE_E_HTTP_LINE] = "header line too long",
		[HAVS_PROBE_E_HTTP_CHUNK_LINE] = "chunk size line too long",
		[HAVS_PROBE_E_HTTP_HEADERS] = "too many headers",
		[HAVS_PROBE_E_CLOSED_EARLY] = "closed before the exchange ended",
		[HAVS_PROBE_E_DNS_MALFORMED] = "malformed DNS reply",
		[HAVS_PROBE_E_DNS_QUESTION] = "DNS reply to another question",
		[HAVS_PROBE_E_DNS_RCODE] = "DNS rcode not expected",
		[HAVS_PROBE_E_DNS_ANSWER] = "expected address not in the DNS answer",
		[HAVS_PROBE_E_DNS_TRUNCATED] = "truncated DNS reply (TC)",
		[HAVS_PROBE_E_TLS_ALERT] = "TLS alert",
		[HAVS_PROBE_E_TLS_NOT_TLS] = "not a TLS reply",
		[HAVS_PROBE_E_TLS_UNEXPECTED] = "TLS handshake without a ServerHello",
		[HAVS_PROBE_E_SMTP_BANNER] = "SMTP greeting not 220",
		[HAVS_PROBE_E_SMTP_HELO] = "SMTP EHLO and HELO refused",
		[HAVS_PROBE_E_SMTP_MALFORMED] = "malformed SMTP reply",
	};

	if (code == HAVS_PROBE_E_HTTP_STATUS && http_status)
		snprintf(buf, size, "status %u not accepted", http_status);
	else if (code == HAVS_PROBE_E_DNS_RCODE && reply_code >= 0)
		snprintf(buf, size, "DNS rcode %s not expected",
			 dns_rcode_name(buf2, sizeof(buf2), reply_code));
	else if (code == HAVS_PROBE_E_TLS_ALERT && reply_code >= 0)
		snprintf(buf, size, "TLS alert %d", reply_code);
	else if ((code == HAVS_PROBE_E_SMTP_BANNER ||
		  code == HAVS_PROBE_E_SMTP_HELO) && reply_code >= 0)
		snprintf(buf, size, "%s (%d)", text[code], reply_code);
	else if ((code == HAVS_PROBE_E_SOCKET || code == HAVS_PROBE_E_NO_SOCKET) &&
		 errnum)
		snprintf(buf, size, "%s: %s", text[code], strerror((int)errnum));
	else if (code < sizeof(text) / sizeof(text[0]) && text[code])
		snprintf(buf, size, "%s", text[code]);
	else
		snprintf(buf, size, "probe error %u", code);
}

void health_reason_text(char *buf, size_t size, unsigned int reason,
			unsigned int run, const char *check, const char *error)
{
	switch (reason) {
	case HAVS_HEALTH_R_PASSED:
		snprintf(buf, size, "%s probe passed %u in a row", check, run);
		break;
	case HAVS_HEALTH_R_FAILED:
		snprintf(buf, size, "%s; %u probes failed in a row", error, run);
		break;
	case HAVS_HEALTH_R_SET_UP:
		snprintf(buf, size, "set up from userspace");
		break;
	case HAVS_HEALTH_R_SET_DOWN:
		snprintf(buf, size, "set down from userspace");
		break;
	default:
		snprintf(buf, size, "reason %u", reason);
	}
}
