#include "offline/redis_ledger.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "testing/redis_server.h"

namespace gt3::offline {
namespace {

using testing::raw_command;
using testing::raw_connect;
using testing::RawRedis;
using testing::RawReply;
using testing::RedisServer;
using std::chrono::milliseconds;

constexpr auto kSafetyNet = std::chrono::seconds(10);
constexpr milliseconds kTtl{60'000};

RedisLedgerOptions options_for(std::uint16_t port) {
  RedisLedgerOptions options;
  options.url.port = port;
  options.command_timeout = milliseconds(300);
  options.max_backoff = milliseconds(200);
  return options;
}

// Awaits an answer of the ledger; nullopt when none came within the safety net.
std::optional<Claim> claim(RedisLedger& ledger, const std::string& challenge,
                           milliseconds ttl = kTtl) {
  auto promise = std::make_shared<std::promise<Claim>>();
  auto answer = promise->get_future();
  ledger.claim(challenge, ttl, [promise](Claim c) { promise->set_value(c); });
  if (answer.wait_for(kSafetyNet) != std::future_status::ready) return std::nullopt;
  return answer.get();
}

// The remaining lifetime was_issued answers; nullopt (outer) when no answer came in time.
std::optional<std::optional<milliseconds>> issued_remaining(RedisLedger& ledger,
                                                            const std::string& challenge) {
  auto promise = std::make_shared<std::promise<std::optional<milliseconds>>>();
  auto answer = promise->get_future();
  ledger.was_issued(challenge, [promise](std::optional<milliseconds> remaining) {
    promise->set_value(remaining);
  });
  if (answer.wait_for(kSafetyNet) != std::future_status::ready) return std::nullopt;
  return answer.get();
}

std::optional<bool> was_issued(RedisLedger& ledger, const std::string& challenge) {
  const auto remaining = issued_remaining(ledger, challenge);
  if (!remaining) return std::nullopt;
  return remaining->has_value();
}

// A loopback port that accepts connections (the kernel's backlog) and never answers: a Redis
// that hangs.
class SilentListener {
 public:
  SilentListener() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        ::listen(fd_, 16) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("cannot listen on a loopback port");
    }
    port_ = ntohs(address.sin_port);
  }
  ~SilentListener() { ::close(fd_); }
  std::uint16_t port() const { return port_; }

 private:
  int fd_;
  std::uint16_t port_ = 0;
};

class RedisLedgerTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.start()); }

  std::unique_ptr<RedisLedger> started_ledger() {
    auto ledger = std::make_unique<RedisLedger>(options_for(server_.port()));
    ledger->start();
    return ledger;
  }

  RedisServer server_;
};

TEST_F(RedisLedgerTest, FirstClaimWinsAndLaterClaimsAreReplays) {
  auto ledger = started_ledger();
  EXPECT_EQ(claim(*ledger, "challenge-a"), Claim::kFirst);
  EXPECT_EQ(claim(*ledger, "challenge-a"), Claim::kReplay);
  EXPECT_EQ(claim(*ledger, "challenge-b"), Claim::kFirst);
}

TEST_F(RedisLedgerTest, StoresAClaimUnderItsPrefixWithItsTtl) {
  auto ledger = started_ledger();
  ASSERT_EQ(claim(*ledger, "challenge-a", milliseconds(30'000)), Claim::kFirst);
  RawRedis raw = raw_connect(server_.port());
  ASSERT_TRUE(raw);
  RawReply ttl = raw_command(raw.get(), "PTTL %s", "gt3_used:challenge-a");
  ASSERT_TRUE(ttl);
  ASSERT_EQ(ttl->type, REDIS_REPLY_INTEGER);
  EXPECT_GT(ttl->integer, 0);
  EXPECT_LE(ttl->integer, 30'000);
}

TEST_F(RedisLedgerTest, RemembersIssuedChallengesWithTheirTtl) {
  auto ledger = started_ledger();
  ledger->note_issued("online-a", milliseconds(20'000));
  // One connection answers in order: the note is stored before this question is answered.
  EXPECT_EQ(was_issued(*ledger, "online-a"), true);
  EXPECT_EQ(was_issued(*ledger, "online-b"), false);
  RawRedis raw = raw_connect(server_.port());
  ASSERT_TRUE(raw);
  RawReply ttl = raw_command(raw.get(), "PTTL %s", "gt3_issued:online-a");
  ASSERT_TRUE(ttl);
  ASSERT_EQ(ttl->type, REDIS_REPLY_INTEGER);
  EXPECT_GT(ttl->integer, 0);
  EXPECT_LE(ttl->integer, 20'000);
}

TEST_F(RedisLedgerTest, IssuedChallengeReportsItsRemainingLifetime) {
  auto ledger = started_ledger();
  ledger->note_issued("online-a", milliseconds(20'000));
  const auto remaining = issued_remaining(*ledger, "online-a");
  ASSERT_TRUE(remaining.has_value()) << "no answer";
  ASSERT_TRUE(remaining->has_value());
  EXPECT_GT(**remaining, milliseconds(0));
  EXPECT_LE(**remaining, milliseconds(20'000));
  const auto unknown = issued_remaining(*ledger, "online-b");
  ASSERT_TRUE(unknown.has_value()) << "no answer";
  EXPECT_FALSE(unknown->has_value());
}

TEST_F(RedisLedgerTest, TwoInstancesOnOneRedisShareTheLedger) {
  auto first = started_ledger();
  auto second = started_ledger();
  EXPECT_EQ(claim(*first, "challenge-a"), Claim::kFirst);
  EXPECT_EQ(claim(*second, "challenge-a"), Claim::kReplay);
  first->note_issued("online-a", kTtl);
  ASSERT_EQ(was_issued(*first, "online-a"), true);
  EXPECT_EQ(was_issued(*second, "online-a"), true);
}

TEST_F(RedisLedgerTest, AnswersUnavailableWhenRedisIsDown) {
  auto ledger = started_ledger();
  ASSERT_EQ(claim(*ledger, "challenge-a"), Claim::kFirst);
  server_.stop();
  EXPECT_EQ(claim(*ledger, "challenge-b"), Claim::kUnavailable);
  EXPECT_EQ(claim(*ledger, "challenge-c"), Claim::kUnavailable);
  EXPECT_EQ(was_issued(*ledger, "online-a"), false);
}

TEST_F(RedisLedgerTest, WorksAgainWhenRedisComesBackWithoutRestart) {
  auto ledger = started_ledger();
  ASSERT_EQ(claim(*ledger, "before"), Claim::kFirst);
  server_.stop();
  ASSERT_EQ(claim(*ledger, "during"), Claim::kUnavailable);
  ASSERT_TRUE(server_.start());
  // The ledger reconnects after its backoff (at most 200 ms here); until then it answers
  // kUnavailable at once. A bounded poll, each attempt with a new challenge.
  std::optional<Claim> answer;
  const auto deadline = std::chrono::steady_clock::now() + kSafetyNet;
  for (int i = 0; std::chrono::steady_clock::now() < deadline; ++i) {
    answer = claim(*ledger, "after-" + std::to_string(i));
    if (answer != Claim::kUnavailable) break;
    std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_EQ(answer, Claim::kFirst);
}

TEST(RedisLedger, AnswersUnavailableWhenRedisNeverAnswers) {
  SilentListener silent;
  RedisLedger ledger(options_for(silent.port()));
  ledger.start();
  EXPECT_EQ(claim(ledger, "challenge-a"), Claim::kUnavailable);
  EXPECT_EQ(was_issued(ledger, "online-a"), false);
}

TEST(RedisLedger, AnswersUnavailableInlineBeforeStartAndAfterStop) {
  RedisServer server;
  ASSERT_TRUE(server.start());
  RedisLedger ledger(options_for(server.port()));
  std::optional<Claim> answer;
  ledger.claim("challenge-a", kTtl, [&](Claim c) { answer = c; });
  EXPECT_EQ(answer, Claim::kUnavailable);
  ledger.start();
  ASSERT_EQ(claim(ledger, "challenge-a"), Claim::kFirst);
  ledger.stop();
  ledger.stop();  // idempotent
  answer.reset();
  ledger.claim("challenge-b", kTtl, [&](Claim c) { answer = c; });
  EXPECT_EQ(answer, Claim::kUnavailable);
}

TEST(RedisLedger, RefusesInlineWhenTheQueueIsFullAndStopAnswersTheRest) {
  SilentListener silent;
  RedisLedgerOptions options = options_for(silent.port());
  options.command_timeout = milliseconds(30'000);  // nothing times out during the test
  options.max_queue = 2;
  options.max_batch = 1;
  RedisLedger ledger(options);
  ledger.start();
  constexpr int kCalls = 10;
  const auto caller = std::this_thread::get_id();
  std::vector<std::promise<std::thread::id>> answered(kCalls);
  std::vector<std::future<std::thread::id>> answers;
  for (auto& promise : answered) answers.push_back(promise.get_future());
  for (int i = 0; i < kCalls; ++i) {
    ledger.claim("challenge-" + std::to_string(i), kTtl, [&answered, i](Claim c) {
      EXPECT_EQ(c, Claim::kUnavailable);
      answered[i].set_value(std::this_thread::get_id());
    });
  }
  int inline_answers = 0;
  for (auto& answer : answers) {
    if (answer.wait_for(std::chrono::seconds(0)) == std::future_status::ready &&
        answer.get() == caller) {
      ++inline_answers;
    }
  }
  // At most max_queue calls wait in the queue and max_batch more are in flight.
  EXPECT_GE(inline_answers, kCalls - 3);
  ledger.stop();
  for (int i = 0; i < kCalls; ++i) {
    if (answers[i].valid()) {
      EXPECT_EQ(answers[i].wait_for(std::chrono::seconds(0)), std::future_status::ready)
          << "call " << i << " was not answered by stop()";
    }
  }
}

TEST(RedisLedgerOptions, RejectsEmptyOrEqualPrefixesAndNonPositiveValues) {
  RedisLedgerOptions options;
  EXPECT_TRUE(options.check());
  options.issued_prefix = options.used_prefix;
  EXPECT_FALSE(options.check());
  options = {};
  options.command_timeout = milliseconds(0);
  EXPECT_FALSE(options.check());
  options = {};
  options.max_queue = 0;
  EXPECT_FALSE(options.check());
  EXPECT_THROW(RedisLedger{options}, std::invalid_argument);
}

}  // namespace
}  // namespace gt3::offline
