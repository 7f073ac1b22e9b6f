#include "bpf_test.h"

/* Sums the Ethernet header (checked), then reads past it without comparing with data_end:
 * the verifier refuses. The checked part makes a verbose log longer than 1 KiB. */
SEC("xdp")
int xdp_unchecked_read(struct xdp_md *ctx)
{
    unsigned char *data = (void *)(long)ctx->data;
    unsigned char *data_end = (void *)(long)ctx->data_end;
    __u32 sum = 0;
    if (data + ETH_HLEN <= data_end) {
#pragma unroll
        for (int i = 0; i < ETH_HLEN; i++)
            sum += data[i];
    }
    if (data[20] == sum)
        return XDP_DROP;
    return XDP_PASS;
}
