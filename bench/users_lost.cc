// Users lost in transitions (the benchmarks): simulated users against a running `serve` while
// the simulated cloud flaps.
//
// At t0 cloudsim is set to flap:<--flap-ms> (down, then up, each --flap-ms, from t0). --users
// users arrive evenly spread over --over-s seconds. Each user: GET /register; thinks a uniform
// random --think-min-ms..--think-max-ms; POSTs the solved form to /validate (an online challenge
// solved as /sim/solve would, computed here so that a cloud that is down cannot fail the solve
// itself; an offline one as GeeTest's offline widget posts it, policy compat). A user is lost
// when either call has no HTTP 200 answer or the verdict is not "success". After the last user,
// cloudsim is set back to `up`. Prints one markdown row; lost users' reasons go to stderr.
//
//   gt3_bench_users_lost --serve URL --control URL --key KEY [--users 500] [--over-s 60]
//                        [--flap-ms 5000] [--think-min-ms 200] [--think-max-ms 2000]
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <map>
#include <memory>
#include <random>
#include <thread>

#include "bench_support.h"

namespace {

using namespace gt3::bench;
using std::chrono::milliseconds;

struct Tally {
  int online_challenges = 0, offline_challenges = 0, accepted = 0, finished = 0;
  std::map<std::string, int> lost;  // why -> how many
};

class User : public std::enable_shared_from_this<User> {
 public:
  User(boost::asio::io_context& io, gt3::HttpClient& http, const std::string& serve,
       const std::string& key, int id, milliseconds think, Tally& tally)
      : timer_(io), http_(http), serve_(serve), key_(key), id_(id), think_(think), tally_(tally) {}

  void start() {
    gt3::HttpRequest request;
    request.url = serve_ + "/register?user_id=u" + std::to_string(id_);
    request.deadline = std::chrono::seconds(10);
    http_.send(std::move(request), [self = shared_from_this()](gt3::HttpOutcome outcome) {
      self->registered(std::move(outcome));
    });
  }

 private:
  void registered(gt3::HttpOutcome outcome) {
    if (!outcome) return lose("register: " + outcome.error().detail);
    const std::string challenge = json_string(outcome->body, "challenge");
    if (challenge.empty()) return lose("register: no challenge in " + outcome->body);
    const bool online = outcome->body.find("\"success\":1") != std::string::npos;
    ++(online ? tally_.online_challenges : tally_.offline_challenges);
    form_ = solved_form(challenge, online, key_);
    timer_.expires_after(think_);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code) { self->validate(); });
  }

  void validate() {
    gt3::HttpRequest request;
    request.method = gt3::HttpMethod::kPost;
    request.url = serve_ + "/validate";
    request.content_type = std::string(kFormType);
    request.body = form_;
    request.deadline = std::chrono::seconds(10);
    http_.send(std::move(request), [self = shared_from_this()](gt3::HttpOutcome outcome) {
      if (!outcome) return self->lose("validate: " + outcome.error().detail);
      if (outcome->body.find("\"result\":\"success\"") == std::string::npos) {
        const std::string reason = json_string(outcome->body, "reason");
        return self->lose("validate: " + (reason.empty() ? outcome->body : reason));
      }
      ++self->tally_.accepted;
      ++self->tally_.finished;
    });
  }

  void lose(const std::string& why) {
    ++tally_.lost[why];
    ++tally_.finished;
  }

  boost::asio::steady_timer timer_;
  gt3::HttpClient& http_;
  const std::string& serve_;
  const std::string& key_;
  int id_;
  milliseconds think_;
  Tally& tally_;
  std::string form_;
};

}  // namespace

int main(int argc, char** argv) {
  const Options options(argc, argv, 1);
  const std::string serve = options.text("serve");
  const std::string control = options.text("control");
  const std::string key = options.text("key");
  const int users = static_cast<int>(options.number("users", 500));
  const double over_ms = options.number("over-s", 60) * 1000;
  const int flap_ms = static_cast<int>(options.number("flap-ms", 5000));
  std::uniform_int_distribution<int> think(static_cast<int>(options.number("think-min-ms", 200)),
                                           static_cast<int>(options.number("think-max-ms", 2000)));

  boost::asio::io_context io;
  auto guard = boost::asio::make_work_guard(io);
  gt3::AsioHttpClient http(io);
  std::thread runner([&io] { io.run(); });

  set_cloud_mode(http, control, "flap:" + std::to_string(flap_ms));
  const auto t0 = Clock::now();
  std::mt19937 random(std::random_device{}());
  Tally tally;  // touched only on the io_context's one thread
  std::vector<std::unique_ptr<boost::asio::steady_timer>> arrivals;
  for (int i = 0; i < users; ++i) {
    auto& timer = arrivals.emplace_back(std::make_unique<boost::asio::steady_timer>(io));
    timer->expires_at(t0 + milliseconds(static_cast<long>(over_ms * i / users)));
    auto user = std::make_shared<User>(io, http, serve, key, i, milliseconds(think(random)), tally);
    timer->async_wait([user](boost::system::error_code) { user->start(); });
  }
  // Every user is done within over + think + two deadlines; the run then stops the flapping.
  std::this_thread::sleep_for(milliseconds(static_cast<long>(over_ms)) + std::chrono::seconds(2));
  std::promise<Tally> result;
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  while (Clock::now() < deadline) {
    std::promise<int> finished;
    boost::asio::post(io, [&] { finished.set_value(tally.finished); });
    if (finished.get_future().get() == users) break;
    std::this_thread::sleep_for(milliseconds(100));
  }
  set_cloud_mode(http, control, "up");
  const auto seconds = ms_between(t0, Clock::now()) / 1000;
  boost::asio::post(io, [&] { result.set_value(tally); });
  const Tally t = result.get_future().get();

  int lost = users - t.finished;  // unfinished users are lost too
  std::string why_lost = lost > 0 ? std::to_string(lost) + " unfinished; " : "";
  for (const auto& [why, n] : t.lost) {
    lost += n;
    why_lost += std::to_string(n) + " " + why + "; ";
  }
  std::printf(
      "| users | over | flap | online / offline challenges | accepted | lost (target 0) |"
      " why lost |\n|---|---|---|---|---|---|---|\n");
  std::printf("| %d | %.0f s (run %.0f s) | down %d ms / up %d ms | %d / %d | %d | %d | %s |\n",
              users, over_ms / 1000, seconds, flap_ms, flap_ms, t.online_challenges,
              t.offline_challenges, t.accepted, lost, why_lost.empty() ? "-" : why_lost.c_str());
  http.shutdown();
  guard.reset();
  runner.join();
  return 0;
}
