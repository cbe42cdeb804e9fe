// Fuzz target config: the text of a TOML config file, loaded by service::load_config as the
// file "fuzz.toml" (ConfigSources::file_text: the path loader reads the file and goes through
// the same step), with no environment and no flags.
//
// Checks: loading returns a config or one kBadConfig error with a non-empty message (never an
// exception or a crash); a loaded config has a captcha id, a private key and an offline secret
// (generated when the file sets none).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "service/config_loader.h"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gt3::service::ConfigSources sources;
  sources.file = "fuzz.toml";
  sources.file_text = std::string(reinterpret_cast<const char*>(data), size);
  const auto config = gt3::service::load_config(sources);
  if (!config) {
    check(config.error().reason == gt3::Reason::kBadConfig);
    check(!config.error().detail.empty());
    return 0;
  }
  check(!config->geetest.client.captcha_id.empty());
  check(!config->geetest.client.private_key.empty());
  check(!config->offline.secret.empty());
  return 0;
}
