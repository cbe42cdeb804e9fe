// demo_banner: the line `gt3-bypass demo` prints once everything listens, naming only addresses
// that are bound: the service's page (the host of server.listen, so an IPv6 or a LAN address is
// not misnamed 127.0.0.1; for every address, the IPv4 loopback, which a dual-stack listener also
// answers), the simulated cloud and the simulator's control API (with its one path, /__control).
// Scripts read it: it starts "demo: open http://HOST:PORT/". Pure function; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gt3::service {

// "http://127.0.0.1:8080", "http://[::1]:8080": where a client on this machine reaches a listener
// bound to `listen` (a checked server.listen) on `port`; a wildcard address is reached on
// 127.0.0.1. serve's start line names it too (logging.cc).
std::string local_origin(std::string_view listen, std::uint16_t port);

// The same with the root path, "http://127.0.0.1:8080/": the page a browser opens.
std::string local_url(std::string_view listen, std::uint16_t port);

// The simulator listens on 127.0.0.1 (its default addresses in the demo).
std::string demo_banner(std::string_view listen, std::uint16_t service_port,
                        std::uint16_t cloud_port, std::uint16_t control_port);

}  // namespace gt3::service
