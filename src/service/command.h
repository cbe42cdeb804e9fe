// Command: one subcommand of gt3-bypass, as registered on the program's CLI11 parser: the
// parser's node, and what runs when the user chose it (returning the exit code).
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace gt3::service {

struct Command {
  CLI::App* parser = nullptr;
  std::function<int()> run;
};

}  // namespace gt3::service
