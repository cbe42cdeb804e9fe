// RedisUrl: where a Redis server is and how to log in to it, read from a redis:// URL.
//
// A plain value: no I/O, no threads. parse() never fails by throwing; its error names what is
// wrong with the URL without echoing it back, since the URL may hold the password.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "gt3/result.h"

namespace gt3::redis {

struct RedisUrl {
  std::string host = "127.0.0.1";
  std::uint16_t port = 6379;
  std::string password;  // empty: no AUTH
  int db = 0;

  // redis://[:password@]host[:port][/db]; the error names what is wrong (never the password).
  static Result<RedisUrl> parse(std::string_view url);
};

}  // namespace gt3::redis
