/* C twin of Programs/TcClassifier.cs. */
#include "common.h"
#include <linux/in.h>
#include <linux/ip.h>

enum { SLOT_MARK, SLOT_PRIORITY, SLOT_CLASS_ID, SLOT_LENGTH };

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} MarkCounts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} PriorityCounts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} LastSeen SEC(".maps");

static __always_inline void store(__u32 slot, __u32 value)
{
	__u32 *p = bpf_map_lookup_elem(&LastSeen, &slot);
	if (p)
		*p = value;
}

static __always_inline void record(struct __sk_buff *skb)
{
	store(SLOT_MARK, skb->mark);
	store(SLOT_PRIORITY, skb->priority);
	store(SLOT_CLASS_ID, skb->tc_classid);
	store(SLOT_LENGTH, skb->len);
	__u32 mark = skb->mark;
	__u64 *m = bpf_map_lookup_elem(&MarkCounts, &mark);
	if (m) {
		(*m)++;
	} else {
		__u64 one = 1;
		bpf_map_update_elem(&MarkCounts, &mark, &one, BPF_ANY);
	}
	__u32 prio = skb->priority & 7;
	__u64 *pc = bpf_map_lookup_elem(&PriorityCounts, &prio);
	if (pc)
		(*pc)++;
}

SEC("tc")
int Classify(struct __sk_buff *skb)
{
	if (skb->protocol == bpf_htons(ETH_P_ARP))
		return TC_ACT_UNSPEC;
	if (skb->protocol != bpf_htons(ETH_P_IP)) {
		skb->mark = 0xdead;
		record(skb);
		return TC_ACT_PIPE;
	}

	void *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = (void *)(long)skb->data;
	struct iphdr *ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > end)
		return TC_ACT_SHOT;
	__u32 dscp = ip->tos >> 2;

	__u16 port = 0;
	__u8 *l4 = (__u8 *)ip + ip->ihl * 4;
	if ((ip->protocol == IPPROTO_TCP || ip->protocol == IPPROTO_UDP) && (void *)(l4 + 4) <= end)
		port = bpf_ntohs(((__u16 *)l4)[1]);

	__u32 priority;
	switch (port) {
	case 22:
		priority = 6;
		break;
	case 53:
		priority = 5;
		break;
	case 80:
	case 443:
		priority = 4;
		break;
	default:
		priority = port >= 1024 ? 1 : 2;
		break;
	}
	if (dscp == 46)
		priority = 7;

	skb->priority = priority;
	skb->mark = (dscp << 16) | port;
	skb->tc_classid = (1u << 16) | priority;
	record(skb);
	return dscp == 63 ? TC_ACT_SHOT : TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
