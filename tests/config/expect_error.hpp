#pragma once
// Asserts that a call throws the given exception type with exactly the given what() text.
#include <boost/test/unit_test.hpp>

#include <string>

#define EXPECT_WHAT(Exception, expr, expected_text)                                       \
  do {                                                                                    \
    bool thrown_ = false;                                                                 \
    try {                                                                                 \
      (void)(expr);                                                                       \
    } catch (const Exception& e_) {                                                       \
      thrown_ = true;                                                                     \
      BOOST_TEST(std::string(e_.what()) == std::string(expected_text));                   \
    }                                                                                     \
    BOOST_TEST(thrown_, "expected " #Exception " from " #expr);                           \
  } while (0)
