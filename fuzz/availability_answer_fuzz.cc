// Fuzz target availability_answer: what bypass_status.php answered (docs/protocol.md section 2),
// classified by bypass::classify_probe_answer; and the stored status and override names read
// back by parse_cloud_status / parse_override. The first byte picks the HTTP status (200 for
// most values), the rest is the body.
//
// Checks: Reason::kOk only for HTTP 200 and a JSON object whose "status" is the string "success"
// (checked again with nlohmann::json directly); any other 200 is kCloudReportsFail or kBadBody;
// any other status is kHttpStatus with that status; the detail is bounded. A status or override
// name that parses prints back as the same text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "bypass/probe.h"
#include "gt3/status.h"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using gt3::Reason;
  if (size == 0) return 0;
  const int status = data[0] < 0xf0 ? 200 : 100 * (data[0] - 0xef);
  const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);

  const gt3::ProbeResult result =
      gt3::bypass::classify_probe_answer(gt3::HttpResponse{status, "application/json", body});
  check(result.http_status == status);
  check(result.detail.size() <= 200);
  if (status != 200) {
    check(result.reason == Reason::kHttpStatus);
  } else {
    const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    const bool success = json.is_object() && json.contains("status") &&
                         json["status"].is_string() && json["status"] == "success";
    check(result.ok() == success);
    check(success || result.reason == Reason::kCloudReportsFail ||
          result.reason == Reason::kBadBody);
  }

  if (const auto cloud = gt3::parse_cloud_status(body)) {
    check(gt3::cloud_status_name(*cloud) == body);
  }
  if (const auto mode = gt3::parse_override(body)) {
    check(gt3::override_name(*mode) == body);
  }
  return 0;
}
