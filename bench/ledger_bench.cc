// Cost of the single-use ledger of one process (MemoryLedger): a claim of a fresh challenge, a
// replayed one, noting an issued online challenge, and the memory a million entries take (the
// counter `bytes_per_entry`, from the process's resident set before and after filling), and the
// worst single add() into a table of 8 million entries, filled and then saturated (the counter
// `worst_add_us`: a stall of the I/O thread that calls it, and of every thread waiting on the
// ledger's mutex meanwhile; `worst_add_cpu_us` is the same in the thread's CPU time, kernel work
// such as page faults included, so that a preemption on a busy machine does not count).
// Run: build/release/bench/gt3_ledger_bench
#include <benchmark/benchmark.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <random>
#include <string>

#include "offline/expiring_fingerprints.h"
#include "offline/memory_ledger.h"

namespace {

using gt3::offline::Claim;
using gt3::offline::ExpiringFingerprints;
using gt3::offline::MemoryLedger;
using std::chrono::seconds;

// 32 characters, the shape of a signed offline challenge.
std::string challenge(std::uint64_t i) {
  std::string text = std::to_string(i);
  return std::string(32 - text.size(), 'a') + text;
}

std::chrono::nanoseconds thread_cpu_time() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
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

// Fills a table of 8M entries to its bound through every doubling, then adds 2M more, each
// making room (the table stays saturated and forgets the entries closest to expiry). Time moves
// 10 us an add, so nothing expires on its own and every forgotten entry is unexpired.
void WorstAddFillingThenSaturating(benchmark::State& state) {
  constexpr std::size_t kMaxEntries = 8'000'000;
  constexpr std::size_t kAdds = kMaxEntries + 2'000'000;
  for (auto _ : state) {
    ExpiringFingerprints::Time now{};
    ExpiringFingerprints table(kMaxEntries, now);
    std::mt19937_64 random(1);
    std::chrono::nanoseconds worst{0};
    std::chrono::nanoseconds worst_cpu{0};
    std::size_t refused = 0;
    for (std::size_t i = 0; i < kAdds; ++i) {
      now += std::chrono::microseconds(10);
      const auto start = std::chrono::steady_clock::now();
      const auto start_cpu = thread_cpu_time();
      const auto added = table.add(random(), seconds(3600), now, /*make_room=*/true);
      worst_cpu = std::max(worst_cpu, thread_cpu_time() - start_cpu);
      worst = std::max(worst, std::chrono::steady_clock::now() - start);
      if (added != ExpiringFingerprints::Added::kAdded) ++refused;
    }
    state.counters["worst_add_us"] = std::chrono::duration<double, std::micro>(worst).count();
    state.counters["worst_add_cpu_us"] =
        std::chrono::duration<double, std::micro>(worst_cpu).count();
    state.counters["refused"] = static_cast<double>(refused);
  }
}
BENCHMARK(WorstAddFillingThenSaturating)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
