#include "gt3/user_info.h"

namespace gt3 {

std::string_view client_type_name(ClientType type) {
  switch (type) {
    case ClientType::kWeb:
      return "web";
    case ClientType::kH5:
      return "h5";
    case ClientType::kNative:
      return "native";
    case ClientType::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::optional<ClientType> parse_client_type(std::string_view name) {
  for (ClientType type :
       {ClientType::kWeb, ClientType::kH5, ClientType::kNative, ClientType::kUnknown}) {
    if (name == client_type_name(type)) return type;
  }
  return std::nullopt;
}

}  // namespace gt3
