#pragma once
// The Document as one self-contained XHTML-compatible file: inline CSS, inline SVG plots drawn
// from the same plot scenes as the PDF.
#include <string>

#include "reports/document.hpp"

namespace pumprig::reports {

std::string document_to_html(const Document& doc);

}  // namespace pumprig::reports
