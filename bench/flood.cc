// Connection flood and slowloris against a running `serve` (hardening): how many connections serve
// holds, its memory, and how a normal client fares meanwhile.
//
// 1. Baseline: serve's open descriptors and VmRSS, and --requests sequential GET /register, each
//    on a fresh connection, timed.
// 2. Opens --idle connections that never send a byte and --slow slowloris connections that send
//    a request line, then one header byte every --slow-byte-ms, never the end of the headers.
//    A connection serve closes (request_timeout: 408 for a slowloris, a silent close for an idle
//    one) is counted and opened again, so the pressure stays for the whole hold.
// 3. While they are held (--hold-s seconds, or longer if the client needs it), GET /register is
//    timed again, one after the other for the whole hold (at least --requests), and serve's
//    descriptors, VmRSS and VmHWM are sampled every 250 ms (/proc/<pid>).
// 4. Everything is closed; serve's descriptors are read once more.
// Loopback only; stops by itself. Prints "flood: ..." lines of figures.
//
//   gt3_bench_flood --port PORT --pid SERVE_PID [--idle 5000] [--slow 500] [--hold-s 20]
//                   [--requests 1000] [--slow-byte-ms 1000]
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.h"

namespace {

using gt3::bench::Clock;
using gt3::bench::Options;
using gt3::bench::percentile;

int open_connection(std::uint16_t port, bool blocking_reads) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  if (blocking_reads) {
    timeval timeout{15, 0};  // a safety net for the measured client, far above any answer
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

void send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n <= 0) return;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

long open_fds(int pid) {
  long n = 0;
  DIR* dir = ::opendir(("/proc/" + std::to_string(pid) + "/fd").c_str());
  if (dir == nullptr) return -1;
  while (dirent* entry = ::readdir(dir)) n += entry->d_name[0] != '.';
  ::closedir(dir);
  return n;
}

long status_kb(int pid, const std::string& key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) == 0) return std::stol(line.substr(key.size() + 1));
  }
  return -1;
}

struct ClientRun {
  std::vector<double> latencies_ms;
  int ok = 0, failed = 0;
};

// `count` GET /register on fresh connections, one after the other, and more until `until`.
ClientRun run_client(std::uint16_t port, int count, Clock::time_point until = {}) {
  ClientRun run;
  const std::string request =
      "GET /register HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  for (int i = 0; i < count || Clock::now() < until; ++i) {
    const auto start = Clock::now();
    const int fd = open_connection(port, true);
    std::string answer;
    if (fd >= 0) {
      send_all(fd, request);
      char buffer[4096];
      for (;;) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        answer.append(buffer, static_cast<std::size_t>(n));
      }
      ::close(fd);
    }
    run.latencies_ms.push_back(gt3::bench::ms_between(start, Clock::now()));
    const bool ok =
        answer.rfind("HTTP/1.1 200", 0) == 0 && answer.find("\"challenge\"") != std::string::npos;
    ++(ok ? run.ok : run.failed);
  }
  return run;
}

void print_client(const char* phase, const ClientRun& run) {
  std::printf(
      "flood: %s client: %d answered 200, %d failed; latency ms p50 %.2f p99 %.2f max %.2f\n",
      phase, run.ok, run.failed, percentile(run.latencies_ms, 50), percentile(run.latencies_ms, 99),
      percentile(run.latencies_ms, 100));
}

struct Held {
  int fd = -1;
  bool slow = false;
  Clock::time_point next_byte;
};

}  // namespace

int main(int argc, char** argv) {
  const Options options(argc, argv, 1);
  const auto port = static_cast<std::uint16_t>(std::stoi(options.text("port")));
  const int pid = std::stoi(options.text("pid"));
  const int idle = static_cast<int>(options.number("idle", 5000));
  const int slow = static_cast<int>(options.number("slow", 500));
  const auto hold = std::chrono::duration<double>(options.number("hold-s", 20));
  const int requests = static_cast<int>(options.number("requests", 1000));
  const auto byte_every = std::chrono::milliseconds(long(options.number("slow-byte-ms", 1000)));

  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);

  std::printf("flood: serve pid %d before: %ld descriptors, VmRSS %ld kB, VmHWM %ld kB\n", pid,
              open_fds(pid), status_kb(pid, "VmRSS"), status_kb(pid, "VmHWM"));
  print_client("baseline", run_client(port, requests));

  // Open the flood.
  std::vector<Held> held(static_cast<std::size_t>(idle + slow));
  int open_failures = 0;
  long idle_closed = 0, slow_closed = 0, slow_408 = 0, bytes_trickled = 0;
  const auto opened_at = Clock::now();
  const auto open_one = [&](Held& h) {
    h.fd = open_connection(port, false);
    if (h.fd < 0) {
      ++open_failures;
      return;
    }
    if (h.slow) {
      send_all(h.fd, "GET /register HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
      h.next_byte = Clock::now() + byte_every;
    }
  };
  for (std::size_t i = 0; i < held.size(); ++i) {
    held[i].slow = i >= static_cast<std::size_t>(idle);
    open_one(held[i]);
  }
  std::printf("flood: opened %zu connections (%d idle, %d slowloris) in %.0f ms, %d failed\n",
              held.size(), idle, slow, gt3::bench::ms_between(opened_at, Clock::now()),
              open_failures);

  // The measured client runs in a thread while this one holds the flood and samples serve.
  std::atomic<bool> client_done{false};
  ClientRun during;
  const auto hold_until = Clock::now() + std::chrono::duration_cast<Clock::duration>(hold);
  std::thread client([&] {
    during = run_client(port, requests, hold_until);
    client_done = true;
  });
  long max_fds = 0, max_rss = 0;
  while (Clock::now() < hold_until || !client_done) {
    const auto now = Clock::now();
    for (Held& h : held) {
      if (h.fd < 0) {
        open_one(h);
        continue;
      }
      char buffer[512];
      const ssize_t n = ::recv(h.fd, buffer, sizeof buffer, MSG_DONTWAIT);
      if (n > 0 || n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
        if (n > 0 && std::string_view(buffer, static_cast<std::size_t>(n)).find(" 408 ") !=
                         std::string_view::npos) {
          ++slow_408;
        }
        ++(h.slow ? slow_closed : idle_closed);
        ::close(h.fd);
        open_one(h);
        continue;
      }
      if (h.slow && now >= h.next_byte) {
        send_all(h.fd, "a");
        ++bytes_trickled;
        h.next_byte = now + byte_every;
      }
    }
    max_fds = std::max(max_fds, open_fds(pid));
    max_rss = std::max(max_rss, status_kb(pid, "VmRSS"));
    std::this_thread::sleep_for(std::chrono::milliseconds(250));  // pacing, not synchronisation
  }
  client.join();
  std::printf(
      "flood: held for %.0f s: serve had at most %ld descriptors, VmRSS at most %ld kB, "
      "VmHWM %ld kB\n",
      std::chrono::duration<double>(Clock::now() - opened_at).count(), max_fds, max_rss,
      status_kb(pid, "VmHWM"));
  std::printf(
      "flood: serve closed %ld idle and %ld slowloris connections (%ld answered 408); "
      "%ld header bytes trickled; all reopened\n",
      idle_closed, slow_closed, slow_408, bytes_trickled);
  print_client("during the flood", during);
  for (Held& h : held) {
    if (h.fd >= 0) ::close(h.fd);
  }
  // Serve notices the closes on its own time; one more client run lets it get there.
  print_client("after the flood", run_client(port, requests / 10 + 1));
  std::printf("flood: serve after: %ld descriptors, VmRSS %ld kB\n", open_fds(pid),
              status_kb(pid, "VmRSS"));
  return during.failed == 0 ? 0 : 1;
}
