// The one translation unit per test executable that defines Boost.Test's main.
#define BOOST_TEST_MODULE pumprig
#include <boost/test/unit_test.hpp>
