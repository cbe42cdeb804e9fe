// RedisConnection: one synchronous hiredis connection, the building block of RedisWorker (and so of
// the status store and the ledger).
//
// open() connects with a deadline, then sends AUTH and SELECT when the URL asks for them. Every
// later command waits at most the read timeout. A connection that failed once (I/O error,
// timeout, or an error reply) is not reused: the owner drops it and opens another.
// Not thread-safe; one thread uses it, except that another thread may shutdown(2) its fd() to wake
// a blocked read (the owner still destroys it; RedisWorker does this). Error details never hold the
// password.
#pragma once

#include <hiredis/hiredis.h>

#include <chrono>
#include <initializer_list>
#include <memory>
#include <string_view>

#include "gt3/result.h"
#include "redis/redis_url.h"

namespace gt3::redis {

struct RedisReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using RedisReply = std::unique_ptr<redisReply, RedisReplyDeleter>;

class RedisConnection {
 public:
  static Result<RedisConnection> open(const RedisUrl& url, std::chrono::milliseconds timeout);

  // Sends one command (binary-safe arguments) and waits for its reply. An error reply is an
  // Error too (Reason::kBadBody, with Redis's text).
  Result<RedisReply> command(std::initializer_list<std::string_view> args);

  // Queues one command without waiting for its reply (pipelining): the commands appended so far
  // are sent together by the next read_reply(), which returns their replies one by one, in order.
  Result<void> append(std::initializer_list<std::string_view> args);

  // Waits for the next reply (a subscription's messages, or the replies to appended commands);
  // sends what append() queued first.
  Result<RedisReply> read_reply();

  // zero: wait forever.
  void set_read_timeout(std::chrono::milliseconds timeout);

  // The socket, for shutdown(2) from another thread.
  int fd() const;

 private:
  struct ContextDeleter {
    void operator()(redisContext* context) const { redisFree(context); }
  };
  explicit RedisConnection(redisContext* context) : context_(context) {}
  Result<RedisReply> checked(void* reply);

  std::unique_ptr<redisContext, ContextDeleter> context_;
};

}  // namespace gt3::redis
