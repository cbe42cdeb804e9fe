// The service library links and its commands register on a parser.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>

#include "service/probe_command.h"

namespace gt3::service {
namespace {

TEST(ServiceLibrary, ProbeCommandRegistersOnAParser) {
  CLI::App app;
  const Command probe = add_probe_command(app);
  ASSERT_NE(probe.parser, nullptr);
  EXPECT_EQ(probe.parser->get_name(), "probe");
}

}  // namespace
}  // namespace gt3::service
