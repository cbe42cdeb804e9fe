// RedisServer: a real redis-server for tests, started on a free loopback port, with no
// persistence, stopped with SIGTERM (or killed with SIGKILL, a crash: no clean shutdown, every key
// lost). It can be stopped and started again on the same port within a test (Redis going away and
// coming back). A missing redis-server is a failure that says how
// to install it, never a silent skip.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bypass/redis_status_store.h"

namespace gt3::testing {

inline constexpr const char* kRedisServer = "/usr/bin/redis-server";

// A port that was free a moment ago: bound to port 0 and closed again.
inline std::uint16_t free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot bind a loopback socket to port 0");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

struct RedisContextDeleter {
  void operator()(redisContext* context) const { redisFree(context); }
};
struct RedisReplyFree {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using RawRedis = std::unique_ptr<redisContext, RedisContextDeleter>;
using RawReply = std::unique_ptr<redisReply, RedisReplyFree>;

// A plain hiredis connection, for a test to look at what the store wrote.
inline RawRedis raw_connect(std::uint16_t port) {
  RawRedis context(redisConnectWithTimeout("127.0.0.1", port, timeval{2, 0}));
  if (!context || context->err != 0) return nullptr;
  redisSetTimeout(context.get(), timeval{2, 0});
  return context;
}

// Runs one command; nullptr when the connection failed.
template <class... Args>
RawReply raw_command(redisContext* context, const char* format, Args... args) {
  return RawReply(static_cast<redisReply*>(redisCommand(context, format, args...)));
}

class RedisServer {
 public:
  RedisServer() : port_(free_loopback_port()) {}
  ~RedisServer() { stop(); }
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // Starts redis-server on port() and waits (up to 10 s) until it answers PING. The port was
  // only free a moment ago: when another test's Redis took it first, a first start picks another
  // port, unless port() or url() was already asked for (then, as on a restart, it fails).
  ::testing::AssertionResult start() {
    if (::access(kRedisServer, X_OK) != 0) {
      return ::testing::AssertionFailure()
             << kRedisServer << " is missing: the Redis store tests need a real Redis; run "
             << "scripts/install-deps.sh test (it installs the Debian package redis-server)";
    }
    for (int attempt = 1;; ++attempt) {
      bool port_taken = false;
      ::testing::AssertionResult started = start_on_port(port_taken);
      if (started) started_once_ = true;
      if (started || !port_taken || started_once_ || port_given_out_ || attempt == 5) {
        return started;
      }
      port_ = free_loopback_port();
    }
  }

  // SIGTERM and wait; the port stays this server's for a later start().
  void stop() { end_with(SIGTERM); }

  // SIGKILL and wait: Redis crashes, its clients see their connections reset.
  void kill() { end_with(SIGKILL); }

  std::uint16_t port() const {
    port_given_out_ = true;
    return port_;
  }

  // What `key` holds: its string value, "(none)" when absent, "(unreachable)" when Redis is.
  std::string value_of(const std::string& key) const {
    RawRedis context = raw_connect(port_);
    if (!context) return "(unreachable)";
    RawReply reply = raw_command(context.get(), "GET %s", key.c_str());
    if (!reply || reply->type != REDIS_REPLY_STRING) return "(none)";
    return std::string(reply->str, reply->len);
  }

  // Polls (nothing announces a key's value to a test) until `key` holds `value`, up to `limit`.
  bool comes_to_hold(const std::string& key, const std::string& value,
                     std::chrono::milliseconds limit = std::chrono::seconds(20)) const {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (value_of(key) != value) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
  }

  redis::RedisUrl url() const {
    redis::RedisUrl url;
    url.port = port();
    return url;
  }

 private:
  // One start on port_; `port_taken` when redis-server could not have it.
  ::testing::AssertionResult start_on_port(bool& port_taken) {
    const std::string port = std::to_string(port_);
    std::vector<std::string> args = {
        kRedisServer,   "--port", port,          "--bind", "127.0.0.1",  "--save", "",
        "--appendonly", "no",     "--daemonize", "no",     "--loglevel", "warning"};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    // fork + exec rather than posix_spawn, to have the server die with this process
    // (PR_SET_PDEATHSIG) even when a test crashes. Only async-signal-safe calls in the child.
    pid_ = ::fork();
    if (pid_ < 0) return ::testing::AssertionFailure() << "fork() failed";
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);
      const int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, STDOUT_FILENO);
      ::dup2(null, STDERR_FILENO);
      ::execv(kRedisServer, argv.data());
      ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        port_taken = true;  // the likeliest cause; a first start tries another port
        return ::testing::AssertionFailure()
               << "redis-server exited at start on port " << port_ << " (status " << status << ")";
      }
      if (RawRedis context = raw_connect(port_)) {
        RawReply reply = raw_command(context.get(), "PING");
        if (reply && reply->type == REDIS_REPLY_STATUS) {
          if (answering_pid(context.get()) == pid_) return ::testing::AssertionSuccess();
          stop();
          port_taken = true;
          return ::testing::AssertionFailure()
                 << "another process's Redis answers on port " << port_;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a bounded readiness poll
    }
    stop();
    return ::testing::AssertionFailure() << "redis-server did not answer PING within 10 s";
  }

  // The process id the Redis behind `context` reports (INFO server), or -1.
  static pid_t answering_pid(redisContext* context) {
    RawReply reply = raw_command(context, "INFO server");
    if (!reply || reply->type != REDIS_REPLY_STRING) return -1;
    const std::string info(reply->str, reply->len);
    const std::string key = "process_id:";
    const std::size_t at = info.find(key);
    return at == std::string::npos ? -1
                                   : static_cast<pid_t>(std::atol(info.c_str() + at + key.size()));
  }

  void end_with(int signal_number) {
    if (pid_ <= 0) return;
    ::kill(pid_, signal_number);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  std::uint16_t port_;
  pid_t pid_ = -1;
  bool started_once_ = false;
  mutable bool port_given_out_ = false;
};

}  // namespace gt3::testing
