/* C twin of Programs/HelperNames.cs: C has no overloads, so every C# method gets its own name. */
#include "common.h"

#define INPUT_OFFSET 14
#define RESULT_OFFSET 24
#define RESULT_COUNT 8

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, RESULT_COUNT);
	__type(key, __u32);
	__type(value, __u64);
} Results SEC(".maps");

static __always_inline __u32 first_key(__u8 *p) { return p[0] << 8 | p[1]; }
static __noinline __u32 first_mix(__u32 x) { return x * 3 + 1; }
static __always_inline __u32 second_key(__u8 *p) { return p[2] << 16 | p[3]; }
static __noinline __u32 second_mix(__u32 x) { return x * 5 + 2; }
static __always_inline __u32 scale_u32(__u32 x) { return x * 2; }
static __always_inline __u64 scale_u64(__u64 x) { return x * 3 + 0x100000000ULL; }
static __always_inline __s32 scale_s32(__s32 x) { return (__s32)(0u - (__u32)x); }
static __noinline __u32 fold_u32(__u32 x) { return x ^ (x >> 16); }
static __noinline __u64 fold_u64(__u64 x) { return x ^ (x >> 32) ^ 0xF0F0; }

SEC("xdp")
int CallHelpers(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	if ((void *)(data + RESULT_OFFSET + RESULT_COUNT * sizeof(__u64)) > end)
		return XDP_PASS;
	__u8 *p = data + INPUT_OFFSET;
	__u64 *r = (void *)(data + RESULT_OFFSET);
	__u32 x = *(__u32 *)(p + 4);

	r[0] = first_key(p);
	r[1] = second_key(p);
	r[2] = first_mix(x);
	r[3] = second_mix(x);
	r[4] = scale_u32(x);
	r[5] = scale_u64(x);
	r[6] = (__u64)(__s64)scale_s32((__s32)x);
	r[7] = fold_u32(x) + fold_u64((__u64)x << 8);

	for (__u32 i = 0; i < RESULT_COUNT; i++) {
		__u64 *slot = r + i;
		if ((void *)(slot + 1) > end)
			break;
		__u64 value = *slot;
		__u32 key = i;
		__u64 *sum = bpf_map_lookup_elem(&Results, &key);
		if (sum)
			*sum += value;
	}
	return r[2] % 3;
}

char LICENSE[] SEC("license") = "GPL";
