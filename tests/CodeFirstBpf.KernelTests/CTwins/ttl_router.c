/* C twin of Programs/TtlRouter.cs. */
#include "common.h"
#include "checksum.h"
#include <linux/ip.h>
#include <linux/ipv6.h>

enum { FORWARDED_V4, FORWARDED_V6, EXPIRED, NOT_IP };

struct vlan_hdr {
	__be16 tci;
	__be16 encap_proto;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} RouterStats SEC(".maps");

static __always_inline void count(__u32 index)
{
	__u64 *c = bpf_map_lookup_elem(&RouterStats, &index);
	if (c)
		*c += 1;
}

static __always_inline int parse_l2(void *data, void *end, __u16 *proto, int *l3_offset)
{
	*proto = 0;
	*l3_offset = 0;
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > end)
		return 0;
	*proto = eth->h_proto;
	*l3_offset = sizeof(struct ethhdr);
	if (*proto == bpf_htons(ETH_P_8021Q)) {
		struct vlan_hdr *tag = (void *)(eth + 1);
		if ((void *)(tag + 1) > end)
			return 0;
		*proto = tag->encap_proto;
		*l3_offset += sizeof(struct vlan_hdr);
	}
	return 1;
}

static __always_inline void swap_macs(struct ethhdr *eth)
{
	for (int i = 0; i < ETH_ALEN; i++) {
		__u8 t = eth->h_dest[i];
		eth->h_dest[i] = eth->h_source[i];
		eth->h_source[i] = t;
	}
}

SEC("xdp")
int Forward(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u16 proto;
	int l3_offset;
	if (!parse_l2(data, end, &proto, &l3_offset))
		return XDP_ABORTED;

	void *l3 = data + l3_offset;
	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = l3;
		if ((void *)(ip + 1) > end)
			return XDP_DROP;
		if (ip->ttl <= 1) {
			count(EXPIRED);
			return XDP_DROP;
		}
		__u16 *ttl_word = (__u16 *)&ip->ttl;
		__u16 before = *ttl_word;
		ip->ttl--;
		ip->check = csum_replace16(ip->check, before, *ttl_word);
		count(FORWARDED_V4);
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = l3;
		if ((void *)(ip6 + 1) > end)
			return XDP_DROP;
		if (ip6->hop_limit <= 1) {
			count(EXPIRED);
			return XDP_DROP;
		}
		ip6->hop_limit--;
		count(FORWARDED_V6);
	} else {
		count(NOT_IP);
		return XDP_PASS;
	}
	swap_macs(data);
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
