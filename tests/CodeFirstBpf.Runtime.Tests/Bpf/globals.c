#include "bpf_test.h"

const volatile __u32 min_length = 100; /* .rodata: set before load */
__u64 dropped;                         /* .bss */
__u64 passed = 5;                      /* .data */

/* Drops frames shorter than min_length, counting both outcomes in globals. */
SEC("xdp")
int xdp_drop_short(struct xdp_md *ctx)
{
    __u64 length = ctx->data_end - ctx->data;
    if (length < min_length) {
        __sync_fetch_and_add(&dropped, 1);
        return XDP_DROP;
    }
    __sync_fetch_and_add(&passed, 1);
    return XDP_PASS;
}
