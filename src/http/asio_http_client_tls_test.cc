// AsioHttpClient over https, against an in-test TLS peer whose self-signed certificate the test
// makes with OpenSSL.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <future>

#include "gt3/asio_http_client.h"
#include "testing/client_support.h"
#include "testing/http_peer.h"
#include "testing/temp_file.h"

namespace gt3 {
namespace {

namespace ssl = boost::asio::ssl;
using testing::ClientIo;
using testing::describe;
using testing::fetch;
using testing::get;
using testing::reason_of;
using testing::TempFile;
using testing::TestingPeer;
using tcp = boost::asio::ip::tcp;

struct Pem {
  std::string certificate;
  std::string private_key;
};

template <class T, void (*Free)(T*)>
using OpenSslPtr = std::unique_ptr<T, decltype([](T* p) { Free(p); })>;

std::string to_pem(const std::function<int(BIO*)>& write) {
  OpenSslPtr<BIO, BIO_free_all> bio(BIO_new(BIO_s_mem()));
  if (write(bio.get()) != 1) return {};
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

// A self-signed certificate (its own CA) for `common_name`, valid now, with the given
// subjectAltName ("IP:127.0.0.1,DNS:localhost").
Pem make_self_signed(const std::string& common_name, const std::string& alt_names) {
  OpenSslPtr<EVP_PKEY, EVP_PKEY_free> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  OpenSslPtr<X509, X509_free> cert(X509_new());
  if (!key || !cert) return {};
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509_set_issuer_name(cert.get(), name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  for (const auto& [nid, value] : {std::pair<int, std::string>{NID_subject_alt_name, alt_names},
                                   {NID_basic_constraints, "critical,CA:TRUE"},
                                   {NID_subject_key_identifier, "hash"}}) {
    OpenSslPtr<X509_EXTENSION, X509_EXTENSION_free> ext(
        X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
    if (!ext || X509_add_ext(cert.get(), ext.get(), -1) != 1) return {};
  }
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) return {};
  return Pem{
      to_pem([&](BIO* bio) { return PEM_write_bio_X509(bio, cert.get()); }), to_pem([&](BIO* bio) {
        return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
      })};
}

// Answers every request with 200 over TLS, keep-alive; records the SNI it was sent.
class TlsPeer {
 public:
  explicit TlsPeer(const Pem& pem)
      : context_(ssl::context::tls_server), peer_([this](tcp::socket& socket) { serve(socket); }) {
    context_.use_certificate_chain(boost::asio::buffer(pem.certificate));
    context_.use_private_key(boost::asio::buffer(pem.private_key), ssl::context::pem);
  }

  std::string url(const std::string& host) const {
    return "https://" + host + ":" + std::to_string(peer_.port()) + "/v1/bypass_status.php";
  }
  int accepts() const { return peer_.accepts(); }
  std::string server_name() {
    std::lock_guard lock(mutex_);
    return server_name_;
  }

 private:
  void serve(tcp::socket& socket) {
    ssl::stream<tcp::socket&> tls(socket, context_);
    boost::system::error_code ec;
    tls.handshake(ssl::stream_base::server, ec);
    if (ec) return;
    if (const char* name = SSL_get_servername(tls.native_handle(), TLSEXT_NAMETYPE_host_name)) {
      std::lock_guard lock(mutex_);
      server_name_ = name;
    }
    boost::beast::flat_buffer buffer;
    while (TestingPeer::read_request(tls, buffer)) {
      if (!TestingPeer::write_response(tls, TestingPeer::answer(200, R"({"status":"success"})"))) {
        return;
      }
    }
  }

  ssl::context context_;
  std::mutex mutex_;
  std::string server_name_;
  TestingPeer peer_;  // last: its threads use what is above
};

class AsioHttpClientTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    for_local_peer_ = new Pem(make_self_signed("127.0.0.1", "IP:127.0.0.1,DNS:localhost"));
    for_other_name_ = new Pem(make_self_signed("example.com", "DNS:example.com"));
  }
  static void TearDownTestSuite() {
    delete for_local_peer_;
    delete for_other_name_;
  }
  void SetUp() override {
    ASSERT_FALSE(for_local_peer_->certificate.empty()) << "could not make a test certificate";
    ASSERT_FALSE(for_other_name_->certificate.empty()) << "could not make a test certificate";
  }

  static AsioHttpClientOptions trusting(const TempFile& ca) {
    AsioHttpClientOptions options;
    options.extra_ca_file = ca.path();
    return options;
  }

  static Pem* for_local_peer_;
  static Pem* for_other_name_;
  ClientIo io_{1};
};

Pem* AsioHttpClientTlsTest::for_local_peer_ = nullptr;
Pem* AsioHttpClientTlsTest::for_other_name_ = nullptr;

TEST_F(AsioHttpClientTlsTest, SucceedsWhenTheCertificateIsTrustedThroughExtraCaFile) {
  TlsPeer peer(*for_local_peer_);
  const TempFile ca(for_local_peer_->certificate, ".pem");
  AsioHttpClient client(io_.context(), trusting(ca));

  const HttpOutcome outcome = fetch(client, get(peer.url("127.0.0.1")));

  ASSERT_TRUE(outcome) << describe(outcome);
  EXPECT_EQ(outcome->body, R"({"status":"success"})");
}

TEST_F(AsioHttpClientTlsTest, SendsTheHostNameAsSniAndChecksIt) {
  TlsPeer peer(*for_local_peer_);
  const TempFile ca(for_local_peer_->certificate, ".pem");
  AsioHttpClient client(io_.context(), trusting(ca));

  const HttpOutcome outcome = fetch(client, get(peer.url("localhost")));

  ASSERT_TRUE(outcome) << describe(outcome);
  EXPECT_EQ(peer.server_name(), "localhost");
}

TEST_F(AsioHttpClientTlsTest, ReusesTheTlsConnection) {
  TlsPeer peer(*for_local_peer_);
  const TempFile ca(for_local_peer_->certificate, ".pem");
  AsioHttpClient client(io_.context(), trusting(ca));

  for (int i = 0; i < 3; ++i) {
    const HttpOutcome outcome = fetch(client, get(peer.url("127.0.0.1")));
    ASSERT_TRUE(outcome) << describe(outcome);
  }

  EXPECT_EQ(peer.accepts(), 1);
  EXPECT_EQ(client.stats().requests_on_reused_connections, 2u);
}

TEST_F(AsioHttpClientTlsTest, UntrustedSelfSignedCertificateIsTls) {
  TlsPeer peer(*for_local_peer_);
  AsioHttpClient client(io_.context());

  const HttpOutcome outcome = fetch(client, get(peer.url("127.0.0.1")));

  EXPECT_EQ(reason_of(outcome), Reason::kTls);
}

TEST_F(AsioHttpClientTlsTest, CertificateForAnotherNameIsTls) {
  TlsPeer peer(*for_other_name_);
  const TempFile ca(for_other_name_->certificate, ".pem");
  AsioHttpClient client(io_.context(), trusting(ca));

  const HttpOutcome outcome = fetch(client, get(peer.url("127.0.0.1")));

  EXPECT_EQ(reason_of(outcome), Reason::kTls);
  if (!outcome) {
    EXPECT_NE(outcome.error().detail.find("mismatch"), std::string::npos) << describe(outcome);
  }
}

TEST_F(AsioHttpClientTlsTest, VerificationCanBeTurnedOff) {
  TlsPeer peer(*for_other_name_);
  AsioHttpClientOptions options;
  options.verify_tls = false;
  AsioHttpClient client(io_.context(), options);

  const HttpOutcome outcome = fetch(client, get(peer.url("127.0.0.1")));

  EXPECT_TRUE(outcome) << describe(outcome);
}

TEST_F(AsioHttpClientTlsTest, UnreadableExtraCaFileIsRefusedAtConstruction) {
  AsioHttpClientOptions options;
  options.extra_ca_file = ::testing::TempDir() + "gt3_no_such_ca.pem";
  EXPECT_THROW(AsioHttpClient(io_.context(), options), std::invalid_argument);
}

}  // namespace
}  // namespace gt3
