//===- InitParamsTest.cpp - dlc_init_params: bounds, moments, seeds -------===//
//
// References are hand-derived: U(-b, b) has mean 0, variance b^2/3 and
// E[w^4] = b^4/5; splitmix64's first outputs for seed 0 are those published
// with Vigna's reference code (https://prng.di.unimi.it/splitmix64.c).
//
//===----------------------------------------------------------------------===//

#include "dlc/dlcrt.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

dlc_param_desc makeDesc(const char *name, const std::vector<int64_t> &dims,
                        size_t offset, int64_t fanIn, int64_t fanOut,
                        dlc_init_kind kind) {
  dlc_param_desc d;
  d.name = name;
  d.onnx_type = 1;
  d.rank = static_cast<int32_t>(dims.size());
  d.dims = dims.data();
  d.offset = offset;
  d.fan_in = fanIn;
  d.fan_out = fanOut;
  d.init = kind;
  return d;
}

std::vector<float> initOne(const std::vector<int64_t> &dims, size_t count,
                           int64_t fanIn, int64_t fanOut, dlc_init_kind kind,
                           uint64_t seed) {
  std::vector<float> out(count, -7.0f);
  dlc_param_desc d = makeDesc("w", dims, 0, fanIn, fanOut, kind);
  EXPECT_EQ(dlc_init_params(out.data(), &d, 1, seed), 0) << dlc_last_error();
  return out;
}

// Bounds, mean, variance and a 10-bin histogram against U(-b, b), each within
// five standard errors of the sample statistic.
void expectUniform(const std::vector<float> &w, double b) {
  const double n = static_cast<double>(w.size());
  double sum = 0, sumSq = 0, maxAbs = 0;
  std::vector<double> bins(10, 0);
  for (float v : w) {
    // Rounding is monotone, so |(float)(b t)| <= (float)b for |t| <= 1.
    ASSERT_LE(std::fabs(v), static_cast<float>(b));
    sum += v;
    sumSq += static_cast<double>(v) * v;
    maxAbs = std::max(maxAbs, std::fabs(static_cast<double>(v)));
    int bin = static_cast<int>((v + b) / (2 * b) * 10);
    bins[std::min(bin, 9)] += 1;
  }
  double mean = sum / n, var = sumSq / n - mean * mean;
  EXPECT_NEAR(mean, 0.0, 5 * b / std::sqrt(3 * n));
  // Var(w^2) = E[w^4] - E[w^2]^2 = b^4/5 - b^4/9 = 4 b^4 / 45.
  EXPECT_NEAR(var, b * b / 3, 5 * std::sqrt(4.0 / 45) * b * b / std::sqrt(n));
  EXPECT_GT(maxAbs, 0.999 * b);
  // Each bin holds n/10 on average, binomial with p = 1/10.
  for (double count : bins)
    EXPECT_NEAR(count, n / 10, 5 * std::sqrt(n * 0.1 * 0.9));
}

TEST(InitParams, HeUniformBoundsAndMoments) {
  std::vector<int64_t> dims = {250, 400};
  std::vector<float> w = initOne(dims, 100000, 400, 250,
                                 DLC_INIT_HE_UNIFORM, 42);
  expectUniform(w, std::sqrt(6.0 / 400));
}

TEST(InitParams, GlorotUniformBoundsAndMoments) {
  std::vector<int64_t> dims = {8, 3, 5, 5, 100};
  std::vector<float> w = initOne(dims, 60000, 75, 200,
                                 DLC_INIT_GLOROT_UNIFORM, 7);
  expectUniform(w, std::sqrt(6.0 / (75 + 200)));
}

// Seed 0 draws 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F
// (Vigna's reference). With fan_in 6, b = 1 and element i is exactly
// ((x_i >> 39) - 2^24) / 2^24; fan_in 24 gives b = 0.5, half of that.
TEST(InitParams, MatchesSplitmix64ReferenceDraws) {
  const uint64_t draws[3] = {0xE220A8397B1DCDAFull, 0x6E789E6AA1B965F4ull,
                             0x06C45D188009454Full};
  std::vector<int64_t> dims = {3};
  std::vector<float> b1 = initOne(dims, 3, 6, 0, DLC_INIT_HE_UNIFORM, 0);
  std::vector<float> bHalf = initOne(dims, 3, 24, 0, DLC_INIT_HE_UNIFORM, 0);
  for (int i = 0; i < 3; ++i) {
    double t = (static_cast<double>(draws[i] >> 39) - 16777216.0) / 16777216.0;
    EXPECT_EQ(b1[i], static_cast<float>(t)) << i;
    EXPECT_EQ(bHalf[i], static_cast<float>(t / 2)) << i;
  }
}

TEST(InitParams, SameSeedSameBytesOtherSeedOtherBytes) {
  std::vector<int64_t> dims = {64, 32};
  auto a = initOne(dims, 2048, 32, 64, DLC_INIT_GLOROT_UNIFORM, 123);
  auto b = initOne(dims, 2048, 32, 64, DLC_INIT_GLOROT_UNIFORM, 123);
  auto c = initOne(dims, 2048, 32, 64, DLC_INIT_GLOROT_UNIFORM, 124);
  EXPECT_EQ(std::memcmp(a.data(), b.data(), 2048 * sizeof(float)), 0);
  size_t same = 0;
  for (size_t i = 0; i < a.size(); ++i)
    same += a[i] == c[i];
  EXPECT_LT(same, 5u);
}

// One stream in desc order; the constant kinds draw nothing; gaps between
// tensors are left alone.
TEST(InitParams, OneStreamConstantsDrawNothingGapsUntouched) {
  std::vector<int64_t> dimsA = {10}, dimsZ = {4}, dimsB = {6}, dimsO = {2, 2};
  std::vector<float> withConst(40, -7.0f), without(40, -7.0f);
  dlc_param_desc four[4] = {
      makeDesc("a", dimsA, 0, 10, 1, DLC_INIT_HE_UNIFORM),
      makeDesc("z", dimsZ, 16 * 4, 0, 0, DLC_INIT_ZEROS),
      makeDesc("b", dimsB, 24 * 4, 10, 1, DLC_INIT_HE_UNIFORM),
      makeDesc("o", dimsO, 32 * 4, 0, 0, DLC_INIT_ONES)};
  ASSERT_EQ(dlc_init_params(withConst.data(), four, 4, 9), 0);
  dlc_param_desc two[2] = {four[0], four[2]};
  ASSERT_EQ(dlc_init_params(without.data(), two, 2, 9), 0);
  EXPECT_EQ(std::memcmp(withConst.data(), without.data(), 10 * 4), 0);
  EXPECT_EQ(std::memcmp(withConst.data() + 24, without.data() + 24, 6 * 4), 0);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(withConst[16 + i], 0.0f);
    EXPECT_EQ(withConst[32 + i], 1.0f);
  }
  for (int i : {10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 30, 31, 36, 39})
    EXPECT_EQ(withConst[i], -7.0f) << i;
  // "b" continues the stream after "a": not a restart.
  EXPECT_NE(std::memcmp(withConst.data(), withConst.data() + 24, 6 * 4), 0);
}

TEST(InitParams, ScalarAndEmptyTensors) {
  std::vector<int64_t> none, empty = {3, 0};
  std::vector<float> buf(2, -7.0f);
  dlc_param_desc d[2] = {makeDesc("s", none, 0, 0, 0, DLC_INIT_ONES),
                         makeDesc("e", empty, 4, 3, 0, DLC_INIT_HE_UNIFORM)};
  ASSERT_EQ(dlc_init_params(buf.data(), d, 2, 1), 0) << dlc_last_error();
  EXPECT_EQ(buf[0], 1.0f);
  EXPECT_EQ(buf[1], -7.0f);
}

// A bad desc after a good one: -1, a message naming the tensor, and not even
// the good one written.
void expectRejected(const dlc_param_desc &bad, const std::string &needle) {
  std::vector<int64_t> dims = {4};
  dlc_param_desc descs[2] = {makeDesc("good", dims, 0, 4, 4,
                                      DLC_INIT_HE_UNIFORM),
                             bad};
  std::vector<float> buf(64, -7.0f);
  EXPECT_EQ(dlc_init_params(buf.data(), descs, 2, 5), -1);
  std::string msg = dlc_last_error();
  EXPECT_NE(msg.find(needle), std::string::npos) << msg;
  for (float v : buf)
    ASSERT_EQ(v, -7.0f);
}

TEST(InitParams, BadDescsFailBeforeWriting) {
  std::vector<int64_t> dims = {2, 3}, negative = {2, -3};
  dlc_param_desc d = makeDesc("badtype", dims, 64, 3, 2, DLC_INIT_ZEROS);
  d.onnx_type = 11; // DOUBLE
  expectRejected(d, "'badtype'");
  expectRejected(makeDesc("negdim", negative, 64, 3, 2, DLC_INIT_ZEROS),
                 "'negdim'");
  expectRejected(makeDesc("nofan", dims, 64, 0, 2, DLC_INIT_HE_UNIFORM),
                 "'nofan'");
  expectRejected(makeDesc("negfan", dims, 64, 3, -1, DLC_INIT_GLOROT_UNIFORM),
                 "'negfan'");
  expectRejected(makeDesc("zerofans", dims, 64, 0, 0, DLC_INIT_GLOROT_UNIFORM),
                 "'zerofans'");
  d = makeDesc("badkind", dims, 64, 3, 2, DLC_INIT_ZEROS);
  d.init = 99;
  expectRejected(d, "'badkind'");
  d = makeDesc("nodims", dims, 64, 3, 2, DLC_INIT_ZEROS);
  d.dims = nullptr;
  expectRejected(d, "'nodims'");
  d = makeDesc("wraps", dims, SIZE_MAX - 8, 3, 2, DLC_INIT_ZEROS);
  expectRejected(d, "'wraps'");
  d = makeDesc("", dims, 64, 3, 2, DLC_INIT_ZEROS);
  expectRejected(d, "param 1 has no name");
}

TEST(InitParams, HugeFansDoNotOverflow) {
  std::vector<int64_t> dims = {2};
  std::vector<float> buf(2);
  dlc_param_desc d = makeDesc("big", dims, 0, INT64_MAX, INT64_MAX,
                              DLC_INIT_GLOROT_UNIFORM);
  ASSERT_EQ(dlc_init_params(buf.data(), &d, 1, 3), 0) << dlc_last_error();
  EXPECT_LE(std::fabs(buf[0]), 1e-9f);
}

// The message is per thread: "" on a thread where nothing has failed.
TEST(InitParams, LastErrorIsPerThread) {
  std::vector<int64_t> dims = {1};
  float w;
  dlc_param_desc d = makeDesc("x", dims, 0, 1, 1, DLC_INIT_ONES);
  EXPECT_EQ(dlc_init_params(&w, &d, 1, 0), 0);
  EXPECT_EQ(w, 1.0f);
  EXPECT_EQ(dlc_init_params(nullptr, &d, 1, 0), -1);
  EXPECT_NE(std::string(dlc_last_error()), "");
  std::string other = "unset";
  std::thread([&] { other = dlc_last_error(); }).join();
  EXPECT_EQ(other, "");
  EXPECT_EQ(dlc_init_params(nullptr, nullptr, 0, 0), 0);
}

} // namespace
