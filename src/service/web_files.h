// The files of web/ (the login page, the widget, the proof-of-work worker, the status page),
// compiled into the program by cmake/Gt3EmbedFiles.cmake: path relative to web/ -> content.
#pragma once

#include "http/static_files.h"

namespace gt3::service {

const http::FileContents& web_files();

}  // namespace gt3::service
