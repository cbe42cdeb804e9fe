#include "gt3/solution.h"

#include "gt3/digest.h"

namespace gt3 {

std::string online_validate_for(const Secret& private_key, std::string_view challenge) {
  std::string input(private_key.reveal());
  input += "geetest";
  input += challenge;
  return md5_hex(input);
}

std::string seccode_for(std::string_view validate) {
  std::string seccode(validate);
  seccode += "|jordan";
  return seccode;
}

std::string accepted_seccode_answer(std::string_view seccode) { return md5_hex(seccode); }

std::string offline_validate_for(std::string_view challenge) { return md5_hex(challenge); }

}  // namespace gt3
