#include "cloudsim/cloud_simulator.h"

#include <array>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <mutex>
#include <nlohmann/json.hpp>

#include "cloudsim/faulty_answers.h"
#include "http/connection_takeover.h"
#include "http/server.h"

namespace gt3::cloudsim {
namespace asio = boost::asio;
using http::Method;
using http::Request;
using http::Response;

namespace {

constexpr std::string_view kHtmlPage =
    "<!doctype html><html><head><title>Search</title></head><body>"
    "<form action=\"/search\"><input name=\"q\"><button>Search</button></form></body></html>";
constexpr std::string_view kHtml500 =
    "<!doctype html><html><head><title>500 Internal Server Error</title></head>"
    "<body><h1>Internal Server Error</h1></body></html>";
// What a rate-limiting front end answers: small, JSON, and with no field a client could mistake
// for an answer of the endpoint (no "status", "challenge" or "seccode").
constexpr std::string_view kJson429 =
    "{\"error\":\"too_many_requests\","
    "\"message\":\"rate limit exceeded for this captcha id; retry later\"}";
constexpr std::chrono::hours kHangLimit{1};  // a hang ends at stop(), or after this

enum Counter : std::size_t { kBypassCount, kRegisterCount, kValidateCount, kSolveCount };

Response html(int status, std::string_view body) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::string(body);
  return r;
}

// Query parameters, or for a form POST the body's: what a PHP endpoint reads from $_REQUEST.
http::Params request_params(const Request& request) {
  if (request.method == Method::kPost) {
    if (auto form = request.form(); form && !form->empty()) return *std::move(form);
  }
  return request.query;
}

}  // namespace

struct CloudSimulator::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io_context, CloudSimulatorOptions opts, const Clock& clk)
      : io(io_context),
        options(std::move(opts)),
        clock(clk),
        state(options.apps.empty() ? std::vector<App>{demo_app()} : options.apps, clock,
              CloudState::Options{.max_challenges = options.max_challenges}),
        plan(clock) {
    plan.set(options.mode);
  }

  asio::io_context& io;
  CloudSimulatorOptions options;
  const Clock& clock;
  CloudState state;
  FaultPlan plan;
  std::unique_ptr<http::HttpServer> cloud;
  std::unique_ptr<http::HttpServer> control;
  std::array<std::atomic<std::uint64_t>, 4> counts{};

  std::mutex mutex;  // guards the members below
  std::vector<std::weak_ptr<asio::steady_timer>> waiting;
  bool stopped = false;
  bool listener_paused = false;
  std::uint64_t flap_generation = 0;

  // Waits until `deadline` or stop(), whichever comes first.
  asio::awaitable<void> wait_until(Clock::SteadyTime deadline) {
    auto timer = std::make_shared<asio::steady_timer>(io, deadline);
    {
      std::lock_guard lock(mutex);
      if (stopped) co_return;
      std::erase_if(waiting, [](const auto& w) { return w.expired(); });
      waiting.push_back(timer);
    }
    boost::system::error_code ec;
    co_await timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }

  // What a trickled answer waits with: false once the simulator stops. Holds the simulator.
  Wait pacer() {
    return [self = shared_from_this()](std::chrono::milliseconds delay) -> asio::awaitable<bool> {
      co_await self->wait_until(self->clock.now() + delay);
      std::lock_guard lock(self->mutex);
      co_return !self->stopped;
    };
  }

  void apply_listener() {
    std::lock_guard lock(mutex);
    if (stopped || !cloud) return;
    const bool down = plan.listener_down();
    if (down == listener_paused) return;
    if (down) {
      cloud->pause_accepting();
    } else {
      cloud->resume_accepting();
    }
    listener_paused = down;
  }

  // Keeps the cloud's port in step with a whole-cloud flap until the mode changes. `self` keeps
  // this alive in the coroutine's frame (a member coroutine holds only `this`).
  asio::awaitable<void> drive_flap([[maybe_unused]] std::shared_ptr<Impl> self,
                                   std::uint64_t generation) {
    for (;;) {
      const auto flap = plan.whole_cloud_flap();
      if (!flap) co_return;
      const auto [period, since] = *flap;
      const auto next = since + ((clock.now() - since) / period + 1) * period;
      co_await wait_until(next);
      {
        std::lock_guard lock(mutex);
        if (stopped || generation != flap_generation) co_return;
      }
      apply_listener();
    }
  }

  void set_mode(FaultMode mode, std::optional<Endpoint> endpoint) {
    plan.set(mode, endpoint);
    std::uint64_t generation;
    {
      std::lock_guard lock(mutex);
      generation = ++flap_generation;
    }
    apply_listener();
    if (!endpoint && mode.fault == Fault::kFlap) {
      asio::co_spawn(io, drive_flap(shared_from_this(), generation), asio::detached);
    }
  }

  // Runs `answer` under the endpoint's fault mode.
  template <class Answer>
  asio::awaitable<Response> faulty(Endpoint endpoint, Answer answer) {
    ++counts[static_cast<std::size_t>(endpoint)];
    const FaultMode mode = plan.effective(endpoint);
    switch (mode.fault) {
      case Fault::kDown:
        co_return http::close_without_answer();
      case Fault::kHang:
        co_await wait_until(clock.now() + kHangLimit);
        co_return http::close_without_answer();
      case Fault::kSlow:
        co_await wait_until(clock.now() + mode.period);
        break;
      case Fault::kHttp500:
        co_return html(500, kHtml500);
      case Fault::kHttp429: {
        Response r = Response::json(429, std::string(kJson429));
        r.headers.emplace_back("Retry-After", "1");
        co_return r;
      }
      case Fault::kHtml:
        co_return html(200, kHtmlPage);
      case Fault::kTruncated:
        co_return truncated_answer(answer(false));
      case Fault::kDrop:
        co_return dropped_answer(answer(false));
      case Fault::kTrickle:
        co_return trickled_answer(answer(false), mode.period, pacer());
      case Fault::kHuge:
        co_return huge_answer(answer(false));
      case Fault::kUp:
      case Fault::kStatusFail:
      case Fault::kFlap:
        break;
    }
    co_return answer(mode.fault == Fault::kStatusFail);
  }

  Response bypass_status(const Request& request, bool status_fail) {
    const auto params = request_params(request);
    return Response::json(200, state.bypass_status(params.get("gt").value_or(""), status_fail));
  }

  Response register_challenge(const Request& request) {
    const auto& q = request.query;
    const bool json = q.get("json_format").value_or("") == "1";
    const std::string body = state.register_challenge(q.get("gt").value_or(""),
                                                      q.get("digestmod").value_or("md5"), json);
    return json ? Response::json(200, body) : html(200, body);
  }

  Response validate(const Request& request) {
    const auto params = request_params(request);
    const ValidateAnswer answer =
        state.validate({params.get("captchaid"), params.get("gt"), params.get("challenge"),
                        params.get("seccode"), params.get("json_format")});
    // A bare answer comes from PHP with its default type, as register.php's does.
    return answer.json ? Response::json(200, answer.body) : html(200, answer.body);
  }

  Response solve(const Request& request) {
    ++counts[kSolveCount];
    auto form = state.solve(request.query.get("gt").value_or(""),
                            request.query.get("challenge").value_or(""));
    Response r = form ? Response::json(200, nlohmann::json{{"geetest_challenge", form->challenge},
                                                           {"geetest_validate", form->validate},
                                                           {"geetest_seccode", form->seccode}}
                                                .dump())
                      : Response::error(404, "not_solvable", form.error());
    // The widget runs on the customer's page, another origin than the cloud.
    r.headers.emplace_back("Access-Control-Allow-Origin", "*");
    return r;
  }

  std::string control_state() const {
    nlohmann::json modes;
    for (Endpoint e : kEndpoints) modes[std::string(endpoint_name(e))] = plan.mode(e).name();
    return nlohmann::json{
        {"modes", modes},
        {"listening", !plan.listener_down()},
        {"counters",
         {{"bypass", counts[kBypassCount].load()},
          {"register", counts[kRegisterCount].load()},
          {"validate", counts[kValidateCount].load()},
          {"solve", counts[kSolveCount].load()}}},
    }
        .dump();
  }

  Response post_control(const Request& request) {
    const auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
      return Response::error(
          400, "bad_json",
          R"(send a JSON object such as {"mode": "hang", "endpoint": "register"})");
    }
    const auto mode_field = body.find("mode");
    if (mode_field == body.end() || !mode_field->is_string()) {
      return Response::error(400, "missing_mode",
                             "\"mode\" must be a string: " + std::string(kValidModes));
    }
    const auto mode = FaultMode::parse(mode_field->get<std::string>());
    if (!mode) return Response::error(400, "unknown_mode", mode.error());
    std::optional<Endpoint> endpoint;
    if (const auto e = body.find("endpoint"); e != body.end() && !e->is_null()) {
      endpoint = e->is_string() ? parse_endpoint(e->get<std::string>()) : std::nullopt;
      if (!endpoint) {
        return Response::error(400, "unknown_endpoint",
                               "\"endpoint\" must be one of bypass, register, validate");
      }
    }
    set_mode(*mode, endpoint);
    return Response::json(200, control_state());
  }

  http::Router cloud_routes() {
    std::weak_ptr<Impl> weak = weak_from_this();
    auto route = [weak](auto member) {
      return [weak, member](const Request& request) -> asio::awaitable<Response> {
        auto self = weak.lock();
        if (!self) co_return Response::error(503, "stopping", "the simulator is stopping");
        if (self->options.front_end) {
          if (auto refusal = refuse_past_front_end(request, *self->options.front_end)) {
            co_return *std::move(refusal);
          }
        }
        co_return co_await (self.get()->*member)(request);
      };
    };
    http::Router router;
    router.add(Method::kGet, "/v1/bypass_status.php", route(&Impl::handle_bypass));
    router.add(Method::kPost, "/v1/bypass_status.php", route(&Impl::handle_bypass));
    router.add(Method::kGet, "/register.php", route(&Impl::handle_register));
    router.add(Method::kPost, "/validate.php", route(&Impl::handle_validate));
    router.add(Method::kGet, "/sim/solve", route(&Impl::handle_solve));
    return router;
  }

  http::Router control_routes() {
    std::weak_ptr<Impl> weak = weak_from_this();
    http::Router router;
    router.add(Method::kGet, "/__control", [weak](const Request&) -> asio::awaitable<Response> {
      auto self = weak.lock();
      if (!self) co_return Response::error(503, "stopping", "the simulator is stopping");
      co_return Response::json(200, self->control_state());
    });
    router.add(Method::kPost, "/__control",
               [weak](const Request& request) -> asio::awaitable<Response> {
                 auto self = weak.lock();
                 if (!self) co_return Response::error(503, "stopping", "the simulator is stopping");
                 co_return self->post_control(request);
               });
    return router;
  }

  asio::awaitable<Response> handle_bypass(const Request& request) {
    return faulty(Endpoint::kBypass, [this, &request](bool status_fail) {
      return bypass_status(request, status_fail);
    });
  }
  asio::awaitable<Response> handle_register(const Request& request) {
    return faulty(Endpoint::kRegister,
                  [this, &request](bool) { return register_challenge(request); });
  }
  asio::awaitable<Response> handle_validate(const Request& request) {
    return faulty(Endpoint::kValidate, [this, &request](bool) { return validate(request); });
  }
  asio::awaitable<Response> handle_solve(const Request& request) { co_return solve(request); }
};

CloudSimulator::CloudSimulator(asio::io_context& io, CloudSimulatorOptions options,
                               const Clock& clock)
    : impl_(std::make_shared<Impl>(io, std::move(options), clock)) {}

CloudSimulator::~CloudSimulator() { stop(); }

Result<void> CloudSimulator::start() {
  http::ServerOptions cloud_options = cloud_listener_options(impl_->options.front_end);
  cloud_options.listen = impl_->options.listen;
  cloud_options.server_name = "gt3-bypass-cloudsim";
  impl_->cloud =
      std::make_unique<http::HttpServer>(impl_->io, cloud_options, impl_->cloud_routes());
  http::ServerOptions control_options;
  control_options.listen = impl_->options.control;
  control_options.server_name = cloud_options.server_name;
  impl_->control =
      std::make_unique<http::HttpServer>(impl_->io, control_options, impl_->control_routes());
  if (auto started = impl_->cloud->start(); !started) return started;
  if (auto started = impl_->control->start(); !started) return started;
  impl_->set_mode(impl_->options.mode, std::nullopt);
  return {};
}

void CloudSimulator::stop() {
  std::vector<std::weak_ptr<asio::steady_timer>> waiting;
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->stopped) return;
    impl_->stopped = true;
    waiting.swap(impl_->waiting);
  }
  for (const auto& weak : waiting) {
    if (auto timer = weak.lock()) asio::post(impl_->io, [timer] { timer->cancel(); });
  }
  if (impl_->cloud) impl_->cloud->stop();
  if (impl_->control) impl_->control->stop();
}

std::uint16_t CloudSimulator::cloud_port() const { return impl_->cloud ? impl_->cloud->port() : 0; }

std::uint16_t CloudSimulator::control_port() const {
  return impl_->control ? impl_->control->port() : 0;
}

const std::vector<App>& CloudSimulator::apps() const { return impl_->state.apps(); }

void CloudSimulator::set_mode(FaultMode mode, std::optional<Endpoint> endpoint) {
  impl_->set_mode(mode, endpoint);
}

FaultMode CloudSimulator::mode(Endpoint endpoint) const { return impl_->plan.mode(endpoint); }

RequestCounters CloudSimulator::counters() const {
  return {impl_->counts[kBypassCount].load(), impl_->counts[kRegisterCount].load(),
          impl_->counts[kValidateCount].load(), impl_->counts[kSolveCount].load()};
}

}  // namespace gt3::cloudsim
