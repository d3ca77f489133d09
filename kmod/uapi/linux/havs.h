/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * havs: generic netlink interface between havs.ko and userspace (havsadm).
 *
 * Family "havs", version HAVS_GENL_VERSION. Every command requires
 * CAP_NET_ADMIN in the user namespace that owns the caller's network
 * namespace, and acts on that network namespace only. Attributes are
 * validated strictly: unknown attributes, wrong lengths and out-of-range
 * values are rejected with an extended ACK message.
 */
#ifndef _UAPI_LINUX_HAVS_H
#define _UAPI_LINUX_HAVS_H

#define HAVS_GENL_NAME		"havs"
#define HAVS_GENL_VERSION	1

/* Multicast group carrying state-change events. */
#define HAVS_MCGRP_EVENTS	"events"

/**
 * enum havs_cmd - generic netlink commands
 * @HAVS_CMD_UNSPEC: reserved
 * @HAVS_CMD_GET_VERSION: reply carries %HAVS_A_VERSION, %HAVS_A_API,
 *	%HAVS_A_BUILT_FOR, %HAVS_A_KERNEL and %HAVS_A_NETNS_COOKIE.
 *	Takes no attributes.
 */
enum havs_cmd {
	HAVS_CMD_UNSPEC,
	HAVS_CMD_GET_VERSION,

	__HAVS_CMD_MAX,
};

#define HAVS_CMD_MAX (__HAVS_CMD_MAX - 1)

/**
 * enum havs_attr - top-level attributes
 * @HAVS_A_UNSPEC: reserved
 * @HAVS_A_VERSION: string, module version ("0.1.0")
 * @HAVS_A_API: u32, netlink API version (%HAVS_GENL_VERSION)
 * @HAVS_A_BUILT_FOR: string, kernel release the module was compiled against
 * @HAVS_A_KERNEL: string, kernel release that is running
 * @HAVS_A_NETNS_COOKIE: u64, cookie of the network namespace that answered
 *	(the same value as the SO_NETNS_COOKIE socket option)
 * @HAVS_A_PAD: padding for 64-bit attributes
 */
enum havs_attr {
	HAVS_A_UNSPEC,
	HAVS_A_VERSION,
	HAVS_A_API,
	HAVS_A_BUILT_FOR,
	HAVS_A_KERNEL,
	HAVS_A_NETNS_COOKIE,
	HAVS_A_PAD,

	__HAVS_A_MAX,
};

#define HAVS_A_MAX (__HAVS_A_MAX - 1)

#endif /* _UAPI_LINUX_HAVS_H */
