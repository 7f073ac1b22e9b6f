/* C twin of Programs/Atomics.cs: C# Interlocked.Increment/Add return the new value
 * (__sync_add_and_fetch), Exchange and CompareExchange the old one. */
#include "common.h"

struct counters {
	__s64 signed_;
	__u64 unsigned_;
	__s32 small;
	__u32 flags;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct counters);
} Totals SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 2048);
	__type(key, __u32);
	__type(value, struct counters);
} Observed SEC(".maps");

SEC("tc")
int CountAtomically(struct __sk_buff *skb)
{
	__u32 length = skb->len;
	__u32 index = length & 3;
	struct counters *t = bpf_map_lookup_elem(&Totals, &index);
	if (!t)
		return TC_ACT_SHOT;

	__s64 incremented = __sync_add_and_fetch(&t->signed_, 1);
	__u64 added = __sync_add_and_fetch(&t->unsigned_, length);
	__s32 small = __sync_add_and_fetch(&t->small, -3);
	__u32 previous = __sync_lock_test_and_set(&t->flags, length);
	__s64 before = __sync_val_compare_and_swap(&t->signed_, 10, 100);
	__s32 small_before = __sync_val_compare_and_swap(&t->small, -30, 0);

	struct counters seen;
	__builtin_memset(&seen, 0, sizeof(seen));
	seen.signed_ = incremented * 1000 + before;
	seen.unsigned_ = added;
	seen.small = small ^ small_before;
	seen.flags = previous;
	bpf_map_update_elem(&Observed, &length, &seen, BPF_ANY);
	return (incremented & 1) == 0 ? TC_ACT_OK : TC_ACT_PIPE;
}

char LICENSE[] SEC("license") = "GPL";
