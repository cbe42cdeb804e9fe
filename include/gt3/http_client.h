// HttpClient: the seam through which the sdk talks to the GeeTest cloud.
//
// The sdk does no network I/O of its own. It builds an HttpRequest and hands it to an
// HttpClient; the real one is the Boost.Beast client of src/http, tests plug in a scripted one.
//
// Contract for implementations:
//  - send() returns at once and calls `done` exactly once, later or inline, on any thread;
//  - `done` is called by request.deadline at the latest (a timeout is an HttpFailure, not a hang);
//  - a complete answer with a 2xx status is an HttpResponse; every other outcome is an HttpError
//    classified by HttpFailure, a non-2xx answer as kHttpStatus with its code;
//  - send() is safe to call from many threads at once.
#pragma once

#include <boost/system/result.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gt3 {

enum class HttpMethod { kGet, kPost };

struct HttpRequest {
  HttpMethod method = HttpMethod::kGet;
  std::string url;           // absolute: scheme, host, optional port, path and query
  std::string content_type;  // of body, for POST
  std::string body;
  std::chrono::milliseconds deadline{800};  // total time allowed, connect included
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers, sent as given
};

struct HttpResponse {
  int status = 200;
  std::string content_type;
  std::string body;
};

enum class HttpFailure {
  kTimeout,     // the deadline passed (connect, send or receive)
  kRefused,     // nothing listens at the address
  kDns,         // the host name did not resolve
  kTls,         // TLS handshake or certificate verification failed
  kHttpStatus,  // a complete answer whose status is not 2xx
  kBadBody,     // not HTTP, truncated, or larger than the client accepts
  kNetwork,     // any other transport error (reset, closed early, unreachable)
  kCancelled,   // the client is shutting down
};

struct HttpError {
  HttpFailure failure = HttpFailure::kNetwork;
  int status = 0;      // the HTTP status, for kHttpStatus
  std::string detail;  // for people and logs
};

// "timeout", "refused", "dns", "tls", "http_status", "bad_body", "network", "cancelled".
std::string_view http_failure_name(HttpFailure failure);

using HttpOutcome = boost::system::result<HttpResponse, HttpError>;

class HttpClient {
 public:
  using Handler = std::function<void(HttpOutcome)>;

  virtual ~HttpClient() = default;
  virtual void send(HttpRequest request, Handler done) = 0;
};

}  // namespace gt3
