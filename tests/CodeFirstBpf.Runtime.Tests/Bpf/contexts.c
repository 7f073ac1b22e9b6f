#include "bpf_test.h"

/* Bumps the mark, sets the priority and drops packets whose device is loopback. */
SEC("tc")
int tc_touch_skb(struct __sk_buff *skb)
{
    skb->mark = skb->mark + 1;
    skb->priority = 7;
    return skb->ifindex == 1 ? TC_ACT_SHOT : TC_ACT_OK;
}

/* Drops frames received on loopback (ifindex 1). */
SEC("xdp")
int xdp_by_ingress(struct xdp_md *ctx)
{
    return ctx->ingress_ifindex == 1 ? XDP_DROP : XDP_PASS;
}
