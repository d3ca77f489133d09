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
 * @HAVS_CMD_VRRP_NEW: create a VRRP instance from a %HAVS_A_VRRP nest
 *	(%HAVS_VRRP_A_IFINDEX, %HAVS_VRRP_A_VRID, %HAVS_VRRP_A_FAMILY,
 *	%HAVS_VRRP_A_VDEV and %HAVS_VRRP_A_VIPS required)
 * @HAVS_CMD_VRRP_DEL: delete the instance named by ifindex, VRID, family;
 *	a master first sends an advertisement with priority 0
 * @HAVS_CMD_VRRP_GET: one instance (doit) or all of the namespace (dump)
 * @HAVS_CMD_VRRP_EVENT: multicast on %HAVS_MCGRP_EVENTS when an
 *	instance changes state: the instance's identity, state, previous
 *	state and reason
 * @HAVS_CMD_TRACK_SET: create a tracked object, or set its state, from a
 *	%HAVS_A_TRACK nest (%HAVS_TRACK_A_NAME, %HAVS_TRACK_A_UP required);
 *	instances that track it adjust their priority at once
 * @HAVS_CMD_TRACK_DEL: delete a tracked object no instance uses
 * @HAVS_CMD_TRACK_GET: one tracked object (doit, by name) or all (dump)
 * @HAVS_CMD_VRRP_SET: change settings of the instance named by ifindex,
 *	VRID, family, in place and without a transition of its own:
 *	%HAVS_VRRP_A_PRIORITY, %HAVS_VRRP_A_INTERVAL, %HAVS_VRRP_A_PREEMPT,
 *	%HAVS_VRRP_A_PREEMPT_DELAY, %HAVS_VRRP_A_ACCEPT, %HAVS_VRRP_A_CSUM_V2.
 *	Anything else is refused; all or nothing is applied
 */
enum havs_cmd {
	HAVS_CMD_UNSPEC,
	HAVS_CMD_GET_VERSION,
	HAVS_CMD_VRRP_NEW,
	HAVS_CMD_VRRP_DEL,
	HAVS_CMD_VRRP_GET,
	HAVS_CMD_VRRP_EVENT,
	HAVS_CMD_TRACK_SET,
	HAVS_CMD_TRACK_DEL,
	HAVS_CMD_TRACK_GET,
	HAVS_CMD_VRRP_SET,

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
 * @HAVS_A_VRRP: nest, a VRRP instance (&enum havs_vrrp_attr)
 * @HAVS_A_TRACK: nest, a tracked object (&enum havs_track_attr)
 */
enum havs_attr {
	HAVS_A_UNSPEC,
	HAVS_A_VERSION,
	HAVS_A_API,
	HAVS_A_BUILT_FOR,
	HAVS_A_KERNEL,
	HAVS_A_NETNS_COOKIE,
	HAVS_A_PAD,
	HAVS_A_VRRP,
	HAVS_A_TRACK,

	__HAVS_A_MAX,
};

#define HAVS_A_MAX (__HAVS_A_MAX - 1)

#define HAVS_VRRP_MAX_VIPS	32	/* addresses per instance */
#define HAVS_VRRP_MAX_PEERS	16	/* unicast peers per instance */
#define HAVS_VRRP_MAX_TRACKS	16	/* tracked interfaces and objects */
#define HAVS_TRACK_NAME_LEN	32	/* object names, with the NUL */

/**
 * enum havs_track_attr - a tracked object (in %HAVS_A_TRACK), or one thing
 *	an instance tracks (in %HAVS_VRRP_A_TRACK)
 * @HAVS_TRACK_A_NAME: string, 1..31 bytes of [A-Za-z0-9_.:-]: an object
 * @HAVS_TRACK_A_UP: u8, 0 or 1: the object's state (read only in an
 *	instance, where it is the state last seen of the interface or object)
 * @HAVS_TRACK_A_USERS: u32, instances that track the object (read only)
 * @HAVS_TRACK_A_IFINDEX: u32, in an instance: an interface whose link
 *	state is tracked (up: running with carrier)
 * @HAVS_TRACK_A_WEIGHT: s32, -254..254, in an instance: 0 (default) puts
 *	the instance in FAULT while the interface or object is down; a
 *	negative weight lowers its priority by -weight while down; a positive
 *	one raises it by weight while up. The priority in effect stays within
 *	1..254; an address owner (255) keeps 255 but still faults
 */
enum havs_track_attr {
	HAVS_TRACK_A_UNSPEC,
	HAVS_TRACK_A_NAME,
	HAVS_TRACK_A_UP,
	HAVS_TRACK_A_USERS,
	HAVS_TRACK_A_IFINDEX,
	HAVS_TRACK_A_WEIGHT,

	__HAVS_TRACK_A_MAX,
};

#define HAVS_TRACK_A_MAX (__HAVS_TRACK_A_MAX - 1)

/**
 * enum havs_vrrp_attr - attributes of a VRRP instance (in %HAVS_A_VRRP)
 * @HAVS_VRRP_A_IFINDEX: u32, the interface the router runs on
 * @HAVS_VRRP_A_VRID: u8, virtual router id, 1..255
 * @HAVS_VRRP_A_FAMILY: u8, AF_INET or AF_INET6
 * @HAVS_VRRP_A_VDEV: u32, ifindex of the macvlan that holds the virtual
 *	MAC (00:00:5e:00:01:VRID for IPv4, 00:00:5e:00:02:VRID for IPv6) and
 *	the addresses (on @HAVS_VRRP_A_IFINDEX)
 * @HAVS_VRRP_A_VERSION: u8, 3 (default) or 2 (IPv4 only)
 * @HAVS_VRRP_A_PRIORITY: u8, 1..255 (default 100); 255 = address owner
 * @HAVS_VRRP_A_INTERVAL: u16, advertisement interval in centiseconds,
 *	1..4095 (default 100); v2: a multiple of 100
 * @HAVS_VRRP_A_PREEMPT: u8, 0 or 1 (default 1)
 * @HAVS_VRRP_A_PREEMPT_DELAY: u32, centiseconds, 0..360000 (default 0)
 * @HAVS_VRRP_A_CSUM_V2: u8, 1: VRRPv3 IPv4 checksum without the
 *	pseudo-header (keepalived's v3_checksum_as_v2), default 0
 * @HAVS_VRRP_A_VIPS: nest of %HAVS_VRRP_A_VIP, 1..%HAVS_VRRP_MAX_VIPS
 * @HAVS_VRRP_A_VIP: binary, 4 (AF_INET) or 16 (AF_INET6) bytes, an
 *	address of the router; for IPv6 the first one must be link-local
 * @HAVS_VRRP_A_STATE: u8, &enum havs_vrrp_state (read only)
 * @HAVS_VRRP_A_PREV_STATE: u8, state before the last transition (read only)
 * @HAVS_VRRP_A_REASON: string, why the last transition happened (read only)
 * @HAVS_VRRP_A_EFF_PRIORITY: u8, priority in effect (read only)
 * @HAVS_VRRP_A_MASTER_ADDR: binary, primary address of the current master
 *	(ours when master; absent when unknown) (read only)
 * @HAVS_VRRP_A_MASTER_INTERVAL: u16, the master's interval, cs (read only)
 * @HAVS_VRRP_A_STATS: nest of &enum havs_vrrp_stat, u64 each (read only)
 * @HAVS_VRRP_A_PAD: padding
 * @HAVS_VRRP_A_ACCEPT: u8, accept mode, 0 or 1 (default 1): as master,
 *	accept packets addressed to the addresses even when not their owner
 *	(priority 255). Off, a non-owner master only answers ARP and neighbour
 *	discovery for them (RFC 9568 6.1, Accept_Mode)
 * @HAVS_VRRP_A_PEERS: nest of %HAVS_VRRP_A_PEER, 0..%HAVS_VRRP_MAX_PEERS:
 *	unicast mode. Advertisements go to each peer (from the interface,
 *	through the routing table, TTL 255) instead of the multicast group, and
 *	only advertisements from a peer are accepted
 * @HAVS_VRRP_A_PEER: binary, 4 or 16 bytes (the instance's family), a peer
 * @HAVS_VRRP_A_TRACKS: nest of %HAVS_VRRP_A_TRACK, 0..%HAVS_VRRP_MAX_TRACKS:
 *	what the instance tracks
 * @HAVS_VRRP_A_TRACK: nest (&enum havs_track_attr): %HAVS_TRACK_A_IFINDEX
 *	or %HAVS_TRACK_A_NAME (an object; created, up, if it does not exist
 *	yet), and %HAVS_TRACK_A_WEIGHT
 * @HAVS_VRRP_A_SYNC_GROUP: string, 1..31 bytes of [A-Za-z0-9_.:-]: the
 *	sync group. Its members are master together: one in fault puts the
 *	others in fault; one that becomes master pulls the backups along
 *	(except a member that hears a higher-priority master); one that loses
 *	an election makes the masters step down (priority 0), and no member
 *	preempts while another hears a higher-priority master
 */
enum havs_vrrp_attr {
	HAVS_VRRP_A_UNSPEC,
	HAVS_VRRP_A_IFINDEX,
	HAVS_VRRP_A_VRID,
	HAVS_VRRP_A_FAMILY,
	HAVS_VRRP_A_VDEV,
	HAVS_VRRP_A_VERSION,
	HAVS_VRRP_A_PRIORITY,
	HAVS_VRRP_A_INTERVAL,
	HAVS_VRRP_A_PREEMPT,
	HAVS_VRRP_A_PREEMPT_DELAY,
	HAVS_VRRP_A_CSUM_V2,
	HAVS_VRRP_A_VIPS,
	HAVS_VRRP_A_VIP,
	HAVS_VRRP_A_STATE,
	HAVS_VRRP_A_PREV_STATE,
	HAVS_VRRP_A_REASON,
	HAVS_VRRP_A_EFF_PRIORITY,
	HAVS_VRRP_A_MASTER_ADDR,
	HAVS_VRRP_A_MASTER_INTERVAL,
	HAVS_VRRP_A_STATS,
	HAVS_VRRP_A_PAD,
	HAVS_VRRP_A_ACCEPT,
	HAVS_VRRP_A_PEERS,
	HAVS_VRRP_A_PEER,
	HAVS_VRRP_A_TRACKS,
	HAVS_VRRP_A_TRACK,
	HAVS_VRRP_A_SYNC_GROUP,

	__HAVS_VRRP_A_MAX,
};

#define HAVS_VRRP_A_MAX (__HAVS_VRRP_A_MAX - 1)

/* Instance states, as in RFC 9568 plus FAULT. */
enum havs_vrrp_state {
	HAVS_VRRP_INIT,
	HAVS_VRRP_BACKUP,
	HAVS_VRRP_MASTER,
	HAVS_VRRP_FAULT,
};

/**
 * enum havs_vrrp_stat - per-instance counters (u64, in %HAVS_VRRP_A_STATS)
 * @HAVS_VRRP_S_ADV_TX: advertisements sent
 * @HAVS_VRRP_S_ADV_RX: valid advertisements received
 * @HAVS_VRRP_S_TX_ERRORS: advertisements that could not be sent
 * @HAVS_VRRP_S_TRANSITIONS: state changes
 * @HAVS_VRRP_S_LAST_TRANSITION: CLOCK_REALTIME of the last change, ns
 * @HAVS_VRRP_S_DROP_TTL: dropped: TTL / hop limit not 255
 * @HAVS_VRRP_S_DROP_TRUNCATED: dropped: shorter than a VRRP header
 * @HAVS_VRRP_S_DROP_CARP: dropped: a BSD CARP packet
 * @HAVS_VRRP_S_DROP_VERSION: dropped: wrong version
 * @HAVS_VRRP_S_DROP_TYPE: dropped: not an advertisement
 * @HAVS_VRRP_S_DROP_LENGTH: dropped: address count disagrees with length
 * @HAVS_VRRP_S_DROP_CHECKSUM: dropped: bad checksum
 * @HAVS_VRRP_S_DROP_CSUM_VARIANT: dropped: checksum valid only in the
 *	other VRRPv3 IPv4 variant (see %HAVS_VRRP_A_CSUM_V2)
 * @HAVS_VRRP_S_DROP_INTERVAL: dropped: interval 0, or (v2) not ours
 * @HAVS_VRRP_S_DROP_AUTH: dropped: v2 authentication other than none
 * @HAVS_VRRP_S_DROP_LINKLOCAL: dropped: IPv6 advertisement whose first
 *	address is not link-local
 * @HAVS_VRRP_S_DROP_PEER: dropped: the instance has unicast peers and the
 *	sender is not one of them
 * @HAVS_VRRP_S_GATED: ARP requests, neighbour solicitations and packets
 *	for the addresses dropped because this router is not the master (or
 *	they came in on another interface than the macvlan), and packets the
 *	macvlan of an IPv6 backup would have sent
 * @HAVS_VRRP_S_GARP: gratuitous ARP requests (IPv4) or unsolicited
 *	neighbour advertisements (IPv6) sent
 * @HAVS_VRRP_S_PAD: padding
 */
enum havs_vrrp_stat {
	HAVS_VRRP_S_UNSPEC,
	HAVS_VRRP_S_ADV_TX,
	HAVS_VRRP_S_ADV_RX,
	HAVS_VRRP_S_TX_ERRORS,
	HAVS_VRRP_S_TRANSITIONS,
	HAVS_VRRP_S_LAST_TRANSITION,
	HAVS_VRRP_S_DROP_TTL,
	HAVS_VRRP_S_DROP_TRUNCATED,
	HAVS_VRRP_S_DROP_CARP,
	HAVS_VRRP_S_DROP_VERSION,
	HAVS_VRRP_S_DROP_TYPE,
	HAVS_VRRP_S_DROP_LENGTH,
	HAVS_VRRP_S_DROP_CHECKSUM,
	HAVS_VRRP_S_DROP_CSUM_VARIANT,
	HAVS_VRRP_S_DROP_INTERVAL,
	HAVS_VRRP_S_DROP_AUTH,
	HAVS_VRRP_S_DROP_LINKLOCAL,
	HAVS_VRRP_S_DROP_PEER,
	HAVS_VRRP_S_GATED,
	HAVS_VRRP_S_GARP,
	HAVS_VRRP_S_PAD,

	__HAVS_VRRP_S_MAX,
};

#define HAVS_VRRP_S_MAX (__HAVS_VRRP_S_MAX - 1)

#endif /* _UAPI_LINUX_HAVS_H */
