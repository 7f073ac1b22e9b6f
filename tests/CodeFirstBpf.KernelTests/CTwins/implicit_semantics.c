/* C twin of Programs/ImplicitSemantics.cs. C# masks shift counts to the promoted operand's width
 * and wraps signed arithmetic; the C below does both explicitly. */
#include "common.h"

#define INPUT_OFFSET 16
#define RESULT_OFFSET 56
#define RESULT_COUNT 16

#define MAGIC 0xA5A50F0Fu
#define SHIFT_BIAS 3
#define SMALLEST (-9223372036854775807LL - 1)

enum color { RED = 1, GREEN = 2, BLUE = 4 };

struct marks {
	_Bool seen;
	__u8 color;
	__u16 letter;
	__s16 delta;
};

struct tally {
	struct marks inner;
	__u32 total;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, struct tally);
} Tallies SEC(".maps");

SEC("xdp")
int Shifts(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;
	if ((void *)(data + RESULT_OFFSET + RESULT_COUNT * sizeof(__s64)) > (void *)(long)ctx->data_end)
		return XDP_PASS;
	__u8 *p = data + INPUT_OFFSET;
	__s32 a = *(__s32 *)p;
	__u32 b = *(__u32 *)(p + 4);
	__s64 c = *(__s64 *)(p + 8);
	__u64 d = *(__u64 *)(p + 16);
	__u8 n = p[24];
	__u8 m = p[25];
	__s16 s = *(__s16 *)(p + 26);
	__u16 u = *(__u16 *)(p + 28);
	__s64 w = *(__s64 *)(p + 32);
	__s64 *r = (void *)(data + RESULT_OFFSET);

	r[0] = (__s32)((__u32)a << (n & 31));
	r[1] = b >> (n & 31);
	r[2] = (__s64)((__u64)c << (m & 63));
	r[3] = (__s64)(d >> (m & 63));
	r[4] = a >> ((n + SHIFT_BIAS) & 31);
	r[5] = (__s32)((__u32)(__s32)s << (n & 31));
	r[6] = (__s64)__builtin_bswap64(d);
	r[7] = __builtin_bswap16(u);
	r[8] = (__s32)__builtin_bswap32((__u32)a);
	r[9] = b ^ MAGIC;
	r[10] = (__s64)((__u64)w * 3 - (__u64)(__s64)a);
	r[11] = c == SMALLEST ? 1 : c < 0 ? -1 : 0;
	r[12] = (__s64)((__u64)w >> 1);
	r[15] = (__s64)(__s8)n * (__s64)(__s16)u;

	__u32 key = u & 0xff;
	struct tally *t = bpf_map_lookup_elem(&Tallies, &key);
	if (!t) {
		struct tally fresh;
		__builtin_memset(&fresh, 0, sizeof(fresh));
		fresh.inner.seen = 1;
		fresh.inner.color = m & 7;
		fresh.inner.letter = 'a' + n % 26;
		fresh.inner.delta = s;
		fresh.total = b;
		r[13] = bpf_map_update_elem(&Tallies, &key, &fresh, BPF_ANY);
		r[14] = -1;
		return XDP_PASS;
	}
	t->inner.seen = !t->inner.seen;
	t->inner.color |= m & 7;
	t->inner.letter++;
	t->inner.delta -= s;
	t->total += b;
	r[13] = t->total;
	r[14] = t->inner.letter + (t->inner.seen ? 1000 : 0) + t->inner.delta * 100000LL;
	return (t->inner.color & BLUE) != 0 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
