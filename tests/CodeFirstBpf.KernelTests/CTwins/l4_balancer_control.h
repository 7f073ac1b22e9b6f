/* l4_balancer.c's control frames: the C side of Programs/Large/L4Balancer.Control.cs. */
#ifndef CFB_L4_BALANCER_CONTROL_H
#define CFB_L4_BALANCER_CONTROL_H

static __always_inline _Bool fill_ring(struct lb_ring_record *r, __u32 count)
{
	if (count == 0 || count > 8 || r->vip_number >= MAX_VIPS)
		return 0;
	for (__u32 i = 0; i < 8; i++) {
		if (i >= count)
			break;
		__u32 slot = r->vip_number * RING_SIZE + ((r->first_slot + i) & (RING_SIZE - 1));
		__u32 real = r->reals[i];
		if (bpf_map_update_elem(&LbRing, &slot, &real, BPF_ANY) != 0)
			return 0;
	}
	return 1;
}

static __noinline _Bool ApplyControl(__u8 *body, void *end)
{
	struct lb_control *head = (void *)body;
	if ((void *)(head + 1) > end)
		return 0;
	__u8 *record = (__u8 *)(head + 1);
	switch (head->op) {
	case 1:
	case 4: {
		struct lb_vip_record *r = (void *)record;
		if ((void *)(r + 1) > end || r->vip_number >= MAX_VIPS)
			return 0;
		struct lb_vip_key key = {};
		key.address[0] = r->address[0];
		key.address[1] = r->address[1];
		key.address[2] = r->address[2];
		key.address[3] = r->address[3];
		key.port = r->port;
		key.protocol = r->protocol;
		if (head->op == 4)
			return bpf_map_delete_elem(&LbVips, &key) == 0;
		struct lb_vip_meta meta = {};
		meta.flags = r->flags;
		meta.vip_number = r->vip_number;
		return bpf_map_update_elem(&LbVips, &key, &meta, BPF_ANY) == 0;
	}
	case 2: {
		struct lb_real_record *r = (void *)record;
		if ((void *)(r + 1) > end || r->index >= MAX_REALS)
			return 0;
		struct lb_real real = {};
		real.address[0] = r->address[0];
		real.address[1] = r->address[1];
		real.address[2] = r->address[2];
		real.address[3] = r->address[3];
		real.flags = r->flags;
		__u32 index = r->index;
		return bpf_map_update_elem(&LbReals, &index, &real, BPF_ANY) == 0;
	}
	case 3: {
		struct lb_ring_record *r = (void *)record;
		if ((void *)(r + 1) > end)
			return 0;
		return fill_ring(r, head->count);
	}
	default:
		return 0;
	}
}

#endif
