/* C twin of Programs/SignedMath.cs. With -mcpu=v3 clang cannot select sdiv/srem either, so the
 * C side divides the way a C programmer targeting v3 would: unsigned division on magnitudes,
 * truncating toward zero, remainder taking the dividend's sign (C and C# agree on that). */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __s64);
} Results SEC(".maps");

static __always_inline __s64 sdiv64(__s64 a, __s64 b)
{
	__u64 ua = a < 0 ? -(__u64)a : (__u64)a, ub = b < 0 ? -(__u64)b : (__u64)b;
	__u64 q = ua / ub;
	return ((a < 0) != (b < 0)) ? -(__s64)q : (__s64)q;
}

static __always_inline __s64 srem64(__s64 a, __s64 b)
{
	__u64 ua = a < 0 ? -(__u64)a : (__u64)a, ub = b < 0 ? -(__u64)b : (__u64)b;
	__u64 r = ua % ub;
	return a < 0 ? -(__s64)r : (__s64)r;
}

static __always_inline __s32 sdiv32(__s32 a, __s32 b)
{
	__u32 ua = a < 0 ? -(__u32)a : (__u32)a, ub = b < 0 ? -(__u32)b : (__u32)b;
	__u32 q = ua / ub;
	return ((a < 0) != (b < 0)) ? -(__s32)q : (__s32)q;
}

static __always_inline __s32 srem32(__s32 a, __s32 b)
{
	__u32 ua = a < 0 ? -(__u32)a : (__u32)a, ub = b < 0 ? -(__u32)b : (__u32)b;
	__u32 r = ua % ub;
	return a < 0 ? -(__s32)r : (__s32)r;
}

static __always_inline void store(__u32 index, __s64 value)
{
	__s64 *slot = bpf_map_lookup_elem(&Results, &index);
	if (slot)
		*slot = value;
}

SEC("xdp")
int Divide(struct xdp_md *ctx)
{
	__u8 *d = (void *)(long)ctx->data;
	__u8 *end = (void *)(long)ctx->data_end;
	if (d + 34 > end)
		return XDP_PASS;
	__s32 a = *(__s32 *)(d + 14);
	__s32 b = *(__s32 *)(d + 18) | 1;
	__s64 c = *(__s64 *)(d + 22);
	__s16 s = *(__s16 *)(d + 30);
	if (a == (__s32)0x80000000)
		a = 0;
	if (c == (__s64)0x8000000000000000ULL)
		c = 0;
	__s32 len = (__s32)((long)end - (long)d);
	__s64 frames = (__s64)((__u64)((long)end - (long)d) / 14);
	store(0, sdiv32(a, b));
	store(1, srem32(a, b));
	store(2, sdiv32(a, 4));
	store(3, srem32(a, 7));
	store(4, sdiv64(c, b));
	store(5, srem64(c, 1000));
	store(6, sdiv32(s, 3));
	store(7, sdiv32(len, 3) - frames);
	return sdiv32(a, b) & 3;
}

char LICENSE[] SEC("license") = "GPL";
