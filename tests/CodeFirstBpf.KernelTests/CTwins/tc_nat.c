/* C twin of Programs/TcNat.cs. */
#include "common.h"
#include "checksum.h"
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/udp.h>

#define FRONTEND 0x0A0000FE
#define BACKEND 0x0A010203
#define FRONTEND_PORT 8080
#define BACKEND_PORT 80

enum { REWRITTEN_TCP, REWRITTEN_UDP, UDP_NO_CHECKSUM, UNTOUCHED };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} NatStats SEC(".maps");

static __always_inline int count(__u32 slot)
{
	__u64 *c = bpf_map_lookup_elem(&NatStats, &slot);
	if (c)
		__sync_fetch_and_add(c, 1);
	return TC_ACT_OK;
}

SEC("tc")
int Rewrite(struct __sk_buff *skb)
{
	void *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = (void *)(long)skb->data;
	if ((void *)(eth + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
		return count(UNTOUCHED);
	struct iphdr *ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > end)
		return count(UNTOUCHED);
	if (ip->daddr != bpf_htonl(FRONTEND))
		return count(UNTOUCHED);
	if ((ip->frag_off & bpf_htons(0x1fff)) != 0)
		return count(UNTOUCHED);
	int ihl = ip->ihl * 4;
	if (ihl < (int)sizeof(struct iphdr))
		return TC_ACT_SHOT;
	__u8 *l4 = (__u8 *)ip + ihl;

	__u32 old_ip = ip->daddr;
	__u32 new_ip = bpf_htonl(BACKEND);
	__u16 new_port = bpf_htons(BACKEND_PORT);
	switch (ip->protocol) {
	case IPPROTO_TCP: {
		struct tcphdr *tcp = (void *)l4;
		if ((void *)(tcp + 1) > end || tcp->dest != bpf_htons(FRONTEND_PORT))
			return count(UNTOUCHED);
		__u16 check = csum_replace32(tcp->check, old_ip, new_ip);
		tcp->check = csum_replace16(check, tcp->dest, new_port);
		tcp->dest = new_port;
		ip->check = csum_replace32(ip->check, old_ip, new_ip);
		ip->daddr = new_ip;
		return count(REWRITTEN_TCP);
	}
	case IPPROTO_UDP: {
		struct udphdr *udp = (void *)l4;
		if ((void *)(udp + 1) > end || udp->dest != bpf_htons(FRONTEND_PORT))
			return count(UNTOUCHED);
		int has_checksum = udp->check != 0;
		if (has_checksum) {
			__u16 check = csum_replace32(udp->check, old_ip, new_ip);
			check = csum_replace16(check, udp->dest, new_port);
			udp->check = check == 0 ? 0xffff : check;
		}
		udp->dest = new_port;
		ip->check = csum_replace32(ip->check, old_ip, new_ip);
		ip->daddr = new_ip;
		return count(has_checksum ? REWRITTEN_UDP : UDP_NO_CHECKSUM);
	}
	default:
		return count(UNTOUCHED);
	}
}

char LICENSE[] SEC("license") = "GPL";
