#include "bpf_test.h"

/* Counters for the attach tests; only test frames count, so background traffic does not. */

struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } xdp_seen SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } tc_ingress_seen SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } tc_egress_seen SEC(".maps");

static inline __attribute__((always_inline)) int is_test_frame(void *data, void *data_end)
{
    struct ethhdr *eth = data;
    return (void *)(eth + 1) <= data_end && eth->h_proto == bswap16(TEST_ETHERTYPE);
}

static inline __attribute__((always_inline)) void count(void *map)
{
    __u32 zero = 0;
    __u64 *value = bpf_map_lookup_elem(map, &zero);
    if (value)
        __sync_fetch_and_add(value, 1);
}

SEC("xdp")
int xdp_count_test_frames(struct xdp_md *ctx)
{
    if (is_test_frame((void *)(long)ctx->data, (void *)(long)ctx->data_end))
        count(&xdp_seen);
    return XDP_PASS;
}

SEC("tc")
int tc_count_ingress(struct __sk_buff *skb)
{
    if (is_test_frame((void *)(long)skb->data, (void *)(long)skb->data_end))
        count(&tc_ingress_seen);
    return TC_ACT_OK;
}

SEC("tc")
int tc_count_egress(struct __sk_buff *skb)
{
    if (is_test_frame((void *)(long)skb->data, (void *)(long)skb->data_end))
        count(&tc_egress_seen);
    return TC_ACT_OK;
}
