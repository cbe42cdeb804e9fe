// Cost of the single-use ledger of one process (MemoryLedger): a claim of a fresh challenge, a
// replayed one, noting an issued online challenge, and the memory a million entries take (the
// counter `bytes_per_entry`, from the process's resident set before and after filling).
// Run: build/release/bench/gt3_ledger_bench
#include <benchmark/benchmark.h>

#include <fstream>
#include <string>

#include "offline/memory_ledger.h"

namespace {

using gt3::offline::Claim;
using gt3::offline::MemoryLedger;
using std::chrono::seconds;

// 32 characters, the shape of a signed offline challenge.
std::string challenge(std::uint64_t i) {
  std::string text = std::to_string(i);
  return std::string(32 - text.size(), 'a') + text;
}

long resident_kib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

void ClaimFresh(benchmark::State& state) {
  MemoryLedger ledger;
  std::uint64_t i = 0;
  for (auto _ : state) {
    ledger.claim(challenge(i++), seconds(360), [](Claim c) { benchmark::DoNotOptimize(c); });
  }
}
BENCHMARK(ClaimFresh)->Iterations(900'000);

void ClaimReplay(benchmark::State& state) {
  MemoryLedger ledger;
  ledger.claim(challenge(1), seconds(360), [](Claim) {});
  for (auto _ : state) {
    ledger.claim(challenge(1), seconds(360), [](Claim c) { benchmark::DoNotOptimize(c); });
  }
}
BENCHMARK(ClaimReplay);

void NoteIssuedWhenFull(benchmark::State& state) {
  MemoryLedger ledger(100'000);
  std::uint64_t i = 0;
  for (; i < 100'000; ++i) ledger.note_issued(challenge(i), seconds(300));
  for (auto _ : state) ledger.note_issued(challenge(i++), seconds(300));
}
BENCHMARK(NoteIssuedWhenFull);

void MemoryOfAMillionEntries(benchmark::State& state) {
  for (auto _ : state) {
    const long before = resident_kib();
    MemoryLedger ledger;
    for (std::uint64_t i = 0; i < 1'000'000; ++i) ledger.note_issued(challenge(i), seconds(300));
    state.counters["bytes_per_entry"] =
        static_cast<double>(resident_kib() - before) * 1024.0 / 1'000'000.0;
  }
}
BENCHMARK(MemoryOfAMillionEntries)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
