#include "gt3/http_client.h"

namespace gt3 {

std::string_view http_failure_name(HttpFailure failure) {
  switch (failure) {
    case HttpFailure::kTimeout:
      return "timeout";
    case HttpFailure::kRefused:
      return "refused";
    case HttpFailure::kDns:
      return "dns";
    case HttpFailure::kTls:
      return "tls";
    case HttpFailure::kHttpStatus:
      return "http_status";
    case HttpFailure::kBadBody:
      return "bad_body";
    case HttpFailure::kNetwork:
      return "network";
    case HttpFailure::kCancelled:
      return "cancelled";
  }
  return "network";
}

}  // namespace gt3
