/* C twin of Programs/Sockets/LookupDispatch.cs: a socket-lookup dispatcher over a sockmap. */
#include "common.h"

static long (*bpf_sk_assign)(void *ctx, void *sk, __u64 flags) = (void *)BPF_FUNC_sk_assign;
static long (*bpf_sk_release)(void *sk) = (void *)BPF_FUNC_sk_release;

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} Sockets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} Outcomes SEC(".maps");

static __always_inline int count(__u32 outcome, int action)
{
	__u64 *n = bpf_map_lookup_elem(&Outcomes, &outcome);
	if (n)
		*n += 1;
	return action;
}

static __always_inline long assign_slot(struct bpf_sk_lookup *ctx, __u32 slot, __u64 flags)
{
	struct bpf_sock *sk = bpf_map_lookup_elem(&Sockets, &slot);
	if (!sk)
		return -2;
	long err = bpf_sk_assign(ctx, sk, flags | 2);
	bpf_sk_release(sk);
	return err;
}

SEC("sk_lookup")
int Dispatch(struct bpf_sk_lookup *ctx)
{
	__u32 port = ctx->local_port;
	if (port < 7000 || port >= 7400)
		return count(7, SK_PASS);
	if (ctx->family == 2 && bpf_ntohl(ctx->remote_ip4) >> 24 == 10)
		return count(6, SK_DROP);
	if (ctx->family == 10 && (bpf_ntohl(ctx->remote_ip6[0]) & 0xFE000000) == 0xFC000000)
		return count(6, SK_DROP);
	__u32 band = (port - 7000) / 100;
	__u32 slot = band == 1 ? port % 4 : ctx->protocol == 17 ? 1 : ctx->family == 10 ? 2 + (ctx->local_ip6[3] & 1) : 0;
	long err = assign_slot(ctx, slot, 0);
	if (band == 2) {
		__u64 replace = (bpf_ntohs((__u16)ctx->remote_port) & 1) == 0 ? 1 : 0;
		err = assign_slot(ctx, (slot + 2) % 4, replace);
	} else if (band == 3 && err == 0) {
		err = bpf_sk_assign(ctx, 0, 1);
	}
	__u32 outcome = err == 0 ? 0 : err == -91 ? 1 : err == -97 ? 2 : err == -17 ? 3 : 4;
	return count(outcome, err == 0 || band == 1 ? SK_PASS : SK_DROP);
}

char LICENSE[] SEC("license") = "GPL";
