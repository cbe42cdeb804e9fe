#include "redis/redis_connection.h"

#include <sys/time.h>

#include <string>
#include <vector>

namespace gt3::redis {
namespace {

timeval to_timeval(std::chrono::milliseconds timeout) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  return tv;
}

Error connection_error(const RedisUrl& url, std::string_view what) {
  return Error{Reason::kNetwork,
               "Redis at " + url.host + ":" + std::to_string(url.port) + ": " + std::string(what)};
}

}  // namespace

Result<RedisConnection> RedisConnection::open(const RedisUrl& url,
                                              std::chrono::milliseconds timeout) {
  redisContext* raw = redisConnectWithTimeout(url.host.c_str(), url.port, to_timeval(timeout));
  if (raw == nullptr) return connection_error(url, "cannot allocate a connection");
  RedisConnection connection(raw);
  if (raw->err != 0) return connection_error(url, std::string("cannot connect: ") + raw->errstr);
  connection.set_read_timeout(timeout);
  if (!url.password.empty()) {
    auto reply = connection.command({"AUTH", url.password});
    if (!reply) return connection_error(url, "AUTH failed: " + reply.error().detail);
  }
  if (url.db != 0) {
    auto reply = connection.command({"SELECT", std::to_string(url.db)});
    if (!reply) return connection_error(url, "SELECT failed: " + reply.error().detail);
  }
  return connection;
}

Result<RedisReply> RedisConnection::command(std::initializer_list<std::string_view> args) {
  if (auto appended = append(args); !appended) return appended.error();
  return read_reply();
}

Result<void> RedisConnection::append(std::initializer_list<std::string_view> args) {
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (std::string_view arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  if (redisAppendCommandArgv(context_.get(), static_cast<int>(argv.size()), argv.data(),
                             lengths.data()) != REDIS_OK) {
    return Error{Reason::kNetwork, "cannot queue a Redis command (out of memory)"};
  }
  return {};
}

Result<RedisReply> RedisConnection::read_reply() {
  void* reply = nullptr;
  if (redisGetReply(context_.get(), &reply) != REDIS_OK) reply = nullptr;
  return checked(reply);
}

void RedisConnection::set_read_timeout(std::chrono::milliseconds timeout) {
  redisSetTimeout(context_.get(), to_timeval(timeout));
}

int RedisConnection::fd() const { return context_->fd; }

Result<RedisReply> RedisConnection::checked(void* raw) {
  RedisReply reply(static_cast<redisReply*>(raw));
  if (!reply) {
    const char* why = context_->err != 0 ? context_->errstr : "no reply";
    return Error{Reason::kNetwork, std::string("the connection failed: ") + why};
  }
  if (reply->type == REDIS_REPLY_ERROR) {
    return Error{Reason::kBadBody,
                 "Redis answered an error: " + std::string(reply->str, reply->len)};
  }
  return reply;
}

}  // namespace gt3::redis
