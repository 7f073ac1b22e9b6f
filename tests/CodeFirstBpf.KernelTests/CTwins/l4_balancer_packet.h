/* l4_balancer.c's parsers, echo answers and outer-header writers: the C side of Programs/Large/L4Balancer.Packet.cs. */
#ifndef CFB_L4_BALANCER_PACKET_H
#define CFB_L4_BALANCER_PACKET_H

static __noinline int ParseL4(__u8 *l4, void *end, struct lb_packet *pkt)
{
	__u8 protocol = pkt->flow.protocol;
	if (protocol == IPPROTO_TCP) {
		struct tcphdr *tcp = (void *)l4;
		if ((void *)(tcp + 1) > end) {
			bump(MALFORMED);
			return PARSED_DROP;
		}
		pkt->flow.source_port = tcp->source;
		pkt->flow.destination_port = tcp->dest;
		pkt->tcp_flags = ((__u8 *)tcp)[13];
		return PARSED_OK;
	}
	if (protocol == IPPROTO_UDP) {
		struct udphdr *udp = (void *)l4;
		if ((void *)(udp + 1) > end) {
			bump(MALFORMED);
			return PARSED_DROP;
		}
		pkt->flow.source_port = udp->source;
		pkt->flow.destination_port = udp->dest;
		return PARSED_OK;
	}
	_Bool icmp4 = protocol == IPPROTO_ICMP && pkt->is_ipv6 == 0;
	_Bool icmp6 = protocol == IPPROTO_ICMPV6 && pkt->is_ipv6 != 0;
	if (icmp4 || icmp6) {
		struct lb_icmp *icmp = (void *)l4;
		if ((void *)(icmp + 1) > end) {
			bump(MALFORMED);
			return PARSED_DROP;
		}
		pkt->icmp_type = icmp->type;
		if (icmp->type == (icmp4 ? 8 : 128))
			return PARSED_ECHO;
	}
	bump(NOT_BALANCED);
	return PARSED_PASS;
}

static __noinline int ParseIpv4(void *data, void *end, struct lb_packet *pkt)
{
	struct iphdr *ip = data + sizeof(struct ethhdr);
	if ((void *)(ip + 1) > end) {
		bump(MALFORMED);
		return PARSED_DROP;
	}
	if (*(__u8 *)ip != 0x45) {
		bump(IPV4_OPTIONS);
		return PARSED_PASS;
	}
	if ((ip->frag_off & bpf_htons(0x3FFF)) != 0) {
		bump(FRAGMENT);
		return PARSED_DROP;
	}
	pkt->flow.source[0] = ip->saddr;
	pkt->flow.destination[0] = ip->daddr;
	pkt->flow.protocol = ip->protocol;
	pkt->tos = ip->tos;
	pkt->length = (__u32)(end - data) - (__u32)sizeof(struct ethhdr);
	return ParseL4((__u8 *)(ip + 1), end, pkt);
}

static __noinline int ParseIpv6(void *data, void *end, struct lb_packet *pkt)
{
	struct ipv6hdr *ip6 = data + sizeof(struct ethhdr);
	if ((void *)(ip6 + 1) > end) {
		bump(MALFORMED);
		return PARSED_DROP;
	}
	if (ip6->nexthdr == IPPROTO_FRAGMENT) {
		bump(FRAGMENT);
		return PARSED_DROP;
	}
	__u32 *s = (__u32 *)&ip6->saddr;
	__u32 *d = (__u32 *)&ip6->daddr;
	pkt->flow.source[0] = s[0];
	pkt->flow.source[1] = s[1];
	pkt->flow.source[2] = s[2];
	pkt->flow.source[3] = s[3];
	pkt->flow.destination[0] = d[0];
	pkt->flow.destination[1] = d[1];
	pkt->flow.destination[2] = d[2];
	pkt->flow.destination[3] = d[3];
	pkt->flow.protocol = ip6->nexthdr;
	pkt->tos = (__u8)(bpf_ntohl(*(__u32 *)ip6) >> 20);
	pkt->is_ipv6 = 1;
	pkt->length = (__u32)(end - data) - (__u32)sizeof(struct ethhdr);
	return ParseL4((__u8 *)(ip6 + 1), end, pkt);
}

static __always_inline void swap_macs(struct ethhdr *eth)
{
	__u32 high = *(__u32 *)eth->h_dest;
	__u16 low = *(__u16 *)(eth->h_dest + 4);
	*(__u32 *)eth->h_dest = *(__u32 *)eth->h_source;
	*(__u16 *)(eth->h_dest + 4) = *(__u16 *)(eth->h_source + 4);
	*(__u32 *)eth->h_source = high;
	*(__u16 *)(eth->h_source + 4) = low;
}

static __noinline __u16 Ipv4HeaderChecksum(struct iphdr *ip)
{
	__u16 *words = (__u16 *)ip;
	__u32 sum = 0;
	for (int i = 0; i < 10; i++)
		sum += words[i];
	return (__u16)~csum_fold32(sum);
}

static __noinline int AnswerEcho4(void *data, void *end)
{
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct lb_icmp *icmp = (void *)(ip + 1);
	if ((void *)(icmp + 1) > end)
		return count(MALFORMED, XDP_DROP);
	swap_macs(eth);
	__u32 source = ip->saddr;
	ip->saddr = ip->daddr;
	ip->daddr = source;
	ip->ttl = 64;
	ip->check = 0;
	ip->check = Ipv4HeaderChecksum(ip);
	__u16 before = *(__u16 *)icmp;
	icmp->type = 0;
	icmp->checksum = csum_replace16(icmp->checksum, before, *(__u16 *)icmp);
	return count(ECHO_ANSWERED, XDP_TX);
}

static __noinline int AnswerEcho6(void *data, void *end)
{
	struct ethhdr *eth = data;
	struct ipv6hdr *ip6 = (void *)(eth + 1);
	struct lb_icmp *icmp = (void *)(ip6 + 1);
	if ((void *)(icmp + 1) > end)
		return count(MALFORMED, XDP_DROP);
	swap_macs(eth);
	__u32 *s = (__u32 *)&ip6->saddr;
	__u32 *d = (__u32 *)&ip6->daddr;
	for (int i = 0; i < 4; i++) {
		__u32 t = s[i];
		s[i] = d[i];
		d[i] = t;
	}
	ip6->hop_limit = 64;
	__u16 before = *(__u16 *)icmp;
	icmp->type = 129;
	icmp->checksum = csum_replace16(icmp->checksum, before, *(__u16 *)icmp);
	return count(ECHO_ANSWERED, XDP_TX);
}

static __noinline void WriteOuterIpv4(struct iphdr *ip, struct lb_packet *pkt, struct lb_real *real)
{
	*(__u8 *)ip = 0x45;
	ip->tos = pkt->tos;
	ip->tot_len = bpf_htons((__u16)(pkt->length + 20));
	ip->id = 0;
	ip->frag_off = 0;
	ip->ttl = 64;
	ip->protocol = IPPROTO_IPIP;
	ip->saddr = (pkt->flow.source[0] & 0xFFFF0000u) | 0x000010ACu;
	ip->daddr = real->address[0];
	ip->check = 0;
	ip->check = Ipv4HeaderChecksum(ip);
}

static __noinline void WriteOuterIpv6(struct ipv6hdr *ip6, struct lb_packet *pkt, struct lb_real *real, _Bool inner_ipv6)
{
	*(__u32 *)ip6 = bpf_htonl(0x60000000u | ((__u32)pkt->tos << 20));
	ip6->payload_len = bpf_htons((__u16)pkt->length);
	ip6->nexthdr = inner_ipv6 ? IPPROTO_IPV6 : IPPROTO_IPIP;
	ip6->hop_limit = 64;
	__u32 *s = (__u32 *)&ip6->saddr;
	__u32 *d = (__u32 *)&ip6->daddr;
	s[0] = bpf_htonl(0xFD000000u);
	s[1] = 0;
	s[2] = pkt->flow.source[2];
	s[3] = pkt->flow.source[3] ^ pkt->flow.source[0];
	d[0] = real->address[0];
	d[1] = real->address[1];
	d[2] = real->address[2];
	d[3] = real->address[3];
}

#endif
