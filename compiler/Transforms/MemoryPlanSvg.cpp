//===- MemoryPlanSvg.cpp - the --emit=plan-svg drawing --------------------===//
#include "compiler/Transforms/MemoryPlanSvg.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

using namespace dlc;

namespace {

// Layout of one panel, in SVG user units.
constexpr double kLeft = 90, kPlotWidth = 960, kRight = 20;
constexpr double kTop = 34, kPlotHeight = 360, kBottom = 44;
constexpr double kPanelHeight = kTop + kPlotHeight + kBottom;
constexpr double kWidth = kLeft + kPlotWidth + kRight;
// A label fits where the box is this much wider per character and taller.
constexpr double kCharWidth = 6, kLabelHeight = 12;

std::string escapeXml(llvm::StringRef text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&apos;"; break;
    default: out += c;
    }
  }
  return out;
}

std::string humanBytes(int64_t bytes) {
  if (bytes < 1024)
    return llvm::formatv("{0} B", bytes).str();
  if (bytes < 1024 * 1024)
    return llvm::formatv("{0:f1} KiB", bytes / 1024.0).str();
  return llvm::formatv("{0:f2} MiB", bytes / (1024.0 * 1024.0)).str();
}

/// The ONNX node's name where the row names one (`node 'conv1' (Conv)`),
/// else the whole description.
llvm::StringRef shortName(llvm::StringRef node) {
  size_t open = node.find('\'');
  size_t close = open == llvm::StringRef::npos ? open : node.find('\'', open + 1);
  if (close == llvm::StringRef::npos)
    return node;
  return node.slice(open + 1, close);
}

/// Maps program positions and arena offsets of one panel to SVG coordinates.
struct PanelScale {
  double top;
  int64_t firstPos, endPos, arenaBytes;
  double x(int64_t pos) const {
    return kLeft + (pos - firstPos) * kPlotWidth / double(endPos - firstPos);
  }
  double y(int64_t offset) const {
    return top + kPlotHeight - offset * kPlotHeight / double(arenaBytes);
  }
};

void drawAxes(const FunctionPlan &plan, const PanelScale &s,
              llvm::raw_ostream &os) {
  os << llvm::formatv("<text class=\"title\" x=\"{0}\" y=\"{1}\">@{2}: arena "
                      "{3} bytes (naive: {4} bytes, lower bound: {5} "
                      "bytes)</text>\n",
                      kLeft, s.top - 12, escapeXml(plan.function),
                      plan.arenaBytes, plan.naiveBytes, plan.lowerBoundBytes);
  os << llvm::formatv("<rect class=\"frame\" x=\"{0}\" y=\"{1}\" width=\"{2}\" "
                      "height=\"{3}\"/>\n",
                      kLeft, s.top, kPlotWidth, kPlotHeight);
  for (int i = 0; i <= 4; ++i) {
    int64_t offset = s.arenaBytes * i / 4;
    os << llvm::formatv("<text class=\"tick\" x=\"{0}\" y=\"{1:f1}\" "
                        "text-anchor=\"end\">{2}</text>\n",
                        kLeft - 4, s.y(offset) + 4, humanBytes(offset));
    int64_t pos = s.firstPos + (s.endPos - s.firstPos) * i / 4;
    os << llvm::formatv("<text class=\"tick\" x=\"{0:f1}\" y=\"{1}\" "
                        "text-anchor=\"middle\">{2}</text>\n",
                        s.x(pos), s.top + kPlotHeight + 14, pos);
  }
  os << llvm::formatv("<text class=\"axis\" x=\"{0}\" y=\"{1}\" "
                      "text-anchor=\"middle\">program position (op index) "
                      "&#8594;</text>\n",
                      kLeft + kPlotWidth / 2, s.top + kPlotHeight + 32);
  os << llvm::formatv("<text class=\"axis\" transform=\"translate({0},{1}) "
                      "rotate(-90)\" text-anchor=\"middle\">arena offset "
                      "&#8594;</text>\n",
                      16, s.top + kPlotHeight / 2);
}

/// Draws `row` from its first position up to `end` (exclusive).
void drawRow(const PlanRow &row, int64_t end, const PanelScale &s,
             llvm::raw_ostream &os) {
  double x0 = s.x(row.first), x1 = s.x(end);
  double y0 = s.y(row.offset + row.bytes), y1 = s.y(row.offset);
  double width = std::max(x1 - x0, 0.5), height = std::max(y1 - y0, 0.5);
  int hue = int(row.buffer * 137.508) % 360;
  os << "<g>";
  os << llvm::formatv("<title>{0}: {1} bytes at offset {2}, live {3}..{4} "
                      "(buffer {5})</title>",
                      escapeXml(row.node), row.bytes, row.offset, row.first,
                      row.last, row.buffer);
  os << llvm::formatv("<rect x=\"{0:f2}\" y=\"{1:f2}\" width=\"{2:f2}\" "
                      "height=\"{3:f2}\" fill=\"hsl({4},55%,72%)\"/>",
                      x0, y0, width, height, hue);
  llvm::StringRef name = shortName(row.node);
  if (width >= kCharWidth * name.size() + 4 && height >= kLabelHeight)
    os << llvm::formatv("<text class=\"label\" x=\"{0:f2}\" y=\"{1:f2}\">{2}"
                        "</text>",
                        x0 + width / 2, y0 + height / 2 + 3.5, escapeXml(name));
  os << "</g>\n";
}

void drawPanel(const FunctionPlan &plan, double top, llvm::raw_ostream &os) {
  PanelScale s{top, 0, 1, std::max<int64_t>(plan.arenaBytes, 1)};
  if (!plan.rows.empty()) {
    s.firstPos = INT64_MAX;
    s.endPos = INT64_MIN;
    for (const PlanRow &row : plan.rows) {
      s.firstPos = std::min(s.firstPos, row.first);
      s.endPos = std::max(s.endPos, row.last + 1);
    }
  }
  drawAxes(plan, s, os);
  for (const PlanRow &row : plan.rows) {
    // A value overwritten in place ends where its successor in the buffer
    // begins, so that the two boxes do not overlap there.
    bool overwritten = llvm::any_of(plan.rows, [&](const PlanRow &next) {
      return next.buffer == row.buffer && next.first == row.last &&
             &next != &row;
    });
    drawRow(row, overwritten ? row.last : row.last + 1, s, os);
  }
  if (plan.rows.empty()) {
    os << llvm::formatv("<text class=\"axis\" x=\"{0}\" y=\"{1}\" "
                        "text-anchor=\"middle\">no buffers in the "
                        "arena</text>\n",
                        kLeft + kPlotWidth / 2, top + kPlotHeight / 2);
    return;
  }
  double bound = s.y(plan.lowerBoundBytes);
  os << llvm::formatv("<line class=\"bound\" x1=\"{0}\" y1=\"{1:f2}\" "
                      "x2=\"{2}\" y2=\"{1:f2}\"><title>lower bound: {3} bytes"
                      "</title></line>\n",
                      kLeft, bound, kLeft + kPlotWidth, plan.lowerBoundBytes);
}

} // namespace

void dlc::drawMemoryPlans(llvm::ArrayRef<FunctionPlan> plans,
                          llvm::raw_ostream &os) {
  double height = std::max<size_t>(plans.size(), 1) * kPanelHeight;
  os << llvm::formatv("<svg xmlns=\"http://www.w3.org/2000/svg\" "
                      "width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\">\n",
                      kWidth, height);
  os << "<style>text{font-family:sans-serif;fill:#222}"
        ".title{font-size:13px;font-weight:bold}.tick{font-size:10px}"
        ".axis{font-size:11px}.label{font-size:10px;text-anchor:middle}"
        ".frame{fill:#fafafa;stroke:#888}"
        "g rect{stroke:#333;stroke-width:0.4}"
        ".bound{stroke:#c00;stroke-dasharray:6 3}</style>\n";
  os << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  for (auto [i, plan] : llvm::enumerate(plans))
    drawPanel(plan, i * kPanelHeight + kTop, os);
  os << "</svg>\n";
}
