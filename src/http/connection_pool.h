// ConnectionPool: idle keep-alive connections, per key (scheme, host and port), bounded.
//
// A connection is moved in after a complete answer that allows keep-alive and moved out for the
// next request to the same key, so no connection ever serves two requests at once. The most
// recently returned connection is handed out first (the least likely to have been closed by the
// server); one idle for idle_timeout or longer, or that `usable` rejects (e.g. the server closed
// it), is dropped instead: destroying a connection closes it. At most max_idle_per_host are kept
// per key; a connection returned beyond that is dropped. After close() the pool keeps nothing.
//
// Thread-safe: every member may be called from any thread (one mutex). Connections are
// destroyed outside the lock. The clock is passed in, so tests control age.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace gt3::http {

template <class Connection>
class ConnectionPool {
 public:
  using Clock = std::chrono::steady_clock;
  using Usable = std::function<bool(Connection&)>;

  ConnectionPool(std::size_t max_idle_per_host, Clock::duration idle_timeout,
                 Usable usable = nullptr)
      : max_idle_per_host_(max_idle_per_host),
        idle_timeout_(idle_timeout),
        usable_(std::move(usable)) {}

  // An idle connection for `key`, or nullptr when there is none fit for use.
  std::unique_ptr<Connection> checkout(const std::string& key, Clock::time_point now) {
    std::vector<std::unique_ptr<Connection>> dropped;
    std::unique_lock lock(mutex_);
    const auto it = idle_.find(key);
    if (it == idle_.end()) return nullptr;
    std::deque<Entry>& entries = it->second;
    std::unique_ptr<Connection> found;
    while (!entries.empty() && !found) {
      Entry entry = std::move(entries.back());
      entries.pop_back();
      if (now - entry.idle_since < idle_timeout_ && (!usable_ || usable_(*entry.connection))) {
        found = std::move(entry.connection);
      } else {
        dropped.push_back(std::move(entry.connection));
      }
    }
    if (entries.empty()) idle_.erase(it);
    lock.unlock();
    return found;
  }

  // Keeps `connection` for later; false when it was dropped (pool full for the key, or closed).
  bool checkin(const std::string& key, std::unique_ptr<Connection> connection,
               Clock::time_point now) {
    std::vector<std::unique_ptr<Connection>> dropped;
    std::unique_lock lock(mutex_);
    if (closed_ || max_idle_per_host_ == 0) {
      dropped.push_back(std::move(connection));
      return false;
    }
    std::deque<Entry>& entries = idle_[key];
    while (!entries.empty() && now - entries.front().idle_since >= idle_timeout_) {
      dropped.push_back(std::move(entries.front().connection));
      entries.pop_front();
    }
    if (entries.size() >= max_idle_per_host_) {
      dropped.push_back(std::move(connection));
      return false;
    }
    entries.push_back(Entry{std::move(connection), now});
    return true;
  }

  // Drops every idle connection and refuses all later checkins.
  void close() {
    std::map<std::string, std::deque<Entry>> dropped;
    std::lock_guard lock(mutex_);
    closed_ = true;
    dropped.swap(idle_);
  }

  std::size_t idle(const std::string& key) const {
    std::lock_guard lock(mutex_);
    const auto it = idle_.find(key);
    return it == idle_.end() ? 0 : it->second.size();
  }

 private:
  struct Entry {
    std::unique_ptr<Connection> connection;
    Clock::time_point idle_since;
  };

  const std::size_t max_idle_per_host_;
  const Clock::duration idle_timeout_;
  const Usable usable_;
  mutable std::mutex mutex_;
  std::map<std::string, std::deque<Entry>> idle_;
  bool closed_ = false;
};

}  // namespace gt3::http
