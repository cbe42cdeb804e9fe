// secure_random_bytes hands out each byte once, and a forked child never the bytes its parent
// will (the attack: two processes issuing the same offline challenges).
#include "sdk/secure_random.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <set>
#include <vector>

namespace gt3 {
namespace {

using Draw = std::array<unsigned char, 16>;

Draw draw() {
  Draw bytes{};
  secure_random_bytes(bytes);
  return bytes;
}

TEST(SecureRandom, NeverHandsOutTheSameBytesTwiceAcrossRefills) {
  std::set<Draw> seen;
  for (std::size_t i = 0; i < 3 * kSecureRandomBatch / sizeof(Draw); ++i) {
    ASSERT_TRUE(seen.insert(draw()).second) << "draw " << i;
  }
}

TEST(SecureRandom, DrawsLargerThanTheBatchAreFilled) {
  std::vector<unsigned char> big(3 * kSecureRandomBatch, 0);
  secure_random_bytes(big);
  std::size_t zeros = 0;
  for (unsigned char byte : big) zeros += byte == 0 ? 1 : 0;
  EXPECT_LT(zeros, big.size() / 64) << "about 1 in 256 bytes is 0 by chance";
}

// Without the fork handler, the child's buffer is a copy of the parent's: its next draw would
// be the parent's next draw, byte for byte.
TEST(SecureRandom, AForkedChildDrawsOtherBytesThanItsParent) {
  draw();  // the buffer holds bytes when the process forks
  int pipe_ends[2];
  ASSERT_EQ(pipe(pipe_ends), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const Draw bytes = draw();
    const bool written = write(pipe_ends[1], bytes.data(), bytes.size()) ==
                         static_cast<ssize_t>(bytes.size());
    _exit(written ? 0 : 1);
  }
  close(pipe_ends[1]);
  const Draw parent = draw();
  Draw from_child{};
  ASSERT_EQ(read(pipe_ends[0], from_child.data(), from_child.size()),
            static_cast<ssize_t>(from_child.size()));
  close(pipe_ends[0]);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_NE(parent, from_child);
}

}  // namespace
}  // namespace gt3
