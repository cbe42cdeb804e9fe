#include "http/request.h"

#include <gtest/gtest.h>

namespace gt3::http {
namespace {

TEST(Request, HeaderLookupIgnoresCaseAndReturnsTheFirst) {
  Request request;
  request.headers = {{"X-Thing", "1"}, {"x-thing", "2"}};
  EXPECT_EQ(request.header("x-THING"), "1");
  EXPECT_EQ(request.header("Absent"), "");
}

TEST(Request, HeaderListJoinsEveryLineOfTheFieldInOrder) {
  Request request;
  request.headers = {
      {"X-Forwarded-For", "1.2.3.4"}, {"Accept", "*/*"}, {"x-forwarded-for", "9.9.9.9, 10.0.0.2"}};
  EXPECT_EQ(request.header_list("X-FORWARDED-FOR"), "1.2.3.4, 9.9.9.9, 10.0.0.2");
}

TEST(Request, HeaderListOfOneLineIsThatLine) {
  Request request;
  request.headers = {{"X-Forwarded-For", "1.2.3.4,5.6.7.8"}};
  EXPECT_EQ(request.header_list("X-Forwarded-For"), "1.2.3.4,5.6.7.8");
}

TEST(Request, HeaderListOfAnAbsentFieldIsEmpty) {
  Request request;
  request.headers = {{"Accept", "*/*"}};
  EXPECT_EQ(request.header_list("X-Forwarded-For"), "");
}

TEST(Request, HeaderListKeepsAnEmptyLineAsAnEmptyMember) {
  // An empty line is an empty list member: the combined value then ends in an empty entry, which
  // a reader of a list from the right must not skip over to an earlier, client-written one.
  Request request;
  request.headers = {{"X-Forwarded-For", "1.2.3.4"}, {"X-Forwarded-For", ""}};
  EXPECT_EQ(request.header_list("X-Forwarded-For"), "1.2.3.4, ");
}

TEST(Request, ContentTypeIsLowerCasedWithoutParameters) {
  Request request;
  request.headers = {{"Content-Type", " Application/X-WWW-Form-URLEncoded ; charset=UTF-8"}};
  EXPECT_EQ(request.content_type(), "application/x-www-form-urlencoded");
  EXPECT_EQ(Request{}.content_type(), "");
}

TEST(Request, TellsAFormBodyByItsContentTypeInAnyCase) {
  Request request;
  EXPECT_TRUE(request.body_is_form()) << "no Content-Type";
  for (const char* form : {"application/x-www-form-urlencoded",
                           " Application/X-WWW-Form-URLEncoded ; charset=UTF-8", ""}) {
    request.headers = {{"Content-Type", form}};
    EXPECT_TRUE(request.body_is_form()) << form;
  }
  for (const char* other :
       {"application/json", "application/x-www-form-urlencodedx", "application/x-www-form",
        "text/plain; application/x-www-form-urlencoded"}) {
    request.headers = {{"content-type", other}};
    EXPECT_FALSE(request.body_is_form()) << other;
  }
}

TEST(Request, FormDecodesAFormBody) {
  Request request;
  request.headers = {{"content-type", "application/x-www-form-urlencoded"}};
  request.body = "a=x+y&a=2";
  auto form = request.form();
  ASSERT_TRUE(form);
  EXPECT_EQ(form->count("a"), 2u);
  EXPECT_EQ(form->get("a"), "x y");
}

TEST(Request, FormDecodesABodyWithoutContentType) {
  Request request;
  request.body = "a=1";
  EXPECT_EQ(request.form()->get("a"), "1");
}

TEST(Request, FormIsEmptyForAnotherContentType) {
  Request request;
  request.headers = {{"Content-Type", "application/json"}};
  request.body = "a=1";
  EXPECT_TRUE(request.form()->empty());
}

TEST(Request, FormReportsAMalformedEscape) {
  Request request;
  request.body = "a=%G1";
  auto form = request.form();
  ASSERT_FALSE(form);
  EXPECT_EQ(form.error().reason, Reason::kBadEncoding);
}

TEST(Method, NamesAreUpperCase) {
  EXPECT_EQ(method_name(Method::kGet), "GET");
  EXPECT_EQ(method_name(Method::kHead), "HEAD");
  EXPECT_EQ(method_name(Method::kPost), "POST");
  EXPECT_EQ(method_name(Method::kDelete), "DELETE");
  EXPECT_EQ(method_name(Method::kOther), "OTHER");
}

}  // namespace
}  // namespace gt3::http
