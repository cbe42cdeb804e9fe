#include "gt3/secret.h"

#include <gtest/gtest.h>

#include <sstream>

namespace gt3 {
namespace {

TEST(Secret, PrintsMaskedNeverTheValue) {
  std::ostringstream out;
  out << Secret("0123456789abcdef0123456789abcdef");
  EXPECT_EQ(out.str(), "***");
}

TEST(Secret, RevealGivesTheValue) {
  EXPECT_EQ(Secret("k3y").reveal(), "k3y");
  EXPECT_TRUE(Secret().empty());
}

}  // namespace
}  // namespace gt3
