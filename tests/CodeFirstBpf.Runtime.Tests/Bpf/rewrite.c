#include "bpf_test.h"

/* IPv4 frames are sent back with their MAC addresses swapped; anything else passes. */
SEC("xdp")
int xdp_swap_macs(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > data_end)
        return XDP_ABORTED;
    if (eth->h_proto != bswap16(ETH_P_IP))
        return XDP_PASS;
    unsigned char tmp[ETH_ALEN];
    __builtin_memcpy(tmp, eth->h_dest, ETH_ALEN);
    __builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
    __builtin_memcpy(eth->h_source, tmp, ETH_ALEN);
    return XDP_TX;
}

SEC("xdp")
int xdp_drop_everything(struct xdp_md *ctx)
{
    return XDP_DROP;
}

/* UDP is dropped; other IPv4 packets leave with TTL 1. */
SEC("tc")
int tc_clamp_ttl(struct __sk_buff *skb)
{
    void *data = (void *)(long)skb->data;
    void *data_end = (void *)(long)skb->data_end;
    struct ethhdr *eth = data;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > data_end)
        return TC_ACT_OK;
    if (eth->h_proto != bswap16(ETH_P_IP))
        return TC_ACT_OK;
    if (ip->protocol == IPPROTO_UDP)
        return TC_ACT_SHOT;
    ip->ttl = 1;
    return TC_ACT_OK;
}
