/* C twin of Programs/PointerWalk.cs. */
#include "common.h"
#include "checksum.h"
#include <linux/ip.h>

enum { CHECKSUM_OK, CHECKSUM_BAD, MARKER_BYTES, REPEATS, SCANNED };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} ScanStats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 2048);
	__type(key, __u32);
	__type(value, __u32);
} FirstMarker SEC(".maps");

static __always_inline void add(__u32 slot, __u64 amount)
{
	__u64 *s = bpf_map_lookup_elem(&ScanStats, &slot);
	if (s)
		*s += amount;
}

SEC("xdp")
int ScanPayload(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = (void *)data;
	if ((void *)(eth + 1) > end)
		return XDP_PASS;

	int verdict = XDP_PASS;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);
		if ((void *)(ip + 1) <= end && ip->ihl * 4 >= (int)sizeof(struct iphdr)) {
			__u16 *w = (__u16 *)ip;
			__u16 *wend = (__u16 *)((__u8 *)ip + ip->ihl * 4);
			__u32 sum = 0;
			for (int i = 0; i < 30; i++) {
				if (w >= wend)
					break;
				if ((void *)(w + 1) > end)
					break;
				sum += *w;
				w++;
			}
			int ok = w == wend && (__u16)~csum_fold32(sum) == 0;
			add(ok ? CHECKSUM_OK : CHECKSUM_BAD, 1);
			if (!ok)
				verdict = XDP_DROP;
		}
	}

	__u8 *start = (__u8 *)(eth + 1);
	__u8 *limit = start + 64;
	__u8 *p = start;
	__u32 markers = 0, repeats = 0, first = 0xffff;
	for (int i = 0; i < 64; i++) {
		if (p >= limit || (void *)(p + 1) > end)
			break;
		if (*p == 0xaa)
			markers++;
		if (i > 0 && p[-1] == *p)
			repeats++;
		p++;
	}
	add(MARKER_BYTES, markers);
	add(REPEATS, repeats);
	add(SCANNED, p - start);
	for (int i = 0; i < 64; i++) {
		__u8 *q = start + i;
		if (q >= limit || (void *)(q + 1) > end)
			break;
		if (*q == 0xbb) {
			first = q - data;
			break;
		}
	}
	if (first != 0xffff) {
		__u32 length = (__u8 *)end - data;
		bpf_map_update_elem(&FirstMarker, &length, &first, BPF_ANY);
	}
	return verdict;
}

char LICENSE[] SEC("license") = "GPL";
