#include "gt3/result.h"

#include <stdexcept>

namespace gt3 {

void throw_exception_from_error(const Error& error, const boost::source_location&) {
  std::string what{reason_name(error.reason)};
  if (!error.detail.empty()) what += ": " + error.detail;
  throw std::runtime_error(what);
}

}  // namespace gt3
