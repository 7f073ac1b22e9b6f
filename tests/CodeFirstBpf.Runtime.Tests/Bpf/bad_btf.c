#include "bpf_test.h"

/* A global function with an unnamed parameter: the kernel rejects the BTF ("Invalid arg#2"),
 * and libbpf goes on without it after printing "BTF loading error". */
__attribute__((noinline)) int add_one(int value, int)
{
    return value + 1;
}

SEC("xdp")
int xdp_with_bad_btf(struct xdp_md *ctx)
{
    return add_one(ctx->ingress_ifindex, 0) ? XDP_PASS : XDP_DROP;
}
