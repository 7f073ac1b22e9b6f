/* C twin of Programs/Sockets/EgressGuard.cs: cgroup skb egress dropping UDP to one port. */
#include "common.h"
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} BlockedPort SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} Verdicts SEC(".maps");

static __always_inline int allow(struct __sk_buff *skb)
{
	__u32 zero = 0;
	skb->mark = 0xC0FFEE;
	__u64 *allowed = bpf_map_lookup_elem(&Verdicts, &zero);
	if (allowed)
		*allowed += 1;
	return 1;
}

SEC("cgroup_skb/egress")
int Guard(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	struct iphdr *ip = data;
	if ((void *)(ip + 1) > end || ip->version != 4 || ip->protocol != IPPROTO_UDP)
		return allow(skb);
	int header_length = ip->ihl * 4;
	struct udphdr *udp = data + header_length;
	if (header_length < 20 || (void *)(udp + 1) > end)
		return allow(skb);
	__u32 zero = 0;
	__u32 *blocked = bpf_map_lookup_elem(&BlockedPort, &zero);
	if (blocked && bpf_ntohs(udp->dest) == *blocked) {
		__u32 one = 1;
		__u64 *dropped = bpf_map_lookup_elem(&Verdicts, &one);
		if (dropped)
			*dropped += 1;
		return 0;
	}
	return allow(skb);
}

char LICENSE[] SEC("license") = "GPL";
