/* C twin of Programs/IntegerOps.cs. C# semantics are spelled out: C# int arithmetic wraps (so the
 * C goes through unsigned types), int-vs-uint operands widen to long in C# (not to unsigned int
 * as in C), and narrowing casts truncate. */
#include "common.h"

#define INPUT_OFFSET 16
#define RESULT_OFFSET (INPUT_OFFSET + 32)
#define RESULT_COUNT 32

struct arith_input {
	__s8 a8;
	__u8 b8;
	__s16 a16;
	__u16 b16;
	__s32 a32;
	__u32 b32;
	__s64 a64;
	__u64 b64;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, RESULT_COUNT);
	__type(key, __u32);
	__type(value, __s64);
} Sums SEC(".maps");

SEC("xdp")
int Arith(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;
	if ((void *)(data + RESULT_OFFSET + RESULT_COUNT * sizeof(__s64)) > (void *)(long)ctx->data_end)
		return XDP_PASS;

	struct arith_input *input = (void *)(data + INPUT_OFFSET);
	struct arith_input v = *input;
	__s64 *r = (void *)(data + RESULT_OFFSET);

	r[0] = v.a8 + v.a16;
	r[1] = (__s32)((__u32)v.a32 * (__u32)(__s32)v.a16);
	r[2] = v.a64 - v.a32;
	r[3] = v.a32 >> (v.b8 & 31);
	r[4] = v.b32 >> (v.b8 & 31);
	r[5] = v.a64 >> (v.b8 & 63);
	r[6] = (__s64)(v.b64 >> (v.b8 & 63));
	r[7] = (__s32)((__u32)(__s32)v.a16 << (v.b8 & 15));
	r[8] = (__s16)((__u32)(__s32)v.a16 << 4);
	r[9] = (__s8)input->a32;
	r[10] = (__u8)(v.b8 + 200);
	r[11] = (__u16)(v.b16 * 3);
	r[12] = (__u32)(v.b32 - 5u);
	r[13] = (__s64)(v.b64 * 0x9E3779B97F4A7C15ULL);
	r[14] = v.a32 < v.b16 ? 1 : 0;
	r[15] = (__s64)v.a32 < (__s64)v.b32 ? 1 : 0;
	r[16] = v.a64 < (__s64)v.b64 ? 1 : 0;
	r[17] = v.a8 > v.a16 ? -1 : 1;
	r[18] = (__u32)v.a8;
	r[19] = (__s64)((__u64)v.a16 >> 1);
	r[20] = (__s32)v.a64;
	r[21] = (__s64)v.b32 * -3;
	r[22] = v.b32 / (v.b16 | 1u);
	r[23] = (__s64)(v.b64 % (v.b32 | 1ULL));
	r[24] = -v.a8;
	r[25] = ~(__s32)v.b16;
	r[26] = (__s64)v.a32 ^ (__s64)v.b32;
	r[27] = (__s32)((__u32)v.a32 + 0x7fffffffu);
	r[28] = (__u32)((v.b32 << 7) | (v.b32 >> 25));
	r[29] = (__s32)((__u32)(__s32)v.a16 * (__u32)(__s32)v.a16 * (__u32)(__s32)v.a16);
	r[30] = (__u16)(v.b16 + 1);
	__u8 x = v.b8;
	x += 250;
	x <<= 1;
	__s8 y = input->a8;
	y -= 100;
	y >>= 1;
	r[31] = x * 1000 + y;

	for (__u32 i = 0; i < RESULT_COUNT; i++) {
		__s64 *slot = r + i;
		if ((void *)(slot + 1) > (void *)(long)ctx->data_end)
			break;
		__s64 value = *slot;
		__u32 key = i;
		__s64 *sum = bpf_map_lookup_elem(&Sums, &key);
		if (sum)
			*sum += value;
	}
	return v.b8 & 3;
}

char LICENSE[] SEC("license") = "GPL";
