/* C counterpart of Programs/Jhash.cs: jhash's final mix of three words. */
#ifndef CFB_JHASH_H
#define CFB_JHASH_H

static __always_inline __u32 rol(__u32 x, int k)
{
	return (x << k) | (x >> (32 - k));
}

static __always_inline __u32 jhash_final(__u32 a, __u32 b, __u32 c)
{
	c ^= b; c -= rol(b, 14);
	a ^= c; a -= rol(c, 11);
	b ^= a; b -= rol(a, 25);
	c ^= b; c -= rol(b, 16);
	a ^= c; a -= rol(c, 4);
	b ^= a; b -= rol(a, 14);
	c ^= b; c -= rol(b, 24);
	return c;
}

#endif
