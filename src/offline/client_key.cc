#include "offline/client_key.h"

#include <algorithm>
#include <boost/asio/ip/address.hpp>

namespace gt3::offline {

std::string client_key(std::string_view client, int ipv6_prefix) {
  namespace ip = boost::asio::ip;
  boost::system::error_code ec;
  const ip::address address = ip::make_address(std::string(client), ec);
  if (ec) return std::string(client);
  if (address.is_v4()) return address.to_string();
  const ip::address_v6 v6 = address.to_v6();
  if (v6.is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, v6).to_string();
  const int prefix = std::clamp(ipv6_prefix, 0, 128);
  ip::address_v6::bytes_type bytes = v6.to_bytes();
  for (int bit = prefix; bit < 128; ++bit) {
    bytes[bit / 8] &= static_cast<unsigned char>(~(0x80 >> (bit % 8)));
  }
  // The scope of a link-local address ("%eth0") is not part of the network.
  return ip::address_v6(bytes).to_string() + "/" + std::to_string(prefix);
}

}  // namespace gt3::offline
