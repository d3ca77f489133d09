/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * havs: generic netlink interface between havs.ko and userspace (havsadm).
 *
 * Family "havs", version HAVS_GENL_VERSION. Every command requires
 * CAP_NET_ADMIN in the user namespace that owns the caller's network
 * namespace, and acts on that network namespace only. Attributes are
 * validated strictly: unknown attributes, wrong lengths and out-of-range
 * values are rejected with an extended ACK message.
 *
 * Conventions: an address family is a u16 (AF_INET, AF_INET6) and a
 * protocol a u16, as in IPVS's family; ports are in network byte order
 * (a u16 holding a be16); an address comes in the attribute of its family
 * (..._ADDR4: a u32 holding a be32, ..._ADDR6: 16 bytes), so a policy
 * dump describes it exactly;
 * times of events are CLOCK_BOOTTIME in nanoseconds (they do not jump
 * when the wall clock is set); why something changed is an enum, its
 * words are havsadm's and dmesg's. Dumps set NLM_F_DUMP_INTR on a message
 * when the set being dumped changed since the dump began.
 */
#ifndef _UAPI_LINUX_HAVS_H
#define _UAPI_LINUX_HAVS_H

#define HAVS_GENL_NAME		"havs"
#define HAVS_GENL_VERSION	2

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
 * @HAVS_CMD_VRRP_NTF: multicast on %HAVS_MCGRP_EVENTS when an
 *	instance changes state: as a VRRP_GET reply, with the state, previous
 *	state and reason (&enum havs_vrrp_reason)
 * @HAVS_CMD_TRACK_SET: create a tracked object, or set its state, from a
 *	%HAVS_A_TRACK nest (%HAVS_TRACK_A_NAME, %HAVS_TRACK_A_UP required);
 *	instances that track it adjust their priority at once
 * @HAVS_CMD_TRACK_DEL: delete a tracked object no instance uses
 * @HAVS_CMD_TRACK_GET: one tracked object (doit, by name) or all (dump)
 * @HAVS_CMD_VRRP_SET: change settings of the instance named by ifindex,
 *	VRID, family, in place and without a transition of its own:
 *	%HAVS_VRRP_A_PRIORITY, %HAVS_VRRP_A_INTERVAL, %HAVS_VRRP_A_PREEMPT,
 *	%HAVS_VRRP_A_PREEMPT_DELAY, %HAVS_VRRP_A_ACCEPT, %HAVS_VRRP_A_CSUM_NO_PSEUDO,
 *	%HAVS_VRRP_A_CONN_SYNC. Anything else is refused; all or nothing is
 *	applied.
 * @HAVS_CMD_CHECK_SET: set the probe settings (%HAVS_A_CHECK) and service
 *	options of the service %HAVS_A_SERVICE, replacing earlier ones; its
 *	servers are probed with them from now on if it uses a havs scheduler
 * @HAVS_CMD_CHECK_DEL: forget a service's settings (back to the defaults)
 * @HAVS_CMD_CHECK_GET: every service's settings (dump)
 * @HAVS_CMD_SERVER_GET: every real server of every service that uses a
 *	havs scheduler, with its health (dump; %HAVS_A_SERVICE + %HAVS_A_SERVER)
 * @HAVS_CMD_SERVER_SET: set the health (%HAVS_SERVER_A_UP) of a server
 *	whose check is of type external
 * @HAVS_CMD_SERVER_NTF: a server's health changed (multicast on
 *	%HAVS_MCGRP_EVENTS; as a SERVER_GET reply, plus %HAVS_SERVER_A_REASON
 *	and %HAVS_SERVER_A_RUN)
 * @HAVS_CMD_STATS_GET: the namespace's counters (%HAVS_A_STATS): what no
 *	single instance or server accounts for
 * @HAVS_CMD_TRACK_NTF: a tracked object changed state (multicast on
 *	%HAVS_MCGRP_EVENTS; as a TRACK_GET reply, with %HAVS_TRACK_A_REASON)
 * @HAVS_CMD_ANNOUNCE_NEW: make a device of link kind "havs"
 *	(%HAVS_ANNOUNCE_A_IFINDEX) an announcement from a %HAVS_A_ANNOUNCE
 *	nest: its VIPs, the tracked objects (which must exist) and drain; its
 *	carrier is on while every object is up and it is not drained
 * @HAVS_CMD_ANNOUNCE_SET: change an announcement's VIPs, tracked objects or
 *	drain (each given attribute replaces the old value; all or nothing)
 * @HAVS_CMD_ANNOUNCE_DEL: the device is no announcement any more (carrier
 *	off); the device itself stays until deleted
 * @HAVS_CMD_ANNOUNCE_GET: one announcement (doit, by ifindex) or all (dump)
 * @HAVS_CMD_ANNOUNCE_NTF: an announcement's carrier changed (multicast on
 *	%HAVS_MCGRP_EVENTS; as an ANNOUNCE_GET reply, with
 *	%HAVS_ANNOUNCE_A_REASON and, when an object caused it,
 *	%HAVS_ANNOUNCE_A_CAUSE)
 */
enum havs_cmd {
	HAVS_CMD_UNSPEC,
	HAVS_CMD_GET_VERSION,
	HAVS_CMD_VRRP_NEW,
	HAVS_CMD_VRRP_DEL,
	HAVS_CMD_VRRP_GET,
	HAVS_CMD_VRRP_NTF,
	HAVS_CMD_TRACK_SET,
	HAVS_CMD_TRACK_DEL,
	HAVS_CMD_TRACK_GET,
	HAVS_CMD_VRRP_SET,
	HAVS_CMD_CHECK_SET,
	HAVS_CMD_CHECK_DEL,
	HAVS_CMD_CHECK_GET,
	HAVS_CMD_SERVER_GET,
	HAVS_CMD_SERVER_SET,
	HAVS_CMD_SERVER_NTF,
	HAVS_CMD_STATS_GET,
	HAVS_CMD_TRACK_NTF,
	HAVS_CMD_ANNOUNCE_NEW,
	HAVS_CMD_ANNOUNCE_SET,
	HAVS_CMD_ANNOUNCE_DEL,
	HAVS_CMD_ANNOUNCE_GET,
	HAVS_CMD_ANNOUNCE_NTF,

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
 * @HAVS_A_SERVICE: nest, an IPVS service (&enum havs_svc_attr)
 * @HAVS_A_CHECK: nest, probe settings (&enum havs_check_attr)
 * @HAVS_A_SERVER: nest, a real server (&enum havs_server_attr)
 * @HAVS_A_STATS: nest, counters of the namespace (&enum havs_stat; read only)
 * @HAVS_A_ANNOUNCE: nest, an announcement (&enum havs_announce_attr)
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
	HAVS_A_SERVICE,
	HAVS_A_CHECK,
	HAVS_A_SERVER,
	HAVS_A_STATS,
	HAVS_A_ANNOUNCE,

	__HAVS_A_MAX,
};

#define HAVS_A_MAX (__HAVS_A_MAX - 1)

/**
 * enum havs_stat - counters of a network namespace (u64, in %HAVS_A_STATS)
 * @HAVS_STAT_UNSPEC: reserved
 * @HAVS_STAT_VRRP_SHORT: protocol 112 packets too short to name an
 *	instance (under 8 bytes), dropped
 * @HAVS_STAT_VRRP_NO_INSTANCE: protocol 112 packets naming no instance
 *	of this namespace (interface, VRID and address family), dropped;
 *	every other VRRP packet is counted by its instance
 * @HAVS_STAT_PROBE_TARGETS: servers probed now (a gauge, at most the
 *	max_probed module parameter)
 * @HAVS_STAT_PAD: padding
 */
enum havs_stat {
	HAVS_STAT_UNSPEC,
	HAVS_STAT_VRRP_SHORT,
	HAVS_STAT_VRRP_NO_INSTANCE,
	HAVS_STAT_PROBE_TARGETS,
	HAVS_STAT_PAD,

	__HAVS_STAT_MAX,
};

#define HAVS_STAT_MAX (__HAVS_STAT_MAX - 1)

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
 * @HAVS_TRACK_A_PINNED: u8, read only: 1 when the object was created or
 *	set over netlink (or by a service's check) and so stays when no
 *	instance tracks it; 0 when it exists only because instances name it
 * @HAVS_TRACK_A_LEASE: u32, milliseconds, 0 or 100..86400000: in
 *	%HAVS_CMD_TRACK_SET, the object must be set again within this time or
 *	it goes down by itself (its fail-safe state) and the lease ends; 0 or
 *	absent ends a lease. In replies: the lease running, if any
 * @HAVS_TRACK_A_LEASE_LEFT: u32, read only: milliseconds left of the lease
 * @HAVS_TRACK_A_REASON: u8, read only: why the object last changed state
 *	(&enum havs_track_reason)
 */
enum havs_track_attr {
	HAVS_TRACK_A_UNSPEC,
	HAVS_TRACK_A_NAME,
	HAVS_TRACK_A_UP,
	HAVS_TRACK_A_USERS,
	HAVS_TRACK_A_IFINDEX,
	HAVS_TRACK_A_WEIGHT,
	HAVS_TRACK_A_PINNED,
	HAVS_TRACK_A_LEASE,
	HAVS_TRACK_A_LEASE_LEFT,
	HAVS_TRACK_A_REASON,

	__HAVS_TRACK_A_MAX,
};

#define HAVS_TRACK_A_MAX (__HAVS_TRACK_A_MAX - 1)
#define HAVS_TRACK_LEASE_MIN_MS	100
#define HAVS_TRACK_LEASE_MAX_MS	86400000

/**
 * enum havs_track_reason - why a tracked object last changed state
 *	(%HAVS_TRACK_A_REASON)
 * @HAVS_TRACK_R_UNSPEC: reserved
 * @HAVS_TRACK_R_CREATED: created up by an instance that tracks it
 * @HAVS_TRACK_R_SET: set from userspace (%HAVS_CMD_TRACK_SET)
 * @HAVS_TRACK_R_SERVICE: set by a service's health (%HAVS_SVC_A_TRACK)
 * @HAVS_TRACK_R_LEASE: its lease ran out: nobody set it in time
 */
enum havs_track_reason {
	HAVS_TRACK_R_UNSPEC,
	HAVS_TRACK_R_CREATED,
	HAVS_TRACK_R_SET,
	HAVS_TRACK_R_SERVICE,
	HAVS_TRACK_R_LEASE,

	__HAVS_TRACK_R_MAX,
};

/**
 * enum havs_vrrp_attr - attributes of a VRRP instance (in %HAVS_A_VRRP)
 * @HAVS_VRRP_A_IFINDEX: u32, the interface the router runs on
 * @HAVS_VRRP_A_VRID: u8, virtual router id, 1..255
 * @HAVS_VRRP_A_FAMILY: u16, AF_INET or AF_INET6
 * @HAVS_VRRP_A_VDEV: u32, ifindex of the macvlan that holds the virtual
 *	MAC (00:00:5e:00:01:VRID for IPv4, 00:00:5e:00:02:VRID for IPv6) and
 *	the addresses (on @HAVS_VRRP_A_IFINDEX)
 * @HAVS_VRRP_A_VERSION: u8, 3 (default) or 2 (IPv4 only)
 * @HAVS_VRRP_A_PRIORITY: u8, 1..255 (default 100); 255 = address owner
 * @HAVS_VRRP_A_INTERVAL: u16, advertisement interval in centiseconds,
 *	1..4095 (default 100); v2: a multiple of 100
 * @HAVS_VRRP_A_PREEMPT: u8, 0 or 1 (default 1)
 * @HAVS_VRRP_A_PREEMPT_DELAY: u32, centiseconds, 0..360000 (default 0)
 * @HAVS_VRRP_A_CSUM_NO_PSEUDO: u8, 1: the checksum of VRRPv3 over IPv4
 *	leaves out the pseudo-header, as VRRPv2's does (keepalived's
 *	v3_checksum_as_v2), default 0
 * @HAVS_VRRP_A_VIPS: nest of %HAVS_VRRP_A_VIP4 (an IPv4 instance) or
 *	%HAVS_VRRP_A_VIP6 (IPv6), 1..%HAVS_VRRP_MAX_VIPS, in order
 * @HAVS_VRRP_A_VIP4: be32, an IPv4 address of the router
 * @HAVS_VRRP_A_STATE: u8, &enum havs_vrrp_state (read only)
 * @HAVS_VRRP_A_PREV_STATE: u8, state before the last transition (read only)
 * @HAVS_VRRP_A_REASON: u8, &enum havs_vrrp_reason: why the last
 *	transition happened (read only)
 * @HAVS_VRRP_A_EFF_PRIORITY: u8, priority in effect (read only)
 * @HAVS_VRRP_A_MASTER_ADDR4: be32, primary address of the current master
 *	of an IPv4 instance (ours when master; absent when unknown) (read only)
 * @HAVS_VRRP_A_MASTER_INTERVAL: u16, the master's interval, cs (read only)
 * @HAVS_VRRP_A_STATS: nest of &enum havs_vrrp_stat, u64 each (read only)
 * @HAVS_VRRP_A_PAD: padding
 * @HAVS_VRRP_A_ACCEPT: u8, accept mode, 0 or 1 (default 1): as master,
 *	accept packets addressed to the addresses even when not their owner
 *	(priority 255). Off, a non-owner master only answers ARP and neighbour
 *	discovery for them (RFC 9568 6.1, Accept_Mode)
 * @HAVS_VRRP_A_PEERS: nest of %HAVS_VRRP_A_PEER4 or %HAVS_VRRP_A_PEER6 (the
 *	instance's family), 0..%HAVS_VRRP_MAX_PEERS:
 *	unicast mode. Advertisements go to each peer (from the interface,
 *	through the routing table, TTL 255) instead of the multicast group, and
 *	only advertisements from a peer are accepted
 * @HAVS_VRRP_A_PEER4: be32, a peer of an IPv4 instance
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
 * @HAVS_VRRP_A_VIP6: binary, 16 bytes, an IPv6 address of the router; the
 *	first one must be link-local
 * @HAVS_VRRP_A_MASTER_ADDR6: binary, 16 bytes, as %HAVS_VRRP_A_MASTER_ADDR4
 *	for an IPv6 instance (its link-local address) (read only)
 * @HAVS_VRRP_A_PEER6: binary, 16 bytes, a peer of an IPv6 instance
 * @HAVS_VRRP_A_CONN_SYNC: u8, &enum havs_vrrp_conn_sync (default 0): IPVS
 *	connection sync follows this instance. The module only keeps it, so
 *	that havsadm (which starts IPVS's sync daemons) stays stateless
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
	HAVS_VRRP_A_CSUM_NO_PSEUDO,
	HAVS_VRRP_A_VIPS,
	HAVS_VRRP_A_VIP4,
	HAVS_VRRP_A_STATE,
	HAVS_VRRP_A_PREV_STATE,
	HAVS_VRRP_A_REASON,
	HAVS_VRRP_A_EFF_PRIORITY,
	HAVS_VRRP_A_MASTER_ADDR4,
	HAVS_VRRP_A_MASTER_INTERVAL,
	HAVS_VRRP_A_STATS,
	HAVS_VRRP_A_PAD,
	HAVS_VRRP_A_ACCEPT,
	HAVS_VRRP_A_PEERS,
	HAVS_VRRP_A_PEER4,
	HAVS_VRRP_A_TRACKS,
	HAVS_VRRP_A_TRACK,
	HAVS_VRRP_A_SYNC_GROUP,
	HAVS_VRRP_A_VIP6,
	HAVS_VRRP_A_MASTER_ADDR6,
	HAVS_VRRP_A_PEER6,
	HAVS_VRRP_A_CONN_SYNC,

	__HAVS_VRRP_A_MAX,
};

#define HAVS_VRRP_A_MAX (__HAVS_VRRP_A_MAX - 1)

/**
 * enum havs_vrrp_conn_sync - how IPVS connection sync follows an instance
 * @HAVS_VRRP_SYNC_NONE: it does not
 * @HAVS_VRRP_SYNC_ON: it does; the preempt delay is the operator's
 * @HAVS_VRRP_SYNC_DERIVED: it does; havsadm derived the preempt delay from
 *	the sync settings (failback waits for the connections)
 */
enum havs_vrrp_conn_sync {
	HAVS_VRRP_SYNC_NONE,
	HAVS_VRRP_SYNC_ON,
	HAVS_VRRP_SYNC_DERIVED,
};

/* Instance states, as in RFC 9568 plus FAULT. */
enum havs_vrrp_state {
	HAVS_VRRP_INIT,
	HAVS_VRRP_BACKUP,
	HAVS_VRRP_MASTER,
	HAVS_VRRP_FAULT,
};

/**
 * enum havs_vrrp_reason - why an instance changed state (%HAVS_VRRP_A_REASON)
 * @HAVS_VRRP_R_NONE: no transition yet
 * @HAVS_VRRP_R_STARTUP: the instance started
 * @HAVS_VRRP_R_OWNER: it owns the addresses (priority 255)
 * @HAVS_VRRP_R_MASTER_DOWN: its Master_Down_Timer expired
 * @HAVS_VRRP_R_PRIO0: the master sent priority 0
 * @HAVS_VRRP_R_HIGHER_PRIO: an advertisement with a higher priority
 * @HAVS_VRRP_R_HIGHER_ADDR: one with the same priority from a higher address
 * @HAVS_VRRP_R_SHUTDOWN: the instance stopped
 * @HAVS_VRRP_R_FAULT: a tracked interface or object went down, or its link
 * @HAVS_VRRP_R_RECOVERED: the fault cleared
 * @HAVS_VRRP_R_SYNC_MASTER: a member of its sync group became master
 * @HAVS_VRRP_R_SYNC_BACKUP: a member of its sync group lost an election
 * @HAVS_VRRP_R_SYNC_FAULT: a member of its sync group is in fault
 */
enum havs_vrrp_reason {
	HAVS_VRRP_R_NONE,
	HAVS_VRRP_R_STARTUP,
	HAVS_VRRP_R_OWNER,
	HAVS_VRRP_R_MASTER_DOWN,
	HAVS_VRRP_R_PRIO0,
	HAVS_VRRP_R_HIGHER_PRIO,
	HAVS_VRRP_R_HIGHER_ADDR,
	HAVS_VRRP_R_SHUTDOWN,
	HAVS_VRRP_R_FAULT,
	HAVS_VRRP_R_RECOVERED,
	HAVS_VRRP_R_SYNC_MASTER,
	HAVS_VRRP_R_SYNC_BACKUP,
	HAVS_VRRP_R_SYNC_FAULT,

	__HAVS_VRRP_R_MAX,
};

/**
 * enum havs_vrrp_stat - per-instance counters (u64, in %HAVS_VRRP_A_STATS)
 * @HAVS_VRRP_S_ADV_TX: advertisements sent
 * @HAVS_VRRP_S_ADV_RX: valid advertisements received
 * @HAVS_VRRP_S_TX_ERRORS: advertisements that could not be sent
 * @HAVS_VRRP_S_TRANSITIONS: state changes
 * @HAVS_VRRP_S_LAST_TRANSITION: CLOCK_BOOTTIME of the last change, ns
 * @HAVS_VRRP_S_DROP_TTL: dropped: TTL / hop limit not 255
 * @HAVS_VRRP_S_DROP_TRUNCATED: dropped: shorter than a VRRP header
 * @HAVS_VRRP_S_DROP_CARP: dropped: a BSD CARP packet
 * @HAVS_VRRP_S_DROP_VERSION: dropped: wrong version
 * @HAVS_VRRP_S_DROP_TYPE: dropped: not an advertisement
 * @HAVS_VRRP_S_DROP_LENGTH: dropped: address count disagrees with length
 * @HAVS_VRRP_S_DROP_CHECKSUM: dropped: bad checksum
 * @HAVS_VRRP_S_DROP_CSUM_VARIANT: dropped: checksum valid only in the
 *	other VRRPv3 IPv4 variant (see %HAVS_VRRP_A_CSUM_NO_PSEUDO)
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

/**
 * enum havs_svc_attr - an IPVS service (nested in %HAVS_A_SERVICE)
 * @HAVS_SVC_A_AF: u16, AF_INET or AF_INET6
 * @HAVS_SVC_A_PROTOCOL: u16, IPPROTO_TCP, IPPROTO_UDP or IPPROTO_SCTP
 * @HAVS_SVC_A_ADDR4: be32, the virtual address of an IPv4 service
 * @HAVS_SVC_A_PORT: be16, the virtual port
 * @HAVS_SVC_A_FWMARK: u32, a firewall-mark service instead of
 *	protocol/address/port
 * @HAVS_SVC_A_SCHED: string, the scheduler (replies only)
 * @HAVS_SVC_A_SLOW_START: u32, ms over which a recovered server's weight
 *	ramps up (0: at once)
 * @HAVS_SVC_A_TRACK: string, a tracked object (&enum havs_track_attr) the
 *	service drives: up while at least %HAVS_SVC_A_TRACK_MIN of its real
 *	servers are up, down otherwise (VRRP instances that track it follow)
 * @HAVS_SVC_A_TRACK_MIN: u32, 1..65535 (default 1)
 * @HAVS_SVC_A_SORRY_ADDR4: be32, a real server of an IPv4 service chosen
 *	only when no other server is up
 * @HAVS_SVC_A_SORRY_PORT: be16, its port
 * @HAVS_SVC_A_EXPIRE: u8, 1: a packet of a connection to a server that is
 *	down expires the connection and is dropped (the client's next packet
 *	gets a reset), as IPVS's expire_nodest_conn does for deleted servers;
 *	0 (default): connections to a server that went down are kept
 * @HAVS_SVC_A_ADDR6: binary, 16 bytes, the virtual address of an IPv6
 *	service
 * @HAVS_SVC_A_SORRY_ADDR6: binary, 16 bytes, the sorry server of an IPv6
 *	service
 * @HAVS_SVC_A_DIGEST: u64, replies only (%HAVS_CMD_SERVER_GET), services on
 *	havs_mh and havs_sh: a digest of what picks a flow's server (mh: the
 *	table in use; sh: the servers that can take traffic and their weights),
 *	computed from the servers' addresses, ports and weights only: directors
 *	with equal digests send every flow to the same server
 * @HAVS_SVC_A_PAD: padding for 64-bit attributes
 */
enum havs_svc_attr {
	HAVS_SVC_A_UNSPEC,
	HAVS_SVC_A_AF,
	HAVS_SVC_A_PROTOCOL,
	HAVS_SVC_A_ADDR4,
	HAVS_SVC_A_PORT,
	HAVS_SVC_A_FWMARK,
	HAVS_SVC_A_SCHED,
	HAVS_SVC_A_SLOW_START,
	HAVS_SVC_A_TRACK,
	HAVS_SVC_A_TRACK_MIN,
	HAVS_SVC_A_SORRY_ADDR4,
	HAVS_SVC_A_SORRY_PORT,
	HAVS_SVC_A_EXPIRE,
	HAVS_SVC_A_ADDR6,
	HAVS_SVC_A_SORRY_ADDR6,
	HAVS_SVC_A_DIGEST,
	HAVS_SVC_A_PAD,

	__HAVS_SVC_A_MAX,
};

#define HAVS_SVC_A_MAX (__HAVS_SVC_A_MAX - 1)

/* Probe types. */
enum havs_check_type {
	HAVS_CHECK_TCP,		/* TCP connect */
	HAVS_CHECK_HTTP,	/* HTTP/1.1 GET */
	HAVS_CHECK_UDP,		/* a datagram; a reply means up */
	HAVS_CHECK_EXTERNAL,	/* set by userspace (HAVS_CMD_SERVER_SET) */
	HAVS_CHECK_DNS,		/* a DNS query over UDP; a matching answer */
	HAVS_CHECK_TLS,		/* a TLS ClientHello; a ServerHello means up */
	HAVS_CHECK_SMTP,	/* banner 220, EHLO (or HELO) 250, QUIT */

	__HAVS_CHECK_TYPE_MAX,
};

#define HAVS_CHECK_PATH_LEN	256	/* HTTP path, with the NUL */
#define HAVS_CHECK_HOST_LEN	256	/* HTTP Host header, with the NUL */
#define HAVS_CHECK_CODES_LEN	64	/* status code spec, with the NUL */
#define HAVS_CHECK_BODY_LEN	128	/* expected body substring */
#define HAVS_CHECK_PAYLOAD_LEN	512	/* UDP payload */
#define HAVS_CHECK_NAME_LEN	256	/* DNS name, SNI, HELO name, with the NUL */

/**
 * enum havs_check_attr - probe settings (nested in %HAVS_A_CHECK); a
 *	missing attribute takes its default
 * @HAVS_CHECK_A_TYPE: u8, enum havs_check_type (default TCP)
 * @HAVS_CHECK_A_PORT: be16, port probed; 0 (default): the server's port
 * @HAVS_CHECK_A_INTERVAL: u32, ms between probes, 100..3600000 (5000)
 * @HAVS_CHECK_A_TIMEOUT: u32, ms a probe may take, 10..600000 (2000)
 * @HAVS_CHECK_A_RETRY: u32, ms before the next probe after a failure
 *	while the server is still up, 10..3600000 (1000)
 * @HAVS_CHECK_A_RISE: u8, successes in a row that bring a server up (2)
 * @HAVS_CHECK_A_FALL: u8, failures in a row that bring it down (3)
 * @HAVS_CHECK_A_INITIAL_UP: u8, 1 (default): up until proven down
 * @HAVS_CHECK_A_HTTP_PATH: string, the path to GET ("/")
 * @HAVS_CHECK_A_HTTP_HOST: string, Host header (the server's address)
 * @HAVS_CHECK_A_HTTP_CODES: string, accepted status codes ("200-299")
 * @HAVS_CHECK_A_HTTP_BODY: binary, a substring the body must contain
 * @HAVS_CHECK_A_UDP_PAYLOAD: binary, the datagram sent (empty: none)
 * @HAVS_CHECK_A_DNS_NAME: string, the name asked for (dns; required)
 * @HAVS_CHECK_A_DNS_QTYPE: u16, the query type, 1..65535 (1, A)
 * @HAVS_CHECK_A_DNS_RCODE: u8, the rcode a good reply has, 0..15 (0,
 *	NOERROR)
 * @HAVS_CHECK_A_DNS_ANSWER4: be32, an address an A record of the answer
 *	must have (dns, IPv4 answer; none: the rcode decides)
 * @HAVS_CHECK_A_DNS_ANSWER6: binary, 16 bytes, the same for an AAAA record
 * @HAVS_CHECK_A_TLS_SNI: string, the server name sent in the ClientHello
 *	(tls; none: no server_name extension)
 * @HAVS_CHECK_A_SMTP_HELO: string, the name given with EHLO/HELO (smtp;
 *	"localhost")
 */
enum havs_check_attr {
	HAVS_CHECK_A_UNSPEC,
	HAVS_CHECK_A_TYPE,
	HAVS_CHECK_A_PORT,
	HAVS_CHECK_A_INTERVAL,
	HAVS_CHECK_A_TIMEOUT,
	HAVS_CHECK_A_RETRY,
	HAVS_CHECK_A_RISE,
	HAVS_CHECK_A_FALL,
	HAVS_CHECK_A_INITIAL_UP,
	HAVS_CHECK_A_HTTP_PATH,
	HAVS_CHECK_A_HTTP_HOST,
	HAVS_CHECK_A_HTTP_CODES,
	HAVS_CHECK_A_HTTP_BODY,
	HAVS_CHECK_A_UDP_PAYLOAD,
	HAVS_CHECK_A_DNS_NAME,
	HAVS_CHECK_A_DNS_QTYPE,
	HAVS_CHECK_A_DNS_RCODE,
	HAVS_CHECK_A_DNS_ANSWER4,
	HAVS_CHECK_A_DNS_ANSWER6,
	HAVS_CHECK_A_TLS_SNI,
	HAVS_CHECK_A_SMTP_HELO,

	__HAVS_CHECK_A_MAX,
};

#define HAVS_CHECK_A_MAX (__HAVS_CHECK_A_MAX - 1)

/*
 * Upper bounds, inclusive, in microseconds, of the buckets of the
 * round-trip-time histogram of good probes (%HAVS_SERVER_A_RTT_HIST): a
 * probe of t us counts in the first bucket whose bound is >= t, or in the
 * extra last bucket (+Inf) when t is above them all. Part of the ABI: the
 * bounds and their number do not change within %HAVS_GENL_VERSION.
 * 100 us to 10 s; probes may take up to the check's timeout (at most 600 s).
 * Usable as an initializer: static const __u32 b[] = HAVS_RTT_BUCKETS_US;
 */
#define HAVS_RTT_BUCKETS_US {						\
	100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000,	\
	250000, 500000, 1000000, 2500000, 5000000, 10000000 }
#define HAVS_RTT_NBUCKETS	16	/* bounds in HAVS_RTT_BUCKETS_US */

/**
 * enum havs_health_reason - why a server's health changed
 *	(%HAVS_SERVER_A_REASON, in %HAVS_CMD_SERVER_NTF)
 * @HAVS_HEALTH_R_UNSPEC: reserved
 * @HAVS_HEALTH_R_PASSED: probes passed, %HAVS_SERVER_A_RUN in a row (the
 *	check's rise)
 * @HAVS_HEALTH_R_FAILED: probes failed, %HAVS_SERVER_A_RUN in a row (the
 *	check's fall); the last one's error is %HAVS_SERVER_A_PROBE_ERROR
 * @HAVS_HEALTH_R_SET_UP: set up from userspace (a check of type external)
 * @HAVS_HEALTH_R_SET_DOWN: set down from userspace
 */
enum havs_health_reason {
	HAVS_HEALTH_R_UNSPEC,
	HAVS_HEALTH_R_PASSED,
	HAVS_HEALTH_R_FAILED,
	HAVS_HEALTH_R_SET_UP,
	HAVS_HEALTH_R_SET_DOWN,

	__HAVS_HEALTH_R_MAX,
};

/**
 * enum havs_probe_error - why a probe failed (%HAVS_SERVER_A_PROBE_ERROR)
 * @HAVS_PROBE_E_NONE: none (no probe failed yet)
 * @HAVS_PROBE_E_CONNECT_TIMEOUT: the connection was not up in time
 * @HAVS_PROBE_E_REPLY_TIMEOUT: no (whole) reply in time
 * @HAVS_PROBE_E_REFUSED: connection refused (TCP reset, ICMP port
 *	unreachable)
 * @HAVS_PROBE_E_RESET: connection reset
 * @HAVS_PROBE_E_HOST_UNREACH: host unreachable
 * @HAVS_PROBE_E_NET_UNREACH: network unreachable
 * @HAVS_PROBE_E_TIMED_OUT: the connection timed out (ETIMEDOUT)
 * @HAVS_PROBE_E_CLOSED: the server closed the connection before the request
 * @HAVS_PROBE_E_NO_SOURCE: no source address to reach the server
 * @HAVS_PROBE_E_NO_MEMORY: out of memory on the director
 * @HAVS_PROBE_E_SOCKET: another socket error, %HAVS_SERVER_A_ERRNO
 * @HAVS_PROBE_E_NO_SOCKET: no socket could be created (%HAVS_SERVER_A_ERRNO)
 * @HAVS_PROBE_E_SET_DOWN: set down from userspace (checks of type external)
 * @HAVS_PROBE_E_HTTP_STATUS: the status (%HAVS_SERVER_A_HTTP_STATUS) is not
 *	one of the accepted codes
 * @HAVS_PROBE_E_HTTP_BODY: the body does not contain the expected bytes
 * @HAVS_PROBE_E_HTTP_TOO_BIG: the reply is larger than the parser takes
 * @HAVS_PROBE_E_HTTP_INCOMPLETE: the reply ended early (no verdict)
 * @HAVS_PROBE_E_HTTP_EMPTY: the server closed without a byte of reply
 * @HAVS_PROBE_E_HTTP_TRUNCATED: the server closed within the reply
 * @HAVS_PROBE_E_HTTP_STATUS_LINE: malformed status line
 * @HAVS_PROBE_E_HTTP_HEADER: malformed header line
 * @HAVS_PROBE_E_HTTP_CONTENT_LENGTH: malformed Content-Length
 * @HAVS_PROBE_E_HTTP_CL_CONFLICT: conflicting Content-Length headers
 * @HAVS_PROBE_E_HTTP_CHUNK: malformed chunk size
 * @HAVS_PROBE_E_HTTP_CHUNK_END: malformed chunk end
 * @HAVS_PROBE_E_HTTP_CR: a CR not followed by LF
 * @HAVS_PROBE_E_HTTP_NUL: a NUL byte in a header or chunk line
 * @HAVS_PROBE_E_HTTP_LINE: a header line too long
 * @HAVS_PROBE_E_HTTP_CHUNK_LINE: a chunk size line too long
 * @HAVS_PROBE_E_HTTP_HEADERS: too many headers
 * @HAVS_PROBE_E_CLOSED_EARLY: the server closed before the exchange ended
 * @HAVS_PROBE_E_DNS_MALFORMED: malformed DNS reply
 * @HAVS_PROBE_E_DNS_QUESTION: the reply's question is not the one asked
 * @HAVS_PROBE_E_DNS_RCODE: the rcode (%HAVS_SERVER_A_REPLY_CODE) is not
 *	the expected one
 * @HAVS_PROBE_E_DNS_ANSWER: no record of the answer has the expected
 *	address
 * @HAVS_PROBE_E_DNS_TRUNCATED: the reply was truncated (TC) and the TCP
 *	query did not complete (its reply is longer than the probe reads)
 * @HAVS_PROBE_E_TLS_ALERT: the server sent a TLS alert (its description
 *	is %HAVS_SERVER_A_REPLY_CODE)
 * @HAVS_PROBE_E_TLS_NOT_TLS: the reply is not a TLS record
 * @HAVS_PROBE_E_TLS_UNEXPECTED: a TLS handshake message other than a
 *	ServerHello, or a malformed one
 * @HAVS_PROBE_E_SMTP_BANNER: the greeting is not 220
 *	(%HAVS_SERVER_A_REPLY_CODE)
 * @HAVS_PROBE_E_SMTP_HELO: EHLO and HELO were refused (the code of the
 *	last reply is %HAVS_SERVER_A_REPLY_CODE)
 * @HAVS_PROBE_E_SMTP_MALFORMED: a malformed or too long SMTP reply
 */
enum havs_probe_error {
	HAVS_PROBE_E_NONE,
	HAVS_PROBE_E_CONNECT_TIMEOUT,
	HAVS_PROBE_E_REPLY_TIMEOUT,
	HAVS_PROBE_E_REFUSED,
	HAVS_PROBE_E_RESET,
	HAVS_PROBE_E_HOST_UNREACH,
	HAVS_PROBE_E_NET_UNREACH,
	HAVS_PROBE_E_TIMED_OUT,
	HAVS_PROBE_E_CLOSED,
	HAVS_PROBE_E_NO_SOURCE,
	HAVS_PROBE_E_NO_MEMORY,
	HAVS_PROBE_E_SOCKET,
	HAVS_PROBE_E_NO_SOCKET,
	HAVS_PROBE_E_SET_DOWN,
	HAVS_PROBE_E_HTTP_STATUS,
	HAVS_PROBE_E_HTTP_BODY,
	HAVS_PROBE_E_HTTP_TOO_BIG,
	HAVS_PROBE_E_HTTP_INCOMPLETE,
	HAVS_PROBE_E_HTTP_EMPTY,
	HAVS_PROBE_E_HTTP_TRUNCATED,
	HAVS_PROBE_E_HTTP_STATUS_LINE,
	HAVS_PROBE_E_HTTP_HEADER,
	HAVS_PROBE_E_HTTP_CONTENT_LENGTH,
	HAVS_PROBE_E_HTTP_CL_CONFLICT,
	HAVS_PROBE_E_HTTP_CHUNK,
	HAVS_PROBE_E_HTTP_CHUNK_END,
	HAVS_PROBE_E_HTTP_CR,
	HAVS_PROBE_E_HTTP_NUL,
	HAVS_PROBE_E_HTTP_LINE,
	HAVS_PROBE_E_HTTP_CHUNK_LINE,
	HAVS_PROBE_E_HTTP_HEADERS,
	HAVS_PROBE_E_CLOSED_EARLY,
	HAVS_PROBE_E_DNS_MALFORMED,
	HAVS_PROBE_E_DNS_QUESTION,
	HAVS_PROBE_E_DNS_RCODE,
	HAVS_PROBE_E_DNS_ANSWER,
	HAVS_PROBE_E_DNS_TRUNCATED,
	HAVS_PROBE_E_TLS_ALERT,
	HAVS_PROBE_E_TLS_NOT_TLS,
	HAVS_PROBE_E_TLS_UNEXPECTED,
	HAVS_PROBE_E_SMTP_BANNER,
	HAVS_PROBE_E_SMTP_HELO,
	HAVS_PROBE_E_SMTP_MALFORMED,

	__HAVS_PROBE_E_MAX,
};

/**
 * enum havs_server_attr - a real server of a service that uses a havs
 *	scheduler (nested in %HAVS_A_SERVER)
 * @HAVS_SERVER_A_AF: u16, the server's family
 * @HAVS_SERVER_A_ADDR4: be32, its address (an IPv4 server)
 * @HAVS_SERVER_A_PORT: be16, its port
 * @HAVS_SERVER_A_UP: u8, health: 1 up, 0 down
 * @HAVS_SERVER_A_WEIGHT: u32, weight configured in IPVS
 * @HAVS_SERVER_A_EFF_WEIGHT: u32, weight in effect (0 when down; ramps
 *	during slow start)
 * @HAVS_SERVER_A_CHECK_TYPE: u8, enum havs_check_type
 * @HAVS_SERVER_A_LAST_OK: u8, last probe: 1 succeeded, 0 failed (absent
 *	before the first probe)
 * @HAVS_SERVER_A_PROBE_ERROR: u8, &enum havs_probe_error: why the last
 *	failed probe failed (absent before the first failure)
 * @HAVS_SERVER_A_RTT: u32, round-trip time of the last good probe, us
 * @HAVS_SERVER_A_TRANSITIONS: u32, health changes
 * @HAVS_SERVER_A_LAST_CHANGE: u64, CLOCK_BOOTTIME of the last change, ns
 * @HAVS_SERVER_A_PROBES_OK: u64, probes that succeeded
 * @HAVS_SERVER_A_PROBES_FAILED: u64, probes that failed
 * @HAVS_SERVER_A_REASON: u8, &enum havs_health_reason: why the health
 *	changed (%HAVS_CMD_SERVER_NTF only)
 * @HAVS_SERVER_A_PAD: padding for 64-bit attributes
 * @HAVS_SERVER_A_SHARED: u32, services probing this server with the same
 *	settings (probed once for all)
 * @HAVS_SERVER_A_SORRY: u8, 1: the service's sorry server
 * @HAVS_SERVER_A_METHOD: u32, the server's forwarding method as IPVS has
 *	it (IP_VS_CONN_F_MASQ, _LOCALNODE, _TUNNEL, _DROUTE) (dumps)
 * @HAVS_SERVER_A_U_THRESH: u32, its upper connection threshold in IPVS
 *	(0: none) (dumps)
 * @HAVS_SERVER_A_L_THRESH: u32, its lower connection threshold (dumps)
 * @HAVS_SERVER_A_RTT_HIST: binary, %HAVS_RTT_NBUCKETS + 1 __u64 in host
 *	order: how many good probes took a round-trip time in each bucket of
 *	%HAVS_RTT_BUCKETS_US (not cumulative), the last one for those above
 *	the largest bound (+Inf); their sum is %HAVS_SERVER_A_PROBES_OK.
 *	Replies only; absent for checks of type external
 * @HAVS_SERVER_A_RTT_SUM: u64, sum of the round-trip times of those
 *	probes, us (replies only)
 * @HAVS_SERVER_A_ADDR6: binary, 16 bytes, its address (an IPv6 server)
 * @HAVS_SERVER_A_ERRNO: u32, the positive errno behind
 *	%HAVS_PROBE_E_SOCKET and %HAVS_PROBE_E_NO_SOCKET
 * @HAVS_SERVER_A_HTTP_STATUS: u16, the status code behind
 *	%HAVS_PROBE_E_HTTP_STATUS
 * @HAVS_SERVER_A_RUN: u8, probes in a row that made the change
 *	(%HAVS_CMD_SERVER_NTF with %HAVS_HEALTH_R_PASSED or _FAILED)
 * @HAVS_SERVER_A_REPLY_CODE: u16, the code behind %HAVS_PROBE_E_DNS_RCODE
 *	(rcode), %HAVS_PROBE_E_TLS_ALERT (alert description),
 *	%HAVS_PROBE_E_SMTP_BANNER and %HAVS_PROBE_E_SMTP_HELO (reply code)
 *
 * A %HAVS_CMD_SERVER_GET dump lists every IPVS real server of every
 * service on a havs scheduler with the settings IPVS has for it (weight,
 * method, thresholds): reading a whole namespace's servers takes one dump,
 * not one IPVS dump per service.
 */
enum havs_server_attr {
	HAVS_SERVER_A_UNSPEC,
	HAVS_SERVER_A_AF,
	HAVS_SERVER_A_ADDR4,
	HAVS_SERVER_A_PORT,
	HAVS_SERVER_A_UP,
	HAVS_SERVER_A_WEIGHT,
	HAVS_SERVER_A_EFF_WEIGHT,
	HAVS_SERVER_A_CHECK_TYPE,
	HAVS_SERVER_A_LAST_OK,
	HAVS_SERVER_A_PROBE_ERROR,
	HAVS_SERVER_A_RTT,
	HAVS_SERVER_A_TRANSITIONS,
	HAVS_SERVER_A_LAST_CHANGE,
	HAVS_SERVER_A_PROBES_OK,
	HAVS_SERVER_A_PROBES_FAILED,
	HAVS_SERVER_A_REASON,
	HAVS_SERVER_A_PAD,
	HAVS_SERVER_A_SHARED,
	HAVS_SERVER_A_SORRY,
	HAVS_SERVER_A_METHOD,
	HAVS_SERVER_A_U_THRESH,
	HAVS_SERVER_A_L_THRESH,
	HAVS_SERVER_A_RTT_HIST,
	HAVS_SERVER_A_RTT_SUM,
	HAVS_SERVER_A_ADDR6,
	HAVS_SERVER_A_ERRNO,
	HAVS_SERVER_A_HTTP_STATUS,
	HAVS_SERVER_A_RUN,
	HAVS_SERVER_A_REPLY_CODE,

	__HAVS_SERVER_A_MAX,
};

#define HAVS_SERVER_A_MAX (__HAVS_SERVER_A_MAX - 1)

/* The link kind of announcement devices (ip link add NAME type havs). */
#define HAVS_LINK_KIND		"havs"
#define HAVS_ANNOUNCE_MAX_VIPS	32	/* addresses per announcement */
#define HAVS_ANNOUNCE_MAX_TRACKS	16	/* tracked objects per announcement */

/**
 * enum havs_announce_attr - an announcement: a device of link kind "havs"
 *	whose carrier says whether its addresses should be routed here
 *	(nested in %HAVS_A_ANNOUNCE)
 * @HAVS_ANNOUNCE_A_IFINDEX: u32, the device (kind "havs", this namespace)
 * @HAVS_ANNOUNCE_A_IFNAME: string, its name (read only)
 * @HAVS_ANNOUNCE_A_VIPS: nest of %HAVS_ANNOUNCE_A_VIP4 and
 *	%HAVS_ANNOUNCE_A_VIP6, 0..%HAVS_ANNOUNCE_MAX_VIPS: the addresses the
 *	device holds, none held by another announcement of the namespace
 * @HAVS_ANNOUNCE_A_VIP4: be32, an IPv4 address
 * @HAVS_ANNOUNCE_A_VIP6: binary, 16 bytes, an IPv6 address
 * @HAVS_ANNOUNCE_A_TRACKS: nest of %HAVS_ANNOUNCE_A_TRACK,
 *	0..%HAVS_ANNOUNCE_MAX_TRACKS
 * @HAVS_ANNOUNCE_A_TRACK: nest (&enum havs_track_attr): %HAVS_TRACK_A_NAME
 *	of an object that exists; %HAVS_TRACK_A_UP in replies
 * @HAVS_ANNOUNCE_A_DRAIN: u8, 0 or 1: 1 withdraws the addresses whatever
 *	the objects say
 * @HAVS_ANNOUNCE_A_CARRIER: u8, read only: 1 while announced (carrier on)
 * @HAVS_ANNOUNCE_A_REASON: u8, read only: &enum havs_announce_reason of
 *	the last carrier change
 * @HAVS_ANNOUNCE_A_CAUSE: string, read only: the tracked object behind
 *	%HAVS_ANNOUNCE_R_TRACK_DOWN or %HAVS_ANNOUNCE_R_TRACK_UP
 * @HAVS_ANNOUNCE_A_CHANGES: u32, read only: carrier changes so far
 * @HAVS_ANNOUNCE_A_LAST_CHANGE: u64, read only: CLOCK_BOOTTIME of the
 *	last change, ns
 * @HAVS_ANNOUNCE_A_PAD: padding for 64-bit attributes
 */
enum havs_announce_attr {
	HAVS_ANNOUNCE_A_UNSPEC,
	HAVS_ANNOUNCE_A_IFINDEX,
	HAVS_ANNOUNCE_A_IFNAME,
	HAVS_ANNOUNCE_A_VIPS,
	HAVS_ANNOUNCE_A_VIP4,
	HAVS_ANNOUNCE_A_VIP6,
	HAVS_ANNOUNCE_A_TRACKS,
	HAVS_ANNOUNCE_A_TRACK,
	HAVS_ANNOUNCE_A_DRAIN,
	HAVS_ANNOUNCE_A_CARRIER,
	HAVS_ANNOUNCE_A_REASON,
	HAVS_ANNOUNCE_A_CAUSE,
	HAVS_ANNOUNCE_A_CHANGES,
	HAVS_ANNOUNCE_A_LAST_CHANGE,
	HAVS_ANNOUNCE_A_PAD,

	__HAVS_ANNOUNCE_A_MAX,
};

#define HAVS_ANNOUNCE_A_MAX (__HAVS_ANNOUNCE_A_MAX - 1)

/**
 * enum havs_announce_reason - why an announcement's carrier last changed
 *	(%HAVS_ANNOUNCE_A_REASON)
 * @HAVS_ANNOUNCE_R_UNSPEC: reserved
 * @HAVS_ANNOUNCE_R_CREATED: the device is new: no carrier until configured
 * @HAVS_ANNOUNCE_R_CONFIGURED: %HAVS_CMD_ANNOUNCE_NEW or _SET
 * @HAVS_ANNOUNCE_R_TRACK_DOWN: a tracked object went down
 * @HAVS_ANNOUNCE_R_TRACK_UP: the last tracked object that was down came up
 * @HAVS_ANNOUNCE_R_DRAIN: drained by the operator
 * @HAVS_ANNOUNCE_R_UNDRAIN: the drain was lifted
 * @HAVS_ANNOUNCE_R_DELETED: %HAVS_CMD_ANNOUNCE_DEL
 */
enum havs_announce_reason {
	HAVS_ANNOUNCE_R_UNSPEC,
	HAVS_ANNOUNCE_R_CREATED,
	HAVS_ANNOUNCE_R_CONFIGURED,
	HAVS_ANNOUNCE_R_TRACK_DOWN,
	HAVS_ANNOUNCE_R_TRACK_UP,
	HAVS_ANNOUNCE_R_DRAIN,
	HAVS_ANNOUNCE_R_UNDRAIN,
	HAVS_ANNOUNCE_R_DELETED,

	__HAVS_ANNOUNCE_R_MAX,
};

#endif /* _UAPI_LINUX_HAVS_H */
