/* C twin of Programs/Ipv4Options.cs. */
#include "common.h"
#include <linux/ip.h>
#include <linux/in.h>

#define MAX_OPTION_BYTES 40

enum { NOT_IPV4, TRUNCATED, BAD_IHL, BAD_OPTION, SOURCE_ROUTED, ACCEPTED, FRAGMENT };

struct port_key {
	__u8 protocol;
	__u16 port;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} Stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 32);
	__type(key, __u32);
	__type(value, __u64);
} OptionCounts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} MaxHeaderLen SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct port_key);
	__type(value, __u64);
} PortHits SEC(".maps");

static __always_inline void count(__u32 index)
{
	__u64 *c = bpf_map_lookup_elem(&Stats, &index);
	if (c)
		__sync_fetch_and_add(c, 1);
}

SEC("xdp")
int ParseOptions(struct xdp_md *ctx)
{
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = (void *)(long)ctx->data;
	if ((void *)(eth + 1) > end) {
		count(TRUNCATED);
		return XDP_DROP;
	}
	if (eth->h_proto != bpf_htons(ETH_P_IP)) {
		count(NOT_IPV4);
		return XDP_PASS;
	}

	struct iphdr *ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > end) {
		count(TRUNCATED);
		return XDP_DROP;
	}
	int ihl = ip->ihl * 4;
	if (ihl < (int)sizeof(struct iphdr) || ip->version != 4) {
		count(BAD_IHL);
		return XDP_DROP;
	}
	__u8 *l4 = (__u8 *)ip + ihl;
	if ((void *)l4 > end) {
		count(TRUNCATED);
		return XDP_DROP;
	}

	__u32 zero = 0;
	__u32 *max_len = bpf_map_lookup_elem(&MaxHeaderLen, &zero);
	if (max_len && (__u32)ihl > *max_len)
		*max_len = ihl;

	int opt_len = ihl - (int)sizeof(struct iphdr);
	__u8 *options = (__u8 *)(ip + 1);
	int off = 0;
	int source_routed = 0;
	for (int i = 0; i < MAX_OPTION_BYTES; i++) {
		if (off >= opt_len)
			break;
		__u8 *opt = options + off;
		if ((void *)(opt + 1) > end)
			break;
		__u8 type = *opt;
		if (type == 0)
			break;
		if (type == 1) {
			off++;
			continue;
		}
		if ((void *)(opt + 2) > end) {
			count(BAD_OPTION);
			return XDP_DROP;
		}
		__u8 len = opt[1];
		if (len < 2 || off + len > opt_len) {
			count(BAD_OPTION);
			return XDP_DROP;
		}
		__u32 oi = type & 0x1f;
		__u64 *oc = bpf_map_lookup_elem(&OptionCounts, &oi);
		if (oc)
			(*oc)++;
		source_routed |= type == 0x83 || type == 0x89;
		/* A no-op (off <= 40 here) that widens off to one range, so verifier states merge. */
		off = (off + len) & 0x3f;
	}
	if (source_routed) {
		count(SOURCE_ROUTED);
		return XDP_DROP;
	}
	if ((ip->frag_off & bpf_htons(0x1fff)) != 0) {
		count(FRAGMENT);
		return XDP_PASS;
	}

	struct port_key key;
	__builtin_memset(&key, 0, sizeof(key));
	key.protocol = ip->protocol;
	switch (ip->protocol) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
		if ((void *)(l4 + 4) > end) {
			count(TRUNCATED);
			return XDP_DROP;
		}
		key.port = bpf_ntohs(((__u16 *)l4)[1]);
		break;
	case IPPROTO_ICMP:
		if ((void *)(l4 + 1) > end) {
			count(TRUNCATED);
			return XDP_DROP;
		}
		key.port = *l4;
		break;
	default:
		key.port = 0xffff;
		break;
	}
	__u64 *hits = bpf_map_lookup_elem(&PortHits, &key);
	if (hits) {
		(*hits)++;
	} else {
		__u64 one = 1;
		bpf_map_update_elem(&PortHits, &key, &one, BPF_ANY);
	}
	count(ACCEPTED);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
