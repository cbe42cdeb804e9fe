#include "service/demo_banner.h"

#include "http/listen_address.h"

namespace gt3::service {

std::string local_origin(std::string_view listen, std::uint16_t port) {
  const auto endpoint = http::parse_listen_address(listen);
  std::string host = "127.0.0.1";
  if (endpoint && !endpoint->address().is_unspecified()) {
    const auto address = endpoint->address();
    host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  }
  return "http://" + host + ":" + std::to_string(port);
}

std::string local_url(std::string_view listen, std::uint16_t port) {
  return local_origin(listen, port) + "/";
}

std::string demo_banner(std::string_view listen, std::uint16_t service_port,
                        std::uint16_t cloud_port, std::uint16_t control_port) {
  return "demo: open " + local_url(listen, service_port) +
         " (simulated GeeTest cloud on http://127.0.0.1:" + std::to_string(cloud_port) +
         ", its control API on http://127.0.0.1:" + std::to_string(control_port) +
         "/__control); Ctrl-C stops";
}

}  // namespace gt3::service
