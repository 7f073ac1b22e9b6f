/* C twin of Programs/HelperNat.cs: the TcNat rewrite through the skb helpers. */
#include "common.h"
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/udp.h>

#define FRONTEND 0x0A0000FE
#define BACKEND 0x0A010203
#define FRONTEND_PORT 8080
#define BACKEND_PORT 80
#define ETH_LEN 14
#define IP_CHECK_OFF (ETH_LEN + 10)
#define IP_DST_OFF (ETH_LEN + 16)

static long (*bpf_skb_load_bytes)(const void *skb, __u32 offset, void *to, __u32 len) = (void *)BPF_FUNC_skb_load_bytes;
static long (*bpf_skb_store_bytes)(void *skb, __u32 offset, const void *from, __u32 len, __u64 flags) = (void *)BPF_FUNC_skb_store_bytes;
static long (*bpf_l3_csum_replace)(void *skb, __u32 offset, __u64 from, __u64 to, __u64 size) = (void *)BPF_FUNC_l3_csum_replace;
static long (*bpf_l4_csum_replace)(void *skb, __u32 offset, __u64 from, __u64 to, __u64 flags) = (void *)BPF_FUNC_l4_csum_replace;
static __s64 (*bpf_csum_diff)(__be32 *from, __u32 from_size, __be32 *to, __u32 to_size, __wsum seed) = (void *)BPF_FUNC_csum_diff;

enum { REWRITTEN_TCP, REWRITTEN_UDP, UDP_NO_CHECKSUM, UNTOUCHED };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} HelperNatStats SEC(".maps");

static __always_inline int count(__u32 slot)
{
	__u64 *c = bpf_map_lookup_elem(&HelperNatStats, &slot);
	if (c)
		__sync_fetch_and_add(c, 1);
	return TC_ACT_OK;
}

SEC("tc")
int Dnat(struct __sk_buff *skb)
{
	__u16 ether_type;
	if (bpf_skb_load_bytes(skb, 12, &ether_type, 2) != 0 || ether_type != bpf_htons(ETH_P_IP))
		return count(UNTOUCHED);
	struct iphdr ip;
	if (bpf_skb_load_bytes(skb, ETH_LEN, &ip, sizeof(ip)) != 0)
		return count(UNTOUCHED);
	if (ip.daddr != bpf_htonl(FRONTEND))
		return count(UNTOUCHED);
	if ((ip.frag_off & bpf_htons(0x1fff)) != 0)
		return count(UNTOUCHED);
	__u32 ihl = ip.ihl * 4;
	if (ihl < sizeof(struct iphdr))
		return TC_ACT_SHOT;
	__u32 l4 = ETH_LEN + ihl;

	__u16 port;
	__u32 check_off;
	int tcp = ip.protocol == IPPROTO_TCP;
	if (tcp) {
		struct tcphdr th;
		if (bpf_skb_load_bytes(skb, l4, &th, sizeof(th)) != 0)
			return count(UNTOUCHED);
		port = th.dest;
		check_off = l4 + 16;
	} else if (ip.protocol == IPPROTO_UDP) {
		struct udphdr uh;
		if (bpf_skb_load_bytes(skb, l4, &uh, sizeof(uh)) != 0)
			return count(UNTOUCHED);
		port = uh.dest;
		check_off = uh.check != 0 ? l4 + 6 : 0;
	} else {
		return count(UNTOUCHED);
	}
	if (port != bpf_htons(FRONTEND_PORT))
		return count(UNTOUCHED);

	__u32 old_ip = ip.daddr;
	__u32 new_ip = bpf_htonl(BACKEND);
	__u16 new_port = bpf_htons(BACKEND_PORT);
	if (check_off != 0) {
		__s64 diff = bpf_csum_diff(&old_ip, 4, &new_ip, 4, 0);
		if (diff < 0)
			return TC_ACT_SHOT;
		if (bpf_l4_csum_replace(skb, check_off, 0, (__u32)diff, BPF_F_PSEUDO_HDR) != 0)
			return TC_ACT_SHOT;
		if (bpf_l4_csum_replace(skb, check_off, port, new_port, 2) != 0)
			return TC_ACT_SHOT;
	}
	if (bpf_skb_store_bytes(skb, l4 + 2, &new_port, 2, 0) != 0)
		return TC_ACT_SHOT;
	if (bpf_l3_csum_replace(skb, IP_CHECK_OFF, old_ip, new_ip, 4) != 0)
		return TC_ACT_SHOT;
	if (bpf_skb_store_bytes(skb, IP_DST_OFF, &new_ip, 4, BPF_F_RECOMPUTE_CSUM) != 0)
		return TC_ACT_SHOT;
	return count(tcp ? REWRITTEN_TCP : check_off != 0 ? REWRITTEN_UDP : UDP_NO_CHECKSUM);
}

char LICENSE[] SEC("license") = "GPL";
