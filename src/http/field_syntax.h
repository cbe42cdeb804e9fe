// RFC 9110 field syntax, shared by the two heads written by hand (http/response_head.h, the
// server's answers; http/request_head.h, the client's requests): what a field name and a field
// value may hold, and appending one field or number to a head. Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

namespace gt3::http {

// RFC 9110 section 5.6.2: a token (tchar), e.g. a field name or a method.
bool is_token(std::string_view name);

// RFC 9110 section 5.5: visible characters, obs-text, spaces and tabs; no control character, so
// that no value can end its line early or smuggle a field of its own.
bool is_field_value(std::string_view value);

// True when `name` is one of `names` (lower case), compared without regard to case.
bool is_one_of(std::string_view name, std::initializer_list<std::string_view> names);

void append_number(std::string& out, std::size_t n);
void append_field(std::string& out, std::string_view name, std::string_view value);

}  // namespace gt3::http
