/* C twin of Programs/PerCpuStats.cs. */
#include "common.h"
#include <linux/ip.h>
#include <linux/ipv6.h>

struct vlan_hdr {
	__be16 tci;
	__be16 encap_proto;
};

struct proto_key {
	__u16 ether_type;
	__u8 protocol;
};

struct proto_counters {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} SizeBuckets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 256);
	__type(key, struct proto_key);
	__type(value, struct proto_counters);
} ByProtocol SEC(".maps");

SEC("xdp")
int CountProtocols(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 length = end - data;

	__u32 bucket;
	if (length < 64)
		bucket = 0;
	else if (length < 128)
		bucket = 1;
	else if (length < 256)
		bucket = 2;
	else if (length < 512)
		bucket = 3;
	else if (length < 1024)
		bucket = 4;
	else
		bucket = 5;
	__u64 *b = bpf_map_lookup_elem(&SizeBuckets, &bucket);
	if (b)
		*b += 1;

	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > end)
		return XDP_PASS;

	struct proto_key key;
	__builtin_memset(&key, 0, sizeof(key));
	__u16 proto = eth->h_proto;
	void *l3 = eth + 1;
	if (proto == bpf_htons(ETH_P_8021Q)) {
		struct vlan_hdr *tag = l3;
		if ((void *)(tag + 1) > end)
			return XDP_PASS;
		proto = tag->encap_proto;
		l3 += sizeof(struct vlan_hdr);
	}
	key.ether_type = bpf_ntohs(proto);
	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = l3;
		if ((void *)(ip + 1) <= end)
			key.protocol = ip->protocol;
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = l3;
		if ((void *)(ip6 + 1) <= end)
			key.protocol = ip6->nexthdr;
	}

	struct proto_counters *c = bpf_map_lookup_elem(&ByProtocol, &key);
	if (c) {
		c->packets++;
		c->bytes += length;
	} else {
		struct proto_counters fresh = { .packets = 1, .bytes = length };
		bpf_map_update_elem(&ByProtocol, &key, &fresh, BPF_ANY);
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
