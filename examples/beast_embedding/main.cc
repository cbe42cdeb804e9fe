// A login server of your own on Boost.Beast, with GeeTest v3 and ByPass mode from gt3 embedded
// as a library through its public API only (find_package(gt3), <gt3/bypass_captcha.h>): no
// sidecar, no second process. The server keeps its own routes and parsing; gt3::BypassCaptcha
// decides what the captcha route answers and whether a solved captcha passes, online or offline,
// and keeps the cloud's status in the background.
//
//   GT3_GEETEST_ID=<id> GT3_GEETEST_KEY=<key> GT3_OFFLINE_SECRET=<16+ bytes> beast_embedding
//   GET  http://127.0.0.1:8081/api/captcha   the register answer for the page's initGeetest
//   POST http://127.0.0.1:8081/api/login     username, password and the three geetest_* fields
//
// Optional: GT3_GEETEST_API_URL, GT3_GEETEST_BYPASS_URL (the simulator's, for a local run),
// GT3_EXAMPLE_PORT. `beast_embedding --self-test` runs the server on a free port with the cloud
// unreachable, logs in once offline through it and checks that a replay is refused (the
// package test runs it so).
#include <gt3/bypass_captcha.h>

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/url/parse_query.hpp>
#include <cstdlib>
#include <future>
#include <iostream>
#include <string>
#include <thread>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {

std::string env(const char* name, std::string fallback = {}) {
  const char* value = std::getenv(name);
  return value ? value : fallback;
}

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

asio::awaitable<void> serve_one(tcp::socket socket, gt3::BypassCaptcha& captcha) {
  beast::tcp_stream stream(std::move(socket));
  const std::string peer = stream.socket().remote_endpoint().address().to_string();
  beast::flat_buffer buffer;
  http::request<http::string_body> request;
  stream.expires_after(std::chrono::seconds(10));
  co_await http::async_read(stream, buffer, request, asio::use_awaitable);

  http::response<http::string_body> response{http::status::ok, request.version()};
  response.set(http::field::content_type, "application/json");
  response.set(http::field::cache_control, "no-store");
  if (request.method() == http::verb::get && request.target() == "/api/captcha") {
    gt3::RegisterParams params;
    params.user.ip_address = peer;
    const auto answer = co_await captcha.async_register(params, asio::use_awaitable);
    response.result(static_cast<unsigned>(answer.status));
    response.body() = answer.json;
  } else if (request.method() == http::verb::post && request.target() == "/api/login") {
    gt3::UserInfo user;
    user.ip_address = peer;
    // Behind your own proxy, pass the end user's address as your proxy reports it instead.
    const gt3::ValidateForm fields = captcha_fields(request.body());
    const gt3::ClientAddress client{peer};
    const auto verdict = co_await captcha.async_validate(fields, user, client, asio::use_awaitable);
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

asio::awaitable<void> accept_all(tcp::acceptor& acceptor, gt3::BypassCaptcha& captcha) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
    asio::co_spawn(acceptor.get_executor(), serve_one(std::move(socket), captcha), asio::detached);
  }
}

// One request to the server, as a page's backend would send it: status and body.
std::pair<unsigned, std::string> call(std::uint16_t port, http::verb verb, const char* target,
                                      const std::string& body = {}) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(std::chrono::seconds(10));
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> request{verb, target, 11};
  request.set(http::field::host, "127.0.0.1");
  request.set(http::field::content_type, "application/x-www-form-urlencoded");
  request.body() = body;
  request.prepare_payload();
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  return {response.result_int(), response.body()};
}

// Logs in once offline through the running server, then replays the same solve.
bool self_test(std::uint16_t port) {
  const auto [status, json] = call(port, http::verb::get, "/api/captcha");
  const std::string key = R"("challenge":")";
  const auto at = json.find(key);
  if (status != 200 || at == std::string::npos || json.find(R"("success":0)") == std::string::npos) {
    std::cerr << "self-test: expected an offline challenge, got " << status << " " << json << "\n";
    return false;
  }
  const std::string challenge = json.substr(at + key.size(), json.find('"', at + key.size()) -
                                                                 at - key.size());
  const std::string form = "username=ada&password=pw&geetest_challenge=" + challenge +
                           "&geetest_validate=a&geetest_seccode=a%7Cjordan";
  const auto login = call(port, http::verb::post, "/api/login", form);
  const auto replay = call(port, http::verb::post, "/api/login", form);
  if (login.first != 200 || replay.first != 403 ||
      replay.second.find("challenge_replayed") == std::string::npos) {
    std::cerr << "self-test: login " << login.first << " " << login.second << ", replay "
              << replay.first << " " << replay.second << "\n";
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const bool testing = argc == 2 && std::string(argv[1]) == "--self-test";
  if (argc > 1 && !testing) {
    std::cerr << "beast_embedding: the only flag is --self-test; configure with GT3_* variables\n";
    return 2;
  }
  gt3::BypassOptions options;
  options.geetest.captcha_id = env("GT3_GEETEST_ID", testing ? "0123456789abcdef" : "");
  options.geetest.private_key = gt3::Secret(env("GT3_GEETEST_KEY", testing ? "key" : ""));
  options.geetest.api_url = env("GT3_GEETEST_API_URL", options.geetest.api_url);
  options.bypass_url = env("GT3_GEETEST_BYPASS_URL", options.bypass_url);
  options.offline.secret = gt3::Secret(env("GT3_OFFLINE_SECRET"));
  if (testing) {  // nothing listens on port 1: the cloud is unreachable, the service offline
    options.geetest.api_url = "http://127.0.0.1:1";
    options.bypass_url = "http://127.0.0.1:1/v1/bypass_status.php";
    options.offline.secret = gt3::Secret("self-test-secret-0123456789abcdef");
  }
  if (const auto problem = gt3::check_options(options)) {
    // The options' fields come from these variables: name the one to set.
    const std::string field = problem->field;
    const char* variable = field == "geetest.captcha_id"    ? "GT3_GEETEST_ID"
                           : field == "geetest.private_key" ? "GT3_GEETEST_KEY"
                           : field == "geetest.api_url"     ? "GT3_GEETEST_API_URL"
                           : field == "bypass_url"          ? "GT3_GEETEST_BYPASS_URL"
                           : field == "offline.secret"      ? "GT3_OFFLINE_SECRET"
                                                            : nullptr;
    std::cerr << "beast_embedding: " << problem->message;
    if (variable) std::cerr << " (set " << variable << ")";
    std::cerr << "\n";
    return 2;
  }

  asio::io_context io;
  // start() waits for its first probe, which needs the io_context running: run it first.
  auto work = asio::make_work_guard(io);
  std::thread runner([&io] { io.run(); });
  gt3::BypassCaptcha captcha(io, options);
  captcha.start();
  const auto port = static_cast<asio::ip::port_type>(
      testing ? 0 : std::stoi(env("GT3_EXAMPLE_PORT", "8081")));
  tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), port});
  asio::co_spawn(io, accept_all(acceptor, captcha), asio::detached);

  int exit_code = 0;
  if (testing) {
    exit_code = self_test(acceptor.local_endpoint().port()) ? 0 : 1;
    std::cout << (exit_code == 0 ? "self-test ok: offline login passed once, replay refused\n"
                                 : "self-test failed\n");
  } else {
    std::cout << "beast_embedding: http://127.0.0.1:" << port << "/api/captcha" << std::endl;
    asio::signal_set signals(io, SIGINT, SIGTERM);
    std::promise<void> stopping;
    signals.async_wait([&](auto, auto) { stopping.set_value(); });
    stopping.get_future().wait();
  }
  captcha.stop();  // releases a fleet's lease, ends the cloud calls in flight
  asio::post(io, [&] { acceptor.close(); });
  work.reset();
  io.stop();
  runner.join();
  return exit_code;
}
