// SPDX-License-Identifier: GPL-2.0
/*
 * Command line helpers. Kept free of libnl so the host unit tests and the
 * fuzz targets link them on their own.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "havsadm.h"

/*
 * Find @word in @table: an exact name, or a prefix that matches exactly one
 * name (as iproute2 accepts "ip addr"). NULL when unknown or ambiguous.
 */
const struct cmd *cmd_lookup(const struct cmd *table, const char *word)
{
	const struct cmd *found = NULL;
	size_t len = strlen(word);

	if (!len)
		return NULL;
	for (const struct cmd *c = table; c->name; c++) {
		if (!strcmp(c->name, word))
			return c;
		if (!strncmp(c->name, word, len)) {
			if (found)
				return NULL;
			found = c;
		}
	}
	return found;
}

/*
 * Parse a decimal number in [min, max]. No sign, no spaces, no hex, no
 * trailing text. Returns 0, -EINVAL (not a number) or -ERANGE.
 */
int parse_uint(const char *s, unsigned long min, unsigned long max,
	       unsigned long *out)
{
	unsigned long v;
	char *end;

	if (!s || !isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

bool is_help_flag(const char *s)
{
	return !strcmp(s, "-h") || !strcmp(s, "--help") || !strcmp(s, "help");
}
