/* C twin of Programs/BpfCalls.cs. */
#include "common.h"
#include "jhash.h"
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>

struct tuple4 {
	__u32 a;
	__u32 b;
	__u16 p;
	__u16 q;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} Buckets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 2048);
	__type(key, __u32);
	__type(value, __u32);
} HashByLength SEC(".maps");

static __noinline __u32 mix(__u32 a, __u32 b, __u32 c)
{
	return jhash_final(a, b, c);
}

static __noinline __u32 combine(__u32 seed, __u32 a, __u32 b, __u32 p, __u32 q)
{
	return mix(seed ^ a, b + 0x9E3779B9u, (p << 16) | q);
}

static __noinline int extract_tuple(void *data, void *end, struct tuple4 *tuple)
{
	__builtin_memset(tuple, 0, sizeof(*tuple));
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > end)
		return 0;
	__u8 *l4;
	__u8 protocol;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);
		if ((void *)(ip + 1) > end)
			return 0;
		tuple->a = ip->saddr;
		tuple->b = ip->daddr;
		protocol = ip->protocol;
		l4 = (__u8 *)ip + ip->ihl * 4;
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);
		if ((void *)(ip6 + 1) > end)
			return 0;
		__u32 *s = ip6->saddr.in6_u.u6_addr32;
		__u32 *d = ip6->daddr.in6_u.u6_addr32;
		tuple->a = s[0] ^ s[1] ^ s[2] ^ s[3];
		tuple->b = d[0] ^ d[1] ^ d[2] ^ d[3];
		protocol = ip6->nexthdr;
		l4 = (__u8 *)(ip6 + 1);
	} else {
		return 0;
	}
	if (protocol == IPPROTO_TCP || protocol == IPPROTO_UDP) {
		if ((void *)(l4 + 4) > end)
			return 0;
		tuple->p = bpf_ntohs(((__u16 *)l4)[0]);
		tuple->q = bpf_ntohs(((__u16 *)l4)[1]);
	}
	return 1;
}

SEC("xdp")
int HashFrame(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 length = end - data;
	__u32 bucket;
	__u32 verdict;
	struct tuple4 t;
	if (extract_tuple(data, end, &t)) {
		__u32 h = mix(t.a, t.b, ((__u32)t.p << 16) | t.q);
		__u32 h2 = combine(h, t.a, t.b, t.p, t.q);
		bucket = h2 & 62;
		verdict = h % 3;
		bpf_map_update_elem(&HashByLength, &length, &h2, BPF_ANY);
	} else {
		bucket = 63;
		verdict = 2;
	}
	__u64 *c = bpf_map_lookup_elem(&Buckets, &bucket);
	if (c)
		*c += 1;
	return verdict;
}

char LICENSE[] SEC("license") = "GPL";
