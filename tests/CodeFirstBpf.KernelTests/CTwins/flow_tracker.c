/* C twin of Programs/FlowTracker.cs. */
#include "common.h"
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/udp.h>

enum { NOT_IPV4, TRUNCATED, INVALID, TRACKED };

struct flow_key {
	__u32 source;
	__u32 destination;
	__u16 source_port;
	__u16 destination_port;
	__u8 protocol;
};

struct flow_stats {
	__u64 packets;
	__u64 bytes;
	__u32 first_length;
	__u8 tcp_flags;
};

struct icmp_hdr {
	__u8 type;
	__u8 code;
	__u16 checksum;
	__u32 rest;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, struct flow_key);
	__type(value, struct flow_stats);
} Flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} TrackerStats SEC(".maps");

static __always_inline int count(__u32 index, int verdict)
{
	__u64 *c = bpf_map_lookup_elem(&TrackerStats, &index);
	if (c)
		__sync_fetch_and_add(c, 1);
	return verdict;
}

SEC("tc")
int TrackFlows(struct __sk_buff *skb)
{
	void *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = (void *)(long)skb->data;
	if ((void *)(eth + 1) > end)
		return count(TRUNCATED, TC_ACT_OK);
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return count(NOT_IPV4, TC_ACT_OK);

	struct iphdr *ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > end)
		return count(TRUNCATED, TC_ACT_OK);
	int ihl = ip->ihl * 4;
	if (ihl < (int)sizeof(struct iphdr))
		return count(INVALID, TC_ACT_SHOT);
	__u8 *l4 = (__u8 *)ip + ihl;

	struct flow_key key;
	__builtin_memset(&key, 0, sizeof(key));
	key.source = ip->saddr;
	key.destination = ip->daddr;
	key.protocol = ip->protocol;
	__u8 flags = 0;
	if (ip->protocol == IPPROTO_TCP) {
		struct tcphdr *tcp = (void *)l4;
		if ((void *)(tcp + 1) > end)
			return count(TRUNCATED, TC_ACT_OK);
		key.source_port = bpf_ntohs(tcp->source);
		key.destination_port = bpf_ntohs(tcp->dest);
		flags = ((__u8 *)tcp)[13];
		if ((flags & 0x03) == 0x03)
			return count(INVALID, TC_ACT_SHOT);
	} else if (ip->protocol == IPPROTO_UDP) {
		struct udphdr *udp = (void *)l4;
		if ((void *)(udp + 1) > end)
			return count(TRUNCATED, TC_ACT_OK);
		key.source_port = bpf_ntohs(udp->source);
		key.destination_port = bpf_ntohs(udp->dest);
	} else if (ip->protocol == IPPROTO_ICMP) {
		struct icmp_hdr *icmp = (void *)l4;
		if ((void *)(icmp + 1) > end)
			return count(TRUNCATED, TC_ACT_OK);
		key.source_port = icmp->type;
		key.destination_port = icmp->code;
	}

	struct flow_stats *stats = bpf_map_lookup_elem(&Flows, &key);
	if (stats) {
		__sync_fetch_and_add(&stats->packets, 1);
		__sync_fetch_and_add(&stats->bytes, skb->len);
		stats->tcp_flags |= flags;
	} else {
		struct flow_stats fresh;
		__builtin_memset(&fresh, 0, sizeof(fresh));
		fresh.packets = 1;
		fresh.bytes = skb->len;
		fresh.first_length = skb->len;
		fresh.tcp_flags = flags;
		bpf_map_update_elem(&Flows, &key, &fresh, BPF_NOEXIST);
	}
	return count(TRACKED, TC_ACT_OK);
}

char LICENSE[] SEC("license") = "GPL";
