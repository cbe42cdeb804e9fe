#include "http/response.h"

#include <nlohmann/json.hpp>

namespace gt3::http {

Response Response::json(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

Response& Response::no_store() & {
  uncacheable = true;
  return *this;
}

Response Response::no_store() && { return std::move(no_store()); }

Response Response::error(int status, std::string_view code, std::string_view message) {
  const nlohmann::json body = {{"error", code}, {"message", message}};
  // Replace, never throw, on invalid UTF-8: a message may quote what a client sent.
  return json(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Response Response::bad_request(const Error& error) {
  std::string message{reason_message(error.reason)};
  if (!error.detail.empty()) message = error.detail + ": " + message;
  return Response::error(400, reason_name(error.reason), message);
}

}  // namespace gt3::http
