#include "http/write_now.h"

#include <algorithm>

namespace gt3::http {

boost::system::error_code write_now(boost::asio::ip::tcp::socket& socket,
                                    std::array<boost::asio::const_buffer, 2>& out) {
  if (!socket.non_blocking()) return {};
  boost::system::error_code ec;
  std::size_t written = socket.write_some(out, ec);
  if (ec == boost::asio::error::would_block || ec == boost::asio::error::try_again) return {};
  if (ec) return ec;
  for (boost::asio::const_buffer& part : out) {
    const std::size_t taken = std::min(written, part.size());
    part += taken;
    written -= taken;
  }
  return {};
}

}  // namespace gt3::http
