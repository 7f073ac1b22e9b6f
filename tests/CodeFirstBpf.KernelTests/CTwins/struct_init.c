/* C twin of Programs/StructInit.cs. Every key is memset to zero first, padding included. */
#include "common.h"

struct padded_key {
	__u8 a;
	__u32 b;
	__u16 c;
	__u64 d;
	__u8 e;
};

struct inner {
	__u16 x;
	__u8 y;
};

struct outer {
	struct inner in;
	__u32 z;
	struct inner in2;
};

/* The C# side's sizes of types it shares with other programs. */
#define SIZEOF_ETHERNET_HEADER 14
#define SIZEOF_IPV6_HEADER 40
#define SIZEOF_TCP_HEADER 20
#define SIZEOF_FLOW_KEY 16
#define SIZEOF_ARITH_INPUT 32

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct padded_key);
	__type(value, __u64);
} Keys SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct outer);
	__type(value, __u32);
} Nested SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u32);
} Sizes SEC(".maps");

static __always_inline void bump(const struct padded_key *key)
{
	__u64 *v = bpf_map_lookup_elem(&Keys, key);
	if (v) {
		*v += 1;
	} else {
		__u64 one = 1;
		bpf_map_update_elem(&Keys, key, &one, BPF_ANY);
	}
}

static __always_inline void set_size(__u32 slot, int size)
{
	__u32 *s = bpf_map_lookup_elem(&Sizes, &slot);
	if (s)
		*s = size;
}

SEC("xdp")
int BuildKeys(struct xdp_md *ctx)
{
	set_size(0, sizeof(struct padded_key));
	set_size(1, sizeof(struct outer));
	set_size(2, sizeof(struct inner));
	set_size(3, SIZEOF_ETHERNET_HEADER);
	set_size(4, SIZEOF_IPV6_HEADER);
	set_size(5, SIZEOF_TCP_HEADER);
	set_size(6, SIZEOF_FLOW_KEY);
	set_size(7, SIZEOF_ARITH_INPUT);

	__u8 *data = (void *)(long)ctx->data;
	if ((void *)(data + 22) > (void *)(long)ctx->data_end)
		return XDP_PASS;
	__u8 *p = data + 14;

	struct padded_key k1;
	__builtin_memset(&k1, 0, sizeof(k1));
	k1.a = p[0];
	k1.b = p[1];
	k1.c = p[2];
	k1.d = p[3];
	k1.e = p[4];
	bump(&k1);

	struct padded_key k2;
	__builtin_memset(&k2, 0, sizeof(k2));
	k2.e = p[4];
	k2.d = p[3];
	k2.c = p[2];
	k2.b = p[1];
	k2.a = p[0];
	bump(&k2);

	struct padded_key k3;
	__builtin_memcpy(&k3, &k2, sizeof(k3));
	k3.d = p[3];
	bump(&k3);

	struct padded_key k4;
	__builtin_memset(&k4, 0, sizeof(k4));
	k4.a = p[5];
	struct padded_key *alias = &k4;
	alias->b = 0xffffffff;
	bump(&k4);

	struct padded_key copy;
	__builtin_memcpy(&copy, alias, sizeof(copy));
	copy.e = 1;
	bump(&copy);

	struct outer o;
	__builtin_memset(&o, 0, sizeof(o));
	o.in.x = p[6];
	o.in.y = p[7];
	o.z = p[0];
	o.in2.y = 9;
	__u32 *n = bpf_map_lookup_elem(&Nested, &o);
	if (n) {
		(*n)++;
	} else {
		__u32 one = 1;
		bpf_map_update_elem(&Nested, &o, &one, BPF_ANY);
	}

	return k4.a == 0 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
