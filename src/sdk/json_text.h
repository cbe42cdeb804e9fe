// JSON text written by hand for the answers of the hot path (/register and /validate), where
// building an nlohmann::json object and dumping it took about 19 allocations a request, more
// than any other step. Everything off the hot path keeps using nlohmann::json.
//
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace gt3 {

// Appends `text` as a JSON string, quotes included (RFC 8259 section 7): '"' and '\' escaped,
// control characters as \b \f \n \r \t or \u00XX, UTF-8 kept as it is, and each byte that does
// not begin a well-formed UTF-8 sequence replaced by U+FFFD, so the answer is always valid JSON
// whatever the text (nlohmann's dump would throw on such bytes).
void append_json_string(std::string& out, std::string_view text);

}  // namespace gt3
