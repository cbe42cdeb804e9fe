// RawConnection: a blocking TCP client for the server's tests. It writes raw bytes (so that
// malformed, partial and pipelined requests can be sent) and reads HTTP/1.1 answers.
//
// POSIX sockets on 127.0.0.1. Every read has a safety timeout so that a failing test ends
// instead of hanging; the timeout is never used to synchronise with the server.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gt3::testing {

struct RawAnswer {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  std::string header(std::string_view name) const {
    for (const auto& [field, value] : headers) {
      if (field.size() == name.size() &&
          std::equal(field.begin(), field.end(), name.begin(),
                     [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
        return value;
      }
    }
    return {};
  }
};

class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval timeout{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      connect_errno_ = errno;
    }
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return connect_errno_ == 0; }
  int connect_errno() const { return connect_errno_; }

  void send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  // The next answer; nullopt when the connection ends first. `head`: the answer has no body
  // whatever its Content-Length says.
  std::optional<RawAnswer> read_answer(bool head = false) {
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) return std::nullopt;
    }
    RawAnswer answer;
    std::string_view header_block = std::string_view(buffer_).substr(0, end);
    const std::size_t line_end = header_block.find("\r\n");
    const std::string_view status_line = header_block.substr(0, line_end);
    if (status_line.size() < 12) return std::nullopt;
    answer.status = std::atoi(std::string(status_line.substr(9, 3)).c_str());
    std::string_view rest =
        line_end == std::string_view::npos ? std::string_view{} : header_block.substr(line_end + 2);
    while (!rest.empty()) {
      const std::size_t next = rest.find("\r\n");
      const std::string_view line = rest.substr(0, next);
      const std::size_t colon = line.find(':');
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      answer.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
      rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 2);
    }
    buffer_.erase(0, end + 4);
    const std::size_t length =
        head ? 0 : std::strtoul(answer.header("Content-Length").c_str(), nullptr, 10);
    while (buffer_.size() < length) {
      if (!fill()) return std::nullopt;
    }
    answer.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return answer;
  }

  // Every byte until the server closes the connection (what read_answer() left included);
  // `reset` says whether it ended with a reset rather than a clean end of stream.
  std::string read_to_end(bool* reset = nullptr) {
    for (;;) {
      char chunk[65536];
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) {
        if (reset != nullptr) *reset = n < 0 && errno == ECONNRESET;
        break;
      }
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
    return std::exchange(buffer_, std::string());
  }

  // True when something (bytes or the end of the stream) can be read now, without waiting.
  bool readable_now() {
    if (!buffer_.empty()) return true;
    pollfd fd{fd_, POLLIN, 0};
    return ::poll(&fd, 1, 0) > 0;
  }

  // True when the server closed the connection (end of stream or reset) with nothing more sent.
  bool closed_by_peer() {
    if (!buffer_.empty()) return false;
    char c;
    const ssize_t n = ::recv(fd_, &c, 1, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

 private:
  bool fill() {
    char chunk[4096];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  int connect_errno_ = 0;
  std::string buffer_;
};

// One request on a connection of its own.
inline std::optional<RawAnswer> get(std::uint16_t port, std::string_view target) {
  RawConnection connection(port);
  connection.send("GET " + std::string(target) +
                  " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
  return connection.read_answer();
}

}  // namespace gt3::testing
