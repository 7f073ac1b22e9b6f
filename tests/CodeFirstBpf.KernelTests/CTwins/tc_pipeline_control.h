/* tc_pipeline.c's control frames: the C side of Programs/Large/TcPipeline.Control.cs. */
#ifndef CFB_TC_PIPELINE_CONTROL_H
#define CFB_TC_PIPELINE_CONTROL_H

static __noinline _Bool ApplyControl(struct pl_control *c, void *end)
{
	if ((void *)(c + 1) > end)
		return 0;
	switch (c->op) {
	case 0x11:
	case 0x16: {
		struct pl_nat_key frontend = {};
		frontend.address = c->w0;
		frontend.port = (__u16)c->w1;
		frontend.protocol = (__u8)(c->w1 >> 16);
		if (c->op == 0x16)
			return bpf_map_delete_elem(&PlFrontends, &frontend) == 0;
		if (c->w3 > 16)
			return 0;
		struct pl_service service = {};
		service.id = c->w2;
		service.count = c->w3;
		return bpf_map_update_elem(&PlFrontends, &frontend, &service, BPF_ANY) == 0;
	}
	case 0x12: {
		if (c->w1 >= 16)
			return 0;
		struct pl_backend_key which = {};
		which.service = c->w0;
		which.ordinal = c->w1;
		struct pl_backend backend = {};
		backend.address = c->w2;
		backend.port = (__u16)c->w3;
		return bpf_map_update_elem(&PlBackends, &which, &backend, BPF_ANY) == 0;
	}
	case 0x13: {
		if (c->w0 > 32)
			return 0;
		struct pl_lpm_key prefix = { .prefix_length = c->w0, .data = c->w1 };
		struct pl_route route = {};
		route.flags = c->w2;
		route.if_index = c->w3;
		return bpf_map_update_elem(&PlRoutes, &prefix, &route, BPF_ANY) == 0;
	}
	case 0x14: {
		if (c->w0 > 32)
			return 0;
		struct pl_lpm_key prefix = { .prefix_length = c->w0, .data = c->w1 };
		__u32 set = c->w2;
		return bpf_map_update_elem(&PlPolicySets, &prefix, &set, BPF_ANY) == 0;
	}
	case 0x15: {
		struct pl_rule_key rule = {};
		rule.set = c->w0;
		rule.port = (__u16)c->w1;
		rule.protocol = (__u8)(c->w1 >> 16);
		__u32 action = c->w2;
		return bpf_map_update_elem(&PlRules, &rule, &action, BPF_ANY) == 0;
	}
	default:
		return 0;
	}
}

#endif
