// Result<T>: a T or an Error. Errors are values on the request path (STYLE.md): nothing in the
// sdk throws for an expected failure such as a bad cloud answer.
//
// Built on boost::system::result (Boost 1.81, header-only) rather than a hand-written type.
// Use has_value()/operator*/error(); value() on an error throws std::runtime_error.
#pragma once

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>
#include <string>

#include "gt3/reason.h"

namespace gt3 {

struct Error {
  Reason reason = Reason::kOk;
  std::string detail;  // what exactly was wrong, for people; never holds a secret

  friend bool operator==(const Error&, const Error&) = default;
};

// Found by boost::system::result::value() through argument-dependent lookup.
[[noreturn]] void throw_exception_from_error(const Error& error, const boost::source_location& loc);

template <class T>
using Result = boost::system::result<T, Error>;

}  // namespace gt3
