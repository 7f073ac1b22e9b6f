/* C twin of Programs/IcmpFilter.cs. */
#include "common.h"
#include <linux/ip.h>
#include <linux/in.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} PacketCount SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u64);
} DropsBySource SEC(".maps");

SEC("xdp")
int DropIcmp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 zero = 0;

	__u64 *count = bpf_map_lookup_elem(&PacketCount, &zero);
	if (count)
		(*count)++;

	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;

	struct iphdr *ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	if (ip->protocol != IPPROTO_ICMP)
		return XDP_PASS;

	__u32 src = ip->saddr;
	__u64 *drops = bpf_map_lookup_elem(&DropsBySource, &src);
	if (drops) {
		__sync_fetch_and_add(drops, 1);
	} else {
		__u64 one = 1;
		bpf_map_update_elem(&DropsBySource, &src, &one, BPF_ANY);
	}
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
