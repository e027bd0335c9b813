#pragma once
// The face detector's options, shared by the commands that find faces
// (analyze, compare, train, eval, calibrate): --face-detector yunet|haar,
// --face-score, --face-nms, --min-face, --face-model.
#include <set>
#include <string>

#include "cli/arguments.h"
#include "core/analysis/face_detector.h"

namespace interceptor::cli {

// A function, not a global: other globals are built from it (static initialisation order).
const std::set<std::string>& face_valued_options();
extern const char* const kFaceOptionsHelp;  // the lines a command's help adds

// The settings given, or the usage problem.
Result<FaceDetectorSettings> read_face_settings(const Arguments& a);

}  // namespace interceptor::cli
