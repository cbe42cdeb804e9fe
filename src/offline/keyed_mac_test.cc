#include "offline/keyed_mac.h"

#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "sdk/hex.h"

namespace gt3::offline {
namespace {

// RFC 4231, test cases 1 and 2 (HMAC-SHA256).
const std::string kKey1(20, '\x0b');
constexpr std::string_view kData1 = "Hi There";
constexpr std::string_view kTag1 =
    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";
constexpr std::string_view kKey2 = "Jefe";
constexpr std::string_view kData2 = "what do ya want for nothing?";
constexpr std::string_view kTag2 =
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

// The whole tag, in hex, of `data` split after `split` bytes into the two parts tag() takes.
std::string tag_hex(const KeyedMac& mac, std::string_view data, std::size_t split = 5) {
  const std::string_view second = data.substr(split);
  std::array<unsigned char, 32> out{};
  mac.tag(data.substr(0, split),
          {reinterpret_cast<const unsigned char*>(second.data()), second.size()}, out);
  return lower_hex({out.data(), out.size()});
}

TEST(KeyedMac, ComputesTheRfc4231TagsAgainAndAgain) {
  const KeyedMac mac(kKey2);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(tag_hex(mac, kData2, static_cast<std::size_t>(i)), kTag2);
}

TEST(KeyedMac, KeysUsedInTurnOnOneThreadEachKeepTheirOwn) {
  const KeyedMac one(kKey1);
  const KeyedMac two(kKey2);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(tag_hex(one, kData1), kTag1);
    EXPECT_EQ(tag_hex(two, kData2), kTag2);
  }
}

TEST(KeyedMac, MoreKeysThanAThreadKeepsCopiesOfStayRight) {
  std::vector<std::unique_ptr<KeyedMac>> macs;
  for (std::size_t i = 0; i < 2 * KeyedMac::kCopiesPerThread + 1; ++i) {
    macs.push_back(std::make_unique<KeyedMac>(i % 2 == 0 ? std::string_view(kKey1) : kKey2));
  }
  for (int round = 0; round < 2; ++round) {
    for (std::size_t i = 0; i < macs.size(); ++i) {
      EXPECT_EQ(tag_hex(*macs[i], i % 2 == 0 ? kData1 : kData2), i % 2 == 0 ? kTag1 : kTag2);
    }
  }
}

// A new key often lands where a destroyed one was: the thread's copy of the old key must not
// serve it.
TEST(KeyedMac, ANewKeyNeverUsesTheCopyOfADestroyedOne) {
  for (int i = 0; i < 10; ++i) {
    auto old_key = std::make_unique<KeyedMac>(kKey1);
    EXPECT_EQ(tag_hex(*old_key, kData1), kTag1);
    old_key.reset();
    const auto new_key = std::make_unique<KeyedMac>(kKey2);
    EXPECT_EQ(tag_hex(*new_key, kData2), kTag2);
  }
}

TEST(KeyedMac, ThreadsComputeTagsAtOnce) {
  const KeyedMac one(kKey1);
  const KeyedMac two(kKey2);
  std::vector<std::thread> threads;
  std::array<int, 4> wrong{};
  for (std::size_t t = 0; t < wrong.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        wrong[t] += tag_hex(one, kData1) != kTag1;
        wrong[t] += tag_hex(two, kData2) != kTag2;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong, (std::array<int, 4>{}));
}

}  // namespace
}  // namespace gt3::offline
