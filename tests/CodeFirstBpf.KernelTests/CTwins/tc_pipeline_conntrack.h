/* tc_pipeline.c's conntrack: the C side of Programs/Large/TcPipeline.Conntrack.cs. */
#ifndef CFB_TC_PIPELINE_CONNTRACK_H
#define CFB_TC_PIPELINE_CONNTRACK_H

#define KIND_NORMAL 1
#define KIND_NAT_FORWARD 2
#define STATE_SYN_SENT 1
#define STATE_SYN_ACK_SEEN 2
#define STATE_ESTABLISHED 3
#define STATE_FIN_SEEN 4
#define STATE_CLOSED 5
#define STATE_OPEN 6
#define STATE_REPLIED 7
#define FLAG_NAT_REVERSE 1
#define FLAG_FIN_OPENER 2
#define FLAG_FIN_REPLIER 4
#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_ACK 0x10
#define ACTION_ALLOW 1

static __always_inline _Bool make_key(struct pl_ct_key *key, __u32 source, __u16 source_port, __u32 destination, __u16 destination_port, __u8 protocol)
{
	key->protocol = protocol;
	_Bool source_first = source < destination || (source == destination && source_port <= destination_port);
	if (source_first) {
		key->address_a = source;
		key->port_a = source_port;
		key->address_b = destination;
		key->port_b = destination_port;
	} else {
		key->address_a = destination;
		key->port_a = destination_port;
		key->address_b = source;
		key->port_b = source_port;
	}
	return source_first;
}

static __noinline _Bool PolicyAllows(__u32 source, __u16 port, __u8 protocol)
{
	struct pl_lpm_key cidr = { .prefix_length = 32, .data = source };
	__u32 *set = bpf_map_lookup_elem(&PlPolicySets, &cidr);
	struct pl_rule_key rule = {};
	rule.set = set ? *set : 0;
	rule.port = port;
	rule.protocol = protocol;
	__u32 *action = bpf_map_lookup_elem(&PlRules, &rule);
	if (!action) {
		rule.port = 0;
		action = bpf_map_lookup_elem(&PlRules, &rule);
	}
	_Bool allowed = action ? *action == ACTION_ALLOW : rule.set == 0;
	if (allowed)
		bump(POLICY_ALLOW);
	return allowed;
}

static __noinline int Track(struct pl_ct_entry *entry, struct pl_ct_key *key, struct pl_packet *pkt, _Bool from_a)
{
	bump(CT_HIT);
	entry->packets += 1;
	entry->bytes += pkt->length;
	_Bool opener = from_a == (entry->opener_is_a != 0);
	if (pkt->protocol != IPPROTO_TCP) {
		if (!opener && entry->state == STATE_OPEN)
			entry->state = STATE_REPLIED;
		return VERDICT_OK;
	}
	__u8 flags = pkt->tcp_flags;
	if ((flags & TCP_RST) != 0) {
		bpf_map_delete_elem(&PlConntrack, key);
		return count(CT_RESET, VERDICT_OK);
	}
	switch (entry->state) {
	case STATE_SYN_SENT:
		if (!opener && (flags & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK))
			entry->state = STATE_SYN_ACK_SEEN;
		else if (!opener || (flags & TCP_SYN) == 0)
			return count(CT_INVALID, VERDICT_SHOT);
		break;
	case STATE_SYN_ACK_SEEN:
		if (opener && (flags & (TCP_SYN | TCP_ACK)) == TCP_ACK) {
			entry->state = STATE_ESTABLISHED;
			bump(CT_ESTABLISHED);
		}
		break;
	case STATE_ESTABLISHED:
	case STATE_FIN_SEEN:
		if ((flags & TCP_FIN) != 0) {
			entry->flags |= opener ? FLAG_FIN_OPENER : FLAG_FIN_REPLIER;
			entry->state = STATE_FIN_SEEN;
		}
		if ((entry->flags & (FLAG_FIN_OPENER | FLAG_FIN_REPLIER)) == (FLAG_FIN_OPENER | FLAG_FIN_REPLIER)) {
			entry->state = STATE_CLOSED;
			bump(CT_CLOSED);
		}
		break;
	}
	return VERDICT_OK;
}

static __noinline int OpenFlow(struct pl_packet *pkt, struct pl_nat_plan *plan)
{
	if (pkt->protocol == IPPROTO_TCP && (pkt->tcp_flags & (TCP_SYN | TCP_ACK | TCP_RST | TCP_FIN)) != TCP_SYN)
		return count(NOT_SYN, VERDICT_SHOT);
	__u32 destination = pkt->destination;
	__u16 destination_port = pkt->destination_port;
	_Bool nat = 0;
	if (pkt->protocol == IPPROTO_TCP || pkt->protocol == IPPROTO_UDP) {
		struct pl_nat_key frontend = {};
		frontend.address = destination;
		frontend.port = destination_port;
		frontend.protocol = pkt->protocol;
		struct pl_service *service = bpf_map_lookup_elem(&PlFrontends, &frontend);
		if (service) {
			if (service->count == 0)
				return count(NO_BACKEND, VERDICT_SHOT);
			struct pl_backend_key which = {};
			which.service = service->id;
			which.ordinal = jhash_final(pkt->source, destination, ((__u32)pkt->source_port << 16) | destination_port) % service->count;
			struct pl_backend *backend = bpf_map_lookup_elem(&PlBackends, &which);
			if (!backend)
				return count(NO_BACKEND, VERDICT_SHOT);
			destination = backend->address;
			destination_port = backend->port;
			nat = 1;
		}
	}
	if (!PolicyAllows(pkt->source, destination_port, pkt->protocol))
		return count(POLICY_DENY, VERDICT_SHOT);
	struct pl_lpm_key route = { .prefix_length = 32, .data = destination };
	if (!bpf_map_lookup_elem(&PlRoutes, &route))
		return count(ROUTE_MISS, VERDICT_SHOT);

	struct pl_ct_key key = {};
	_Bool from_a = make_key(&key, pkt->source, pkt->source_port, destination, destination_port, pkt->protocol);
	struct pl_ct_entry fresh = {};
	fresh.kind = KIND_NORMAL;
	fresh.state = pkt->protocol == IPPROTO_TCP ? STATE_SYN_SENT : STATE_OPEN;
	fresh.opener_is_a = from_a ? 1 : 0;
	fresh.packets = 1;
	fresh.bytes = pkt->length;
	if (nat) {
		fresh.flags = FLAG_NAT_REVERSE;
		fresh.nat_address = pkt->destination;
		fresh.nat_port = pkt->destination_port;
	}
	if (bpf_map_update_elem(&PlConntrack, &key, &fresh, BPF_ANY) != 0)
		return count(CT_FULL, VERDICT_SHOT);
	if (nat) {
		struct pl_ct_key front_key = {};
		_Bool front_a = make_key(&front_key, pkt->source, pkt->source_port, pkt->destination, pkt->destination_port, pkt->protocol);
		struct pl_ct_entry forward = {};
		forward.kind = KIND_NAT_FORWARD;
		forward.opener_is_a = front_a ? 1 : 0;
		forward.packets = 1;
		forward.nat_address = destination;
		forward.nat_port = destination_port;
		if (bpf_map_update_elem(&PlConntrack, &front_key, &forward, BPF_ANY) != 0)
			return count(CT_FULL, VERDICT_SHOT);
		plan->action = PLAN_DNAT;
		plan->address = destination;
		plan->port = destination_port;
	}
	return count(CT_NEW, VERDICT_OK);
}

static __noinline int Conntrack(struct pl_packet *pkt, struct pl_nat_plan *plan)
{
	struct pl_ct_key key = {};
	_Bool from_a = make_key(&key, pkt->source, pkt->source_port, pkt->destination, pkt->destination_port, pkt->protocol);
	struct pl_ct_entry *entry = bpf_map_lookup_elem(&PlConntrack, &key);
	if (!entry)
		return OpenFlow(pkt, plan);
	if (entry->kind == KIND_NAT_FORWARD) {
		entry->packets += 1;
		plan->action = PLAN_DNAT;
		plan->address = entry->nat_address;
		plan->port = entry->nat_port;
		from_a = make_key(&key, pkt->source, pkt->source_port, plan->address, plan->port, pkt->protocol);
		entry = bpf_map_lookup_elem(&PlConntrack, &key);
		if (!entry)
			return count(CT_INVALID, VERDICT_SHOT);
	} else if ((entry->flags & FLAG_NAT_REVERSE) != 0 && from_a != (entry->opener_is_a != 0)) {
		plan->action = PLAN_SNAT;
		plan->address = entry->nat_address;
		plan->port = entry->nat_port;
	}
	return Track(entry, &key, pkt, from_a);
}

#endif
