#include "bpf_test.h"

/* shared_counter is pinned by name through BpfLoadOptions; two loads must share it. */
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } shared_counter SEC(".maps");

/* declared_pin asks libbpf itself to pin it (pinning = LIBBPF_PIN_BY_NAME) under the pin root. */
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 8); __type(key, __u32); __type(value, __u32); __uint(pinning, LIBBPF_PIN_BY_NAME); } declared_pin SEC(".maps");

SEC("xdp")
int xdp_bump_shared(struct xdp_md *ctx)
{
    __u32 zero = 0;
    __u64 *value = bpf_map_lookup_elem(&shared_counter, &zero);
    if (value)
        __sync_fetch_and_add(value, 1);
    return XDP_PASS;
}
