// The listen-address grammar of every listener (server.listen, cloudsim's --listen and
// --control): host:port with an IPv4 address, [IPv6]:port, localhost:port, or :port and *:port
// for every address (IPv6 any, dual-stack where the system allows). Port 0 picks a free port.
// Pure function; thread-safe.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <string_view>

#include "gt3/result.h"

namespace gt3::http {

// The endpoint, or an Error (kBadConfig) whose detail says what is wrong and how to write it,
// without repeating the text: "has no port; write host:port, e.g. 127.0.0.1:8080, ...".
Result<boost::asio::ip::tcp::endpoint> parse_listen_address(std::string_view text);

}  // namespace gt3::http
