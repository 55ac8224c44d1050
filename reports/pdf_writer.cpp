#include "reports/pdf_writer.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "reports/display_text.hpp"
#include "reports/scene_render.hpp"

namespace pumprig::reports {
namespace {

constexpr double kPageW = 595.28, kPageH = 841.89;  // A4 in points
constexpr double kMarginL = 50, kMarginR = 50, kTop = 72, kBottom = kPageH - 58;
constexpr double kContentW = kPageW - kMarginL - kMarginR;
constexpr double kPad = 3;

Color tone_color(Tone t) {
  switch (t) {
    case Tone::pass: return {0.05, 0.50, 0.20};
    case Tone::fail: return {0.80, 0.10, 0.10};
    case Tone::warn: return {0.72, 0.42, 0.0};
    case Tone::muted: return {0.45, 0.45, 0.45};
    case Tone::normal: break;
  }
  return {0.1, 0.1, 0.1};
}

// One laid-out piece of text; owns its PangoLayout.
class TextBox {
 public:
  // Lays out at most `max_chars` characters of `text` (display_text): layout time must not
  // depend on how long a field in the record is.
  TextBox(cairo_t* cr, const std::string& text, double size, bool bold, double width, bool mono = false,
          PangoAlignment align = PANGO_ALIGN_LEFT, bool one_line = false, std::size_t max_chars = kMaxParagraphChars) {
    layout_ = pango_cairo_create_layout(cr);
    PangoFontDescription* font = pango_font_description_from_string(mono ? "DejaVu Sans Mono" : "DejaVu Sans");
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    if (bold) pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(layout_, font);
    pango_font_description_free(font);
    if (width > 0) {
      pango_layout_set_width(layout_, static_cast<int>(width * PANGO_SCALE));
      pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_alignment(layout_, align);
      if (one_line) pango_layout_set_ellipsize(layout_, PANGO_ELLIPSIZE_END);
    }
    const std::string shown = display_text(text, max_chars);
    pango_layout_set_text(layout_, shown.data(), static_cast<int>(shown.size()));
    int w = 0, h = 0;
    pango_layout_get_size(layout_, &w, &h);
    width_ = static_cast<double>(w) / PANGO_SCALE;
    height_ = static_cast<double>(h) / PANGO_SCALE;
  }
  ~TextBox() { g_object_unref(layout_); }
  TextBox(const TextBox&) = delete;
  TextBox& operator=(const TextBox&) = delete;
  TextBox(TextBox&& o) noexcept : layout_(o.layout_), width_(o.width_), height_(o.height_) { o.layout_ = g_object_ref(o.layout_); }

  double width() const { return width_; }
  double height() const { return height_; }
  void draw(cairo_t* cr, double x, double y, Color c) const {
    cairo_move_to(cr, x, y);
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
    pango_cairo_show_layout(cr, layout_);
  }

 private:
  PangoLayout* layout_;
  double width_ = 0, height_ = 0;
};

class Renderer {
 public:
  Renderer(cairo_t* cr, const Document& doc, int total_pages, bool draw)
      : cr_(cr), doc_(doc), total_(total_pages), draw_(draw) {}

  int run() {
    begin_page();
    for (const auto& b : doc_.blocks) std::visit([this](const auto& x) { block(x); }, b);
    end_page();
    return page_;
  }

 private:
  void begin_page() {
    ++page_;
    y_ = kTop;
    if (!draw_) return;
    // Header and footer: the run id and the page on every page, so a loose page is traceable.
    TextBox title(cr_, "pumprig test report: " + doc_.title, 7.5, false, kContentW * 0.56, false, PANGO_ALIGN_LEFT, true);
    title.draw(cr_, kMarginL, 30, tone_color(Tone::muted));
    TextBox id(cr_, "Run " + doc_.run_id, 7, false, kContentW * 0.44, true, PANGO_ALIGN_RIGHT);
    id.draw(cr_, kMarginL + kContentW * 0.56, 30, tone_color(Tone::muted));
    rule(kMarginL, 44, kPageW - kMarginR, 0.5);
    if (!doc_.page_banner.empty()) {
      TextBox banner(cr_, doc_.page_banner, 8, true, 0);
      banner.draw(cr_, (kPageW - banner.width()) / 2, 50, tone_color(Tone::fail));
    }
    rule(kMarginL, kPageH - 44, kPageW - kMarginR, 0.5);
    TextBox foot(cr_, "Run " + doc_.run_id + "  |  " + doc_.footer_digest, 7, false, kContentW * 0.75, true);
    foot.draw(cr_, kMarginL, kPageH - 38, tone_color(Tone::muted));
    TextBox pg(cr_, fmt::format("Page {} of {}", page_, total_), 8, false, 0);
    pg.draw(cr_, kPageW - kMarginR - pg.width(), kPageH - 38, tone_color(Tone::normal));
  }

  void end_page() {
    if (draw_ && !doc_.watermark.empty()) {
      // Over the content, faint: it must survive any crop or copy of the page.
      cairo_save(cr_);
      cairo_translate(cr_, kPageW / 2, kPageH / 2);
      cairo_rotate(cr_, -std::atan2(kPageH, kPageW));
      // Sized to span most of the diagonal whatever its wording.
      const double diagonal = std::hypot(kPageW, kPageH);
      TextBox probe(cr_, doc_.watermark, 30, true, 0);
      const double size = std::clamp(30 * 0.8 * diagonal / std::max(1.0, probe.width()), 12.0, 60.0);
      TextBox wm(cr_, doc_.watermark, size, true, 0);
      wm.draw(cr_, -wm.width() / 2, -wm.height() / 2, {0.85, 0.1, 0.1, 0.16});
      cairo_restore(cr_);
    }
    if (draw_) cairo_show_page(cr_);
  }

  void new_page() {
    end_page();
    begin_page();
  }

  void ensure(double h) {
    if (y_ + h > kBottom && y_ > kTop) new_page();
  }

  void rule(double x0, double y, double x1, double w, Color c = {0.6, 0.6, 0.6}) {
    if (!draw_) return;
    cairo_move_to(cr_, x0, y);
    cairo_line_to(cr_, x1, y);
    cairo_set_source_rgba(cr_, c.r, c.g, c.b, c.a);
    cairo_set_line_width(cr_, w);
    cairo_stroke(cr_);
  }

  void fill_rect(double x, double y, double w, double h, Color c) {
    if (!draw_) return;
    cairo_rectangle(cr_, x, y, w, h);
    cairo_set_source_rgba(cr_, c.r, c.g, c.b, c.a);
    cairo_fill(cr_);
  }

  void block(const Heading& h) {
    // A section starts on a new page, unless the current one is less than half used: then it
    // follows after a gap, so no page is left mostly empty.
    if (h.level == 1 && y_ > kTop) {
      if (y_ - kTop > 0.5 * (kBottom - kTop)) new_page();
      else y_ += 22;
    }
    const double size = h.level == 1 ? 15 : 11.5;
    TextBox t(cr_, h.text, size, true, kContentW);
    ensure(t.height() + (h.level == 1 ? 14 + 120 : 40));  // keep a heading with what follows
    if (h.level == 2) y_ += 8;
    if (draw_) t.draw(cr_, kMarginL, y_, {0.1, 0.2, 0.4});
    y_ += t.height() + 3;
    if (h.level == 1) rule(kMarginL, y_, kPageW - kMarginR, 1.0, {0.1, 0.2, 0.4});
    y_ += h.level == 1 ? 8 : 3;
  }

  void block(const Paragraph& p) {
    TextBox t(cr_, p.text, 9, false, kContentW);
    ensure(t.height());
    if (draw_) t.draw(cr_, kMarginL, y_, tone_color(p.tone));
    y_ += t.height() + 6;
  }

  void block(const Notice& n) {
    const Color c = tone_color(n.tone);
    const Color bg{c.r, c.g, c.b, 0.08};
    TextBox title(cr_, n.title, 10, true, kContentW - 16);
    ensure(title.height() + 20);
    y_ += 2;
    fill_rect(kMarginL, y_, kContentW, title.height() + 6, bg);
    fill_rect(kMarginL, y_, 3, title.height() + 6, c);
    if (draw_) title.draw(cr_, kMarginL + 10, y_ + 3, c);
    y_ += title.height() + 6;
    for (const auto& line : n.lines) {
      TextBox t(cr_, "- " + line, 8.5, false, kContentW - 22);
      if (y_ + t.height() + 2 > kBottom) new_page();
      fill_rect(kMarginL, y_, kContentW, t.height() + 2, bg);
      fill_rect(kMarginL, y_, 3, t.height() + 2, c);
      if (draw_) t.draw(cr_, kMarginL + 14, y_ + 1, tone_color(Tone::normal));
      y_ += t.height() + 2;
    }
    fill_rect(kMarginL, y_, kContentW, 4, bg);
    fill_rect(kMarginL, y_, 3, 4, c);
    y_ += 12;
  }

  void block(const KeyValues& kv) {
    Table t;
    t.widths = {1, 2};
    for (const auto& [k, v] : kv.rows) t.rows.push_back({Cell{k, Tone::muted}, v});
    block(t);
  }

  void block(const Table& t) {
    const std::size_t n = std::max(t.header.size(), t.widths.size());
    if (n == 0) return;
    std::vector<double> w(t.widths);
    w.resize(n, 1.0);
    const double total = std::accumulate(w.begin(), w.end(), 0.0);
    for (auto& x : w) x = x / total * kContentW;
    const double size = t.small ? 7.5 : 8.5;

    auto row_boxes = [&](const std::vector<Cell>& cells, bool header) {
      std::vector<TextBox> boxes;
      boxes.reserve(n);
      for (std::size_t i = 0; i < n; ++i) {
        const Cell c = i < cells.size() ? cells[i] : Cell{};
        // Short verdict words in bold; long texts in a coloured cell stay regular.
        const bool bold = header || ((c.tone == Tone::pass || c.tone == Tone::fail) && c.text.size() < 16);
        boxes.emplace_back(cr_, c.text, size, bold, w[i] - 2 * kPad, c.mono, PANGO_ALIGN_LEFT, false, kMaxCellChars);
      }
      return boxes;
    };
    auto draw_row = [&](const std::vector<TextBox>& boxes, const std::vector<Cell>& cells, bool header, bool stripe) {
      double h = 0;
      for (const auto& b : boxes) h = std::max(h, b.height());
      h += 2 * kPad;
      if (header) fill_rect(kMarginL, y_, kContentW, h, {0.88, 0.90, 0.94});
      else if (stripe) fill_rect(kMarginL, y_, kContentW, h, {0.96, 0.96, 0.97});
      double x = kMarginL;
      for (std::size_t i = 0; i < n; ++i) {
        const Tone tone = header ? Tone::normal : i < cells.size() ? cells[i].tone : Tone::normal;
        if (draw_) boxes[i].draw(cr_, x + kPad, y_ + kPad, tone_color(tone));
        x += w[i];
      }
      y_ += h;
      rule(kMarginL, y_, kPageW - kMarginR, 0.3, {0.8, 0.8, 0.8});
    };
    auto header_height = [&] {
      if (t.header.empty()) return 0.0;
      std::vector<Cell> cells;
      for (const auto& h : t.header) cells.push_back(Cell{h});
      double h = 0;
      for (const auto& b : row_boxes(cells, true)) h = std::max(h, b.height());
      return h + 2 * kPad;
    };
    auto draw_header = [&] {
      if (t.header.empty()) return;
      std::vector<Cell> cells;
      for (const auto& h : t.header) cells.push_back(Cell{h});
      draw_row(row_boxes(cells, true), cells, true, false);
    };
    const double hh = header_height();
    ensure(hh + 16);
    draw_header();
    bool stripe = false;
    for (const auto& r : t.rows) {
      auto boxes = row_boxes(r, false);
      double h = 0;
      for (const auto& b : boxes) h = std::max(h, b.height());
      if (y_ + h + 2 * kPad > kBottom) {
        new_page();
        draw_header();  // a table continued on a new page repeats its header
      }
      draw_row(boxes, r, false, stripe);
      stripe = !stripe;
    }
    y_ += 8;
  }

  void block(const PlotBlock& p) {
    ensure(p.height_pt);
    if (draw_) draw_scene(cr_, layout_plot(p.plot, kContentW, p.height_pt), kMarginL, y_);
    y_ += p.height_pt + 10;
  }

  void block(const Signatures& s) {
    const double h = 110;
    ensure(h);
    const double gap = 20;
    const double bw = (kContentW - gap * static_cast<double>(s.roles.size() - 1)) / static_cast<double>(std::max<std::size_t>(1, s.roles.size()));
    for (std::size_t i = 0; i < s.roles.size(); ++i) {
      const double x = kMarginL + static_cast<double>(i) * (bw + gap);
      if (draw_) {
        cairo_rectangle(cr_, x, y_, bw, h);
        cairo_set_source_rgb(cr_, 0.5, 0.5, 0.5);
        cairo_set_line_width(cr_, 0.6);
        cairo_stroke(cr_);
        TextBox role(cr_, s.roles[i], 9.5, true, bw - 12);
        role.draw(cr_, x + 6, y_ + 6, tone_color(Tone::normal));
        double ly = y_ + 42;
        for (const char* what : {"Name", "Signature", "Date"}) {
          TextBox l(cr_, what, 8, false, 0);
          l.draw(cr_, x + 6, ly - 10, tone_color(Tone::muted));
          rule(x + 60, ly, x + bw - 8, 0.5, {0.3, 0.3, 0.3});
          ly += 24;
        }
      }
    }
    y_ += h + 10;
  }

  cairo_t* cr_;
  const Document& doc_;
  int total_;
  bool draw_;
  int page_ = 0;
  double y_ = kTop;
};

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

cairo_status_t discard(void*, const unsigned char*, unsigned int) { return CAIRO_STATUS_SUCCESS; }

}  // namespace

std::string document_to_pdf(const Document& doc) {
  // Pass 1: lay out without drawing to count the pages.
  int pages = 0;
  {
    cairo_surface_t* s = cairo_pdf_surface_create_for_stream(discard, nullptr, kPageW, kPageH);
    cairo_t* cr = cairo_create(s);
    pages = Renderer(cr, doc, 0, false).run();
    cairo_destroy(cr);
    cairo_surface_destroy(s);
  }
  std::string out;
  cairo_surface_t* s = cairo_pdf_surface_create_for_stream(append_to_string, &out, kPageW, kPageH);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, ("pumprig test report " + doc.run_id).c_str());
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "pumprig");
  cairo_t* cr = cairo_create(s);
  Renderer(cr, doc, pages, true).run();
  cairo_destroy(cr);
  cairo_surface_finish(s);
  cairo_surface_destroy(s);
  return out;
}

}  // namespace pumprig::reports
