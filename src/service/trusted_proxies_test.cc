#include "service/trusted_proxies.h"

#include <gtest/gtest.h>

#include <ostream>

#include "http/request.h"

namespace gt3::service {

// Found by gtest through argument-dependent lookup, so in the namespace of the type.
void PrintTo(const TrustedProxies::ClientAddress& client, std::ostream* out) {
  *out << (client.attributed ? "attributed to " : "unattributed, peer ") << client.address;
}

namespace {

using ClientAddress = TrustedProxies::ClientAddress;

ClientAddress attributed(std::string address) { return {std::move(address), true}; }
ClientAddress unattributed(std::string peer) { return {std::move(peer), false}; }

TrustedProxies proxies(const std::vector<std::string>& entries) {
  auto parsed = TrustedProxies::parse(entries);
  EXPECT_TRUE(parsed.has_value()) << parsed.error().detail;
  return parsed.has_value() ? *parsed : TrustedProxies{};
}

TEST(TrustedProxies, EmptyTrustsNobody) {
  const TrustedProxies none;
  EXPECT_TRUE(none.empty());
  EXPECT_FALSE(none.contains("127.0.0.1"));
  EXPECT_EQ(none.attribute("10.0.0.1", "1.2.3.4"), attributed("10.0.0.1"));
}

TEST(TrustedProxies, ContainsSingleAddressesAndNetworksOfBothFamilies) {
  const TrustedProxies p = proxies({"10.0.0.0/8", "192.168.1.7", "fd00::/8", "::1"});
  EXPECT_TRUE(p.contains("10.255.1.2"));
  EXPECT_FALSE(p.contains("11.0.0.1"));
  EXPECT_TRUE(p.contains("192.168.1.7"));
  EXPECT_FALSE(p.contains("192.168.1.8"));
  EXPECT_TRUE(p.contains("fd12:3456::1"));
  EXPECT_FALSE(p.contains("fe80::1"));
  EXPECT_TRUE(p.contains("::1"));
  EXPECT_FALSE(p.contains("::2"));
}

TEST(TrustedProxies, Ipv4MappedIpv6PeerMatchesAnIpv4Network) {
  const TrustedProxies p = proxies({"10.0.0.0/8"});
  EXPECT_TRUE(p.contains("::ffff:10.1.2.3"));
  EXPECT_FALSE(p.contains("::ffff:11.1.2.3"));
}

TEST(TrustedProxies, Ipv4MappedNetworkMatchesAnIpv4Peer) {
  const TrustedProxies p = proxies({"::ffff:10.0.0.0/104", "::ffff:192.168.0.1"});
  EXPECT_TRUE(p.contains("10.9.9.9"));
  EXPECT_FALSE(p.contains("11.9.9.9"));
  EXPECT_TRUE(p.contains("192.168.0.1"));
  EXPECT_EQ(p.entries(), (std::vector<std::string>{"10.0.0.0/8", "192.168.0.1"}));
}

TEST(TrustedProxies, NonAddressesAreNeverContained) {
  const TrustedProxies p = proxies({"0.0.0.0/0", "::/0"});
  EXPECT_TRUE(p.contains("8.8.8.8"));
  EXPECT_TRUE(p.contains("2001:db8::1"));
  EXPECT_FALSE(p.contains("localhost"));
  EXPECT_FALSE(p.contains(""));
}

TEST(TrustedProxies, EntriesAreCanonical) {
  const TrustedProxies p = proxies({" 10.1.2.3/8 ", "::1/128", "FD00::/8", "1.2.3.4/32"});
  EXPECT_EQ(p.entries(), (std::vector<std::string>{"10.0.0.0/8", "::1", "fd00::/8", "1.2.3.4"}));
}

TEST(TrustedProxies, BadEntryIsNamed) {
  for (const std::string bad : {"10.0.0.0/33", "fd00::/129", "10.0.0.0/", "10.0.0.0/x",
                                "proxy.example.com", "", "10.0.0.0/8/8", "1.2.3"}) {
    const auto parsed = TrustedProxies::parse({"127.0.0.1", bad});
    ASSERT_FALSE(parsed.has_value()) << bad;
    EXPECT_EQ(parsed.error().reason, Reason::kBadConfig);
    EXPECT_NE(parsed.error().detail.find("\"" + bad + "\""), std::string::npos)
        << parsed.error().detail;
  }
}

TEST(TrustedProxies, UntrustedPeerIsTheClientWhateverItForwards) {
  const TrustedProxies p = proxies({"10.0.0.0/8"});
  EXPECT_EQ(p.attribute("203.0.113.9", "1.2.3.4"), attributed("203.0.113.9"));
}

TEST(TrustedProxies, TrustedPeerForwardsTheRightMostUntrustedEntry) {
  const TrustedProxies p = proxies({"10.0.0.0/8"});
  EXPECT_EQ(p.attribute("10.0.0.1", "198.51.100.1, 203.0.113.5, 10.0.0.2"),
            attributed("203.0.113.5"));
}

TEST(TrustedProxies, ClientCannotSpoofByPrependingEntries) {
  const TrustedProxies p = proxies({"10.0.0.0/8"});
  // The client sent "X-Forwarded-For: 1.1.1.1"; the proxy appended the real address.
  EXPECT_EQ(p.attribute("10.0.0.1", "1.1.1.1, 203.0.113.5"), attributed("203.0.113.5"));
}

TEST(TrustedProxies, EveryEntryTrustedGivesTheLeftMost) {
  const TrustedProxies p = proxies({"10.0.0.0/8"});
  EXPECT_EQ(p.attribute("10.0.0.1", "10.0.0.3,10.0.0.2"), attributed("10.0.0.3"));
}

TEST(TrustedProxies, ProxyLineAfterTheClientLineIsBelieved) {
  // The attacker sent "X-Forwarded-For: 1.2.3.4"; the proxy appended a line of its own. The
  // server combines the lines in order (Request::header_list) before asking.
  const TrustedProxies p = proxies({"10.0.0.0/8"});
  http::Request request;
  request.peer_address = "10.0.0.1";
  request.headers = {{"X-Forwarded-For", "1.2.3.4"}, {"X-Forwarded-For", "9.9.9.9"}};
  EXPECT_EQ(p.attribute(request.peer_address, request.header_list("X-Forwarded-For")),
            attributed("9.9.9.9"));
}

TEST(TrustedProxies, CombinedLinesAreWalkedAsOneList) {
  const TrustedProxies p = proxies({"10.0.0.0/8"});
  EXPECT_EQ(p.attribute("10.0.0.1", "1.2.3.4, 9.9.9.9"), attributed("9.9.9.9"));
  EXPECT_EQ(p.attribute("10.0.0.1", "1.2.3.4, 9.9.9.9, 10.0.0.2"), attributed("9.9.9.9"));
}

TEST(TrustedProxies, UntrustedPeerIsAttributedWhateverItSends) {
  const TrustedProxies p = proxies({"10.0.0.0/8"});
  EXPECT_EQ(p.attribute("203.0.113.9", ""), attributed("203.0.113.9"));
  EXPECT_EQ(p.attribute("203.0.113.9", "garbage"), attributed("203.0.113.9"));
}

TEST(TrustedProxies, TrustedPeerWithoutHeaderIsUnattributed) {
  const TrustedProxies p = proxies({"10.0.0.0/8"});
  EXPECT_EQ(p.attribute("10.0.0.1", ""), unattributed("10.0.0.1"));
  EXPECT_EQ(p.attribute("10.0.0.1", "  "), unattributed("10.0.0.1"));
  EXPECT_EQ(p.attribute("::ffff:10.0.0.1", ""), unattributed("10.0.0.1"));
}

TEST(TrustedProxies, TrustedPeerWhoseRightMostEntryIsNotAnAddressIsUnattributed) {
  const TrustedProxies p = proxies({"10.0.0.0/8"});
  EXPECT_EQ(p.attribute("10.0.0.1", "garbage"), unattributed("10.0.0.1"));
  EXPECT_EQ(p.attribute("10.0.0.1", "203.0.113.5, unknown"), unattributed("10.0.0.1"));
  // An empty last line, combined, is an empty right-most entry: not a reason to believe the
  // client's line before it.
  EXPECT_EQ(p.attribute("10.0.0.1", "203.0.113.5, "), unattributed("10.0.0.1"));
}

TEST(TrustedProxies, GarbageFurtherLeftEndsTheWalkAtTheLastAddressBelieved) {
  // 10.0.0.2 was written by the trusted peer, so the request is attributed to it.
  const TrustedProxies p = proxies({"10.0.0.0/8"});
  EXPECT_EQ(p.attribute("10.0.0.1", "203.0.113.5, unknown, 10.0.0.2"), attributed("10.0.0.2"));
}

TEST(TrustedProxies, PeerThatIsNotAnAddressIsTheClientAsGiven) {
  const TrustedProxies p = proxies({"0.0.0.0/0", "::/0"});
  EXPECT_EQ(p.attribute("unix-socket", "1.2.3.4"), attributed("unix-socket"));
}

TEST(TrustedProxies, ForwardedEntriesMayCarryPortsAndBrackets) {
  const TrustedProxies p = proxies({"10.0.0.0/8"});
  EXPECT_EQ(p.attribute("10.0.0.1", "203.0.113.5:4711"), attributed("203.0.113.5"));
  EXPECT_EQ(p.attribute("10.0.0.1", "[2001:db8::7]:4711"), attributed("2001:db8::7"));
  EXPECT_EQ(p.attribute("10.0.0.1", "2001:db8::7"), attributed("2001:db8::7"));
}

TEST(TrustedProxies, MappedAddressesAreReportedAsIpv4) {
  const TrustedProxies p = proxies({"10.0.0.0/8"});
  EXPECT_EQ(p.attribute("::ffff:10.0.0.1", "::ffff:203.0.113.5"), attributed("203.0.113.5"));
  EXPECT_EQ(p.attribute("::ffff:203.0.113.9", ""), attributed("203.0.113.9"));
}

// The peer's text is kept when it is IPv4 (already canonical), and only then: the attribution is
// a rate-limit key, so two spellings of one address must not be two clients.
TEST(TrustedProxies, PeersAreReportedInOneSpellingPerAddress) {
  const TrustedProxies none;
  EXPECT_EQ(none.attribute(" 203.0.113.9 ", ""), attributed("203.0.113.9"));
  EXPECT_EQ(none.attribute("2001:DB8:0:0::7", ""), attributed("2001:db8::7"));
  EXPECT_EQ(none.attribute("::ffff:203.0.113.9", ""), attributed("203.0.113.9"));
  EXPECT_EQ(none.attribute("0203.0.113.9", ""), attributed("0203.0.113.9")) << "not an address";
  EXPECT_EQ(none.attribute("203.0.113.9.1", ""), attributed("203.0.113.9.1")) << "not an address";
  const TrustedProxies p = proxies({"203.0.113.0/24"});
  EXPECT_EQ(p.attribute("0203.0.113.9", "1.2.3.4"), attributed("0203.0.113.9")) << "not trusted";
}

}  // namespace
}  // namespace gt3::service
