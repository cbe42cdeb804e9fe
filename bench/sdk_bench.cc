// Cost of the sdk's per-request work on the /register and /validate paths: challenge digests,
// local challenges, answer parsing and answer JSON. Run: build/release/bench/gt3_sdk_bench
#include <benchmark/benchmark.h>

#include "gt3/digest.h"
#include "gt3/local_challenge.h"
#include "gt3/register.h"
#include "gt3/validate.h"

namespace {

constexpr std::string_view kOrigin = "e10adc3949ba59abbe56e057f20f883e";
const gt3::Secret kKey{"0123456789abcdef0123456789abcdef"};

void ChallengeDigest(benchmark::State& state) {
  const auto mod = static_cast<gt3::DigestMod>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(gt3::challenge_digest(mod, kOrigin, kKey));
  state.SetLabel(std::string(gt3::digestmod_name(mod)));
}
BENCHMARK(ChallengeDigest)->Arg(0)->Arg(1)->Arg(2);

void RandomLocalChallenge(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(gt3::random_local_challenge());
}
BENCHMARK(RandomLocalChallenge);

void ParseRegisterAnswer(benchmark::State& state) {
  const std::string body = R"({"challenge": "e10adc3949ba59abbe56e057f20f883e"})";
  for (auto _ : state) benchmark::DoNotOptimize(gt3::parse_register_answer(body));
}
BENCHMARK(ParseRegisterAnswer);

void RegisterAnswerJson(benchmark::State& state) {
  const auto result = gt3::RegisterResult::offline(std::string(kOrigin),
                                                   gt3::random_local_challenge(), {});
  for (auto _ : state) benchmark::DoNotOptimize(result.to_json());
}
BENCHMARK(RegisterAnswerJson);

void RegisterUrl(benchmark::State& state) {
  const gt3::UserInfo user{"user-42", gt3::ClientType::kWeb, "203.0.113.9"};
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        gt3::register_url("http://api.geetest.com", kOrigin, gt3::DigestMod::kMd5, user));
  }
}
BENCHMARK(RegisterUrl);

}  // namespace

BENCHMARK_MAIN();
