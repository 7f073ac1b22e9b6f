/* C counterpart of Programs/Checksum.cs: incremental checksum updates (RFC 1624, eqn. 3). */
#ifndef CFB_CHECKSUM_H
#define CFB_CHECKSUM_H

static __always_inline __u16 csum_fold32(__u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)sum;
}

static __always_inline __u16 csum_replace16(__u16 check, __u16 from, __u16 to)
{
	__u32 sum = (__u32)(__u16)~check + (__u16)~from + to;
	return (__u16)~csum_fold32(sum);
}

static __always_inline __u16 csum_replace32(__u16 check, __u32 from, __u32 to)
{
	__u32 sum = (__u16)~check;
	sum += (__u16)~(from >> 16) + (__u32)(__u16)~from;
	sum += (to >> 16) + (to & 0xffff);
	return (__u16)~csum_fold32(sum);
}

#endif
