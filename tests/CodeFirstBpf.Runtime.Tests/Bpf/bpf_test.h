/* Just enough of libbpf's bpf_helpers.h for the test programs (the header is not installed here). */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/pkt_cls.h>

#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) __typeof__(val) *name
#define LIBBPF_PIN_BY_NAME 1

static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *) 1;
static long (*bpf_map_update_elem)(void *map, const void *key, const void *value, __u64 flags) = (void *) 2;
static long (*bpf_map_delete_elem)(void *map, const void *key) = (void *) 3;

#define bswap16(x) __builtin_bswap16(x)

/* The EtherType of the frames the attach tests send (IEEE local experimental 1). */
#define TEST_ETHERTYPE 0x88B5

char LICENSE[] SEC("license") = "GPL";
