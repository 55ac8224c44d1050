#pragma once
// The Document as an A4 PDF: cairo draws, pango lays out text. Two passes over the same layout
// code: the first counts the pages so every page can say "Page X of Y".
#include <string>

#include "reports/document.hpp"

namespace pumprig::reports {

std::string document_to_pdf(const Document& doc);

}  // namespace pumprig::reports
