// The C reference for userspace map throughput: the same operations as the C# typed accessors,
// through libbpf directly. Prints "<operation> <ops per second>" lines.
// Built at bench time with: gcc -O2 map_bench.c -o map_bench -l:libbpf.so.1
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int bpf_map_create(enum bpf_map_type type, const char *name, __u32 key_size, __u32 value_size, __u32 max_entries, const void *opts);
int bpf_map_update_elem(int fd, const void *key, const void *value, __u64 flags);
int bpf_map_lookup_elem(int fd, const void *key, void *value);
int bpf_map_lookup_batch(int fd, void *in_batch, void *out_batch, void *keys, void *values, __u32 *count, const void *opts);
int bpf_map_update_batch(int fd, const void *keys, const void *values, __u32 *count, const void *opts);
int libbpf_num_possible_cpus(void);

#define N 1000000
#define CHUNK 8192

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void) {
    int fd = bpf_map_create(BPF_MAP_TYPE_HASH, "cbench_hash", 4, 8, 1 << 20, NULL);
    int pc = bpf_map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "cbench_pcpu", 4, 8, 1, NULL);
    if (fd < 0 || pc < 0) { fprintf(stderr, "map create failed\n"); return 1; }
    uint32_t *keys = malloc(sizeof(uint32_t) * N);
    uint64_t *values = malloc(sizeof(uint64_t) * N);
    for (uint32_t i = 0; i < N; i++) { keys[i] = i; values[i] = i; }

    double t = 0;
    uint64_t v, sink = 0;
    for (int pass = 0; pass < 2; pass++) {
        t = now();
        for (uint32_t i = 0; i < N; i++) bpf_map_update_elem(fd, &keys[i], &values[i], BPF_ANY);
    }
    printf("hash-update %.0f\n", N / (now() - t));

    for (int pass = 0; pass < 2; pass++) {
        t = now();
        for (uint32_t i = 0; i < N; i++) { bpf_map_lookup_elem(fd, &keys[i], &v); sink += v; }
    }
    printf("hash-lookup %.0f\n", N / (now() - t));

    for (int pass = 0; pass < 2; pass++) {
        t = now();
        for (uint32_t i = 0; i < N; i += CHUNK) {
            __u32 count = N - i < CHUNK ? N - i : CHUNK;
            bpf_map_update_batch(fd, &keys[i], &values[i], &count, NULL);
        }
    }
    printf("hash-update-batch %.0f\n", N / (now() - t));

    uint32_t *bkeys = malloc(sizeof(uint32_t) * CHUNK);
    uint64_t *bvalues = malloc(sizeof(uint64_t) * CHUNK);
    uint32_t total = 0;
    for (int pass = 0; pass < 2; pass++) {
        t = now();
        uint64_t token = 0, next = 0;
        int first = 1;
        total = 0;
        for (;;) {
            __u32 count = CHUNK;
            int err = bpf_map_lookup_batch(fd, first ? NULL : &token, &next, bkeys, bvalues, &count, NULL);
            total += count;
            first = 0;
            token = next;
            if (err) break;
        }
    }
    printf("hash-lookup-batch %.0f\n", total / (now() - t));

    int cpus = libbpf_num_possible_cpus();
    uint64_t *per = calloc(cpus, sizeof(uint64_t));
    uint32_t zero = 0;
    for (int pass = 0; pass < 2; pass++) {
        t = now();
        for (int i = 0; i < N; i++) {
            bpf_map_lookup_elem(pc, &zero, per);
            for (int c = 0; c < cpus; c++) sink += per[c];
        }
    }
    printf("percpu-sum %.0f\n", N / (now() - t));
    fprintf(stderr, "sink %llu\n", (unsigned long long)sink);
    return 0;
}
