// HttpClient: the seam through which the sdk talks to the GeeTest cloud.
//
// The sdk does no network I/O of its own. It builds an HttpRequest and hands it to an
// HttpClient; the real one is the Boost.Beast client of src/http, tests plug in a scripted one.
//
// Contract for implementations:
//  - send() returns at once and calls `done` exactly once, later or inline, on any thread;
//  - `done` is called by request.deadline at the latest (a timeout is Reason::kTimeout, not a
//    hang);
//  - a complete answer with a 2xx status is an HttpResponse; every other outcome is an HttpError
//    whose reason is one of the transport reasons of gt3::Reason (kTimeout, kRefused, kDns, kTls,
//    kHttpStatus, kBadBody, kNetwork, kCancelled; gt3/reason.h says what each means) and no
//    other. A non-2xx answer is kHttpStatus with its code, whatever the code: what a status means
//    is the caller's to decide (the sdk reads a 4xx as kRequestRefused). One exception: a request
//    that cannot be written as HTTP (a header that is no token or one the client writes itself,
//    a control character in a value or the URL) is kRequestRefused and is never sent, since it
//    is the request's fault, not the network's;
//  - send() is safe to call from many threads at once;
//  - `done` may go on with its caller's work before it returns (gt3's engine resumes the waiting
//    request inline when `done` runs on that request's thread): call it holding no lock that
//    send() takes.
#pragma once

#include <boost/system/result.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "gt3/reason.h"

namespace gt3 {

enum class HttpMethod { kGet, kPost };

struct HttpRequest {
  HttpMethod method = HttpMethod::kGet;
  std::string url;           // absolute: scheme, host, optional port, path and query
  std::string content_type;  // of body, for POST
  std::string body;
  std::chrono::milliseconds deadline{800};                   // total time allowed, connect included
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers, sent as given
};

struct HttpResponse {
  int status = 200;
  std::string content_type;
  std::string body;
};

// Why a call failed, in the one failure vocabulary of gt3 (reason_name() gives the stable name).
struct HttpError {
  Reason reason = Reason::kNetwork;  // a transport reason only (see the contract above)
  int status = 0;                    // the HTTP status, for kHttpStatus
  std::string detail;                // for people and logs
};

using HttpOutcome = boost::system::result<HttpResponse, HttpError>;

class HttpClient {
 public:
  using Handler = std::function<void(HttpOutcome)>;

  virtual ~HttpClient() = default;
  virtual void send(HttpRequest request, Handler done) = 0;
};

}  // namespace gt3
