/* C twin of Programs/Ipv6ExtHeaders.cs. */
#include "common.h"
#include <linux/in.h>
#include <linux/ipv6.h>

#define MAX_EXT_HEADERS 6
#define TOO_LONG 7

struct port_key {
	__u8 protocol;
	__u16 port;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} FinalProtocol SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} ChainLength SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct port_key);
	__type(value, __u64);
} Ports6 SEC(".maps");

static __always_inline int is_extension(__u8 nh)
{
	return nh == IPPROTO_HOPOPTS || nh == IPPROTO_ROUTING || nh == IPPROTO_DSTOPTS || nh == IPPROTO_FRAGMENT;
}

static __always_inline void bump(void *map, __u32 index)
{
	__u64 *counter = bpf_map_lookup_elem(map, &index);
	if (counter)
		*counter += 1;
}

SEC("xdp")
int WalkIpv6(struct xdp_md *ctx)
{
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = (void *)(long)ctx->data;
	if ((void *)(eth + 1) > end)
		return XDP_DROP;
	if (eth->h_proto != bpf_htons(ETH_P_IPV6))
		return XDP_PASS;

	struct ipv6hdr *ip6 = (void *)(eth + 1);
	if ((void *)(ip6 + 1) > end)
		return XDP_DROP;
	if (bpf_ntohl(*(__u32 *)ip6) >> 28 != 6)
		return XDP_DROP;

	__u8 nh = ip6->nexthdr;
	__u8 *cur = (__u8 *)(ip6 + 1);
	int count = 0;
	int fragmented = 0;
	for (int i = 0; i < MAX_EXT_HEADERS; i++) {
		switch (nh) {
		case IPPROTO_HOPOPTS:
		case IPPROTO_ROUTING:
		case IPPROTO_DSTOPTS:
			if ((void *)(cur + 8) > end)
				return XDP_DROP;
			if (nh == IPPROTO_ROUTING && cur[2] == 0)
				return XDP_DROP;
			nh = cur[0];
			cur += (cur[1] + 1) * 8;
			count++;
			continue;
		case IPPROTO_FRAGMENT:
			if ((void *)(cur + 8) > end)
				return XDP_DROP;
			nh = cur[0];
			fragmented = (bpf_ntohs(*(__u16 *)(cur + 2)) & 0xfff8) != 0;
			cur += 8;
			count++;
			if (fragmented)
				break;
			continue;
		default:
			break;
		}
		break;
	}

	if (!fragmented && is_extension(nh)) {
		bump(&ChainLength, TOO_LONG);
		return XDP_DROP;
	}
	bump(&ChainLength, count);
	bump(&FinalProtocol, nh);
	if (fragmented)
		return XDP_PASS;

	struct port_key key;
	__builtin_memset(&key, 0, sizeof(key));
	key.protocol = nh;
	if (nh == IPPROTO_TCP || nh == IPPROTO_UDP) {
		if ((void *)(cur + 4) > end)
			return XDP_DROP;
		key.port = bpf_ntohs(*(__u16 *)(cur + 2));
	} else if (nh == IPPROTO_ICMPV6) {
		if ((void *)(cur + 1) > end)
			return XDP_DROP;
		key.port = *cur;
	}
	__u64 *seen = bpf_map_lookup_elem(&Ports6, &key);
	if (seen) {
		*seen += 1;
	} else {
		__u64 one = 1;
		bpf_map_update_elem(&Ports6, &key, &one, BPF_ANY);
	}
	return nh == IPPROTO_NONE ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
