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

/* What ka_import() returns. */
enum {
	KA_OK = 0,		/* translated (with or without reports) */
	KA_UNREAD = 1,		/* the input could not be read or parsed */
	KA_NOTHING = 2,		/* no instance and no service translated */
};

/*
 * Translate @path (read from the file, or "-" for standard input) or, when
 * @buf is not NULL, the @len bytes of @buf, named @path in messages. Lines
 * starting @ID or @^ID are read as 'keepalived -i @config_id' would (NULL:
 * keepalived's default, the host name up to its first dot). The havs.conf
 * text goes to @out, the reports to @err, sorted by file and line:
 * "FILE:LINE: not translated: ..." for what havs.conf does not carry as
 * keepalived did, "FILE:LINE: note: ..." for what was translated as
 * keepalived reads it. Returns KA_OK; KA_UNREAD, with one message on @err
 * (FILE:LINE: ...) and nothing on @out; or KA_NOTHING, with the reports and
 * a last line "FILE: nothing translated: ..." on @err and nothing on @out.
 */
int ka_import(const char *path, const char *buf, size_t len,
	      unsigned int flags, const char *config_id, FILE *out, FILE *err);

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
