/* C twin of Programs/VlanCounter.cs. */
#include "common.h"

#define MAX_TAGS 2

struct vlan_hdr {
	__be16 tci;
	__be16 encap_proto;
};

struct vlan_key {
	__u16 outer;
	__u16 inner;
	__u16 ether_type;
	__u8 depth;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct vlan_key);
	__type(value, __u64);
} PacketsByTag SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} DepthCount SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} PcpCount SEC(".maps");

static __always_inline int is_vlan(__u16 proto)
{
	return proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD);
}

SEC("xdp")
int CountVlans(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = (void *)(long)ctx->data;
	if ((void *)(eth + 1) > data_end)
		return XDP_ABORTED;

	struct vlan_key key;
	__builtin_memset(&key, 0, sizeof(key));
	__u16 proto = eth->h_proto;
	struct vlan_hdr *tag = (void *)(eth + 1);
	__u8 depth = 0;
	for (int i = 0; i < MAX_TAGS; i++) {
		if (!is_vlan(proto))
			break;
		if ((void *)(tag + 1) > data_end)
			return XDP_DROP;
		__u16 tci = bpf_ntohs(tag->tci);
		if (i == 0)
			key.outer = tci & 0x0fff;
		else
			key.inner = tci & 0x0fff;
		__u32 pcp = tci >> 13;
		__u64 *p = bpf_map_lookup_elem(&PcpCount, &pcp);
		if (p)
			*p += 1;
		proto = tag->encap_proto;
		tag++;
		depth++;
	}
	if (is_vlan(proto))
		depth = 3;
	key.depth = depth;
	key.ether_type = bpf_ntohs(proto);

	__u32 di = depth;
	__u64 *d = bpf_map_lookup_elem(&DepthCount, &di);
	if (d)
		(*d)++;

	__u64 *n = bpf_map_lookup_elem(&PacketsByTag, &key);
	if (n) {
		(*n)++;
	} else {
		__u64 one = 1;
		bpf_map_update_elem(&PacketsByTag, &key, &one, BPF_NOEXIST);
	}

	if (depth == 3)
		return XDP_DROP;
	if (depth == 0)
		return XDP_PASS;
	switch (key.ether_type) {
	case ETH_P_IP:
	case ETH_P_IPV6:
		return XDP_PASS;
	case ETH_P_ARP:
		return XDP_TX;
	default:
		return XDP_DROP;
	}
}

char LICENSE[] SEC("license") = "GPL";
