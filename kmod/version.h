/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place the havs version is written. The module, havsadm and the
 * packaging (dkms.conf is checked against it by `make check`) all use it.
 */
#ifndef _HAVS_VERSION_H
#define _HAVS_VERSION_H

#define HAVS_VERSION "0.1.0"

#endif /* _HAVS_VERSION_H */
