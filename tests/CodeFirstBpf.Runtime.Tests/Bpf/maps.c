#include "bpf_test.h"

/* Each program reads a map userspace wrote and writes another map userspace reads back. */

struct flow_key { __u32 address; __u16 port; __u16 protocol; };
struct flow_stats { __u64 packets; __u64 bytes; };

struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 4); __type(key, __u32); __type(value, __u64); } array_in SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 4); __type(key, __u32); __type(value, __u64); } array_out SEC(".maps");

SEC("xdp")
int xdp_array(struct xdp_md *ctx)
{
    __u32 in = 0, out = 1;
    __u64 *value = bpf_map_lookup_elem(&array_in, &in);
    __u64 *result = bpf_map_lookup_elem(&array_out, &out);
    if (!value || !result)
        return XDP_ABORTED;
    *result = *value * 2;
    return XDP_PASS;
}

struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 128); __type(key, struct flow_key); __type(value, struct flow_stats); } hash_in SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 128); __type(key, struct flow_key); __type(value, struct flow_stats); } hash_out SEC(".maps");

SEC("xdp")
int xdp_hash(struct xdp_md *ctx)
{
    struct flow_key key = { .address = 0x0a000001, .port = 80, .protocol = 6 };
    struct flow_stats *stats = bpf_map_lookup_elem(&hash_in, &key);
    if (!stats)
        return XDP_DROP;
    struct flow_stats doubled = { stats->packets * 2, stats->bytes * 2 };
    key.port = 81;
    bpf_map_update_elem(&hash_out, &key, &doubled, BPF_ANY);
    return XDP_PASS;
}

struct { __uint(type, BPF_MAP_TYPE_LRU_HASH); __uint(max_entries, 128); __type(key, __u64); __type(value, __u64); } lru_in SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_LRU_HASH); __uint(max_entries, 128); __type(key, __u64); __type(value, __u64); } lru_out SEC(".maps");

SEC("xdp")
int xdp_lru(struct xdp_md *ctx)
{
    __u64 key = 0x1122334455ULL;
    __u64 *value = bpf_map_lookup_elem(&lru_in, &key);
    if (!value)
        return XDP_DROP;
    __u64 next = *value + 1;
    key++;
    bpf_map_update_elem(&lru_out, &key, &next, BPF_ANY);
    return XDP_PASS;
}

struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, __u64); } percpu_array_in SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, __u64); } percpu_array_out SEC(".maps");

SEC("xdp")
int xdp_percpu_array(struct xdp_md *ctx)
{
    __u32 index = 0;
    __u64 *value = bpf_map_lookup_elem(&percpu_array_in, &index);
    index = 1;
    __u64 *result = bpf_map_lookup_elem(&percpu_array_out, &index);
    if (!value || !result)
        return XDP_ABORTED;
    *result += *value;
    return XDP_PASS;
}

struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __uint(max_entries, 64); __type(key, __u32); __type(value, __u32); } percpu_hash_in SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __uint(max_entries, 64); __type(key, __u32); __type(value, __u32); } percpu_hash_out SEC(".maps");

SEC("xdp")
int xdp_percpu_hash(struct xdp_md *ctx)
{
    __u32 key = 5;
    __u32 *value = bpf_map_lookup_elem(&percpu_hash_in, &key);
    if (!value)
        return XDP_DROP;
    __u32 result = *value + 3;
    key = 6;
    bpf_map_update_elem(&percpu_hash_out, &key, &result, BPF_ANY);
    return XDP_PASS;
}

struct { __uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH); __uint(max_entries, 64); __type(key, struct flow_key); __type(value, struct flow_stats); } lru_percpu_in SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH); __uint(max_entries, 64); __type(key, struct flow_key); __type(value, struct flow_stats); } lru_percpu_out SEC(".maps");

SEC("xdp")
int xdp_lru_percpu(struct xdp_md *ctx)
{
    struct flow_key key = { .address = 0xc0a80001, .port = 53, .protocol = 17 };
    struct flow_stats *stats = bpf_map_lookup_elem(&lru_percpu_in, &key);
    if (!stats)
        return XDP_DROP;
    struct flow_stats next = { stats->packets + 1, stats->bytes + 100 };
    bpf_map_update_elem(&lru_percpu_out, &key, &next, BPF_ANY);
    return XDP_PASS;
}
