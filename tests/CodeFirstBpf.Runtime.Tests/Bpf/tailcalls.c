#include "bpf_test.h"

static long (*bpf_tail_call)(void *ctx, void *map, __u32 index) = (void *) 12;

struct { __uint(type, BPF_MAP_TYPE_PROG_ARRAY); __uint(max_entries, 4); __type(key, __u32); __type(value, __u32); } jump_table SEC(".maps");

/* Jumps to slot 1 of the table; passes when the slot is empty. */
SEC("xdp")
int xdp_dispatch(struct xdp_md *ctx)
{
    bpf_tail_call(ctx, &jump_table, 1);
    return XDP_PASS;
}

SEC("xdp")
int xdp_target_drop(struct xdp_md *ctx)
{
    return XDP_DROP;
}

SEC("xdp")
int xdp_target_tx(struct xdp_md *ctx)
{
    return XDP_TX;
}
