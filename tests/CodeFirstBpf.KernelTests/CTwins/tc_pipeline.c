/* C twin of Programs/Large/TcPipeline*.cs: a Calico-style TC pipeline (conntrack, NAT, policy, routes). */
#include "common.h"
#include "jhash.h"
#include "tc_pipeline.h"
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/udp.h>

static long (*bpf_skb_store_bytes)(void *skb, __u32 offset, const void *from, __u32 len, __u64 flags) = (void *)BPF_FUNC_skb_store_bytes;
static long (*bpf_l3_csum_replace)(void *skb, __u32 offset, __u64 from, __u64 to, __u64 size) = (void *)BPF_FUNC_l3_csum_replace;
static long (*bpf_l4_csum_replace)(void *skb, __u32 offset, __u64 from, __u64 to, __u64 flags) = (void *)BPF_FUNC_l4_csum_replace;

#define CONTROL_TYPE 0x88B6
#define VERDICT_OK 0
#define VERDICT_SHOT 2
#define ROUTE_LOCAL 1
#define IP_TTL_OFF (14 + 8)
#define IP_CHECK_OFF (14 + 10)
#define IP_SRC_OFF (14 + 12)
#define IP_DST_OFF (14 + 16)

enum { PARSED_OK, PARSED_PASS, PARSED_DROP };
enum { PLAN_NONE, PLAN_DNAT, PLAN_SNAT };
enum {
	NOT_IPV4, CONTROL_APPLIED, CONTROL_REJECTED, MALFORMED, FRAGMENT, UNTRACKED,
	CT_HIT, CT_NEW, CT_INVALID, CT_RESET, NOT_SYN, NAT_DNAT, NAT_SNAT, NO_BACKEND,
	POLICY_DENY, POLICY_ALLOW, ROUTE_MISS, TTL_EXCEEDED, FORWARDED, LOCAL,
	REWRITE_FAILED, CT_ESTABLISHED, CT_CLOSED, IPV6_SEEN, CT_FULL,
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, struct pl_ct_key);
	__type(value, struct pl_ct_entry);
} PlConntrack SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, struct pl_nat_key);
	__type(value, struct pl_service);
} PlFrontends SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, struct pl_backend_key);
	__type(value, struct pl_backend);
} PlBackends SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 64);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct pl_lpm_key);
	__type(value, struct pl_route);
} PlRoutes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 64);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct pl_lpm_key);
	__type(value, __u32);
} PlPolicySets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, struct pl_rule_key);
	__type(value, __u32);
} PlRules SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 32);
	__type(key, __u32);
	__type(value, __u64);
} PlCounters SEC(".maps");

static __always_inline void bump(__u32 slot)
{
	__u64 *c = bpf_map_lookup_elem(&PlCounters, &slot);
	if (c)
		*c += 1;
}

static __always_inline int count(__u32 slot, int verdict)
{
	bump(slot);
	return verdict;
}

#include "tc_pipeline_control.h"
#include "tc_pipeline_conntrack.h"

static __noinline int Parse(void *data, void *end, struct pl_packet *pkt)
{
	struct iphdr *ip = data + sizeof(struct ethhdr);
	if ((void *)(ip + 1) > end)
		return count(MALFORMED, PARSED_DROP);
	int ihl = ip->ihl * 4;
	if (ihl < (int)sizeof(struct iphdr))
		return count(MALFORMED, PARSED_DROP);
	if ((ip->frag_off & bpf_htons(0x1FFF)) != 0)
		return count(FRAGMENT, PARSED_PASS);
	pkt->source = ip->saddr;
	pkt->destination = ip->daddr;
	pkt->protocol = ip->protocol;
	pkt->ttl = ip->ttl;
	pkt->l4_offset = (__u32)(sizeof(struct ethhdr) + ihl);
	pkt->length = (__u32)(end - data);
	__u8 *l4 = (__u8 *)ip + ihl;
	if (ip->protocol == IPPROTO_TCP) {
		struct tcphdr *tcp = (void *)l4;
		if ((void *)(tcp + 1) > end)
			return count(MALFORMED, PARSED_DROP);
		pkt->source_port = tcp->source;
		pkt->destination_port = tcp->dest;
		pkt->tcp_flags = ((__u8 *)tcp)[13];
		return PARSED_OK;
	}
	if (ip->protocol == IPPROTO_UDP) {
		struct udphdr *udp = (void *)l4;
		if ((void *)(udp + 1) > end)
			return count(MALFORMED, PARSED_DROP);
		pkt->source_port = udp->source;
		pkt->destination_port = udp->dest;
		pkt->udp_checksummed = udp->check != 0 ? 1 : 0;
		return PARSED_OK;
	}
	if (ip->protocol == IPPROTO_ICMP) {
		struct pl_icmp *icmp = (void *)l4;
		if ((void *)(icmp + 1) > end)
			return count(MALFORMED, PARSED_DROP);
		__u16 id = (__u16)icmp->rest;
		if (icmp->type == 8) {
			pkt->source_port = id;
			return PARSED_OK;
		}
		if (icmp->type == 0) {
			pkt->destination_port = id;
			return PARSED_OK;
		}
	}
	return count(UNTRACKED, PARSED_PASS);
}

static __always_inline _Bool rewrite(struct __sk_buff *skb, struct pl_packet *pkt, struct pl_nat_plan *plan)
{
	_Bool source = plan->action == PLAN_SNAT;
	__u32 old_address = source ? pkt->source : pkt->destination;
	__u16 old_port = source ? pkt->source_port : pkt->destination_port;
	__u32 new_address = plan->address;
	__u16 new_port = plan->port;
	__u32 l4 = pkt->l4_offset;
	__u32 check = pkt->protocol == IPPROTO_TCP ? l4 + 16 : pkt->udp_checksummed != 0 ? l4 + 6 : 0;
	if (check != 0) {
		if (bpf_l4_csum_replace(skb, check, old_address, new_address, 4 | BPF_F_PSEUDO_HDR) != 0)
			return 0;
		if (bpf_l4_csum_replace(skb, check, old_port, new_port, 2) != 0)
			return 0;
	}
	if (bpf_skb_store_bytes(skb, source ? l4 : l4 + 2, &new_port, 2, 0) != 0)
		return 0;
	if (bpf_l3_csum_replace(skb, IP_CHECK_OFF, old_address, new_address, 4) != 0)
		return 0;
	if (bpf_skb_store_bytes(skb, source ? IP_SRC_OFF : IP_DST_OFF, &new_address, 4, 0) != 0)
		return 0;
	if (source) {
		pkt->source = new_address;
		pkt->source_port = new_port;
	} else {
		pkt->destination = new_address;
		pkt->destination_port = new_port;
	}
	return 1;
}

static __always_inline int forward(struct __sk_buff *skb, struct pl_packet *pkt)
{
	struct pl_lpm_key key = { .prefix_length = 32, .data = pkt->destination };
	struct pl_route *route = bpf_map_lookup_elem(&PlRoutes, &key);
	if (!route)
		return count(ROUTE_MISS, TC_ACT_SHOT);
	if ((route->flags & ROUTE_LOCAL) != 0)
		return count(LOCAL, TC_ACT_OK);
	__u32 if_index = route->if_index;
	if (pkt->ttl <= 1)
		return count(TTL_EXCEEDED, TC_ACT_SHOT);
	__u16 old_word = (__u16)(pkt->ttl | (pkt->protocol << 8));
	__u8 ttl = (__u8)(pkt->ttl - 1);
	__u16 new_word = (__u16)(ttl | (pkt->protocol << 8));
	if (bpf_l3_csum_replace(skb, IP_CHECK_OFF, old_word, new_word, 2) != 0)
		return count(REWRITE_FAILED, TC_ACT_SHOT);
	if (bpf_skb_store_bytes(skb, IP_TTL_OFF, &ttl, 1, 0) != 0)
		return count(REWRITE_FAILED, TC_ACT_SHOT);
	skb->mark = if_index;
	return count(FORWARDED, TC_ACT_OK);
}

SEC("tc")
int Process(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > end)
		return count(MALFORMED, TC_ACT_SHOT);
	if (eth->h_proto == bpf_htons(CONTROL_TYPE))
		return count(ApplyControl((struct pl_control *)(eth + 1), end) ? CONTROL_APPLIED : CONTROL_REJECTED, TC_ACT_SHOT);
	if (eth->h_proto == bpf_htons(ETH_P_IPV6))
		return count(IPV6_SEEN, TC_ACT_OK);
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return count(NOT_IPV4, TC_ACT_OK);

	struct pl_packet pkt = {};
	int parsed = Parse(data, end, &pkt);
	if (parsed == PARSED_PASS)
		return TC_ACT_OK;
	if (parsed == PARSED_DROP)
		return TC_ACT_SHOT;
	struct pl_nat_plan plan = {};
	if (Conntrack(&pkt, &plan) != VERDICT_OK)
		return TC_ACT_SHOT;
	if (plan.action != PLAN_NONE) {
		if (!rewrite(skb, &pkt, &plan))
			return count(REWRITE_FAILED, TC_ACT_SHOT);
		bump(plan.action == PLAN_DNAT ? NAT_DNAT : NAT_SNAT);
	}
	return forward(skb, &pkt);
}

char LICENSE[] SEC("license") = "GPL";
