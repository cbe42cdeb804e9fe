// StaticFiles: a Handler that serves files under a root folder for GET and HEAD, with content
// types by extension, "index.html" for a folder, and no way out of the root (no "..", no
// encoded traversal, no symlink escapes): anything outside answers 404.
//
// Every file under the root (up to 8 MiB each) is read into memory when the handler is made, so
// no disk I/O runs on an I/O thread; a file added later is not served until a restart. This is
// meant for the demo page's small assets, not for large or changing trees. A symlink is served
// only when its target is itself under the root; directory symlinks are not followed.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/router.h"

namespace gt3::http {

// `url_prefix` is removed from the request path before the lookup ("/static/a.js" -> "a.js").
// Throws std::invalid_argument, naming the folder, when `root` is not a folder (start-up).
Handler static_files(std::filesystem::path root, std::string url_prefix);

// Files given in memory (e.g. compiled into the program): relative path -> content. The same
// lookup rules as above apply.
using FileContents = std::vector<std::pair<std::string, std::string_view>>;
Handler static_files(const FileContents& files, std::string url_prefix);

// A handler that always answers one file of the set (e.g. "/" -> "index.html"); 404 if absent.
Handler static_file(std::filesystem::path root, std::string relative);
Handler static_file(const FileContents& files, std::string relative);

// "text/html; charset=utf-8" for ".html", ... "application/octet-stream" when unknown.
std::string_view content_type_for(const std::filesystem::path& file);

}  // namespace gt3::http
