// AsioHttpClientTest (tests only): the fixture of the AsioHttpClient tests in
// src/http/asio_http_client_test.cc. It owns an io_context run by one thread
// (ClientIo), started before the test and joined after it; a test makes its own client and
// peer (testing/http_peer.h), which the test body destroys before the fixture.
#pragma once

#include <gtest/gtest.h>

#include "testing/client_support.h"

namespace gt3::testing {

class AsioHttpClientTest : public ::testing::Test {
 protected:
  ClientIo io_{1};
};

}  // namespace gt3::testing
