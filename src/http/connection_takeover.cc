#include "http/connection_takeover.h"

#include <memory>
#include <utility>

namespace gt3::http {

boost::asio::awaitable<void> ConnectionTakeover::run(boost::asio::ip::tcp::socket& socket) const {
  if (writer_) co_await writer_(socket);
}

Response take_over_connection(ConnectionTakeover::Writer writer) {
  Response response;
  response.takeover = std::make_shared<const ConnectionTakeover>(std::move(writer));
  return response;
}

Response close_without_answer() {
  // One shared instance: a fault mode that refuses every request allocates nothing for it.
  static const auto kClose = std::make_shared<const ConnectionTakeover>(nullptr);
  Response response;
  response.takeover = kClose;
  return response;
}

}  // namespace gt3::http
