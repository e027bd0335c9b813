#include "training/stage_files.h"

#include <torch/serialize.h>

#include <fstream>
#include <sstream>

#include "interceptor/model/io/atomic_file.h"

namespace interceptor {
namespace fs = std::filesystem;
namespace {

constexpr const char* kLogHeader =
    "stage,epoch,train_loss,val_loss,val_auc_frame,val_auc_video,threshold,seconds,learning_rate";

// A log line's epoch summary; false for the header or a damaged line. The
// numbers are the last eight fields, so a stage name with a comma still reads.
bool parse_log_line(const std::string& line, EpochSummary* e) {
    std::vector<std::string> fields;
    std::stringstream in(line);
    for (std::string f; std::getline(in, f, ',');) fields.push_back(f);
    if (fields.size() < 9) return false;
    const std::size_t n = fields.size();
    try {
        std::size_t used = 0;
        e->epoch = std::stoi(fields[n - 8], &used);
        if (used != fields[n - 8].size()) return false;
        double* values[] = {&e->train_loss,    &e->val_loss,  &e->val_auc_frame,
                            &e->val_auc_video, &e->threshold, &e->seconds};
        for (int k = 0; k < 6; ++k) *values[k] = std::stod(fields[n - 7 + k]);
        // The learning rate: present and a number, or the line is half written.
        std::stod(fields[n - 1]);
    } catch (const std::exception&) {
        return false;
    }
    return true;
}

}  // namespace

StageFiles::StageFiles(const fs::path& folder, const std::string& stage)
    : folder_(folder),
      stage_(stage),
      best_((folder / (stage + "_best.pt")).string()),
      last_((folder / (stage + "_last.pt")).string()),
      log_((folder / (stage + "_log.csv")).string()) {}

std::string StageFiles::optimiser_file(int epoch) const {
    return (folder_ / (stage_ + "_epoch" + std::to_string(epoch) + ".optim")).string();
}

Result<Done> StageFiles::save_optimiser(torch::optim::Optimizer& optimiser, int epoch) const {
    std::ostringstream bytes;
    try {
        torch::save(optimiser, bytes);
    } catch (const std::exception& e) {
        return Error{optimiser_file(epoch) + ": cannot save the optimiser: " + e.what()};
    }
    return AtomicFile::write_whole(optimiser_file(epoch), bytes.str());
}

Result<Done> StageFiles::load_optimiser(torch::optim::Optimizer& optimiser, int epoch) const {
    const std::string file = optimiser_file(epoch);
    if (!fs::exists(file))
        return Error{last_ + " is from epoch " + std::to_string(epoch) +
                     " but its optimiser state " + file +
                     " is missing: cannot resume; train into a new folder or start from the "
                     "checkpoint with --from"};
    try {
        torch::load(optimiser, file);
    } catch (const std::exception& e) {
        return Error{file + ": cannot resume the optimiser: " + e.what()};
    }
    return Done{};
}

void StageFiles::remove_where(const std::function<bool(const std::string&)>& doomed) const {
    std::error_code ec;
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(folder_, ec))
        if (doomed(entry.path().filename().string())) found.push_back(entry.path());
    for (const auto& path : found) fs::remove(path, ec);
}

void StageFiles::keep_only_optimiser(int epoch) const {
    const std::string prefix = stage_ + "_epoch",
                      keep = fs::path(optimiser_file(epoch)).filename().string();
    remove_where([&](const std::string& name) {
        return name != keep && name.rfind(prefix, 0) == 0 && fs::path(name).extension() == ".optim";
    });
}

void StageFiles::remove_partial_writes() const {
    const std::string prefix = stage_ + "_";
    remove_where([&](const std::string& name) {
        return name.rfind(prefix, 0) == 0 &&
               name.find(AtomicFile::kTemporaryInfix) != std::string::npos;
    });
}

Result<Done> StageFiles::append_log(const std::string& stage, const EpochSummary& e,
                                    double learning_rate) const {
    std::ostringstream text;
    if (std::ifstream in(log_); in) text << in.rdbuf();
    if (text.str().empty()) text << kLogHeader << '\n';
    text << stage << ',' << e.epoch << ',' << e.train_loss << ',' << e.val_loss << ','
         << e.val_auc_frame << ',' << e.val_auc_video << ',' << e.threshold << ',' << e.seconds
         << ',' << learning_rate << '\n';
    return AtomicFile::write_whole(log_, text.str());
}

Result<std::vector<EpochSummary>> StageFiles::trim_log(int epoch) const {
    std::vector<EpochSummary> kept;
    std::ifstream in(log_);
    if (!in) return kept;
    std::string text = std::string(kLogHeader) + '\n';
    for (std::string line; std::getline(in, line);) {
        EpochSummary e;
        if (parse_log_line(line, &e) && e.epoch <= epoch) {
            kept.push_back(e);
            text += line + '\n';
        }
    }
    in.close();
    if (auto written = AtomicFile::write_whole(log_, text); !written) return Error{written.error()};
    return kept;
}

}  // namespace interceptor
