#include "bypass/availability.h"

#include <gtest/gtest.h>

#include "testing/manual_clock.h"

namespace gt3::bypass {
namespace {

ProbeResult probe_of(Reason reason) { return {reason, 0, std::chrono::milliseconds(5), {}}; }
const ProbeResult kUp = probe_of(Reason::kOk);
const ProbeResult kTimedOut = probe_of(Reason::kTimeout);

class AvailabilityTest : public ::testing::Test {
 protected:
  ManualClock clock_;
  Availability availability_{{2, 2}, clock_, /*history_size=*/3};
};

TEST_F(AvailabilityTest, StartsOnline) {
  EXPECT_EQ(availability_.mode(), CaptchaMode::kOnline);
  EXPECT_EQ(availability_.snapshot()->cloud, CloudStatus::kSuccess);
  EXPECT_TRUE(availability_.history().empty());
}

TEST_F(AvailabilityTest, TwoFailedProbesGoOfflineAndRecordTheTransition) {
  availability_.on_probe(kTimedOut);
  EXPECT_EQ(availability_.mode(), CaptchaMode::kOnline);
  clock_.advance(std::chrono::seconds(2));
  availability_.on_probe(kTimedOut);
  EXPECT_EQ(availability_.mode(), CaptchaMode::kOffline);
  const auto snapshot = availability_.snapshot();
  EXPECT_EQ(snapshot->cloud, CloudStatus::kFail);
  EXPECT_EQ(snapshot->since, clock_.wall_now());
  EXPECT_NE(snapshot->cause.find("probe timeout"), std::string::npos) << snapshot->cause;
  ASSERT_TRUE(snapshot->last_probe);
  EXPECT_EQ(snapshot->last_probe->reason, Reason::kTimeout);
  const auto history = availability_.history();
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].from, CaptchaMode::kOnline);
  EXPECT_EQ(history[0].to, CaptchaMode::kOffline);
  EXPECT_EQ(history[0].at, clock_.wall_now());
}

TEST_F(AvailabilityTest, RecoversAfterTwoGoodProbes) {
  availability_.on_probe(kTimedOut);
  availability_.on_probe(kTimedOut);
  availability_.on_probe(kUp);
  EXPECT_EQ(availability_.mode(), CaptchaMode::kOffline);
  availability_.on_probe(kUp);
  EXPECT_EQ(availability_.mode(), CaptchaMode::kOnline);
  EXPECT_EQ(availability_.history().size(), 2u);
}

// What a provisional challenge asks: did requests run offline at any moment since it was issued?
TEST_F(AvailabilityTest, RemembersWhetherItRanOfflineSinceAGivenTime) {
  const auto before = clock_.wall_now();
  EXPECT_FALSE(availability_.snapshot()->offline_since(before));
  clock_.advance(std::chrono::seconds(1));
  availability_.on_probe(kTimedOut);
  availability_.on_probe(kTimedOut);
  EXPECT_TRUE(availability_.snapshot()->offline_since(clock_.wall_now()));  // offline now
  clock_.advance(std::chrono::seconds(5));
  availability_.on_probe(kUp);
  availability_.on_probe(kUp);
  const auto recovered = availability_.snapshot();
  ASSERT_EQ(recovered->mode, CaptchaMode::kOnline);
  EXPECT_TRUE(recovered->offline_since(before));
  EXPECT_TRUE(recovered->offline_since(clock_.wall_now()));  // the period ended just now
  clock_.advance(std::chrono::seconds(1));
  EXPECT_FALSE(availability_.snapshot()->offline_since(clock_.wall_now()));
}

TEST_F(AvailabilityTest, UnreachableUserCallsCountAsFailedProbes) {
  availability_.on_cloud_call(Reason::kTimeout);
  availability_.on_cloud_call(Reason::kRefused);
  EXPECT_EQ(availability_.mode(), CaptchaMode::kOffline);
  EXPECT_NE(availability_.snapshot()->cause.find("refused"), std::string::npos);
}

TEST_F(AvailabilityTest, OtherUserCallFailuresSayNothingAboutReachability) {
  for (Reason r :
       {Reason::kChallengeZero, Reason::kSeccodeFalse, Reason::kNotJson, Reason::kBlankField}) {
    availability_.on_cloud_call(r);
    availability_.on_cloud_call(r);
  }
  EXPECT_EQ(availability_.mode(), CaptchaMode::kOnline);
}

TEST_F(AvailabilityTest, ASuccessfulUserCallBreaksAFailureStreak) {
  availability_.on_probe(kTimedOut);
  availability_.on_cloud_call(Reason::kOk);
  availability_.on_probe(kTimedOut);
  EXPECT_EQ(availability_.mode(), CaptchaMode::kOnline);
}

// GeeTest answering "fail" (e.g. forced for a rehearsal) must win although register.php still
// answers users: a successful user call does not disprove the endpoint's verdict.
TEST_F(AvailabilityTest, AUserCallDoesNotBreakAStreakOfFailVerdicts) {
  ProbeResult says_fail;
  says_fail.reason = Reason::kCloudReportsFail;
  availability_.on_probe(says_fail);
  availability_.on_cloud_call(Reason::kOk);
  availability_.on_probe(says_fail);
  EXPECT_EQ(availability_.mode(), CaptchaMode::kOffline);
}

TEST_F(AvailabilityTest, OverrideForcesTheModeAndAutoGivesItBack) {
  availability_.set_override(Override::kForceOffline);
  EXPECT_EQ(availability_.mode(), CaptchaMode::kOffline);
  EXPECT_EQ(availability_.snapshot()->override_mode, Override::kForceOffline);
  availability_.on_probe(kTimedOut);
  availability_.on_probe(kTimedOut);
  availability_.set_override(Override::kForceOnline);
  EXPECT_EQ(availability_.mode(), CaptchaMode::kOnline);
  availability_.set_override(Override::kAuto);
  EXPECT_EQ(availability_.mode(), CaptchaMode::kOffline);  // the cloud is down meanwhile
}

TEST_F(AvailabilityTest, TheFleetsStateReplacesTheLocalView) {
  availability_.on_shared_state({CloudStatus::kFail, Override::kAuto});
  EXPECT_EQ(availability_.mode(), CaptchaMode::kOffline);
  availability_.on_shared_state({std::nullopt, Override::kForceOnline});
  EXPECT_EQ(availability_.mode(), CaptchaMode::kOnline);
  EXPECT_EQ(availability_.snapshot()->cloud,
            CloudStatus::kFail);  // an absent status changes nothing
}

TEST_F(AvailabilityTest, ListenersHearChangesAndTheFlipHookOnlyOwnEvidence) {
  std::vector<CaptchaMode> heard;
  std::vector<CloudStatus> flips;
  availability_.add_listener([&](const StatusSnapshot& s) { heard.push_back(s.mode); });
  availability_.set_on_status_flip([&](CloudStatus s) { flips.push_back(s); });
  availability_.on_probe(kTimedOut);
  availability_.on_probe(kTimedOut);
  availability_.on_shared_state({CloudStatus::kSuccess, Override::kAuto});
  EXPECT_EQ(heard,
            (std::vector{CaptchaMode::kOnline, CaptchaMode::kOffline, CaptchaMode::kOnline}));
  EXPECT_EQ(flips, std::vector{CloudStatus::kFail});
}

TEST_F(AvailabilityTest, HistoryKeepsOnlyTheNewestTransitions) {
  for (int i = 0; i < 10; ++i) {
    availability_.set_override(i % 2 == 0 ? Override::kForceOffline : Override::kForceOnline);
  }
  const auto history = availability_.history();
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history.back().to, CaptchaMode::kOnline);
}

}  // namespace
}  // namespace gt3::bypass

namespace gt3::bypass {
namespace {

TEST(AvailabilityListeners, HearEveryProbeAndEveryTransitionOnce) {
  Availability availability({2, 2});
  std::vector<Reason> probes;
  std::vector<std::pair<CaptchaMode, CaptchaMode>> transitions;
  availability.add_probe_listener([&](const ProbeResult& r) { probes.push_back(r.reason); });
  availability.add_transition_listener(
      [&](const Transition& t) { transitions.emplace_back(t.from, t.to); });
  ProbeResult timed_out;
  timed_out.reason = Reason::kTimeout;
  availability.on_probe(timed_out);
  availability.on_probe(timed_out);
  availability.set_override(Override::kForceOnline);
  availability.set_override(Override::kForceOnline);  // no change, no transition
  EXPECT_EQ(probes, (std::vector{Reason::kTimeout, Reason::kTimeout}));
  EXPECT_EQ(transitions, (std::vector<std::pair<CaptchaMode, CaptchaMode>>{
                             {CaptchaMode::kOnline, CaptchaMode::kOffline},
                             {CaptchaMode::kOffline, CaptchaMode::kOnline}}));
}

TEST_F(AvailabilityTest, AFailedStartupProbeGoesOfflineAtOnceWithItsClassAsCause) {
  for (Reason reason :
       {Reason::kRefused, Reason::kTimeout, Reason::kCloudReportsFail, Reason::kBadBody}) {
    Availability availability({2, 2}, clock_);
    availability.begin_start();
    availability.on_startup_probe(probe_of(reason));
    availability.end_start();
    EXPECT_EQ(availability.mode(), CaptchaMode::kOffline) << probe_outcome_name(reason);
    const auto snapshot = availability.snapshot();
    EXPECT_EQ(snapshot->cloud, CloudStatus::kFail);
    EXPECT_EQ(snapshot->cause, "startup probe: " + std::string(probe_outcome_name(reason)));
    ASSERT_TRUE(snapshot->last_probe);
    EXPECT_EQ(snapshot->last_probe->reason, reason);
  }
}

// A service that starts during an outage was never online: its first status is set, not
// transitioned into, so that neither the history nor gt3_transitions_total shows a switch.
TEST_F(AvailabilityTest, TheStartDecisionIsNotATransition) {
  std::vector<Transition> told;
  availability_.add_transition_listener([&](const Transition& t) { told.push_back(t); });
  availability_.begin_start();
  availability_.on_startup_probe(probe_of(Reason::kRefused));
  availability_.end_start();
  EXPECT_EQ(availability_.mode(), CaptchaMode::kOffline);
  EXPECT_EQ(availability_.snapshot()->cause, "startup probe: refused");
  EXPECT_TRUE(availability_.history().empty());
  EXPECT_TRUE(told.empty());
}

TEST_F(AvailabilityTest, AfterAnOfflineStartTheCloudsReturnIsATransition) {
  std::vector<Transition> told;
  availability_.add_transition_listener([&](const Transition& t) { told.push_back(t); });
  availability_.begin_start();
  availability_.on_startup_probe(kTimedOut);
  availability_.end_start();
  availability_.on_probe(kUp);
  availability_.on_probe(kUp);
  ASSERT_EQ(availability_.history().size(), 1u);
  EXPECT_EQ(availability_.history()[0].from, CaptchaMode::kOffline);
  EXPECT_EQ(availability_.history()[0].to, CaptchaMode::kOnline);
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].to, CaptchaMode::kOnline);
}

TEST_F(AvailabilityTest, TheFleetsStatusAtStartIsSetWithAStableCause) {
  availability_.begin_start();
  availability_.on_shared_state({CloudStatus::kFail, Override::kAuto});
  availability_.end_start();
  EXPECT_EQ(availability_.mode(), CaptchaMode::kOffline);
  EXPECT_EQ(availability_.snapshot()->cause, "fleet store: fail, override auto");
  EXPECT_TRUE(availability_.history().empty());
}

// Online is also the placeholder before the decision: the fleet's "success" must still say so.
TEST_F(AvailabilityTest, TheFleetsSuccessAtStartStillNamesTheStoreAsCause) {
  availability_.begin_start();
  availability_.on_shared_state({CloudStatus::kSuccess, Override::kAuto});
  availability_.end_start();
  EXPECT_EQ(availability_.mode(), CaptchaMode::kOnline);
  EXPECT_EQ(availability_.snapshot()->cause, "fleet store: success, override auto");
}

TEST_F(AvailabilityTest, WithoutAStartPhaseAStartupProbesSwitchIsATransition) {
  availability_.on_startup_probe(kTimedOut);
  EXPECT_EQ(availability_.history().size(), 1u);
}

TEST_F(AvailabilityTest, ASuccessfulStartupProbeStaysOnlineAndSaysWhy) {
  availability_.on_startup_probe(kUp);
  EXPECT_EQ(availability_.mode(), CaptchaMode::kOnline);
  EXPECT_EQ(availability_.snapshot()->cause, "startup probe: success");
  EXPECT_TRUE(availability_.history().empty());
}

TEST_F(AvailabilityTest, AfterAFailedStartupProbeRecoveryStillNeedsTheHealthyThreshold) {
  availability_.on_startup_probe(kTimedOut);
  availability_.on_probe(kUp);
  EXPECT_EQ(availability_.mode(), CaptchaMode::kOffline);
  availability_.on_probe(kUp);
  EXPECT_EQ(availability_.mode(), CaptchaMode::kOnline);
}

// Instant mode's first check sets the status without a start phase around it: nothing was
// served on the placeholder, so no switch is recorded, told or counted.
TEST_F(AvailabilityTest, TheFirstCheckSetsTheStatusWithoutATransition) {
  std::vector<Transition> told;
  std::vector<Reason> probes;
  availability_.add_transition_listener([&](const Transition& t) { told.push_back(t); });
  availability_.add_probe_listener([&](const ProbeResult& r) { probes.push_back(r.reason); });
  availability_.on_first_check(kTimedOut);
  EXPECT_EQ(availability_.mode(), CaptchaMode::kOffline);
  EXPECT_EQ(availability_.snapshot()->cause, "first check: timeout");
  EXPECT_TRUE(availability_.history().empty());
  EXPECT_TRUE(told.empty());
  EXPECT_EQ(probes, std::vector{Reason::kTimeout});
}

TEST_F(AvailabilityTest, AfterTheFirstCheckASwitchIsATransition) {
  std::vector<Transition> told;
  availability_.add_transition_listener([&](const Transition& t) { told.push_back(t); });
  availability_.on_first_check(kUp);
  EXPECT_EQ(availability_.snapshot()->cause, "first check: success");
  availability_.on_probe(kTimedOut);
  availability_.on_probe(kTimedOut);
  ASSERT_EQ(availability_.history().size(), 1u);
  EXPECT_EQ(availability_.history()[0].from, CaptchaMode::kOnline);
  EXPECT_EQ(availability_.history()[0].to, CaptchaMode::kOffline);
  EXPECT_EQ(told.size(), 1u);
}

TEST_F(AvailabilityTest, TheStartupProbeIsReportedToProbeListenersAndTheFlipHandler) {
  std::vector<Reason> probes;
  std::vector<CloudStatus> flips;
  availability_.add_probe_listener([&](const ProbeResult& r) { probes.push_back(r.reason); });
  availability_.set_on_status_flip([&](CloudStatus status) { flips.push_back(status); });
  availability_.on_startup_probe(kTimedOut);
  EXPECT_EQ(probes, std::vector{Reason::kTimeout});
  EXPECT_EQ(flips, std::vector{CloudStatus::kFail});
}

}  // namespace
}  // namespace gt3::bypass
