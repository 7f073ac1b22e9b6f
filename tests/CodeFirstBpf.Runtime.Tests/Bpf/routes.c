#include "bpf_test.h"

#define BPF_F_NO_PREALLOC (1U << 0)

struct ipv4_prefix { __u32 prefixlen; __u32 address; };

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __uint(max_entries, 64);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __type(key, struct ipv4_prefix);
    __type(value, __u32);
} routes SEC(".maps");

/* The verdict for an IPv4 frame is the value of the longest prefix matching its source address. */
SEC("xdp")
int xdp_route_by_source(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > data_end || eth->h_proto != bswap16(ETH_P_IP))
        return XDP_PASS;
    struct ipv4_prefix key = { 32, ip->saddr };
    __u32 *verdict = bpf_map_lookup_elem(&routes, &key);
    return verdict ? *verdict : XDP_PASS;
}
