/* C twin of Programs/EchoReflector.cs. */
#include "common.h"
#include "checksum.h"
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>

/* linux/icmp.h drags in libc headers; the 8-byte ICMP/ICMPv6 header is all we need. */
struct icmphdr {
	__u8 type;
	__u8 code;
	__sum16 checksum;
	__be32 rest;
};

#define ECHO_REQUEST 8
#define ECHO_REPLY 0
#define ECHO_REQUEST_V6 128
#define ECHO_REPLY_V6 129

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} Replies SEC(".maps");

#define SWAP(a, b) do { typeof(a) __t = (a); (a) = (b); (b) = __t; } while (0)

static __always_inline void count_reply(__u32 family)
{
	__u64 *c = bpf_map_lookup_elem(&Replies, &family);
	if (c)
		(*c)++;
}

SEC("xdp")
int Reflect(struct xdp_md *ctx)
{
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = (void *)(long)ctx->data;
	if ((void *)(eth + 1) > end)
		return XDP_PASS;

	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);
		if ((void *)(ip + 1) > end)
			return XDP_PASS;
		if (ip->protocol != IPPROTO_ICMP || ip->ihl * 4 != sizeof(struct iphdr))
			return XDP_PASS;
		struct icmphdr *icmp = (void *)(ip + 1);
		if ((void *)(icmp + 1) > end)
			return XDP_PASS;
		if (icmp->type != ECHO_REQUEST || icmp->code != 0)
			return XDP_PASS;

		SWAP(ip->saddr, ip->daddr);
		__u16 old_ttl = *(__u16 *)&ip->ttl;
		ip->ttl = 64;
		ip->check = csum_replace16(ip->check, old_ttl, *(__u16 *)&ip->ttl);

		__u16 old_type = *(__u16 *)icmp;
		icmp->type = ECHO_REPLY;
		icmp->checksum = csum_replace16(icmp->checksum, old_type, *(__u16 *)icmp);
		count_reply(0);
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);
		if ((void *)(ip6 + 1) > end)
			return XDP_PASS;
		if (ip6->nexthdr != IPPROTO_ICMPV6)
			return XDP_PASS;
		struct icmphdr *icmp6 = (void *)(ip6 + 1);
		if ((void *)(icmp6 + 1) > end)
			return XDP_PASS;
		if (icmp6->type != ECHO_REQUEST_V6 || icmp6->code != 0)
			return XDP_PASS;

		for (int i = 0; i < 16; i++)
			SWAP(ip6->saddr.in6_u.u6_addr8[i], ip6->daddr.in6_u.u6_addr8[i]);
		ip6->hop_limit = 64;

		__u16 old_type = *(__u16 *)icmp6;
		icmp6->type = ECHO_REPLY_V6;
		icmp6->checksum = csum_replace16(icmp6->checksum, old_type, *(__u16 *)icmp6);
		count_reply(1);
	} else {
		return XDP_PASS;
	}

	for (int i = 0; i < ETH_ALEN; i++)
		SWAP(eth->h_dest[i], eth->h_source[i]);
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
