/* C twin of Programs/PackedHeaders.cs. */
#include "common.h"

struct packed_arp {
	__u16 hardware_type;
	__u16 protocol_type;
	__u8 hardware_length;
	__u8 protocol_length;
	__u16 operation;
	__u8 sender_mac[6];
	__u32 sender_ip;
	__u8 target_mac[6];
	__u32 target_ip;
} __attribute__((packed));

struct packed_key {
	__u8 operation;
	__u32 address;
	__u16 hardware;
} __attribute__((packed));

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct packed_key);
	__type(value, __u64);
} ByAddress SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} Sizes SEC(".maps");

SEC("xdp")
int ReadPacked(struct xdp_md *ctx)
{
	__u32 slot = 0;
	__u32 *s = bpf_map_lookup_elem(&Sizes, &slot);
	if (s)
		*s = sizeof(struct packed_arp);
	slot = 1;
	s = bpf_map_lookup_elem(&Sizes, &slot);
	if (s)
		*s = sizeof(struct packed_key);

	struct ethhdr *eth = (void *)(long)ctx->data;
	struct packed_arp *arp = (void *)(eth + 1);
	if ((void *)(arp + 1) > (void *)(long)ctx->data_end)
		return XDP_PASS;

	struct packed_arp copy = *arp;
	struct packed_key key;
	__builtin_memset(&key, 0, sizeof(key));
	key.operation = (__u8)bpf_ntohs(copy.operation);
	key.address = copy.sender_ip ^ arp->target_ip;
	key.hardware = copy.hardware_type;
	__u64 *n = bpf_map_lookup_elem(&ByAddress, &key);
	if (n) {
		(*n)++;
	} else {
		__u64 one = 1;
		bpf_map_update_elem(&ByAddress, &key, &one, BPF_ANY);
	}

	copy.target_ip = copy.sender_ip + 1;
	copy.operation = copy.operation ^ 0x0300;
	*arp = copy;
	return key.operation == 1 ? XDP_TX : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
