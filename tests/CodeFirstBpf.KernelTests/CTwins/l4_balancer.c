/* C twin of Programs/Large/L4Balancer*.cs: a Katran-style XDP L4 balancer. */
#include "common.h"
#include "checksum.h"
#include "jhash.h"
#include "l4_balancer.h"
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>

static long (*bpf_xdp_adjust_head)(struct xdp_md *ctx, int delta) = (void *)BPF_FUNC_xdp_adjust_head;

#define CONTROL_TYPE 0x88B6
#define RING_SIZE 32
#define MAX_VIPS 8
#define MAX_REALS 64
#define NO_REAL 0xFFFFFFFFu
#define VIP_SOURCE_HASH 1
#define VIP_NO_LRU 2
#define REAL_VALID 1
#define REAL_IPV6 2
#define TCP_SYN 0x02
#define ROUTER_MAC_HIGH 0x00AA0002u
#define ROUTER_MAC_LOW 0x0101

enum { PARSED_OK, PARSED_PASS, PARSED_DROP, PARSED_ECHO };
enum {
	PASS_NOT_IP, CONTROL_APPLIED, CONTROL_REJECTED, MALFORMED, FRAGMENT, VIP_MISS,
	CONNECTION_HIT, CONNECTION_NEW, NO_REAL_FOUND, ENCAP_IPIP, ENCAP_IPV6, ADJUST_FAILED,
	ECHO_ANSWERED, IPV4_OPTIONS, FAMILY_MISMATCH, NOT_BALANCED,
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, struct lb_vip_key);
	__type(value, struct lb_vip_meta);
} LbVips SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u32);
} LbRing SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, struct lb_real);
} LbReals SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, struct lb_flow_key);
	__type(value, struct lb_connection);
} LbConnections SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, struct lb_traffic);
} LbVipTraffic SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} LbCounters SEC(".maps");

static __always_inline void bump(__u32 slot)
{
	__u64 *c = bpf_map_lookup_elem(&LbCounters, &slot);
	if (c)
		*c += 1;
}

static __always_inline int count(__u32 slot, int verdict)
{
	bump(slot);
	return verdict;
}

#include "l4_balancer_control.h"
#include "l4_balancer_packet.h"

static __noinline __u32 HashFlow(struct lb_flow_key *flow, _Bool source_only)
{
	__u32 a = flow->source[0] ^ flow->source[1] ^ flow->source[2] ^ flow->source[3];
	if (source_only)
		return jhash_final(a, 0x9E3779B9u, flow->protocol);
	__u32 b = flow->destination[0] ^ flow->destination[1] ^ flow->destination[2] ^ flow->destination[3];
	__u32 c = (((__u32)flow->source_port << 16) | flow->destination_port) ^ ((__u32)flow->protocol << 8);
	return jhash_final(a, b, c);
}

static __noinline __u32 ChooseReal(struct lb_packet *pkt, __u32 vip_number, __u32 vip_flags, _Bool syn)
{
	_Bool use_table = (vip_flags & VIP_NO_LRU) == 0;
	if (use_table && !syn) {
		struct lb_connection *known = bpf_map_lookup_elem(&LbConnections, &pkt->flow);
		if (known) {
			known->packets += 1;
			bump(CONNECTION_HIT);
			return known->real;
		}
	}
	__u32 hash = HashFlow(&pkt->flow, (vip_flags & VIP_SOURCE_HASH) != 0);
	__u32 index = vip_number * RING_SIZE + (hash & (RING_SIZE - 1));
	__u32 *slot = bpf_map_lookup_elem(&LbRing, &index);
	if (!slot)
		return NO_REAL;
	__u32 chosen = *slot;
	if (use_table) {
		struct lb_connection fresh = {};
		fresh.real = chosen;
		fresh.packets = 1;
		bpf_map_update_elem(&LbConnections, &pkt->flow, &fresh, BPF_ANY);
	}
	bump(CONNECTION_NEW);
	return chosen;
}

SEC("xdp")
int Balance(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > end)
		return count(MALFORMED, XDP_DROP);
	if (eth->h_proto == bpf_htons(CONTROL_TYPE))
		return count(ApplyControl((__u8 *)(eth + 1), end) ? CONTROL_APPLIED : CONTROL_REJECTED, XDP_DROP);

	struct lb_packet pkt = {};
	int parsed;
	if (eth->h_proto == bpf_htons(ETH_P_IP))
		parsed = ParseIpv4(data, end, &pkt);
	else if (eth->h_proto == bpf_htons(ETH_P_IPV6))
		parsed = ParseIpv6(data, end, &pkt);
	else
		return count(PASS_NOT_IP, XDP_PASS);
	if (parsed == PARSED_PASS)
		return XDP_PASS;
	if (parsed == PARSED_DROP)
		return XDP_DROP;
	_Bool ipv6 = pkt.is_ipv6 != 0;

	struct lb_vip_key vip = {};
	vip.address[0] = pkt.flow.destination[0];
	vip.address[1] = pkt.flow.destination[1];
	vip.address[2] = pkt.flow.destination[2];
	vip.address[3] = pkt.flow.destination[3];
	vip.port = pkt.flow.destination_port;
	vip.protocol = pkt.flow.protocol;
	struct lb_vip_meta *meta = bpf_map_lookup_elem(&LbVips, &vip);
	if (!meta) {
		vip.port = 0;
		meta = bpf_map_lookup_elem(&LbVips, &vip);
		if (!meta)
			return count(VIP_MISS, XDP_PASS);
	}
	if (parsed == PARSED_ECHO)
		return ipv6 ? AnswerEcho6(data, end) : AnswerEcho4(data, end);
	__u32 vip_number = meta->vip_number;
	__u32 vip_flags = meta->flags;
	struct lb_traffic *traffic = bpf_map_lookup_elem(&LbVipTraffic, &vip_number);
	if (traffic) {
		traffic->packets += 1;
		traffic->bytes += pkt.length;
	}

	_Bool syn = pkt.flow.protocol == IPPROTO_TCP && (pkt.tcp_flags & TCP_SYN) != 0;
	__u32 real_index = ChooseReal(&pkt, vip_number, vip_flags, syn);
	struct lb_real *real = bpf_map_lookup_elem(&LbReals, &real_index);
	if (!real || (real->flags & REAL_VALID) == 0)
		return count(NO_REAL_FOUND, XDP_DROP);
	_Bool outer_ipv6 = (real->flags & REAL_IPV6) != 0;
	if (ipv6 && !outer_ipv6)
		return count(FAMILY_MISMATCH, XDP_DROP);

	__u32 mac_high = *(__u32 *)eth->h_dest;
	__u16 mac_low = *(__u16 *)(eth->h_dest + 4);
	int grow = outer_ipv6 ? (int)sizeof(struct ipv6hdr) : (int)sizeof(struct iphdr);
	if (bpf_xdp_adjust_head(ctx, -grow) != 0)
		return count(ADJUST_FAILED, XDP_DROP);
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	struct ethhdr *outer = data;
	if ((void *)(outer + 1) > end)
		return count(MALFORMED, XDP_DROP);
	*(__u32 *)outer->h_dest = ROUTER_MAC_HIGH;
	*(__u16 *)(outer->h_dest + 4) = (__u16)ROUTER_MAC_LOW;
	*(__u32 *)outer->h_source = mac_high;
	*(__u16 *)(outer->h_source + 4) = mac_low;
	if (outer_ipv6) {
		struct ipv6hdr *ip6 = (void *)(outer + 1);
		if ((void *)(ip6 + 1) > end)
			return count(MALFORMED, XDP_DROP);
		outer->h_proto = bpf_htons(ETH_P_IPV6);
		WriteOuterIpv6(ip6, &pkt, real, ipv6);
		return count(ENCAP_IPV6, XDP_TX);
	}
	struct iphdr *ip = (void *)(outer + 1);
	if ((void *)(ip + 1) > end)
		return count(MALFORMED, XDP_DROP);
	outer->h_proto = bpf_htons(ETH_P_IP);
	WriteOuterIpv4(ip, &pkt, real);
	return count(ENCAP_IPIP, XDP_TX);
}

char LICENSE[] SEC("license") = "GPL";
