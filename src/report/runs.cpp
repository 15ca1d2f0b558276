// `parley runs list` and `parley runs show` as text.
#include "report/runs.hpp"

#include "core/text.hpp"
#include "report/sweep.hpp"
#include "report/table.hpp"

namespace parley::report {

using doc::Kind;
using doc::Node;

namespace {

double number_at(const Node& n, std::string_view key) {
  const Node* x = n.find(key);
  return x != nullptr && x->kind == Kind::number ? x->number : 0;
}

std::string text_at(const Node& n, std::string_view key) {
  const Node* x = n.find(key);
  return x != nullptr && x->kind == Kind::string ? x->text : std::string();
}

// The stored JSON's `outputs` back as summaries (what sweep_json wrote from them).
std::vector<sweep::Summary> summaries_of(const Node& outputs) {
  std::vector<sweep::Summary> out;
  for (const auto& [key, n] : outputs.entries) {
    sweep::Summary s;
    s.path = key.text;
    s.count = static_cast<std::size_t>(number_at(n, "count"));
    s.mean = number_at(n, "mean");
    s.sd = number_at(n, "sd");
    s.se = number_at(n, "se");
    s.q05 = number_at(n, "q05");
    s.q50 = number_at(n, "q50");
    s.q95 = number_at(n, "q95");
    if (const Node* p = n.find("p"); p != nullptr && p->kind == Kind::mapping) {
      for (const auto& [category, share] : p->entries) s.p[category.text] = share.number;
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<sweep::OutputSensitivity> sensitivity_of(const Node& list) {
  std::vector<sweep::OutputSensitivity> out;
  for (const auto& n : list.items) {
    sweep::OutputSensitivity s;
    s.output = text_at(n, "output");
    s.base = number_at(n, "base");
    if (const Node* t = n.find("tornado"); t != nullptr) {
      for (const auto& e : t->items)
        s.tornado.push_back({text_at(e, "input"), number_at(e, "low"), number_at(e, "high")});
    }
    if (const Node* shares = n.find("variance_shares"); shares != nullptr) {
      for (const auto& e : shares->items) s.shares.emplace_back(text_at(e, "input"), number_at(e, "share"));
    }
    out.push_back(std::move(s));
  }
  return out;
}

// A distribution as the JSON writes it ({"normal": [80, 10]}), as sweep's text does (normal(80, 10)).
std::string distribution_of(const Node& d) {
  if (d.kind != Kind::mapping || d.entries.empty()) return "";
  const auto& [shape, params] = d.entries.front();
  std::string out = shape.text + "(";
  for (std::size_t i = 0; i < params.items.size(); ++i) {
    out += (i ? ", " : "") + core::format_number(params.items[i].number);
  }
  return out + ")";
}

std::string sha_prefix(const std::string& sha) {
  return sha.substr(0, 12);
}

}  // namespace

std::string run_status(const store::Run& run) {
  if (!run.summary_json) return "unfinished";
  return run.interrupted ? "interrupted" : "complete";
}

std::string runs_list_text(const std::vector<store::Run>& runs) {
  Table t({"id", "created", "analysis", "draws", "status", "scenario", "sha256"});
  for (const auto& r : runs) {
    t.add({std::to_string(r.id), r.created, r.asked.analysis,
           std::to_string(r.draws_done) + "/" + std::to_string(r.asked.draws_asked), run_status(r),
           r.asked.scenario_file, sha_prefix(r.asked.scenario_sha256)});
  }
  return t.render(0);
}

std::string run_text(const std::string& db, const store::Run& run, const Node* summary) {
  const auto& a = run.asked;
  std::string out = "Run " + std::to_string(run.id) + " of " + db + "\n";
  const auto line = [&](const std::string& key, const std::string& value) {
    out += "  " + key + std::string(12 - key.size(), ' ') + value + "\n";
  };
  line("created", run.created + (run.finished ? ", finished " + *run.finished : ""));
  line("scenario", a.scenario_file + " (sha256 " + a.scenario_sha256 + ")");
  line("parley", a.version);
  line("analysis", a.analysis);
  line("options", a.options_json);
  line("seed", std::to_string(a.seed));
  line("draws", std::to_string(run.draws_done) + " of " + std::to_string(a.draws_asked) + " done");
  line("status", run_status(run));
  line("kept draws",
       a.keep_draws ? "yes (parley runs show " + db + " " + std::to_string(run.id) + " --format csv)" : "no");
  if (summary == nullptr) {
    return out + "\nNo summary: the run did not finish (it was killed, failed, or is still running)." +
           (a.keep_draws ? " Its " + std::to_string(run.draws_done) + " committed draws are in --format csv.\n" : "\n");
  }
  if (const Node* inputs = summary->find("inputs"); inputs != nullptr && !inputs->items.empty()) {
    Table in({"input", "distribution"});
    for (const auto& n : inputs->items) {
      const Node* d = n.find("distribution");
      in.add({text_at(n, "path"), d != nullptr ? distribution_of(*d) : ""});
    }
    out += "\nUncertain inputs\n" + in.render();
  }
  if (const Node* outputs = summary->find("outputs"); outputs != nullptr)
    out += summary_tables(summaries_of(*outputs), run.draws_done);
  if (const Node* sens = summary->find("sensitivity"); sens != nullptr) out += sensitivity_text(sensitivity_of(*sens));
  return out;
}

}  // namespace parley::report
