#include "bpf_test.h"

static long (*bpf_ringbuf_output)(void *ringbuf, void *data, __u64 size, __u64 flags) = (void *) 130;

struct packet_event { __u32 length; __u32 protocol; __u64 sequence; };

struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } events SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } sequence SEC(".maps");

/* Every run submits one event with the frame's length and EtherType and a running number. */
SEC("xdp")
int xdp_report(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    __u32 zero = 0;
    __u64 *next = bpf_map_lookup_elem(&sequence, &zero);
    if ((void *)(eth + 1) > data_end || !next)
        return XDP_ABORTED;
    struct packet_event event = { (__u32)(data_end - data), bswap16(eth->h_proto), (*next)++ };
    bpf_ringbuf_output(&events, &event, sizeof(event), 0);
    return XDP_PASS;
}
