/* SPDX-License-Identifier: GPL-2.0 */
/*
 * havsadm import-keepalived: translate a keepalived.conf into havs.conf.
 * Free of libnl, so host tests and the fuzz target link it on their own.
 */
#ifndef HAVS_IMPORT_KEEPALIVED_H
#define HAVS_IMPORT_KEEPALIVED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "havsadm.h"

/* Do not follow include directives (report them): for in-memory input. */
#define KA_NO_INCLUDE	(1u << 0)

/*
 * Translate @path (read from the file, or "-" for standard input) or, when
 * @buf is not NULL, the @len bytes of @buf, named @path in messages. The
 * havs.conf text goes to @out, one line per directive that was not
 * translated to @err. Returns 0, or 1 when the input could not be read or
 * parsed (said on @err as FILE:LINE: ...).
 */
int ka_import(const char *path, const char *buf, size_t len,
	      unsigned int flags, FILE *out, FILE *err);

/*
 * The context of a havs.conf statement check: the service the sub-statements
 * (server, check) that follow belong to.
 */
struct ka_stmt_ctx {
	bool have_svc;
	struct svc_key svc;
};

/*
 * Would havsadm take this havs.conf statement (vrrp, track, service, or a
 * service's server or check)? The words are checked by the parsers of
 * havsadm (vrrp_conf_parse(), svc_key_parse(), check_conf_parse()) and the
 * rules of the commands they belong to. Returns 0, or -1 with @err set.
 */
int ka_statement_ok(struct ka_stmt_ctx *ctx, int argc, char **argv,
		    char *err, size_t errlen);

#endif /* HAVS_IMPORT_KEEPALIVED_H */
