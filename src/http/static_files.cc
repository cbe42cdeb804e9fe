#include "http/static_files.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <system_error>
#include <unordered_map>

namespace gt3::http {
namespace {

namespace fs = std::filesystem;

// Larger files are not served: this handler is for the demo page's small assets.
constexpr std::uintmax_t kMaxFileBytes = 8 * 1024 * 1024;

struct Asset {
  std::string body;
  std::string_view content_type;
};

// Every regular file under the root, keyed by its path relative to the root ("css/a.css"),
// read once at construction so that no disk I/O ever runs on an I/O thread.
class Assets {
 public:
  Assets(const fs::path& root, std::string url_prefix) : url_prefix_(std::move(url_prefix)) {
    std::error_code ec;
    const fs::path canonical_root = fs::canonical(root, ec);
    if (ec || !fs::is_directory(canonical_root)) {
      throw std::invalid_argument("static files: the folder " + root.string() +
                                  " does not exist or is not a folder; check the path");
    }
    // Directory symlinks are not followed; file symlinks are, but only to a file under the root.
    for (auto it = fs::recursive_directory_iterator(
             canonical_root, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::error_code status_ec;
      if (!it->is_regular_file(status_ec) || status_ec) continue;
      const fs::path target = fs::weakly_canonical(it->path(), status_ec);
      if (status_ec || !is_under(target, canonical_root)) continue;
      if (fs::file_size(target, status_ec) > kMaxFileBytes || status_ec) continue;
      std::ifstream in(target, std::ios::binary);
      std::string body{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      if (!in.good() && !in.eof()) continue;
      files_.emplace(it->path().lexically_relative(canonical_root).generic_string(),
                     Asset{std::move(body), content_type_for(it->path())});
    }
  }

  Assets(const FileContents& files, std::string url_prefix) : url_prefix_(std::move(url_prefix)) {
    for (const auto& [relative, body] : files) {
      files_.emplace(relative, Asset{std::string(body), content_type_for(relative)});
    }
  }

  Response serve(const Request& request) const { return serve_path(request.path); }

  Response serve_path(std::string_view path) const {
    const Asset* asset = find(path);
    if (asset == nullptr) {
      return Response::error(404, "not_found",
                             "there is no file at " + std::string(path) + "; check the URL");
    }
    Response response;
    response.content_type = asset->content_type;  // content_type_for()'s static table
    response.body = asset->body;
    return response;
  }

 private:
  static bool is_under(const fs::path& file, const fs::path& root) {
    const fs::path relative = file.lexically_relative(root);
    return !relative.empty() && !relative.is_absolute() && *relative.begin() != "..";
  }

  // Anything that could name a file outside the root is refused before the lookup, although the
  // lookup itself only knows files under the root.
  static bool is_safe(std::string_view relative) {
    if (!relative.empty() && relative.front() == '/') return false;
    if (relative.find_first_of(std::string_view("\\\0:", 3)) != std::string_view::npos) {
      return false;
    }
    std::size_t start = 0;
    while (start <= relative.size()) {
      const std::size_t end = std::min(relative.find('/', start), relative.size());
      const std::string_view segment = relative.substr(start, end - start);
      if (segment == ".." || segment == ".") return false;
      start = end + 1;
    }
    return true;
  }

  const Asset* find(std::string_view path) const {
    if (!path.starts_with(url_prefix_)) return nullptr;
    std::string relative(path.substr(url_prefix_.size()));
    if (!is_safe(relative)) return nullptr;
    if (relative.empty() || relative.back() == '/') relative += "index.html";
    if (auto it = files_.find(relative); it != files_.end()) return &it->second;
    if (auto it = files_.find(relative + "/index.html"); it != files_.end()) return &it->second;
    return nullptr;
  }

  std::string url_prefix_;
  std::unordered_map<std::string, Asset> files_;
};

}  // namespace

namespace {

Handler serving(std::shared_ptr<const Assets> assets) {
  return [assets](const Request& request) -> boost::asio::awaitable<Response> {
    co_return assets->serve(request);
  };
}

Handler serving_one(std::shared_ptr<const Assets> assets, std::string relative) {
  return [assets, relative](const Request&) -> boost::asio::awaitable<Response> {
    co_return assets->serve_path(relative);
  };
}

}  // namespace

Handler static_files(std::filesystem::path root, std::string url_prefix) {
  return serving(std::make_shared<const Assets>(root, std::move(url_prefix)));
}

Handler static_files(const FileContents& files, std::string url_prefix) {
  return serving(std::make_shared<const Assets>(files, std::move(url_prefix)));
}

Handler static_file(std::filesystem::path root, std::string relative) {
  return serving_one(std::make_shared<const Assets>(root, ""), std::move(relative));
}

Handler static_file(const FileContents& files, std::string relative) {
  return serving_one(std::make_shared<const Assets>(files, ""), std::move(relative));
}

std::string_view content_type_for(const std::filesystem::path& file) {
  std::string extension = file.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static const std::unordered_map<std::string_view, std::string_view> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".wasm", "application/wasm"},
  };
  auto it = kTypes.find(extension);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

}  // namespace gt3::http
