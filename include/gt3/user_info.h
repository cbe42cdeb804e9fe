// The optional end-user parameters that register.php and validate.php accept and that the
// official demos often forgot to forward (docs/protocol.md sections 3, 4 and 8).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gt3 {

enum class ClientType { kWeb, kH5, kNative, kUnknown };

// "web", "h5", "native", "unknown".
std::string_view client_type_name(ClientType type);

// nullopt for anything but the four names.
std::optional<ClientType> parse_client_type(std::string_view name);

struct UserInfo {
  std::string user_id;                    // empty: not sent
  std::optional<ClientType> client_type;  // nullopt: not sent
  std::string ip_address;                 // empty: not sent
};

}  // namespace gt3
