/* C twin of Programs/SharedCounters.cs: two programs of different types in one object. */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 128);
	__type(key, __u16);
	__type(value, __u64);
} ByEtherType SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} Totals SEC(".maps");

static __always_inline void count(__u16 ether_type, __u32 side, __u32 length)
{
	__u64 *c = bpf_map_lookup_elem(&ByEtherType, &ether_type);
	if (c) {
		*c += length;
	} else {
		__u64 v = length;
		bpf_map_update_elem(&ByEtherType, &ether_type, &v, BPF_ANY);
	}
	__u64 *t = bpf_map_lookup_elem(&Totals, &side);
	if (t)
		(*t)++;
}

SEC("xdp")
int CountXdp(struct xdp_md *ctx)
{
	struct ethhdr *eth = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	if ((void *)(eth + 1) > end)
		return XDP_ABORTED;
	count(bpf_ntohs(eth->h_proto), 0, (__u32)(end - (void *)eth));
	return XDP_PASS;
}

SEC("tc")
int CountTc(struct __sk_buff *skb)
{
	count(bpf_ntohs((__u16)skb->protocol), 1, skb->len);
	return skb->len > 1000 ? TC_ACT_SHOT : TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
