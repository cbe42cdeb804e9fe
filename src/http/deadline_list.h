// DeadlineList: the items in flight on one lane, in order of deadline, so that a single timer
// can watch them all: armed at the earliest deadline, it finds on firing every item due and
// re-arms at the next. An item costs a link and an unlink, where a timer of its own costs an
// arm, a cancel and a completion. Items linked in order of deadline (one timeout for all calls,
// the usual case) link in constant time; an earlier one walks back from the end.
//
// Intrusive: an item derives from DeadlineHook and must be unlinked before it is destroyed. Not
// thread-safe: its owner guards it.
#pragma once

#include <chrono>
#include <optional>

namespace gt3::http {

class DeadlineList;

class DeadlineHook {
 public:
  using Clock = std::chrono::steady_clock;

  DeadlineHook() = default;
  DeadlineHook(const DeadlineHook&) = delete;
  DeadlineHook& operator=(const DeadlineHook&) = delete;

  bool linked() const { return linked_; }
  Clock::time_point deadline() const { return deadline_; }

 private:
  friend class DeadlineList;
  DeadlineHook* previous_ = nullptr;
  DeadlineHook* next_ = nullptr;
  Clock::time_point deadline_{};
  bool linked_ = false;
};

class DeadlineList {
 public:
  using Clock = DeadlineHook::Clock;

  DeadlineList() = default;
  DeadlineList(const DeadlineList&) = delete;
  DeadlineList& operator=(const DeadlineList&) = delete;

  bool empty() const { return first_ == nullptr; }

  // The earliest deadline, none when empty.
  std::optional<Clock::time_point> earliest() const {
    if (first_ == nullptr) return std::nullopt;
    return first_->deadline_;
  }

  // Links `hook` (unlinking it first if linked) due at `deadline`, after any item due at the
  // same moment.
  void link(DeadlineHook& hook, Clock::time_point deadline) {
    if (hook.linked_) unlink(hook);
    hook.deadline_ = deadline;
    DeadlineHook* before = last_;
    while (before != nullptr && before->deadline_ > deadline) before = before->previous_;
    hook.previous_ = before;
    hook.next_ = before != nullptr ? before->next_ : first_;
    (hook.previous_ != nullptr ? hook.previous_->next_ : first_) = &hook;
    (hook.next_ != nullptr ? hook.next_->previous_ : last_) = &hook;
    hook.linked_ = true;
  }

  // Unlinks `hook`; nothing when it is not linked.
  void unlink(DeadlineHook& hook) {
    if (!hook.linked_) return;
    (hook.previous_ != nullptr ? hook.previous_->next_ : first_) = hook.next_;
    (hook.next_ != nullptr ? hook.next_->previous_ : last_) = hook.previous_;
    hook.previous_ = hook.next_ = nullptr;
    hook.linked_ = false;
  }

  // Unlinks the earliest item if it is due at `now` or before; nullptr otherwise.
  DeadlineHook* take_due(Clock::time_point now) {
    DeadlineHook* first = first_;
    if (first == nullptr || first->deadline_ > now) return nullptr;
    unlink(*first);
    return first;
  }

  // Calls f(hook) for every linked item, earliest first. `f` must not link or unlink.
  template <typename F>
  void for_each(F&& f) const {
    for (DeadlineHook* hook = first_; hook != nullptr; hook = hook->next_) f(*hook);
  }

 private:
  DeadlineHook* first_ = nullptr;
  DeadlineHook* last_ = nullptr;
};

}  // namespace gt3::http
