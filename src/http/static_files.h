// StaticFiles: a Handler that serves files under a root folder for GET and HEAD, with content
// types by extension, "index.html" for a folder, and no way out of the root (no "..", no
// encoded traversal, no symlink escapes): anything outside answers 404.
#pragma once

#include <filesystem>
#include <string>

#include "http/router.h"

namespace gt3::http {

// `url_prefix` is removed from the request path before the lookup ("/static/a.js" -> "a.js").
Handler static_files(std::filesystem::path root, std::string url_prefix);

// "text/html; charset=utf-8" for ".html", ... "application/octet-stream" when unknown.
std::string_view content_type_for(const std::filesystem::path& file);

}  // namespace gt3::http
