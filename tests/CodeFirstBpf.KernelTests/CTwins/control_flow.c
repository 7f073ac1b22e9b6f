/* C twin of Programs/ControlFlow.cs. */
#include "common.h"

#define PAYLOAD_OFFSET 14
#define RESULT_OFFSET (PAYLOAD_OFFSET + 16)
#define MIN_LENGTH (RESULT_OFFSET + 8 * 4)

enum shape { CIRCLE, SQUARE, TRIANGLE, HEXAGON };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} Histogram SEC(".maps");

static __always_inline int classify(__u8 b)
{
	switch (b) {
	case 0:
		return 0;
	case 1:
	case 2:
		return 1;
	case 0x7f:
		return 3;
	case 0xff:
		return 4;
	}
	if (b >= 3 && b < 16)
		return 2;
	if ((b & 1) == 0)
		return 5;
	return 6;
}

static __always_inline __u32 score(enum shape shape, __u32 n)
{
	switch (shape) {
	case CIRCLE:
		return n * 2;
	case SQUARE:
		n += 10;
		/* fall through */
	case TRIANGLE:
		return n * 3;
	default:
		return n ^ 0xffff;
	}
}

static __always_inline int touch(int *counter, int result)
{
	(*counter)++;
	return result;
}

SEC("xdp")
int Branchy(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;
	if ((void *)(data + MIN_LENGTH) > (void *)(long)ctx->data_end)
		return XDP_PASS;
	__u8 *p = data + PAYLOAD_OFFSET;
	__u32 *output = (void *)(data + RESULT_OFFSET);

	__u32 sum = 0;
	int odd = 0;
	for (int i = 0; i < 16; i++) {
		__u8 b = p[i];
		if (b == 0xff)
			break;
		if ((b & 1) == 0)
			continue;
		sum += b;
		odd++;
	}

	__u32 x = *(__u32 *)p;
	int leading_zeros = 0;
	while (leading_zeros < 32 && (x & 0x80000000u) == 0) {
		x <<= 1;
		leading_zeros++;
	}

	__u32 y = *(__u32 *)(p + 4);
	int population = 0;
	int guard = 0;
	do {
		if (y == 0)
			break;
		y &= y - 1;
		population++;
	} while (++guard < 32);

	int pairs = 0;
	for (int i = 0; i < 4; i++)
		for (int j = i + 1; j < 4; j++)
			if (p[8 + i] == p[8 + j])
				pairs++;

	int touched = 0;
	int both = p[12] > 100 && touch(&touched, p[13] > 50);
	int either = p[12] > 200 || touch(&touched, p[13] < 10);
	int tern = both ? (either ? 1 : 2) : (either ? 3 : 4);

	int cls = classify(p[14]);
	__u32 sc = score((enum shape)(p[15] & 3), sum);

	output[0] = sum;
	output[1] = odd;
	output[2] = leading_zeros;
	output[3] = population;
	output[4] = pairs;
	output[5] = touched * 10 + tern;
	output[6] = cls;
	output[7] = sc;

	__u32 key = cls;
	__u64 *h = bpf_map_lookup_elem(&Histogram, &key);
	if (h)
		(*h)++;
	key = 8 + tern;
	h = bpf_map_lookup_elem(&Histogram, &key);
	if (h)
		(*h)++;

	switch (cls) {
	case 0:
		return XDP_DROP;
	case 4:
		return XDP_ABORTED;
	default:
		return XDP_PASS;
	}
}

char LICENSE[] SEC("license") = "GPL";
