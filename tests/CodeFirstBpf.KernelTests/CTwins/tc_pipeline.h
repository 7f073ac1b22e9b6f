/* Layouts of tc_pipeline.c: the C side of Programs/Large/TcPipelineTypes.cs. */
#ifndef CFB_TC_PIPELINE_H
#define CFB_TC_PIPELINE_H

struct pl_ct_key {
	__u32 address_a;
	__u32 address_b;
	__u16 port_a;
	__u16 port_b;
	__u8 protocol;
	__u8 pad0;
	__u16 pad1;
};

struct pl_ct_entry {
	__u8 kind;
	__u8 state;
	__u8 flags;
	__u8 opener_is_a;
	__u32 packets;
	__u32 bytes;
	__u32 nat_address;
	__u16 nat_port;
	__u16 pad;
};

struct pl_nat_key {
	__u32 address;
	__u16 port;
	__u8 protocol;
	__u8 pad;
};

struct pl_service {
	__u32 id;
	__u32 count;
};

struct pl_backend_key {
	__u32 service;
	__u32 ordinal;
};

struct pl_backend {
	__u32 address;
	__u16 port;
	__u16 pad;
};

struct pl_route {
	__u32 flags;
	__u32 if_index;
};

struct pl_rule_key {
	__u32 set;
	__u16 port;
	__u8 protocol;
	__u8 pad;
};

struct pl_packet {
	__u32 source;
	__u32 destination;
	__u16 source_port;
	__u16 destination_port;
	__u8 protocol;
	__u8 tcp_flags;
	__u8 ttl;
	__u8 udp_checksummed;
	__u32 l4_offset;
	__u32 length;
};

struct pl_nat_plan {
	__u32 address;
	__u16 port;
	__u8 action;
	__u8 pad;
};

struct pl_control {
	__u8 op;
	__u8 count;
	__u16 pad;
	__u32 w0;
	__u32 w1;
	__u32 w2;
	__u32 w3;
};

struct pl_lpm_key {
	__u32 prefix_length;
	__u32 data;
};

/* ICMP's 8-byte head (linux/icmp.h drags in libc headers). */
struct pl_icmp {
	__u8 type;
	__u8 code;
	__u16 checksum;
	__u32 rest;
};

#endif
