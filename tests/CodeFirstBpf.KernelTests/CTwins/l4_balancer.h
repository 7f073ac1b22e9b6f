/* Layouts of l4_balancer.c: the C side of Programs/Large/L4BalancerTypes.cs. */
#ifndef CFB_L4_BALANCER_H
#define CFB_L4_BALANCER_H

struct lb_vip_key {
	__u32 address[4];
	__u16 port;
	__u8 protocol;
	__u8 pad;
};

struct lb_vip_meta {
	__u32 flags;
	__u32 vip_number;
};

struct lb_real {
	__u32 address[4];
	__u32 flags;
};

struct lb_flow_key {
	__u32 source[4];
	__u32 destination[4];
	__u16 source_port;
	__u16 destination_port;
	__u8 protocol;
	__u8 pad0;
	__u16 pad1;
};

struct lb_connection {
	__u32 real;
	__u32 packets;
};

struct lb_traffic {
	__u64 packets;
	__u64 bytes;
};

struct lb_packet {
	struct lb_flow_key flow;
	__u32 length;
	__u8 tcp_flags;
	__u8 tos;
	__u8 is_ipv6;
	__u8 icmp_type;
};

/* ICMP and ICMPv6 share this 8-byte head (linux/icmp.h drags in libc headers). */
struct lb_icmp {
	__u8 type;
	__u8 code;
	__u16 checksum;
	__u32 rest;
};

struct lb_control {
	__u8 op;
	__u8 count;
	__u16 pad;
};

struct lb_vip_record {
	__u32 address[4];
	__u16 port;
	__u8 protocol;
	__u8 flags;
	__u32 vip_number;
};

struct lb_real_record {
	__u32 index;
	__u32 address[4];
	__u32 flags;
};

struct lb_ring_record {
	__u32 vip_number;
	__u32 first_slot;
	__u32 reals[8];
};

#endif
