// TempFile (tests only): a file with the given contents in gtest's temporary directory, removed
// when the object goes. Names are unique within the process (a counter) and across processes
// (the pid), so tests may run in parallel. Thread-safe construction; a failed write leaves an
// empty or missing file, which the test using it then reports.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>

namespace gt3::testing {

class TempFile {
 public:
  // `suffix` is the end of the name, such as ".toml" or ".pem".
  explicit TempFile(std::string_view contents, std::string_view suffix = ".tmp") {
    static std::atomic<int> counter{0};
    path_ = ::testing::TempDir() + "gt3_test_" + std::to_string(::getpid()) + "_" +
            std::to_string(counter++) + std::string(suffix);
    std::ofstream(path_) << contents;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace gt3::testing
