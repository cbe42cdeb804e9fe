// Cost of what the request path reads to decide the mode (docs/design.md section 1: no round
// trip, no lock): Availability::mode() and Availability::snapshot(), alone and with every thread
// reading.
// Run: build/release/bench/gt3_availability_bench
#include <benchmark/benchmark.h>

#include <spdlog/spdlog.h>

#include "bypass/availability.h"

namespace {

gt3::bypass::Availability& availability() {
  static gt3::bypass::Availability instance({2, 2});
  return instance;
}

void ModeRead(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(availability().mode());
}
BENCHMARK(ModeRead)->ThreadRange(1, 2);

void SnapshotRead(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(availability().snapshot());
}
BENCHMARK(SnapshotRead)->ThreadRange(1, 2);

// Reads while another thread keeps publishing transitions (the worst case, never seen in use).
void SnapshotReadDuringWrites(benchmark::State& state) {
  if (state.thread_index() == 0) {
    int i = 0;
    for (auto _ : state) {
      availability().set_override(++i % 2 ? gt3::Override::kForceOffline
                                          : gt3::Override::kAuto);
    }
  } else {
    for (auto _ : state) benchmark::DoNotOptimize(availability().snapshot());
  }
}
BENCHMARK(SnapshotReadDuringWrites)->Threads(2);

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);  // the writer benchmark logs a transition per write
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
