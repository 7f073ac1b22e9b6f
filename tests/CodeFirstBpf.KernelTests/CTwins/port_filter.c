/* C twin of Programs/Sockets/PortFilter.cs: a socket filter keeping UDP datagrams to one port. */
#include "common.h"
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>

static long (*bpf_skb_load_bytes_relative)(const void *skb, __u32 offset, void *to, __u32 len, __u32 start_header) =
	(void *)BPF_FUNC_skb_load_bytes_relative;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} Port SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} Verdicts SEC(".maps");

static __always_inline long count(__u32 slot, __u32 keep)
{
	__u64 *n = bpf_map_lookup_elem(&Verdicts, &slot);
	if (n)
		*n += 1;
	return keep;
}

SEC("socket")
int KeepPort(struct __sk_buff *skb)
{
	struct iphdr ip;
	struct udphdr udp;
	if (bpf_skb_load_bytes_relative(skb, 0, &ip, sizeof(ip), BPF_HDR_START_NET) < 0 || ip.version != 4 || ip.protocol != IPPROTO_UDP)
		return count(1, 0);
	__u32 header_length = ip.ihl * 4;
	if (header_length < 20 || bpf_skb_load_bytes_relative(skb, header_length, &udp, sizeof(udp), BPF_HDR_START_NET) < 0)
		return count(1, 0);
	__u32 zero = 0;
	__u32 *port = bpf_map_lookup_elem(&Port, &zero);
	if (!port || bpf_ntohs(udp.dest) != *port)
		return count(1, 0);
	return count(0, skb->len);
}

char LICENSE[] SEC("license") = "GPL";
