/*===- init.c - dlc_init_params: seeded He / Glorot uniform initialisers ---===*
 *
 * The bounds:
 *  - He uniform: U(-b, b), b = sqrt(6 / fan_in). He et al., "Delving Deep into
 *    Rectifiers" (2015), sec. 2.2 (Var[w] = 2 / fan_in; a U(-b, b) variable has
 *    variance b^2 / 3); the same limit as Keras' `he_uniform` and PyTorch's
 *    `kaiming_uniform_(a=0)` (bound = gain * sqrt(3 / fan_in), gain =
 *    sqrt(2 / (1 + a^2)) = sqrt(2)).
 *  - Glorot uniform: U(-b, b), b = sqrt(6 / (fan_in + fan_out)). Glorot and
 *    Bengio, "Understanding the difficulty of training deep feedforward neural
 *    networks" (AISTATS 2010), eq. 16; Keras' `glorot_uniform`, PyTorch's
 *    `xavier_uniform_` with gain 1.
 *
 * The stream: splitmix64 (Steele, Lea and Flood, "Fast Splittable Pseudorandom
 * Number Generators", OOPSLA 2014), with the constants of Vigna's public-domain
 * reference https://prng.di.unimi.it/splitmix64.c. One stream for the whole
 * call, seeded with `seed`, one draw per element of each uniform tensor in
 * desc order.
 *
 * From draw x, the top 25 bits k = x >> 39 give t = (k - 2^24) / 2^24, exactly
 * representable in [-1, 1 - 2^-24]; the element is (float)(b * t). b is a
 * correctly rounded sqrt of a correctly rounded quotient, so each element costs
 * two IEEE-754 roundings and no operation whose result a compiler may contract
 * or reorder: the same seed gives the same bits on every IEEE-754 machine.
 *
 *===----------------------------------------------------------------------===*/
#include "dlc/dlcrt.h"
#include "error.h"
#include "param_desc.h"

#include <math.h>
#include <string.h>

static uint64_t splitmix64Next(uint64_t *state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

/* The half-width b of U(-b, b) for `d`, or -1 (after dlc_fail) if its fans
   do not define one. 0 for the constant kinds. */
static double uniformBound(const dlc_param_desc *d) {
  switch (d->init) {
  case DLC_INIT_ZEROS:
  case DLC_INIT_ONES:
    return 0.0;
  case DLC_INIT_HE_UNIFORM:
    if (d->fan_in <= 0)
      break;
    return sqrt(6.0 / (double)d->fan_in);
  case DLC_INIT_GLOROT_UNIFORM:
    /* fan_in + fan_out could overflow int64_t: test before adding. */
    if (d->fan_in < 0 || d->fan_out < 0 || (d->fan_in == 0 && d->fan_out == 0))
      break;
    return sqrt(6.0 / ((double)d->fan_in + (double)d->fan_out));
  default:
    dlc_fail("dlc_init_params: tensor '%s': unknown init kind %d", d->name,
             (int)d->init);
    return -1.0;
  }
  dlc_fail("dlc_init_params: tensor '%s': fan_in %lld / fan_out %lld do not "
           "define the init kind %d",
           d->name, (long long)d->fan_in, (long long)d->fan_out, (int)d->init);
  return -1.0;
}

static void fillConstant(unsigned char *out, size_t count, float value) {
  for (size_t i = 0; i < count; ++i)
    memcpy(out + i * sizeof(float), &value, sizeof(float));
}

static void fillUniform(unsigned char *out, size_t count, double bound,
                        uint64_t *state) {
  const double scale = 1.0 / 16777216.0; /* 2^-24 */
  for (size_t i = 0; i < count; ++i) {
    int64_t k = (int64_t)(splitmix64Next(state) >> 39) - 16777216;
    /* A double variable: where FLT_EVAL_METHOD != 0, C11 has the
       assignment drop any excess precision, so the roundings stay two. */
    double scaled = bound * ((double)k * scale);
    float v = (float)scaled;
    memcpy(out + i * sizeof(float), &v, sizeof(float));
  }
}

int dlc_init_params(void *params, const dlc_param_desc *descs, size_t n,
                    uint64_t seed) {
  if (n && (!params || !descs))
    return dlc_fail("dlc_init_params: NULL params or descs");
  /* Check everything before writing anything. */
  for (size_t i = 0; i < n; ++i) {
    size_t bytes;
    if (dlc_check_desc("dlc_init_params", &descs[i], i, &bytes) ||
        uniformBound(&descs[i]) < 0)
      return -1;
  }
  uint64_t state = seed;
  for (size_t i = 0; i < n; ++i) {
    const dlc_param_desc *d = &descs[i];
    size_t bytes;
    dlc_check_desc("dlc_init_params", d, i, &bytes);
    unsigned char *out = (unsigned char *)params + d->offset;
    size_t count = bytes / sizeof(float);
    if (d->init == DLC_INIT_ZEROS)
      fillConstant(out, count, 0.0f);
    else if (d->init == DLC_INIT_ONES)
      fillConstant(out, count, 1.0f);
    else
      fillUniform(out, count, uniformBound(d), &state);
  }
  return 0;
}
