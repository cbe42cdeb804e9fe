// write_now: the part of a message a socket takes at once, written without waiting. Most
// messages of this service (an answer, a call to the cloud) fit the socket's buffer whole, and
// then cost no asynchronous write: no completion through the io_context's queue, no deadline
// to arm. What is left goes through an asynchronous write as before.
//
// It writes only on a socket in non-blocking mode (socket.non_blocking(true)), where it cannot
// block; on any other it writes nothing and leaves the whole message to the asynchronous write.
// Threads: the caller's, which must be the one that may touch the socket. Never throws.
#pragma once

#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace gt3::http {

// Writes what `socket` takes at once from `out` and drops it from the front of `out` (empty
// buffers once all went). A full buffer (would_block), or a socket not in non-blocking mode, is
// no failure: `out` is then unchanged.
// The error of a socket that failed (the peer reset it, it is closed), none otherwise.
boost::system::error_code write_now(boost::asio::ip::tcp::socket& socket,
                                    std::array<boost::asio::const_buffer, 2>& out);

}  // namespace gt3::http
