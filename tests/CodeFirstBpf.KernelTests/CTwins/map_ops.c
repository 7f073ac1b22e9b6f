/* C twin of Programs/MapOps.cs. */
#include "common.h"

struct entry {
	__u32 value;
	__u16 hits;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u16);
	__type(value, struct entry);
} Table SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} Slots SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __s64);
} ReturnCodes SEC(".maps");

SEC("xdp")
int ExerciseMaps(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;
	if ((void *)(data + 14 + 12) > (void *)(long)ctx->data_end)
		return XDP_PASS;
	__u8 *p = data + 14;
	int op = p[0] & 7;
	__u16 key = p[1] & 0x1f;
	__u32 value = p[2] | p[3] << 8;

	__s64 rc;
	struct entry e;
	__builtin_memset(&e, 0, sizeof(e));
	switch (op) {
	case 0:
		e.value = value;
		e.hits = 1;
		rc = bpf_map_update_elem(&Table, &key, &e, BPF_ANY);
		break;
	case 1:
		e.value = value;
		rc = bpf_map_update_elem(&Table, &key, &e, BPF_NOEXIST);
		break;
	case 2:
		e.value = value;
		e.hits = 7;
		rc = bpf_map_update_elem(&Table, &key, &e, BPF_EXIST);
		break;
	case 3:
		rc = bpf_map_delete_elem(&Table, &key);
		break;
	case 4: {
		struct entry *found = bpf_map_lookup_elem(&Table, &key);
		rc = found ? found->value + found->hits * 0x10000LL : -1;
		break;
	}
	case 5: {
		struct entry *f = bpf_map_lookup_elem(&Table, &key);
		if (f) {
			f->hits++;
			rc = f->hits;
		} else {
			rc = -2;
		}
		break;
	}
	case 6: {
		__u32 index = p[1] & 7;
		__u64 v = value;
		rc = bpf_map_update_elem(&Slots, &index, &v, BPF_ANY);
		break;
	}
	default: {
		__u32 index = p[1];
		rc = bpf_map_delete_elem(&Slots, &index) * 1000;
		index = p[1] & 7;
		__u64 *slot = bpf_map_lookup_elem(&Slots, &index);
		rc += slot ? (__s64)*slot : 100;
		break;
	}
	}

	__u32 k = op;
	__s64 *sum = bpf_map_lookup_elem(&ReturnCodes, &k);
	if (sum)
		*sum += rc;
	*(__s64 *)(p + 4) = rc;
	return rc < 0 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
