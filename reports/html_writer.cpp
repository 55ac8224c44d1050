#include "reports/html_writer.hpp"

#include <fmt/format.h>

#include "reports/scene_render.hpp"
#include "reports/xml_text.hpp"

namespace pumprig::reports {
namespace {

const char* tone_class(Tone t) {
  switch (t) {
    case Tone::pass: return "pass";
    case Tone::fail: return "fail";
    case Tone::warn: return "warn";
    case Tone::muted: return "muted";
    case Tone::normal: break;
  }
  return "";
}

std::string cell_html(const char* tag, const Cell& c) {
  std::string cls = tone_class(c.tone);
  if (c.mono) cls += cls.empty() ? "mono" : " mono";
  return fmt::format("<{0}{1}>{2}</{0}>", tag, cls.empty() ? "" : " class=\"" + cls + "\"", xml_escape(c.text));
}

constexpr const char* kStyle = R"(
body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;font-size:14px;color:#1a1a1a;max-width:60em;margin:0 auto;padding:1em 2em 4em}
header.page{border-bottom:1px solid #999;color:#666;font-size:12px;display:flex;justify-content:space-between;padding:.3em 0}
.banner{position:sticky;top:0;background:#fff0f0;color:#c01818;font-weight:bold;text-align:center;padding:.3em;border:1px solid #c01818;z-index:2}
.watermark{position:fixed;top:45%;left:-10%;width:120%;text-align:center;transform:rotate(-35deg);font-size:48px;font-weight:bold;color:rgba(215,25,25,.13);pointer-events:none;z-index:1}
h1{color:#1a3366;border-bottom:2px solid #1a3366;margin-top:2em;font-size:22px}
h2{color:#1a3366;font-size:17px;margin-top:1.4em}
table{border-collapse:collapse;width:100%;margin:.4em 0 1em}
th{background:#e0e6f0;text-align:left}
th,td{padding:3px 6px;border-bottom:1px solid #ccc;vertical-align:top}
tr:nth-child(even) td{background:#f6f6f8}
table.kv td:first-child{color:#666;width:33%}
table.small{font-size:12px}
.pass{color:#0d8033;font-weight:bold}.fail{color:#cc1a1a;font-weight:bold}.warn{color:#b86b00}.muted{color:#737373}
.mono{font-family:"DejaVu Sans Mono",monospace;word-break:break-all}
.notice{border-left:4px solid;padding:.4em .8em;margin:.8em 0}
.notice.warn{border-color:#b86b00;background:#fdf5e8;font-weight:normal}.notice.fail{border-color:#cc1a1a;background:#fcecec;font-weight:normal}
.notice.muted{border-color:#999;background:#f4f4f4}.notice .title{font-weight:bold}
.plot{margin:.6em 0 1.2em}
.signatures{display:flex;gap:2em}.signatures div{flex:1;border:1px solid #888;padding:.6em;min-height:7em}
.signatures p{border-bottom:1px solid #444;padding-top:1.2em;margin:.2em 0;color:#666}
footer{border-top:1px solid #999;color:#666;font-size:12px;margin-top:3em;padding-top:.3em}
)";

class HtmlWriter {
 public:
  explicit HtmlWriter(std::string& out) : out_(out) {}

  void operator()(const Heading& h) {
    fmt::format_to(std::back_inserter(out_), "<h{0}>{1}</h{0}>\n", h.level == 1 ? 1 : 2, xml_escape(h.text));
  }
  void operator()(const Paragraph& p) { out_ += cell_html("p", Cell{p.text, p.tone}) + "\n"; }
  void operator()(const Notice& n) {
    fmt::format_to(std::back_inserter(out_), "<div class=\"notice {}\"><div class=\"title\">{}</div><ul>\n", tone_class(n.tone), xml_escape(n.title));
    for (const auto& l : n.lines) out_ += "<li>" + xml_escape(l) + "</li>\n";
    out_ += "</ul></div>\n";
  }
  void operator()(const KeyValues& kv) {
    out_ += "<table class=\"kv\">\n";
    for (const auto& [k, v] : kv.rows) out_ += "<tr><td>" + xml_escape(k) + "</td>" + cell_html("td", v) + "</tr>\n";
    out_ += "</table>\n";
  }
  void operator()(const Table& t) {
    out_ += t.small ? "<table class=\"small\">\n" : "<table>\n";
    if (!t.header.empty()) {
      out_ += "<thead><tr>";
      for (const auto& h : t.header) out_ += "<th>" + xml_escape(h) + "</th>";
      out_ += "</tr></thead>\n";
    }
    out_ += "<tbody>\n";
    for (const auto& r : t.rows) {
      out_ += "<tr>";
      for (const auto& c : r) out_ += cell_html("td", c);
      out_ += "</tr>\n";
    }
    out_ += "</tbody></table>\n";
  }
  void operator()(const PlotBlock& p) {
    // The same scene as the PDF at the same size: the browser scales the viewBox.
    out_ += "<div class=\"plot\">\n" + scene_to_svg(layout_plot(p.plot, 495.28, p.height_pt)) + "</div>\n";
  }
  void operator()(const Signatures& s) {
    out_ += "<div class=\"signatures\">\n";
    for (const auto& r : s.roles) out_ += "<div><strong>" + xml_escape(r) + "</strong><p>Name</p><p>Signature</p><p>Date</p></div>\n";
    out_ += "</div>\n";
  }

 private:
  std::string& out_;
};

}  // namespace

std::string document_to_html(const Document& doc) {
  std::string out;
  out.reserve(256 * 1024);
  out += "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
  out += "<title>" + xml_escape("pumprig test report " + doc.run_id + ": " + doc.title) + "</title>\n";
  out += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
  if (!doc.watermark.empty()) out += "<div class=\"watermark\" aria-hidden=\"true\">" + xml_escape(doc.watermark) + "</div>\n";
  if (!doc.page_banner.empty()) out += "<div class=\"banner\">" + xml_escape(doc.page_banner) + "</div>\n";
  out += "<header class=\"page\"><span>pumprig test report: " + xml_escape(doc.title) + "</span><span class=\"mono\">Run " +
         xml_escape(doc.run_id) + "</span></header>\n";
  HtmlWriter w(out);
  for (const auto& b : doc.blocks) std::visit(w, b);
  out += "<footer><span class=\"mono\">Run " + xml_escape(doc.run_id) + " | " + xml_escape(doc.footer_digest) + "</span></footer>\n";
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace pumprig::reports
