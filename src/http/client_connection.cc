#include "http/client_connection.h"

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <sys/socket.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cerrno>
#include <stdexcept>

namespace gt3::http {

namespace ssl = boost::asio::ssl;

bool looks_reusable(ClientConnection& connection) {
  return connection.buffer.size() == 0 && connection.lowest().socket().is_open();
}

bool still_open(ClientConnection& connection) {
  if (!looks_reusable(connection)) return false;
  boost::asio::ip::tcp::socket& socket = connection.lowest().socket();
  char byte = 0;
  const ssize_t n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
  return false;  // 0: the peer closed; > 0: bytes nobody asked for
}

ssl::context make_client_tls_context(const AsioHttpClientOptions& options) {
  ssl::context context(ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION);
  boost::system::error_code ec;
  context.set_default_verify_paths(ec);  // a system without CA paths still has extra_ca_file
  if (!options.extra_ca_file.empty()) {
    context.load_verify_file(options.extra_ca_file, ec);
    if (ec) {
      throw std::invalid_argument("cannot load the CA file '" + options.extra_ca_file + "' (" +
                                  ec.message() +
                                  "): give a readable PEM file of trusted certificates");
    }
  }
  context.set_verify_mode(options.verify_tls ? ssl::verify_peer : ssl::verify_none);
  return context;
}

bool prepare_tls(TlsStream& stream, const std::string& host) {
  SSL* ssl_handle = stream.native_handle();
  boost::system::error_code not_an_address;
  boost::asio::ip::make_address(host, not_an_address);
  if (!not_an_address) {
    return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_handle), host.c_str()) == 1;
  }
  return SSL_set_tlsext_host_name(ssl_handle, host.c_str()) == 1 &&
         SSL_set1_host(ssl_handle, host.c_str()) == 1;
}

std::string certificate_problem(TlsStream& stream) {
  const long verify = SSL_get_verify_result(stream.native_handle());
  if (verify == X509_V_OK) return {};
  const bool wrong_name =
      verify == X509_V_ERR_HOSTNAME_MISMATCH || verify == X509_V_ERR_IP_ADDRESS_MISMATCH;
  return std::string(" (certificate: ") + X509_verify_cert_error_string(verify) +
         (wrong_name ? "; the URL must name a host the certificate was issued for)"
                     : "; if it is trusted, give its CA in extra_ca_file)");
}

}  // namespace gt3::http
