// A login server of your own on Boost.Beast, with GeeTest v3 and ByPass mode from gt3-bypass
// embedded as a library: no sidecar, no second process. The server keeps its own routes and
// parsing; gt3::service::Captcha decides what /register answers and whether a solved captcha
// passes, online or offline, and keeps the cloud's status in the background.
//
//   beast_embedding --geetest.id=<id> --geetest.key=<key> [any flag of `gt3-bypass serve`]
//   GET  http://127.0.0.1:8081/api/captcha   the register answer for the page's initGeetest
//   POST http://127.0.0.1:8081/api/login     username, password and the three geetest_* fields
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/url/parse_query.hpp>
#include <iostream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "service/captcha.h"
#include "service/config_loader.h"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {

// The three fields of a urlencoded login form, decoded.
gt3::ValidateForm captcha_fields(const std::string& body) {
  gt3::ValidateForm form;
  auto query = boost::urls::parse_query(body);
  if (!query) return form;
  for (const auto& param : *query) {
    const std::string value = param.value.decode();
    if (param.key == "geetest_challenge") form.challenge = value;
    if (param.key == "geetest_validate") form.validate = value;
    if (param.key == "geetest_seccode") form.seccode = value;
  }
  return form;
}

asio::awaitable<void> serve_one(tcp::socket socket, gt3::service::Captcha& captcha) {
  beast::tcp_stream stream(std::move(socket));
  const std::string peer = stream.socket().remote_endpoint().address().to_string();
  beast::flat_buffer buffer;
  http::request<http::string_body> request;
  stream.expires_after(std::chrono::seconds(10));
  co_await http::async_read(stream, buffer, request, asio::use_awaitable);

  http::response<http::string_body> response{http::status::ok, request.version()};
  response.set(http::field::content_type, "application/json");
  if (request.method() == http::verb::get && request.target() == "/api/captcha") {
    gt3::RegisterParams params;
    params.user.ip_address = peer;
    const auto answer = co_await captcha.gate().register_challenge(params);
    response.result(static_cast<unsigned>(answer.status));
    response.body() = answer.json;
  } else if (request.method() == http::verb::post && request.target() == "/api/login") {
    gt3::UserInfo user;
    user.ip_address = peer;
    const auto verdict =
        co_await captcha.gate().validate(captcha_fields(request.body()), user, {peer});
    if (!verdict.success) response.result(http::status::forbidden);
    // Your own password check goes here, after the captcha passed.
    response.body() = verdict.to_json();
  } else {
    response.result(http::status::not_found);
    response.body() = R"({"error":"not_found"})";
  }
  response.prepare_payload();
  co_await http::async_write(stream, response, asio::use_awaitable);
}

asio::awaitable<void> accept_all(tcp::acceptor& acceptor, gt3::service::Captcha& captcha) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
    asio::co_spawn(acceptor.get_executor(), serve_one(std::move(socket), captcha), asio::detached);
  }
}

}  // namespace

int main(int argc, char** argv) {
  // The same keys as `gt3-bypass serve`: --section.key=value flags, GT3_* variables, --config.
  gt3::service::ConfigSources sources;
  sources.env = gt3::service::process_env;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto equals = arg.find('=');
    if (arg.rfind("--config=", 0) == 0) {
      sources.file = arg.substr(9);
    } else if (arg.rfind("--", 0) == 0 && equals != std::string::npos) {
      sources.flags.emplace_back(arg.substr(2, equals - 2), arg.substr(equals + 1));
    } else {
      std::cerr << "beast_embedding: '" << arg << "': write flags as --section.key=value\n";
      return 2;
    }
  }
  auto config = gt3::service::load_config(sources);
  if (!config) {
    std::cerr << "beast_embedding: " << config.error().detail << "\n";
    return 2;
  }

  asio::io_context io;
  // start() waits for its first probe, which needs the io_context running: run it first.
  auto work = asio::make_work_guard(io);
  std::thread runner([&io] { io.run(); });
  gt3::service::Captcha captcha(io, *config);
  captcha.start();
  tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 8081});
  asio::co_spawn(io, accept_all(acceptor, captcha), asio::detached);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](auto, auto) {
    captcha.stop();  // releases the fleet lease, ends the cloud calls in flight
    io.stop();
  });
  std::cout << "beast_embedding: http://127.0.0.1:8081/api/captcha" << std::endl;
  runner.join();
  return 0;
}
