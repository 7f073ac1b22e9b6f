/* C twin of Programs/ArpResponder.cs. */
#include "common.h"

enum { REQUESTS, REPLIES_SENT, IGNORED, MALFORMED };

struct arp_hdr {
	__be16 hardware_type;
	__be16 protocol_type;
	__u8 hardware_length;
	__u8 protocol_length;
	__be16 operation;
	__u8 sender_mac[6];
	__u8 sender_ip[4];
	__u8 target_mac[6];
	__u8 target_ip[4];
};

struct mac_address {
	__u8 bytes[6];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct mac_address);
} Learned SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} ArpStats SEC(".maps");

static __always_inline void count(__u32 slot)
{
	__u64 *c = bpf_map_lookup_elem(&ArpStats, &slot);
	if (c)
		*c += 1;
}

static __always_inline struct mac_address mac_for(const __u8 *ip)
{
	struct mac_address mac;
	__builtin_memset(&mac, 0, sizeof(mac));
	mac.bytes[0] = 0x02;
	mac.bytes[1] = 0x00;
	for (int i = 0; i < 4; i++)
		mac.bytes[2 + i] = ip[i];
	return mac;
}

SEC("xdp")
int ReplyArp(struct xdp_md *ctx)
{
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = (void *)(long)ctx->data;
	if ((void *)(eth + 1) > end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_ARP))
		return XDP_PASS;

	struct arp_hdr *arp = (void *)(eth + 1);
	if ((void *)(arp + 1) > end) {
		count(MALFORMED);
		return XDP_DROP;
	}
	if (arp->hardware_type != bpf_htons(1) || arp->protocol_type != bpf_htons(ETH_P_IP) ||
	    arp->hardware_length != 6 || arp->protocol_length != 4) {
		count(MALFORMED);
		return XDP_DROP;
	}

	__u32 sender_ip = *(__u32 *)arp->sender_ip;
	struct mac_address sender;
	__builtin_memset(&sender, 0, sizeof(sender));
	for (int i = 0; i < 6; i++)
		sender.bytes[i] = arp->sender_mac[i];
	bpf_map_update_elem(&Learned, &sender_ip, &sender, BPF_ANY);

	if (arp->operation != bpf_htons(1) || arp->target_ip[0] != 10) {
		count(IGNORED);
		return XDP_PASS;
	}
	count(REQUESTS);

	struct mac_address ours = mac_for(arp->target_ip);
	arp->operation = bpf_htons(2);
	for (int i = 0; i < 6; i++) {
		arp->target_mac[i] = arp->sender_mac[i];
		arp->sender_mac[i] = ours.bytes[i];
		eth->h_dest[i] = eth->h_source[i];
		eth->h_source[i] = ours.bytes[i];
	}
	__u32 target_ip = *(__u32 *)arp->target_ip;
	*(__u32 *)arp->target_ip = sender_ip;
	*(__u32 *)arp->sender_ip = target_ip;
	count(REPLIES_SENT);
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
