// Uses the public API through the installed headers and library: a register round trip through
// an in-process HttpClient, and the version. Exit 0 and "consumer ok" only if all of it works.
#include <gt3/gt3.h>

#include <iostream>

namespace {

class AnsweringClient : public gt3::HttpClient {
 public:
  void send(gt3::HttpRequest, Handler done) override {
    done(gt3::HttpResponse{200, "application/json",
                           R"({"challenge":"e10adc3949ba59abbe56e057f20f883e"})"});
  }
};

}  // namespace

int main() {
  AnsweringClient http;
  gt3::GeetestConfig config;
  config.captcha_id = "0123456789abcdef0123456789abcdef";
  config.private_key = gt3::Secret("0123456789abcdef0123456789abcdef");
  gt3::GeetestClient client(config, http);

  std::string answer;
  client.register_online({}, [&](gt3::RegisterResult r) { answer = r.to_json(); });
  const std::string expected =
      R"({"success":1,"gt":"0123456789abcdef0123456789abcdef",)"
      R"("challenge":"8cd647f4cec7bdfe190aee5399a6a638","new_captcha":true})";
  if (answer != expected) {
    std::cerr << "unexpected register answer: " << answer << "\n";
    return 1;
  }
  std::cout << "consumer ok: gt3 " << gt3::kVersion << "\n";
  return 0;
}
