// MemoryStatusStore: the StatusStore of a single process (the embedded default). This instance
// is always the poller; writes are delivered back as events through the given io_context (never
// inside the writer's call, as the contract asks). A written status does not expire: in one
// process the writer is the only reader.
#pragma once

#include <memory>

#include "bypass/status_store.h"

namespace boost::asio {
class io_context;
}

namespace gt3::bypass {

class MemoryStatusStore final : public StatusStore {
 public:
  explicit MemoryStatusStore(boost::asio::io_context& io);

  void start(Events events) override;
  void stop() override;
  void write_status(CloudStatus status, std::chrono::milliseconds ttl) override;
  void write_override(Override mode) override;

 private:
  struct Shared;  // kept alive by the events in flight
  void announce();

  boost::asio::io_context& io_;
  std::shared_ptr<Shared> shared_;
};

}  // namespace gt3::bypass
