/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What havs's pure parsers (packet codecs, reply parsers) need, in the
 * kernel and in userspace alike, so the same .c files build into havs.ko
 * and into host-side fuzz targets and tests.
 */
#ifndef _HAVS_PORTABLE_H
#define _HAVS_PORTABLE_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/types.h>
#include <linux/string.h>
#include <linux/socket.h>
#else
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int16_t s16;
#endif

/* Big-endian loads and stores that need no alignment. */
static inline u16 havs_get_be16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static inline void havs_put_be16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

#endif /* _HAVS_PORTABLE_H */
