// DeadlineList: order by deadline whatever the order of linking, ties in order of linking,
// unlinking anywhere, and only due items taken.
#include "http/deadline_list.h"

#include <gtest/gtest.h>

#include <vector>

namespace gt3::http {
namespace {

using namespace std::chrono_literals;
using Clock = DeadlineList::Clock;

struct Item : DeadlineHook {
  explicit Item(int n) : name(n) {}
  int name;
};

const Clock::time_point kStart{};

std::vector<int> names(const DeadlineList& list) {
  std::vector<int> out;
  list.for_each(
      [&](const DeadlineHook& hook) { out.push_back(static_cast<const Item&>(hook).name); });
  return out;
}

std::vector<int> take_all_due(DeadlineList& list, Clock::time_point now) {
  std::vector<int> out;
  while (DeadlineHook* hook = list.take_due(now)) out.push_back(static_cast<Item*>(hook)->name);
  return out;
}

TEST(DeadlineList, EmptyHasNoEarliestAndNothingDue) {
  DeadlineList list;
  EXPECT_TRUE(list.empty());
  EXPECT_FALSE(list.earliest().has_value());
  EXPECT_EQ(list.take_due(kStart + 1h), nullptr);
}

TEST(DeadlineList, ItemsLinkedInAnyOrderAreKeptInOrderOfDeadline) {
  Item a(1), b(2), c(3), d(4), e(5);
  DeadlineList list;
  list.link(c, kStart + 30ms);
  list.link(a, kStart + 10ms);  // before everything
  list.link(e, kStart + 50ms);  // after everything
  list.link(b, kStart + 20ms);  // in the middle
  list.link(d, kStart + 40ms);

  EXPECT_EQ(names(list), (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(list.earliest(), kStart + 10ms);
}

TEST(DeadlineList, ItemsDueAtTheSameMomentStayInOrderOfLinking) {
  Item a(1), b(2), c(3);
  DeadlineList list;
  list.link(a, kStart + 10ms);
  list.link(b, kStart + 10ms);
  list.link(c, kStart + 10ms);

  EXPECT_EQ(names(list), (std::vector<int>{1, 2, 3}));
}

TEST(DeadlineList, UnlinkingTheFirstMiddleOrLastKeepsTheRestInOrder) {
  Item a(1), b(2), c(3), d(4);
  DeadlineList list;
  for (Item* item : {&a, &b, &c, &d}) list.link(*item, kStart + item->name * 1ms);

  list.unlink(b);
  EXPECT_EQ(names(list), (std::vector<int>{1, 3, 4}));
  list.unlink(a);
  EXPECT_EQ(names(list), (std::vector<int>{3, 4}));
  EXPECT_EQ(list.earliest(), kStart + 3ms);
  list.unlink(d);
  EXPECT_EQ(names(list), (std::vector<int>{3}));
  list.unlink(c);
  EXPECT_TRUE(list.empty());
  EXPECT_FALSE(c.linked());
  list.unlink(c);  // not linked: nothing
  EXPECT_TRUE(list.empty());
}

TEST(DeadlineList, LinkingALinkedItemAgainMovesItToItsNewDeadline) {
  Item a(1), b(2), c(3);
  DeadlineList list;
  list.link(a, kStart + 10ms);  // a connect deadline, say
  list.link(b, kStart + 20ms);
  list.link(c, kStart + 30ms);

  list.link(a, kStart + 40ms);  // then the request's whole deadline

  EXPECT_EQ(names(list), (std::vector<int>{2, 3, 1}));
  EXPECT_EQ(a.deadline(), kStart + 40ms);
}

TEST(DeadlineList, OnlyItemsDueAtOrBeforeNowAreTakenEarliestFirst) {
  Item a(1), b(2), c(3);
  DeadlineList list;
  list.link(c, kStart + 30ms);
  list.link(a, kStart + 10ms);
  list.link(b, kStart + 20ms);

  EXPECT_TRUE(take_all_due(list, kStart + 9ms).empty());
  EXPECT_EQ(take_all_due(list, kStart + 20ms), (std::vector<int>{1, 2}));
  EXPECT_FALSE(a.linked());
  EXPECT_TRUE(c.linked());
  EXPECT_EQ(list.earliest(), kStart + 30ms);
  EXPECT_EQ(take_all_due(list, kStart + 1h), (std::vector<int>{3}));
  EXPECT_TRUE(list.empty());
}

}  // namespace
}  // namespace gt3::http
