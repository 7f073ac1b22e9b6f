#include "bpf_test.h"

/* bad_btf.c's unnamed parameter (the kernel rejects the BTF), and a packet read without a bounds
 * check (the verifier rejects the program): the verifier error has no source line to show. */
__attribute__((noinline)) int add_one(int value, int)
{
    return value + 1;
}

SEC("xdp")
int xdp_reads_unchecked(struct xdp_md *ctx)
{
    unsigned char *data = (unsigned char *)(long)ctx->data;
    return add_one(*data, 0) ? XDP_PASS : XDP_DROP;
}
