/*===- xorshift.h - the training drivers' seeded random numbers -----------===*/
#ifndef DLC_TEST_EXPORTS_XORSHIFT_H
#define DLC_TEST_EXPORTS_XORSHIFT_H

static unsigned long long xorshift_state = 88172645463325252ull;

/* Marsaglia's xorshift64, upper 32 bits. */
static unsigned next_random(void) {
  xorshift_state ^= xorshift_state << 13;
  xorshift_state ^= xorshift_state >> 7;
  xorshift_state ^= xorshift_state << 17;
  return (unsigned)(xorshift_state >> 32);
}

#endif
